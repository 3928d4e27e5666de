"""Clusters (Louvain on the CO_OCCURS graph, like VOSviewer) and average years."""

from __future__ import annotations

from collections import Counter
from statistics import mean

import networkx as nx

from queries.schema import CO_OCCURS, PAPER

SEED = 42


def cooccurrence_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """The undirected entity graph of ``G``'s CO_OCCURS edges, weighted by strength."""
    H: nx.Graph = nx.Graph()  # nodes and edges sorted: Louvain's result depends on their order
    H.add_nodes_from(sorted(n for n, d in G.nodes(data=True) if d.get("label") != PAPER))
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        if k == CO_OCCURS:
            H.add_edge(u, v, weight=float(d.get("strength") or 0.0) or 1e-9)
    return H


def communities(G: nx.MultiDiGraph, seed: int = SEED) -> dict[str, int | None]:
    """Community index per node: 0 = largest cluster, ``None`` = not clustered.

    Entities are clustered with :func:`networkx.community.louvain_communities`
    (seeded, so the same graph gives the same clusters); an entity alone in its
    cluster gets ``None``. A paper takes the most common cluster of its entities.

    >>> from kg.core.examples import small_graph
    >>> c = communities(small_graph())
    >>> c["Concept:label noise"] == c["Dataset:cifar10"], c["Paper:p4"] == c["Method:flownet"]
    (True, True)
    """
    H = cooccurrence_graph(G)
    found = nx.community.louvain_communities(H, weight="weight", seed=seed) if H.number_of_edges() else []
    clusters = sorted((sorted(c) for c in found if len(c) > 1), key=lambda c: (-len(c), c[0]))
    out: dict[str, int | None] = dict.fromkeys(G)
    for i, members in enumerate(clusters):
        for n in members:
            out[n] = i
    for n, d in G.nodes(data=True):
        if d.get("label") == PAPER:
            votes = Counter(out[v] for v in G.successors(n) if out.get(v) is not None)
            if votes:
                out[n] = min(votes, key=lambda c: (-votes[c], c))
    return out


def community_names(G: nx.MultiDiGraph, comm: dict[str, int | None], per: int = 3) -> dict[int, str]:
    """A short name per community: its ``per`` entities in most papers.

    >>> from kg.core.examples import small_graph
    >>> G = small_graph()
    >>> names = community_names(G, communities(G))
    >>> any("ImageNet" in n for n in names.values())
    True
    """
    members: dict[int, list[tuple[int, str]]] = {}
    for n, c in comm.items():
        d = G.nodes[n]
        if c is not None and d.get("label") != PAPER:
            members.setdefault(c, []).append((-int(d.get("papers") or 0), str(d.get("name", n))))
    return {c: ", ".join(name for _, name in sorted(m)[:per]) for c, m in sorted(members.items())}


def entity_papers(context: nx.MultiDiGraph, n: str) -> list[str]:
    """Paper node ids linked to entity ``n`` in the context graph."""
    if n not in context:
        return []
    return sorted({p for p in context.predecessors(n) if context.nodes[p].get("label") == PAPER})


def average_years(G: nx.MultiDiGraph, context: nx.MultiDiGraph | None = None) -> dict[str, float | None]:
    """Average publication year per node (a paper: its year), from ``context`` (default ``G``).

    >>> from kg.core.examples import small_graph
    >>> average_years(small_graph())["Concept:invariance"]
    2023.5
    """
    context = context if context is not None else G
    out: dict[str, float | None] = {}
    for n, d in G.nodes(data=True):
        if d.get("label") == PAPER:
            out[n] = d.get("year")
            continue
        linked = [context.nodes[p].get("year") for p in entity_papers(context, n)]
        years = [y for y in linked if y is not None]
        out[n] = mean(years) if years else None
    return out
