"""Which reader fits a file: from its extension and its first bytes."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import NamedTuple

from kg.readers import daily_papers
from kg.readers.fields import has_field

HEAD_BYTES = 64 * 1024
DELIMITERS = ",\t;|"


class Format(NamedTuple):
    name: str  # "jsonl", "json", "table" or "daily_papers"
    delimiter: str | None = None  # for "table"


def detect_format(path: str | Path) -> Format | None:
    """The format of a file, or None if it is empty or not recognised.

    Content decides between JSON and JSON Lines and recognises files with an
    unhelpful extension; ``.jsonl``/``.ndjson``, ``.csv`` and ``.tsv`` are
    trusted. Raises OSError if the file cannot be read.
    """
    path = Path(path)
    ext = path.suffix.lower()
    with open(path, "rb") as fh:
        head = fh.read(HEAD_BYTES).decode("utf-8", errors="replace").removeprefix("\ufeff")
    text = head.lstrip()
    if not text:
        return None
    if ext in (".jsonl", ".ndjson"):
        return Format("jsonl")
    if ext == ".csv":
        return Format("table", ",")
    if ext in (".tsv", ".tab"):
        return Format("table", "\t")
    if text[0] == "[":
        return Format("json")
    if text[0] == "{":
        return Format("jsonl") if _first_line_is_object(path) else Format("json")
    if daily_papers.SIGNATURE.search(head):
        return Format("daily_papers")
    delimiter = _table_delimiter(text.splitlines()[0])
    return Format("table", delimiter) if delimiter else None


def _first_line_is_object(path: Path, probe: int = 5) -> bool:
    """Whether one of the first non-blank lines is a whole JSON object at column 0
    and the file has more than one non-blank line (JSON Lines, not one JSON document)."""
    found, seen = False, 0
    with open(path, "rb") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            seen += 1
            if found or seen > probe:
                return found and seen > 1
            if raw.startswith(b"{"):
                try:
                    found = isinstance(json.loads(raw), dict)
                except (ValueError, RecursionError):
                    pass
    return found and seen > 1


def _table_delimiter(header: str) -> str | None:
    """The delimiter of a header line naming title and abstract columns, if any."""
    try:
        delimiter = csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return None
    cells = next(csv.reader([header], delimiter=delimiter))
    return delimiter if has_field(cells, "title") and has_field(cells, "abstract") else None
