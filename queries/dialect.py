"""The few places where LadybugDB's Cypher and Neo4j's differ, in one module.

The query layer writes portable Cypher where it can (``MATCH``, ``OPTIONAL
MATCH``, ``WITH``, ``UNWIND``, ``CASE``, ``=~``, ``EXISTS {}``, ``collect``,
``count(DISTINCT …)``, map literals, relationship alternatives ``[:A|B]``). What
differs is spelled by a :class:`Dialect`:

=====================  ===============================  ==================================
what                   LadybugDB                        Neo4j (and FalkorDB)
=====================  ===============================  ==================================
relationship type      ``label(r)``                     ``type(r)``
node label             ``label(n)`` (one string)        ``head(labels(n))``
"any entity" node      ``(e:Method:Dataset:…)``         ``(e) WHERE (e:Method OR …)``
shortest paths         ``-[:T* ALL SHORTEST 1..k]-``    ``allShortestPaths((a)-[:T*..k]-(b))``
list comprehension     ``list_transform`` /             ``[x IN l | …]`` / ``[x IN l WHERE …]``
                       ``list_filter``
a null parameter       typed: write ``CAST($p AS INT64)``  untyped
=====================  ===============================  ==================================

One difference is of speed, not spelling: LadybugDB applies a filter on a
*literal* while it scans a node table, before it reads the node's other
properties, and a filter on a *parameter* only after reading them. Where that
matters (cutting a page of a long paper list by list position,
:class:`queries.cypher_backend.CypherBackend`), the bound is an integer
paperkg computed, written with ``int()`` as a literal; user values are always
parameters.

:func:`neo4j_hints` names the LadybugDB spelling when a query written for Neo4j
fails on the embedded store; :func:`write_clause` finds write clauses (with the
lexer of :mod:`queries.cypher_guard`, which decides what a typed-in query may do).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    """How one store spells the constructs that differ (see the module table)."""

    name: str

    @property
    def ladybug(self) -> bool:
        return self.name == "ladybug"

    def rel_type(self, var: str) -> str:
        """Expression for the type of relationship ``var``."""
        return f"label({var})" if self.ladybug else f"type({var})"

    def node_label(self, var: str) -> str:
        """Expression for the label of node ``var`` (paperkg nodes have one)."""
        return f"label({var})" if self.ladybug else f"head(labels({var}))"

    def has_label(self, var: str, label: str) -> str:
        """Condition: node ``var`` has ``label``."""
        return f"label({var}) = '{label}'" if self.ladybug else f"{var}:{label}"

    def any_of(self, var: str, labels: Sequence[str]) -> tuple[str, str]:
        """``(pattern, condition)`` matching a node ``var`` of any of ``labels``; condition may be ``"true"``."""
        if self.ladybug:
            return f"({var}:{':'.join(labels)})", "true"
        return f"({var})", "(" + " OR ".join(f"{var}:{label}" for label in labels) + ")"

    def all_shortest(self, a: str, b: str, rel_types: Sequence[str], max_len: int) -> str:
        """A ``MATCH`` clause binding ``p`` to every shortest path between bound nodes ``a`` and ``b``."""
        rels = "|".join(rel_types)
        if self.ladybug:
            return f"MATCH p = ({a})-[:{rels}* ALL SHORTEST 1..{int(max_len)}]-({b})"
        return f"WITH {a}, {b} MATCH p = allShortestPaths(({a})-[:{rels}*..{int(max_len)}]-({b}))"

    def path_nodes(self, path: str) -> str:
        """Expression for ``[[label(s), key], …]`` of the nodes on ``path``."""
        if self.ladybug:
            return f"list_transform(nodes({path}), x -> [label(x), x.key])"
        return f"[n IN nodes({path}) | [head(labels(n)), n.key]]"


LADYBUG = Dialect("ladybug")
NEO4J = Dialect("neo4j")


def dialect_of(connection) -> Dialect:
    """The dialect a connection speaks (its ``dialect`` attribute, ``"ladybug"`` or ``"neo4j"``)."""
    return LADYBUG if getattr(connection, "dialect", "neo4j") == "ladybug" else NEO4J


def label_name(value) -> str | None:
    """A label from :meth:`Dialect.node_label` (a string, or the first of a list)."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


# ------------------------------------------------------------- Neo4j-only syntax

