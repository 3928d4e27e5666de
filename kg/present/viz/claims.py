"""Claims on the concept map: labelled, directed arrows styled by predicate family, and their legend."""

from __future__ import annotations

import networkx as nx

from kg.present.html import short
from kg.present.viz.style import CLAIM_FAMILIES, CLAIM_FAMILY, claim_style, claim_text
from queries.schema import CLAIM_RELS, SYMMETRIC_CLAIMS

#: evidence sentences a claim arrow's hover shows
MAX_HOVER_EVIDENCE = 3


def claim_hover(G: nx.MultiDiGraph, u: str, v: str, k: str) -> str:
    """Plain-text hover of a claim arrow: the claim, its support and evidence."""
    d = G.edges[u, v, k]
    papers = int(d.get("papers") or 0)
    lines = [
        f"{G.nodes[u].get('name', u)} — {claim_text(k)} → {G.nodes[v].get('name', v)}",
        f"{papers} paper{'s' * (papers != 1)} · confidence {float(d.get('confidence') or 0):.2g}",
    ]
    lines += [f"“{short(s, 300)}”" for s in (d.get("evidence") or [])[:MAX_HOVER_EVIDENCE]]
    return "\n".join(lines)


def claim_edge_options(G: nx.MultiDiGraph, u: str, v: str, k: str) -> dict:
    """vis-network options of claim ``(u, v, k)``: an arrow (both ends for a symmetric claim) labelled with
    the predicate (``kg_label``: the page draws it), coloured and dashed by its family
    (:data:`kg.present.viz.style.CLAIM_FAMILIES`)."""
    colour, dashes = claim_style(k)
    ends = {"to": {"enabled": True, "scaleFactor": 0.6}}
    if k in SYMMETRIC_CLAIMS:
        ends["from"] = {"enabled": True, "scaleFactor": 0.6}
    return {
        "title": claim_hover(G, u, v, k),
        "kg_label": claim_text(k),  # drawn by the page, with the node labels (never overlapping)
        "arrows": ends,
        "dashes": dashes,
        "width": 1.5 + min(int(G.edges[u, v, k].get("papers") or 1), 5) * 0.5,
        "color": {"color": colour, "opacity": 0.9},
        "kg_family": CLAIM_FAMILY[k],
    }


def claim_legend(G: nx.MultiDiGraph) -> list[dict]:
    """Legend rows of the claim families drawn in ``G``: family, colour, dashes, predicates present, count."""
    present: dict[str, int] = {}
    for _, _, k in G.edges(keys=True):
        if k in CLAIM_RELS:
            present[k] = present.get(k, 0) + 1
    rows = []
    for family, (colour, dashes) in CLAIM_FAMILIES.items():
        preds = [p for p in CLAIM_RELS if CLAIM_FAMILY[p] == family and p in present]
        if preds:
            rows.append(
                {
                    "family": family,
                    "colour": colour,
                    "dashes": dashes or [],
                    "predicates": [claim_text(p) for p in preds],
                    "count": sum(present[p] for p in preds),
                }
            )
    return rows
