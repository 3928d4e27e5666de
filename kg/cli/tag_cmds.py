"""``kg tag``: screening decisions and notes on papers (a shell over :mod:`kg.present.tags`)."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.options import BackendOpt, CsvOpt, JsonOpt, StoreOpt
from kg.cli.output import console, fail, print_json, print_rows, warn


@app.command("tag")
def tag_cmd(
    papers: Annotated[
        list[str] | None,
        typer.Argument(
            help="Papers to tag: id, DOI, arXiv id, pmid:N or title (as `kg show` takes them).", show_default=False
        ),
    ] = None,
    include: Annotated[bool, typer.Option("--include", help="Decide to include the papers.")] = False,
    exclude: Annotated[bool, typer.Option("--exclude", help="Decide to exclude the papers.")] = False,
    note: Annotated[str | None, typer.Option("--note", help="A note on the papers ('' removes it).")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the papers' decision and note.")] = False,
    list_all: Annotated[bool, typer.Option("--list", help="List every tagged paper.")] = False,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Tag papers for screening.

    --include or --exclude, a --note, or --clear; kept beside the graph across
    rebuilds and `kg remove`.

    Example: kg tag 10.5555/x.1 "Some Title" --include --note "core method"
    """
    from kg.core.errors import SelectionError
    from kg.present.tags import paper_tags, tag_papers
    from kg.store import StoreError, open_store

    if include and exclude:
        raise fail("give --include or --exclude, not both")
    try:
        target = open_store(store, backend=backend)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if not papers and not list_all:
        raise fail("name the papers to tag (or --list the tagged ones)")
    try:
        if list_all:
            rows = [
                {"id": pid, "title": t.title, "decision": t.decision, "note": t.note, "updated": t.updated}
                for pid, t in sorted(paper_tags(target).items())
            ]
            if as_json:
                print_json(rows)
            else:
                print_rows(
                    rows,
                    ["id", "title", "decision", "note", "updated"],
                    title=f"Tagged papers: {len(rows)}",
                    as_csv=as_csv,
                )
            return
        if hasattr(target, "exists") and not target.exists():
            raise fail(f"no graph in store {target.location!r}; run `kg build SOURCES` first (or pass --store)")
        decision = "include" if include else "exclude" if exclude else None
        report = tag_papers(target, papers or [], decision=decision, note=note, clear=clear)
    except (SelectionError, StoreError) as exc:
        raise fail(str(exc)) from None
    finally:
        target.close()
    if as_json:
        print_json(report.to_dict())
    else:
        for text in report.unmatched:
            warn(f"{text!r} names no paper in the store")
        if report.tagged:
            print_rows(
                report.tagged,
                ["id", "title", "decision", "note"],
                title=f"Tagged {len(report.tagged)} paper(s)",
                as_csv=as_csv,
            )
    if not report.tagged:
        raise fail("no paper matched; nothing tagged")
    if report.unmatched:
        console.print(f"{len(report.unmatched)} name(s) matched no paper (see above).", highlight=False)
