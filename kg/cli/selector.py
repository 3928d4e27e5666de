"""The subgraph selector's command-line options, written once for ``kg viz`` and ``kg export``.

:func:`selector_options` adds them to a command, which receives their values as
one :class:`SelectorArgs` (``selector=``) and turns them into a
:class:`kg.present.select.Selection` with :func:`make_selection`.
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kg.cli.options import AllOpt, min_quality

if TYPE_CHECKING:  # kg.present.select pulls in networkx: imported by the commands that select
    from kg.present.select import Selection

YearFromOpt = Annotated[int | None, typer.Option("--from", help="Only papers from this year on.")]
YearToOpt = Annotated[int | None, typer.Option("--to", help="Only papers up to this year.")]

#: option name → (annotation, default), in the order ``--help`` lists them
SELECTOR_OPTIONS: dict[str, tuple[Any, Any]] = {
    "around": (
        Annotated[
            list[str] | None,
            typer.Option("--around", "-a", help="Centre on this entity (name, alias or node id); repeatable."),
        ],
        None,
    ),
    "depth": (
        Annotated[
            int, typer.Option("--depth", "-d", help="Entity steps from --around (0 = the entity and its papers).")
        ],
        1,
    ),
    "via": (
        Annotated[str, typer.Option("--via", help="Walk through shared 'papers', 'cooccurs' links, or 'both'.")],
        "both",
    ),
    "types": (
        Annotated[
            list[str] | None,
            typer.Option(
                "--type",
                "-t",
                help=(
                    "Keep only these node types (Method, Dataset, Task, Metric, Concept, Paper; "
                    "Author, Venue only when named); repeatable."
                ),
            ),
        ],
        None,
    ),
    "no_papers": (
        Annotated[bool, typer.Option("--no-papers", help="Leave Paper nodes out (a term map of entities only).")],
        False,
    ),
    "min_strength": (
        Annotated[float | None, typer.Option("--min-strength", help="Drop CO_OCCURS links weaker than this.")],
        None,
    ),
    "min_shared": (
        Annotated[int | None, typer.Option("--min-shared", help="Drop CO_OCCURS links with fewer shared papers.")],
        None,
    ),
    "min_papers": (
        Annotated[int | None, typer.Option("--min-papers", help="Drop entities found in fewer papers.")],
        None,
    ),
    "year_from": (YearFromOpt, None),
    "year_to": (YearToOpt, None),
    "max_edges": (
        Annotated[int | None, typer.Option("--max-edges", help="Keep at most this many CO_OCCURS links (strongest).")],
        None,
    ),
    "cypher": (
        Annotated[str | None, typer.Option("--cypher", help="Select the nodes a read-only Cypher query returns.")],
        None,
    ),
    "query": (
        Annotated[
            str | None, typer.Option("--query", "-q", help="Select the nodes a named query from queries/ returns.")
        ],
        None,
    ),
    "params": (
        Annotated[
            list[str] | None,
            typer.Option(
                "--param", "-p", help="Query parameter NAME=VALUE (VALUE parsed as JSON when it can be); repeatable."
            ),
        ],
        None,
    ),
    "show_all": (AllOpt, False),
}


@dataclass
class SelectorArgs:
    """The selector options as typed on the command line (``--top`` stays the command's own)."""

    around: list[str] | None = None
    depth: int = 1
    via: str = "both"
    types: list[str] | None = None
    no_papers: bool = False
    min_strength: float | None = None
    min_shared: int | None = None
    min_papers: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    max_edges: int | None = None
    cypher: str | None = None
    query: str | None = None
    params: list[str] | None = None
    show_all: bool = False


def selector_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give ``command`` the selector options, placed before its ``selector`` parameter in
    ``--help``; it is called with ``selector=SelectorArgs(...)`` instead of the options."""
    own = list(inspect.signature(command).parameters.values())
    at = [p.name for p in own].index("selector")
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
        for name, (annotation, default) in SELECTOR_OPTIONS.items()
    ]
    hints = typing.get_type_hints(command, include_extras=True)
    own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=hints.get(p.name, p.annotation)) for p in own]

    @functools.wraps(command)
    def with_selector(**kwargs: Any) -> Any:
        selector = SelectorArgs(**{name: kwargs.pop(name) for name in SELECTOR_OPTIONS})
        return command(selector=selector, **kwargs)

    with_selector.__signature__ = inspect.Signature(own[:at] + added + own[at + 1 :])  # type: ignore[attr-defined]
    return with_selector


def make_selection(args: SelectorArgs, top: int | None) -> Selection:
    """The :class:`Selection` the selector options (and ``--top``) describe."""
    from kg.present.select import Selection
    from queries.api import parse_params
    from queries.schema import NODE_LABELS, PAPER, VIEW_LABELS

    canon = {lbl.casefold(): lbl for lbl in NODE_LABELS}
    labels = [canon.get(t.strip().casefold(), t.strip()) for t in args.types or []]
    if args.no_papers:
        labels = [t for t in (labels or VIEW_LABELS) if t != PAPER]
    spec = Selection(
        around=list(args.around or []),
        depth=args.depth,
        via=args.via,
        types=tuple(labels) or None,
        min_strength=args.min_strength,
        min_shared=args.min_shared,
        min_papers=args.min_papers,
        year_from=args.year_from,
        year_to=args.year_to,
        top=top,
        max_edges=args.max_edges,
        cypher=args.cypher,
        query=args.query,
        params=parse_params(args.params or []),
        min_quality=min_quality(args.show_all),
    )
    spec.validate()
    return spec
