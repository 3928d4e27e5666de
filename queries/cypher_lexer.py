"""Tokens of a Cypher query.

String literals are decoded into Python values here and parameters stay
named tokens; the bridge evaluates both itself, so no user text is ever
pasted into the query grand-cypher parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from queries.errors import CypherError


@dataclass(frozen=True)
class Tok:
    kind: str  # name | str | num | param | op
    value: Any  # decoded value (str for names/ops, the Python value for literals)
    start: int
    end: int

    def is_kw(self, *words: str) -> bool:
        """True when this is a bare name equal (case-insensitively) to one of ``words``."""
        return self.kind == "name" and not self.quoted and self.value.upper() in words

    @property
    def quoted(self) -> bool:
        return False


@dataclass(frozen=True)
class QuotedName(Tok):
    """A `backtick-quoted` identifier: a name that is never a keyword."""

    @property
    def quoted(self) -> bool:
        return True


_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<bq>`(?:[^`]|``)*`)
  | (?P<param>\$(?:[A-Za-z_][A-Za-z0-9_]*|\d+))
  | (?P<num>\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op><>|<=|>=|!=|=~|\.\.|\+=|[()\[\]{},.:;|*+\-/%=<>^])
    """,
    re.VERBOSE | re.DOTALL,
)

_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}


def _decode_string(body: str, pos: int) -> str:
    out, i = [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1 : i + 2]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt in ("u", "U"):
            width = 4 if nxt == "u" else 8
            digits = body[i + 2 : i + 2 + width]
            if not re.fullmatch(r"[0-9a-fA-F]{%d}" % width, digits):
                raise CypherError(f"bad \\{nxt} escape in string at column {pos + i + 1}")
            out.append(chr(int(digits, 16)))
            i += 2 + width
        else:
            raise CypherError(f"unknown escape \\{nxt} in string at column {pos + i + 1}")
    return "".join(out)


def tokenize(query: str) -> list[Tok]:
    """Split a query into tokens; comments and whitespace are dropped.

    >>> [t.value for t in tokenize("MATCH (n {name: 'x'}) RETURN n // c")]
    ['MATCH', '(', 'n', '{', 'name', ':', 'x', '}', ')', 'RETURN', 'n']
    """
    toks: list[Tok] = []
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if not m:
            ch = query[pos]
            what = "unterminated string" if ch in "'\"`" else f"unexpected character {ch!r}"
            raise CypherError(f"{what} at {_where(query, pos)}")
        kind, text = m.lastgroup, m.group()
        if kind == "str":
            toks.append(Tok("str", _decode_string(text[1:-1], pos + 1), pos, m.end()))
        elif kind == "bq":
            toks.append(QuotedName("name", text[1:-1].replace("``", "`"), pos, m.end()))
        elif kind == "param":
            toks.append(Tok("param", text[1:], pos, m.end()))
        elif kind == "num":
            toks.append(Tok("num", float(text) if any(c in text for c in ".eE") else int(text), pos, m.end()))
        elif kind in ("name", "op"):
            toks.append(Tok(kind, text, pos, m.end()))
        pos = m.end()
    return toks


def _where(query: str, pos: int) -> str:
    line = query.count("\n", 0, pos) + 1
    col = pos - (query.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


def where(query: str, tok: Tok | None) -> str:
    """'line L, column C' of a token (or 'the end of the query')."""
    return "the end of the query" if tok is None else _where(query, tok.start)
