"""RIS files (EndNote, Mendeley, Zotero, Scopus, PubMed), each entry read with rispy.

The file is cut into entries at ``TY  -`` … ``ER  -`` lines here, so every
entry keeps its line number and a damaged one is one skipped record; rispy
turns each entry's tags into named fields (``TI``/``T1`` title, ``AB``/``N2``
abstract, ``AU``/``A1`` authors, ``PY``/``DA`` date, ``JO``/``T2`` venue,
``DO``, ``UR``, ``KW``). CRLF line ends and a BOM are handled by the line reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import rispy

from kg.core.identifiers import normalise_arxiv
from kg.readers.report import Record, Skip
from kg.readers.textio import LineReader

_START = re.compile(r"TY  -")
_END = re.compile(r"ER  -\s*")


def read_ris(lines: LineReader) -> Iterator[Record | Skip]:
    """One record per ``TY`` … ``ER`` entry, located at its ``TY`` line."""
    entry: list[str] = []
    start = 0
    for number, line in lines:
        text = line.rstrip("\r\n")
        if _START.match(text):
            if entry:
                yield Skip(lines.source(start), "malformed RIS entry", "no ER line before the next TY")
            entry, start = [text], number
        elif entry:
            entry.append(text)
            if _END.fullmatch(text):
                yield _entry(entry, lines.source(start))
                entry = []
    if entry:
        yield Skip(lines.source(start), "malformed RIS entry", "file ends before the entry's ER line")


def _entry(text_lines: list[str], source: str) -> Record | Skip:
    try:
        parsed = rispy.loads("\n".join(text_lines) + "\n")
    except Exception as err:  # rispy's own failure on a damaged entry
        return Skip(source, "malformed RIS entry", f"{type(err).__name__}: {str(err)[:120]}")
    if len(parsed) != 1:
        return Skip(source, "malformed RIS entry", "no tags read")
    return Record(source, ris_fields(parsed[0]))


def ris_fields(e: dict) -> dict:
    """Field names for one rispy entry."""

    def first(*names):
        return next((e[n] for n in names if e.get(n)), None)

    urls = [u for u in e.get("urls") or [] if isinstance(u, str)]
    year = first("year", "publication_year")
    accession = str(e.get("accession_number") or "")
    database = str(e.get("name_of_database") or "") + str(e.get("database_provider") or "")
    return {
        "title": first("title", "primary_title", "translated_title"),
        "abstract": first("abstract", "notes_abstract"),
        "authors": (e.get("authors") or []) + (e.get("first_authors") or []),
        "year": str(year)[:4] if year else None,
        "date": str(e.get("date") or "").strip("/") or None,
        "venue": first("journal_name", "secondary_title", "alternate_title3", "alternate_title1"),
        "doi": e.get("doi"),
        "pmid": accession if re.search("pubmed|medline", database, re.IGNORECASE) else None,
        "arxiv_id": next((a for a in map(normalise_arxiv, urls) if a), None),
        "url": urls[0] if urls else None,
        "keywords": e.get("keywords") or [],
        "id": e.get("id"),
        "kind": e.get("type_of_reference"),
    }
