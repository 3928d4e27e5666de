"""A paperkg graph as Neo4j rows and back, plus message-size-aware batching.

Server-specific encodings (FalkorDB) live in :mod:`kg.store.falkordb_adapter`.

Every NetworkX attribute becomes a property of the same name (``label`` and
``key`` included), so Cypher sees what NetworkX holds: ``n.aliases`` and
``r.evidence`` are list-of-string properties. ``None`` values are not stored
(Neo4j has no null properties); reading a Paper node back restores missing
:class:`kg.core.papers.Paper` fields as ``None``.

Labels and relationship types are taken from :mod:`queries.schema` only and
checked against a strict identifier pattern before they reach query text;
values always travel as parameters.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx
from neo4j.graph import Node, Path, Relationship

from kg.core.graph import new_graph
from kg.core.papers import Paper
from kg.store.base import StoreError
from queries.schema import NODE_LABELS, PAPER, REL_TYPES, node_id, split_node_id

_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_INT64 = (-(2**63), 2**63 - 1)
PAPER_FIELDS = tuple(Paper.__dataclass_fields__)


def schema_label(label: str) -> str:
    """``label`` if it is a :data:`queries.schema.NODE_LABELS` constant, for use in query text."""
    if label not in NODE_LABELS or not _IDENT.match(label):
        raise StoreError(f"{label!r} is not a paperkg node label ({', '.join(NODE_LABELS)})")
    return label


def schema_rel(rel: str) -> str:
    """``rel`` if it is a :data:`queries.schema.REL_TYPES` constant, for use in query text."""
    if rel not in REL_TYPES or not _IDENT.match(rel):
        raise StoreError(f"{rel!r} is not a paperkg relationship type ({', '.join(REL_TYPES)})")
    return rel


def property_value(owner: str, name: str, value):
    """``value`` as a Neo4j property value, or a :class:`StoreError` naming the attribute.

    >>> property_value("Paper:p1", "authors", ("A", "B"))
    ['A', 'B']
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        if not _INT64[0] <= int(value) <= _INT64[1]:
            raise StoreError(f"{owner}: attribute {name!r} = {value} does not fit a 64-bit integer")
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, (list, tuple)):
        items = [property_value(owner, name, v) for v in value]
        kinds = {type(v) for v in items}
        if None.__class__ in kinds or list in kinds or len(kinds) > 1:
            raise StoreError(
                f"{owner}: attribute {name!r} must be a list of one scalar type (strings, integers, floats "
                f"or booleans) to be a Neo4j property; got {sorted(k.__name__ for k in kinds)}"
            )
        return items
    raise StoreError(f"{owner}: attribute {name!r} of type {type(value).__name__} cannot be a Neo4j property")


def _props(owner: str, data: dict) -> dict:
    out = {}
    for name, value in data.items():
        if not isinstance(name, str) or not name:
            raise StoreError(f"{owner}: attribute name {name!r} is not a non-empty string")
        value = property_value(owner, name, value)
        if value is not None:
            out[name] = value
    return out


@dataclass
class GraphRows:
    """Node rows by label and relationship rows by (type, start label, end label)."""

    nodes: dict[str, list[dict]] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], list[dict]] = field(default_factory=dict)

    @property
    def n_nodes(self) -> int:
        return sum(len(r) for r in self.nodes.values())

    @property
    def n_rels(self) -> int:
        return sum(len(r) for r in self.rels.values())

    def node_ids(self) -> set[tuple[str, str]]:
        return {(label, row["key"]) for label, rows in self.nodes.items() for row in rows}

    def rel_ids(self) -> set[tuple[str, str, str, str, str]]:
        return {(t, sl, row["s"], el, row["t"]) for (t, sl, el), rows in self.rels.items() for row in rows}


def graph_to_rows(G: nx.MultiDiGraph) -> GraphRows:
    """Check ``G`` against the schema and turn it into rows; nothing is sent anywhere.

    Raises :class:`StoreError` naming the first node or edge that cannot be stored.
    """
    rows = GraphRows()
    for nid, data in G.nodes(data=True):
        label, key = data.get("label"), data.get("key")
        if not isinstance(label, str) or not isinstance(key, str) or not key:
            raise StoreError(f"node {nid!r}: needs string attributes 'label' and 'key'")
        schema_label(label)
        if nid != node_id(label, key):
            raise StoreError(f"node {nid!r}: id does not match its label and key ({node_id(label, key)!r})")
        rows.nodes.setdefault(label, []).append({"key": key, "props": _props(str(nid), data)})
    for u, v, k, data in G.edges(keys=True, data=True):
        owner = f"edge {u!r} -[{k}]-> {v!r}"
        if data.get("type", k) != k:
            raise StoreError(f"{owner}: attribute 'type' {data.get('type')!r} differs from the edge key")
        schema_rel(k)
        (sl, sk), (el, ek) = split_node_id(u), split_node_id(v)
        rows.rels.setdefault((k, sl, el), []).append({"s": sk, "t": ek, "props": _props(owner, data)})
    return rows


