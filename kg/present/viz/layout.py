"""Node positions computed in Python (seeded, so a page is reproducible).

A connected graph of up to :data:`DENSE_MAX` nodes: one Fruchterman–Reingold
spring layout (networkx). Separate components are laid out one by one and
packed (largest in the middle). Larger graphs are laid out by cluster, the
way VOSviewer draws term maps: Louvain clusters are laid out on their own,
their centres come from a spring layout of the cluster graph, and the
clusters are packed close without overlapping. networkx's own layouts for large graphs
(sparse or energy Fruchterman–Reingold) take minutes at 5 000 nodes.
"""

from __future__ import annotations

import math

import networkx as nx

from queries.schema import CO_OCCURS

SEED = 42
SPACING = 45  # pixels per sqrt(node): the drawing's half-width is SPACING * sqrt(n)
DENSE_MAX = 400
MIN_CLUSTER = 8  # smaller clusters (and lone nodes) are laid out together in shared chunks


def layout_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple graph for the layout: paper links weight 1, CO_OCCURS 1 + log(shared papers)."""
    H: nx.Graph = nx.Graph()  # sorted, so the seeded layout does not depend on the graph's order
    H.add_nodes_from(sorted(G))
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        w = 1.0 + math.log(max(1, int(d.get("papers") or 1))) if k == CO_OCCURS else 1.0
        if H.has_edge(u, v):
            H[u][v]["weight"] += w
        else:
            H.add_edge(u, v, weight=w)
    return H


def _spring(H: nx.Graph, seed: int, iterations: int) -> dict:
    """Spring layout in a disc of radius ~ SPACING * sqrt(n)."""
    if H.number_of_nodes() == 1:
        return {next(iter(H)): (0.0, 0.0)}
    scale = SPACING * math.sqrt(H.number_of_nodes())
    pos = nx.spring_layout(H, weight="weight", seed=seed, iterations=iterations, scale=scale, method="force")
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def _clusters(H: nx.Graph, seed: int) -> list[list]:
    """Louvain clusters, largest first; clusters under MIN_CLUSTER nodes are pooled into one group."""
    found = nx.community.louvain_communities(H, weight="weight", seed=seed) if H.number_of_edges() else []
    clusters = sorted((sorted(c, key=str) for c in found), key=lambda c: (-len(c), str(c[0])))
    big = [c for c in clusters if len(c) >= MIN_CLUSTER]
    small = [n for c in clusters if len(c) < MIN_CLUSTER for n in c]
    return big + ([small] if small else [])


def _split(members: list, parts: int) -> list[list]:
    size = math.ceil(len(members) / parts)
    return [members[i : i + size] for i in range(0, len(members), size)]


def _spiral(count: int) -> dict:
    """Phyllotaxis (sunflower) points: an even disc, first points in the middle."""
    golden = math.pi * (3 - math.sqrt(5))
    return {
        i: (math.sqrt(i + 0.5) * math.cos(i * golden), math.sqrt(i + 0.5) * math.sin(i * golden)) for i in range(count)
    }


def _singletons(nodes: list) -> dict:
    """Unlinked nodes on an even disc, SPACING apart."""
    return {n: (SPACING * x, SPACING * y) for n, (x, y) in zip(nodes, _spiral(len(nodes)).values(), strict=True)}


def _radius(pos: dict) -> float:
    return max((math.hypot(x, y) for x, y in pos.values()), default=0.0) + SPACING / 2


def _induced(H: nx.Graph, nodes: list) -> nx.Graph:
    """The subgraph on ``nodes`` in a fixed order (``H.subgraph`` iterates a set: its order,
    and so a seeded layout, would change with Python's hash seed)."""
    keep = set(nodes)
    S: nx.Graph = nx.Graph()
    S.add_nodes_from(sorted(nodes, key=str))
    S.add_edges_from((u, v, d) for u in S for v, d in H[u].items() if v in keep and str(u) < str(v))
    return S


def _compose(groups: list[list], H: nx.Graph, seed: int, iterations: int, centres: dict | None) -> dict:
    """Lay out each group on its own, then pack the groups (starting from ``centres``, else a spiral)."""
    parts = [_induced(H, g) for g in groups]
    inner = [
        _singletons(g) if len(g) > 1 and S.number_of_edges() == 0 else _layout(S, seed, iterations)
        for g, S in zip(groups, parts, strict=True)
    ]
    radius = [_radius(p) for p in inner]
    start = centres if centres is not None else _spiral(len(groups))
    packed = _pack(start, radius)
    return {n: (packed[i][0] + x, packed[i][1] + y) for i, p in enumerate(inner) for n, (x, y) in p.items()}


def _layout(H: nx.Graph, seed: int, iterations: int) -> dict:
    components = sorted((sorted(c, key=str) for c in nx.connected_components(H)), key=lambda c: (-len(c), str(c[0])))
    if len(components) > 1:
        lone = [c[0] for c in components if len(c) == 1]
        groups = [c for c in components if len(c) > 1] + ([lone] if lone else [])
        if len(groups) == 1:
            return _singletons(lone)
        return _compose(groups, H, seed, iterations, None)
    if H.number_of_nodes() <= DENSE_MAX:
        return _spring(H, seed, iterations)
    clusters = _clusters(H, seed)
    if len(clusters) == 1:  # Louvain could not split it usefully: cut it by node order
        clusters = _split(clusters[0], math.ceil(H.number_of_nodes() / DENSE_MAX))
    return grouped_positions(H, clusters, seed, iterations)


def grouped_positions(H: nx.Graph, groups: list[list], seed: int = SEED, iterations: int = 100) -> dict:
    """Positions that keep ``groups`` (clusters) apart: each group is laid out on its
    own, the group centres come from a spring layout of the graph between groups
    (summed ``weight``), and the groups are packed close without overlapping."""
    index = {n: i for i, c in enumerate(groups) for n in c}
    Q: nx.Graph = nx.Graph()
    Q.add_nodes_from(range(len(groups)))
    for u, v, d in H.edges(data=True):
        a, b = index[u], index[v]
        if a != b:
            Q.add_edge(a, b, weight=Q.get_edge_data(a, b, {"weight": 0.0})["weight"] + d.get("weight", 1.0))
    return _compose(groups, H, seed, iterations, _spring(Q, seed, iterations))


def _pack(centres: dict, radius: list[float], rounds: int = 300) -> dict:
    """Pull discs towards the middle and push overlapping ones apart (keeps their arrangement)."""
    import numpy as np

    n = len(radius)
    r = np.array(radius, dtype=float)
    if n == 1:
        return {0: (0.0, 0.0)}
    xy = np.array([centres[i] for i in range(n)], dtype=float)
    xy -= xy.mean(axis=0)
    spread = float(np.abs(xy).max()) or 1.0
    xy *= 2 * math.sqrt(float((r**2).sum())) / spread
    gap = SPACING
    for _ in range(rounds):
        xy *= 0.97
        for _ in range(3):
            delta = xy[:, None, :] - xy[None, :, :]
            dist = np.hypot(delta[..., 0], delta[..., 1])
            np.fill_diagonal(dist, np.inf)
            overlap = (r[:, None] + r[None, :] + gap) - dist
            np.clip(overlap, 0, None, out=overlap)
            if not overlap.any():
                break
            push = (delta / np.maximum(dist, 1e-6)[..., None]) * (overlap / 2)[..., None]
            xy += push.sum(axis=1)
    return {i: (float(x), float(y)) for i, (x, y) in enumerate(xy)}


def positions(G: nx.MultiDiGraph, seed: int = SEED, iterations: int = 100) -> dict[str, tuple[float, float]]:
    """Positions in pixels, centred on (0, 0).

    >>> from kg.core.examples import small_graph
    >>> pos = positions(small_graph())
    >>> len(pos), pos == positions(small_graph())
    (16, True)
    """
    if G.number_of_nodes() == 0:
        return {}
    pos = _layout(layout_graph(G), seed, iterations)
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    return {n: (round(x - cx, 1), round(y - cy, 1)) for n, (x, y) in pos.items()}
