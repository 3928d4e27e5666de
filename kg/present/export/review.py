"""The literature-review table: one row per paper in the subgraph (Markdown or CSV).

Columns: year, title, url, code, proposed methods, methods used, datasets,
tasks, metrics, key concepts. Entity columns come from the graph the subgraph
was selected from (``context``), so a row lists everything the paper links
to, not only what survived the selection; concepts are ordered by mention
count and capped at :data:`MAX_CONCEPTS`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx

from kg.present.export.bibtex import papers_of
from kg.present.export.io import atomic_write_text
from kg.core.safe_text import spreadsheet_cell
from queries.schema import ADDRESSES, CONCEPT, DATASET, EVALUATES_ON, MENTIONS, METHOD, METRIC, PROPOSES, REPORTS, USES

COLUMNS = ("year", "title", "url", "code", "proposed methods", "methods used", "datasets", "tasks", "metrics", "key concepts")
MAX_CONCEPTS = 8


def review_rows(G: nx.MultiDiGraph, context: nx.MultiDiGraph | None = None) -> list[dict]:
    """One dict per paper in ``G`` (by year, then title); list columns are lists of display names.

    >>> from kg.core.examples import small_graph
    >>> row = review_rows(small_graph())[0]
    >>> row["title"], row["proposed methods"], row["datasets"], row["key concepts"]
    ('NoiseNet: Robust Training under Label Noise', ['NoiseNet'], ['CIFAR-10'], ['label noise'])
    """
    context = context if context is not None else G
    rows = []
    for p in papers_of(G):
        d = G.nodes[p]
        cols: dict[str, list[tuple[int, str]]] = {c: [] for c in COLUMNS[4:]}
        if p in context:
            for _, v, k, e in context.out_edges(p, keys=True, data=True):
                label = context.nodes[v].get("label")
                name = str(context.nodes[v].get("name", v))
                count = int(e.get("count") or 1)
                if k == PROPOSES and label == METHOD:
                    cols["proposed methods"].append((count, name))
                elif k == USES and label == METHOD:
                    cols["methods used"].append((count, name))
                elif label == DATASET and k in (EVALUATES_ON, PROPOSES):
                    cols["datasets"].append((count, name + (" (new)" if k == PROPOSES else "")))
                elif k == ADDRESSES:
                    cols["tasks"].append((count, name))
                elif k == REPORTS and label == METRIC:
                    cols["metrics"].append((count, name))
                elif k == MENTIONS and label == CONCEPT:
                    cols["key concepts"].append((count, name))
        row = {"year": d.get("year"), "title": d.get("title") or d.get("name") or p,
               "url": d.get("url"), "code": d.get("code_url")}
        for c, items in cols.items():
            names = [n for _, n in sorted(set(items), key=lambda x: (-x[0], x[1].casefold()))]
            row[c] = list(dict.fromkeys(names))[: MAX_CONCEPTS if c == "key concepts" else None]
        rows.append(row)
    return rows


def _text(value: object) -> str:
    """A cell on one line: lists joined with ``"; "``, runs of white space (line breaks too) as one space."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return " ".join(str(value).split())


def _md_cell(value: object) -> str:
    return _text(value).replace("\\", "\\\\").replace("|", "\\|")


def review_markdown(G: nx.MultiDiGraph, context: nx.MultiDiGraph | None = None) -> str:
    """A GitHub-flavoured Markdown table (``|`` and ``\\`` in cells escaped, one line per row)."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in review_rows(G, context):
        lines.append("| " + " | ".join(_md_cell(r[c]) for c in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def review_csv(G: nx.MultiDiGraph, context: nx.MultiDiGraph | None = None) -> str:
    """CSV with a header row; list cells joined with ``"; "`` (pandas.read_csv reads it as is).

    Text cells that a spreadsheet would run as a formula (starting with ``=``,
    ``+``, ``-``, ``@``, tab or CR) get a leading ``'`` (OWASP's rule).
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in review_rows(G, context):
        w.writerow([spreadsheet_cell(_text(r[c])) if c != "year" else _text(r[c]) for c in COLUMNS])
    return buf.getvalue()


def write_review_markdown(G: nx.MultiDiGraph, path: str | Path, context: nx.MultiDiGraph | None = None) -> None:
    atomic_write_text(path, review_markdown(G, context))


def write_review_csv(G: nx.MultiDiGraph, path: str | Path, context: nx.MultiDiGraph | None = None) -> None:
    atomic_write_text(path, review_csv(G, context), newline="")
