"""Ready-made queries over a paperkg graph and the named Cypher catalogue.

Every question is Cypher run through a connection (:mod:`queries.connection`)
that a store implements; :class:`CypherBackend` asks them.

>>> from kg.store import MemoryStore
>>> from kg.core.examples import small_graph
>>> backend = CypherBackend(MemoryStore(small_graph()))
>>> api.related(backend, "diffusion", n=1)[0]["name"]
'image classification'
"""

from __future__ import annotations

from queries import api
from queries.backend import QueryBackend
from queries.cypher_backend import CypherBackend
from queries.errors import CypherError, FileAccessError, NotFound, QueryError, ReadOnlyError, UnsupportedCypher


def open_backend(store) -> QueryBackend:
    """The query backend for a store (a :class:`kg.store.GraphStore` from :func:`kg.store.open_store`:
    both stores implement :class:`queries.connection.CypherConnection`); it closes the store
    when closed or collected."""
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
