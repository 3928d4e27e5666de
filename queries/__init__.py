"""Ready-made queries over a paperkg graph and the named Cypher catalogue.

>>> from tests.fixtures.graphs import make_small_graph
>>> backend = NetworkXBackend(make_small_graph())
>>> api.related(backend, "diffusion", n=1)[0]["name"]
'image classification'
"""

from __future__ import annotations

import sys

from queries import api
from queries.backend import QueryBackend
from queries.errors import CypherError, NotFound, QueryError, ReadOnlyError, UnsupportedCypher
from queries.networkx_backend import NetworkXBackend


def open_backend(store) -> QueryBackend:
    """The query backend for a store: NetworkX over the embedded store's graph.

    ``store`` is a :class:`kg.store.GraphStore` (e.g. from :func:`kg.store.open_store`).
    A :class:`kg.store.neo4j_store.Neo4jStore` gets a
    :class:`queries.neo4j_backend.Neo4jBackend` (Cypher on the server).
    """
    neo4j_store = sys.modules.get("kg.store.neo4j_store")  # not imported: not a Neo4j store
    if neo4j_store is not None and isinstance(store, neo4j_store.Neo4jStore):
        from queries.neo4j_backend import Neo4jBackend

        return Neo4jBackend(store)
    return NetworkXBackend(store.read_graph(), store.location)


__all__ = ["api", "open_backend", "QueryBackend", "NetworkXBackend", "QueryError", "NotFound", "CypherError",
           "UnsupportedCypher", "ReadOnlyError"]
