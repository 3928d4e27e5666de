"""LadybugDB error messages as one clear :class:`queries.errors.CypherError` line.

Syntax errors name the line and column (LadybugDB reports an offset); the time
and memory limits are named with their values; a query failing on Neo4j-only
syntax gets the LadybugDB equivalent (:func:`queries.dialect.neo4j_hints`).
"""

from __future__ import annotations

import re

from queries.dialect import neo4j_hints
from queries.errors import CypherError

_WHERE = re.compile(r"\s*\(line: (\d+), offset: (\d+)\)")
_KIND = re.compile(
    r"^(Parser|Binder|Catalog|Runtime|Connection|Copy|Interrupt|Buffer manager) exception: ", re.IGNORECASE
)


def cypher_error(message: str, query: str, timeout: float | None = None, memory_mb: int | None = None) -> CypherError:
    """The error to raise for LadybugDB's ``message`` about ``query``."""
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    if first.rstrip(".") == "Interrupted" and timeout:
        return CypherError(f"the query stopped at its time limit of {timeout:g} s")
    if "buffer pool is full" in message.lower() or "unable to allocate memory" in message.lower():
        limit = f" of {memory_mb} MB" if memory_mb else ""
        return CypherError(f"the query needs more memory than its limit{limit} (raise it with KG_QUERY_MEMORY=MB)")
    if "read-only database" in message:
        return CypherError("this query writes; the store is opened read-only")
    kind = _KIND.match(first)
    text = _KIND.sub("", first)
    where = _WHERE.search(text)
    if where:
        text = _WHERE.sub("", text)
        line, offset = int(where.group(1)), int(where.group(2))
        text = f"line {line}, column {offset + 1}: {text}"
    prefix = "Cypher syntax error" if kind and kind.group(1).lower() == "parser" else "Cypher error"
    msg = f"{prefix}: {text}"
    hints = neo4j_hints(query)
    if hints:
        msg += "".join(f" (hint: {h})" for h in hints)
    return CypherError(msg)
