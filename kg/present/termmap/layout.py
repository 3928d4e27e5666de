"""Term-map positions, computed in Python so the page opens laid out.

Each cluster is laid out on its own by a weighted spring layout (weights:
``log(1 + strength / median strength)`` of the association strength, so a few
very strong links do not collapse a cluster), cluster centres come from a
spring layout of the links between clusters, and clusters are packed close
without overlapping (:func:`kg.present.viz.layout.grouped_positions`). Unclustered
terms (no links) sit together in their own group. :func:`silhouette` measures
how well the clusters separate in the plane.
"""

from __future__ import annotations

import math
from statistics import median

import networkx as nx
import numpy as np

from kg.present.termmap.network import TermNetwork
from kg.present.viz.layout import SEED, grouped_positions


def layout_weights(net: TermNetwork) -> nx.Graph:
    """The term graph with spring weights ``log(1 + s / median s)``."""
    H = net.graph()
    mid = median([d["weight"] for _, _, d in H.edges(data=True)] or [1.0]) or 1.0
    for _, _, d in H.edges(data=True):
        d["weight"] = math.log1p(d["weight"] / mid)
    return H


def lay_out(net: TermNetwork, seed: int = SEED, iterations: int = 100) -> dict[str, tuple[float, float]]:
    """Positions (canvas pixels, centred on 0) by cluster; also sets ``Term.x``/``Term.y``.

    >>> from kg.core.examples import topic_graph
    >>> from kg.present.termmap.network import term_network
    >>> from kg.present.termmap.clusters import cluster_terms
    >>> net = term_network(topic_graph()); _ = cluster_terms(net)
    >>> pos = lay_out(net)
    >>> len(pos), silhouette(pos, {t.id: t.cluster for t in net.terms}) > 0.3
    (48, True)
    """
    if not net.terms:
        return {}
    H = layout_weights(net)
    groups: dict = {}
    for t in sorted(net.terms, key=lambda t: t.id):
        groups.setdefault(t.cluster if t.cluster is not None else math.inf, []).append(t.id)
    ordered = [groups[c] for c in sorted(groups)]
    pos = grouped_positions(H, ordered, seed, iterations)
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    out = {n: (round(x - cx, 1), round(y - cy, 1)) for n, (x, y) in pos.items()}
    for t in net.terms:
        t.x, t.y = out[t.id]
    return out


def silhouette(pos: dict[str, tuple[float, float]], cluster: dict[str, int | None]) -> float:
    """Mean silhouette of the positions grouped by cluster (unclustered points left out).

    1 = tight, well-separated clusters; 0 = clusters overlap; below 0 = points
    nearer another cluster than their own. Clusters of one point score 0.

    >>> silhouette({"a": (0, 0), "b": (1, 0), "c": (10, 0), "d": (11, 0)}, {"a": 1, "b": 1, "c": 2, "d": 2})
    0.8997
    """
    ids = [n for n in sorted(pos) if cluster.get(n) is not None]
    labels = np.array([cluster[n] for n in ids])
    if len(set(labels.tolist())) < 2:
        return 0.0
    xy = np.array([pos[n] for n in ids], dtype=float)
    scores = np.zeros(len(ids))
    kinds = sorted(set(labels.tolist()))
    for start in range(0, len(ids), 512):  # in blocks: 5,000 points need no 200 MB matrix
        block = xy[start : start + 512]
        dist = np.hypot(block[:, None, 0] - xy[None, :, 0], block[:, None, 1] - xy[None, :, 1])
        means = np.stack([dist[:, labels == k].sum(axis=1) for k in kinds], axis=1)
        sizes = np.array([(labels == k).sum() for k in kinds], dtype=float)
        own = np.searchsorted(kinds, labels[start : start + 512])
        rows = np.arange(len(block))
        own_size = sizes[own]
        a = means[rows, own] / np.maximum(own_size - 1, 1)
        other = means / sizes
        other[rows, own] = np.inf
        b = other.min(axis=1)
        s = (b - a) / np.maximum(np.maximum(a, b), 1e-12)
        s[own_size == 1] = 0.0
        scores[start : start + 512] = s
    return round(float(scores.mean()), 4)
