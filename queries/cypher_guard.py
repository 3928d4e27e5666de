"""What a typed-in Cypher query may do, decided before any engine sees it.

:func:`tokens` lexes a query the way LadybugDB's (openCypher's ANTLR) lexer
does: ``'…'`` and ``"…"`` strings whose backslash escapes are only ``\\\\ \\' \\"
\\b \\f \\n \\r \\t \\xHH \\uHHHH \\UHHHHHHHH``, `` `names` `` with doubled
backticks, ``// …`` comments to a line break and ``/* … */`` comments in which a
star pairs with the character after it (so ``/* a **/ …`` does *not* end at
``**/``: the engine reads on to the next ``*/``). A query it cannot read the
same way (an unknown escape, an unclosed string, name or comment) is refused:
the engine refuses it too, and guessing is where a guard gets fooled.

:func:`classify` reads the tokens as a :class:`Verdict`:

* ``file_access`` — clauses and procedures that read or write files, the
  network or database settings: ``COPY``, ``LOAD`` (``LOAD FROM``, ``LOAD
  CSV``, ``LOAD EXTENSION``), ``INSTALL``, ``UNINSTALL``, ``UPDATE``,
  ``ATTACH``, ``USE``, ``EXPORT``/``IMPORT DATABASE``, ``CALL name = value``
  (a setting: ``CALL timeout=0`` would lift the time limit), and ``CALL`` of
  any procedure not in :data:`READ_ONLY_CALLS` (``apoc.*``, ``dbms.*``,
  ``read_csv…``, ``file_info``, …);
* ``writes`` — ``CREATE``, ``MERGE``, ``SET``, ``DELETE``, ``DETACH``,
  ``REMOVE``, ``DROP``, ``ALTER``, ``FOREACH``, ``CHECKPOINT``, ``ANALYZE``,
  ``COMMENT`` and procedures named like a write (``…create…``, ``…drop…``);
* ``statements`` — how many statements ``;`` separates (a trailing ``;`` and empty ones do not count).

:func:`check_query` refuses: file access and a second statement always, unless
``allow_file_access`` (``kg cypher --allow-file-access``); writes unless
``write``. A word right after ``.`` or ``:`` (a property, label or type name)
or ``$`` (a parameter) is a name, not a clause; keywords are matched in ASCII
only, so every word the engine could read as a keyword is looked at.
Neither engine offers a safe way to ask instead: LadybugDB's ``prepare`` and
``EXPLAIN`` bind the query, and binding ``LOAD FROM '/etc/passwd'`` already
opens the file to guess its columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from queries.errors import CypherError, FileAccessError, ReadOnlyError

WRITE_WORDS = frozenset(
    {
        "CREATE",
        "MERGE",
        "SET",
        "DELETE",
        "DETACH",
        "REMOVE",
        "DROP",
        "ALTER",
        "FOREACH",
        "CHECKPOINT",
        "ANALYZE",
        "COMMENT",
    }
)
FILE_WORDS = frozenset({"COPY", "LOAD", "INSTALL", "UNINSTALL", "UPDATE", "ATTACH", "USE", "EXPORT", "IMPORT"})
#: procedures ``CALL`` may run without ``allow_file_access`` (lower case): they only describe the database
READ_ONLY_CALLS = frozenset(
    {
        # LadybugDB
        "show_tables",
        "table_info",
        "show_functions",
        "show_connection",
        "db_version",
        "storage_version",
        "catalog_version",
        "show_indexes",
        "show_macros",
        "show_sequences",
        "show_warnings",
        "stats_info",
        "show_graphs",
        "show_projected_graphs",
        "projected_graph_info",
        # Neo4j / FalkorDB
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.indexes",
        "db.constraints",
        "db.index.fulltext.querynodes",
        "db.index.fulltext.queryrelationships",
        "db.idx.fulltext.querynodes",
    }
)
_WRITE_PROC = re.compile(r"create|drop|delete|remove|merge|set|clear|write|kill|terminate", re.IGNORECASE)

_HEX = "0-9A-Fa-f"
_ESCAPE = re.compile(rf"\\(?:[\\'\"bBfFnNrRtT]|[xX][{_HEX}]{{2}}|[uU][{_HEX}]{{8}}|[uU][{_HEX}]{{4}})")
_NUMBER = re.compile(rf"0[xX][{_HEX}]+|[0-9]*\.[0-9]+(?:[eE]-?[0-9]+)?|[0-9]+(?:[eE]-?[0-9]+)?")
_WORD = re.compile(r"\w+")
_DIGITS = "0123456789"
_ASCII_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Token:
    """One lexed piece: ``kind`` is word, param, number, string, name (backticks), punct or space (incl. comments)."""

    kind: str
    text: str
    pos: int


def _where(query: str, pos: int) -> str:
    line = query.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (query.rfind(chr(10), 0, pos) + 1) + 1}"


def _unreadable(query: str, pos: int, what: str) -> CypherError:
    return CypherError(f"cannot read the query: {what} at {_where(query, pos)}")


def _comment_end(query: str, start: int) -> int:
    """End of the ``/* … */`` comment at ``start``: a star followed by anything but ``/`` is skipped as a pair."""
    i, n = start + 2, len(query)
    while i < n:
        if query[i] != "*":
            i += 1
        elif i + 1 < n and query[i + 1] == "/":
            return i + 2
        else:
            i += 2
    raise _unreadable(query, start, "a /* comment that is never closed")


def _string_end(query: str, start: int) -> int:
    quote, i, n = query[start], start + 1, len(query)
    while i < n:
        ch = query[i]
        if ch == quote:
            return i + 1
        if ch == "\\":
            m = _ESCAPE.match(query, i)
            if not m:
                raise _unreadable(query, i, f"an unknown escape {query[i : i + 2]!r} in a string")
            i = m.end()
        else:
            i += 1
    raise _unreadable(query, start, "a string that is never closed")


def tokens(query: str) -> list[Token]:
    """The tokens of ``query`` as LadybugDB's lexer cuts it (see the module docstring).

    >>> [t.text for t in tokens("RETURN 'a;b' AS `x``y` // c") if t.kind != "space"]
    ['RETURN', "'a;b'", 'AS', '`x``y`']
    >>> [t.kind for t in tokens("RETURN 1 /* **/ ; */")]
    ['word', 'space', 'number', 'space', 'space']
    """
    out: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if query.startswith("//", i):
            end = min((j for j in (query.find("\n", i), query.find("\r", i)) if j >= 0), default=n)
            out.append(Token("space", query[i:end], i))
        elif query.startswith("/*", i):
            end = _comment_end(query, i)
            out.append(Token("space", query[i:end], i))
        elif ch in "'\"":
            end = _string_end(query, i)
            out.append(Token("string", query[i:end], i))
        elif ch == "`":
            end = i + 1
            while True:
                close = query.find("`", end)
                if close < 0:
                    raise _unreadable(query, i, "a `name` that is never closed")
                if query.startswith("``", close):
                    end = close + 2
                    continue
                end = close + 1
                break
            out.append(Token("name", query[i:end], i))
        elif ch == "$":
            m = _WORD.match(query, i + 1)
            end = m.end() if m else i + 1
            out.append(Token("param" if m else "punct", query[i:end], i))
        elif ch in _DIGITS or (ch == "." and i + 1 < n and query[i + 1] in _DIGITS):
            number = _NUMBER.match(query, i)
            end = number.end() if number else i + 1
            out.append(Token("number", query[i:end], i))
        elif ch.isalpha() or ch == "_" or (ch.isalnum() and not ch.isascii()):
            m = _WORD.match(query, i)
            end = m.end() if m else i + 1
            out.append(Token("word", query[i:end], i))
        elif ch.isspace() or ch == "\u180e":
            end = i + 1
            out.append(Token("space", ch, i))
        else:
            end = i + 1
            out.append(Token("punct", ch, i))
        i = max(end, i + 1)
    return out


def _keywords(word: str) -> list[str]:
    """The upper-case ASCII words in ``word`` the engine could read as keywords (cut at non-ASCII characters)."""
    return [m.group().upper() for m in _ASCII_WORD.finditer(word)]


@dataclass
class Verdict:
    """What a query does: its statements, and the write and file-access words found (in order)."""

    statements: int = 1
    writes: list[str] = field(default_factory=list)
    file_access: list[str] = field(default_factory=list)


def classify(query: str) -> Verdict:
    """The :class:`Verdict` on ``query`` (raises :class:`CypherError` when it cannot be read).

    >>> v = classify("RETURN 1 /* a **/ '*/ ; COPY (MATCH (p) RETURN p) TO 'x.csv'")
    >>> v.statements, v.file_access
    (2, ['COPY'])
    >>> classify("MATCH (n:Set {note: 'CREATE'}) RETURN n.set // DELETE")
    Verdict(statements=1, writes=[], file_access=[])
    """
    toks = [t for t in tokens(query) if t.kind != "space"]
    verdict = Verdict()
    for k, tok in enumerate(toks):
        if tok.text == ";" and k + 1 < len(toks) and toks[k + 1].text != ";":
            verdict.statements += 1
        if tok.kind != "word" or (k and toks[k - 1].kind == "punct" and toks[k - 1].text in ".:"):
            continue
        for word in _keywords(tok.text):
            if word in FILE_WORDS:
                verdict.file_access.append(word)
            elif word in WRITE_WORDS:
                verdict.writes.append(word)
            elif word == "CALL":
                _call(toks, k, verdict)
    return verdict


def _call(toks: list[Token], k: int, verdict: Verdict) -> None:
    """Judge the ``CALL`` at ``toks[k]``: a subquery, a known read-only procedure, a write, a setting, or file access."""
    parts, j = [], k + 1
    while j < len(toks) and toks[j].kind in ("word", "name"):
        parts.append(toks[j].text.strip("`").replace("``", "`"))
        if j + 1 < len(toks) and toks[j + 1].text == ".":
            j += 2
        else:
            j += 1
            break
    if not parts:
        if j < len(toks) and toks[j].text == "{":
            return  # CALL { subquery }: its clauses are judged like the rest
        verdict.file_access.append("CALL")
        return
    name = ".".join(parts)
    if j < len(toks) and toks[j].text == "=":
        verdict.file_access.append(f"CALL {name} = …")
    elif name.lower() in READ_ONLY_CALLS:
        return
    elif _WRITE_PROC.search(name) and not name.lower().startswith(("apoc.", "dbms.")):
        verdict.writes.append(f"CALL {name}")
    else:
        verdict.file_access.append(f"CALL {name}")


def check_query(query: str, write: bool = False, allow_file_access: bool = False) -> Verdict:
    """Raise unless ``query`` may run: :class:`FileAccessError` for file access or a second
    statement (unless ``allow_file_access``), :class:`ReadOnlyError` for writes (unless ``write``)."""
    verdict = classify(query)
    if not allow_file_access:
        if verdict.file_access:
            raise FileAccessError(
                f"{verdict.file_access[0]} can read or write files, the network or settings; typed-in queries may not"
            )
        if verdict.statements > 1:
            raise FileAccessError(f"the query holds {verdict.statements} statements; run one at a time")
    if not write and verdict.writes:
        raise ReadOnlyError(f"{verdict.writes[0]} is a write clause; queries run read-only unless writing is asked for")
    return verdict
