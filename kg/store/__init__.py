"""Graph stores behind one interface; :func:`open_store` picks one."""

from __future__ import annotations

import os

from kg.store.base import GraphStore, StoreError
from kg.store.embedded import EmbeddedStore, MemoryStore

DEFAULT_STORE = "kg-store"


def default_store_path() -> str:
    """``$KG_STORE`` if set, else ``./kg-store``."""
    return os.environ.get("KG_STORE") or DEFAULT_STORE


def open_store(
    path: str | None = None,
    backend: str | None = None,
    *,
    timeout: float | None = None,
    max_rows: int | None = None,
    memory_mb: int | None = None,
    **neo4j_opts,
) -> GraphStore:
    """Open a store: the embedded one at ``path`` (default :func:`default_store_path`),
    or with ``backend="neo4j"`` a :class:`kg.store.neo4j_store.Neo4jStore` from
    ``neo4j_opts`` (``uri``, ``user``, ``password``, ``database``, ``batch_size``, …)
    and the ``NEO4J_*`` variables, checked by connecting (:class:`StoreError` if that fails).
    ``timeout`` (seconds), ``max_rows`` and ``memory_mb`` bound the embedded store's queries.
    """
    kind = (backend or "embedded").strip().lower()
    if kind == "embedded":
        return EmbeddedStore(path or default_store_path(), timeout=timeout, max_rows=max_rows, memory_mb=memory_mb)
    if kind == "neo4j":
        from kg.store.neo4j_store import open_neo4j_store

        return open_neo4j_store(**neo4j_opts)
    raise StoreError(f"unknown backend {backend!r}; choose embedded or neo4j")


__all__ = [
    "GraphStore",
    "StoreError",
    "EmbeddedStore",
    "MemoryStore",
    "open_store",
    "default_store_path",
    "DEFAULT_STORE",
]
