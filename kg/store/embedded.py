"""The embedded store: a LadybugDB database (on-disk, indexed, real Cypher, no server).

Layout of a store folder (default ``./kg-store``, or ``--store`` / ``KG_STORE``)::

    kg-store/
      graph.lbug          the LadybugDB database (schema from queries.schema, see kg.store.ladybug_schema)
      extractions.sqlite  extraction cache keyed by content hash (kg.build.cache)
      search.sqlite       full-text index of titles and abstracts (kg.store.search_index)
      graph.rows.parquet  digest of the rows last written from tables (kg.store.ladybug_diff): the next
                          such write applies only what changed to a copy of the database
      .lock               held by the one process writing (kg.store.lock)

Writes are all or nothing: :meth:`EmbeddedStore.write_graph` bulk-loads a new
database beside the old one and renames it over ``graph.lbug``, so a reader (or
a crash at any moment) sees the old graph or the new one, never a mix; a stale
``.graph-*.tmp`` left by a killed writer is removed by the next one. A write
query (``kg cypher --write``) runs on a copy of the database renamed over it the
same way. Readers open the database read-only. One writer at a time
(:meth:`EmbeddedStore.writing`). A store whose files are symbolic links is
refused (:mod:`kg.store.files`); a read-only store of an older format is
upgraded in memory, for reading.

A store from paperkg 0.1 (``graph.json``) is migrated on first open.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.core.papers import Paper
from kg.store.base import StoreError
from kg.store.files import ReadOnlyStore, fsync_path, is_disk_full, refuse_links, write_failure
from kg.store.ladybug_errors import cypher_error
from kg.store.lock import WriterLock
from kg.store.migrate import (
    LEGACY_FILE,
    STORE_FORMAT,
    mark_format,
    migrate_json_store,
    store_format,
    tables_missing,
    upgrade_store,
)
from kg.store.search_index import (
    INDEX_FILE,
    graph_stamp,
    open_index,
    temporary_path,
    update_index_file,
    write_index_file,
)
from queries.errors import CypherError
from queries.schema import NODE_LABELS, PAPER, PAPER_ORDER, REL_TYPES, node_id

if TYPE_CHECKING:  # networkx only where a graph is built: queries start without it
    import ladybug
    import networkx as nx

GRAPH_FILE = "graph.lbug"
LOCK_FILE = ".lock"
#: the row digest of what the last write from tables wrote (kg.store.ladybug_diff): the next one writes what changed
DIGEST_FILE = "graph.rows.parquet"
TMP_PREFIX = ".graph-"
TMP_SUFFIX = ".tmp"
PAPER_FIELDS = frozenset(Paper.__dataclass_fields__)
#: the child process that runs one typed-in query (kg.store.ladybug_child)
CHILD_COMMAND = [sys.executable, "-m", "kg.store.ladybug_child"]


def _ladybug():
    """The ``ladybug`` module, imported when a database is first opened (with asyncio, a tenth of a
    second that a search of the index beside the graph never needs)."""
    import ladybug  # noqa: PLC0415

    return ladybug


#: defaults of the query limits (``KG_QUERY_TIMEOUT`` seconds, ``KG_QUERY_MEMORY`` MB, ``KG_MAX_ROWS``)
QUERY_TIMEOUT = 30.0
QUERY_MEMORY_MB = 512
MAX_ROWS = 100_000
#: the least buffer pool a bulk load gets, whatever the query memory limit (a load holds a page
#: per column of every table until it commits: a 64 MB pool no longer holds a small graph's)
WRITE_MEMORY_MB = 128
#: what LadybugDB says when a load needs a larger buffer pool (:meth:`EmbeddedStore._write_database`)
POOL_FULL = "buffer pool is full"


def max_write_pool_mb() -> int:
    """The largest buffer pool a write may take: half the machine's memory (``KG_WRITE_MEMORY_MAX`` MB)."""
    try:
        half = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**21
    except (ValueError, OSError, AttributeError):
        half = 4096
    return int(_env_number("KG_WRITE_MEMORY_MAX", max(half, WRITE_MEMORY_MB)))


#: free bytes below which a write LadybugDB reports as a failed read-back counts as the disk being full
NO_ROOM_BYTES = 16 * 1024 * 1024


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


