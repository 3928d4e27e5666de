"""Bulk-load a NetworkX graph into a new LadybugDB database file (``COPY`` from Arrow tables)."""

from __future__ import annotations

import gc
from pathlib import Path

import ladybug
import networkx as nx
import pyarrow as pa

from kg.store.base import StoreError
from kg.store.files import is_disk_full
from kg.store.ladybug_schema import Table, graph_tables

_ARROW = {
    "STRING": pa.string(),
    "INT64": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "STRING[]": pa.list_(pa.string()),
}


def table_arrow(table: Table, cols: dict[str, list]) -> pa.Table:
    """The Arrow table of one part of ``table`` (its node rows, or the rows of one FROM/TO pair)."""
    types = {"from": pa.string(), "to": pa.string()} | {c: _ARROW[t] for c, t in table.columns.items()}
    return pa.table(
        {
            c: v.cast(types[c]) if isinstance(v, (pa.Array, pa.ChunkedArray)) else pa.array(v, type=types[c])
            for c, v in cols.items()
        }
    )


def write_database(graph: nx.MultiDiGraph | list[Table], path: Path, memory_mb: int) -> None:
    """Create the database at ``path`` (which must not exist) holding ``graph`` (or its tables, as
    :func:`kg.store.ladybug_schema.graph_tables` makes them); closed when this returns.

    On a failure the database is closed and its last references dropped before the error goes up,
    so LadybugDB's clean-up (checkpoint lock files beside ``path``) happens now, before the caller
    removes what the failed write left, not later when the error is collected."""
    db = ladybug.Database(str(path), buffer_pool_size=memory_mb * 1024 * 1024)
    conn = ladybug.Connection(db)
    try:
        load_graph(conn, graph)
    except BaseException as exc:
        conn.close()
        db.close()
        del conn, db
        exc.__traceback__ = None  # load_graph's frame holds the connection
        gc.collect()
        raise
    conn.close()
    db.close()


def load_graph(conn: ladybug.Connection, graph: nx.MultiDiGraph | list[Table]) -> None:
    """Create the schema and bulk-load ``graph`` into the empty database of ``conn``.

    Each ``COPY`` commits on its own: held in one transaction, the tables of 100,000 papers with
    their reference lists overflowed the 512 MB buffer pool. The database is a new file renamed
    over the store's only when whole (:meth:`kg.store.embedded.EmbeddedStore.write_graph`), so a
    failure part-way still leaves the store as it was."""
    tables = graph if isinstance(graph, list) else graph_tables(graph)
    try:
        conn.execute("BEGIN TRANSACTION")  # the schema in one commit
        for table in tables:
            conn.execute(table.ddl())
        conn.execute("COMMIT")
        for table in tables:
            for pair, cols in table.data.items():
                if not next(iter(cols.values()), None):
                    continue
                arrow = table_arrow(table, cols)
                ends = f" (from='{pair[0]}', to='{pair[1]}')" if pair else ""
                conn.execute(f"COPY `{table.name}` FROM $rows{ends}", {"rows": arrow})
    except RuntimeError as exc:
        if "IO exception" in str(exc) or is_disk_full(exc):
            raise  # the caller tells a full disk from other I/O failures (EmbeddedStore.write_graph)
        raise StoreError(f"cannot load the graph ({exc})") from exc
    except pa.ArrowException as exc:
        raise StoreError(f"cannot load the graph ({exc})") from exc
