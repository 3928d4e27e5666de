"""Stores written by paperkg 0.1 (one ``graph.json``) become LadybugDB stores on first open.

The node-link JSON is read (never pickle), written as ``graph.lbug`` by the
store's all-or-nothing write, and renamed ``graph.json.migrated`` (delete it
when you like). The extraction cache (``extractions.sqlite``) is unchanged and
keeps serving rebuilds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kg.store.base import StoreError

LEGACY_FILE = "graph.json"
MIGRATED_SUFFIX = ".migrated"


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
        store.write_graph(read_json_graph(legacy))
        os.replace(legacy, legacy.with_name(legacy.name + MIGRATED_SUFFIX))
    return True
