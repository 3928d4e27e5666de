"""``kg viz`` and ``kg export``: the same selector options, two outputs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kg.cli.app import app
from kg.cli.output import console, fail, missing_extra, print_json, with_flags
from kg.cli.options import BackendOpt, JsonOpt, StoreOpt
if TYPE_CHECKING:  # kg.select pulls in networkx: imported by the commands that select
    from kg.select import Selection

AroundOpt = Annotated[Optional[list[str]], typer.Option("--around", "-a", help="Centre on this entity (name, alias or node id); repeatable.")]
DepthOpt = Annotated[int, typer.Option("--depth", "-d", help="Entity steps from --around (0 = the entity and its papers).")]
ViaOpt = Annotated[str, typer.Option("--via", help="Walk through shared 'papers', 'cooccurs' links, or 'both'.")]
TypeOpt = Annotated[Optional[list[str]], typer.Option("--type", "-t", help="Keep only these node types (Method, Dataset, Task, Metric, Concept, Paper); repeatable.")]
NoPapersOpt = Annotated[bool, typer.Option("--no-papers", help="Leave Paper nodes out (a term map of entities only).")]
MinStrengthOpt = Annotated[Optional[float], typer.Option("--min-strength", help="Drop CO_OCCURS links weaker than this.")]
MinSharedOpt = Annotated[Optional[int], typer.Option("--min-shared", help="Drop CO_OCCURS links with fewer shared papers.")]
MinPapersOpt = Annotated[Optional[int], typer.Option("--min-papers", help="Drop entities found in fewer papers.")]
YearFromOpt = Annotated[Optional[int], typer.Option("--from", help="Only papers from this year on.")]
YearToOpt = Annotated[Optional[int], typer.Option("--to", help="Only papers up to this year.")]
MaxEdgesOpt = Annotated[Optional[int], typer.Option("--max-edges", help="Keep at most this many CO_OCCURS links (strongest).")]
CypherOpt = Annotated[Optional[str], typer.Option("--cypher", help="Select the nodes a read-only Cypher query returns.")]
QueryOpt = Annotated[Optional[str], typer.Option("--query", "-q", help="Select the nodes a named query from queries/ returns.")]
ParamOpt = Annotated[Optional[list[str]], typer.Option("--param", "-p", help="Query parameter NAME=VALUE (VALUE parsed as JSON when it can be); repeatable.")]


def make_selection(
    around, depth, via, types, no_papers, min_strength, min_shared, min_papers,
    year_from, year_to, top, max_edges, cypher, query, params,
) -> Selection:
    """The :class:`Selection` the shared command-line options describe."""
    from kg.schema import NODE_LABELS, PAPER
    from kg.select import Selection  # noqa: PLC0415 (fast start)
    from queries.api import parse_params

    labels = [t.strip() for t in types or []]
    canon = {lbl.casefold(): lbl for lbl in NODE_LABELS}
    labels = [canon.get(t.casefold(), t) for t in labels]
    if no_papers:
        labels = [t for t in (labels or NODE_LABELS) if t != PAPER]
    spec = Selection(
        around=list(around or []), depth=depth, via=via, types=tuple(labels) or None,
        min_strength=min_strength, min_shared=min_shared, min_papers=min_papers,
        year_from=year_from, year_to=year_to, top=top, max_edges=max_edges,
        cypher=cypher, query=query, params=parse_params(params or []),
    )
    spec.validate()
    return spec


def _graph_for(store: str | None, backend: str | None, spec):
    """The part of the graph a selection can reach (fetched by Cypher), and the spec to apply to it."""
    from kg.select import graph_for_selection
    from kg.store import StoreError, open_store

    try:
        target = open_store(store, backend=backend)
    except StoreError as exc:
        raise fail(str(exc))
    try:
        if not (spec.around or spec.cypher or spec.query):
            return _read_graph(store, backend), spec
        G, spec = graph_for_selection(target, spec)
    except StoreError as exc:
        raise fail(str(exc))
    finally:
        target.close()
    return G, spec


def _read_graph(store: str | None, backend: str | None = None):
    """The whole graph from the embedded store or, with ``--backend neo4j``, from Neo4j."""
    from kg.store import StoreError, open_store

    try:
        target = open_store(store, backend=backend)
    except StoreError as exc:
        raise fail(str(exc))
    try:
        G = target.read_graph()
    except StoreError as exc:
        raise fail(str(exc))
    finally:
        target.close()
    if G.number_of_nodes() == 0:
        raise fail(f"{target.location}: the graph is empty; run `kg build` first")
    return G


@app.command("viz")
def viz_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("map.html"),
    around: AroundOpt = None,
    depth: DepthOpt = 1,
    via: ViaOpt = "both",
    types: TypeOpt = None,
    no_papers: NoPapersOpt = False,
    min_strength: MinStrengthOpt = None,
    min_shared: MinSharedOpt = None,
    min_papers: MinPapersOpt = None,
    year_from: YearFromOpt = None,
    year_to: YearToOpt = None,
    top: Annotated[int, typer.Option("--top", "-n", help="Keep at most this many nodes (seeds first, then best connected).")] = 150,
    max_edges: MaxEdgesOpt = None,
    cypher: CypherOpt = None,
    query: QueryOpt = None,
    param: ParamOpt = None,
    color: Annotated[str, typer.Option("--color", help="Colour nodes by 'type', 'community' (Louvain clusters) or 'year' (average publication year).")] = "type",
    layout: Annotated[str, typer.Option("--layout", help="'auto' (physics up to 300 nodes, else fixed), 'physics', or 'python' (fixed spring layout).")] = "auto",
    title: Annotated[Optional[str], typer.Option("--title", help="Page title.")] = None,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Draw a concept map of (part of) the graph as one offline HTML page."""
    from kg.export import ExportError
    from kg.select import SelectionError
    from queries.errors import QueryError

    try:
        from kg.viz import VizError, make_map
    except ImportError as exc:  # pyvis and scipy come with the "viz" extra
        raise missing_extra(exc, "kg viz")

    try:
        spec = make_selection(around, depth, via, types, no_papers, min_strength, min_shared, min_papers,
                              year_from, year_to, top, max_edges, cypher, query, param)
        G, spec = _graph_for(store, backend, spec)
        info = make_map(G, spec, output, color=color, layout=layout, title=title)
    except (SelectionError, VizError, QueryError, ExportError) as exc:
        raise fail(with_flags(str(exc), {"color": "--color", "layout": "--layout"}))
    except OSError as exc:
        raise fail(f"{output}: {exc.strerror or exc}")
    if as_json:
        print_json(vars(info))
        return
    console.print(
        f"Wrote {info.path}: {info.nodes} nodes, {info.edges} links, {info.communities} clusters, "
        f"{info.layout} layout, {info.bytes / 1e6:.1f} MB. Open it in any browser (works offline).",
        highlight=False,
    )