_SKIP = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`(?:[^`]|``)*`", re.DOTALL)

_HINTS = (
    (
        re.compile(r"\b(all)?shortestPath\s*\(", re.I),
        "LadybugDB has no shortestPath(): write MATCH p = (a)-[* SHORTEST 1..6]-(b) "
        "(or * ALL SHORTEST for every shortest path)",
    ),
    (re.compile(r"\btype\s*\(", re.I), "LadybugDB spells type(r) as label(r)"),
    (
        re.compile(r"\[\s*\w+\s+IN\b[^\]]*\|", re.I),
        "LadybugDB has no list comprehensions: [x IN l | f(x)] is list_transform(l, x -> f(x))",
    ),
    (
        re.compile(r"\[\s*\w+\s+IN\b[^\]|]*\bWHERE\b", re.I),
        "LadybugDB has no list comprehensions: [x IN l WHERE c] is list_filter(l, x -> c)",
    ),
    (
        re.compile(r"\bWHERE\b[^;]*?\b\w+:[A-Z]\w*", re.S),
        "LadybugDB has no label tests in WHERE: write label(n) = 'Method' or (n:Method) in the pattern",
    ),
    (re.compile(r"\(\s*\w*\s*:\s*\w+\s*\|", re.I), "LadybugDB writes a choice of labels as (n:Method:Dataset)"),
    (re.compile(r"\bto(Integer|Int)\s*\(", re.I), "LadybugDB spells toInteger(x) as CAST(x AS INT64)"),
    (re.compile(r"\btoFloat\s*\(", re.I), "LadybugDB spells toFloat(x) as CAST(x AS DOUBLE)"),
    (re.compile(r"\bexists\s*\(\s*\w+\.\w+\s*\)", re.I), "write exists(n.prop) as n.prop IS NOT NULL"),
    (
        re.compile(r"\b\w+\s*\{\s*\.\w+", re.I),
        "LadybugDB has no map projections: write {title: p.title} instead of p {.title}",
    ),
    (re.compile(r"\bapoc\.|\bgds\.", re.I), "APOC and GDS procedures are Neo4j plugins; LadybugDB has neither"),
)


def neo4j_hints(query: str) -> list[str]:
    """The LadybugDB spelling of each Neo4j-only construct in ``query``.

    >>> neo4j_hints("MATCH (a)-[r]->(b) RETURN type(r)")
    ['LadybugDB spells type(r) as label(r)']
    >>> neo4j_hints("MATCH (n) RETURN n.name // type(x)")
    []
    """
    text = _SKIP.sub(" ", query)
    return [hint for pattern, hint in _HINTS if pattern.search(text)]


#: the longest query text, the deepest bracket nesting and the longest literal range() a typed-in query may have
MAX_QUERY_CHARS = 100_000
MAX_NESTING = 100
MAX_RANGE = 100_000_000
MAX_OPERATORS = 1000  # LadybugDB parses operator chains in quadratic time (2,000 terms: ~1.3 s)
_OPERATOR = re.compile(r"[-+*/%^<>=]+|\b(?:AND|OR|XOR|NOT)\b", re.IGNORECASE)
_RANGE = re.compile(r"\brange\s*\(\s*(-?\d+)\s*,\s*(-?\d+)\s*(?:,\s*(-?\d+)\s*)?\)", re.IGNORECASE)


def shape_problem(query: str) -> str | None:
    """Why ``query`` is too big to hand to a parser (LadybugDB takes seconds on deep nesting), else None.

    >>> shape_problem("RETURN " + "(" * 500 + "1" + ")" * 500)
    'the query nests brackets more than 100 deep'
    """
    if len(query) > MAX_QUERY_CHARS:
        return f"the query is longer than {MAX_QUERY_CHARS} characters"
    text = _SKIP.sub(" ", query)
    if len(_OPERATOR.findall(text)) > MAX_OPERATORS:
        return f"the query has more than {MAX_OPERATORS} operators"
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    if deepest > MAX_NESTING:
        return f"the query nests brackets more than {MAX_NESTING} deep"
    for m in _RANGE.finditer(query):
        start, stop, step = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        if step and (stop - start) // step > MAX_RANGE:
            return f"range() of more than {MAX_RANGE:,} items"
    return None


def write_clause(query: str) -> str | None:
    """The first write clause in ``query`` (comments, strings and `names` ignored), else None
    (see :mod:`queries.cypher_guard`, which also finds file access and second statements).

    >>> write_clause("MATCH (n {note: 'CREATE'}) RETURN n.set // DELETE")
    >>> write_clause("MATCH (n) detach delete n")
    'DETACH'
    >>> write_clause("CALL db.idx.fulltext.createNodeIndex('Paper', 'title')")
    'CALL db.idx.fulltext.createNodeIndex'
    """
    from queries.cypher_guard import classify  # noqa: PLC0415 (the guard imports the errors, not the dialect)

    writes = classify(query).writes
    return writes[0] if writes else None
