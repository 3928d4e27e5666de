"""``kg viz`` and ``kg export``: the same selector options, two outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.options import BackendOpt, JsonWrittenOpt, StoreOpt
from kg.cli.output import console, fail, missing_extra, print_json, with_flags
from kg.cli.selector import SelectorArgs, make_selection, selector_options


def _graph_for(store: str | None, backend: str | None, spec):
    """The part of the graph a selection can reach (fetched by Cypher), and the spec to apply to it."""
    from kg.present.select import graph_for_selection
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
@selector_options
def viz_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("viz.html"),
    *,
    selector: SelectorArgs,
    top: Annotated[
        int, typer.Option("--top", "-n", help="Keep at most this many nodes (seeds first, then best connected).")
    ] = 150,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            help="Colour nodes by 'type', 'community' (Louvain clusters) or 'year' (average publication year).",
        ),
    ] = "type",
    layout: Annotated[
        str,
        typer.Option(
            "--layout",
            help="'auto' (physics up to 300 nodes, else fixed), 'physics', or 'python' (fixed spring layout).",
        ),
    ] = "auto",
    title: Annotated[str | None, typer.Option("--title", help="Page title.")] = None,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonWrittenOpt = False,
) -> None:
    """Draw a neighbourhood of the graph as an offline HTML page.

    A concept map of the selection (papers and entities, coloured by type,
    community or year) that opens in any browser without a network.

    Example: kg viz --around "label noise" --color community -o label-noise.html
    """
    from kg.present.export import ExportError
    from kg.present.select import SelectionError
    from queries.errors import QueryError

    try:
        from kg.present.viz import PageError, make_map
    except ImportError as exc:  # pyvis and scipy come with the "viz" extra
        raise missing_extra(exc, "kg viz")

    try:
        spec = make_selection(selector, top)
        G, spec = _graph_for(store, backend, spec)
        info = make_map(G, spec, output, color=color, layout=layout, title=title)
    except (SelectionError, PageError, QueryError, ExportError) as exc:
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
@selector_options
def export_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (a folder for neo4j-csv).")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="graphml, gexf, json, neo4j-csv, cypher, bibtex, review-md, review-csv, review-xlsx, claims-csv (default: from the file suffix).",
        ),
    ] = None,
    *,
    selector: SelectorArgs,
    top: Annotated[
        int | None, typer.Option("--top", "-n", help="Keep at most this many nodes (default: no cap).")
    ] = None,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonWrittenOpt = False,
) -> None:
    """Write (part of) the graph for other tools.

    GraphML/GEXF (Gephi, Cytoscape), node-link JSON, neo4j-admin CSV, Cypher,
    BibTeX (Zotero), a claims table or a review table (Markdown, CSV, Excel); papers
    carry their `kg tag` decision and note.

    Example: kg export --around diffusion -o diffusion.gexf
    """
    from kg.present.export import ExportError, export_store
    from kg.present.select import SelectionError
    from kg.store import StoreError, open_store
    from queries.errors import QueryError

    try:
        target = open_store(store, backend=backend)
    except StoreError as exc:
        raise fail(str(exc))
    try:
        spec = make_selection(selector, top)
        if not target.stats()["nodes"]:
            raise fail(f"{target.location}: the graph is empty; run `kg build` first")
        info = export_store(target, spec, fmt, output)
    except (SelectionError, ExportError, QueryError, StoreError) as exc:
        raise fail(with_flags(str(exc), {"fmt": "--format"}))
    finally:
        target.close()
    if as_json:
        print_json(vars(info))
        return
    console.print(
        f"Wrote {info.format} to {info.path}: {info.nodes} nodes ({info.papers} papers), {info.edges} relationships, "
        f"{info.bytes:,} bytes.",
        highlight=False,
    )
