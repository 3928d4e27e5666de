"""The `kg papers --search` query language, translated into SQLite FTS5 syntax.

A query is words and ``"quoted phrases"``, all required (AND) unless joined by
``OR``; ``NOT term`` or ``-term`` excludes; ``title:`` / ``abstract:`` restrict a
term, phrase or ``( … )`` group to one field; ``word*`` matches word starts.
Operators are upper case only (``or`` is a word). Every term reaches FTS5 as a
quoted string, so no user text is ever read as FTS5 syntax.

>>> to_fts5('"label noise" OR title:cifar -synthetic')
'(("label noise") OR ((({title} : ("cifar"))) NOT ("synthetic")))'
>>> terms_of('"label noise" abstract:robust* NOT foo')
['label noise', 'robust']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from queries.errors import QueryError

#: the fields a term can be restricted to (the FTS5 table's indexed columns)
FIELDS = ("title", "abstract")
_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*"?)|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+))')
_FIELD = re.compile(r"^(?P<field>[A-Za-z]+):(?P<rest>.*)$")
_WORDISH = re.compile(r"\w")


@dataclass
class Term:
    """A word or phrase (``prefix``: word starts), maybe restricted to a field."""

    text: str
    prefix: bool = False
    field: str | None = None


@dataclass
class Group:
    """``op`` (AND / OR) over ``items``; ``negated`` items are excluded (AND only)."""

    op: str
    items: list
    negated: list
    field: str | None = None


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        kind = m.lastgroup
        if kind is None:
            continue
        out.append((kind, m.group(kind)))
    return out


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = _tokens(text)
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self):
        node = self.or_expr()
        if self.peek() is not None:
            raise QueryError(f"search {self.text!r}: unexpected {self.peek()[1]!r}")  # type: ignore[index]
        if node is None:
            raise QueryError("the search needs at least one word")
        return node

    def or_expr(self):
        items = [self.and_expr()]
        while self.peek() == ("word", "OR"):
            self.i += 1
            items.append(self.and_expr())
        if len(items) > 1 and None in items:
            raise QueryError(f"search {self.text!r}: OR needs a term on each side")
        items = [x for x in items if x is not None]
        if not items:
            return None
        return items[0] if len(items) == 1 else Group("OR", items, [])

    def and_expr(self):
        pos: list = []
        neg: list = []
        while (tok := self.peek()) is not None and tok != ("word", "OR") and tok[0] != "close":
            if tok == ("word", "AND"):
                self.i += 1
                continue
            negate = False
            if tok == ("word", "NOT"):
                self.i += 1
                negate = True
            elif tok[0] == "word" and tok[1].startswith("-") and len(tok[1]) > 1:
                self.toks[self.i] = ("word", tok[1][1:])
                negate = True
            item = self.primary()
            if item is not None:
                (neg if negate else pos).append(item)
        if not pos and neg:
            raise QueryError(
                f"search {self.text!r}: NOT needs something to exclude from (write 'a NOT b', not 'NOT b' alone)"
            )
        if not pos:
            return None
        if len(pos) == 1 and not neg:
            return pos[0]
        return Group("AND", pos, neg)

    def primary(self, field: str | None = None):
        tok = self.peek()
        if tok is None or tok[0] == "close" or tok in (("word", "OR"),):
            raise QueryError(f"search {self.text!r}: a term is missing after an operator or field")
        kind, value = tok
        self.i += 1
        if kind == "word":
            m = _FIELD.match(value)
            if m and m["field"].lower() in FIELDS:
                if field is not None:
                    raise QueryError(f"search {self.text!r}: a field inside a field ({value!r})")
                if m["rest"]:
                    self.toks[self.i - 1] = ("word", m["rest"])
                    self.i -= 1
                return self.primary(m["field"].lower())
            if m and not m["rest"]:
                raise QueryError(f"search {self.text!r}: unknown field {m['field']!r}; fields: {', '.join(FIELDS)}")
        if kind == "open":
            inner = self.or_expr()
            if self.peek() is None or self.peek()[0] != "close":  # type: ignore[index]
                raise QueryError(f"search {self.text!r}: '(' without ')'")
            self.i += 1
            if inner is None:
                return None
            return _with_field(inner, field)
        if kind == "close":
            raise QueryError(f"search {self.text!r}: ')' without '('")
        if kind == "phrase":
            text = value.strip('"')
            return Term(text, field=field) if _WORDISH.search(text) else None
        prefix = value.endswith("*")
        text = value.rstrip("*")
        return Term(text, prefix, field) if _WORDISH.search(text) else None


def _with_field(node, field: str | None):
    if field is None:
        return node
    if isinstance(node, Term):
        return Term(node.text, node.prefix, field)
    return Group(node.op, node.items, node.negated, field)


def parse(text: str):
    """The query as a tree of :class:`Term` and :class:`Group`; a :class:`QueryError` names what is wrong."""
    if not text or not text.strip():
        raise QueryError("the search needs at least one word")
    return _Parser(text).parse()


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _emit(node) -> str:
    """One parenthesised FTS5 expression per node, so FTS5's own precedence never matters."""
    if isinstance(node, Term):
        out = _quote(node.text) + (" *" if node.prefix else "")
    else:
        out = f" {node.op} ".join(_emit(x) for x in node.items)
        for neg in node.negated:
            out = f"({out}) NOT {_emit(neg)}"
    return f"({{{node.field}}} : ({out}))" if node.field else f"({out})"


def to_fts5(text: str) -> str:
    """The FTS5 MATCH expression for a search query (every term quoted)."""
    return _emit(parse(text))


def terms_of(text: str) -> list[str]:
    """The words and phrases a match must or may hold (not the excluded ones), for picking evidence sentences."""
    out: list[str] = []

    def walk(node) -> None:
        if isinstance(node, Term):
            out.append(node.text)
        else:
            for x in node.items:
                walk(x)

    walk(parse(text))
    return out
