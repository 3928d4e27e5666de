"""Ready-made queries over a paperkg graph and the named Cypher catalogue.

>>> from tests.fixtures.graphs import make_small_graph
>>> backend = NetworkXBackend(make_small_graph())
>>> api.related(backend, "diffusion", n=1)[0]["name"]
'image classification'
"""

from __future__ import annotations

from queries import api
from queries.backend import QueryBackend
from queries.errors import CypherError, NotFound, QueryError, ReadOnlyError, UnsupportedCypher
from queries.networkx_backend import NetworkXBackend


def open_backend(store) -> QueryBackend:
    """The query backend for a store: NetworkX over the embedded store's graph.

    ``store`` is a :class:`kg.store.GraphStore` (e.g. from :func:`kg.store.open_store`).
    A Neo4j store gets its own backend here (see the Neo4j store issue).
    """
    return NetworkXBackend(store.read_graph(), store.location)


__all__ = ["api", "open_backend", "QueryBackend", "NetworkXBackend", "QueryError", "NotFound", "CypherError",
           "UnsupportedCypher", "ReadOnlyError"]
