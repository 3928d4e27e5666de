"""``kg trend``: papers per year for a few entities, a chart file and one sparkline line per entity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.options import BackendOpt, StoreOpt
from kg.cli.output import console, fail, print_json, with_flags
from kg.cli.query_cmds import backend_from_options, query_errors
from kg.core.safe_text import visible


@app.command("trend")
def trend_cmd(
    names: Annotated[
        list[str],
        typer.Argument(
            help="Entities to chart (up to 8): name, alias or key, as `kg show` takes them "
            "(case/plural/hyphen-insensitive).",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Chart file to write: .svg, or .html (the chart and a table).")
    ] = Path("trend.svg"),
    year_from: Annotated[int | None, typer.Option("--from", help="First year of the chart.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last year of the chart.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Chart title.")] = None,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help="Print the counts per year (and the file written) as JSON instead of sparklines."),
    ] = False,
) -> None:
    """Papers per year for a few entities: a chart and a sparkline each.

    Counts the papers linked to each entity, year by year, writes an offline
    chart (one line per entity) and prints one sparkline line per entity:
    first year, ▁▂▅█ bars (· = no papers), last year and the counts.

    Example: kg trend "label noise" diffusion CIFAR-10 -o trend.html
    """
    from rich.text import Text

    from kg.core.errors import ExportError
    from kg.present.trend import chart_format, sparkline_rows, trend, write_trend
    from queries.errors import QueryError

    try:
        chart_format(output)  # a bad file name fails before the store is read
    except ExportError as exc:
        raise fail(str(exc))
    with query_errors():
        try:
            t = trend(backend_from_options(store, backend), names, year_from, year_to)
        except QueryError as exc:  # the library names its parameters, the command line its flags
            raise QueryError(with_flags(str(exc), {"year_from": "--from", "year_to": "--to"})) from exc
    try:
        info = write_trend(t, output, title)
    except ExportError as exc:
        raise fail(str(exc))
    except OSError as exc:
        raise fail(f"{output}: {exc.strerror or exc}")
    if as_json:
        print_json(info.to_dict())
        return
    for line in sparkline_rows(t):
        console.print(Text(visible(line)), highlight=False, soft_wrap=True)
    console.print(
        f"Wrote {info.path} ({info.format}, {len(t.series)} series, {info.bytes / 1e3:.1f} kB).", highlight=False
    )
