"""A graph as sorted plain data, to compare two builds whatever order they were made in.

>>> from kg.core.graph import new_graph
>>> G = new_graph(); G.add_node("b", label="Paper", tags=["x"]); G.add_node("a", label="Paper")
>>> canonical_dump(G)["nodes"]
[['a', '{"label": "Paper"}'], ['b', '{"label": "Paper", "tags": ["x"]}']]
"""

from __future__ import annotations

import json

import networkx as nx


def canonical_dump(G: nx.MultiDiGraph, ignore: tuple[str, ...] = ()) -> dict:
    """Every node with its properties and every relationship with its properties, sorted
    (property values as JSON with sorted keys; lists keep their order, which is part of the graph).
    ``ignore``: properties left out, e.g. ``("source",)``, the file and line a paper was read from."""

    def props(d: dict) -> str:
        return json.dumps(
            {k: v for k, v in d.items() if k not in ignore}, sort_keys=True, default=str, ensure_ascii=False
        )

    return {
        "nodes": sorted([n, props(d)] for n, d in G.nodes(data=True)),
        "edges": sorted([u, v, k, props(d)] for u, v, k, d in G.edges(keys=True, data=True)),
    }
