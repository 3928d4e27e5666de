"""Plain functions that add schema-conformant nodes and edges to a graph.

The builder uses them, and so do test fixtures, so every part of paperkg sees
graphs of one shape (described in :mod:`queries.schema`).

>>> G = new_graph()
>>> p = add_paper(G, Paper(id="p1", title="T", abstract="A", year=2024))
>>> m = add_entity(G, "Method", "bert", "BERT", aliases=["BERT"], papers=1)
>>> link_paper(G, p, m, "USES", count=2, evidence=["We fine-tune BERT."])
>>> sorted(G.nodes)
['Method:bert', 'Paper:p1']
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from kg.core.papers import Paper
from queries.schema import CO_OCCURS, ENTITY_LABELS, PAPER, SYMMETRIC_CLAIMS, node_id


def new_graph() -> nx.MultiDiGraph:
    return nx.MultiDiGraph()


def add_paper(G: nx.MultiDiGraph, paper: Paper) -> str:
    """Add (or replace) a Paper node; return its node id."""
    nid = node_id(PAPER, paper.id)
    G.add_node(nid, label=PAPER, key=paper.id, name=paper.title, **paper.to_dict())
    return nid


def add_entity(
    G: nx.MultiDiGraph,
    label: str,
    key: str,
    name: str,
    aliases: list[str] | None = None,
    papers: int = 0,
    relevance: float | None = None,
    quality: float | None = None,
) -> str:
    """Add (or replace) an entity node; return its node id. ``relevance`` (termhood,
    :mod:`kg.build.termhood`) is set on Concept and Task nodes, ``quality``
    (:mod:`kg.build.entity_quality`) on every entity the builder makes."""
    nid = node_id(label, key)
    G.add_node(nid, label=label, key=key, name=name, aliases=list(aliases or []), papers=papers)
    if relevance is not None:
        G.nodes[nid]["relevance"] = relevance
    if quality is not None:
        G.nodes[nid]["quality"] = quality
    return nid


def set_first_years(G: nx.MultiDiGraph, nodes=None) -> None:
    """Set ``first_year`` of entity ``nodes`` (default: every entity) to the year of their earliest
    linked paper (left unset when no linked paper has a year): when a term enters the corpus, which
    ``kg query emerging_concepts`` reads without scanning every paper link."""
    for n in G.nodes if nodes is None else nodes:
        if n not in G or G.nodes[n].get("label") not in ENTITY_LABELS:
            continue
        linked = [G.nodes[p].get("year") for p in G.predecessors(n) if G.nodes[p].get("label") == PAPER]
        years = [y for y in linked if isinstance(y, int) and not isinstance(y, bool)]
        if years:
            G.nodes[n]["first_year"] = min(years)
        else:
            G.nodes[n].pop("first_year", None)


def link_paper(
    G: nx.MultiDiGraph,
    paper: str,
    entity: str,
    rel: str,
    count: int = 1,
    evidence: list[str] | None = None,
) -> None:
    """Add a Paper→entity edge of type ``rel``."""
    G.add_edge(paper, entity, key=rel, type=rel, count=count, evidence=list(evidence or []))


def add_cooccurrence(G: nx.MultiDiGraph, a: str, b: str, papers: int, strength: float) -> None:
    """Add the CO_OCCURS edge between two entities (stored once, smaller id first)."""
    u, v = sorted((a, b))
    G.add_edge(u, v, key=CO_OCCURS, type=CO_OCCURS, papers=papers, strength=strength)


def add_text_relation(
    G: nx.MultiDiGraph,
    head: str,
    tail: str,
    rel: str,
    paper_ids: list[str],
    evidence: list[str],
    confidence: float = 1.0,
    sources: list[str] | None = None,
) -> None:
    """Add a claim stated in text (one of :data:`queries.schema.CLAIM_RELS`) from ``head`` to ``tail``;
    a symmetric one (``COMPARED_WITH``) is stored once, smaller node id first."""
    if rel in SYMMETRIC_CLAIMS:
        head, tail = sorted((head, tail))
    G.add_edge(
        head,
        tail,
        key=rel,
        type=rel,
        papers=len(paper_ids),
        paper_ids=list(paper_ids),
        evidence=list(evidence),
        confidence=float(confidence),
        sources=list(sources or ["rule"]),
    )


add_claim = add_text_relation


def graph_stats(G: nx.MultiDiGraph) -> dict:
    """Counts of nodes by label and relationships by type.

    >>> graph_stats(new_graph())
    {'nodes': {}, 'relationships': {}}
    """
    nodes = Counter(d["label"] for _, d in G.nodes(data=True))
    rels = Counter(k for _, _, k in G.edges(keys=True))
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}
