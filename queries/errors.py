"""Errors raised by the query layer; the CLI turns each into one error line."""

from __future__ import annotations


class QueryError(Exception):
    """A query could not be answered; ``str(exc)`` is the user-facing message."""


class NotFound(QueryError):
    """A name matched no entity; ``suggestions`` holds the closest display names."""

    def __init__(self, name: str, suggestions: list[str] | None = None, label: str | None = None):
        self.name = name
        self.label = label
        self.suggestions = list(suggestions or [])
        what = f"{label} {name!r}" if label else repr(name)
        msg = f"{what} not found"
        if self.suggestions:
            msg += "; closest: " + ", ".join(self.suggestions)
        super().__init__(msg)


class CypherError(QueryError):
    """A Cypher query is invalid, unsupported on this store, or failed."""


class UnsupportedCypher(CypherError):
    """The query uses a construct this store cannot run; the message names it."""


class ReadOnlyError(CypherError):
    """A write clause (CREATE, MERGE, SET, DELETE, REMOVE, ...) on a read-only store."""


class FileAccessError(CypherError):
    """A typed-in query that could read or write files, the network or settings (COPY, LOAD, INSTALL,
    ATTACH, EXPORT/IMPORT DATABASE, CALL of such procedures), or holds several statements."""