def node_from_props(label: str, props: dict) -> tuple[str, dict]:
    """The NetworkX (id, attributes) of a node read from Neo4j."""
    data = dict(props)
    data.setdefault("label", label)
    if label == PAPER:
        for name in PAPER_FIELDS:
            data.setdefault(name, None)
    return node_id(label, data["key"]), data


def rows_to_graph(nodes: Iterable[tuple[str, dict]], rels: Iterable[tuple[str, str, str, dict]]) -> nx.MultiDiGraph:
    """Build the schema's MultiDiGraph from (label, props) and (type, start id, end id, props)."""
    G = new_graph()
    for label, props in nodes:
        nid, data = node_from_props(label, props)
        G.add_node(nid, **data)
    for rel, u, v, props in rels:
        if u in G and v in G:
            G.add_edge(u, v, key=rel, **{"type": rel, **props})
    return G


# -- batching -------------------------------------------------------------


def _header(n: int) -> int:
    return 1 if n < 16 else 2 if n < 256 else 3 if n < 65536 else 5


def packed_size(value) -> int:
    """Bytes ``value`` takes in a Bolt (PackStream v1) message.

    >>> packed_size({"key": "bert", "n": 1})
    13
    """
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, int):
        if -16 <= value < 128:
            return 1
        if -128 <= value < -16:
            return 2
        return 3 if -32768 <= value < 32768 else 5 if -(2**31) <= value < 2**31 else 9
    if isinstance(value, float):
        return 9
    if isinstance(value, str):
        n = len(value.encode("utf-8"))
        return n + (1 if n < 16 else 2 if n < 256 else 3 if n < 65536 else 5)
    if isinstance(value, (list, tuple)):
        return _header(len(value)) + sum(packed_size(v) for v in value)
    if isinstance(value, dict):
        return _header(len(value)) + sum(packed_size(k) + packed_size(v) for k, v in value.items())
    return 9


def batches(
    rows: list[dict], batch_size: int, max_bytes: int | None = None, what: str = "row", measure=packed_size
) -> Iterator[list[dict]]:
    """Consecutive slices of ``rows`` with at most ``batch_size`` rows and, when
    ``max_bytes`` is set, at most ``max_bytes`` bytes each as ``measure`` counts them
    (:func:`packed_size` for Bolt; :mod:`kg.store.falkordb_adapter` counts pasted query text).

    A single row over ``max_bytes`` raises :class:`StoreError`; plan all
    batches before writing so that this happens before anything is sent.

    >>> [len(b) for b in batches([{"k": i} for i in range(5)], 2)]
    [2, 2, 1]
    """
    if batch_size < 1:
        raise StoreError(f"batch size must be at least 1 (got {batch_size})")
    batch: list[dict] = []
    size = 5  # list header / brackets, at most
    for row in rows:
        n = measure(row) + 2
        if max_bytes and n + 5 > max_bytes:
            raise StoreError(row_too_big(what, row, n, max_bytes))
        if batch and (len(batch) >= batch_size or (max_bytes and size + n > max_bytes)):
            yield batch
            batch, size = [], 5
        batch.append(row)
        size += n
    if batch:
        yield batch


def row_too_big(what: str, row: dict, n: int, max_bytes: int) -> str:
    name = row.get("key") or f"{row.get('s')} -> {row.get('t')}"
    return (
        f"{what} {name!r} takes {n} bytes, over the {max_bytes}-byte message budget for this server "
        "(FalkorDB's Bolt crashes on messages over about 4 KiB; Neo4j has no such limit: "
        "max_batch_bytes=0 lifts the budget when the server is Neo4j)"
    )


def plain_value(v):
    """A driver value as plain data: nodes and relationships become property dicts (as
    stored: ``label`` / ``type`` included), a Paper node gets every Paper field, paths
    become ``[node, rel, node, …]`` — the shapes the embedded store returns."""
    if isinstance(v, Node):
        props = dict(v.items())
        if PAPER in v.labels:
            props = dict.fromkeys(PAPER_FIELDS) | props
        return props
    if isinstance(v, Relationship):
        return dict(v.items())
    if isinstance(v, Path):
        out: list = [plain_value(v.start_node)]
        for rel in v.relationships:
            out += [plain_value(rel), plain_value(rel.end_node)]
        return out
    if isinstance(v, list):
        return [plain_value(x) for x in v]
    if isinstance(v, dict):
        return {k: plain_value(x) for k, x in v.items()}
    return v
