"""The Schwartz & Hearst (2003) long-form match, without spaCy (the builder uses it too)."""

from __future__ import annotations

import re

#: a digit of a short form the long form may spell as a word: "Seq2CNN" (sequence-to-CNN),
#: "2DMSE" (two-dimensional …), "B4C" (before … for …)
DIGIT_WORDS = {"1": ("one",), "2": ("two", "to"), "3": ("three",), "4": ("four", "for")}


def find_long_form(short: str, candidate: str) -> int | None:
    """Start offset in ``candidate`` of the shortest long form for ``short``, or None.

    Every alphanumeric character of the short form must appear in order in the
    long form, scanning right to left, and its first character must start a word;
    a digit the long form lacks may be spelt as a word (:data:`DIGIT_WORDS`).

    >>> c = "we use sparse autoencoders"
    >>> c[find_long_form("SAE", c):]
    'sparse autoencoders'
    >>> find_long_form("XYZ", "completely unrelated words") is None
    True
    >>> c = "a model called Two-dimensional Matryoshka Sentence Embedding"
    >>> c[find_long_form("2DMSE", c):]
    'Two-dimensional Matryoshka Sentence Embedding'
    """
    s, lf = short.lower(), candidate.lower()
    si, li = len(s) - 1, len(lf) - 1
    while si >= 0:
        ch = s[si]
        if not ch.isalnum():
            si -= 1
            continue
        if ch in DIGIT_WORDS and ch not in lf[: li + 1]:
            spelt = _last_word(lf[: li + 1], DIGIT_WORDS[ch])
            if spelt is None:
                return None
            li, si = spelt - 1, si - 1
            continue
        while li >= 0 and (lf[li] != ch or (si == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
        si -= 1
    return lf.rfind(" ", 0, li + 1) + 1


def _last_word(text: str, words: tuple[str, ...]) -> int | None:
    """Start offset of the last whole word of ``text`` among ``words``, or None."""
    found = [m.start() for m in re.finditer(rf"\b(?:{'|'.join(words)})\b", text)]
    return found[-1] if found else None
