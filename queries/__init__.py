"""Ready-made queries over a paperkg graph and the named Cypher catalogue.

Every question is Cypher run through a connection (:mod:`queries.connection`)
that a store implements; :class:`CypherBackend` asks them.

>>> from kg.store import MemoryStore
>>> from tests.fixtures.graphs import make_small_graph
>>> backend = CypherBackend(MemoryStore(make_small_graph()))
>>> api.related(backend, "diffusion", n=1)[0]["name"]
'image classification'
"""

from __future__ import annotations

import sys

from queries import api
from queries.backend import QueryBackend
from queries.cypher_backend import CypherBackend
from queries.errors import CypherError, NotFound, QueryError, ReadOnlyError, UnsupportedCypher


def open_backend(store) -> QueryBackend:
    """The query backend for a store (a :class:`kg.store.GraphStore`, e.g. from :func:`kg.store.open_store`)."""
    neo4j_store = sys.modules.get("kg.store.neo4j_store")  # not imported: not a Neo4j store
    if neo4j_store is not None and isinstance(store, neo4j_store.Neo4jStore):
        from queries.neo4j_backend import Neo4jBackend

        return Neo4jBackend(store)
    return CypherBackend(store, owns=False)


__all__ = ["api", "open_backend", "QueryBackend", "CypherBackend", "QueryError", "NotFound", "CypherError",
           "UnsupportedCypher", "ReadOnlyError"]