class EmbeddedStore:
    """A store folder holding a LadybugDB database.

    ``timeout`` (seconds), ``memory_mb`` (the database's buffer pool) and
    ``max_rows`` bound what one query may cost; defaults from ``KG_QUERY_TIMEOUT``,
    ``KG_QUERY_MEMORY`` and ``KG_MAX_ROWS``.

    >>> import tempfile
    >>> store = EmbeddedStore(tempfile.mkdtemp())
    >>> store.read_graph().number_of_nodes()
    0
    """

    dialect = "ladybug"

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        timeout: float | None = None,
        memory_mb: int | None = None,
        max_rows: int | None = None,
    ):
        self.path = Path(path)
        self.location = str(self.path)
        self.timeout = timeout or _env_number("KG_QUERY_TIMEOUT", QUERY_TIMEOUT)
        self.memory_mb = int(memory_mb or _env_number("KG_QUERY_MEMORY", QUERY_MEMORY_MB))
        self.max_rows = int(max_rows or _env_number("KG_MAX_ROWS", MAX_ROWS))
        self._lock = WriterLock(self.path / LOCK_FILE, f"store {self.location!r}")
        self._db: ladybug.Database | None = None
        self._conn: ladybug.Connection | None = None
        self._migrated = False
        #: an old store that could not be upgraded on disk (read-only): its graph, upgraded in memory
        self._memory_graph: nx.MultiDiGraph | None = None

    # -- files ---------------------------------------------------------------
    @property
    def graph_file(self) -> Path:
        return self.path / GRAPH_FILE

    def exists(self) -> bool:
        self._migrate()
        return self.graph_file.exists() or self._memory_graph is not None

    @contextmanager
    def writing(self, wait: float | None = None, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold this store's writer lock inside the block (see :class:`kg.store.lock.WriterLock`)."""
        with self._lock.hold(wait, on_wait):
            yield

    def _migrate(self) -> None:
        refuse_links(self.path)  # every open checks: a link planted in the folder is never followed
        if self._migrated:
            return
        self._migrated = True
        legacy = not self.graph_file.exists() and (self.path / LEGACY_FILE).exists()
        try:
            if legacy:
                migrate_json_store(self)
            elif self.graph_file.exists() and store_format(self.path) < STORE_FORMAT:
                upgrade_store(self)
        except ReadOnlyStore:  # the upgrade cannot be written: serve it from memory (readers need no lock)
            self._memory_graph = self._upgraded_in_memory(legacy)

    def _upgraded_in_memory(self, legacy: bool) -> nx.MultiDiGraph:
        from kg.store.migrate import read_json_graph, upgrade_graph  # noqa: PLC0415 (only old stores need it)

        graph = read_json_graph(self.path / LEGACY_FILE) if legacy else self.read_graph()
        self.close()
        upgrade_graph(graph)
        return graph

    def _remove_temporary(self) -> None:
        for tmp in self.path.glob(f"{TMP_PREFIX}*{TMP_SUFFIX}*"):
            tmp.unlink(missing_ok=True)
        for tmp in self.path.glob(".search-*.tmp"):
            tmp.unlink(missing_ok=True)

    # -- reading ---------------------------------------------------------------
    def _connection(self) -> ladybug.Connection:
        if self._conn is None:
            self._migrate()
            if self._memory_graph is not None:
                from kg.store.ladybug_load import load_graph  # noqa: PLC0415 (pyarrow only when loading)

                self._db = _ladybug().Database(":memory:", buffer_pool_size=self.memory_mb * 1024 * 1024)
                self._conn = _ladybug().Connection(self._db)
                load_graph(self._conn, self._memory_graph)
                return self._conn
            if not self.graph_file.exists():
                raise StoreError(f"no graph in store {self.location!r}; build one first")
            try:
                self._db = _ladybug().Database(
                    str(self.graph_file), read_only=True, buffer_pool_size=self.memory_mb * 1024 * 1024
                )
                self._conn = _ladybug().Connection(self._db)
            except RuntimeError as exc:
                raise StoreError(f"{self.graph_file}: not a readable paperkg store ({exc})") from None
        return self._conn

    def run(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        max_rows: int | None = None,
        isolated: bool = False,
    ) -> list[dict[str, Any]]:
        """Rows of a Cypher query (one dict per row, keyed by RETURN column).

        Read-only unless ``write``; stops at the time limit and raises
        :class:`queries.errors.CypherError` for bad Cypher (with line and column),
        and for more than ``max_rows`` rows when given. Nodes come back as their
        property dicts with ``label``, relationships with ``type``. ``isolated``
        runs the query in a child process (for queries a user typed: a crash of
        the database engine is then an error, not the end of the program).
        """
        if isolated:
            return self._run_isolated(query, params, write, max_rows)
        return self.run_here(query, params, write=write, max_rows=max_rows)

    def run_here(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        max_rows: int | None = None,
        locked: bool = False,
    ) -> list[dict[str, Any]]:
        """:meth:`run` in this process (``locked``: the caller holds the writer lock for it)."""
        if write:
            return self._run_write(query, params, max_rows, locked)
        return self._execute(self._connection(), query, params, max_rows)

    def _run_isolated(self, query: str, params: dict | None, write: bool, max_rows: int | None) -> list[dict]:
        if not self.exists():
            raise StoreError(f"no graph in store {self.location!r}; build one first")
        try:
            job = json.dumps(
                {
                    "path": str(self.path),
                    "query": query,
                    "params": params or {},
                    "timeout": self.timeout,
                    "memory_mb": self.memory_mb,
                    "max_rows": max_rows,
                    "write": write,
                },
                ensure_ascii=False,
                default=str,
            )
        except (TypeError, ValueError, RecursionError) as exc:
            raise CypherError(f"query parameters cannot be passed on ({exc})") from None
        self.close()
        with self.writing() if write else nullcontext():
            try:
                # a writing child shares the lock: killed alone, this process leaves it held until the child ends
                proc = subprocess.run(
                    CHILD_COMMAND,
                    input=job.encode("utf-8", "surrogatepass"),
                    capture_output=True,
                    timeout=self.timeout + 60,
                    preexec_fn=_no_core_dump,
                    pass_fds=(self._lock.fileno(),) if write else (),
                )
            except subprocess.TimeoutExpired:
                raise CypherError(f"the query stopped at its time limit of {self.timeout:g} s") from None
        if proc.returncode != 0:
            how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit status {proc.returncode}"
            raise CypherError(f"the database engine crashed on this query ({how}); the store is unchanged")
        out = json.loads(proc.stdout.decode("utf-8", "replace"))
        if "error" in out:
            raise (StoreError if out.get("kind") == "StoreError" else CypherError)(out["error"])
        return out["rows"]

    def _execute(self, conn: ladybug.Connection, query: str, params: dict | None, max_rows: int | None) -> list[dict]:
        conn.set_query_timeout(int(self.timeout * 1000))
        try:
            result = conn.execute(query, params or {})
            if isinstance(result, list):  # several statements: the last one's rows
                result = result[-1]
            names = result.get_column_names()
            rows: list[dict] = []
            while result.has_next():
                if max_rows is not None and len(rows) >= max_rows:
                    raise cypher_error(f"the result has more than {max_rows} rows; add a LIMIT", query)
                rows.append(dict(zip(names, (plain(v) for v in result.get_next()), strict=False)))
            return rows
        except (RuntimeError, ValueError, TypeError, OverflowError) as exc:
            raise cypher_error(str(exc), query, timeout=self.timeout, memory_mb=self.memory_mb) from None

    def _run_write(self, query: str, params: dict | None, max_rows: int | None, locked: bool = False) -> list[dict]:
        """A write query on a copy of the database, renamed over ``graph.lbug`` once it committed:
        a failure or a ``kill -9`` at any moment leaves the previous graph as it was."""
        self.close()
        with nullcontext() if locked else self.writing():
            self._migrate()
            if not self.graph_file.exists():
                raise StoreError(f"no graph in store {self.location!r}; build one first")
            self._remove_temporary()
            tmp = self.path / f"{TMP_PREFIX}{uuid.uuid4().hex}{TMP_SUFFIX}"
            try:
                for suffix in ("", ".wal"):  # a WAL beside the database holds committed writes
                    if Path(f"{self.graph_file}{suffix}").exists():
                        shutil.copyfile(f"{self.graph_file}{suffix}", f"{tmp}{suffix}")
                db = _ladybug().Database(str(tmp), buffer_pool_size=self.memory_mb * 1024 * 1024)
                try:
                    conn = _ladybug().Connection(db)
                    rows = self._execute(conn, query, params, max_rows)
                    _drop_paper_order(conn)
                    conn.close()
                finally:
                    db.close()
                fsync_path(tmp)
                os.replace(tmp, self.graph_file)
                Path(f"{self.graph_file}.wal").unlink(missing_ok=True)
                fsync_path(self.path)
            except OSError as exc:
                raise write_failure(exc, self.graph_file) from None
            except CypherError as exc:
                if is_disk_full(exc):
                    raise write_failure(exc, self.graph_file) from None
                raise
            finally:
                self._remove_temporary()
        return rows

    def read_graph(self) -> nx.MultiDiGraph:
        """The whole stored graph as NetworkX (empty when nothing was stored yet)."""
        from kg.core.graph import new_graph  # noqa: PLC0415 (networkx: not needed to answer queries)

        G = new_graph()
        if not self.exists():
            return G
        missing = self._missing_tables()
        with self._tables_read():
            for label in (label for label in NODE_LABELS if label not in missing):
                for row in self.run(f"MATCH (n:`{label}`) RETURN n ORDER BY n.key"):
                    props = row["n"]
                    G.add_node(node_id(label, props["key"]), **props)
            for rel in (rel for rel in REL_TYPES if rel not in missing):
                query = (
                    f"MATCH (a)-[r:`{rel}`]->(b) RETURN label(a) AS la, a.key AS ka, label(b) AS lb, "
                    "b.key AS kb, r ORDER BY la, ka, lb, kb"
                )
                for row in self.run(query):
                    G.add_edge(node_id(row["la"], row["ka"]), node_id(row["lb"], row["kb"]), key=rel, **row["r"])
        return G

    def read_papers(self) -> list[Paper]:
        """The stored papers, sorted by id: the Paper table alone (what a build merges new papers
        into), without the entities and relationships :meth:`read_graph` also reads. A store with a
        damaged or dropped table raises the same :class:`StoreError` as :meth:`read_graph`.

        A read connection this opened is closed again: its buffer pool, which the Paper table filled
        (~0.3 GB at 100,000 papers), would otherwise stay in memory through the build that follows."""
        table = self.read_paper_table()
        return [] if table is None else [Paper(**row) for row in table.to_pylist()]

    def read_paper_table(self) -> Any:
        """:meth:`read_papers` as an Arrow table, a column per :class:`Paper` field, sorted by id (None: no
        store or no Paper table). At 100,000 papers ~0.12 GB, where the `Paper` objects hold ~0.48 GB."""
        if not self.exists() or PAPER in self._missing_tables():
            return None
        was_open = self._conn is not None
        try:
            self.stats()  # every table counted: a damaged store is a StoreError here, as read_graph makes it
            with self._tables_read():
                try:
                    return self._paper_columns_fitted()
                except RuntimeError:  # a column this format lacks: the nodes whole, as they are
                    rows = self.run(f"MATCH (p:`{PAPER}`) RETURN p ORDER BY p.key")
            import pyarrow as pa  # noqa: PLC0415 (only when building)

            return pa.Table.from_pylist([Paper.from_dict(row["p"]).to_dict() for row in rows], schema=paper_schema())
        finally:
            if not was_open and self._memory_graph is None:
                self.close()

    def _paper_columns_fitted(self) -> Any:
        """:meth:`_paper_columns`, read again with four times the buffer pool (up to :func:`max_write_pool_mb`)
        while the sorted Paper table does not fit in it, as a write grows its pool: a build reads every paper,
        and at 1,000,000 papers that needs more than the default 512 MB. The store's limit is set back after."""
        limit = self.memory_mb
        try:
            while True:
                try:
                    return self._paper_columns()
                except RuntimeError as exc:
                    if POOL_FULL not in str(exc).lower() or self.memory_mb >= max_write_pool_mb():
                        raise
                self.close()
                self.memory_mb = min(self.memory_mb * 4, max_write_pool_mb())
        finally:
            if self.memory_mb != limit:
                self.close()
                self.memory_mb = limit

    def _paper_columns(self) -> Any:
        """The Paper table's fields as Arrow columns (half the time of node dicts: a build reads every paper)."""
        names = list(Paper.__dataclass_fields__)
        conn = self._connection()
        conn.set_query_timeout(int(self.timeout * 1000))
        columns = ", ".join(f"p.`{n}` AS `{n}`" for n in names)
        result = conn.execute(f"MATCH (p:`{PAPER}`) RETURN {columns} ORDER BY p.key")
        return result.get_as_arrow(65536)  # type: ignore[union-attr]

    def _missing_tables(self) -> set[str]:
        """Tables the database on disk lacks, being of an older format (read before an upgrade)."""
        return tables_missing(store_format(self.path)) if self._memory_graph is None else set()

    @contextmanager
    def _tables_read(self) -> Iterator[None]:
        """Reading every table of the schema: a table that fails (dropped, damaged) is a :class:`StoreError`
        that says how to repair the store."""
        try:
            yield
        except CypherError as exc:
            reason = str(exc).removeprefix("Cypher error: ").rstrip(".")
            if "does not exist" not in reason and "catalog" not in reason.lower():
                raise StoreError(f"cannot read store {self.location!r}: {reason}") from None
            raise StoreError(
                f"store {self.location!r} is damaged ({reason}); rebuild it from the sources and "
                "the extraction cache (`rebuild`)"
            ) from None

    def stats(self) -> dict:
        """``{"nodes": {label: n}, "relationships": {type: n}}`` (labels and types with none left out)."""
        if not self.exists():
            return {"nodes": {}, "relationships": {}}
        with self._tables_read():
            nodes = {label: self.run(f"MATCH (n:`{label}`) RETURN count(*) AS n")[0]["n"] for label in NODE_LABELS}
            rels = {rel: self.run(f"MATCH ()-[r:`{rel}`]->() RETURN count(*) AS n")[0]["n"] for rel in REL_TYPES}
        return {
            "nodes": {k: v for k, v in sorted(nodes.items()) if v},
            "relationships": {k: v for k, v in sorted(rels.items()) if v},
        }

    # -- writing -----------------------------------------------------------------
    def write_graph(self, graph: nx.MultiDiGraph) -> None:
        """Replace the stored graph with ``graph``: a new database renamed over the old one."""
        self._write(graph, graph)

    def write_tables(
        self, tables: list, papers: Any, scope: Any = None, whole: Callable[[], list] | None = None
    ) -> dict | None:
        """Replace the stored graph with one given as its tables (:func:`kg.store.ladybug_schema.graph_tables`'
        form; the columnar build makes them without a NetworkX graph, :mod:`kg.build.columnar`), ``papers``
        a graph holding its Paper nodes or a :class:`kg.build.paper_set.PaperSet` (for the search index); as :meth:`write_graph`, all or nothing.

        ``scope`` (a :class:`kg.store.ladybug_diff.Scope`): some tables are given in part, the rest of
        their rows carried over from the stored row digest; where the digest cannot vouch for them,
        ``whole()`` gives every table and the write goes on with those. Returns the graph's node and
        relationship counts when given in part (the tables cannot tell them), else None."""
        if scope is not None and whole is None:
            raise ValueError("tables given in part need whole(): the tables in full, where no digest vouches")
        return self._write(tables, papers, scope, whole)

    def digest_current(self) -> bool:
        """Whether a row digest of the stored database lies beside it (a write from tables in part may use it)."""
        digest = self.path / DIGEST_FILE
        if not (digest.exists() and self.graph_file.exists()):
            return False
        import pyarrow as pa  # noqa: PLC0415 (only when writing)
        import pyarrow.parquet as pq  # noqa: PLC0415

        from kg.store.ladybug_diff import enabled  # noqa: PLC0415

        try:
            meta = pq.read_schema(digest).metadata or {}
        except (OSError, pa.ArrowException):
            return False
        return enabled() and meta.get(b"paperkg.stamp") == digest_stamp(self.graph_file).encode()

    def _write(
        self,
        content: nx.MultiDiGraph | list,
        papers: Any,
        scope: Any = None,
        whole: Callable[[], list] | None = None,
    ) -> dict | None:
        self.close()
        stats = None
        with self.writing():
            refuse_links(self.path)
            tmp = self.path / f"{TMP_PREFIX}{uuid.uuid4().hex}{TMP_SUFFIX}"
            digest_tmp = Path(f"{tmp}.rows")  # removed with the database's temporary files
            try:
                self._remove_temporary()
                changes = self._changes(content, scope) if isinstance(content, list) else None
                if scope is not None:
                    if changes is None or changes.plan is None:  # no digest vouches for the rows not given
                        content = whole()  # type: ignore[misc]
                        changes = self._changes(content)
                    if changes is not None:
                        from kg.store.ladybug_diff import stats_of  # noqa: PLC0415

                        stats = stats_of(changes.rows)
                if changes is not None and changes.plan is not None:
                    self._apply_changes(changes, tmp)
                else:
                    if changes is not None:
                        changes.items = []  # the whole database is written from the tables: not kept twice
                    self._write_database(content, tmp)
                fsync_path(tmp)
                stamp = graph_stamp(tmp)
                index_tmp = temporary_path(self.path)
                if not (
                    changes is not None
                    and changes.plan is not None
                    and self._index_updated(index_tmp, papers, scope, stamp)
                ):
                    write_index_file(index_tmp, _graph_papers(papers), stamp)
                if changes is not None:
                    from kg.store.ladybug_diff import write_digest  # noqa: PLC0415

                    write_digest(digest_tmp, changes.rows, digest_stamp(tmp), changes.schema)
                os.replace(tmp, self.graph_file)
                os.replace(index_tmp, self.path / INDEX_FILE)  # a crash before this: a stale index, rebuilt on use
                if changes is not None:  # a crash before this: a digest of another stamp, not used
                    os.replace(digest_tmp, self.path / DIGEST_FILE)
                else:
                    (self.path / DIGEST_FILE).unlink(missing_ok=True)
                mark_format(self.path)
                fsync_path(self.path)
            except OSError as exc:
                raise write_failure(exc, self.graph_file) from None
            except RuntimeError as exc:  # LadybugDB's own I/O errors
                if is_disk_full(exc) or _no_room(self.path):
                    raise write_failure(OSError(errno.ENOSPC, str(exc)), self.graph_file) from None
                raise StoreError(f"cannot write the graph ({exc})") from None
            except sqlite3.Error as exc:  # the search index, written before either file is renamed
                raise write_failure(exc, self.path / INDEX_FILE) from None
            finally:
                self._remove_temporary()
        return stats

    def _index_updated(self, path: Path, papers: Any, scope: Any, stamp: str) -> bool:
        """Whether the search index of the stored graph, copied to ``path``, took the rows of the papers of
        ``scope`` (the Paper rows given; every other paper's row is unchanged) in place of theirs, instead of
        being written whole (:func:`kg.store.search_index.update_index_file`)."""
        if scope is None or PAPER not in scope.nodes:
            return False
        keys = set(scope.nodes[PAPER])
        rows = _graph_papers(papers, keys)
        was = graph_stamp(self.graph_file)
        return update_index_file(path, self.path / INDEX_FILE, rows, keys, was, stamp) is not None

    def _changes(self, tables: list, scope: Any = None) -> _Changes | None:
        """The row digest of ``tables`` and, when the digest beside the database is the database's, the
        plan that turns it into ``tables`` (:mod:`kg.store.ladybug_diff`); None without DuckDB or with
        ``KG_WRITE_CHANGES=0`` (the whole database is then written, and no digest kept)."""
        from kg.store import ladybug_diff  # noqa: PLC0415 (pyarrow and DuckDB only when writing)
        from kg.store.ladybug_load import table_arrow  # noqa: PLC0415

        duckdb = ladybug_diff._duckdb()
        if duckdb is None or not ladybug_diff.enabled():
            return None
        con = duckdb.connect()
        try:
            items = ladybug_diff.parts(tables, table_arrow)
            schema = ladybug_diff.schema_of(tables)
            digest = self.path / DIGEST_FILE
            valid = (
                self.graph_file.exists()
                and store_format(self.path) == STORE_FORMAT
                and ladybug_diff.read_digest(digest, digest_stamp(self.graph_file), schema)
            )
            if scope is not None and not valid:
                return _Changes(items, None, schema, None)
            order = None
            if scope is not None:  # the papers keep their list positions; new ones go between their neighbours
                stored = ladybug_diff.stored_positions(digest)
                order = ladybug_diff.positions(scope.order, stored, set(scope.fresh))
                items = ladybug_diff.place_papers(items, order)
            rows = ladybug_diff.digests(con, items)
            if scope is not None:  # the rows not given carried over from the digest
                rows = ladybug_diff.carry(con, rows, digest, scope, order)
                if rows is None:
                    return _Changes(items, None, schema, None)
            if ladybug_diff.repeated(con, rows):
                return None
            plan = None
            if valid:
                plan = ladybug_diff.plan(con, items, rows, digest, scope.tables if scope is not None else None)
        finally:
            con.close()
        return _Changes(items, rows, schema, plan)

    def _apply_changes(self, changes: _Changes, tmp: Path) -> None:
        """The stored database copied to ``tmp`` and ``changes.plan`` applied to the copy in one
        transaction; with a larger buffer pool (as :meth:`_write_database`) when it fills the pool."""
        from kg.store.ladybug_diff import apply_plan  # noqa: PLC0415

        pool = max(self.memory_mb, WRITE_MEMORY_MB)
        while True:
            for suffix in ("", ".wal"):  # a WAL beside the database holds committed writes
                if Path(f"{self.graph_file}{suffix}").exists():
                    shutil.copyfile(f"{self.graph_file}{suffix}", f"{tmp}{suffix}")
            db = _ladybug().Database(str(tmp), buffer_pool_size=pool * 1024 * 1024)
            try:
                conn = _ladybug().Connection(db)
                try:
                    apply_plan(conn, changes.plan, changes.items)
                    conn.execute("CHECKPOINT")
                finally:
                    conn.close()
                return
            except RuntimeError as exc:
                if POOL_FULL not in str(exc) or pool >= max_write_pool_mb():
                    raise
            finally:
                db.close()
            self._remove_temporary()
            pool = min(pool * 4, max_write_pool_mb())

    def _write_database(self, graph: nx.MultiDiGraph | list, tmp: Path) -> None:
        """:func:`kg.store.ladybug_load.write_database` into ``tmp``, with a buffer pool of the query
        memory limit (at least :data:`WRITE_MEMORY_MB`); when the load fills the pool, again with
        four times the pool, up to :func:`max_write_pool_mb` (the checkpoint after loading 100,000
        papers with their abstracts and reference lists needs about 1 GB)."""
        from kg.store.ladybug_load import write_database  # noqa: PLC0415 (pyarrow only when writing)

        pool = max(self.memory_mb, WRITE_MEMORY_MB)
        while True:
            try:
                write_database(graph, tmp, pool)
                return
            except RuntimeError as exc:
                if POOL_FULL not in str(exc) or pool >= max_write_pool_mb():
                    raise
            self._remove_temporary()
            pool = min(pool * 4, max_write_pool_mb())

    # -- full-text search ------------------------------------------------------------
    def search_index(self) -> sqlite3.Connection:
        """The full-text index of this store's papers (:mod:`kg.store.search_index`), read-only.

        A missing or stale index (an older store, a write query) is rebuilt here, under the
        writer lock; when the store cannot be written or another process writes it, the index
        is built in memory for this process. :attr:`index_note` then says which."""
        self.index_note: str | None = None
        self._migrate()
        if self._memory_graph is not None:
            return self._index_in_memory(_graph_papers(self._memory_graph), "older store read-only")
        if not self.graph_file.exists():
            raise StoreError(f"no graph in store {self.location!r}; build one first")
        db = open_index(self.path / INDEX_FILE, graph_stamp(self.graph_file))
        if db is not None:
            return db
        try:
            with self.writing(wait=0):
                self.close()  # read the graph as it is now, under the lock
                stamp = graph_stamp(self.graph_file)
                self._remove_temporary()
                tmp = temporary_path(self.path)
                try:
                    n = write_index_file(tmp, self._stored_papers(), stamp)
                    os.replace(tmp, self.path / INDEX_FILE)
                    fsync_path(self.path)
                except (OSError, sqlite3.Error) as exc:
                    raise write_failure(exc, self.path / INDEX_FILE, "the search index") from None
                finally:
                    tmp.unlink(missing_ok=True)
            self.index_note = f"search index rebuilt ({n:,} papers): it was missing or older than the graph"
        except StoreError as exc:
            return self._index_in_memory(self._stored_papers(), str(exc).split(";")[0])
        db = open_index(self.path / INDEX_FILE, stamp)
        if db is None:
            raise StoreError(f"{self.path / INDEX_FILE}: the search index cannot be read back")
        return db

    def _stored_papers(self) -> Iterator[dict]:
        yield from self.run(
            f"MATCH (p:{PAPER}) RETURN p.key AS key, p.title AS title, p.abstract AS abstract, "
            "p.year AS year, p.date AS date, p.url AS url"
        )

    def _index_in_memory(self, papers: Iterable[dict], why: str) -> sqlite3.Connection:
        from kg.store.search_index import fill_index  # noqa: PLC0415

        db = sqlite3.connect(":memory:")
        n = fill_index(db, papers, "memory")
        self.index_note = f"search index built in memory ({n:,} papers; {why})"
        return db

    def close(self) -> None:
        """Close the read connection (a later read opens the newest graph)."""
        if self._conn is not None:
            self._conn.close()
        if self._db is not None:
            self._db.close()
        self._conn = self._db = None


def digest_stamp(graph_file: Path) -> str:
    """What ties the row digest to one written ``graph.lbug``: its size and modification time (any write
    changes them; a copy that keeps the time, ``cp -a``, keeps the digest usable, unlike the inode)."""
    st = os.stat(graph_file, follow_symlinks=False)
    return f"{st.st_size}:{st.st_mtime_ns}"


@dataclass
class _Changes:
    """A write from tables: their parts as Arrow, their row digest, schema and the plan (None: write whole)."""

    items: list
    rows: Any
    schema: str
    plan: Any


def paper_schema() -> Any:
    """The :class:`Paper` fields as Arrow columns, as :meth:`EmbeddedStore.read_paper_table` gives them."""
    import pyarrow as pa  # noqa: PLC0415 (only when building)

    lists, ints = (
        {"authors", "source_ids", "keywords", "orcids", "reference_ids"},
        {"year", "n_authors", "upvotes", "references"},
    )
    return pa.schema(
        [
            (f, pa.list_(pa.string()) if f in lists else pa.int64() if f in ints else pa.string())
            for f in Paper.__dataclass_fields__
        ]
    )


def _graph_papers(graph: Any, keys: set[str] | None = None) -> Iterator[dict]:
    """The Paper nodes of ``graph`` (of those ``keys``; None: all) as rows of the search index; ``graph`` a
    NetworkX graph, or the papers of a columnar build (:class:`kg.build.paper_set.PaperSet`)."""
    if hasattr(graph, "paper_rows"):
        yield from graph.paper_rows(keys)
        return
    for _, data in graph.nodes(data=True):
        if data.get("label") == PAPER and (keys is None or data.get("key") in keys):
            yield data


def _drop_paper_order(conn: ladybug.Connection) -> None:
    """After a write query: drop the Paper table's list-position column (:data:`queries.schema.PAPER_ORDER`)
    rather than keep positions the write may have made wrong; paper lists are then ordered by the
    papers' fields (slower on long lists) until the graph is next written whole."""
    try:
        # one statement: one QueryResult (execute returns a list only for several)
        columns = conn.execute(f"CALL table_info('{PAPER}') RETURN name").get_all()  # type: ignore[union-attr]
        if [PAPER_ORDER] in columns:
            conn.execute(f"ALTER TABLE {PAPER} DROP {PAPER_ORDER}")
    except RuntimeError as exc:
        raise StoreError(f"cannot update the store after the write ({exc})") from None


def _no_room(path: Path) -> bool:
    """Whether the file system of ``path`` has (almost) no space left: LadybugDB reports a write the
    disk cut short as a failed read-back ("IO exception: Cannot read from file"), not as ENOSPC."""
    try:
        return shutil.disk_usage(path).free < NO_ROOM_BYTES
    except OSError:
        return False


def _no_core_dump() -> None:
    """In the child: a crash writes no core file (the database maps terabytes of address space)."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def plain(value: Any) -> Any:
    """A LadybugDB value as plain data: nodes → property dicts with ``label``,
    relationships → property dicts with ``type``, paths → [node, rel, node, …]."""
    if isinstance(value, dict):
        if "_NODES" in value and "_RELS" in value:
            nodes, rels = value["_NODES"], value["_RELS"]
            out: list = [plain(nodes[0])] if nodes else []
            for rel, node in zip(rels, nodes[1:], strict=False):
                out += [plain(rel), plain(node)]
            return out
        if "_SRC" in value and "_LABEL" in value:
            props = {k: plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}
            return {**props, "type": value["_LABEL"]}
        if "_ID" in value and "_LABEL" in value:
            label = value["_LABEL"]
            keep = PAPER_FIELDS if label == PAPER else ()
            props = {k: plain(v) for k, v in value.items() if not k.startswith("_") and (v is not None or k in keep)}
            return {"label": label, **props}
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


class MemoryStore(EmbeddedStore):
    """A LadybugDB database in memory holding ``graph``: Cypher over a NetworkX graph
    (selections, tests, the Python API) without a folder.

    >>> from kg.core.examples import small_graph
    >>> MemoryStore(small_graph()).run("MATCH (m:Method) RETURN count(*) AS n")
    [{'n': 3}]
    """

    def __init__(self, graph: nx.MultiDiGraph, **limits):
        super().__init__(Path("."), **limits)
        self.location = "<memory>"
        self._graph = graph

    def exists(self) -> bool:
        return True

    def _missing_tables(self) -> set[str]:
        return set()

    @contextmanager
    def writing(self, wait: float | None = None, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Nothing to lock: the database lives in this process only."""
        yield

    def _connection(self) -> ladybug.Connection:
        if self._conn is None:
            from kg.store.ladybug_load import load_graph  # noqa: PLC0415 (pyarrow only when loading)

            self._db = _ladybug().Database(":memory:", buffer_pool_size=self.memory_mb * 1024 * 1024)
            self._conn = _ladybug().Connection(self._db)
            load_graph(self._conn, self._graph)
        return self._conn

    def _run_write(self, query: str, params: dict | None, max_rows: int | None, locked: bool = False) -> list[dict]:
        rows = self._execute(self._connection(), query, params, max_rows)
        _drop_paper_order(self._connection())
        return rows

    def _run_isolated(self, query: str, params: dict | None, write: bool, max_rows: int | None) -> list[dict]:
        return self.run_here(query, params, write=write, max_rows=max_rows)  # nothing on disk to reopen

    def search_index(self) -> sqlite3.Connection:
        """An index of the graph's papers, in memory (a write query may have changed them: built each call)."""
        self.index_note = None
        db = self._index_in_memory(self._stored_papers(), "memory store")
        self.index_note = None
        return db

    write_tables = None  # type: ignore[assignment]  # a graph in memory: the columnar build hands it a NetworkX graph

    def write_graph(self, graph: nx.MultiDiGraph) -> None:
        self.close()
        self._graph = graph
