"""CSV and TSV files with a header row: generic, Zotero, Scopus and Web of Science.

Columns are matched by :data:`kg.readers.fields.ALIASES` (Zotero's ``Abstract
Note``, Scopus' ``Source title`` and ``EID``…); a header of Web of Science
two-letter tags (``PT``, ``TI``, ``AB``, ``UT``) is translated first.

A row whose quote is never closed would swallow the rows after it: it is
reported at its first line and reading starts again on the next line, so the
following rows are still read.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import islice
from typing import Any

from kg.readers.fields import has_field
from kg.readers.report import Problem, Record, Skip
from kg.readers.textio import LineReader
from kg.readers.wos import TAGS as WOS_TAGS

MAX_ROW_LINES = 2_000  # physical lines one row may span before its quote counts as broken


class HeaderProfile:
    """The field names of a header row (Web of Science tags translated), and the
    author columns whose names are always ``;``-separated "Last, First" (Zotero, WoS)."""

    def __init__(self, cells: list[str]) -> None:
        cells = [c.strip() for c in cells]
        self.is_wos = {"PT", "TI"} <= set(cells) and bool({"UT", "AB"} & set(cells))
        self.names = [WOS_TAGS.get(c, c) for c in cells] if self.is_wos else cells
        zotero = {"Key", "Item Type", "Author"} <= set(cells)
        self.name_lists = {"Author"} if zotero else {"authors", "author"} if self.is_wos else set()

    def record(self, row: list[str]) -> dict:
        out: dict[str, Any] = dict(zip(self.names, row, strict=False))  # a short or long row: the cells it has
        for name in self.name_lists & out.keys():
            out[name] = [n.strip() for n in out[name].split(";") if n.strip()]
        return out

    def has_title_and_abstract(self) -> bool:
        return not self.missing()

    def missing(self) -> list[str]:
        return [name for name in ("title", "abstract") if not has_field(self.names, name)]


def header_profile(cells: list[str]) -> HeaderProfile:
    return HeaderProfile(cells)


class _RowTooLong(Exception):
    pass


def read_table(lines: LineReader, delimiter: str) -> Iterator[Record | Skip | Problem]:
    """One record per data row, located at the row's first physical line."""
    physical = [text for _, text in lines]
    profile: HeaderProfile | None = None
    pos = 0  # index of the physical line the next row starts on
    while pos < len(physical):
        state = {"start": pos, "next": pos}

        def feed(start=pos, state=state):
            for i, text in enumerate(islice(physical, start, None), start):
                if i - state["start"] >= MAX_ROW_LINES:
                    raise _RowTooLong
                state["next"] = i + 1
                yield text

        reader = csv.reader(feed(), delimiter=delimiter, strict=True)
        restart = None
        while restart is None:
            start = state["start"] = state["next"]
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, _RowTooLong) as err:
                spanned = state["next"] - start
                if spanned > 1 or isinstance(err, _RowTooLong):
                    yield Skip(
                        lines.source(start + 1),
                        "unclosed quote",
                        "the row's quote never closes; reading resumes on the next line",
                    )
                    restart = start + 1
                else:
                    yield Skip(lines.source(start + 1), "malformed CSV row", str(err))
                continue
            if not any(cell.strip() for cell in row):
                continue
            if profile is None:
                profile = HeaderProfile(row)
                missing = profile.missing()
                if missing:
                    yield Problem(
                        lines.source(start + 1),
                        f"header has no {' or '.join(missing)} column "
                        f"(found: {', '.join(c.strip() for c in row)[:200]}); file skipped",
                    )
                    return
                continue
            while len(row) > len(profile.names) and not row[-1].strip():
                row.pop()  # trailing empty cells, as spreadsheets write them
            if len(row) != len(profile.names):
                if state["next"] - start > 1:  # a quote opened in this row swallowed the next lines
                    yield Skip(
                        lines.source(start + 1),
                        "unclosed quote",
                        "the row's quote never closes; reading resumes on the next line",
                    )
                    restart = start + 1
                else:
                    yield Skip(
                        lines.source(start + 1),
                        "wrong column count",
                        f"expected {len(profile.names)} columns, found {len(row)}",
                    )
                continue
            yield Record(lines.source(start + 1), profile.record(row))
        pos = restart
