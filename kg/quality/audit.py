"""A quality audit of the graph, by a human judge: a sheet of random entities, then its precision.

:func:`sample_entities` draws ``n`` entities of each type **at random** (not the most connected:
a reviewer meets the long tail on every card, list and picture) and :func:`write_sheet` writes them
as a tab-separated judging sheet::

    type     entity          papers  evidence                                  verdict
    Method   sparse coding   3       We apply sparse coding to the features.

The judge fills ``verdict`` with ``y`` or ``n`` (also ``yes``/``no``, ``1``/``0``, ``true``/``false``;
blank: not judged) seeing only the sheet, and :func:`score_sheet` reads it back: precision per type
and overall (the share of judged entities that are real things of their type), with a 95 % Wilson
interval. By default the sample is drawn from the entities the corpus views show (quality at or above
:data:`queries.quality.DEFAULT_MIN_QUALITY`: what a reviewer meets in ``kg top``, ``kg related``,
``kg viz`` and ``kg map``); ``min_quality=None`` draws from every entity the graph holds.

>>> from kg.core.examples import small_graph
>>> from kg.store import MemoryStore
>>> from queries.cypher_backend import CypherBackend
>>> rows = sample_entities(CypherBackend(MemoryStore(small_graph())), 1, seed=0, types=("Dataset",))
>>> [(r.type, r.papers > 0, bool(r.evidence)) for r in rows]
[('Dataset', True, True)]
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kg.core.errors import PaperkgError
from queries.backend import QueryBackend
from queries.quality import DEFAULT_MIN_QUALITY, cut_params, quality_condition
from queries.schema import ENTITY_LABELS, PAPER

#: the sheet's columns, in order
COLUMNS = ("type", "entity", "papers", "evidence", "verdict")
#: verdicts read as "a real thing of its type" / "not"
YES = frozenset({"y", "yes", "1", "true", "t", "correct", "ok"})
NO = frozenset({"n", "no", "0", "false", "f", "wrong"})


class AuditError(PaperkgError, ValueError):
    """A judging sheet that cannot be read; the message names the file and line."""


@dataclass
class SheetRow:
    """One entity of a judging sheet."""

    type: str
    entity: str
    papers: int
    evidence: str
    verdict: str = ""


def sample_entities(
    backend: QueryBackend,
    n: int,
    seed: int | None = None,
    min_quality: float | None = DEFAULT_MIN_QUALITY,
    types: Sequence[str] = ENTITY_LABELS,
) -> list[SheetRow]:
    """``n`` entities of each of ``types`` drawn uniformly at random (``seed``: the same draw again) among
    those of quality at least ``min_quality`` (None: all), each with one evidence sentence of one of its
    papers; grouped by type in ``types`` order, in the order drawn. A type with fewer entities gives them all."""
    if n < 1:
        raise AuditError("the sample size must be at least 1 entity per type")
    rng = random.Random(seed)
    out: list[SheetRow] = []
    for label in types:
        if label not in ENTITY_LABELS:
            raise AuditError(f"unknown type {label!r}; types are {', '.join(ENTITY_LABELS)}")
        rows = backend.cypher(
            f"MATCH (e:{label}) WHERE {quality_condition('e')} RETURN e.key AS key, e.name AS name, "
            "e.papers AS papers ORDER BY key",
            cut_params(min_quality),
            isolated=False,
        )
        for r in rng.sample(rows, min(n, len(rows))):
            out.append(
                SheetRow(
                    label, str(r["name"] or r["key"]), int(r["papers"] or 0), _evidence(backend, label, r["key"], rng)
                )
            )
    return out


def _evidence(backend: QueryBackend, label: str, key: str, rng: random.Random) -> str:
    """One evidence sentence of the entity, from one of its first papers (by id) picked at random."""
    rows = backend.cypher(
        f"MATCH (p:{PAPER})-[r]->(e:{label} {{key: $key}}) RETURN p.key AS paper, r.evidence AS evidence "
        "ORDER BY paper LIMIT 20",
        {"key": key},
        isolated=False,
    )
    sentences = [s for r in rows for s in (r["evidence"] or [])[:1] if s]
    return rng.choice(sentences) if sentences else ""


def _cell(text: Any) -> str:
    """A sheet cell on one line (tabs and line breaks become spaces)."""
    return " ".join(str(text).split())


def write_sheet(rows: Iterable[SheetRow], out: IO[str]) -> int:
    """Write the judging sheet (header, then one line per entity, verdict empty) to ``out``; the rows written."""
    writer = csv.writer(out, dialect="excel-tab", lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for r in rows:
        writer.writerow([r.type, _cell(r.entity), r.papers, _cell(r.evidence), _cell(r.verdict)])
        count += 1
    return count


def parse_verdict(text: str) -> bool | None:
    """``y``/``yes``/``1``/``true`` → True, ``n``/``no``/``0``/``false`` → False, blank → None; else ValueError.

    >>> parse_verdict(" Yes "), parse_verdict("0"), parse_verdict("")
    (True, False, None)
    """
    v = text.strip().casefold()
    if not v:
        return None
    if v in YES:
        return True
    if v in NO:
        return False
    raise ValueError(text)


def read_sheet(path: str | Path) -> list[tuple[int, SheetRow, bool | None]]:
    """The judged sheet at ``path``: ``(line, row, verdict)`` per entity line. Raises :class:`AuditError`
    naming the file and line for a missing column, an unknown type, a bad paper count or a verdict that
    is not one of y/n, yes/no, 1/0, true/false (blank: not judged)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise AuditError(f"{path}: cannot read the sheet ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise AuditError(f"{path}: not a UTF-8 text file ({exc.reason})") from exc
    reader = csv.reader(text.splitlines(), dialect="excel-tab")
    header = next(reader, None)
    if header is None:
        raise AuditError(f"{path}: the sheet is empty (expected a header line: {' '.join(COLUMNS)})")
    names = [h.strip().casefold() for h in header]
    missing = [c for c in ("type", "entity", "verdict") if c not in names]
    if missing:
        raise AuditError(
            f"{path}:1: the header lacks the column(s) {', '.join(missing)} "
            f"(expected tab-separated {', '.join(COLUMNS)})"
        )
    at = {c: names.index(c) for c in COLUMNS if c in names}
    labels = {label.casefold(): label for label in ENTITY_LABELS}
    out = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(cells) < len(names) and len(cells) <= max(at["type"], at["entity"]):
            raise AuditError(f"{path}:{line}: {len(cells)} column(s) where the header has {len(names)}")
        cell = {c: (cells[i] if i < len(cells) else "") for c, i in at.items()}
        label = labels.get(cell["type"].strip().casefold())
        if label is None:
            raise AuditError(f"{path}:{line}: unknown type {cell['type']!r} (types are {', '.join(ENTITY_LABELS)})")
        try:
            papers = int(cell.get("papers", "0").strip() or 0)
        except ValueError:
            raise AuditError(f"{path}:{line}: papers {cell['papers']!r} is not a whole number") from None
        try:
            verdict = parse_verdict(cell["verdict"])
        except ValueError:
            raise AuditError(
                f"{path}:{line}: verdict {cell['verdict']!r} is not y/n, yes/no, 1/0 or true/false "
                "(leave it blank for an entity not judged)"
            ) from None
        row = SheetRow(label, cell["entity"], papers, cell.get("evidence", ""), cell["verdict"].strip())
        out.append((line, row, verdict))
    return out


def wilson(correct: int, judged: int, z: float = 1.96) -> tuple[float, float] | None:
    """The 95 % Wilson score interval of a precision ``correct / judged`` (None when nothing was judged).

    >>> wilson(8, 10)
    (0.4902, 0.9433)
    """
    if judged == 0:
        return None
    p = correct / judged
    centre = p + z * z / (2 * judged)
    spread = z * math.sqrt(p * (1 - p) / judged + z * z / (4 * judged * judged))
    denom = 1 + z * z / judged
    return round((centre - spread) / denom, 4), round((centre + spread) / denom, 4)


def _summary(verdicts: list[bool | None]) -> dict[str, Any]:
    judged = [v for v in verdicts if v is not None]
    correct = sum(judged)
    return {
        "entities": len(verdicts),
        "judged": len(judged),
        "correct": correct,
        "unjudged": len(verdicts) - len(judged),
        "precision": round(correct / len(judged), 4) if judged else None,
        "interval": wilson(correct, len(judged)),
    }


def score_sheet(path: str | Path) -> dict[str, Any]:
    """Precision of a judged sheet: ``{"sheet", "types": {label: summary}, "overall": summary}``, each
    summary ``{"entities", "judged", "correct", "unjudged", "precision", "interval"}`` (precision None
    when nothing of the type was judged; overall: over every judged entity, micro-averaged)."""
    rows = read_sheet(path)
    by_type: dict[str, list[bool | None]] = {}
    for _, row, verdict in rows:
        by_type.setdefault(row.type, []).append(verdict)
    types = {label: _summary(by_type[label]) for label in ENTITY_LABELS if label in by_type}
    return {"sheet": str(path), "types": types, "overall": _summary([v for _, _, v in rows])}
