"""A paperkg graph as LadybugDB tables: the schema (DDL) and the columns to bulk-load.

Node tables are the labels of :mod:`queries.schema` with ``key`` as primary key;
relationship tables are the relationship types with their FROM/TO pairs
(:data:`queries.schema.REL_ENDPOINTS`). Property types come from
:func:`node_properties` / :data:`REL_PROPERTIES` below; an
attribute the graph holds that is not declared there gets a column whose type is
inferred from its values (int → INT64, float → DOUBLE, bool → BOOLEAN,
str → STRING, list of str → STRING[]). The ``label`` node attribute and the
``type`` edge attribute are the table names, not columns.

Values are loaded column by column as Arrow tables (``COPY … FROM $table``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import networkx as nx

from kg.core.papers import Paper
from kg.store.base import StoreError
from queries.backend import paper_sort_key
from queries.names import name_forms
from queries.schema import (
    AUTHOR,
    BIB_LABELS,
    CITES,
    CLAIM_RELS,
    CO_OCCURS,
    CONCEPT,
    NODE_LABELS,
    PAPER,
    PAPER_ORDER,
    PAPER_RELS,
    PUBLISHED_IN,
    REL_ENDPOINTS,
    REL_TYPES,
    TASK,
    VENUE,
    WROTE,
    split_node_id,
)

# ---------------------------------------------------------------- declared property types
# A property the builder adds that is not declared here is still stored, with its type
# inferred from its values, so adding a node property is one line here, or none.


def _paper_properties() -> dict[str, str]:
    """``key``, ``name`` and one typed column per :class:`kg.core.papers.Paper` field
    (str → STRING, int → INT64, list[str] → STRING[])."""
    types = {"str": "STRING", "int": "INT64", "list[str]": "STRING[]"}
    return {
        "key": "STRING",
        "name": "STRING",
        **{f.name: types[str(f.type).replace(" | None", "")] for f in fields(Paper)},
        "citations": "INT64",  # how many stored papers cite it (kg.core.bibliography), not a Paper field
    }


#: properties of Paper nodes (``key`` = the paper id): the Paper record's fields
PAPER_PROPERTIES = _paper_properties()
#: properties of every entity node
ENTITY_PROPERTIES = {
    "key": "STRING",
    "name": "STRING",
    "aliases": "STRING[]",
    "papers": "INT64",
    "first_year": "INT64",
    "quality": "DOUBLE",
}
#: extra properties of some entity labels
LABEL_PROPERTIES = {CONCEPT: {"relevance": "DOUBLE"}, TASK: {"relevance": "DOUBLE"}}
#: properties of Author and Venue nodes
BIB_PROPERTIES = {
    AUTHOR: {
        "key": "STRING",
        "name": "STRING",
        "aliases": "STRING[]",
        "papers": "INT64",
        "orcid": "STRING",
        "name_key": "STRING",
    },
    VENUE: {"key": "STRING", "name": "STRING", "aliases": "STRING[]", "papers": "INT64"},
}
#: properties of each relationship type
REL_PROPERTIES = {
    **{rel: {"count": "INT64", "evidence": "STRING[]"} for rel in PAPER_RELS},
    CO_OCCURS: {"papers": "INT64", "strength": "DOUBLE"},
    **{
        rel: {
            "papers": "INT64",
            "paper_ids": "STRING[]",
            "evidence": "STRING[]",
            "confidence": "DOUBLE",
            "sources": "STRING[]",
        }
        for rel in CLAIM_RELS
    },
    CITES: {},
    WROTE: {"position": "INT64"},
    PUBLISHED_IN: {},
}


def node_properties(label: str) -> dict[str, str]:
    """Declared property name → LadybugDB type for nodes of ``label``.

    >>> node_properties("Concept")["relevance"]
    'DOUBLE'
    """
    if label == PAPER:
        return dict(PAPER_PROPERTIES)
    if label in BIB_LABELS:
        return dict(BIB_PROPERTIES[label])
    return {**ENTITY_PROPERTIES, **LABEL_PROPERTIES.get(label, {})}


#: attributes that are table names, not stored columns
NODE_META = ("label",)
#: the column of entity tables holding every form a name lookup finds the entity under
#: (:func:`queries.names.name_forms`); a leading ``_`` keeps it out of node dicts
FORMS = "_forms"
#: the column of the Paper table holding each paper's place in the order paper lists are shown
#: in (:func:`queries.backend.paper_sort_key`: year ↓, no year last, title, key): a whole write
#: gives the positions 0.0, 1.0, …, a write of what changed values between the neighbours' for new
#: papers (:func:`kg.store.ladybug_diff.positions`); Paper rows are written in that order
ORDER = PAPER_ORDER
EDGE_META = ("type",)
_INT64 = (-(2**63), 2**63 - 1)


def infer_type(values: Iterable[Any]) -> str:
    """The column type for an undeclared attribute's values (None ignored).

    >>> infer_type([1, None, 3]), infer_type([0.5, 2]), infer_type([["a"], []]), infer_type(["x", 1])
    ('INT64', 'DOUBLE', 'STRING[]', 'STRING')
    """
    kinds = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            kinds.add("BOOLEAN")
        elif isinstance(v, int):
            kinds.add("INT64")
        elif isinstance(v, float):
            kinds.add("DOUBLE")
        elif isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v):
            kinds.add("STRING[]")
        else:
            kinds.add("STRING")
    if kinds == {"INT64", "DOUBLE"}:
        return "DOUBLE"
    return kinds.pop() if len(kinds) == 1 else "STRING"


@dataclass
class Table:
    """One node or relationship table: its name, typed columns and rows (column-wise)."""

    name: str
    columns: dict[str, str]
    pairs: tuple[tuple[str, str], ...] = ()  # FROM/TO pairs of a relationship table
    # pair (or None) -> column -> values: a list, or an Arrow array of the column's type (kg.build.columnar)
    data: dict[Any, dict[str, Any]] = field(default_factory=dict)

    def ddl(self) -> str:
        cols = ", ".join(f"`{c}` {t}" for c, t in self.columns.items() if c != "key")
        if not self.pairs:
            return f"CREATE NODE TABLE `{self.name}`(key STRING PRIMARY KEY{', ' + cols if cols else ''})"
        ends = ", ".join(f"FROM `{a}` TO `{b}`" for a, b in self.pairs)
        return f"CREATE REL TABLE `{self.name}`({ends}{', ' + cols if cols else ''})"


def _columns(declared: dict[str, str], items: list[dict], meta: tuple[str, ...]) -> dict[str, str]:
    cols = dict(declared)
    extra = sorted({k for d in items for k in d} - set(cols) - set(meta))
    for name in extra:
        cols[name] = infer_type(d.get(name) for d in items)
    return cols


def _value(value: Any, kind: str, where: str, name: str) -> Any:
    """``value`` converted for a column of type ``kind``; StoreError naming the item if it cannot be."""
    if value is None:
        return None
    if kind == "STRING" and type(value) is str:  # the commonest case first (every row of every table)
        return value
    ok = True
    if kind == "INT64":
        ok = isinstance(value, int) and not isinstance(value, bool) and _INT64[0] <= value <= _INT64[1]
    elif kind == "DOUBLE":
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value
        ok = ok and not math.isnan(value)
    elif kind == "BOOLEAN":
        ok = isinstance(value, bool)
    elif kind == "STRING[]":
        ok = isinstance(value, (list, tuple)) and all(isinstance(x, str) for x in value)
        value = list(value) if ok else value
    elif kind == "STRING":
        if not isinstance(value, str):
            value = str(value)
    if not ok:
        raise StoreError(f"{where}: property {name!r} = {value!r:.80} is not a {kind} value")
    return value


def graph_tables(G: nx.MultiDiGraph) -> list[Table]:
    """Every node table, then every relationship table, filled from ``G``."""
    edges = ((u, v, d.get("type") or k, d) for u, v, k, d in G.edges(keys=True, data=True))
    return rows_tables(G.nodes(data=True), edges, G.nodes)


def rows_tables(
    nodes: Iterable[tuple[str, dict]], edges: Iterable[tuple[str, str, str, dict]], node_data: Mapping[str, dict]
) -> list[Table]:
    """:func:`graph_tables` of nodes ``(node id, properties)`` and edges ``(from, to, type, properties)``
    given apart, in the order a graph lists them; ``node_data``: node id → properties, for the edges' ends."""
    by_label: dict[str, list[tuple[str, dict]]] = {label: [] for label in NODE_LABELS}
    for n, d in nodes:
        label = d.get("label") or split_node_id(n)[0]
        if label not in by_label:
            raise StoreError(f"node {n!r}: label {label!r} is not a paperkg label ({', '.join(NODE_LABELS)})")
        by_label[label].append((n, d))
    tables = []
    for label, items in by_label.items():
        declared = node_properties(label) | ({ORDER: "DOUBLE"} if label == PAPER else {FORMS: "STRING[]"})
        table = Table(label, _columns(declared, [d for _, d in items], NODE_META))
        cols: dict[str, list] = {c: [] for c in table.columns}
        if label == PAPER:
            items.sort(
                key=lambda item: paper_sort_key({**item[1], "key": item[1].get("key", split_node_id(item[0])[1])})
            )
        for position, (n, d) in enumerate(items):
            data = {**d, "key": d.get("key", split_node_id(n)[1])}
            if label == PAPER:
                data[ORDER] = float(position)
            else:
                data[FORMS] = name_forms(data)
            for c, kind in table.columns.items():
                cols[c].append(_value(data.get(c), kind, f"node {n!r}", c))
        table.data[None] = cols
        tables.append(table)
    by_rel: dict[str, list[tuple[str, str, dict]]] = {rel: [] for rel in REL_TYPES}
    for u, v, rel, d in edges:
        if rel not in by_rel:
            raise StoreError(f"edge {u!r} -> {v!r}: {rel!r} is not a paperkg relationship type")
        by_rel[rel].append((u, v, d))
    for rel, rel_edges in by_rel.items():
        table = Table(
            rel, _columns(REL_PROPERTIES.get(rel, {}), [d for _, _, d in rel_edges], EDGE_META), REL_ENDPOINTS[rel]
        )
        for u, v, d in rel_edges:
            du, dv = node_data[u], node_data[v]
            pair = (du.get("label") or split_node_id(u)[0], dv.get("label") or split_node_id(v)[0])
            if pair not in table.pairs:
                raise StoreError(f"edge {u!r} -[{rel}]-> {v!r}: {rel} does not join {pair[0]} to {pair[1]}")
            cols = table.data.setdefault(pair, {"from": [], "to": [], **{c: [] for c in table.columns}})
            cols["from"].append(du.get("key", split_node_id(u)[1]))
            cols["to"].append(dv.get("key", split_node_id(v)[1]))
            for c, kind in table.columns.items():
                cols[c].append(_value(d.get(c), kind, f"edge {u!r} -[{rel}]-> {v!r}", c))
        tables.append(table)
    return tables
