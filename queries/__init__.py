"""Ready-made queries over a paperkg graph and the named Cypher catalogue.

Every question is Cypher run through a connection (:mod:`queries.connection`)
that a store implements; :class:`CypherBackend` asks them.

>>> from kg.store import MemoryStore
>>> from queries import CypherBackend, api
>>> from kg.core.examples import small_graph
>>> backend = CypherBackend(MemoryStore(small_graph()))
>>> api.related(backend, "diffusion", n=1)[0]["name"]
'image classification'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from queries.backend import QueryBackend
from queries.errors import CypherError, FileAccessError, NotFound, QueryError, ReadOnlyError, UnsupportedCypher

if TYPE_CHECKING:
    from queries import api
    from queries.cypher_backend import CypherBackend

#: imported on first use: every ``kg`` command imports this package, few ask Cypher questions
_LAZY = {"api": ("queries.api", None), "CypherBackend": ("queries.cypher_backend", "CypherBackend")}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'queries' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    loaded = importlib.import_module(module)
    return loaded if attribute is None else getattr(loaded, attribute)


def open_backend(store) -> QueryBackend:
    """The query backend for a store (a :class:`kg.store.GraphStore` from :func:`kg.store.open_store`:
    both stores implement :class:`queries.connection.CypherConnection`); it closes the store
    when closed or collected."""
    from queries.cypher_backend import CypherBackend

    return CypherBackend(store)


__all__ = [
    "api",
    "open_backend",
    "QueryBackend",
    "CypherBackend",
    "QueryError",
    "NotFound",
    "CypherError",
    "UnsupportedCypher",
    "ReadOnlyError",
    "FileAccessError",
]
