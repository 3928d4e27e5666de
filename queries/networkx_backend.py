"""The query backend over an in-memory NetworkX graph (the embedded store).

Indexes (entity list, name index, entity–paper graph for paths) are built
once, lazily; every answer follows the shapes and orderings documented in
:mod:`queries.backend`. The graph is never modified.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Sequence

import networkx as nx

from kg.schema import CO_OCCURS, ENTITY_LABELS, PAPER, PAPER_RELS
from queries.cypher_bridge import CypherEngine
from queries.errors import NotFound
from queries.entity_index import EntityIndex
from queries.names import entity_dict

_NONE_LAST = float("inf")


def paper_ref(node_id: str, data: dict) -> dict:
    """The backend ``PaperRef`` shape of one Paper node."""
    return {"id": node_id, "title": data.get("title") or data.get("name"), "year": data.get("year"),
            "date": data.get("date"), "url": data.get("url")}


def paper_order(row: dict) -> tuple:
    """Year descending (None last), then title, then id."""
    year = row.get("year")
    return (-year if isinstance(year, (int, float)) else _NONE_LAST, row.get("title") or "", row["id"])


def _dedupe(items) -> list:
    return list(dict.fromkeys(items))


class NetworkXBackend(EntityIndex):
    """Answer :class:`queries.backend.QueryBackend` questions over a MultiDiGraph."""

    def __init__(self, graph: nx.MultiDiGraph, location: str = "<memory>"):
        self.graph = graph
        self.location = location

    # -- indexes ---------------------------------------------------------
    @cached_property
    def _entities(self) -> list[dict]:
        G = self.graph
        return [entity_dict(n, G.nodes[n]) for n in sorted(G.nodes) if G.nodes[n].get("label") in ENTITY_LABELS]

    @cached_property
    def _ranked(self) -> list[dict]:
        return sorted(self._entities, key=lambda e: (-e["papers"], e["key"], e["id"]))

    @cached_property
    def paper_graph(self) -> nx.Graph:
        """Undirected entity–paper graph (Paper→entity edges only), for :meth:`path`."""
        H = nx.Graph()
        H.add_nodes_from(self.graph.nodes)
        H.add_edges_from((u, v) for u, v, k in self.graph.edges(keys=True) if k in PAPER_RELS)
        return H

    def warm(self) -> "NetworkXBackend":
        """Build every index now (the one-off cost a long-lived process pays once)."""
        for attr in ("_ranked", "names", "paper_graph"):
            getattr(self, attr)
        return self

    # -- protocol --------------------------------------------------------
    def top(self, label: str | None = None, n: int = 20) -> list[dict]:
        out = []
        for e in self._ranked:
            if label is None or e["label"] == label:
                out.append(e)
                if len(out) >= n:
                    break
        return out

    def _entity(self, node_id: str) -> dict:
        try:
            return self._by_id[node_id]
        except KeyError:
            raise NotFound(node_id) from None

    def _paper_links(self, paper: str, entity: str) -> tuple[list[str], list[str]]:
        """(sorted rel types, deduplicated evidence) of the edges paper→entity."""
        edges = self.graph.get_edge_data(paper, entity) or {}
        rels = sorted(k for k in edges if k in PAPER_RELS)
        evidence = _dedupe(s for k in rels for s in edges[k].get("evidence") or [])
        return rels, evidence

    def _papers_of(self, node_id: str) -> set[str]:
        G = self.graph
        return {p for p in G.pred[node_id] if G.nodes[p].get("label") == PAPER}

    def show(self, node_id: str, n_related: int = 10) -> dict:
        entity = self._entity(node_id)
        papers = []
        for p in self._papers_of(node_id):
            rels, evidence = self._paper_links(p, node_id)
            papers.append({**paper_ref(p, self.graph.nodes[p]), "rels": rels, "evidence": evidence})
        papers.sort(key=paper_order)
        return {"entity": entity, "papers": papers, "related": self.related(node_id, None, n_related)}

    def papers(self, entity_ids: Sequence[str] = (), year_from: int | None = None, year_to: int | None = None) -> list[dict]:
        G = self.graph
        for e in entity_ids:
            self._entity(e)
        if entity_ids:
            sets = sorted((self._papers_of(e) for e in entity_ids), key=len)
            ids = set.intersection(*sets)
        else:
            ids = {n for n, d in G.nodes(data=True) if d.get("label") == PAPER}
        rows = []
        for p in ids:
            data = G.nodes[p]
            year = data.get("year")
            if (year_from is not None or year_to is not None) and not isinstance(year, int):
                continue
            if (year_from is not None and year < year_from) or (year_to is not None and year > year_to):
                continue
            rels, evidence = [], []
            for e in entity_ids:
                r, ev = self._paper_links(p, e)
                rels += r
                evidence += ev
            rows.append({**paper_ref(p, data), "rels": sorted(set(rels)), "evidence": _dedupe(evidence)})
        rows.sort(key=paper_order)
        return rows

    def related(self, node_id: str, label: str | None = None, n: int = 20) -> list[dict]:
        self._entity(node_id)
        G = self.graph
        rows = []
        for other, edges in list(G.succ[node_id].items()) + list(G.pred[node_id].items()):
            data = edges.get(CO_OCCURS)
            if data is None or other == node_id:
                continue
            e = self._by_id.get(other)
            if e is None or (label is not None and e["label"] != label):
                continue
            rows.append({**e, "shared": int(data.get("papers") or 0), "strength": float(data.get("strength") or 0.0)})
        rows.sort(key=lambda r: (-r["strength"], -r["shared"], r["key"], r["id"]))
        return rows[:n]

    def path(self, source_id: str, target_id: str, max_hops: int = 6) -> dict | None:
        self._entity(source_id)
        self._entity(target_id)
        nodes = shortest_lexicographic_path(self.paper_graph, source_id, target_id, cutoff=2 * max_hops)
        if nodes is None:
            return None
        hops = []
        for i in range(0, len(nodes) - 2, 2):
            a, p, b = nodes[i], nodes[i + 1], nodes[i + 2]
            ra, ea = self._paper_links(p, a)
            rb, eb = self._paper_links(p, b)
            hops.append({"source": self._by_id[a], "target": self._by_id[b], "paper": paper_ref(p, self.graph.nodes[p]),
                         "source_rels": ra, "target_rels": rb, "source_evidence": ea, "target_evidence": eb})
        return {"nodes": nodes, "hops": hops}

    @cached_property
    def cypher_engine(self) -> CypherEngine:
        return CypherEngine(self.graph)

    def cypher(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return self.cypher_engine.run(query, params or {})

    def close(self) -> None:
        pass


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
        d = nx.shortest_path_length(H, s, t)
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
