"""The embedded store: a NetworkX graph in one JSON file, written atomically.

Layout of a store folder (default ``./kg-store``, or ``--store`` / ``KG_STORE``)::

    kg-store/
      graph.json          node-link JSON of the MultiDiGraph (see kg.schema)
      extractions.sqlite  extraction cache keyed by content hash (kg.cache)

JSON only, never pickle: a store file cannot execute code when opened.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import networkx as nx

from kg.graph import graph_stats, new_graph
from kg.store.base import StoreError

GRAPH_FILE = "graph.json"
FORMAT_VERSION = 1


def write_json_atomic(path: Path, data: object) -> None:
    """Write JSON to ``path`` via a temp file in the same folder and a rename.

    A crash or an exception mid-write leaves the previous file untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def to_node_link(graph: nx.MultiDiGraph) -> dict:
    """Node-link JSON data; node ids under ``"_id"`` so a Paper's own ``id`` attribute survives."""
    return nx.node_link_data(graph, edges="edges", name="_id")


def from_node_link(data: dict) -> nx.MultiDiGraph:
    """Inverse of :func:`to_node_link`."""
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges", name="_id")


class EmbeddedStore:
    """A store folder holding ``graph.json``.

    >>> import tempfile
    >>> store = EmbeddedStore(tempfile.mkdtemp())
    >>> store.read_graph().number_of_nodes()
    0
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.location = str(self.path)

    @property
    def graph_file(self) -> Path:
        return self.path / GRAPH_FILE

    def exists(self) -> bool:
        return self.graph_file.exists()

    def read_graph(self) -> nx.MultiDiGraph:
        if not self.graph_file.exists():
            return new_graph()
        try:
            with self.graph_file.open(encoding="utf-8") as fh:
                data = json.load(fh)
            return from_node_link(data["graph"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(f"{self.graph_file}: not a readable paperkg store ({exc})") from exc

    def write_graph(self, graph: nx.MultiDiGraph) -> None:
        data = {"format": "paperkg", "version": FORMAT_VERSION, "graph": to_node_link(graph)}
        try:
            write_json_atomic(self.graph_file, data)
        except OSError as exc:
            raise StoreError(f"{self.graph_file}: cannot write ({exc})") from exc

    def stats(self) -> dict:
        return graph_stats(self.read_graph())

    def close(self) -> None:
        pass
