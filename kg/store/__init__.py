"""Graph stores behind one interface; :func:`open_store` picks one."""

from __future__ import annotations

import os

from kg.store.base import GraphStore, StoreError
from kg.store.embedded import EmbeddedStore

DEFAULT_STORE = "kg-store"


def default_store_path() -> str:
    """``$KG_STORE`` if set, else ``./kg-store``."""
    return os.environ.get("KG_STORE") or DEFAULT_STORE


def open_store(path: str | None = None) -> EmbeddedStore:
    """Open the embedded store at ``path`` (default :func:`default_store_path`)."""
    return EmbeddedStore(path or default_store_path())


__all__ = ["GraphStore", "StoreError", "EmbeddedStore", "open_store", "default_store_path", "DEFAULT_STORE"]
