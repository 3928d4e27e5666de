"""The Hugging Face "Daily Papers" page saved as text.

Layout: a header ("new", "Subscribe", "Daily Papers", ..., a date), then per
paper a title line, a blank line, the abstract, a blank line and a byline
block::

      • 5 authors
    ·
    Jun 17, 2024 3

The byline may name an organisation instead of an author count; the date may
lack a year (then it is the latest such date not after ``today``) and may be
followed by an upvote count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from kg.readers.report import Problem, Record
from kg.readers.textio import LineReader

MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
DATE_LINE = re.compile(_MONTH + r"\s+(\d{1,2})(?:,\s*(\d{4}))?(?:\s+(\d{1,9}))?\s*", re.IGNORECASE)
BYLINE = re.compile(r"\s*•\s*(\d{1,6})\s+authors?\s*")
SEPARATOR = "·"
HEADER = {"new", "get trending papers in your email inbox!", "subscribe", "daily papers"}
# what detection looks for: the header title, or a "·" line followed by a date
SIGNATURE = re.compile(
    r"^(?:Daily Papers[ \t]*|·[ \t]*\r?\n" + _MONTH + r"[ \t]+\d{1,2}\b.*)$", re.MULTILINE | re.IGNORECASE
)
MAX_TITLE_LIKE = 300  # characters; longer one-line paragraphs read as abstracts


def parse_date_line(text: str, today: date) -> tuple[str, int | None] | None:
    """``(ISO date, upvotes)`` from a date line, or None if it is not one.

    >>> today = date(2026, 11, 23)
    >>> parse_date_line("Jun 17, 2024", today), parse_date_line("Jul 1, 2024 12", today)
    (('2024-06-17', None), ('2024-07-01', 12))
    >>> parse_date_line("Sep 25", today), parse_date_line("Dec 9 4", today)
    (('2026-09-25', None), ('2025-12-09', 4))
    """
    m = DATE_LINE.fullmatch(text.strip())
    month = MONTHS.get(m[1].lower()) if m else None  # None also for look-alikes IGNORECASE lets in ("ſep")
    if m is None or month is None:
        return None
    day = int(m[2])
    upvotes = int(m[4]) if m[4] else None
    try:
        d = date(int(m[3]), month, day) if m[3] else _latest(month, day, today)
    except ValueError:
        return None
    return d.isoformat(), upvotes


def _latest(month: int, day: int, today: date) -> date:
    """The latest ``month``/``day`` not after ``today`` (Feb 29 looks back to a leap year)."""
    for year in range(today.year, today.year - 8, -1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= today:
            return d
    raise ValueError(f"no date {month}/{day}")


@dataclass
class _Entry:
    line: int
    title: list[str]
    abstract: list[list[str]] = field(default_factory=list)

    def fields(self) -> dict:
        return {"title": " ".join(self.title), "abstract": "\n\n".join(" ".join(p) for p in self.abstract)}


def read_daily_papers(lines: LineReader, today: date) -> Iterator[Record | Problem]:
    """Records (and problems) from a Daily Papers page, one per entry."""
    pending: list[tuple[int, list[str]]] = []  # paragraphs since the last byline
    in_header, after_title = True, False
    for start, par in _paragraphs(lines):
        byline = after_title and len(par) == 1 and par[0].strip().lower().startswith("by")  # "by… community"
        if in_header and (_is_header(par) or byline):
            after_title = par[0].strip().lower() == "daily papers"
            continue
        in_header = False
        if not _is_byline(par):
            pending.append((start, par))
            continue
        entries = _split_entries(pending)
        pending = []
        if not entries:
            yield Problem(lines.source(start), "author/date lines with no title and abstract before them")
            continue
        for entry in entries[:-1]:
            yield from _without_byline(entry, lines)
        yield from _with_byline(entries[-1], start, par, lines, today)
    for entry in _split_entries(pending):
        yield from _without_byline(entry, lines)


def _with_byline(entry: _Entry, start: int, par: list[str], lines: LineReader, today: date):
    fields = entry.fields()
    if m := BYLINE.fullmatch(par[0]):
        fields["n_authors"] = int(m[1])
    try:
        date_text = par[[s.strip() for s in par].index(SEPARATOR) + 1]
    except (ValueError, IndexError):
        yield Problem(lines.source(start), "no date after the author line; read without a date")
    else:
        parsed = parse_date_line(date_text, today)
        if parsed:
            fields["date"], fields["upvotes"] = parsed
        else:
            yield Problem(
                lines.source(start + par.index(date_text)),
                f"unrecognised date {date_text.strip()[:40]!r}; read without a date",
            )
    yield Record(lines.source(entry.line), fields)


def _without_byline(entry: _Entry, lines: LineReader):
    if entry.abstract:  # a lone paragraph is reported by the Paper checks instead
        yield Problem(lines.source(entry.line), "entry has no '• N authors · date' lines; read without them")
    yield Record(lines.source(entry.line), entry.fields())


def _paragraphs(lines: LineReader) -> Iterator[tuple[int, list[str]]]:
    """``(first line number, lines)`` of each run of non-blank lines."""
    start = 0
    buf: list[str] = []
    for number, line in lines:
        text = line.rstrip("\r\n")
        if text.strip():
            if not buf:
                start = number
            buf.append(text)
        elif buf:
            yield start, buf
            buf = []
    if buf:
        yield start, buf


def _is_header(par: list[str]) -> bool:
    return all(s.strip().lower() in HEADER or DATE_LINE.fullmatch(s.strip()) for s in par)


def _is_byline(par: list[str]) -> bool:
    return bool(BYLINE.fullmatch(par[0])) or any(s.strip() == SEPARATOR for s in par)


def _title_like(par: list[str]) -> bool:
    return len(par) == 1 and len(par[0]) <= MAX_TITLE_LIKE and not par[0].rstrip().endswith(".")


def _split_entries(pars: list[tuple[int, list[str]]]) -> list[_Entry]:
    """Split the paragraphs before a byline into entries (title + abstract paragraphs).

    Normally one title and one abstract; a title-like paragraph after an
    abstract starts a new entry (the previous one lost its byline).
    """
    entries: list[_Entry] = []
    for start, par in pars:
        if not entries or (entries[-1].abstract and _title_like(par)):
            entries.append(_Entry(start, [s.strip() for s in par]))
        else:
            entries[-1].abstract.append([s.strip() for s in par])
    for entry in entries:  # a lone long paragraph is an abstract without a title
        if not entry.abstract and not _title_like([" ".join(entry.title)]):
            entry.abstract, entry.title = [entry.title], []
    return entries
