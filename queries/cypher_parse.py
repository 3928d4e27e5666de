"""Parse the read-only Cypher subset the embedded store runs into a small AST.

Accepted shape (documented in README.md, "Cypher on the embedded store")::

    MATCH pattern[, pattern…] [WHERE expr]  (repeated)
    [WITH [DISTINCT] items [ORDER BY …] [SKIP n] [LIMIT n] [WHERE expr]]  (repeated)
    RETURN [DISTINCT] items [ORDER BY …] [SKIP n] [LIMIT n]

Expressions are tuples, e.g. ``("prop", ("var", "p"), "title")``; parameters
are replaced by ``("lit", value)`` while parsing, so values never become
query text. Anything else raises :class:`UnsupportedCypher` naming the
construct, or :class:`ReadOnlyError` for write clauses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from queries.cypher_lexer import Tok, tokenize, where
from queries.errors import CypherError, ReadOnlyError, UnsupportedCypher

WRITE_CLAUSES = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "FOREACH")
AGGREGATES = ("count", "collect", "sum", "avg", "min", "max")
SCALARS = ("tolower", "toupper", "trim", "ltrim", "rtrim", "size", "coalesce", "type", "labels", "keys",
           "properties", "tostring", "tointeger", "tofloat", "toboolean", "round", "abs", "ceil", "floor", "sqrt",
           "head", "last", "tail", "substring", "left", "right", "split", "replace", "reverse", "range")
_UNSUPPORTED_CLAUSES = {
    "OPTIONAL": "OPTIONAL MATCH", "UNWIND": "UNWIND", "UNION": "UNION", "CALL": "CALL",
    "LOAD": "LOAD CSV", "USE": "USE", "EXPLAIN": "EXPLAIN", "PROFILE": "PROFILE",
}
_CLAUSE_WORDS = {"MATCH", "WHERE", "WITH", "RETURN", "ORDER", "SKIP", "LIMIT", *WRITE_CLAUSES, *_UNSUPPORTED_CLAUSES}
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
MAX_HOPS = 10


@dataclass
class NodePat:
    var: str
    labels: list[str]
    props: list[tuple[str, tuple]]
    anon: bool = False


@dataclass
class RelPat:
    var: str
    types: list[str]
    props: list[tuple[str, tuple]]
    direction: str  # "out" (a)-->(b), "in" (a)<--(b), "both" (a)--(b)
    min_hops: int | None = None  # None: a single hop
    max_hops: int | None = None
    anon: bool = False

    @property
    def var_length(self) -> bool:
        return self.min_hops is not None


@dataclass
class Pattern:
    nodes: list[NodePat]
    rels: list[RelPat]


@dataclass
class Item:
    expr: tuple
    name: str  # column name: the alias, or the expression text as written


@dataclass
class Projection:
    kind: str  # WITH | RETURN
    distinct: bool = False
    items: list[Item] | None = None  # None: * (all variables)
    order: list[tuple[tuple, bool]] = field(default_factory=list)  # (expr, descending)
    skip: int | None = None
    limit: int | None = None
    where: tuple | None = None


@dataclass
class Query:
    patterns: list[Pattern]
    where: tuple | None
    stages: list[Projection]
    variables: list[str]  # user-named pattern variables, in order of appearance


def parse(query: str, params: dict[str, Any] | None = None) -> Query:
    """Parse ``query`` with ``params`` bound; raise a :class:`CypherError` subclass if it cannot run here."""
    return _Parser(query, params or {}).parse_query()


class _Parser:
    def __init__(self, query: str, params: dict[str, Any]):
        self.q = query
        self.params = params
        self.toks = tokenize(query)
        self.i = 0
        self.vars: list[str] = []
        self.anon = 0
        self._prescan()

    # -- token helpers -----------------------------------------------------
    def peek(self, k: int = 0) -> Tok | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def at_op(self, *ops: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t.kind == "op" and t.value in ops

    def at_kw(self, *words: str, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t.is_kw(*words)

    def next(self) -> Tok:
        t = self.peek()
        if t is None:
            raise CypherError("unexpected end of query")
        self.i += 1
        return t

    def expect_op(self, op: str) -> Tok:
        if not self.at_op(op):
            raise self.error(f"expected {op!r}")
        return self.next()

    def expect_kw(self, word: str) -> Tok:
        if not self.at_kw(word):
            raise self.error(f"expected {word}")
        return self.next()

    def name(self, what: str) -> str:
        t = self.peek()
        if t is None or t.kind != "name":
            raise self.error(f"expected {what}")
        self.i += 1
        return t.value

    def error(self, msg: str, tok: Tok | None = None, cls=CypherError) -> CypherError:
        tok = tok if tok is not None else self.peek()
        got = "" if tok is None else f" (found {self.q[tok.start:tok.end]!r})"
        return cls(f"{msg} at {where(self.q, tok)}{got}")

    def _prescan(self) -> None:
        """Reject write clauses and shortest paths wherever they appear."""
        for j, t in enumerate(self.toks):
            prev = self.toks[j - 1] if j else None
            if prev is not None and prev.kind == "op" and prev.value in (".", ":"):
                continue  # a property or label name, not a keyword
            nxt = self.toks[j + 1] if j + 1 < len(self.toks) else None
            if nxt is not None and nxt.kind == "op" and nxt.value == ":" and prev is not None and prev.kind == "op" and prev.value in ("{", ","):
                continue  # a map key
            if t.is_kw(*WRITE_CLAUSES):
                word = t.value.upper()
                if word == "DETACH" and nxt is not None and nxt.is_kw("DELETE"):
                    word = "DETACH DELETE"
                raise ReadOnlyError(
                    f"{word} is a write clause; the embedded store is read-only to queries "
                    f"(`kg cypher` never modifies the graph) at {where(self.q, t)}"
                )
            if t.is_kw("SHORTESTPATH", "ALLSHORTESTPATHS"):
                raise UnsupportedCypher(
                    f"{t.value} is not supported on the embedded store; use `kg path A B` "
                    f"(at {where(self.q, t)})"
                )

    # -- clauses -------------------------------------------------------------
    def parse_query(self) -> Query:
        patterns: list[Pattern] = []
        conds: list[tuple] = []
        self._unsupported_clause()
        if not self.at_kw("MATCH"):
            raise self.error("a query must start with MATCH")
        while self.at_kw("MATCH"):
            self.next()
            patterns.append(self.pattern())
            while self.at_op(","):
                self.next()
                patterns.append(self.pattern())
            if self.at_kw("WHERE"):
                self.next()
                conds.append(self.expr())
            self._unsupported_clause()
        stages: list[Projection] = []
        while self.at_kw("WITH"):
            self.next()
            stages.append(self.projection("WITH"))
            if self.at_kw("MATCH"):
                raise self.error("MATCH after WITH is not supported on the embedded store", cls=UnsupportedCypher)
            self._unsupported_clause()
        if not self.at_kw("RETURN"):
            raise self.error("expected RETURN")
        self.next()
        stages.append(self.projection("RETURN"))
        if self.at_op(";"):
            self.next()
        if self.peek() is not None:
            self._unsupported_clause()
            raise self.error("unexpected text after RETURN")
        for pat in patterns:  # property maps become WHERE conditions
            for el in [*pat.nodes, *pat.rels]:
                for key, value in el.props:
                    conds.append(("bin", "=", ("prop", ("var", el.var), key), value))
        cond = None
        for c in conds:
            cond = c if cond is None else ("and", cond, c)
        return Query(patterns, cond, stages, list(self.vars))

    def _unsupported_clause(self) -> None:
        t = self.peek()
        if t is not None and t.kind == "name" and t.value.upper() in _UNSUPPORTED_CLAUSES:
            what = _UNSUPPORTED_CLAUSES[t.value.upper()]
            raise self.error(f"{what} is not supported on the embedded store", cls=UnsupportedCypher)

    def projection(self, kind: str) -> Projection:
        proj = Projection(kind)
        if self.at_kw("DISTINCT"):
            self.next()
            proj.distinct = True
        if self.at_op("*"):
            self.next()
            proj.items = None
        else:
            proj.items = [self.item(kind)]
            while self.at_op(","):
                self.next()
                proj.items.append(self.item(kind))
        if self.at_kw("ORDER"):
            self.next()
            self.expect_kw("BY")
            while True:
                e = self.expr()
                desc = False
                if self.at_kw("DESC", "DESCENDING"):
                    self.next()
                    desc = True
                elif self.at_kw("ASC", "ASCENDING"):
                    self.next()
                proj.order.append((e, desc))
                if not self.at_op(","):
                    break
                self.next()
        if self.at_kw("SKIP"):
            self.next()
            proj.skip = self.count_value("SKIP")
        if self.at_kw("LIMIT"):
            self.next()
            proj.limit = self.count_value("LIMIT")
        if kind == "WITH" and self.at_kw("WHERE"):
            self.next()
            proj.where = self.expr()
        return proj

    def count_value(self, what: str) -> int:
        tok = self.peek()
        e = self.expr()
        if e[0] != "lit" or not isinstance(e[1], int) or isinstance(e[1], bool) or e[1] < 0:
            raise self.error(f"{what} needs a non-negative integer literal or parameter", tok)
        return e[1]

    def item(self, kind: str) -> Item:
        first = self.peek()
        e = self.expr()
        last = self.toks[self.i - 1]
        if self.at_kw("AS"):
            self.next()
            return Item(e, self.name("an alias after AS"))
        if e[0] == "var":
            return Item(e, e[1])
        if kind == "WITH":
            raise self.error("an expression in WITH must be aliased (use AS)", first)
        return Item(e, self.q[first.start:last.end])

    # -- patterns ------------------------------------------------------------
    def pattern(self) -> Pattern:
        if self.peek(1) is not None and self.at_op("=", k=1) and self.peek() is not None and self.peek().kind == "name":
            raise self.error("path variables (p = …) are not supported on the embedded store", cls=UnsupportedCypher)
        nodes = [self.node()]
        rels: list[RelPat] = []
        while self.at_op("-", "<"):
            rels.append(self.rel())
            nodes.append(self.node())
        return Pattern(nodes, rels)

    def _var(self, prefix: str) -> tuple[str, bool]:
        t = self.peek()
        if t is not None and t.kind == "name":
            self.i += 1
            if t.value not in self.vars:
                self.vars.append(t.value)
            return t.value, False
        self.anon += 1
        return f"_{prefix}{self.anon}", True

    def _label_list(self, what: str) -> list[str]:
        names = [self._ident(what)]
        while self.at_op("|"):
            self.next()
            if self.at_op(":"):
                self.next()
            names.append(self._ident(what))
        if self.at_op(":"):
            raise self.error(f"several {what}s joined with ':' (all of them) are not supported; use {what} alternatives A|B",
                             cls=UnsupportedCypher)
        return names

    def _ident(self, what: str) -> str:
        t = self.peek()
        value = self.name(what)
        if not _IDENT.match(value):
            raise self.error(f"{what} {value!r} is not a plain identifier", t, cls=UnsupportedCypher)
        return value

    def node(self) -> NodePat:
        self.expect_op("(")
        var, anon = self._var("n")
        labels: list[str] = []
        if self.at_op(":"):
            self.next()
            labels = self._label_list("label")
        props = self.props()
        self.expect_op(")")
        return NodePat(var, labels, props, anon)

    def props(self) -> list[tuple[str, tuple]]:
        if not self.at_op("{"):
            if self.peek() is not None and self.peek().kind == "param":
                raise self.error("a parameter map as pattern properties is not supported", cls=UnsupportedCypher)
            return []
        self.next()
        out = []
        while not self.at_op("}"):
            key = self.name("a property name")
            self.expect_op(":")
            out.append((key, self.expr()))
            if self.at_op(","):
                self.next()
            elif not self.at_op("}"):
                raise self.error("expected ',' or '}'")
        self.next()
        return out

    def rel(self) -> RelPat:
        left = self.at_op("<")
        if left:
            self.next()
        self.expect_op("-")
        types: list[str] = []
        props: list[tuple[str, tuple]] = []
        lo = hi = None
        if self.at_op("["):
            self.next()
            var, anon = self._var("r")
            if self.at_op(":"):
                self.next()
                types = self._label_list("relationship type")
            if self.at_op("*"):
                lo, hi = self.hops()
            props = self.props()
            self.expect_op("]")
        else:
            var, anon = self._var("r")
        self.expect_op("-")
        right = self.at_op(">")
        if right:
            self.next()
        if left and right:
            raise self.error("a relationship cannot point both ways")
        direction = "in" if left else "out" if right else "both"
        if direction == "both" and lo is not None:
            raise self.error("undirected variable-length relationships are not supported on the embedded store; give a direction",
                             cls=UnsupportedCypher)
        return RelPat(var, types, props, direction, lo, hi, anon)

    def hops(self) -> tuple[int, int]:
        star = self.next()
        lo, hi = 1, None
        if self.peek() is not None and self.peek().kind == "num":
            lo = hi = self.next().value
        if self.at_op(".."):
            self.next()
            hi = self.next().value if self.peek() is not None and self.peek().kind == "num" else None
        if hi is None:
            raise self.error("unbounded variable-length relationships are not supported on the embedded store; "
                             f"give a bound such as *1..{MAX_HOPS}", star, cls=UnsupportedCypher)
        if not (isinstance(lo, int) and isinstance(hi, int)) or hi > MAX_HOPS or lo > hi:
            raise self.error(f"variable-length bounds must be integers with min <= max <= {MAX_HOPS}", star,
                             cls=UnsupportedCypher)
        return lo, hi

    # -- expressions ---------------------------------------------------------
    def expr(self) -> tuple:
        return self.or_expr()

    def or_expr(self) -> tuple:
        e = self.xor_expr()
        while self.at_kw("OR"):
            self.next()
            e = ("or", e, self.xor_expr())
        return e

    def xor_expr(self) -> tuple:
        e = self.and_expr()
        while self.at_kw("XOR"):
            self.next()
            e = ("xor", e, self.and_expr())
        return e

    def and_expr(self) -> tuple:
        e = self.not_expr()
        while self.at_kw("AND"):
            self.next()
            e = ("and", e, self.not_expr())
        return e

    def not_expr(self) -> tuple:
        if self.at_kw("NOT"):
            self.next()
            return ("not", self.not_expr())
        return self.comparison()

    def comparison(self) -> tuple:
        e = self.additive()
        while True:
            if self.at_op("=", "<>", "!=", "<", ">", "<=", ">="):
                op = self.next().value
                e = ("bin", "<>" if op == "!=" else op, e, self.additive())
            elif self.at_op("=~"):
                raise self.error("regular expressions (=~) are not supported on the embedded store", cls=UnsupportedCypher)
            elif self.at_kw("IN"):
                self.next()
                e = ("in", e, self.additive())
            elif self.at_kw("CONTAINS"):
                self.next()
                e = ("strop", "contains", e, self.additive())
            elif self.at_kw("STARTS", "ENDS"):
                op = self.next().value.lower()
                self.expect_kw("WITH")
                e = ("strop", op, e, self.additive())
            elif self.at_kw("IS"):
                self.next()
                neg = False
                if self.at_kw("NOT"):
                    self.next()
                    neg = True
                self.expect_kw("NULL")
                e = ("isnull", e, neg)
            else:
                return e

    def additive(self) -> tuple:
        e = self.multiplicative()
        while self.at_op("+", "-"):
            op = self.next().value
            e = ("bin", op, e, self.multiplicative())
        return e

    def multiplicative(self) -> tuple:
        e = self.power()
        while self.at_op("*", "/", "%"):
            op = self.next().value
            e = ("bin", op, e, self.power())
        return e

    def power(self) -> tuple:
        e = self.unary()
        while self.at_op("^"):
            self.next()
            e = ("bin", "^", e, self.unary())
        return e

    def unary(self) -> tuple:
        if self.at_op("-"):
            self.next()
            return ("neg", self.unary())
        if self.at_op("+"):
            self.next()
            return self.unary()
        return self.postfix()

    def postfix(self) -> tuple:
        e = self.atom()
        while True:
            if self.at_op("."):
                self.next()
                e = ("prop", e, self.name("a property name"))
            elif self.at_op("["):
                self.next()
                if self.at_op(".."):
                    raise self.error("list slices are not supported on the embedded store", cls=UnsupportedCypher)
                idx = self.expr()
                if self.at_op(".."):
                    raise self.error("list slices are not supported on the embedded store", cls=UnsupportedCypher)
                self.expect_op("]")
                e = ("index", e, idx)
            elif self.at_op(":") and e[0] == "var":
                self.next()
                e = ("haslabel", e, self._label_list("label"))
            elif self.at_op("{") and e[0] == "var":
                raise self.error("map projections (n {.prop}) are not supported on the embedded store", cls=UnsupportedCypher)
            else:
                return e

    def atom(self) -> tuple:
        t = self.peek()
        if t is None:
            raise self.error("expected an expression")
        if t.kind in ("num", "str"):
            self.next()
            return ("lit", t.value)
        if t.kind == "param":
            self.next()
            if t.value not in self.params:
                raise self.error(f"missing parameter ${t.value} (pass it with --param {t.value}=VALUE)", t)
            return ("lit", self.params[t.value])
        if t.kind == "op":
            if t.value == "(":
                return self.paren()
            if t.value == "[":
                return self.list_literal()
            if t.value == "{":
                return self.map_literal()
            raise self.error("expected an expression")
        # a name
        if t.is_kw("TRUE", "FALSE", "NULL"):
            self.next()
            return ("lit", {"TRUE": True, "FALSE": False, "NULL": None}[t.value.upper()])
        if t.is_kw("CASE"):
            raise self.error("CASE expressions are not supported on the embedded store", cls=UnsupportedCypher)
        if t.is_kw("EXISTS", "COUNT", "COLLECT") and self.at_op("{", k=1):
            raise self.error(f"{t.value.upper()} {{…}} subqueries are not supported on the embedded store", cls=UnsupportedCypher)
        if t.is_kw(*_CLAUSE_WORDS) and not self.at_op("(", k=1):
            raise self.error("expected an expression")
        self.next()
        if self.at_op("("):
            return self.call(t)
        return ("var", t.value)

    def paren(self) -> tuple:
        start = self.i
        self.next()
        if self.peek() is not None and self.peek().kind == "name" and (self.at_op(":", k=1) or self._pattern_after_paren()):
            self.i = start
            raise self.error("pattern expressions in WHERE/RETURN are not supported on the embedded store; "
                             "match the pattern in MATCH instead", cls=UnsupportedCypher)
        e = self.expr()
        self.expect_op(")")
        return e

    def _pattern_after_paren(self) -> bool:
        """``(a)-[``, ``(a)--`` or ``(a)<-`` ahead: a pattern, not arithmetic."""
        return self.at_op(")", k=1) and (
            (self.at_op("-", k=2) and self.at_op("[", "-", k=3)) or (self.at_op("<", k=2) and self.at_op("-", k=3))
        )

    def list_literal(self) -> tuple:
        self.next()
        if self.peek() is not None and self.peek().kind == "name" and self.at_kw("IN", k=1):
            raise self.error("list comprehensions are not supported on the embedded store", cls=UnsupportedCypher)
        items = []
        while not self.at_op("]"):
            items.append(self.expr())
            if self.at_op(","):
                self.next()
            elif not self.at_op("]"):
                raise self.error("expected ',' or ']'")
        self.next()
        if all(i[0] == "lit" for i in items):
            return ("lit", [i[1] for i in items])
        return ("list", items)

    def map_literal(self) -> tuple:
        self.next()
        entries = []
        while not self.at_op("}"):
            key = self.name("a map key")
            self.expect_op(":")
            entries.append((key, self.expr()))
            if self.at_op(","):
                self.next()
            elif not self.at_op("}"):
                raise self.error("expected ',' or '}'")
        self.next()
        return ("map", entries)

    def call(self, name_tok: Tok) -> tuple:
        fname = name_tok.value.lower()
        self.expect_op("(")
        if fname == "exists":
            raise self.error("exists(…) is not supported on the embedded store; use `x IS NOT NULL`", name_tok, cls=UnsupportedCypher)
        if fname == "id":
            raise self.error("id() is not supported on the embedded store (internal ids are not portable); use n.key", name_tok,
                             cls=UnsupportedCypher)
        if fname not in AGGREGATES and fname not in SCALARS:
            raise self.error(f"function {name_tok.value}() is not supported on the embedded store", name_tok, cls=UnsupportedCypher)
        distinct = False
        if self.at_kw("DISTINCT"):
            if fname not in AGGREGATES:
                raise self.error(f"DISTINCT is only allowed in aggregate functions, not {name_tok.value}()")
            self.next()
            distinct = True
        args: list[tuple] = []
        if fname == "count" and self.at_op("*"):
            self.next()
            args.append(("star",))
        else:
            while not self.at_op(")"):
                args.append(self.expr())
                if self.at_op(","):
                    self.next()
                elif not self.at_op(")"):
                    raise self.error("expected ',' or ')'")
        self.expect_op(")")
        if fname in AGGREGATES and len(args) != 1:
            raise self.error(f"{name_tok.value}() takes exactly one argument", name_tok)
        return ("call", fname, distinct, tuple(args))
