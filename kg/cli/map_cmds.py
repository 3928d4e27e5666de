"""``kg map``: the VOSviewer-style term map of the whole graph (a thin shell over :mod:`kg.present.termmap`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.options import AllOpt, BackendOpt, JsonWrittenOpt, StoreOpt, ThesaurusOpt, load_thesaurus, min_quality
from kg.cli.output import console, fail, missing_extra, print_json, with_flags
from kg.cli.selector import YearFromOpt, YearToOpt
from kg.cli.viz_cmds import _read_graph


@app.command("map")
def map_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("map.html"),
    terms: Annotated[
        int,
        typer.Option("--terms", "-n", min=1, help="Map at most this many terms (most papers, boosted by relevance)."),
    ] = 1000,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type", "-t", help="Only these entity types (Method, Dataset, Task, Metric, Concept); repeatable."
        ),
    ] = None,
    min_papers: Annotated[
        int | None,
        typer.Option("--min-papers", help="Terms need this many papers (default: 1 below 100 papers, else 2)."),
    ] = None,
    min_cooccurrence: Annotated[
        int, typer.Option("--min-cooccurrence", min=1, help="Links need this many shared papers.")
    ] = 1,
    links_per_term: Annotated[
        int | None,
        typer.Option(
            "--links-per-term",
            min=1,
            help="Keep each term's strongest links for layout, clusters and export (default: 10; 30 from 2,000 terms on).",
        ),
    ] = None,
    max_links: Annotated[
        int, typer.Option("--max-links", min=0, help="Draw at most this many links (the strongest).")
    ] = 2000,
    resolution: Annotated[
        float, typer.Option("--resolution", help="Cluster resolution: higher gives more, smaller clusters.")
    ] = 1.0,
    view: Annotated[
        str, typer.Option("--view", help="View the page opens in: clusters, overlay (average year) or density.")
    ] = "clusters",
    year_from: YearFromOpt = None,
    year_to: YearToOpt = None,
    thesaurus: ThesaurusOpt = None,
    vosviewer: Annotated[
        Path | None,
        typer.Option(
            "--vosviewer",
            help="Also write the map for VOSviewer: FILE.json (its JSON) or FILE.txt (map file + FILE_network.txt).",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Page title.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the clustering and layout.")] = 42,
    show_all: AllOpt = False,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonWrittenOpt = False,
) -> None:
    """Draw a VOSviewer-style term map of the whole corpus.

    Terms only, clustered, with year overlay and density views, as one offline page.

    Example: kg map -n 1000 --view density -o map.html
    """
    from queries.schema import ENTITY_LABELS

    try:
        from kg.present.termmap import make_term_map
    except ImportError as exc:  # pyvis (vis-network) and scipy come with the "viz" extra
        raise missing_extra(exc, "kg map")

    canon = {lbl.casefold(): lbl for lbl in ENTITY_LABELS}
    chosen = [canon.get(t.strip().casefold()) for t in types or []]
    if None in chosen:
        raise fail(f"--type must be among {', '.join(ENTITY_LABELS)}")
    th = load_thesaurus(thesaurus)
    G = _read_graph(store, backend)
    try:
        info = make_term_map(
            G,
            output,
            view=view,
            title=title,
            max_links=max_links,
            vosviewer=vosviewer,
            max_terms=terms,
            types=tuple(chosen) or ENTITY_LABELS,
            min_papers=min_papers,
            min_cooccurrence=min_cooccurrence,
            links_per_term=links_per_term,
            resolution=resolution,
            year_from=year_from,
            year_to=year_to,
            thesaurus=th,
            seed=seed,
            min_quality=min_quality(show_all),
        )
    except ValueError as exc:
        raise fail(
            with_flags(
                str(exc),
                {
                    "view": "--view",
                    "types": "--type",
                    "min_papers": "--min-papers",
                    "year_from": "--from",
                    "year_to": "--to",
                },
            )
        )
    except OSError as exc:  # the page or the VOSviewer file could not be written
        raise fail(f"{exc.filename or output}: {exc.strerror or exc}")
    if not as_json:
        extra = f" Thesaurus: {info.merged} merged, {info.dropped} dropped." if th else ""
        also = f" VOSviewer: {', '.join(info.vosviewer)}." if info.vosviewer else ""
        console.print(
            f"Wrote {info.path}: {info.terms} terms from {info.papers} papers, {info.clusters} clusters "
            f"(silhouette {info.silhouette:.2f}), {info.drawn_links} of {info.links} links drawn, "
            f"{info.bytes / 1e6:.1f} MB.{extra}{also} Open it in any browser (works offline).",
            highlight=False,
        )
    else:
        print_json(vars(info))