@app.command("export")
def export_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (a folder for neo4j-csv).")],
    fmt: Annotated[Optional[str], typer.Option("--format", "-f", help="graphml, gexf, json, neo4j-csv, cypher, bibtex, review-md, review-csv (default: from the file suffix).")] = None,
    around: AroundOpt = None,
    depth: DepthOpt = 1,
    via: ViaOpt = "both",
    types: TypeOpt = None,
    no_papers: NoPapersOpt = False,
    min_strength: MinStrengthOpt = None,
    min_shared: MinSharedOpt = None,
    min_papers: MinPapersOpt = None,
    year_from: YearFromOpt = None,
    year_to: YearToOpt = None,
    top: Annotated[Optional[int], typer.Option("--top", "-n", help="Keep at most this many nodes (default: no cap).")] = None,
    max_edges: MaxEdgesOpt = None,
    cypher: CypherOpt = None,
    query: QueryOpt = None,
    param: ParamOpt = None,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Export (part of) the graph for Gephi, Cytoscape, neo4j-admin, Zotero or a review table."""
    from kg.export import ExportError, export_selection
    from kg.select import SelectionError
    from queries.errors import QueryError

    try:
        spec = make_selection(around, depth, via, types, no_papers, min_strength, min_shared, min_papers,
                              year_from, year_to, top, max_edges, cypher, query, param)
        G, spec = _graph_for(store, backend, spec)
        info = export_selection(G, spec, fmt, output)
    except (SelectionError, ExportError, QueryError) as exc:
        raise fail(with_flags(str(exc), {"fmt": "--format"}))
    if as_json:
        print_json(vars(info))
        return
    console.print(
        f"Wrote {info.format} to {info.path}: {info.nodes} nodes ({info.papers} papers), {info.edges} relationships, "
        f"{info.bytes:,} bytes.",
        highlight=False,
    )
