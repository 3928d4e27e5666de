"""Write only what changed: apply the difference between a graph's tables and the stored ones.

A store written from tables (:meth:`kg.store.embedded.EmbeddedStore.write_tables`, the columnar
build) keeps beside ``graph.lbug`` a *row digest* of what it wrote (:data:`kg.store.embedded.DIGEST_FILE`:
one row per node and relationship: its table, FROM/TO pair, id (the node key, or the two keys of a
relationship) and a 64-bit hash of its values, the Paper list position apart), stamped with the
size and modification time of the ``graph.lbug`` it describes (:func:`kg.store.embedded.digest_stamp`)
and with the tables' schema. The next write from tables hashes the new rows the same way (DuckDB,
over the Arrow columns a load makes anyway) and, when the digest is the database's, turns the
difference into a :class:`Plan`: nodes to delete (``DETACH DELETE``), to update (``SET``) and to
add (``COPY`` into the existing table), relationships to delete and to add, Paper positions
(``_order``) to move, and relationship tables loaded anew where most of their rows changed
(``CO_OCCURS``: every strength moves with the number of papers). :func:`apply_plan` runs it in one
transaction on a copy of the database, which the store renames over ``graph.lbug`` (all or nothing,
as every write).

Anything the digest cannot vouch for (no digest, another stamp: a ``kg cypher --write``, a
``networkx`` build, a crash between two renames; another schema; an id repeated within a part)
gives no plan, and the store writes the whole database as before. ``KG_WRITE_CHANGES=0`` turns
the whole thing off.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kg.store.ladybug_schema import ORDER, Table
from queries.schema import PAPER

#: a relationship table with more than this share of its rows changed is loaded anew
RELOAD_SHARE = 0.5
_DIGEST_SCHEMA = pa.schema(
    [
        ("tbl", pa.string()),
        ("part", pa.string()),
        ("id", pa.string()),
        ("digest", pa.uint64()),
        ("ord", pa.float64()),
    ]
)


def enabled() -> bool:
    """Whether writes from tables apply only what changed (``KG_WRITE_CHANGES=0`` turns it off)."""
    return os.environ.get("KG_WRITE_CHANGES", "1").strip() not in ("0", "false", "no", "off")


def _duckdb():
    try:
        import duckdb  # noqa: PLC0415 (the columnar build's engine; without it, every write is whole)
    except ImportError:
        return None
    return duckdb


def _part(pair: tuple[str, str] | None) -> str:
    return "" if pair is None else f"{pair[0]}>{pair[1]}"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Part:
    """One node table, or one FROM/TO pair of a relationship table, as Arrow columns."""

    table: Table
    pair: tuple[str, str] | None
    arrow: pa.Table

    @property
    def name(self) -> str:
        return _part(self.pair)


def parts(tables: list[Table], arrow_of) -> list[Part]:
    """Every non-empty part of ``tables`` with its Arrow columns (``arrow_of(table, cols)``)."""
    out = []
    for table in tables:
        for pair, cols in table.data.items():
            if next(iter(cols.values()), None):
                out.append(Part(table, pair, arrow_of(table, cols)))
    return out


def digests(con, items: list[Part]) -> pa.Table:
    """The row digest of ``items`` (:data:`_DIGEST_SCHEMA`, plus ``pos``: the row's index in its part)."""
    out = []
    for i, item in enumerate(items):
        cols = [c for c in item.arrow.column_names if c != ORDER]
        view = f"part_{i}"
        con.register(view, item.arrow.append_column("__pos", pa.array(range(item.arrow.num_rows), pa.int64())))
        fields = ", ".join(f"{_q('v_' + c)} := {_q(c)}, {_q('n_' + c)} := {_q(c)} IS NULL" for c in cols)
        ident = "key" if item.pair is None else '"from" || chr(0) || "to"'
        order = f"{_q(ORDER)}::DOUBLE" if ORDER in item.arrow.column_names else "NULL::DOUBLE"
        out.append(
            con.sql(
                f"SELECT ? AS tbl, ? AS part, {ident} AS id, hash(struct_pack({fields})) AS digest, "
                f"{order} AS ord, __pos AS pos FROM {view}",
                params=[item.table.name, item.name],
            ).to_arrow_table()
        )
        con.unregister(view)
    if not out:
        return _DIGEST_SCHEMA.append(pa.field("pos", pa.int64())).empty_table()
    return pa.concat_tables([t.cast(_DIGEST_SCHEMA.append(pa.field("pos", pa.int64()))) for t in out])


def repeated(con, rows: pa.Table) -> bool:
    """Whether an id repeats within a part of ``rows`` (two relationships of one type between two nodes:
    the digest cannot tell them apart, so no digest is kept and the next write is whole)."""
    con.register("rep_d", rows)
    try:
        found = con.execute("SELECT 1 FROM rep_d GROUP BY tbl, part, id HAVING count(*) > 1 LIMIT 1").fetchall()
    finally:
        con.unregister("rep_d")
    return bool(found)


def schema_of(tables: list[Table]) -> str:
    return json.dumps([t.ddl() for t in tables])


def write_digest(path: Path, rows: pa.Table, stamp: str, schema: str) -> None:
    """Write the digest ``rows`` to ``path`` (a temporary name the store renames), stamped."""
    table = rows.drop_columns(["pos"]) if "pos" in rows.column_names else rows
    meta = {b"paperkg.stamp": stamp.encode(), b"paperkg.schema": schema.encode()}
    pq.write_table(table.replace_schema_metadata(meta), path, compression="zstd")


def read_digest(path: Path, stamp: str, schema: str) -> bool:
    """Whether the digest at ``path`` describes the database of ``stamp`` with tables of ``schema``."""
    try:
        meta = pq.read_schema(path).metadata or {}
    except (OSError, pa.ArrowException):
        return False
    return meta.get(b"paperkg.stamp") == stamp.encode() and meta.get(b"paperkg.schema") == schema.encode()


@dataclass
class Scope:
    """Tables given in part (the columnar build's rows for what changed, :mod:`kg.build.columnar_bib`): of a
    node table in ``nodes``, the rows of those keys (a key named without a row is gone); of a relationship
    table in ``rels``, the rows with their FROM key in the first list or their TO key in the second. Every
    other row of those tables is as the digest has it, and carried over; ``order`` (``key``, ``ord``) gives
    every Paper's list position. Tables named in neither are given whole."""

    nodes: dict[str, list[str]]
    rels: dict[str, tuple[list[str], list[str]]]
    order: pa.Table  # key, ord: every paper, ranked 0, 1, … in list order
    fresh: list[str] = field(default_factory=list)  # Paper keys whose place in the list may have moved

    @property
    def tables(self) -> set[str]:
        return set(self.nodes) | set(self.rels)


def positions(order: pa.Table, stored: dict[str, float], fresh: set[str]) -> pa.Table:
    """Every paper's list position value (``key``, ``ord``) after a change: ``order`` ranks every paper in
    list order, ``stored`` holds the values the store has, ``fresh`` the papers whose place may have moved.
    A paper keeps its stored value where it is still in order (not fresh, above the last value kept); the
    others get values spaced evenly between their neighbours', so no other paper's value moves. Where
    no value fits between two neighbours (a DOUBLE halved some 50 times at one place), every paper gets
    its rank again, as a whole write gives.

    >>> import pyarrow as pa
    >>> t = positions(pa.table({"key": ["n", "a", "m", "b"], "ord": [0, 1, 2, 3]}), {"a": 0.0, "b": 1.0}, set())
    >>> t.column("ord").to_pylist()
    [-1.0, 0.0, 0.5, 1.0]
    """
    ranked = order.sort_by("ord").column("key").to_pylist()
    values: list[float | None] = [None] * len(ranked)
    last: float | None = None
    waiting: list[int] = []

    def place(lo: float | None, hi: float | None) -> bool:
        m = len(waiting)
        if not m:
            return True
        if lo is None and hi is None:
            new = [float(i) for i in range(m)]
        elif lo is None:
            new = [hi - m + i for i in range(m)]  # type: ignore[operator]
        elif hi is None:
            new = [lo + 1 + i for i in range(m)]
        else:
            step = (hi - lo) / (m + 1)
            new = [lo + step * (i + 1) for i in range(m)]
        if any(not (a < b) for a, b in zip([lo, *new], [*new, hi], strict=True) if a is not None and b is not None):
            return False
        for i, v in zip(waiting, new, strict=True):
            values[i] = v
        waiting.clear()
        return True

    for i, key in enumerate(ranked):
        value = stored.get(key)
        if value is not None and key not in fresh and (last is None or value > last):
            if not place(last, value):
                return pa.table({"key": ranked, "ord": [float(i) for i in range(len(ranked))]})
            values[i] = last = value
        else:
            waiting.append(i)
    if not place(last, None):
        return pa.table({"key": ranked, "ord": [float(i) for i in range(len(ranked))]})
    return pa.table({"key": pa.array(ranked, pa.string()), "ord": pa.array(values, pa.float64())})


def stored_positions(digest_path: Path) -> dict[str, float]:
    """Paper key → the list position value the digest at ``digest_path`` holds."""
    rows = pq.read_table(digest_path, columns=["tbl", "part", "id", "ord"], filters=[("tbl", "=", PAPER)])
    keys, ords, parts = rows.column("id").to_pylist(), rows.column("ord").to_pylist(), rows.column("part").to_pylist()
    return {k: o for k, o, p in zip(keys, ords, parts, strict=True) if not p and o is not None}


def place_papers(items: list[Part], order: pa.Table) -> list[Part]:
    """``items`` with the Paper rows' list positions (``_order``) taken from ``order`` (``key``, ``ord``)."""
    value = dict(zip(order.column("key").to_pylist(), order.column("ord").to_pylist(), strict=True))
    out = []
    for item in items:
        if item.table.name == PAPER and item.pair is None and ORDER in item.arrow.column_names:
            column = pa.array([value[k] for k in item.arrow.column("key").to_pylist()], pa.float64())
            i = item.arrow.column_names.index(ORDER)
            item = Part(item.table, item.pair, item.arrow.set_column(i, ORDER, column))
        out.append(item)
    return out


def carry(con, new: pa.Table, digest_path: Path, scope: Scope, order: pa.Table) -> pa.Table | None:
    """The digest of the whole new graph from ``new`` (the digest of the rows given, :func:`digests`) and the
    stored digest's rows outside ``scope`` (the Paper positions from ``order``, :func:`positions`; ``pos``
    -1: no row given); None when a carried Paper row has no position (the scope missed a paper gone)."""
    names, froms, tos = [], [], []
    for tbl, keys in scope.nodes.items():
        names += [(tbl, k) for k in keys]
    for tbl, (f, t) in scope.rels.items():
        froms += [(tbl, k) for k in f]
        tos += [(tbl, k) for k in t]

    def pairs(rows: list[tuple[str, str]]) -> pa.Table:
        return pa.table(
            {"tbl": pa.array([r[0] for r in rows], pa.string()), "k": pa.array([r[1] for r in rows], pa.string())}
        )

    con.register("sc_nodes", pairs(names))
    con.register("sc_from", pairs(froms))
    con.register("sc_to", pairs(tos))
    con.register("sc_order", order)
    con.register("sc_tables", pa.table({"tbl": pa.array(sorted(scope.tables), pa.string())}))
    try:
        carried = con.sql(
            f"""
            WITH o AS (SELECT * FROM read_parquet('{digest_path}') WHERE tbl IN (SELECT tbl FROM sc_tables)),
            c AS (
                SELECT o.* FROM o
                WHERE NOT (o.part = '' AND EXISTS (SELECT 1 FROM sc_nodes s WHERE s.tbl = o.tbl AND s.k = o.id))
                  AND NOT (o.part <> '' AND EXISTS (SELECT 1 FROM sc_from s WHERE s.tbl = o.tbl
                                                    AND s.k = split_part(o.id, chr(0), 1)))
                  AND NOT (o.part <> '' AND EXISTS (SELECT 1 FROM sc_to s WHERE s.tbl = o.tbl
                                                    AND s.k = split_part(o.id, chr(0), 2))))
            SELECT c.tbl, c.part, c.id, c.digest,
                   CASE WHEN c.tbl = '{PAPER}' AND c.part = '' THEN so.ord ELSE c.ord END AS ord, -1::BIGINT AS pos
            FROM c LEFT JOIN sc_order so ON c.tbl = '{PAPER}' AND c.part = '' AND so.key = c.id
            """
        ).to_arrow_table()
    finally:
        for view in ("sc_nodes", "sc_from", "sc_to", "sc_order", "sc_tables"):
            con.unregister(view)
    schema = _DIGEST_SCHEMA.append(pa.field("pos", pa.int64()))
    carried = carried.cast(schema)
    papers = _paper_rows(carried)
    if papers.num_rows and papers.column("ord").null_count:
        return None
    return pa.concat_tables([new.cast(schema), carried])


def _paper_rows(rows: pa.Table) -> pa.Table:
    import pyarrow.compute as pc  # noqa: PLC0415

    mask = pc.and_(pc.equal(rows.column("tbl"), PAPER), pc.equal(rows.column("part"), ""))
    return rows.filter(mask)


def stats_of(rows: pa.Table) -> dict:
    """Node and relationship counts of a whole graph's digest ``rows`` (as :func:`kg.core.graph.graph_stats`)."""
    nodes: dict[str, int] = defaultdict(int)
    rels: dict[str, int] = defaultdict(int)
    tbl, part = rows.column("tbl").to_pylist(), rows.column("part").to_pylist()
    for (t, p), n in Counter(zip(tbl, part, strict=True)).items():
        (rels if p else nodes)[t] += n
    return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}


