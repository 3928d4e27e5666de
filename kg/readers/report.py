"""What reading produces: problems, skipped records and the run's report."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kg.core.papers import Paper


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
    duplicates + sum(skipped.values())``, where ``duplicates`` is the number
    of records merged into another, counted by rule in ``merged`` (see
    :mod:`kg.core.identity`). ``collisions`` counts records that shared an
    identifier with a different title (kept apart and reported). ``files``
    counts the files that were opened and recognised.
    """

    papers: list[Paper] = field(default_factory=list)
    entries: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    merged: dict[str, int] = field(default_factory=dict)
    collisions: int = 0

    @property
    def duplicates(self) -> int:
        return sum(self.merged.values())

    def summary(self) -> str:
        """One line for a CLI, e.g. ``'4 entries from 1 file: 2 papers, 1 merged (1 same DOI); 1 skipped: 1 empty abstract'``."""
        head = f"{count_noun(self.entries, 'entry', 'entries')} from {count_noun(self.files, 'file')}: {count_noun(len(self.papers), 'paper')}"
        if self.merged:
            head += f", {self.duplicates} merged ({_counts(self.merged)})"
        parts = [head]
        if self.collisions:
            parts.append(count_noun(self.collisions, "id collision") + " kept apart")
        n_skipped = sum(self.skipped.values())
        if n_skipped:
            parts.append(f"{n_skipped} skipped: {_counts(self.skipped)}")
        if self.problems:
            parts.append(count_noun(len(self.problems), "problem"))
        return "; ".join(parts)

    def to_dict(self, *, papers: bool = False) -> dict:
        """Counts and problems as plain JSON-ready data (paper dicts on request)."""
        out = {
            "files": self.files,
            "entries": self.entries,
            "papers": len(self.papers),
            "duplicates": self.duplicates,
            "merged": dict(self.merged),
            "collisions": self.collisions,
            "skipped": dict(self.skipped),
            "problems": [{"source": p.source, "message": p.message} for p in self.problems],
        }
        if papers:
            out["papers"] = [p.to_dict() for p in self.papers]
        return out


#: problems of one kind printed one by one; the rest are counted in one line
PROBLEMS_PER_KIND = 20
_DETAIL = re.compile(r"'[^']*'|\"[^\"]*\"|\d[\d,.]*")


def problem_kind(problem: Problem) -> str:
    """A problem's message without its details (quoted text, numbers): what problems of one kind share.

    >>> problem_kind(Problem("a.bib:3", "unrecognised year '20x1'; left empty"))
    'unrecognised year …; left empty'
    """
    return _DETAIL.sub("…", problem.message)


def capped_problems(problems: list[Problem], per_kind: int = PROBLEMS_PER_KIND, rest: str = "the report") -> list[str]:
    """Lines to print for ``problems``: the first ``per_kind`` of each kind, then one line
    counting the rest of that kind, saying where all of them are (``rest``).

    >>> lines = capped_problems([Problem(f"a.jsonl:{i}", "empty abstract; record skipped") for i in range(5)], 2)
    >>> lines[1:]
    ['a.jsonl:1: empty abstract; record skipped', '… and 3 more of this kind (empty abstract; record skipped); all in the report']
    """
    shown: Counter = Counter()
    lines: list[str] = []
    for problem in problems:
        kind = problem_kind(problem)
        shown[kind] += 1
        if shown[kind] <= per_kind:
            lines.append(str(problem))
    for kind, n in shown.items():
        if n > per_kind:
            lines.append(f"… and {n - per_kind:,} more of this kind ({kind}); all in {rest}")
    return lines


def count_noun(count: int, singular: str, plural: str | None = None) -> str:
    """``'1 paper'``, ``'2 papers'``, ``'3 entries'`` (with ``plural``)."""
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _counts(counter: dict[str, int]) -> str:
    return ", ".join(f"{n} {r}" for r, n in Counter(counter).most_common())
