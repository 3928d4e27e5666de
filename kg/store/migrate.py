"""Older stores are brought up to date on first open.

* paperkg 0.1 (one ``graph.json``): the node-link JSON is read (never pickle),
  written as ``graph.lbug`` by the store's all-or-nothing write, and renamed
  ``graph.json.migrated`` (delete it when you like).
* A LadybugDB store of an older :data:`STORE_FORMAT` (no ``format`` file: written
  before entities carried ``first_year`` and papers ``_order``; format 2: before
  the claim tables of :data:`CLAIM_TABLES_ADDED`; format 3: before Author, Venue, CITES, WROTE and
  PUBLISHED_IN; format 4: before entities carried ``quality``) is read and written again the same way
  (:func:`tables_missing` says which tables it lacks). A store older than format 5 gets no ``quality``:
  every entity in it passed the build thresholds of its time, and corpus views count an entity without
  a score as shown (:data:`queries.quality.UNSCORED`); a rebuild (``kg build`` again, extractions come
  from the cache) scores them and adds the facts the old thresholds had dropped.

Either way the graph gets what the current format adds (:func:`_write_current`).

The extraction cache (``extractions.sqlite``) is unchanged and keeps serving rebuilds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kg.store.base import StoreError
from kg.store.files import read_text_nofollow, write_text_nofollow
from queries.schema import BIB_LABELS, BIB_RELS, CLAIM_RELS, EXTENDS, OUTPERFORMS

LEGACY_FILE = "graph.json"
MIGRATED_SUFFIX = ".migrated"
#: what a store's database holds; 2: entity ``first_year`` and Paper ``_order`` columns; 3: the claim
#: tables (USED_FOR, EVALUATES, …) and ``confidence`` / ``sources`` on every claim; 4: Author and Venue
#: tables, CITES, WROTE and PUBLISHED_IN (and Paper ``reference_ids``, ``references``, ``citations``);
#: 5: the entity ``quality`` column (:mod:`queries.quality`)
STORE_FORMAT = 5
FORMAT_FILE = "format"
#: relationship tables a store older than format 3 does not have (its OUTPERFORMS and EXTENDS are read as they are)
CLAIM_TABLES_ADDED = tuple(rel for rel in CLAIM_RELS if rel not in (OUTPERFORMS, EXTENDS))
#: node and relationship tables a store older than format 4 does not have
BIB_TABLES_ADDED = (*BIB_LABELS, *BIB_RELS)
#: the tables a store of each older format lacks: those added in every later format
_ADDED_IN = {3: CLAIM_TABLES_ADDED, 4: BIB_TABLES_ADDED}


def store_format(path: Path) -> int:
    """The format of the store at ``path`` (1 when it has no ``format`` file)."""
    try:
        return int(read_text_nofollow(Path(path) / FORMAT_FILE).strip())
    except (OSError, ValueError):  # a link is refused (LinkRefused) before the store is read
        return 1


def tables_missing(fmt: int) -> set[str]:
    """The node and relationship tables a store of format ``fmt`` does not have.

    >>> sorted(tables_missing(3))[:2], "EVALUATES" in tables_missing(2), tables_missing(STORE_FORMAT)
    (['Author', 'CITES'], True, set())
    """
    return {name for added, names in _ADDED_IN.items() if fmt < added for name in names}


def mark_format(path: Path) -> None:
    """Record that the database at ``path`` was written in the current :data:`STORE_FORMAT`."""
    write_text_nofollow(Path(path) / FORMAT_FILE, f"{STORE_FORMAT}\n")


def read_json_graph(path: Path):
    """The graph of a paperkg 0.1 ``graph.json`` (node ids under ``"_id"``), a ``networkx.MultiDiGraph``."""
    import networkx as nx  # noqa: PLC0415 (only old stores need it)

    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
        return nx.node_link_graph(data["graph"], directed=True, multigraph=True, edges="edges", name="_id")
    except (OSError, ValueError, KeyError, TypeError, nx.NetworkXError) as exc:
        raise StoreError(f"{path}: not a readable paperkg store, so it cannot be migrated ({exc})") from exc


def migrate_json_store(store) -> bool:
    """Turn ``store.path/graph.json`` into the store's database; True if it did.

    ``store`` is a :class:`kg.store.embedded.EmbeddedStore`. Runs under the
    store's writer lock, so two processes opening an old store migrate it once.
    """
    legacy = Path(store.path) / LEGACY_FILE
    with store.writing():
        if store.graph_file.exists() or not legacy.exists():
            return False
        _write_current(store, read_json_graph(legacy))
        os.replace(legacy, legacy.with_name(legacy.name + MIGRATED_SUFFIX))
    return True


def upgrade_store(store) -> bool:
    """Rewrite ``store``'s database if it is of an older :data:`STORE_FORMAT`; True if it did.

    Under the writer lock, like :func:`migrate_json_store`. The graph is read as
    it is stored and written whole in the current format (:func:`_write_current`).
    """
    with store.writing():
        if not store.graph_file.exists() or store_format(store.path) >= STORE_FORMAT:
            return False
        _write_current(store, store.read_graph())
    return True


def _write_current(store, graph) -> None:
    """Write an old store's ``graph`` with what the current format adds (:func:`upgrade_graph`)."""
    upgrade_graph(graph)
    store.write_graph(graph)


def upgrade_graph(graph) -> None:
    """Add what the current format adds to an old store's ``graph``: ``first_year`` on every entity,
    ``confidence`` 1.0 and ``sources`` ``["rule"]`` on claims found before claims had them (rules),
    authors, venues and citations (from the stored papers, :func:`kg.core.bibliography.add_bibliography`)."""
    from kg.core.bibliography import add_bibliography  # noqa: PLC0415 (networkx: only old stores need it)
    from kg.core.graph import set_first_years  # noqa: PLC0415

    set_first_years(graph)
    for _, _, k, d in graph.edges(keys=True, data=True):
        if k in CLAIM_RELS:
            d.setdefault("confidence", 1.0)
            d.setdefault("sources", ["rule"])
    add_bibliography(graph)