@dataclass
class Plan:
    """What turns the stored database into the new one (see the module's docstring)."""

    node_deletes: list[tuple[str, pa.Table]] = field(default_factory=list)  # label, keys
    rel_deletes: list[tuple[str, tuple[str, str], pa.Table]] = field(default_factory=list)  # type, pair, from/to
    node_updates: list[tuple[str, pa.Table]] = field(default_factory=list)  # label, rows
    order_moves: pa.Table | None = None  # Paper key, new position
    node_adds: list[tuple[str, pa.Table]] = field(default_factory=list)
    reloads: list[Table] = field(default_factory=list)  # relationship tables dropped and loaded anew
    rel_adds: list[tuple[str, tuple[str, str], pa.Table]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # what each kind of change took (apply_plan)


def plan(con, items: list[Part], new: pa.Table, digest_path: Path, partial: set[str] | None = None) -> Plan:
    """The changes from the stored digest to ``new`` (:func:`digests` of ``items``, or with the rows
    :func:`carry` carries over; no id repeated within a part: :func:`repeated`). ``partial``: tables given
    in part, never loaded anew (their rows are not all in ``items``)."""
    t0 = time.perf_counter()
    con.register("new_d", new)
    # a view: the stored digest read from its file by each query, not held as a second copy (2.3 million rows
    # with string ids at 100,000 papers) beside the new one
    con.execute(f"CREATE OR REPLACE TEMP VIEW old_d AS SELECT * FROM read_parquet('{digest_path}')")
    out = Plan()
    by_part = {(item.table.name, item.name): item for item in items}
    tables = {item.table.name: item.table for item in items}
    # rows gone: in the digest, not in the new tables
    gone: dict[tuple[str, str], list[str]] = {}
    for tbl, part, ids in con.execute(
        "SELECT o.tbl, o.part, list(o.id) FROM old_d o ANTI JOIN new_d n USING (tbl, part, id) GROUP BY ALL"
    ).fetchall():
        gone[(tbl, part)] = ids
    # rows new or changed: the positions in their part, and whether the id was there
    changed: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for tbl, part, added, updated in con.execute(
        """SELECT n.tbl, n.part, list(n.pos) FILTER (WHERE o.id IS NULL), list(n.pos) FILTER (WHERE o.id IS NOT NULL)
           FROM new_d n LEFT JOIN old_d o USING (tbl, part, id)
           WHERE o.id IS NULL OR o.digest <> n.digest GROUP BY ALL"""
    ).fetchall():
        changed[(tbl, part)] = (added or [], updated or [])
    moves = con.sql(
        f"""SELECT n.id AS k, n.ord AS o FROM new_d n JOIN old_d o USING (tbl, part, id)
            WHERE n.tbl = '{PAPER}' AND n.digest = o.digest AND n.ord IS DISTINCT FROM o.ord"""
    ).to_arrow_table()
    # the tables the digest holds that the new tables do not (every row of them gone) were counted above
    old_size = {(t, p): n for t, p, n in con.execute("SELECT tbl, part, count(*) FROM old_d GROUP BY ALL").fetchall()}
    new_size = {k: item.arrow.num_rows for k, item in by_part.items()}
    rel_names = {t for (t, p) in set(old_size) | set(new_size) if p}
    for rel in sorted(rel_names):
        if rel not in tables:  # every row gone: delete them one by one (rare: a type no paper has any more)
            continue
        keys = {k for k in set(old_size) | set(new_size) if k[0] == rel}
        moved = sum(len(gone.get(k, [])) + sum(map(len, changed.get(k, ([], [])))) for k in keys)
        size = max(sum(old_size.get(k, 0) for k in keys), sum(new_size.get(k, 0) for k in keys), 1)
        if moved > RELOAD_SHARE * size and rel not in (partial or ()):
            out.reloads.append(tables[rel])
            for k in keys:
                gone.pop(k, None)
                changed.pop(k, None)
    for (tbl, part), ids in sorted(gone.items()):
        if part:
            a, b = part.split(">")
            f, t = zip(*(i.split("\x00") for i in ids), strict=True)
            out.rel_deletes.append((tbl, (a, b), pa.table({"f": list(f), "t": list(t)})))
        else:
            out.node_deletes.append((tbl, pa.table({"k": ids})))
    for (tbl, part), (added, updated) in sorted(changed.items()):
        item = by_part[(tbl, part)]
        if part:  # a changed relationship: deleted, then added with its new values
            if updated:
                rows = item.arrow.take(pa.array(updated, pa.int64())).select(["from", "to"])
                out.rel_deletes.append((tbl, item.pair, rows.rename_columns(["f", "t"])))  # type: ignore[arg-type]
            out.rel_adds.append((tbl, item.pair, item.arrow.take(pa.array(sorted(added + updated), pa.int64()))))  # type: ignore[arg-type]
        else:
            if updated:
                out.node_updates.append((tbl, item.arrow.take(pa.array(updated, pa.int64()))))
            if added:
                out.node_adds.append((tbl, item.arrow.take(pa.array(added, pa.int64()))))
    out.order_moves = moves if moves.num_rows else None
    out.seconds["plan"] = round(time.perf_counter() - t0, 3)
    out.counts = {
        "node_deletes": sum(t.num_rows for _, t in out.node_deletes),
        "node_updates": sum(t.num_rows for _, t in out.node_updates),
        "node_adds": sum(t.num_rows for _, t in out.node_adds),
        "order_moves": moves.num_rows,
        "rel_deletes": sum(t.num_rows for *_, t in out.rel_deletes),
        "rel_adds": sum(t.num_rows for *_, t in out.rel_adds),
        "reloaded_tables": len(out.reloads),
    }
    return out


def _numbered(rows: pa.Table) -> pa.Table:
    """``rows`` with its columns named c0, c1, … (names such as ``from`` or ``_order`` are not Cypher variables)."""
    return rows.rename_columns([f"c{i}" for i in range(rows.num_columns)])


def apply_plan(conn: Any, p: Plan, items: list[Part]) -> None:
    """Run ``p`` on the database of ``conn`` in one transaction (rolled back on any error)."""
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        p.seconds[name] = round(p.seconds.get(name, 0.0) + now - clock[0], 3)
        clock[0] = now

    conn.execute("BEGIN TRANSACTION")
    try:
        for table in p.reloads:
            conn.execute(f"DROP TABLE `{table.name}`")
            conn.execute(table.ddl())
        lap("drop")
        for rel, (a, b), rows in p.rel_deletes:
            conn.execute(
                f"LOAD FROM $rows MATCH (x:`{a}` {{key: f}})-[e:`{rel}`]->(y:`{b}` {{key: t}}) DELETE e", {"rows": rows}
            )
        lap("rel_deletes")
        for label, keys in p.node_deletes:
            conn.execute(f"LOAD FROM $rows MATCH (n:`{label}` {{key: k}}) DETACH DELETE n", {"rows": keys})
        lap("node_deletes")
        for label, rows in p.node_updates:
            cols = [c for c in rows.column_names if c != "key"]
            renamed = _numbered(rows)
            pos = {c: i for i, c in enumerate(rows.column_names)}
            sets = ", ".join(f"n.`{c}` = c{pos[c]}" for c in cols)
            conn.execute(f"LOAD FROM $rows MATCH (n:`{label}` {{key: c{pos['key']}}}) SET {sets}", {"rows": renamed})
        lap("node_updates")
        if p.order_moves is not None:
            conn.execute(f"LOAD FROM $rows MATCH (n:`{PAPER}` {{key: k}}) SET n.`{ORDER}` = o", {"rows": p.order_moves})
        lap("order_moves")
        for label, rows in p.node_adds:
            conn.execute(f"COPY `{label}` FROM $rows", {"rows": rows})
        lap("node_adds")
        reload = {t.name for t in p.reloads}
        for item in items:
            if item.table.name in reload:
                a, b = item.pair  # type: ignore[misc]
                conn.execute(f"COPY `{item.table.name}` FROM $rows (from='{a}', to='{b}')", {"rows": item.arrow})
        lap("reloads")
        for rel, (a, b), rows in p.rel_adds:  # COPY: LOAD FROM … MATCH … CREATE fills the buffer pool at 100,000 papers
            conn.execute(f"COPY `{rel}` FROM $rows (from='{a}', to='{b}')", {"rows": rows})
        lap("rel_adds")
        conn.execute("COMMIT")
        lap("commit")
    except BaseException:
        try:
            conn.execute("ROLLBACK")
        except RuntimeError:
            pass
        raise
