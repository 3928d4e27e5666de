"""The :class:`queries.backend.QueryBackend` protocol in Cypher, for any store.

A :class:`CypherBackend` runs every question as Cypher with parameters through
a :class:`queries.connection.CypherConnection` (the embedded LadybugDB store or
Neo4j); the few spellings that differ come from :mod:`queries.dialect`. Labels
and relationship types in query text come from :mod:`queries.schema` constants only.
Cypher selects, orders and limits; Python shapes rows, so both stores return the
same shapes and orderings (tests compare them on one graph).

``path`` asks for all shortest Paper-link paths and picks the lexicographically
smallest node-id sequence; when a pair has too many shortest paths, or the
server cannot list them, a bidirectional breadth-first search (one neighbour
query per level) answers instead, ending with the same choice. A chain of
claims at most one hop longer is preferred (found by the same search over claims).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from extract.normalise import canonical_key
from queries.backend import SHOW_LIMIT, check_page, paper_ref
from queries.claims import CARD_CLAIMS, claim_sort_key
from queries.connection import CypherConnection
from queries.cypher_guard import check_query
from queries.dialect import dialect_of, label_name, shape_problem
from queries.entity_index import EntityIndex
from queries.errors import CypherError, NotFound, QueryError
from queries.names import NameIndex, compact, entity_dict, quiet
from queries.quality import (
    DEFAULT_MIN_CONFIDENCE,
    DEFAULT_MIN_QUALITY,
    claim_condition,
    claim_cut_params,
    cut_params,
    quality_condition,
)
from queries.schema import (
    AUTHOR,
    BIB_LABELS,
    CLAIM_RELS,
    CO_OCCURS,
    ENTITY_LABELS,
    NODE_LABELS,
    PAPER,
    PAPER_ORDER,
    PAPER_RELS,
    PUBLISHED_IN,
    VENUE,
    WROTE,
    node_id,
    split_node_id,
)

#: shortest paths read before falling back to the breadth-first search
MAX_SHORTEST_PATHS = 1000
#: frontier nodes per neighbour query of the breadth-first search (unless the
#: connection says how many items one ``UNWIND`` list may hold: ``unwind_batch``)
FRONTIER_BATCH = 500
#: a page of a long paper list is first looked for below list position
#: ``ORDER_BOUND_FACTOR · (offset + limit) / share + ORDER_BOUND_SLACK`` (``share``: the filter
#: entities' fraction of all papers), then below ``ORDER_BOUND_GROWTH`` times that, …, then anywhere
ORDER_BOUND_FACTOR, ORDER_BOUND_SLACK, ORDER_BOUND_GROWTH = 2, 64, 8

_PAPER_REF = "{key: p.key, title: p.title, name: p.name, year: p.year, date: p.date, url: p.url, authors: p.authors}"
#: labels a paper list can be filtered by: entities, and who wrote it or where it appeared
FILTER_LABELS = (*ENTITY_LABELS, *BIB_LABELS)
#: how a paper reaches a filter node of each bibliographic label (entities: any relationship out)
_BIB_STEP = {AUTHOR: f"<-[:{WROTE}]-", VENUE: f"-[:{PUBLISHED_IN}]->"}


#: the title papers are ordered by (year ↓, no year last, then this, then key): the title
#: :func:`paper_ref` shows (the ``name`` when there is no title)
_TITLE_ORDER = "CASE WHEN p.title IS NULL OR p.title = '' THEN coalesce(p.name, '') ELSE p.title END"


def is_paper_chain(nodes: list[str], source: str, target: str) -> bool:
    """Whether ``nodes`` is a chain ``source``, paper, entity, paper, …, ``target`` with no node twice.

    >>> is_paper_chain(["Method:a", "Paper:p1", "Concept:c", "Paper:p2", "Dataset:d"], "Method:a", "Dataset:d")
    True
    >>> is_paper_chain(["Method:a", "Paper:p1", "Metric:m", "Method:a", "Paper:p2"], "Method:a", "Dataset:d")
    False
    """
    papers = [split_node_id(n)[0] == PAPER for n in nodes]
    return (
        len(nodes) % 2 == 1
        and nodes[0] == source
        and nodes[-1] == target
        and len(set(nodes)) == len(nodes)
        and papers == [i % 2 == 1 for i in range(len(nodes))]
    )


def _dedupe(items) -> list:
    return list(dict.fromkeys(items))


def _label(label: str, allowed: Sequence[str] = NODE_LABELS) -> str:
    if label not in allowed:
        raise QueryError(f"{label!r} is not a paperkg label ({', '.join(allowed)})")
    return label


class CypherBackend(EntityIndex):
    """Answer :class:`queries.backend.QueryBackend` questions with Cypher on ``connection``.

    ``path_strategy``: ``"auto"`` (all shortest paths when the store lists them,
    else breadth-first search), ``"shortest"`` or ``"bfs"``. ``owns`` closes the
    connection with the backend.
    """

    #: ``cypher(..., write=True)`` runs write queries (``kg cypher --write``)
    supports_write = True

    def __init__(self, connection: CypherConnection, path_strategy: str = "auto", owns: bool = True):
        if path_strategy not in ("auto", "shortest", "bfs"):
            raise ValueError(f"path_strategy must be auto, shortest or bfs, not {path_strategy!r}")
        self.conn = connection
        self.dialect = dialect_of(connection)
        self.location = connection.location
        self.path_strategy = path_strategy
        self.owns = owns
        #: how the last :meth:`path` call found its answer ("shortest" or "bfs")
        self.last_path_strategy: str | None = None
        self._all_shortest_ok = True
        # an owned connection closes with the backend, or when the backend is collected / at exit
        self._finalizer = weakref.finalize(self, connection.close) if owns else None

    def _read(self, query: str, params: dict | None = None) -> list[dict]:
        return self.conn.run(query, params or {})

    def _entity_match(self, var: str, label: str | None) -> tuple[str, str]:
        if label:
            return f"({var}:{_label(label, FILTER_LABELS)})", "true"
        return self.dialect.any_of(var, ENTITY_LABELS)

    @staticmethod
    def _entity(props: dict) -> dict:
        return entity_dict(node_id(props["label"], props["key"]), props)

    # -- indexes ----------------------------------------------------------------
    @cached_property
    def _entities(self) -> list[dict]:
        pattern, where = self._entity_match("e", None)
        rows = self._read(
            f"MATCH {pattern} WHERE {where} RETURN {self.dialect.node_label('e')} AS l, e.key AS key, "
            "e.name AS name, e.aliases AS aliases, e.papers AS papers"
        )
        out = [
            entity_dict(node_id(label_name(r["l"]) or "", r["key"]), {**r, "label": label_name(r["l"])})
            for r in rows
            if isinstance(r["key"], str)
        ]
        return sorted(out, key=lambda e: e["id"])

    def _lookup(self, nid: str) -> dict:
        """The entity with node id ``nid``, read from the store; NotFound if there is none."""
        label, key = split_node_id(nid)
        if label not in FILTER_LABELS:
            raise NotFound(nid)
        rows = self._read(f"MATCH (e:{label} {{key: $key}}) RETURN e LIMIT 1", {"key": key})
        if not rows:
            raise NotFound(nid)
        return self._entity(rows[0]["e"])

    def resolve(self, name: str, label: str | None = None) -> dict | None:
        """See :meth:`queries.backend.QueryBackend.resolve`. On LadybugDB the store keeps each
        entity's name forms (``_forms``), so only the entities sharing a form are read."""
        if not self.dialect.ladybug or "names" in self.__dict__:
            return super().resolve(name, label)
        form = canonical_key(name.strip())
        lowered = canonical_key(quiet(name) or name.strip())
        exact = split_node_id(name.strip())
        pattern, where = self._entity_match("e", label)
        rows = self._read(
            f"MATCH {pattern} WHERE {where} AND ((label(e) = $label AND e.key = $key) "
            "OR list_contains(e._forms, $form) OR list_contains(e._forms, $compact) "
            "OR list_contains(e._forms, $lowered) OR list_contains(e._forms, $lowered_compact)) "
            "RETURN label(e) AS label, e.key AS key, e.name AS name, e.aliases AS aliases, e.papers AS papers",
            {
                "label": exact[0],
                "key": exact[1],
                "form": form,
                "compact": compact(form),
                "lowered": lowered,
                "lowered_compact": compact(lowered),
            },
        )
        candidates = [entity_dict(node_id(r["label"], r["key"]), r) for r in rows]
        return NameIndex(candidates).resolve(name, label)

    def find_authors(self, name: str) -> list[dict]:
        """Authors ``name`` may mean (see :meth:`queries.backend.QueryBackend.find_authors`)."""
        from extract.normalise import normalise_text  # noqa: PLC0415
        from queries.authors import author_key  # noqa: PLC0415

        text = " ".join(name.split())
        key = author_key(text)
        rows = self._read(
            f"MATCH (a:{AUTHOR}) WHERE a.key = $text OR a.key = $key OR a.name_key = $key "
            "OR a.name_key STARTS WITH $prefix RETURN a ORDER BY a.key",
            {"text": text.upper(), "key": key, "prefix": normalise_text(text) + " "},
        )
        found = [{**self._entity(r["a"]), "orcid": r["a"].get("orcid")} for r in rows]
        exact = [a for a in found if a["key"] in (text.upper(), key) or author_key(a["name"] or "") == key]
        return exact or found

    def find_venues(self, name: str) -> list[dict]:
        """Venues ``name`` may mean (see :meth:`queries.backend.QueryBackend.find_venues`)."""
        from extract.normalise import normalise_text  # noqa: PLC0415

        key = normalise_text(name)
        rows = self._read(
            f"MATCH (v:{VENUE}) WHERE v.key = $key OR v.key CONTAINS $key RETURN v ORDER BY v.key", {"key": key}
        )
        found = [self._entity(r["v"]) for r in rows]
        return [v for v in found if v["key"] == key] or found

    # -- protocol ------------------------------------------------------------------
    def top(self, label: str | None = None, n: int = 20, min_quality: float | None = DEFAULT_MIN_QUALITY) -> list[dict]:
        pattern, where = self._entity_match("e", label)
        scored = label not in BIB_LABELS  # authors and venues carry no quality
        cut = f" AND {quality_condition('e')}" if scored else ""
        rows = self._read(
            f"MATCH {pattern} WHERE {where}{cut} "
            f"RETURN e, {self.dialect.node_label('e')} AS l ORDER BY coalesce(e.papers, 0) DESC, e.key, l LIMIT $n",
            {"n": int(n), **(cut_params(min_quality) if scored else {})},
        )
        return [self._entity(r["e"]) for r in rows]

    def _paper_match(
        self, entities: Sequence[dict], year_from: int | None, year_to: int | None, *conditions: str
    ) -> tuple[str, dict]:
        """``MATCH … WHERE …`` binding ``p`` to the papers linked to every entity in ``entities``
        (all papers when there are none: those with a year when a range is given), and its parameters."""
        where, params = _year_filter(year_from, year_to)
        if not entities:
            if where:
                where.insert(0, "p.year IS NOT NULL")
            clauses = ["MATCH (p:Paper)"]
        else:
            clauses = []
            for i, e in enumerate(entities):
                step = _BIB_STEP.get(e["label"], "-->")
                clauses.append(
                    f"MATCH (p{':Paper' if i == 0 else ''}){step}"
                    f"(e{i}:{_label(e['label'], FILTER_LABELS)} {{key: $k{i}}})"
                )
                params[f"k{i}"] = e["key"]
        where += conditions
        return " ".join(clauses) + (" WHERE " + " AND ".join(where) if where else ""), params

    @cached_property
    def _order_column(self) -> int | None:
        """How many papers the store holds when every one carries its list position (``_order``,
        see :data:`queries.schema.PAPER_ORDER`), else None: a LadybugDB store written by paperkg keeps
        it, and loses it at the first ``kg cypher --write``; Neo4j stores do not keep it."""
        if not self.dialect.ladybug:
            return None
        try:
            columns = {r["name"] for r in self._read(f"CALL table_info('{PAPER}') RETURN name")}
            if PAPER_ORDER not in columns:
                return None
            row = self._read(f"MATCH (p:{PAPER}) RETURN count(*) AS n, count(p.{PAPER_ORDER}) AS ordered")[0]
        except QueryError:
            return None
        return int(row["n"]) if row["n"] == row["ordered"] else None

    def _paper_page(
        self, entities: Sequence[dict], year_from: int | None, year_to: int | None, limit: int | None, offset: int
    ) -> list[dict]:
        """PaperRef rows of the matching papers in the protocol's order (year ↓, no year last, title, id),
        ``offset`` rows skipped and at most ``limit`` kept: ordered and cut in the database. Rows
        carry ``_order`` (the list position) when the store keeps it."""
        if limit == 0:
            return []
        page, cut = {"offset": int(offset)}, " SKIP $offset"
        if limit is not None:
            page["limit"] = int(limit)
            cut += " LIMIT $limit"
        columns = (
            "p.key AS key, p.title AS title, p.name AS name, p.year AS year, p.date AS date, p.url AS url, "
            "p.authors AS authors"
        )
        if self._order_column is None:
            match, params = self._paper_match(entities, year_from, year_to)
            rows = self._read(
                f"{match} WITH DISTINCT p RETURN {columns}, {_TITLE_ORDER} AS sort_title "
                f"ORDER BY year IS NULL, year DESC, sort_title, key{cut}",
                {**params, **page},
            )
            return [paper_ref(node_id(PAPER, r["key"]), r) for r in rows]
        for bound in self._order_bounds(entities, offset, limit):
            # the bound is an integer literal: LadybugDB filters a node's rows on a literal before
            # reading its other properties, on a parameter only after (see queries.dialect)
            below = () if bound is None else (f"p.{PAPER_ORDER} < {int(bound)}",)
            match, params = self._paper_match(entities, year_from, year_to, *below)
            rows = self._read(
                f"{match} RETURN DISTINCT p.{PAPER_ORDER} AS o, {columns} ORDER BY o{cut}", {**params, **page}
            )
            if bound is None or len(rows) == limit:  # a full page below the bound: no paper above it comes first
                return [{**paper_ref(node_id(PAPER, r["key"]), r), "_order": r["o"]} for r in rows]
        raise AssertionError("unreachable: the last bound is None")

    def _order_bounds(self, entities: Sequence[dict], offset: int, limit: int | None) -> list[int | None]:
        """List positions below which a page is looked for first, growing, then None (everywhere):
        the page's end scaled by how many papers of the store the filter entities have (at least)."""
        total = self._order_column or 0
        if limit is None or not total:
            return [None]
        share = min([max(int(e.get("papers") or 0), 1) for e in entities] or [total]) / total
        bound, bounds = int(ORDER_BOUND_FACTOR * (offset + limit) / share) + ORDER_BOUND_SLACK, []
        while bound < total:
            bounds.append(bound)
            bound = max(bound * ORDER_BOUND_GROWTH, bound + 1)
        return bounds + [None]

    def _evidence(self, entity: dict, refs: list[dict]) -> dict[str, dict[str, list[str]]]:
        """Paper id → {relationship type: evidence} of the edges from the papers ``refs`` to ``entity``:
        read for the span of list positions of the page when the store keeps them, else looked up
        paper by paper (by key) for a page, or read from the entity's side for a long list."""
        if not refs or entity["label"] not in ENTITY_LABELS:  # an author or venue: no evidence sentences
            return {}
        wanted = {split_node_id(r["id"])[1] for r in refs}
        target = f"(e:{_label(entity['label'], ENTITY_LABELS)} {{key: $key}})"
        columns = f"RETURN p.key AS key, {self.dialect.rel_type('r')} AS t, r.evidence AS ev"
        orders = [r["_order"] for r in refs if r.get("_order") is not None]
        if len(orders) == len(refs):  # literals, as in _paper_page
            rows = self._read(
                f"MATCH (p:Paper)-[r]->{target} WHERE p.{PAPER_ORDER} >= {math.floor(min(orders))} "
                f"AND p.{PAPER_ORDER} <= {math.ceil(max(orders))} {columns}",
                {"key": entity["key"]},
            )
        elif len(wanted) <= getattr(self.conn, "unwind_batch", FRONTIER_BATCH):
            rows = self._read(
                f"UNWIND $keys AS k MATCH (p:Paper {{key: k}})-[r]->{target} {columns}",
                {"keys": sorted(wanted), "key": entity["key"]},
            )
        else:
            rows = self._read(f"MATCH (p:Paper)-[r]->{target} {columns}", {"key": entity["key"]})
        out: dict[str, dict[str, list[str]]] = {}
        for row in rows:
            if row["key"] in wanted:
                out.setdefault(node_id(PAPER, row["key"]), {})[row["t"]] = list(row["ev"] or [])
        return out

    @staticmethod
    def _rels_evidence(rels: dict[str, list[str]]) -> tuple[list[str], list[str]]:
        types = sorted(rels)
        return types, _dedupe(s for t in types for s in rels[t])

    def _papers_of(
        self, entities: list[dict], year_from: int | None, year_to: int | None, limit: int | None, offset: int
    ) -> list[dict]:
        refs = self._paper_page(entities, year_from, year_to, limit, offset)
        links = [self._evidence(e, refs) for e in entities]
        out = []
        for ref in refs:
            ref.pop("_order", None)
            rels: list[str] = []
            evidence: list[str] = []
            for link in links:
                r, ev = self._rels_evidence(link.get(ref["id"], {}))
                rels += r
                evidence += ev
            out.append({**ref, "rels": sorted(set(rels)), "evidence": _dedupe(evidence)})
        return out

    def count_papers(
        self, entity_ids: Sequence[str] = (), year_from: int | None = None, year_to: int | None = None
    ) -> int:
        entities = [self._lookup(e) for e in entity_ids]
        match, params = self._paper_match(entities, year_from, year_to)
        rows = self._read(f"{match} RETURN count(DISTINCT p) AS n", params)
        return int(rows[0]["n"]) if rows else 0

    def show(self, node_id: str, n_related: int = 10, limit: int | None = SHOW_LIMIT, offset: int = 0) -> dict:
        check_page(limit, offset)
        entity = self._lookup(node_id)
        return {
            "entity": entity,
            "papers": self._papers_of([entity], None, None, limit, offset),
            "papers_total": self.count_papers([node_id]),
            "related": self.related(node_id, None, n_related),
            "claims": self.claims(node_id, CLAIM_RELS, 1, CARD_CLAIMS),
        }

    # -- claims ---------------------------------------------------------------------------
    def claims(
        self,
        node_id: str | None = None,
        predicates: Sequence[str] = CLAIM_RELS,
        min_papers: int = 1,
        limit: int | None = None,
        min_confidence: float | None = DEFAULT_MIN_CONFIDENCE,
        min_quality: float | None = DEFAULT_MIN_QUALITY,
    ) -> list[dict]:
        """See :meth:`queries.backend.QueryBackend.claims`."""
        types = [rel for rel in CLAIM_RELS if rel in predicates]
        if not types or limit == 0:
            return []
        columns = self._claim_columns
        rel = "|".join(types)
        params = {"min": int(min_papers), **claim_cut_params(min_confidence, min_quality)}
        where = f"coalesce(r.papers, 0) >= $min AND {claim_condition('r', 'a', 'b')}"
        if node_id is None:
            cut = "" if limit is None else " LIMIT $limit"
            params |= {} if limit is None else {"limit": int(limit)}
            rows = self._read(
                f"MATCH (a)-[r:{rel}]->(b) WHERE {where} RETURN {columns} "
                f"ORDER BY papers DESC, confidence DESC, t, la, ka, lb, kb{cut}",
                params,
            )
        else:
            entity = self._lookup(node_id)
            e = f"(e:{_label(entity['label'], ENTITY_LABELS)} {{key: $key}})"
            params["key"] = entity["key"]
            rows = []
            for pattern in (
                f"MATCH {e}-[r:{rel}]->(b) WITH e AS a, r, b",
                f"MATCH (a)-[r:{rel}]->{e} WITH a, r, e AS b",
            ):
                rows += self._read(f"{pattern} WHERE {where} RETURN {columns}", params)
        out = sorted((self._claim_row(r) for r in rows), key=claim_sort_key)
        return out if limit is None else out[:limit]

    @property
    def _claim_columns(self) -> str:
        """``RETURN`` columns of a claim ``(a)-[r]->(b)`` that :meth:`_claim_row` reads."""
        return (
            f"{self.dialect.node_label('a')} AS la, a.key AS ka, {self.dialect.node_label('b')} AS lb, "
            f"b.key AS kb, a AS a, b AS b, {self.dialect.rel_type('r')} AS t, coalesce(r.papers, 0) AS papers, "
            "r.paper_ids AS paper_ids, r.evidence AS evidence, coalesce(r.confidence, 1.0) AS confidence, "
            "r.sources AS sources"
        )

    def _claims_between(self, a: dict, b: dict) -> list[dict]:
        """Every claim from ``a`` to ``b`` or from ``b`` to ``a`` (entities), in :func:`claim_sort_key` order."""
        rows = []
        for x, y in ((a, b), (b, a)):
            rows += self._read(
                f"MATCH (a:{_label(x['label'], ENTITY_LABELS)} {{key: $x}})-[r:{'|'.join(CLAIM_RELS)}]->"
                f"(b:{_label(y['label'], ENTITY_LABELS)} {{key: $y}}) WHERE {claim_condition('r', 'a', 'b')} "
                f"RETURN {self._claim_columns}",
                {"x": x["key"], "y": y["key"], **claim_cut_params(DEFAULT_MIN_CONFIDENCE, None)},
            )
        return sorted((self._claim_row(r) for r in rows), key=claim_sort_key)

    def _claim_row(self, row: dict) -> dict:
        la, lb = label_name(row["la"]) or "", label_name(row["lb"]) or ""
        head = entity_dict(node_id(la, row["ka"]), {**row["a"], "label": la})
        tail = entity_dict(node_id(lb, row["kb"]), {**row["b"], "label": lb})
        return {
            "predicate": row["t"],
            "head": head,
            "tail": tail,
            "papers": int(row["papers"]),
            "paper_ids": list(row["paper_ids"] or []),
            "evidence": list(row["evidence"] or []),
            "confidence": float(row["confidence"]),
            "sources": list(row["sources"] or []),
        }

    def papers(
        self,
        entity_ids: Sequence[str] = (),
        year_from: int | None = None,
        year_to: int | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict]:
        check_page(limit, offset)
        return self._papers_of([self._lookup(e) for e in entity_ids], year_from, year_to, limit, offset)

    def related(
        self, node_id: str, label: str | None = None, n: int = 20, min_quality: float | None = DEFAULT_MIN_QUALITY
    ) -> list[dict]:
        entity = self._lookup(node_id)
        pattern, where = self._entity_match("o", label)
        rows = self._read(
            f"MATCH (e:{_label(entity['label'], ENTITY_LABELS)} {{key: $key}})-[c:{CO_OCCURS}]-{pattern} "
            f"WHERE {where} AND {quality_condition('o')} "
            f"AND NOT ({self.dialect.has_label('o', entity['label'])} AND o.key = $key) "
            "WITH o, coalesce(c.papers, 0) AS shared, coalesce(c.strength, 0.0) AS strength, "
            f"{self.dialect.node_label('o')} AS l "
            "RETURN o, shared, strength ORDER BY strength DESC, shared DESC, o.key, l LIMIT $n",
            {"key": entity["key"], "n": int(n), **cut_params(min_quality)},
        )
        return [{**self._entity(r["o"]), "shared": int(r["shared"]), "strength": float(r["strength"])} for r in rows]

    # -- path -----------------------------------------------------------------------
    def path(self, source_id: str, target_id: str, max_hops: int = 6) -> dict | None:
        source, target = self._lookup(source_id), self._lookup(target_id)
        if source_id == target_id:
            self.last_path_strategy = None
            return {"nodes": [source_id], "hops": [], "basis": "papers"}
        nodes = None
        if self.path_strategy != "bfs" and self._all_shortest_ok:
            nodes = self._path_all_shortest(source, target, max_hops)
        if nodes is None:
            self.last_path_strategy = "bfs"
            nodes = self._path_bfs(source_id, target_id, max_hops)
        papers = (len(nodes) - 1) // 2 if nodes else None
        claimed = self._claim_path(source_id, target_id, max_hops if papers is None else min(papers + 1, max_hops))
        if claimed:
            return {"nodes": claimed, "hops": self._claim_hops(claimed), "basis": "claims"}
        if not nodes:
            return None
        return {"nodes": nodes, "hops": self._hops(nodes), "basis": "papers"}

    def _path_all_shortest(self, source: dict, target: dict, max_hops: int) -> list[str] | None:
        """Lexicographically smallest of all shortest paths, ``[]`` for none within
        ``max_hops``, ``None`` when the store cannot tell (then BFS answers)."""
        query = (
            f"MATCH (a:{_label(source['label'])} {{key: $a}}), (b:{_label(target['label'])} {{key: $b}}) "
            f"{self.dialect.all_shortest('a', 'b', PAPER_RELS, 2 * int(max_hops))} "
            f"RETURN {self.dialect.path_nodes('p')} AS ns LIMIT $limit"
        )
        try:
            rows = self._read(query, {"a": source["key"], "b": target["key"], "limit": MAX_SHORTEST_PATHS + 1})
        except QueryError:
            if self.path_strategy == "shortest":
                raise QueryError(f"{self.location}: this store cannot list all shortest paths") from None
            self._all_shortest_ok = False
            return None
        if len(rows) > MAX_SHORTEST_PATHS and self.path_strategy == "auto":
            return None
        paths = [[node_id(label_name(ls) or "", key) for ls, key in row["ns"]] for row in rows]
        ends = (node_id(source["label"], source["key"]), node_id(target["label"], target["key"]))
        if not all(is_paper_chain(path, *ends) for path in paths):
            # LadybugDB 0.22 lists the nodes of some undirected shortest paths out of order (seen
            # on a 20,000-paper graph: an entity twice, papers at entity places): the breadth-first
            # search answers instead
            if self.path_strategy == "shortest":
                raise QueryError(f"{self.location}: the store listed a shortest path out of order") from None
            return None
        self.last_path_strategy = "shortest"
        return min(paths) if paths else []

    def _neighbours(self, frontier: list[str]) -> list[tuple[str, str]]:
        """Edges (frontier node, neighbour) over Paper→entity relationships (from a paper to its
        entities, from an entity to its papers)."""
        by_label: dict[str, list[str]] = {}
        for nid in frontier:
            label, key = split_node_id(nid)
            by_label.setdefault(label, []).append(key)
        edges = []
        for label, keys in by_label.items():
            # Paper→entity relationships point away from papers: a directed step reads half the edges
            step_to = f"-[:{'|'.join(PAPER_RELS)}]->" if label == PAPER else f"<-[:{'|'.join(PAPER_RELS)}]-"
            query = (
                f"UNWIND $keys AS k MATCH (n:{_label(label)} {{key: k}}){step_to}(m) "
                f"RETURN n.key AS k, {self.dialect.node_label('m')} AS l, m.key AS mk"
            )
            step = getattr(self.conn, "unwind_batch", FRONTIER_BATCH)
            for i in range(0, len(keys), step):
                for row in self._read(query, {"keys": keys[i : i + step]}):
                    other = label_name(row["l"])
                    if other in NODE_LABELS and isinstance(row["mk"], str):
                        edges.append((node_id(label, row["k"]), node_id(other, row["mk"])))
        return edges

    def _claim_neighbours(self, frontier: list[str]) -> list[tuple[str, str]]:
        """Edges (frontier entity, neighbour) over claims, either direction."""
        by_label: dict[str, list[str]] = {}
        for nid in frontier:
            label, key = split_node_id(nid)
            by_label.setdefault(label, []).append(key)
        edges = []
        step = getattr(self.conn, "unwind_batch", FRONTIER_BATCH)
        for label, keys in by_label.items():
            query = (
                f"UNWIND $keys AS k MATCH (n:{_label(label, ENTITY_LABELS)} {{key: k}})"
                f"-[:{'|'.join(CLAIM_RELS)}]-(m) RETURN n.key AS k, {self.dialect.node_label('m')} AS l, m.key AS mk"
            )
            for i in range(0, len(keys), step):
                for row in self._read(query, {"keys": keys[i : i + step]}):
                    other = label_name(row["l"])
                    if other in ENTITY_LABELS and isinstance(row["mk"], str):
                        edges.append((node_id(label, row["k"]), node_id(other, row["mk"])))
        return edges

    def _claim_path(self, s: str, t: str, max_claims: int) -> list[str] | None:
        """The lexicographically smallest of the shortest entity chains over claims (either
        direction) from ``s`` to ``t`` with at most ``max_claims`` claims, or None."""
        if max_claims < 1:
            return None
        return self._path_bfs(s, t, max_claims, self._claim_neighbours, cutoff=int(max_claims))

    def _claim_hops(self, nodes: list[str]) -> list[dict]:
        """One hop per pair of neighbours on a claim path: both entities and the claims linking them."""
        entities = [self._lookup(n) for n in nodes]
        return [
            {"source": a, "target": b, "claims": self._claims_between(a, b)}
            for a, b in zip(entities, entities[1:], strict=False)
        ]

    def _path_bfs(
        self,
        s: str,
        t: str,
        max_hops: int,
        neighbours: Callable[[list[str]], list[tuple[str, str]]] | None = None,
        cutoff: int | None = None,
    ) -> list[str] | None:
        """Bidirectional breadth-first search, one neighbour query per level (see module docstring):
        over Paper links (``cutoff`` 2 · ``max_hops`` edges) unless given other ``neighbours``."""
        import networkx as nx  # noqa: PLC0415 (only paths need it; queries start without it)

        from queries.paths import shortest_lexicographic_path  # noqa: PLC0415

        neighbours = neighbours or self._neighbours
        cutoff = 2 * int(max_hops) if cutoff is None else cutoff
        H: nx.Graph = nx.Graph()
        H.add_nodes_from((s, t))
        dist = {s: {s: 0}, t: {t: 0}}
        frontier = {s: [s], t: [t]}
        depth = {s: 0, t: 0}

        def expand(side: str) -> None:
            nxt = []
            for u, v in neighbours(frontier[side]):
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
            rows = self._read(
                f"MATCH (p:Paper {{key: $p}})-[r]->(e) WHERE e.key IN $keys "
                f"RETURN {_PAPER_REF} AS p, {self.dialect.node_label('e')} AS l, e.key AS k, "
                f"{self.dialect.rel_type('r')} AS t, r.evidence AS ev",
                {"p": split_node_id(p)[1], "keys": [split_node_id(a)[1], split_node_id(b)[1]]},
            )
            rels: dict[str, dict[str, list[str]]] = {a: {}, b: {}}
            props = {}
            for row in rows:
                props = row["p"]
                eid = node_id(label_name(row["l"]) or "", row["k"])
                if eid in rels and row["t"] in PAPER_RELS:
                    rels[eid][row["t"]] = list(row["ev"] or [])
            ra, ea = self._rels_evidence(rels[a])
            rb, eb = self._rels_evidence(rels[b])
            hops.append(
                {
                    "source": self._lookup(a),
                    "target": self._lookup(b),
                    "paper": paper_ref(p, props),
                    "source_rels": ra,
                    "target_rels": rb,
                    "source_evidence": ea,
                    "target_evidence": eb,
                }
            )
        return hops

    # -- cypher ------------------------------------------------------------------------
    def cypher(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        write: bool = False,
        isolated: bool = True,
        allow_file_access: bool = False,
    ) -> list[dict[str, Any]]:
        """Rows of a user's query: read-only unless ``write``, within the store's time and row limits;
        ``isolated`` (the default, for typed-in queries) lets the store run it apart from this process.
        File access (``COPY``, ``LOAD``, ``INSTALL``, ``ATTACH``, …) and a second statement are refused
        unless ``allow_file_access``, even with ``write`` (:func:`queries.cypher_guard.check_query`)."""
        problem = shape_problem(query)
        if problem:
            raise CypherError(problem)
        check_query(query, write=write, allow_file_access=allow_file_access)
        if not isinstance(params or {}, dict):
            raise CypherError("query parameters must be a mapping of names to values")
        if write:
            self.__dict__.pop("_order_column", None)  # a write drops the papers' list positions
        return self.conn.run(
            query, params or {}, write=write, max_rows=getattr(self.conn, "max_rows", None), isolated=isolated
        )

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()


def _year_filter(year_from: int | None, year_to: int | None) -> tuple[list[str], dict[str, int]]:
    """WHERE conditions on ``p.year`` and their parameters for an optional year range."""
    where, params = [], {}
    if year_from is not None:
        where.append("p.year >= $year_from")
        params["year_from"] = int(year_from)
    if year_to is not None:
        where.append("p.year <= $year_to")
        params["year_to"] = int(year_to)
    return where, params
