"""The connection protocol the query layer runs Cypher through; stores implement it.

``queries/`` imports no store: :class:`kg.store.embedded.EmbeddedStore`
(LadybugDB) and :class:`kg.store.neo4j_store.Neo4jStore` implement this, and
:class:`queries.cypher_backend.CypherBackend` answers every question with it.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class CypherConnection(Protocol):
    """Something that runs Cypher with parameters and returns plain rows."""

    #: human-readable location, never containing a password
    location: str
    #: ``"ladybug"`` or ``"neo4j"`` (see :mod:`queries.dialect`)
    dialect: str

    @property
    def max_rows(self) -> int | None:
        """The most rows a user-typed query may return (None: no cap)."""

    def run(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        max_rows: int | None = None,
        isolated: bool = False,
    ) -> list[dict[str, Any]]:
        """One dict per row keyed by RETURN column; nodes as property dicts with
        ``label``, relationships with ``type``, paths as ``[node, rel, node, …]``.
        ``isolated``: the query was typed by a user; run it where a crash of the
        engine cannot take the caller down (an embedded store uses a child process).
        Raises :class:`queries.errors.QueryError` (``CypherError`` for the query itself)."""

    def close(self) -> None:
        """Release what the connection holds."""
