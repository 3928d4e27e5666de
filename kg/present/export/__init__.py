"""``kg export``: write a selected subgraph in a format other tools read as is.

>>> import tempfile, pathlib
>>> from kg.core.examples import small_graph
>>> out = pathlib.Path(tempfile.mkdtemp()) / "papers.bib"
>>> info = export_selection(small_graph(), None, "bibtex", out)
>>> info.format, info.papers, out.read_text().count("@misc{")
('bibtex', 5, 5)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.present.export.bibtex import write_bibtex
from kg.present.export.claims_csv import write_claims_csv
from kg.present.export.cypher import write_cypher
from kg.present.export.graphfiles import write_gexf, write_graphml, write_node_link
from kg.present.export.io import ExportError
from kg.present.export.neo4j_csv import write_neo4j_csv
from kg.present.export.review import write_review_csv, write_review_markdown, write_review_xlsx
from kg.present.select import Selection, graph_for_selection, paper_context, reads_part, select_nonempty
from kg.present.tags import apply_tags, paper_tags
from queries.schema import PAPER


def _plain(fn: Callable) -> Callable:
    return lambda G, path, context: fn(G, path)


#: format name -> (writer(G, path, context), file suffixes it is inferred from, what it is)
FORMATS: dict[str, tuple[Callable, tuple[str, ...], str]] = {
    "graphml": (_plain(write_graphml), (".graphml",), "GraphML (Gephi, Cytoscape, yEd)"),
    "gexf": (_plain(write_gexf), (".gexf",), "GEXF 1.2 (Gephi)"),
    "json": (_plain(write_node_link), (".json",), "NetworkX node-link JSON"),
    "neo4j-csv": (_plain(write_neo4j_csv), (), "folder with nodes.csv + relationships.csv for neo4j-admin import"),
    "cypher": (_plain(write_cypher), (".cypher", ".cql"), "Cypher MERGE script"),
    "bibtex": (write_bibtex, (".bib",), "BibTeX of the papers"),
    "review-md": (write_review_markdown, (".md",), "literature-review table, Markdown"),
    "review-csv": (write_review_csv, (".csv",), "literature-review table, CSV"),
    "claims-csv": (_plain(write_claims_csv), (), "claims table, CSV: subject, predicate, object, support, evidence"),
    "review-xlsx": (write_review_xlsx, (".xlsx",), "literature-review table, Excel workbook (frozen header, filters)"),
}
#: formats that list each paper's entities (they need every entity of the selected papers)
PAPER_FORMATS = ("bibtex", "review-md", "review-csv", "review-xlsx")


@dataclass
class ExportInfo:
    """What :func:`export_graph` wrote."""

    path: str
    format: str
    nodes: int
    edges: int
    papers: int
    files: list[str]
    bytes: int


def infer_format(path: str | Path) -> str:
    """The format for an output path from its suffix.

    >>> infer_format("map.gexf"), infer_format("refs.bib"), infer_format("review.csv")
    ('gexf', 'bibtex', 'review-csv')
    """
    suffix = Path(path).suffix.lower()
    for name, (_, suffixes, _) in FORMATS.items():
        if suffix in suffixes:
            return name
    raise ExportError(f"cannot tell the format of {path!s} from its name; give `fmt` ({', '.join(FORMATS)})")


def export_graph(
    G: nx.MultiDiGraph, fmt: str | None, path: str | Path, context: nx.MultiDiGraph | None = None
) -> ExportInfo:
    """Write the (already selected) graph ``G`` to ``path`` in format ``fmt`` (inferred from the suffix when None)."""
    fmt = fmt or infer_format(path)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    writer = FORMATS[fmt][0]
    path = Path(path)
    if fmt != "neo4j-csv" and path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name")
    if fmt == "neo4j-csv" and path.exists() and not path.is_dir():
        raise ExportError(f"{path}: neo4j-csv writes a folder (nodes.csv, relationships.csv); give a folder name")
    writer(G, path, context if context is not None else G)
    files = [path / "nodes.csv", path / "relationships.csv"] if fmt == "neo4j-csv" else [path]
    return ExportInfo(
        path=str(path),
        format=fmt,
        nodes=G.number_of_nodes(),
        edges=G.number_of_edges(),
        papers=sum(1 for _, d in G.nodes(data=True) if d.get("label") == PAPER),
        files=[str(f) for f in files],
        bytes=sum(f.stat().st_size for f in files),
    )


def export_selection(G: nx.MultiDiGraph, spec: Selection | None, fmt: str | None, path: str | Path) -> ExportInfo:
    """Select from ``G`` with ``spec`` and export the result (``G`` gives the review/BibTeX context)."""
    return export_graph(select_nonempty(G, spec), fmt, path, context=G)


def export_store(store, spec: Selection | None, fmt: str | None, path: str | Path) -> ExportInfo:
    """Select from ``store`` (reading only what the selection reaches) and export the result, with
    the papers' screening tags (``decision``, ``note``) on their nodes. The review and BibTeX
    formats list every entity of each selected paper, read from the store for the selected papers
    when the selection fetched only part of the graph (``--around``, ``--cypher``, ``--query``)."""
    fmt = fmt or infer_format(path)
    G, reached = graph_for_selection(store, spec)
    sel = select_nonempty(G, reached)
    context = G
    if fmt in PAPER_FORMATS and reads_part(store, spec):  # only a region was read: complete papers' entities
        papers = [n for n, d in sel.nodes(data=True) if d.get("label") == PAPER]
        context = nx.compose(G, paper_context(store, papers))  # type: ignore[assignment]  # a MultiDiGraph: the stubs say Graph
    apply_tags(sel, paper_tags(store))
    return export_graph(sel, fmt, path, context=context)


__all__ = ["FORMATS", "ExportInfo", "ExportError", "export_graph", "export_selection", "export_store", "infer_format"]
