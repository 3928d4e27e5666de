"""The query backend over a Neo4j store: the :class:`queries.backend.QueryBackend` protocol in Cypher.

Every query passes values as parameters; labels and relationship types in
query text come from :mod:`kg.schema` constants only. Results have the same
shapes and orderings as :class:`queries.cypher_backend.CypherBackend`
(tests compare them on the same graph): Cypher selects, orders and limits;
Python shapes rows with the same helpers the NetworkX backend uses.

``path`` tries ``allShortestPaths`` (Neo4j 5, FalkorDB in the ``WITH a, b
MATCH p = allShortestPaths(…)`` form) and falls back to a bidirectional
breadth-first search, one Cypher neighbour query per level, when the server
refuses it or a pair has too many shortest paths. Both end with the same
lexicographic choice as the NetworkX backend.

``cypher`` runs in a managed READ transaction and, before sending, refuses
write clauses (the server is not trusted to enforce READ: FalkorDB's Bolt
server runs a CREATE inside a read transaction); ``write=True`` runs it in a
WRITE transaction instead.
"""

from __future__ import annotations

import re
import weakref
from functools import cached_property
from typing import Any, Sequence

import networkx as nx
from neo4j import exceptions as neo4j_errors
from neo4j.graph import Node, Path, Relationship

from kg.schema import CO_OCCURS, ENTITY_LABELS, PAPER, PAPER_RELS, node_id, split_node_id
from kg.store.base import StoreError
from kg.store.neo4j_rows import PAPER_FIELDS, schema_label
from kg.store.neo4j_store import Neo4jStore, driver_error_message
from queries.errors import CypherError, NotFound, QueryError, ReadOnlyError
from queries.entity_index import EntityIndex
from queries.names import entity_dict
from queries.cypher_backend import paper_order, paper_ref
from queries.paths import shortest_lexicographic_path

#: allShortestPaths rows read before falling back to the breadth-first search
MAX_SHORTEST_PATHS = 1000

#: the Paper properties a PaperRef needs (not the abstract)
_PAPER_REF = "p {.key, .title, .name, .year, .date, .url}"
_ENTITY_WHERE = " OR ".join(f"{{v}}:{schema_label(label)}" for label in ENTITY_LABELS)
_REL_ALT = "|".join(PAPER_RELS)

