"""The screening table: one row per paper in the subgraph (Markdown, CSV or an Excel workbook).

Columns (:data:`COLUMNS`): the paper's identifiers (id, DOI, arXiv id, PMID),
authors as ``Lindqvist M.; Okonkwo C.``, venue, publication type, year, title,
a working link (the paper's url, else its DOI, arXiv or PubMed address), the
code link, the citation counts (``references``: how many references the source
lists, ``cited by``: how many stored papers cite it) and ``cites`` (the ids of the
stored papers it cites, the CITES links: with ``id`` they rebuild the citation
network), the entities by type, and the screening ``decision`` / ``note``
(from ``kg tag``, set on the Paper nodes by :func:`kg.present.tags.apply_tags`).
Entity columns come from the graph the subgraph was selected from
(``context``), so a row lists everything the paper links to, not only what
survived the selection; concepts are ordered by mention count and capped at
:data:`MAX_CONCEPTS`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from urllib.parse import quote

import networkx as nx

from kg.core.author_names import short_names
from kg.core.safe_text import spreadsheet_cell
from kg.present.export.bibtex import papers_of
from kg.present.export.io import atomic_write_bytes, atomic_write_text
from queries.schema import (
    ADDRESSES,
    CITES,
    CONCEPT,
    DATASET,
    EVALUATES_ON,
    MENTIONS,
    METHOD,
    METRIC,
    PROPOSES,
    REPORTS,
    USES,
)

ENTITY_COLUMNS = ("proposed methods", "methods used", "datasets", "tasks", "metrics", "key concepts")
COLUMNS = (
    "id",
    "doi",
    "arxiv id",
    "pmid",
    "authors",
    "venue",
    "type",
    "year",
    "title",
    "url",
    "code",
    "references",
    "cited by",
    "cites",
    *ENTITY_COLUMNS,
    "decision",
    "note",
)
MAX_CONCEPTS = 8
#: columns written as numbers (not text) in the CSV and the workbook
NUMBER_COLUMNS = ("year", "references", "cited by")


def paper_url(d: dict) -> str | None:
    """A link that opens the paper: its own url, else ``https://doi.org/…``, ``https://arxiv.org/abs/…``
    or its PubMed page.

    >>> paper_url({"doi": "10.1000/a<b>#1", "arxiv_id": "2101.00001"})
    'https://doi.org/10.1000/a%3Cb%3E%231'
    >>> paper_url({"arxiv_id": "2101.00001"}), paper_url({"pmid": "123"}), paper_url({})
    ('https://arxiv.org/abs/2101.00001', 'https://pubmed.ncbi.nlm.nih.gov/123/', None)
    """
    if d.get("url"):
        return str(d["url"])
    if d.get("doi"):
        return "https://doi.org/" + quote(str(d["doi"]), safe="/:;()._-")
    if d.get("arxiv_id"):
        return "https://arxiv.org/abs/" + quote(str(d["arxiv_id"]), safe="/.-")
    if d.get("pmid"):
        return f"https://pubmed.ncbi.nlm.nih.gov/{quote(str(d['pmid']), safe='')}/"
    return None


def review_rows(G: nx.MultiDiGraph, context: nx.MultiDiGraph | None = None) -> list[dict]:
    """One dict per paper in ``G`` (by year, then title); entity columns are lists of display names.

    >>> from kg.core.examples import small_graph
    >>> row = review_rows(small_graph())[0]
    >>> row["title"], row["proposed methods"], row["datasets"], row["key concepts"]
    ('NoiseNet: Robust Training under Label Noise', ['NoiseNet'], ['CIFAR-10'], ['label noise'])
    """
    context = context if context is not None else G
    rows = []
    for p in papers_of(G):
        d = G.nodes[p]
        cols: dict[str, list[tuple[int, str]]] = {c: [] for c in ENTITY_COLUMNS}
        cites: list[str] = []
        if p in context:
            for _, v, k, e in context.out_edges(p, keys=True, data=True):
                if k == CITES:
                    cites.append(str(context.nodes[v].get("key") or v.removeprefix("Paper:")))
                    continue
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
        row = {
            "id": d.get("key") or p.removeprefix("Paper:"),
            "doi": d.get("doi"),
            "arxiv id": d.get("arxiv_id"),
            "pmid": d.get("pmid"),
            "authors": short_names(d.get("authors")),
            "venue": d.get("venue"),
            "type": d.get("kind"),
            "year": d.get("year"),
            "title": d.get("title") or d.get("name") or p,
            "url": paper_url(d),
            "code": d.get("code_url"),
            "references": d.get("references"),
            "cited by": int(d.get("citations") or 0),
            "cites": sorted(set(cites)),
            "decision": d.get("decision"),
            "note": d.get("note"),
        }
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
        w.writerow([_text(r[c]) if c in NUMBER_COLUMNS else spreadsheet_cell(_text(r[c])) for c in COLUMNS])
    return buf.getvalue()


def write_review_markdown(G: nx.MultiDiGraph, path: str | Path, context: nx.MultiDiGraph | None = None) -> None:
    atomic_write_text(path, review_markdown(G, context))


def write_review_csv(G: nx.MultiDiGraph, path: str | Path, context: nx.MultiDiGraph | None = None) -> None:
    atomic_write_text(path, review_csv(G, context), newline="")


def review_xlsx(G: nx.MultiDiGraph, context: nx.MultiDiGraph | None = None) -> bytes:
    """An Excel workbook (openpyxl): one sheet, bold frozen header row, a filter on every column,
    links clickable; every cell is text or a number, never a formula."""
    from openpyxl import Workbook  # noqa: PLC0415 (only this export needs it)
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    wb = Workbook()
    ws = wb.active
    ws.title = "review"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for number, r in enumerate(review_rows(G, context), start=2):
        for column, c in enumerate(COLUMNS, start=1):  # cell by cell: ws[row] scans every cell, per row
            value = r[c] if c in NUMBER_COLUMNS else ILLEGAL_CHARACTERS_RE.sub("", _text(r[c])) or None
            cell = ws.cell(row=number, column=column, value=value)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # "=…" stays text: openpyxl would otherwise write a formula
                if c in ("url", "code") and cell.value.startswith(("https://", "http://")):
                    cell.hyperlink = cell.value
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for c, width in zip(COLUMNS, _widths(), strict=True):
        ws.column_dimensions[ws.cell(1, COLUMNS.index(c) + 1).column_letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _widths() -> list[int]:
    wide = {"title": 60, "authors": 30, "url": 30, "note": 40, "venue": 25}
    return [wide.get(c, 22 if c in ENTITY_COLUMNS else 12) for c in COLUMNS]


def write_review_xlsx(G: nx.MultiDiGraph, path: str | Path, context: nx.MultiDiGraph | None = None) -> None:
    atomic_write_bytes(path, review_xlsx(G, context))
