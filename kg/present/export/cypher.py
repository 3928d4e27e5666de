"""A Cypher script that recreates a subgraph with MERGE (Neo4j, FalkorDB, Memgraph).

One statement per line, each ending in ``;``. Nodes are merged on their label
and ``key``; relationships on their endpoints and type. Values are written as
Cypher literals: strings single-quoted with ``\\``, ``'``, control
characters and lone surrogates escaped; names (labels, types, properties) back-quoted.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from kg.present.export.io import atomic_write_text


def name(s: str) -> str:
    """A back-quoted Cypher name.

    >>> name("Method"), name("we`ird")
    ('`Method`', '`we``ird`')
    """
    return "`" + str(s).replace("`", "``") + "`"


#: line separators and bidirectional controls, written as ``\\uXXXX`` so the script reads as it runs
_INVISIBLE = frozenset("\u2028\u2029\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def string(s: str) -> str:
    """A single-quoted Cypher string literal.

    >>> print(string("it's a \\\\ path\\n"))
    'it\\'s a \\\\ path\\n'
    """
    out = []
    for ch in str(s):
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F or ch in _INVISIBLE or "\ud800" <= ch <= "\udfff":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def literal(value: object) -> str | None:
    """A Cypher literal for a property value; ``None`` when it cannot be stored (None, NaN, nested).

    >>> literal(["a", 1]), literal(2.5), literal(True), literal(None), literal(float("nan"))
    ("['a', 1]", '2.5', 'true', None, None)
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return string(value)
    if isinstance(value, (list, tuple)):
        items = [literal(v) for v in value if not isinstance(v, (list, tuple, dict))]
        return "[" + ", ".join(i for i in items if i is not None) + "]"
    return string(str(value))


def _set_clause(var: str, attrs: dict, skip: set[str]) -> str:
    parts = []
    for k, v in attrs.items():
        lit = literal(v)
        if k not in skip and lit is not None:
            parts.append(f"{var}.{name(k)} = {lit}")
    return (" SET " + ", ".join(parts)) if parts else ""


def _match(var: str, G: nx.MultiDiGraph, n: str) -> str:
    d = G.nodes[n]
    return f"({var}:{name(d['label'])} {{key: {literal(d['key'])}}})"


def statements(G: nx.MultiDiGraph) -> Iterator[str]:
    """The script's statements: one MERGE per node, then one per relationship."""
    for n, d in G.nodes(data=True):
        yield f"MERGE {_match('n', G, n)}" + _set_clause("n", d, {"label", "key"}) + ";"
    for u, v, k, d in G.edges(keys=True, data=True):
        yield (
            f"MATCH {_match('a', G, u)}, {_match('b', G, v)} MERGE (a)-[r:{name(k)}]->(b)"
            + _set_clause("r", d, {"type"})
            + ";"
        )


def script(G: nx.MultiDiGraph) -> str:
    """The whole script as text (a comment header, then one statement per line)."""
    header = [
        f"// paperkg subgraph: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships.",
        "// Run with cypher-shell -f, or paste into Neo4j Browser. For speed on big scripts create",
        "// an index on :<Label>(key) for each label first.",
    ]
    return "\n".join([*header, *statements(G)]) + "\n"


def write_cypher(G: nx.MultiDiGraph, path: str | Path) -> None:
    atomic_write_text(path, script(G))
