"""Readers: turn source files into :class:`kg.papers.Paper` records.

Formats (detected from content and extension): JSON Lines, JSON, CSV/TSV and
the Hugging Face "Daily Papers" page saved as text. Bad input never stops a
run: each problem is reported with its file and line, and the other records
go through.

    >>> report = read_sources(["papers.jsonl", "pages/"])  # doctest: +SKIP
    >>> report.summary()  # doctest: +SKIP
    '58 entries from 4 files: 55 papers, 1 duplicate; 2 skipped: 2 empty abstract; 3 problems'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from kg.papers import Paper
from kg.readers.daily_papers import read_daily_papers
from kg.readers.detect import Format, detect_format
from kg.readers.fields import make_paper
from kg.readers.jsonrecords import read_json, read_jsonl
from kg.readers.report import PaperSet, Problem, ReadReport, Record, Skip
from kg.readers.tabular import read_table
from kg.readers.textio import LineReader

__all__ = ["read_sources", "read_file", "iter_file", "iter_paths", "detect_format",
           "Format", "ReadReport", "Problem", "Skip"]

FORMAT_HELP = "expected JSON Lines, JSON, CSV/TSV with title and abstract columns, or a Daily Papers page"


def read_sources(paths: Iterable[str | Path], *, today: date | None = None) -> ReadReport:
    """Read files (directories: the files inside, sorted) into one deduplicated report.

    ``today`` resolves Daily Papers dates given without a year (default: today).
    """
    report = ReadReport()
    papers = PaperSet()
    for path in iter_paths(paths, report.problems):
        recognised = False
        for item in iter_file(path, today=today):
            if isinstance(item, Paper):
                report.entries += 1
                if not papers.add(item):
                    report.duplicates += 1
            elif isinstance(item, Skip):
                report.entries += 1
                report.skipped[item.reason] = report.skipped.get(item.reason, 0) + 1
                report.problems.append(item.problem())
            elif isinstance(item, Format):
                recognised = True
            else:
                report.problems.append(item)
        report.files += recognised
    report.papers = papers.papers
    return report


def read_file(path: str | Path, *, today: date | None = None) -> ReadReport:
    """Read one file; see :func:`read_sources`."""
    return read_sources([path], today=today)


def iter_paths(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Path]:
    """Files to read: each path, or the non-hidden files under a directory, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                problems.append(Problem(str(path), "directory has no files"))
            yield from files
        else:
            yield path


def iter_file(path: str | Path, *, today: date | None = None) -> Iterator[Paper | Skip | Problem | Format]:
    """Stream one file: its detected Format first, then Papers, Skips and Problems.

    A file that cannot be read or recognised yields a single Problem.
    """
    path = Path(path)
    name = str(path)
    try:
        fmt = detect_format(path)
    except OSError as err:
        yield Problem(name, f"cannot read file: {err.strerror or err}")
        return
    if fmt is None:
        yield Problem(name, "file is empty" if _is_blank(path) else f"unknown format ({FORMAT_HELP})")
        return
    yield fmt
    lines = LineReader(path, name)
    try:
        for item in _records(fmt, lines, today or date.today()):
            yield from _drain(lines)
            if isinstance(item, Record):
                paper, warnings = make_paper(item.fields, item.source)
                yield from (Problem(item.source, w) for w in warnings)
                yield paper
            else:
                yield item
    except OSError as err:
        yield Problem(name, f"read failed: {err.strerror or err}")
    yield from _drain(lines)


def _records(fmt: Format, lines: LineReader, today: date):
    if fmt.name == "jsonl":
        return read_jsonl(lines)
    if fmt.name == "json":
        return read_json(lines)
    if fmt.name == "table":
        return read_table(lines, fmt.delimiter or ",")
    return read_daily_papers(lines, today)


def _is_blank(path: Path) -> bool:
    with open(path, "rb") as fh:
        return all(not chunk.strip() for chunk in iter(lambda: fh.read(1 << 20), b""))


def _drain(lines: LineReader) -> Iterator[Problem]:
    while lines.problems:
        yield lines.problems.pop(0)
