"""What reading produces: problems, skipped records and the run's report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields

from kg.papers import Paper, normalise_title


@dataclass(frozen=True)
class Problem:
    """Something wrong in the input, located as ``"file:line"`` or ``"file:record N"``.

    >>> str(Problem("a.jsonl:3", "malformed JSON"))
    'a.jsonl:3: malformed JSON'
    """

    source: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


@dataclass(frozen=True)
class Skip:
    """A record that was read but dropped; ``reason`` is a short key for counting."""

    source: str
    reason: str
    detail: str = ""

    def problem(self) -> Problem:
        detail = f" ({self.detail})" if self.detail else ""
        return Problem(self.source, f"{self.reason}{detail}; record skipped")


@dataclass(frozen=True)
class Record:
    """A raw record from a file: its location and its fields as found."""

    source: str
    fields: dict


@dataclass
class ReadReport:
    """The outcome of reading sources.

    ``entries`` counts every record read: ``entries == len(papers) +
    duplicates + sum(skipped.values())``. ``files`` counts the files that
    were opened and recognised.
    """

    papers: list[Paper] = field(default_factory=list)
    entries: int = 0
    duplicates: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for a CLI, e.g. ``'4 entries from 1 file: 2 papers, 1 duplicate, 1 skipped: 1 empty abstract'``."""
        parts = [
            f"{_n(self.entries, 'entry', 'entries')} from {_n(self.files, 'file')}: "
            f"{_n(len(self.papers), 'paper')}, {_n(self.duplicates, 'duplicate')}"
        ]
        n_skipped = sum(self.skipped.values())
        if n_skipped:
            reasons = ", ".join(f"{n} {r}" for r, n in Counter(self.skipped).most_common())
            parts.append(f"{n_skipped} skipped: {reasons}")
        if self.problems:
            parts.append(_n(len(self.problems), "problem"))
        return "; ".join(parts)

    def to_dict(self, *, papers: bool = False) -> dict:
        """Counts and problems as plain JSON-ready data (paper dicts on request)."""
        out = {
            "files": self.files,
            "entries": self.entries,
            "papers": len(self.papers),
            "duplicates": self.duplicates,
            "skipped": dict(self.skipped),
            "problems": [{"source": p.source, "message": p.message} for p in self.problems],
        }
        if papers:
            out["papers"] = [p.to_dict() for p in self.papers]
        return out


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


_FILLABLE = [f.name for f in fields(Paper) if f.name not in ("id", "title", "abstract", "source")]


class PaperSet:
    """Papers deduplicated by id and by normalised title; first occurrence wins.

    A later duplicate fills fields the first one lacks (code_url, year, ...).
    """

    def __init__(self) -> None:
        self.papers: list[Paper] = []
        self._index: dict[tuple[str, str], Paper] = {}

    def add(self, paper: Paper) -> bool:
        """Add ``paper``; return False (and merge missing fields) if it is a duplicate."""
        keys = [("id", paper.id)]
        title_key = normalise_title(paper.title)
        if title_key:
            keys.append(("title", title_key))
        first = next((self._index[k] for k in keys if k in self._index), None)
        if first is None:
            self.papers.append(paper)
            first = paper
        else:
            for name in _FILLABLE:
                if getattr(first, name) in (None, []) and getattr(paper, name) not in (None, []):
                    setattr(first, name, getattr(paper, name))
        for key in keys:
            self._index.setdefault(key, first)
        return first is paper
