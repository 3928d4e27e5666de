"""Node positions computed in Python (seeded, so a page is reproducible)."""

from __future__ import annotations

import math

import networkx as nx

from kg.schema import CO_OCCURS

SEED = 42
SPACING = 45  # pixels per sqrt(node): the drawing's half-width is SPACING * sqrt(n)


def layout_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph for the layout: paper links weight 1, CO_OCCURS 1 + log(shared papers)."""
    H = nx.Graph()
    H.add_nodes_from(G)
    for u, v, k, d in G.edges(keys=True, data=True):
        w = 1.0 + math.log(max(1, int(d.get("papers") or 1))) if k == CO_OCCURS else 1.0
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def positions(G: nx.MultiDiGraph, seed: int = SEED, iterations: int = 100) -> dict[str, tuple[float, float]]:
    """Spring (Fruchterman–Reingold) positions in pixels, centred on (0, 0).

    >>> from tests.fixtures.graphs import make_small_graph
    >>> pos = positions(make_small_graph())
    >>> len(pos), pos == positions(make_small_graph())
    (16, True)
    """
    if G.number_of_nodes() == 0:
        return {}
    H = layout_graph(G)
    scale = SPACING * math.sqrt(H.number_of_nodes())
    pos = nx.spring_layout(H, weight="weight", seed=seed, iterations=iterations, scale=scale)
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in pos.items()}
