"""The Neo4j store: the paperkg graph in a Neo4j database, over Bolt with the official driver.

Connection settings come from arguments or the environment: ``NEO4J_URI``
(default ``bolt://localhost:7687``), ``NEO4J_USER`` (default ``neo4j``),
``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` (default: the server's default
database). The password is never part of :attr:`Neo4jStore.location`, of
error messages, or of logs.

Writing (:meth:`Neo4jStore.write_graph`) replaces the paperkg part of the
database (nodes with a :data:`queries.schema.NODE_LABELS` label) with the given
graph, as a diff: ``UNWIND $rows AS row MERGE …`` upserts every node and
relationship in batches, then relationships and nodes that are not in the new
graph are deleted. Writing the same graph twice leaves identical counts. By
default all batches run in **one** managed write transaction, so on Neo4j a
failure leaves the previous graph untouched; ``single_transaction=False``
commits each batch on its own (for graphs too big for one transaction). On a
server without rollback (FalkorDB) a failed write may leave a partial graph;
the error says so and re-running the same write converges.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import neo4j
import networkx as nx
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from kg.store.base import StoreError
from kg.store.falkordb_adapter import ServerAdapter, detect_adapter
from kg.store.lock import WriterLock
from kg.store.neo4j_rows import graph_to_rows, plain_value, rows_to_graph, schema_label, schema_rel
from kg.store.neo4j_write import GraphWriter
from queries.errors import CypherError
from queries.schema import NODE_LABELS, REL_TYPES

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
#: Rows per ``UNWIND`` batch: a Neo4j server takes thousands in one query. On a
#: server that pastes parameters into query text (FalkorDB, found by probing, see
#: :mod:`kg.store.falkordb_adapter`) the adapter's byte budget cuts batches much smaller.
DEFAULT_BATCH_SIZE = 5000
#: Seconds to open a connection (TCP + Bolt handshake).
DEFAULT_CONNECTION_TIMEOUT = 10.0
#: Seconds the driver keeps retrying a failed transaction (its default, 30 s, made a
#: push to a killed server take over a minute and print six retry warnings).
DEFAULT_RETRY_TIME = 3.0

#: the ``user:password@`` part of a URI in a message
_USERINFO = re.compile(r"(\w[\w+.-]*://)[^/\s@]*@")
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

Progress = Callable[[int, int], None]


@dataclass
class Neo4jSettings:
    """Where the Neo4j store lives; ``repr`` and :attr:`location` hide the password."""

    uri: str = DEFAULT_URI
    user: str = ""  # empty: the URI's user, else DEFAULT_USER
    password: str = field(default="", repr=False)
    database: str | None = None

    def __post_init__(self) -> None:
        """Move a ``user:password@`` in the URI into :attr:`user` / :attr:`password` (where
        those are not given), so the URI kept, shown and sent to the driver holds no secret."""
        try:
            parts = urlsplit(self.uri)
            username, password = parts.username, parts.password
        except ValueError:  # the driver names the problem; scrub() hides any secret in it
            username = password = None
        if username is not None or password is not None:
            if password is not None and not self.password:
                self.password = unquote(password)
            if username and not self.user:
                self.user = unquote(username)
            self.uri = self.safe_uri
        self.user = self.user or DEFAULT_USER

    @classmethod
    def from_env(
        cls, uri: str | None = None, user: str | None = None, password: str | None = None, database: str | None = None
    ) -> Neo4jSettings:
        """Arguments first, then ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``;
        a ``user:password@`` in the URI counts where the user or password is not set otherwise."""
        env = os.environ
        return cls(
            uri=uri or env.get("NEO4J_URI") or DEFAULT_URI,
            user=user or env.get("NEO4J_USER") or "",
            password=password if password is not None else env.get("NEO4J_PASSWORD", ""),
            database=database or env.get("NEO4J_DATABASE") or None,
        )

    @property
    def safe_uri(self) -> str:
        """The URI without any ``user:password@`` part (also when the URI does not parse).

        >>> Neo4jSettings(uri="bolt://neo4j:s3cret@db.example:7687").safe_uri
        'bolt://db.example:7687'
        """
        return _USERINFO.sub(r"\1", self.uri)

    @property
    def location(self) -> str:
        return f"{self.safe_uri} (database {self.database or 'default'}, user {self.user})"

    def scrub(self, text: str) -> str:
        """``text`` on one line, with the password (if any) replaced by ``***``."""
        text = _USERINFO.sub(r"\1***@", " ".join(str(text).split()))
        for secret in {self.password, quote(self.password, safe="")} - {""}:
            text = text.replace(secret, "***")
        return text


def driver_error_message(settings: Neo4jSettings, exc: Exception) -> str:
    """One clear line for a driver exception, without the password."""
    where = settings.location
    if isinstance(exc, neo4j_errors.AuthError):
        return f"{where}: authentication failed (check NEO4J_USER / NEO4J_PASSWORD)"
    if isinstance(exc, neo4j_errors.ServiceUnavailable):
        reason = str(exc).lower()
        if "refused" in reason:
            reason = "connection refused (is the server running, and is the port right?)"
        elif "handshake" in reason:
            reason = "no Bolt handshake answer (is this the Bolt port, e.g. 7687, not the Browser's 7474?)"
        elif "resolve" in reason or "name or service" in reason or "nodename" in reason:
            reason = "cannot resolve the host name"
        else:
            reason = str(exc)
        return f"{where}: cannot connect: {settings.scrub(reason)}"
    if isinstance(exc, (neo4j_errors.ConfigurationError, ValueError)):
        return f"{where}: invalid connection settings: {settings.scrub(str(exc))}"
    if isinstance(exc, neo4j_errors.Neo4jError):
        code = f" [{exc.code}]" if getattr(exc, "code", None) else ""
        return f"{where}: {settings.scrub(exc.message or str(exc))}{code}"
    return f"{where}: {type(exc).__name__}: {settings.scrub(str(exc))}"


@dataclass
class WriteReport:
    """What :meth:`Neo4jStore.write_graph` did."""

    nodes: int = 0
    relationships: int = 0
    deleted_nodes: int = 0
    deleted_relationships: int = 0
    batches: int = 0
    batch_size: int = DEFAULT_BATCH_SIZE
    max_batch_bytes: int | None = None
    seconds: float = 0.0

    @property
    def items_per_second(self) -> float:
        return (self.nodes + self.relationships) / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {**self.__dict__, "items_per_second": round(self.items_per_second, 1)}


class Neo4jStore:
    """A paperkg graph in a Neo4j database (see module docstring).

    Everything server-specific (FalkorDB's parameter escaping, float
    splitting, byte budget) is in :attr:`adapter`, detected from the server on
    first use (:mod:`kg.store.falkordb_adapter`); a Neo4j server gets the
    identity adapter and batches of ``batch_size`` rows.

    ``max_batch_bytes``: ``"auto"`` (default) uses the adapter's byte budget
    (none on Neo4j); ``0``/``None`` never limits; a number always does.
    """

    def __init__(
        self,
        settings: Neo4jSettings | None = None,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_batch_bytes: int | str | None = "auto",
        single_transaction: bool = True,
        connection_timeout: float = DEFAULT_CONNECTION_TIMEOUT,
        retry_time: float = DEFAULT_RETRY_TIME,
    ):
        self.settings = settings or Neo4jSettings.from_env()
        if batch_size < 1:
            raise StoreError(f"batch size must be at least 1 (got {batch_size})")
        self.batch_size = batch_size
        self.max_batch_bytes = max_batch_bytes
        self.single_transaction = single_transaction
        self.location = self.settings.location
        #: what the server can do, found by trying (see :meth:`ensure_schema`)
        self.capabilities: dict[str, Any] = {}
        self._adapter: ServerAdapter | None = None
        scheme = self.settings.uri.partition("://")[0].lower() if "://" in self.settings.uri else ""
        if scheme not in BOLT_SCHEMES:
            raise StoreError(
                f"{self.location}: invalid connection settings: URI scheme {scheme!r} is not one of "
                + ", ".join(f"{s}://" for s in BOLT_SCHEMES)
            )
        try:
            self.driver = GraphDatabase.driver(
                self.settings.uri,
                auth=(self.settings.user, self.settings.password),
                connection_timeout=connection_timeout,
                # the handshake waits on this deadline, not on connection_timeout
                connection_acquisition_timeout=2 * connection_timeout,
                max_transaction_retry_time=retry_time,
            )
        except Exception as exc:  # bad URI scheme, bad options
            raise StoreError(driver_error_message(self.settings, exc)) from None

    # -- one writer ----------------------------------------------------------
    @contextmanager
    def writing(self, wait: float | None = None, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold this machine's writer lock for the database (a lock file under
        ``~/.cache/paperkg/locks``): builds on one machine write one at a time."""
        name = hashlib.sha1(f"{self.settings.safe_uri}|{self.settings.database}".encode()).hexdigest()[:16]
        lock = WriterLock(Path.home() / ".cache" / "paperkg" / "locks" / f"neo4j-{name}.lock", self.location)
        with lock.hold(wait, on_wait):
            yield

    # -- sessions ----------------------------------------------------------
    def session(self, read: bool = False) -> neo4j.Session:
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self.driver.session(database=self.settings.database, default_access_mode=mode)

    def error(self, exc: Exception) -> StoreError:
        return StoreError(driver_error_message(self.settings, exc))

    def verify(self) -> Neo4jStore:
        """Connect, log in and run ``RETURN 1`` in the database; :class:`StoreError` if that fails."""
        try:
            self.driver.verify_connectivity()  # one attempt, no transaction retries
            with self.session(read=True) as session:
                session.execute_read(lambda tx: tx.run("RETURN 1 AS ok").consume())
        except (neo4j_errors.AuthError, neo4j_errors.ServiceUnavailable, neo4j_errors.ConfigurationError) as exc:
            raise self.error(exc) from None
        except Exception as exc:
            raise StoreError(
                f"{driver_error_message(self.settings, exc)}: the server refused the session "
                "(check NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE)"
            ) from None
        return self

    # -- the server's quirks -------------------------------------------------
    @property
    def adapter(self) -> ServerAdapter:
        """How this server takes parameters and batches (:func:`kg.store.falkordb_adapter.detect_adapter`,
        a read-only probe run once per store)."""
        if self._adapter is None:
            try:
                self._adapter = detect_adapter(lambda query, params: self.read(query, params, encoded=True))
            except StoreError as exc:
                raise StoreError(f"{self.location}: {exc}") from None
        return self._adapter

    def params(self, value):
        """``value`` as sent to this server (see :meth:`ServerAdapter.encode`)."""
        return self.adapter.encode(value)

    def read(self, query: str, params: dict | None = None, encoded: bool = False) -> list[dict]:
        """Run ``query`` in a managed READ transaction; rows as dicts of driver values.

        ``encoded``: ``params`` already went through :meth:`params`.
        """
        params = params or {}
        if params and not encoded:
            params = self.params(params)

        def work(tx):
            return [dict(record.items()) for record in tx.run(query, params)]

        try:
            with self.session(read=True) as session:
                return session.execute_read(work)
        except Exception as exc:
            raise self.error(exc) from None

    def write(self, query: str, params: dict | None = None) -> list[dict]:
        """Run ``query`` in a managed WRITE transaction; rows as dicts of driver values."""
        params = self.params(params or {}) if params else {}

        def work(tx):
            return [dict(record.items()) for record in tx.run(query, params)]

        try:
            with self.session() as session:
                return session.execute_write(work)
        except Exception as exc:
            raise self.error(exc) from None

    # -- the query layer's connection (queries.connection.CypherConnection) --------
    dialect = "neo4j"
    #: rows a typed-in query may return (None: the server's own limits apply)
    max_rows: int | None = None

    @property
    def unwind_batch(self) -> int:
        """Items per ``UNWIND $list`` a query should send: thousands, or few on a server that
        pastes parameters into query text (see :attr:`adapter`)."""
        return self.adapter.unwind_batch

    def run(
        self,
        query: str,
        params: dict | None = None,
        *,
        write: bool = False,
        max_rows: int | None = None,
        isolated: bool = False,
    ) -> list[dict]:
        """Rows of ``query`` as plain data (nodes and relationships as property dicts);
        :class:`queries.errors.CypherError` when it fails. ``isolated`` changes nothing:
        the query runs in the server, not in this process."""
        try:
            rows = self.write(query, params) if write else self.read(query, params)
        except StoreError as exc:
            raise CypherError(f"Cypher failed: {exc}") from None
        if max_rows is not None and len(rows) > max_rows:
            raise CypherError(f"the result has more than {max_rows} rows; add a LIMIT")
        return [{k: plain_value(v) for k, v in row.items()} for row in rows]

    def _try(self, query: str) -> bool:
        """Run a schema statement in its own managed transaction; False if the server refuses it."""
        try:
            with self.session() as session:
                session.execute_write(lambda tx: tx.run(query).consume())
            return True
        except (neo4j_errors.Neo4jError, neo4j_errors.DriverError):
            return False

    # -- schema ------------------------------------------------------------
    def ensure_schema(self) -> dict[str, str]:
        """Make ``key`` unique (constraint) or at least indexed, per label.

        Tries, per label: a uniqueness constraint (Neo4j 5); a named
        ``CREATE INDEX … IF NOT EXISTS``; the plain ``CREATE INDEX FOR … ON``
        form when ``CALL db.indexes()`` does not list the index yet
        (FalkorDB). Returns ``{label: "constraint" | "index" | "none"}`` and
        records ``capabilities["constraints"]``.
        """
        done: dict[str, str] = {}
        existing: set[str] | None = None
        for label in NODE_LABELS:
            lab = schema_label(label)
            name = f"paperkg_{label.lower()}_key"
            if self.capabilities.get("constraints", True) and self._try(
                f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{lab}) REQUIRE n.key IS UNIQUE"
            ):
                self.capabilities["constraints"] = True
                done[label] = "constraint"
                continue
            self.capabilities["constraints"] = False
            if self.capabilities.get("named_indexes", True) and self._try(
                f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{lab}) ON (n.key)"
            ):
                self.capabilities["named_indexes"] = True
                done[label] = "index"
                continue
            self.capabilities["named_indexes"] = False
            if existing is None:
                existing = self._indexed_labels()
            if label in existing or self._try(f"CREATE INDEX FOR (n:{lab}) ON (n.key)"):
                done[label] = "index"
            else:
                done[label] = "none"
        return done

    def _indexed_labels(self) -> set[str]:
        """Labels with an index on ``key``, from ``CALL db.indexes()`` (empty if unsupported)."""
        try:
            rows = self.read("CALL db.indexes()")
        except StoreError:
            return set()
        out: set[str] = set()
        for row in rows:
            labels = row.get("label") or row.get("labelsOrTypes") or []
            labels = [labels] if isinstance(labels, str) else labels
            if "key" in (row.get("properties") or []):
                out.update(labels)
        return out

    def batch_bytes(self) -> int | None:
        """The byte budget per batch query now in force: the adapter's with ``max_batch_bytes="auto"``
        (none on Neo4j, :data:`kg.store.falkordb_adapter.FALKORDB_SAFE_BYTES` on FalkorDB), else the
        number given (``0`` / ``None``: no budget)."""
        if self.max_batch_bytes == "auto":
            return self.adapter.max_batch_bytes
        return int(self.max_batch_bytes) if self.max_batch_bytes else None

    def batches(
        self, query: str, rows: list[dict], what: str, batch_size: int | None = None, extra: dict | None = None
    ) -> list[list[dict]]:
        """``rows`` (already encoded with :meth:`params`) in batches for ``UNWIND $rows`` in ``query``
        (see :meth:`ServerAdapter.batches`)."""
        return self.adapter.batches(query, rows, what, batch_size or self.batch_size, self.batch_bytes(), extra)

    # -- GraphStore ----------------------------------------------------------
    def read_graph(self) -> nx.MultiDiGraph:
        """Every node with a paperkg label and every paperkg relationship between them."""
        nodes, rels = [], []
        for label in NODE_LABELS:
            lab = schema_label(label)
            for row in self.read(f"MATCH (n:{lab}) RETURN properties(n) AS p"):
                if isinstance(row["p"].get("key"), str):
                    nodes.append((label, row["p"]))
        labels = set(NODE_LABELS)
        for rel in REL_TYPES:
            t = schema_rel(rel)
            query = (
                f"MATCH (a)-[r:{t}]->(b) "
                "RETURN labels(a) AS la, a.key AS ka, labels(b) AS lb, b.key AS kb, properties(r) AS p"
            )
            for row in self.read(query):
                la = next((x for x in row["la"] if x in labels), None)
                lb = next((x for x in row["lb"] if x in labels), None)
                if la and lb:
                    rels.append((rel, f"{la}:{row['ka']}", f"{lb}:{row['kb']}", row["p"]))
        return rows_to_graph(nodes, rels)

    def stats(self) -> dict:
        nodes, rels = {}, {}
        for label in NODE_LABELS:
            n = self.read(f"MATCH (n:{schema_label(label)}) RETURN count(n) AS c")[0]["c"]
            if n:
                nodes[label] = n
        for rel in REL_TYPES:
            n = self.read(f"MATCH ()-[r:{schema_rel(rel)}]->() RETURN count(r) AS c")[0]["c"]
            if n:
                rels[rel] = n
        return {"nodes": dict(sorted(nodes.items())), "relationships": dict(sorted(rels.items()))}

    def write_graph(self, graph: nx.MultiDiGraph, progress: Progress | None = None) -> WriteReport:
        """Replace the stored paperkg graph with ``graph`` (see module docstring)."""
        start = time.perf_counter()
        rows = graph_to_rows(graph)  # validates before anything is sent
        self.ensure_schema()
        max_bytes = self.batch_bytes()
        report = WriteReport(batch_size=self.batch_size, max_batch_bytes=max_bytes)
        writer = GraphWriter(self, rows, report, progress)  # plans (and size-checks) the upserts
        try:
            if self.single_transaction:
                with self.session() as session:
                    session.execute_write(writer.run_all)
            else:
                writer.run_all(None)
        except StoreError:
            raise
        except (Exception, KeyboardInterrupt) as exc:  # Ctrl-C too: say what the push left behind
            why = (
                f"{self.location}: interrupted"
                if isinstance(exc, KeyboardInterrupt)
                else driver_error_message(self.settings, exc)
            )
            raise StoreError(
                f"{why}; write stopped after {writer.done} of "
                f"{writer.total} batches. "
                + (
                    "It ran in one transaction, so Neo4j rolled it back and holds the previous graph "
                    f"(a server without rollback, such as FalkorDB, may keep what ran: {writer.summary()}); "
                    if self.single_transaction
                    else f"Committed and left in the database: {writer.summary()}; stale items not yet deleted; "
                )
                + "re-run the same command to converge (writes are idempotent)."
            ) from None
        report.seconds = time.perf_counter() - start
        return report

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_neo4j_store(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    *,
    batch_size: int | None = None,
    max_batch_bytes: int | str | None = "auto",
    single_transaction: bool = True,
    verify: bool = True,
) -> Neo4jStore:
    """Open (and by default check) the Neo4j store from arguments or ``NEO4J_*`` variables.

    Raises :class:`StoreError` with one clear line when the server cannot be
    reached or refuses the login.
    """
    store = Neo4jStore(
        Neo4jSettings.from_env(uri, user, password, database),
        batch_size=batch_size or DEFAULT_BATCH_SIZE,
        max_batch_bytes=max_batch_bytes,
        single_transaction=single_transaction,
    )
    if verify:
        try:
            store.verify()
        except StoreError:
            store.close()
            raise
    return store


def push_store(source, target: Neo4jStore, progress: Progress | None = None) -> WriteReport:
    """Copy the graph of ``source`` (any :class:`kg.store.base.GraphStore`) into ``target``.

    Replaces what ``target`` held (see :meth:`Neo4jStore.write_graph`);
    :class:`StoreError` when ``source`` holds no graph.
    """
    exists = getattr(source, "exists", None)
    graph = source.read_graph()
    if (exists is not None and not exists()) or graph.number_of_nodes() == 0:
        raise StoreError(f"no graph in store {source.location!r}; build one first")
    return target.write_graph(graph, progress=progress)
