"""Checks on a typed query before any engine sees it: length and nesting depth.

LadybugDB's parser recurses once per bracket level and crashes the process
(segmentation fault) at a few thousand levels, so a query nested deeper than
:data:`MAX_NESTING` is refused with a clear error instead; no real query
nests more than a handful of levels.
"""

from __future__ import annotations

from queries.errors import QueryError

MAX_QUERY_CHARS = 100_000
MAX_NESTING = 100
_OPEN, _CLOSE = "([{", ")]}"


def nesting_depth(query: str) -> int:
    """The deepest bracket nesting outside strings, quoted names and comments.

    >>> nesting_depth("MATCH (n) WHERE n.x IN [1, (2)] RETURN '((('")
    2
    """
    depth = deepest = 0
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch in "'\"`":
            i += 1
            while i < n and query[i] != ch:
                i += 2 if query[i] == "\\" and ch != "`" else 1
        elif query.startswith("//", i):
            i = query.find("\n", i)
            i = n if i < 0 else i
        elif query.startswith("/*", i):
            i = query.find("*/", i + 2)
            i = n if i < 0 else i + 1
        elif ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSE:
            depth -= 1
        i += 1
    return deepest


def check_query(query: str) -> None:
    """:class:`QueryError` for a query that is empty, too long or nested too deeply."""
    if not query or not query.strip():
        raise QueryError("an empty query")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    depth = nesting_depth(query)
    if depth > MAX_NESTING:
        raise QueryError(f"the query nests brackets {depth} levels deep; the limit is {MAX_NESTING}")
