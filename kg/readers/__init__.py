"""Readers: turn source files into :class:`kg.core.papers.Paper` records.

Formats (detected from content, the extension as a hint): the exports
reviewers have (BibTeX, RIS, CSL-JSON, Zotero and Scopus CSV, OpenAlex,
Semantic Scholar, arXiv Atom and metadata snapshots, PubMed XML, Web of
Science plain text and tab-delimited), JSON Lines, JSON, CSV/TSV and the
Hugging Face "Daily Papers" page saved as text. Bad input never stops a run:
each problem is reported with its file and line, and the other records go
through. Records of one paper merge (see :mod:`kg.core.identity`).

    >>> report = read_sources(["papers.jsonl", "pages/"])  # doctest: +SKIP
    >>> report.summary()  # doctest: +SKIP
    '58 entries from 4 files: 55 papers, 1 merged (1 same DOI); 2 skipped: 2 empty abstract; 3 problems'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from kg.core.identity import PaperIndex
from kg.core.papers import Paper
from kg.readers.bibtex import read_bibtex
from kg.readers.daily_papers import read_daily_papers
from kg.readers.detect import Format, detect_format
from kg.readers.fields import make_paper
from kg.readers.jsonrecords import read_json, read_jsonl
from kg.readers.report import Problem, ReadReport, Record, Skip
from kg.readers.ris import read_ris
from kg.readers.tabular import read_table
from kg.readers.textio import LineReader, check_regular_file, read_head
from kg.readers.wos import read_wos
from kg.readers.xmlfeeds import read_arxiv_atom, read_pubmed_xml

__all__ = [
    "read_sources",
    "read_file",
    "iter_file",
    "iter_paths",
    "detect_format",
    "Format",
    "ReadReport",
    "Problem",
    "Skip",
]

FORMAT_HELP = (
    "expected BibTeX, RIS, CSL-JSON, OpenAlex, Semantic Scholar, arXiv Atom, PubMed XML, Web of Science, "
    "JSON Lines, JSON, CSV/TSV with title and abstract columns, or a Daily Papers page"
)


def read_sources(paths: Iterable[str | Path], *, today: date | None = None) -> ReadReport:
    """Read files (directories: the files inside, sorted) into one deduplicated report.

    ``today`` resolves Daily Papers dates given without a year (default: today).
    """
    report = ReadReport()
    papers = PaperIndex()
    for path in iter_paths(paths, report.problems):
        recognised = False
        for item in iter_file(path, today=today):
            if isinstance(item, Paper):
                report.entries += 1
                outcome = papers.add(item)
                if outcome.rule:
                    report.merged[outcome.rule] = report.merged.get(outcome.rule, 0) + 1
                if outcome.collision:
                    report.collisions += 1
                    report.problems.append(Problem(item.source, outcome.collision))
            elif isinstance(item, Skip):
                report.entries += 1
                report.skipped[item.reason] = report.skipped.get(item.reason, 0) + 1
                report.problems.append(item.problem())
            elif isinstance(item, Format):
                recognised = True
            else:
                report.problems.append(item)
        report.files += recognised
    report.papers = papers.finalise()
    return report


def read_file(path: str | Path, *, today: date | None = None) -> ReadReport:
    """Read one file; see :func:`read_sources`."""
    return read_sources([path], today=today)


def iter_paths(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Path]:
    """Files to read: each path, or the non-hidden files under a directory, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
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
        refused = check_regular_file(path)
        if refused:
            yield Problem(name, refused)
            return
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
                paper, warnings = make_paper(item.fields, item.source, scope=path.name)
                yield from (Problem(item.source, w) for w in warnings)
                yield paper
            else:
                yield item
    except OSError as err:
        yield Problem(name, f"read failed: {err.strerror or err}")
    except (ValueError, RecursionError, MemoryError, LookupError) as err:  # a reader bug must not end the run
        yield Problem(name, f"{INTERNAL_ERROR}: {type(err).__name__}: {str(err)[:200]}; rest of file skipped")
    yield from _drain(lines)


#: how a reader failure that escaped the per-record checks is reported (the fuzz harness counts these)
INTERNAL_ERROR = "reader error"

_READERS = {
    "jsonl": read_jsonl,
    "json": read_json,
    "bibtex": read_bibtex,
    "ris": read_ris,
    "wos": read_wos,
    "arxiv_atom": read_arxiv_atom,
    "pubmed_xml": read_pubmed_xml,
}


def _records(fmt: Format, lines: LineReader, today: date):
    if fmt.name == "table":
        return read_table(lines, fmt.delimiter or ",")
    if fmt.name == "daily_papers":
        return read_daily_papers(lines, today)
    return _READERS[fmt.name](lines)


def _is_blank(path: Path) -> bool:
    return not read_head(path)[1].strip()


def _drain(lines: LineReader) -> Iterator[Problem]:
    while lines.problems:
        yield lines.problems.pop(0)
