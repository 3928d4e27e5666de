"""Options shared by several commands."""

from pathlib import Path
from typing import Annotated

import typer


def store_from_app(ctx: typer.Context, param: typer.CallbackParam, value: str | None) -> str | None:
    """A command's ``--store``: its own when given on the command line, else ``kg --store X`` given
    before the command, else ``$KG_STORE`` (the command line beats the environment)."""
    from click.core import ParameterSource

    if param.name and ctx.get_parameter_source(param.name) == ParameterSource.COMMANDLINE:
        return value
    given = ctx.find_root().params.get("store")
    return given if given is not None else value


StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        envvar="KG_STORE",
        callback=store_from_app,
        show_default=False,
        help="Embedded store folder (default $KG_STORE, else ./kg-store; also accepted before the command).",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
#: commands that write a file print a sentence about it; --json prints the same as an object
JsonWrittenOpt = Annotated[
    bool,
    typer.Option("--json", help="Print what was written (path, counts, bytes) as a JSON object instead of a sentence."),
]
#: commands that change a store print a report
JsonReportOpt = Annotated[bool, typer.Option("--json", help="Print the report as a JSON object instead of text.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")]
BackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        envvar="KG_BACKEND",
        show_default=False,
        help="Store backend: embedded (default, --store folder) or neo4j (NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE).",
    ),
]
#: corpus views (top, related, viz, map, export) show entities of quality >= 0.7 unless given --all
AllOpt = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Show every entity, also those below the default quality cut (quality < 0.7; see `kg audit`).",
    ),
]


#: claims shown by default: confidence >= 0.5 between entities above the quality cut, unless --all
ClaimsAllOpt = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Show every claim, also those below the default cut (confidence < 0.5, or an end of quality < 0.7).",
    ),
]


def min_quality(show_all: bool) -> float | None:
    """The view cut of a command given ``--all`` or not (:mod:`queries.quality`)."""
    from queries.quality import DEFAULT_MIN_QUALITY

    return None if show_all else DEFAULT_MIN_QUALITY


MinConceptOpt = Annotated[
    int | None,
    typer.Option(
        "--min-concept-papers",
        help="Papers a Concept or Task needs to be shown in corpus views (default: auto, 2 for small corpora).",
    ),
]
MinCooccurrenceOpt = Annotated[
    int | None, typer.Option("--min-cooccurrence", help="Shared papers a CO_OCCURS link needs (default: auto, 2).")
]
MinRelevanceOpt = Annotated[
    float,
    typer.Option(
        "--min-relevance",
        min=0.0,
        max=1.0,
        help="Termhood a Concept or Task needs to be shown in corpus views, 0–1 (from 50 papers on).",
    ),
]
ThesaurusOpt = Annotated[
    Path | None,
    typer.Option(
        "--thesaurus",
        envvar="KG_THESAURUS",
        show_default=False,
        help="VOSviewer thesaurus file ('label<TAB>replace by'; an empty replacement drops the term).",
    ),
]


def load_thesaurus(path: Path | None):
    """The :class:`kg.build.thesaurus.Thesaurus` at ``path`` (``None`` without one); skipped lines are warned about."""
    if path is None:
        return None
    from kg.build.thesaurus import ThesaurusError, read_thesaurus
    from kg.cli.output import fail, warn

    try:
        th = read_thesaurus(path)
    except ThesaurusError as exc:
        raise fail(str(exc))
    for problem in th.problems:
        warn(f"skipped {problem}")
    return th
