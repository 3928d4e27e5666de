"""The statements that write one paperkg graph into Neo4j: upserts, then deletes of what is stale.

Labels and relationship types in query text come from :mod:`queries.schema` only
(:func:`schema_label`, :func:`schema_rel`); rows travel as ``$rows``.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.store.neo4j_rows import GraphRows, schema_label, schema_rel
from queries.schema import NODE_LABELS, REL_TYPES


class GraphWriter:
    """The statements of one :meth:`kg.store.neo4j_store.Neo4jStore.write_graph`, run in one or many transactions.

    Plans the upserts (batched, size-checked) when created, so a row too big
    for the server fails before anything is sent; :meth:`run_all` reads what
    the database holds, plans the deletes, and runs everything.
    """

    def __init__(self, store, rows: GraphRows, report, progress: Callable[[int, int], None] | None):
        self.store, self.rows, self.report, self.progress = store, rows, report, progress
        self.done = 0
        #: rows of the batches that ran, by what they did ("Paper nodes", "stale nodes deleted", …)
        self.written: dict[str, int] = {}
        self.upserts = self._plan_upserts()
        self.total = len(self.upserts)

    def _plan_upserts(self) -> list[tuple[str, list[dict], str]]:
        adapter = self.store.adapter  # the server's parameter and float encodings
        plan = []
        for label, items in self.rows.nodes.items():
            items, floats = adapter.split_floats(items)
            q = f"UNWIND $rows AS row MERGE (n:{schema_label(label)} {{key: row.key}}) SET n = row.props"
            q += adapter.set_floats("n", floats)
            plan += [(q, b, f"{label} nodes") for b in self.store.batches(q, self.store.params(items), f"{label} node")]
        for (rel, sl, el), items in self.rows.rels.items():
            items, floats = adapter.split_floats(items)
            q = (
                f"UNWIND $rows AS row MATCH (a:{schema_label(sl)} {{key: row.s}}) "
                f"MATCH (b:{schema_label(el)} {{key: row.t}}) "
                f"MERGE (a)-[r:{schema_rel(rel)}]->(b) SET r = row.props"
            ) + adapter.set_floats("r", floats)
            plan += [
                (q, b, f"{rel} relationships")
                for b in self.store.batches(q, self.store.params(items), f"{rel} relationship")
            ]
        return plan

    def _existing(self, run) -> tuple[set, set]:
        nodes, rels = set(), set()
        labels = set(NODE_LABELS)
        for label in NODE_LABELS:
            for row in run(f"MATCH (n:{schema_label(label)}) RETURN n.key AS k", {}):
                nodes.add((label, row["k"]))
        for rel in REL_TYPES:
            q = f"MATCH (a)-[r:{schema_rel(rel)}]->(b) RETURN labels(a) AS la, a.key AS s, labels(b) AS lb, b.key AS t"
            for row in run(q, {}):
                la = next((x for x in row["la"] if x in labels), None)
                lb = next((x for x in row["lb"] if x in labels), None)
                if la and lb:
                    rels.add((rel, la, row["s"], lb, row["t"]))
        return nodes, rels

    def _plan_deletes(self, nodes: set, rels: set) -> list[tuple[str, list[dict], str]]:
        plan = []
        by_rel: dict[tuple, list[dict]] = {}
        for rel, sl, s, el, t in sorted(rels - self.rows.rel_ids(), key=str):
            by_rel.setdefault((rel, sl, el), []).append({"s": s, "t": t})
        for (rel, sl, el), items in by_rel.items():
            q = (
                f"UNWIND $rows AS row MATCH (a:{schema_label(sl)} {{key: row.s}})"
                f"-[r:{schema_rel(rel)}]->(b:{schema_label(el)} {{key: row.t}}) DELETE r"
            )
            plan += [
                (q, b, "stale relationships deleted")
                for b in self.store.batches(q, self.store.params(items), "stale relationship")
            ]
        by_label: dict[str, list[dict]] = {}
        for label, key in sorted(nodes - self.rows.node_ids(), key=str):
            by_label.setdefault(label, []).append({"key": key})
        for label, items in by_label.items():
            q = f"UNWIND $rows AS row MATCH (n:{schema_label(label)} {{key: row.key}}) DETACH DELETE n"
            plan += [
                (q, b, "stale nodes deleted") for b in self.store.batches(q, self.store.params(items), "stale node")
            ]
        self.report.deleted_nodes = sum(len(v) for v in by_label.values())
        self.report.deleted_relationships = sum(len(v) for v in by_rel.values())
        return plan

    def summary(self) -> str:
        """What the batches that ran wrote: ``"6 Paper nodes, 2 USES relationships"`` (or ``"nothing"``)."""
        return ", ".join(f"{n} {what}" for what, n in self.written.items()) or "nothing"

    def run_all(self, tx) -> None:
        """Upsert, then delete what is stale; in ``tx`` if given, else one transaction per batch.

        Batches are already parameter-encoded (:meth:`Neo4jStore.params`), so
        they are sent as they are.
        """
        store = self.store
        self.done = 0
        self.written = {}

        def run(query: str, params: dict) -> list[dict]:
            if tx is not None:
                return [dict(r.items()) for r in tx.run(query, params)]

            def work(t):
                return [dict(r.items()) for r in t.run(query, params)]

            with store.session() as session:
                return session.execute_write(work)

        nodes, rels = self._existing(run)
        plan = self.upserts + self._plan_deletes(nodes, rels)
        self.total = len(plan)
        for query, batch, what in plan:
            run(query, {"rows": batch})
            self.done += 1
            self.written[what] = self.written.get(what, 0) + len(batch)
            if self.progress:
                self.progress(self.done, self.total)
        self.report.nodes = self.rows.n_nodes
        self.report.relationships = self.rows.n_rels
        self.report.batches = self.total
