"""Text that encodes as UTF-8: one function the extractor and paperkg's outputs share."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def no_lone_surrogates(text: str) -> str:
    """``text`` encodable as UTF-8: surrogate pairs joined, lone surrogates replaced by U+FFFD.

    >>> no_lone_surrogates("ok \\ud83d end"), no_lone_surrogates("\\ud83d\\ude00")
    ('ok \\ufffd end', '😀')
    """
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
