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


def initials_aligned(short: str, long: str) -> int | None:
    """How many characters of ``short`` the best Schwartz–Hearst alignment with ``long`` puts at the start of a
    word of ``long`` (words split at spaces, hyphens and slashes), or None when no alignment exists: every
    alphanumeric character of the short form in order in the long form, the first one starting a word (a digit
    may stand for a word of :data:`DIGIT_WORDS`). It tells which of two long forms the short form abbreviates
    better: "VDN" has 3 for "Value Decomposition Network" and 2 for "Value Decomposition" (its N inside a word).

    >>> initials_aligned("VDN", "Value Decomposition Network"), initials_aligned("VDN", "Value Decomposition")
    (3, 2)
    >>> initials_aligned("GAT", "graph attention network"), initials_aligned("GAT", "graph attention")
    (2, 2)
    >>> initials_aligned("DMs", "diffusion") is None, initials_aligned("MoCo", "momentum contrast")
    (True, 2)
    """
    if short[-1:] == "s" and short[-2:-1].isupper():
        letters = [c for c in short[:-1].lower() if c.isalnum()]
    else:
        letters = [c for c in short.lower() if c.isalnum()]
    words = [w for w in re.split(r"[\s\-‐‑/_]+", long.lower()) if w]
    chars = [(c, k == 0, wi) for wi, w in enumerate(words) for k, c in enumerate(w) if c.isalnum()]
    if not letters or not chars:
        return None
    memo: dict[tuple[int, int], int | None] = {}

    def best(i: int, p: int) -> int | None:  # letters[i:] from chars[p:]
        if i == len(letters):
            return 0
        if (i, p) in memo:
            return memo[(i, p)]
        out: int | None = None
        ch = letters[i]
        for q in range(p, len(chars)):
            c, initial, wi = chars[q]
            spelt = ch in DIGIT_WORDS and initial and words[wi] in DIGIT_WORDS[ch]
            if (c != ch and not spelt) or (i == 0 and not initial):
                continue
            nxt = q + 1
            if spelt:  # the digit stands for the whole word
                while nxt < len(chars) and chars[nxt][2] == wi:
                    nxt += 1
            rest = best(i + 1, nxt)
            if rest is not None and (out is None or rest + initial > out):
                out = rest + initial
        memo[(i, p)] = out
        return out

    return best(0, 0)
