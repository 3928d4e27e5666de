"""Checks on a typed query before any engine sees it: length, nesting depth, operator count.

LadybugDB's parser recurses once per bracket level and crashes the process
(segmentation fault) at a few thousand levels, and takes superlinear time on
long operator chains (``1 + 1 + …``: 4,000 terms 3 s, 5,000 terms 12 s), so
a query over :data:`MAX_NESTING` levels or :data:`MAX_OPERATORS` operators is
refused with a clear error instead; real queries stay far below both.
"""

from __future__ import annotations

from typing import Iterator

from queries.errors import QueryError

MAX_QUERY_CHARS = 100_000
MAX_NESTING = 100
MAX_OPERATORS = 1_000
_OPEN, _CLOSE, _OPERATORS = "([{", ")]}", "+-*/%^=<>"


def code_chars(query: str) -> Iterator[str]:
    """The characters of ``query`` outside strings, quoted names and comments."""
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
        else:
            yield ch
        i += 1


def nesting_depth(query: str) -> int:
    """The deepest bracket nesting outside strings, quoted names and comments.

    >>> nesting_depth("MATCH (n) WHERE n.x IN [1, (2)] RETURN '((('")
    2
    """
    depth = deepest = 0
    for ch in code_chars(query):
        if ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSE:
            depth -= 1
    return deepest


def operator_count(query: str) -> int:
    """Operator characters outside strings, quoted names and comments.

    >>> operator_count("MATCH (a)-[:R]->(b) WHERE a.x + 1 >= 2 RETURN '+++'")
    6
    """
    return sum(ch in _OPERATORS for ch in code_chars(query))


def check_query(query: str) -> None:
    """:class:`QueryError` for a query that is empty, too long, nested too deeply or too long a chain."""
    if not query or not query.strip():
        raise QueryError("an empty query")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(query):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    depth = nesting_depth(query)
    if depth > MAX_NESTING:
        raise QueryError(f"the query nests brackets {depth} levels deep; the limit is {MAX_NESTING}")
    operators = operator_count(query)
    if operators > MAX_OPERATORS:
        raise QueryError(f"the query has {operators:,} operators; the limit is {MAX_OPERATORS:,}")
