"""CSV files in the neo4j-admin import header format.

``PATH/nodes.csv``::

    :ID,:LABEL,key,name,aliases:string[],papers:int,title,year:int,...

``PATH/relationships.csv``::

    :START_ID,:END_ID,:TYPE,count:int,evidence:string[],papers:int,strength:float

``:ID`` is the paperkg node id (``Method:bert``); arrays use ``;`` (the
neo4j-admin default ``--array-delimiter``), so a ``;`` inside an array item is
written as ``,``; line breaks inside ids and values become spaces.

Cells are written **as they are**, without the ``'`` guard against
spreadsheet formulas that the review CSV and ``--csv`` output get:
neo4j-admin would store that ``'`` as part of every value starting with
``=``, ``+``, ``-`` or ``@`` (negative numbers included). These files are an
import format for the database, not for a spreadsheet; open the review CSV
(``kg export --format review-csv``) in one instead. Import with::

    neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from kg.present.export.io import atomic_write_text

ARRAY_DELIMITER = ";"
NODE_FILE = "nodes.csv"
REL_FILE = "relationships.csv"


def column_type(values: Iterable[object]) -> str:
    """The neo4j-admin type suffix for a column's values ('' = string).

    >>> column_type([1, 2, None]), column_type([1, 2.5]), column_type([["a"], []]), column_type(["x", 1])
    (':int', ':float', ':string[]', '')
    """
    kinds = set()
    for v in values:
        if v is None:
            continue
        if isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("int")
        elif isinstance(v, float):
            kinds.add("float")
        elif isinstance(v, (list, tuple)):
            kinds.add("array")
        else:
            kinds.add("string")
    if kinds == {"array"}:
        return ":string[]"
    if kinds and kinds <= {"int", "float"}:
        return ":float" if "float" in kinds else ":int"
    if kinds == {"boolean"}:
        return ":boolean"
    return ""


def cell(value: object) -> str:
    """One CSV cell; arrays joined with ``;`` (``;`` inside an item becomes ``,``).

    >>> cell(["a; b", "c"]), cell(None), cell(2.5), cell("two\\nlines")
    ('a, b;c', '', '2.5', 'two lines')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ARRAY_DELIMITER.join(_one_line(str(v)).replace(ARRAY_DELIMITER, ",") for v in value)
    return _one_line(str(value))


def _one_line(s: str) -> str:
    return " ".join(s.splitlines()) if ("\n" in s or "\r" in s) else s


def _columns(rows: list[dict], skip: set[str]) -> list[tuple[str, str]]:
    names: list[str] = []
    for r in rows:
        for k in r:
            if k not in skip and k not in names:
                names.append(k)
    return [(k, column_type(r.get(k) for r in rows)) for k in names]


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def node_table(G: nx.MultiDiGraph) -> tuple[list[str], list[list[str]]]:
    """Header and rows of ``nodes.csv``."""
    data = [d for _, d in G.nodes(data=True)]
    cols = _columns(data, {"label"})
    header = [":ID", ":LABEL"] + [name + t for name, t in cols]
    rows = [[cell(n), str(d.get("label", ""))] + [cell(d.get(name)) for name, _ in cols] for n, d in G.nodes(data=True)]
    return header, rows


def relationship_table(G: nx.MultiDiGraph) -> tuple[list[str], list[list[str]]]:
    """Header and rows of ``relationships.csv``."""
    data = [d for _, _, d in G.edges(data=True)]
    cols = _columns(data, {"type"})
    header = [":START_ID", ":END_ID", ":TYPE"] + [name + t for name, t in cols]
    rows = [
        [cell(u), cell(v), str(k)] + [cell(d.get(name)) for name, _ in cols]
        for u, v, k, d in G.edges(keys=True, data=True)
    ]
    return header, rows


def write_neo4j_csv(G: nx.MultiDiGraph, path: str | Path) -> list[Path]:
    """Write ``nodes.csv`` and ``relationships.csv`` into the folder ``path``."""
    folder = Path(path)
    out = []
    for name, (header, rows) in ((NODE_FILE, node_table(G)), (REL_FILE, relationship_table(G))):
        atomic_write_text(folder / name, _csv(header, rows), newline="")
        out.append(folder / name)
    return out
