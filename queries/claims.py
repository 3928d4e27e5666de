"""Reading claims: predicate names as users type them, their order, and an entity card's groups.

A claim row (the backend's ``ClaimRow``) is ``{"predicate", "head", "tail", "papers",
"paper_ids", "evidence", "confidence", "sources"}``, ``head``/``tail`` backend ``Entity`` dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from queries.errors import QueryError
from queries.schema import (
    CLAIM_RELS,
    COMPARED_WITH,
    EVALUATES,
    EXTENDS,
    FEATURE_OF,
    IS_A,
    OUTPERFORMS,
    PART_OF,
    USED_FOR,
)

#: predicate → (heading of the claims an entity states, heading of the claims stated about it), as a card shows them
HEADINGS: dict[str, tuple[str, str]] = {
    USED_FOR: ("used for", "what is used for it"),
    EVALUATES: ("evaluates", "evaluated with/on"),
    IS_A: ("broader terms (is a kind of)", "kinds (narrower terms)"),
    PART_OF: ("part of", "parts"),
    FEATURE_OF: ("feature of", "features"),
    COMPARED_WITH: ("compared with", "compared with"),
    OUTPERFORMS: ("outperforms", "outperformed by"),
    EXTENDS: ("extends", "extended by"),
}
#: the columns of a claims table (``kg claims --csv``, ``kg export -f claims-csv``)
CLAIM_COLUMNS = [
    "subject",
    "subject_label",
    "predicate",
    "object",
    "object_label",
    "papers",
    "confidence",
    "evidence",
    "paper_ids",
    "sources",
    "subject_key",
    "object_key",
]
#: claims an entity card lists (the best supported); ``kg claims NAME`` lists every one
CARD_CLAIMS = 60


def predicate_of(name: str) -> str:
    """The claim type a user typed: ``"used for"``, ``"used-for"``, ``"USED_FOR"`` → ``USED_FOR``.

    >>> predicate_of("is-a"), predicate_of("Compared with")
    ('IS_A', 'COMPARED_WITH')
    """
    rel = "_".join(name.strip().upper().replace("-", " ").replace("_", " ").split())
    if rel not in CLAIM_RELS:
        raise QueryError(f"unknown predicate {name!r}; choose one of {', '.join(CLAIM_RELS)}")
    return rel


def claim_sort_key(row: Mapping[str, Any]) -> tuple:
    """Best supported first: papers ↓, confidence ↓, predicate, head id, tail id."""
    return (-row["papers"], -row["confidence"], row["predicate"], row["head"]["id"], row["tail"]["id"])


def claim_rows_flat(rows: Iterable[Mapping[str, Any]]) -> list[dict]:
    """Claim rows as flat table rows (``kg claims`` table and CSV): names, labels and keys of both ends,
    every evidence sentence, paper ids."""
    return [
        {
            "subject": r["head"]["name"],
            "subject_label": r["head"]["label"],
            "predicate": r["predicate"],
            "object": r["tail"]["name"],
            "object_label": r["tail"]["label"],
            "papers": r["papers"],
            "confidence": r["confidence"],
            "evidence": r["evidence"],
            "paper_ids": r["paper_ids"],
            "sources": r["sources"],
            "subject_key": r["head"]["key"],
            "object_key": r["tail"]["key"],
        }
        for r in rows
    ]


def group_claims(entity_id: str, rows: Iterable[Mapping[str, Any]]) -> list[dict]:
    """An entity's claims grouped the way its card shows them: one group per predicate and direction, in
    :data:`HEADINGS` order (stated by the entity first), each ``{"predicate", "direction" ("out"/"in"),
    "heading", "claims": [{"id", "name", "label", "papers", "confidence", "evidence"}]}``, ``evidence``
    the claim's first sentence, best supported first."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in sorted(rows, key=claim_sort_key):
        out = r["head"]["id"] == entity_id
        other = r["tail"] if out else r["head"]
        direction = "out" if out or r["predicate"] == COMPARED_WITH else "in"
        groups.setdefault((r["predicate"], direction), []).append(
            {
                "id": other["id"],
                "name": other["name"],
                "label": other["label"],
                "papers": r["papers"],
                "confidence": r["confidence"],
                "evidence": (r["evidence"] or [""])[0],
            }
        )
    order = [(rel, d) for rel in HEADINGS for d in ("out", "in")]
    return [
        {"predicate": rel, "direction": d, "heading": HEADINGS[rel][d == "in"], "claims": groups[(rel, d)]}
        for rel, d in order
        if (rel, d) in groups
    ]
