"""The shortest path both query backends agree on: among all shortest ones, the smallest node-id sequence."""

from __future__ import annotations

import networkx as nx


def shortest_lexicographic_path(H: nx.Graph, s: str, t: str, cutoff: int | None = None) -> list[str] | None:
    """Among all shortest s–t paths in ``H``, the one with the smallest node-id sequence.

    Finds the distance with networkx's bidirectional BFS, then BFS layers of
    half that depth from each end, keeps the nodes lying on shortest paths,
    and walks from ``s`` always taking the smallest admissible neighbour.

    >>> H = nx.Graph([("a", "x"), ("a", "y"), ("x", "b"), ("y", "b")])
    >>> shortest_lexicographic_path(H, "a", "b")
    ['a', 'x', 'b']
    """
    if s == t:
        return [s]
    try:
        d = int(nx.shortest_path_length(H, s, t))  # unweighted: a hop count (the stubs allow a float)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    if cutoff is not None and d > cutoff:
        return None
    h = d // 2
    ds = nx.single_source_shortest_path_length(H, s, cutoff=h)
    dt = nx.single_source_shortest_path_length(H, t, cutoff=d - h)
    # layer[i] = nodes at position i on some shortest path
    layer: list[set[str]] = [set() for _ in range(d + 1)]
    layer[h] = {v for v, k in ds.items() if k == h and dt.get(v) == d - h}
    for i in range(h - 1, -1, -1):  # towards s: keep nodes with a neighbour in the next layer
        layer[i] = {v for v, k in ds.items() if k == i and any(w in layer[i + 1] for w in H[v])}
    for i in range(h + 1, d + 1):  # towards t: keep nodes reachable from the previous layer
        layer[i] = {w for v in layer[i - 1] for w in H[v] if dt.get(w) == d - i}
    path = [s]
    for i in range(1, d + 1):
        path.append(min(w for w in H[path[-1]] if w in layer[i]))
    return path
