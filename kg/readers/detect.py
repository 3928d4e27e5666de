"""Which reader fits a file: from its first bytes, with the extension as a hint."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import NamedTuple

from kg.readers import daily_papers
from kg.readers.tabular import header_profile
from kg.readers.textio import LineReader, read_head

DELIMITERS = ",\t;|"
MAX_HEADER_CHARS = 8192

_BIBTEX = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
_RIS = re.compile(r"^TY  -", re.MULTILINE)
_WOS = re.compile(r"\A(?:FN |VR |PT [A-Z]\s*$)", re.MULTILINE)
_XML_ROOT = re.compile(r"<(?!\?|!)([A-Za-z_][\w.:-]*)")


class Format(NamedTuple):
    """A detected format: ``name`` is one of "jsonl", "json", "table", "daily_papers",
    "bibtex", "ris", "wos", "arxiv_atom", "pubmed_xml"; ``delimiter`` is for "table"."""

    name: str
    delimiter: str | None = None


def detect_format(path: str | Path) -> Format | None:
    """The format of a file, or None if it is empty or not recognised.

    Content decides (JSON or JSON Lines, XML by its root element, RIS's ``TY  -``,
    Web of Science's ``FN``/``PT`` tags, BibTeX's ``@type{``, a Daily Papers
    page, a header row with title and abstract columns); ``.jsonl``/``.ndjson``,
    ``.bib``, ``.ris``, ``.csv`` and ``.tsv`` decide when content does not.
    Raises OSError if the file cannot be read.
    """
    path = Path(path)
    ext = path.suffix.lower()
    _, head = read_head(path)
    text = head.lstrip()
    if not text:
        return None
    if ext in (".jsonl", ".ndjson"):
        return Format("jsonl")
    if text[0] == "[":
        return Format("json")
    if text[0] == "{":
        return Format("jsonl") if _first_line_is_object(path) else Format("json")
    if text[0] == "<":
        return _xml_format(text)
    if _RIS.search(head) or ext == ".ris":
        return Format("ris")
    if _WOS.match(text):
        return Format("wos")
    if ext == ".bib" or (_BIBTEX.search(head) and ext not in (".csv", ".tsv")):
        return Format("bibtex")
    if ext == ".csv":
        return Format("table", ",")
    if ext in (".tsv", ".tab"):
        return Format("table", "\t")
    if daily_papers.SIGNATURE.search(head):
        return Format("daily_papers")
    delimiter = _table_delimiter(text.splitlines()[0][:MAX_HEADER_CHARS])
    return Format("table", delimiter) if delimiter else None


def _xml_format(text: str) -> Format | None:
    """arXiv Atom (``<feed>``) or PubMed (``<PubmedArticleSet>``) by the root element."""
    m = _XML_ROOT.search(text)
    root = m[1].split(":")[-1] if m else ""
    if root == "feed":
        return Format("arxiv_atom")
    if root in ("PubmedArticleSet", "PubmedArticle"):
        return Format("pubmed_xml")
    return None


def _first_line_is_object(path: Path, probe: int = 5) -> bool:
    """Whether one of the first non-blank lines is a whole JSON object at column 0
    and the file has more than one non-blank line (JSON Lines, not one JSON document)."""
    found, seen = False, 0
    for _, line in LineReader(path, str(path)):
        if not line.strip():
            continue
        seen += 1
        if found or seen > probe:
            break
        if line.startswith("{"):
            try:
                found = isinstance(json.loads(line), dict)
            except (ValueError, RecursionError):
                pass
    return found and seen > 1


def _table_delimiter(header: str) -> str | None:
    """The delimiter of a header line naming title and abstract columns, if any."""
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return None
    cells = next(csv.reader([header], delimiter=delimiter), [])
    return delimiter if header_profile(cells).has_title_and_abstract() else None
