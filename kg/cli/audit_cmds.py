"""``kg audit``: a judging sheet of random entities, and the precision of a judged one (see kg.quality.audit)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.options import BackendOpt, JsonOpt, StoreOpt
from kg.cli.output import console, fail, print_json, print_rows


@app.command("audit")
def audit_cmd(
    sample: Annotated[
        int | None,
        typer.Option("--sample", min=1, help="Write a judging sheet of this many random entities of each type."),
    ] = None,
    score: Annotated[
        Path | None,
        typer.Option("--score", help="Read a judged sheet (verdict y/n, yes/no or 1/0; blank: not judged)."),
    ] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the random draw (the same sheet again).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the sheet to this TSV file (default: print it).")
    ] = None,
    sample_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Draw from every entity, also those below the default quality cut (default: those the views show).",
        ),
    ] = False,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Judge a random sample of entities, then score the judged sheet.

    --sample N draws N random entities of each type (not the top ones) with one
    evidence sentence each; fill the verdict column and read it back with --score.

    Example: kg audit --sample 40 --seed 1 -o sheet.tsv && kg audit --score sheet.tsv
    """
    from kg.quality.audit import AuditError, sample_entities, score_sheet, write_sheet

    if (sample is None) == (score is None):
        raise fail("give either --sample N (write a judging sheet) or --score SHEET (score a judged one)")
    if score is not None:
        try:
            result = score_sheet(score)
        except AuditError as exc:
            raise fail(str(exc))
        if as_json:
            print_json(result)
            return
        table = [_score_row(label, s) for label, s in result["types"].items()]
        table.append(_score_row("overall", result["overall"]))
        print_rows(
            table, ["type", "judged", "correct", "precision", "95% interval", "unjudged"], title=f"Precision of {score}"
        )
        return

    from kg.cli.query_cmds import backend_from_options
    from queries.quality import DEFAULT_MIN_QUALITY

    assert sample is not None
    b = backend_from_options(store, backend)
    try:
        rows = sample_entities(b, sample, seed=seed, min_quality=None if sample_all else DEFAULT_MIN_QUALITY)
    except AuditError as exc:
        raise fail(str(exc))
    if output is None:
        write_sheet(rows, sys.stdout)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as fh:
            written = write_sheet(rows, fh)
    except OSError as exc:
        raise fail(f"{output}: {exc.strerror or exc}")
    if as_json:
        print_json({"path": str(output), "entities": written, "per_type": sample, "all": sample_all, "seed": seed})
        return
    console.print(
        f"Wrote {output}: {written} entities to judge ({sample} per type, drawn from "
        f"{'every entity' if sample_all else f'those of quality ≥ {DEFAULT_MIN_QUALITY}'}). "
        f"Fill the verdict column with y or n, then run `kg audit --score {output}`.",
        highlight=False,
    )


def _score_row(label: str, s: dict) -> dict:
    interval = s["interval"]
    return {
        "type": label,
        "judged": s["judged"],
        "correct": s["correct"],
        "precision": "–" if s["precision"] is None else f"{s['precision']:.2f}",
        "95% interval": "–" if interval is None else f"{interval[0]:.2f}–{interval[1]:.2f}",
        "unjudged": s["unjudged"],
    }