WRITE_WORDS = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "FOREACH")
_SKIP = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`(?:[^`]|``)*`", re.DOTALL)
_WRITE = re.compile(r"(?<![.:\w$])(" + "|".join(WRITE_WORDS) + r")\b", re.IGNORECASE)
_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)", re.IGNORECASE)
_WRITE_PROC = re.compile(r"create|drop|delete|remove|merge|set|clear|load|write|import|kill|terminate", re.IGNORECASE)


def write_clause(query: str) -> str | None:
    """The first write clause in ``query`` (comments, strings and `names` ignored), else None.

    >>> write_clause("MATCH (n {note: 'CREATE'}) RETURN n.set // DELETE")
    >>> write_clause("MATCH (n) detach delete n")
    'DETACH'
    >>> write_clause("CALL db.idx.fulltext.createNodeIndex('Paper', 'title')")
    'CALL db.idx.fulltext.createNodeIndex'
    """
    text = _SKIP.sub(" ", query)
    m = _WRITE.search(text)
    if m:
        return m.group(1).upper()
    for m in _CALL.finditer(text):
        if _WRITE_PROC.search(m.group(1)):
            return f"CALL {m.group(1)}"
    return None


def _label_of(labels: Sequence[str], allowed: Sequence[str] = (PAPER, *ENTITY_LABELS)) -> str | None:
    return next((x for x in labels if x in allowed), None)


def _dedupe(items) -> list:
    return list(dict.fromkeys(items))


class Neo4jBackend(EntityIndex):
    """Answer :class:`queries.backend.QueryBackend` questions with Cypher on a :class:`Neo4jStore`.

    ``path_strategy``: ``"auto"`` (allShortestPaths when the server has it,
    else breadth-first search), ``"shortest"`` or ``"bfs"``.
    """

    #: ``cypher(..., write=True)`` runs write queries (``kg cypher --write``)
    supports_write = True

    def __init__(self, store: Neo4jStore, path_strategy: str = "auto", owns_store: bool = True):
        if path_strategy not in ("auto", "shortest", "bfs"):
            raise ValueError(f"path_strategy must be auto, shortest or bfs, not {path_strategy!r}")
        self.store = store
        self.location = store.location
        self.path_strategy = path_strategy
        self.owns_store = owns_store
        # an owned store closes with the backend, or when the backend is collected / at exit
        self._finalizer = weakref.finalize(self, store.close) if owns_store else None
        #: how the last :meth:`path` call found its answer ("shortest" or "bfs")
        self.last_path_strategy: str | None = None

    # -- running queries ----------------------------------------------------
    def _read(self, query: str, params: dict | None = None, encoded: bool = False) -> list[dict]:
        try:
            return self.store.read(query, params, encoded)
        except StoreError as exc:
            raise QueryError(str(exc)) from None

    # -- indexes ----------------------------------------------------------------
    @cached_property
    def _entities(self) -> list[dict]:
        rows = self._read(f"MATCH (e) WHERE {_ENTITY_WHERE.format(v='e')} RETURN labels(e) AS ls, properties(e) AS p")
        out = []
        for row in rows:
            label = _label_of(row["ls"], ENTITY_LABELS)
            if label and isinstance(row["p"].get("key"), str):
                out.append(self._entity(label, row["p"]))
        return sorted(out, key=lambda e: e["id"])

    @staticmethod
    def _entity(label: str, props: dict) -> dict:
        return entity_dict(node_id(label, props["key"]), {**props, "label": label})

    def _lookup(self, nid: str) -> dict:
        """The entity with node id ``nid``, read from the server; NotFound if there is none."""
        label, key = split_node_id(nid)
        if label not in ENTITY_LABELS:
            raise NotFound(nid)
        rows = self._read(f"MATCH (e:{schema_label(label)} {{key: $key}}) RETURN properties(e) AS p LIMIT 1", {"key": key})
        if not rows:
            raise NotFound(nid)
        return self._entity(label, rows[0]["p"])

    # -- protocol ------------------------------------------------------------------
    def top(self, label: str | None = None, n: int = 20) -> list[dict]:
        where = f"e:{schema_label(label)}" if label else _ENTITY_WHERE.format(v="e")
        rows = self._read(
            f"MATCH (e) WHERE {where} "
            "RETURN labels(e) AS ls, properties(e) AS p "
            "ORDER BY coalesce(e.papers, 0) DESC, e.key, head(labels(e)) LIMIT $n",
            {"n": int(n)},
        )
        return [self._entity(_label_of(r["ls"], ENTITY_LABELS), r["p"]) for r in rows]

    def _links(self, label: str, key: str, year_from: int | None = None, year_to: int | None = None) -> dict[str, dict]:
        """Papers linked to one entity: ``{paper id: {"props", "rels": {type: evidence}}}``."""
        rows = self._read(
            f"MATCH (p:Paper)-[r]->(e:{schema_label(label)} {{key: $key}}) "
            "WHERE type(r) IN $types "
            "AND ($year_from IS NULL OR p.year >= $year_from) AND ($year_to IS NULL OR p.year <= $year_to) "
            f"RETURN {_PAPER_REF} AS p, type(r) AS t, r.evidence AS ev",
            {"key": key, "types": list(PAPER_RELS), "year_from": year_from, "year_to": year_to},
        )
        out: dict[str, dict] = {}
        for row in rows:
            pid = node_id(PAPER, row["p"]["key"])
            slot = out.setdefault(pid, {"props": row["p"], "rels": {}})
            slot["rels"][row["t"]] = list(row["ev"] or [])
        return out

    @staticmethod
    def _rels_evidence(rels: dict[str, list[str]]) -> tuple[list[str], list[str]]:
        types = sorted(rels)
        return types, _dedupe(s for t in types for s in rels[t])

    @staticmethod
    def _paper(pid: str, props: dict) -> dict:
        return paper_ref(pid, {name: props.get(name) for name in PAPER_FIELDS} | props)

    def show(self, node_id: str, n_related: int = 10) -> dict:
        entity = self._lookup(node_id)
        papers = []
        for pid, link in self._links(entity["label"], entity["key"]).items():
            rels, evidence = self._rels_evidence(link["rels"])
            papers.append({**self._paper(pid, link["props"]), "rels": rels, "evidence": evidence})
        papers.sort(key=paper_order)
        return {"entity": entity, "papers": papers, "related": self.related(node_id, None, n_related)}

    def papers(self, entity_ids: Sequence[str] = (), year_from: int | None = None, year_to: int | None = None) -> list[dict]:
        entities = [self._lookup(e) for e in entity_ids]
        ranged = year_from is not None or year_to is not None
        if not entities:
            rows = self._read(
                "MATCH (p:Paper) WHERE ($year_from IS NULL OR p.year >= $year_from) "
                f"AND ($year_to IS NULL OR p.year <= $year_to) RETURN {_PAPER_REF} AS p",
                {"year_from": year_from, "year_to": year_to},
            )
            out = []
            for row in rows:
                if ranged and not isinstance(row["p"].get("year"), int):
                    continue
                pid = node_id(PAPER, row["p"]["key"])
                out.append({**self._paper(pid, row["p"]), "rels": [], "evidence": []})
            out.sort(key=paper_order)
            return out
        links = [self._links(e["label"], e["key"], year_from, year_to) for e in entities]
        common = set(links[0]).intersection(*links[1:])
        out = []
        for pid in common:
            rels: list[str] = []
            evidence: list[str] = []
            for link in links:
                r, ev = self._rels_evidence(link[pid]["rels"])
                rels += r
                evidence += ev
            out.append({**self._paper(pid, links[0][pid]["props"]), "rels": sorted(set(rels)), "evidence": _dedupe(evidence)})
        out.sort(key=paper_order)
        return out

    def related(self, node_id: str, label: str | None = None, n: int = 20) -> list[dict]:
        entity = self._lookup(node_id)
        where = f"o:{schema_label(label)}" if label else _ENTITY_WHERE.format(v="o")
        rows = self._read(
            f"MATCH (e:{schema_label(entity['label'])} {{key: $key}})-[c:{CO_OCCURS}]-(o) "
            f"WHERE ({where}) AND NOT (o:{schema_label(entity['label'])} AND o.key = $key) "
            "WITH o, coalesce(c.papers, 0) AS shared, coalesce(c.strength, 0.0) AS strength "
            "RETURN labels(o) AS ls, properties(o) AS p, shared, strength "
            "ORDER BY strength DESC, shared DESC, o.key, head(labels(o)) LIMIT $n",
            {"key": entity["key"], "n": int(n)},
        )
        return [
            {**self._entity(_label_of(r["ls"], ENTITY_LABELS), r["p"]), "shared": int(r["shared"]), "strength": float(r["strength"])}
            for r in rows
        ]

    # -- path -----------------------------------------------------------------------
    def path(self, source_id: str, target_id: str, max_hops: int = 6) -> dict | None:
        source, target = self._lookup(source_id), self._lookup(target_id)
        if source_id == target_id:
            self.last_path_strategy = None
            return {"nodes": [source_id], "hops": []}
        nodes = None
        if self.path_strategy != "bfs" and self.store.capabilities.get("all_shortest_paths", True):
            nodes = self._path_all_shortest(source, target, max_hops)
        if nodes is None:
            self.last_path_strategy = "bfs"
            nodes = self._path_bfs(source_id, target_id, max_hops)
        if not nodes:
            return None
        return {"nodes": nodes, "hops": self._hops(nodes)}

    def _path_all_shortest(self, source: dict, target: dict, max_hops: int) -> list[str] | None | bool:
        """Lexicographically smallest of all shortest paths, ``[]`` for none within
        ``max_hops``, ``None`` when the server cannot tell (then BFS answers)."""
        depth = 2 * int(max_hops)
        query = (
            f"MATCH (a:{schema_label(source['label'])} {{key: $a}}), (b:{schema_label(target['label'])} {{key: $b}}) "
            f"WITH a, b MATCH p = allShortestPaths((a)-[:{_REL_ALT}*..{depth}]-(b)) "
            "RETURN [n IN nodes(p) | [labels(n), n.key]] AS ns LIMIT $limit"
        )
        try:
            rows = self.store.read(query, {"a": source["key"], "b": target["key"], "limit": MAX_SHORTEST_PATHS + 1})
        except StoreError:
            if self.path_strategy == "shortest":
                raise QueryError(f"{self.location}: allShortestPaths is not supported by this server") from None
            self.store.capabilities["all_shortest_paths"] = False
            return None
        self.store.capabilities["all_shortest_paths"] = True
        if len(rows) > MAX_SHORTEST_PATHS and self.path_strategy == "auto":
            return None
        self.last_path_strategy = "shortest"
        paths = [[node_id(_label_of(ls), key) for ls, key in row["ns"]] for row in rows]
        return min(paths) if paths else []

    def _neighbours(self, frontier: list[str]) -> list[tuple[str, str]]:
        """Edges (frontier node, neighbour) over Paper→entity relationships, either direction."""
        by_label: dict[str, list[dict]] = {}
        for nid in frontier:
            label, key = split_node_id(nid)
            by_label.setdefault(label, []).append({"key": key})
        edges = []
        types = self.store.params({"types": list(PAPER_RELS)})
        for label, items in by_label.items():
            query = (
                f"UNWIND $rows AS row MATCH (n:{schema_label(label)} {{key: row.key}})-[r]-(m) "
                "WHERE type(r) IN $types RETURN n.key AS k, labels(m) AS ls, m.key AS mk"
            )
            for batch in self.store.batches(query, self.store.params(items), "frontier node", 500, types):
                for row in self._read(query, {"rows": batch, **types}, encoded=True):
                    other = _label_of(row["ls"])
                    if other and isinstance(row["mk"], str):
                        edges.append((node_id(label, row["k"]), node_id(other, row["mk"])))
        return edges

    def _path_bfs(self, s: str, t: str, max_hops: int) -> list[str] | None:
        """Bidirectional breadth-first search, one neighbour query per level (see module docstring)."""
        cutoff = 2 * int(max_hops)
        H = nx.Graph()
        H.add_nodes_from((s, t))
        dist = {s: {s: 0}, t: {t: 0}}
        frontier = {s: [s], t: [t]}
        depth = {s: 0, t: 0}

        def expand(side: str) -> None:
            nxt = []
            for u, v in self._neighbours(frontier[side]):
                H.add_edge(u, v)
                if v not in dist[side]:
                    dist[side][v] = depth[side] + 1
                    nxt.append(v)
            depth[side] += 1
            frontier[side] = sorted(set(nxt))

        d = None
        while depth[s] + depth[t] < cutoff:
            side = s if depth[s] <= depth[t] else t
            if not frontier[side]:
                return None
            expand(side)
            met = set(dist[s]) & set(dist[t])
            if met:
                d = min(dist[s][v] + dist[t][v] for v in met)
                break
        if d is None or d > cutoff:
            return None
        h = d // 2
        while depth[s] < h and frontier[s]:
            expand(s)
        while depth[t] < d - h and frontier[t]:
            expand(t)
        return shortest_lexicographic_path(H, s, t, cutoff=cutoff)

    def _hops(self, nodes: list[str]) -> list[dict]:
        hops = []
        for i in range(0, len(nodes) - 2, 2):
            a, p, b = nodes[i], nodes[i + 1], nodes[i + 2]
            _, pkey = split_node_id(p)
            rows = self._read(
                "MATCH (p:Paper {key: $p})-[r]->(e) WHERE type(r) IN $types AND e.key IN $keys "
                f"RETURN {_PAPER_REF} AS p, labels(e) AS ls, e.key AS k, type(r) AS t, r.evidence AS ev",
                {"p": pkey, "types": list(PAPER_RELS), "keys": [split_node_id(a)[1], split_node_id(b)[1]]},
            )
            rels: dict[str, dict[str, list[str]]] = {a: {}, b: {}}
            props = {}
            for row in rows:
                props = row["p"]
                eid = node_id(_label_of(row["ls"]) or "", row["k"])
                if eid in rels:
                    rels[eid][row["t"]] = list(row["ev"] or [])
            ra, ea = self._rels_evidence(rels[a])
            rb, eb = self._rels_evidence(rels[b])
            hops.append({"source": self._lookup(a), "target": self._lookup(b), "paper": self._paper(p, props),
                         "source_rels": ra, "target_rels": rb, "source_evidence": ea, "target_evidence": eb})
        return hops

    # -- cypher ------------------------------------------------------------------------
    def cypher(self, query: str, params: dict[str, Any] | None = None, write: bool = False,
               isolated: bool = True) -> list[dict[str, Any]]:
        if not write:
            clause = write_clause(query)
            if clause:
                raise ReadOnlyError(f"{clause} is a write clause; `kg cypher` runs read-only unless --write is given")
        store = self.store
        sent = store.params(params or {})

        def work(tx):
            result = tx.run(query, sent)
            return [{k: _value(v) for k, v in record.items()} for record in result]

        try:
            with store.session(read=not write) as session:
                return (session.execute_write if write else session.execute_read)(work)
        except neo4j_errors.Neo4jError as exc:
            raise CypherError(f"Cypher failed: {driver_error_message(store.settings, exc)}") from None
        except (neo4j_errors.DriverError, OSError) as exc:
            raise QueryError(driver_error_message(store.settings, exc)) from None

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()


def _value(v: Any) -> Any:
    """Driver values as plain data: nodes and relationships become property dicts, like the NetworkX backend."""
    if isinstance(v, Node):
        props = dict(v.items())
        if PAPER in v.labels:
            props = {name: None for name in PAPER_FIELDS} | props
        return props
    if isinstance(v, Relationship):
        return dict(v.items())
    if isinstance(v, Path):
        out: list = [_value(v.start_node)]
        for rel in v.relationships:
            out += [_value(rel), _value(rel.end_node)]
        return out
    if isinstance(v, list):
        return [_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    return v
