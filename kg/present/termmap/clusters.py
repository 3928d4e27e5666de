"""Clusters of the term map: seeded Louvain on the association-strength links.

Clusters are numbered 1, 2, … from the largest, as VOSviewer numbers them.
Clusters smaller than ``min_size`` join the cluster they are most strongly
linked to; terms without any link stay unclustered (``None``). Each cluster
is named after its most relevant terms: the term's priority (papers, boosted
by relevance where the graph has it) times the share of the term's link strength that stays inside
the cluster, so a term that links everywhere does not name one cluster.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg.present.termmap.network import TermNetwork

SEED = 42


def cluster_terms(
    net: TermNetwork, resolution: float = 1.0, min_size: int | None = None, seed: int = SEED
) -> dict[str, int | None]:
    """Term id → cluster number (1 = largest) or ``None``; also sets ``Term.cluster``.

    >>> from kg.core.examples import topic_graph
    >>> from kg.present.termmap.network import term_network
    >>> net = term_network(topic_graph())
    >>> c = cluster_terms(net)
    >>> len(set(c.values())), c["Task:image segmentation"] == c["Dataset:street scenes"]
    (4, True)
    """
    H = net.graph()
    if min_size is None:
        min_size = max(3, len(net.terms) // 100)
    found = (
        nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed)
        if H.number_of_edges()
        else []
    )
    members = [set(c) for c in found if any(H.degree(n) for n in c)]
    big = [c for c in members if len(c) >= min_size] or sorted(members, key=len)[-1:]
    small = [n for c in members if len(c) < min_size and c not in big for n in sorted(c)]
    of = {n: i for i, c in enumerate(big) for n in c}
    pending = [n for n in small if H.degree(n)]
    while pending:  # small clusters join their strongest neighbour cluster; repeat while that helps
        left = []
        for n in pending:
            pull: dict[int, float] = defaultdict(float)
            for m, d in H[n].items():
                if m in of:
                    pull[of[m]] += d["weight"]
            if pull:
                of[n] = max(sorted(pull), key=lambda i: pull[i])
                big[of[n]].add(n)
            else:
                left.append(n)
        if len(left) == len(pending):
            for n in left:  # linked only among themselves: one more cluster
                of[n] = len(big)
            big.append(set(left))
            break
        pending = left
    order = sorted(range(len(big)), key=lambda i: (-len(big[i]), min(big[i])))
    number = {i: k + 1 for k, i in enumerate(order)}
    out = {t.id: (number[of[t.id]] if t.id in of else None) for t in net.terms}
    for t in net.terms:
        t.cluster = out[t.id]
    return out


def cluster_names(net: TermNetwork, per: int = 3) -> dict[int, list[str]]:
    """Cluster number → its ``per`` most relevant term names (see module docstring).

    >>> from kg.core.examples import topic_graph
    >>> from kg.present.termmap.network import term_network
    >>> net = term_network(topic_graph())
    >>> _ = cluster_terms(net)
    >>> any("reinforcement learning" in names for names in cluster_names(net).values())
    True
    """
    H = net.graph()
    cluster = {t.id: t.cluster for t in net.terms}
    scored: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for t in net.terms:
        if t.cluster is None:
            continue
        total = sum(d["weight"] for d in H[t.id].values())
        inside = sum(d["weight"] for m, d in H[t.id].items() if cluster.get(m) == t.cluster)
        share = inside / total if total else 0.0
        scored[t.cluster].append((-(t.priority * share), t.name))
    return {c: [name for _, name in sorted(v)[:per]] for c, v in sorted(scored.items())}
