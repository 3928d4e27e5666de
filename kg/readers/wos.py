"""Web of Science exports: the plain-text format of two-letter tags.

One record runs from ``PT`` to ``ER``; a line starting with three spaces
continues the tag above (a new author for ``AU``/``AF``, more text for
``TI``/``AB``). The file opens with ``FN``/``VR`` lines and closes with ``EF``::

    FN Clarivate Analytics Web of Science
    VR 1.0
    PT J
    AU Lovelace, A
       Turing, A
    TI Sparse Kites
    AB We fly kites.
    PY 2021
    DI 10.1000/kites
    CR Hopper G, 2019, J KITES, V3, P10, DOI 10.1000/older.kites
       Babbage C, 1837, ANAL ENGINE
    NR 2
    UT WOS:000123456700001
    ER

The same tags head the columns of the tab-delimited export (see
:mod:`kg.readers.tabular`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.readers.report import Problem, Record
from kg.readers.textio import LineReader

#: Web of Science tag -> the field name records are read with (see kg.readers.fields.ALIASES)
TAGS = {
    "TI": "title",
    "AB": "abstract",
    "AF": "authors",
    "AU": "author",
    "SO": "venue",
    "PY": "year",
    "DI": "doi",
    "PM": "pmid",
    "UT": "ut",
    "DE": "author keywords",
    "ID": "index keywords",
    "DT": "document type",
    "CR": "cited references",
    "NR": "cited reference count",
    "OI": "orcids",
}
_LIST_TAGS = {"AU", "AF", "CR"}  # one item a line
_TAG_LINE = re.compile(r"([A-Z][A-Z0-9])(?: (.*))?")
_FILE_TAGS = {"FN", "VR", "EF"}
MAX_REPORTED = 10


def read_wos(lines: LineReader) -> Iterator[Record | Problem]:
    """One record per ``PT`` … ``ER`` block, located at its first line."""
    record: dict[str, list[str]] | None = None
    start, tag, odd = 0, "", 0
    for number, line in lines:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        if text.startswith("   ") and record is not None and tag:
            record[tag].append(text.strip())
            continue
        m = _TAG_LINE.fullmatch(text.rstrip())
        if not m:
            odd += 1
            if odd <= MAX_REPORTED:
                yield Problem(lines.source(number), "not a Web of Science tag line; ignored")
            continue
        code, value = m[1], (m[2] or "").strip()
        if code == "ER":
            if record is not None:
                yield Record(lines.source(start), wos_fields(record))
            record, tag = None, ""
            continue
        if code in _FILE_TAGS:
            continue
        if code == "PT" and record is not None:  # the previous record lost its ER line
            yield Problem(lines.source(start), "record has no closing ER line; read as it is")
            yield Record(lines.source(start), wos_fields(record))
            record = None
        if record is None:
            record, start = {}, number
        tag = code
        record.setdefault(code, []).append(value)
    if record is not None:
        yield Problem(lines.source(start), "record has no closing ER line; read as it is")
        yield Record(lines.source(start), wos_fields(record))


def wos_fields(record: dict[str, list[str]]) -> dict:
    """Field names for one record's tags: list tags as lists, the others joined."""
    out: dict = {}
    for code, values in record.items():
        name = TAGS.get(code)
        if name:
            out[name] = [v for v in values if v] if code in _LIST_TAGS else " ".join(v for v in values if v)
    return out
