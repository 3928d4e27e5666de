"""The interface every graph store implements."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol

from kg.core.errors import StoreError  # noqa: F401  (kg.store's error)

if TYPE_CHECKING:  # networkx is imported by what builds graphs, not by every command
    import networkx as nx


class GraphStore(Protocol):
    """Where a paperkg graph lives: a file (embedded) or a Neo4j database."""

    #: human-readable location, never containing a password
    location: str

    def read_graph(self) -> nx.MultiDiGraph:
        """The whole stored graph (empty when nothing was stored yet)."""

    def write_graph(self, graph: nx.MultiDiGraph) -> object:
        """Replace the stored graph with ``graph``, all or nothing (a store may return a report of it)."""

    def writing(
        self, wait: float | None = None, on_wait: Callable[[str], None] | None = None
    ) -> AbstractContextManager[None]:
        """Hold the store's writer lock inside a ``with`` block (one writer at a time);
        wait up to ``wait`` seconds for another writer, telling ``on_wait`` once."""

    def stats(self) -> dict:
        """``{"nodes": {label: n}, "relationships": {type: n}}``."""

    def close(self) -> None:
        """Release connections; the embedded store has nothing to release."""
