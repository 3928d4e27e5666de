"""The Schwartz & Hearst (2003) long-form match, without spaCy (the builder uses it too)."""

from __future__ import annotations


def find_long_form(short: str, candidate: str) -> int | None:
    """Start offset in ``candidate`` of the shortest long form for ``short``, or None.

    Every alphanumeric character of the short form must appear in order in the
    long form, scanning right to left, and its first character must start a word.

    >>> c = "we use sparse autoencoders"
    >>> c[find_long_form("SAE", c):]
    'sparse autoencoders'
    >>> find_long_form("XYZ", "completely unrelated words") is None
    True
    """
    s, lf = short.lower(), candidate.lower()
    si, li = len(s) - 1, len(lf) - 1
    while si >= 0:
        ch = s[si]
        if not ch.isalnum():
            si -= 1
            continue
        while li >= 0 and (lf[li] != ch or (si == 0 and li > 0 and lf[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
        si -= 1
    return lf.rfind(" ", 0, li + 1) + 1
