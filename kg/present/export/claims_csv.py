"""The claims table: one CSV row per claim edge of the subgraph (pandas, spreadsheets).

Columns: :data:`queries.claims.CLAIM_COLUMNS` (subject and object by display name, label and
key; predicate; support; confidence; evidence sentences joined by `` | ``; paper ids and
sources joined by ``; ``), best supported first. Text cells are guarded against spreadsheet formulas.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

from kg.core.safe_text import spreadsheet_cell
from kg.present.export.io import atomic_write_text
from queries.claims import CLAIM_COLUMNS
from queries.schema import CLAIM_RELS


def claim_rows(G: nx.MultiDiGraph) -> list[dict]:
    """One dict per claim edge of ``G`` (see module docstring): papers ↓, confidence ↓, predicate, subject id,
    object id.

    >>> from tests.fixtures.graphs import make_claims_graph
    >>> row = claim_rows(make_claims_graph())[0]
    >>> row["subject"], row["predicate"], row["object"], row["papers"], row["paper_ids"]
    ('NoiseNet', 'USED_FOR', 'label noise', 2, 'p1; p5')
    """
    rows = []
    for u, v, k, d in G.edges(keys=True, data=True):
        if k not in CLAIM_RELS:
            continue
        a, b = G.nodes[u], G.nodes[v]
        rows.append(
            {
                "subject": a.get("name"),
                "subject_label": a.get("label"),
                "predicate": k,
                "object": b.get("name"),
                "object_label": b.get("label"),
                "papers": d.get("papers", 0),
                "confidence": d.get("confidence", 1.0),
                "evidence": " | ".join(d.get("evidence") or []),
                "paper_ids": "; ".join(d.get("paper_ids") or []),
                "sources": "; ".join(d.get("sources") or []),
                "subject_key": a.get("key"),
                "object_key": b.get("key"),
                "_order": (-d.get("papers", 0), -d.get("confidence", 1.0), k, u, v),
            }
        )
    rows.sort(key=lambda r: r["_order"])
    for r in rows:
        del r["_order"]
    return rows


def write_claims_csv(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write :func:`claim_rows` of ``G`` to ``path`` (header only when there are none)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CLAIM_COLUMNS)
    for r in claim_rows(G):
        writer.writerow(
            [c if isinstance(c := r[col], (int, float)) else spreadsheet_cell(str(c or "")) for col in CLAIM_COLUMNS]
        )
    atomic_write_text(path, buf.getvalue(), newline="")
