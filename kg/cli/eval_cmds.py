"""``kg eval``: score the extractor on SciERC-format gold (see kg.quality.evaluate).

Fast start: :mod:`kg.quality.evaluate` and rich's progress bar are imported when the command runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from kg.cli.app import app
from kg.cli.options import JsonOpt
from kg.cli.output import console, err_console, fail, print_json, with_flags
from kg.core.safe_text import one_line

MAX_PROBLEMS_SHOWN = 10

if TYPE_CHECKING:
    from rich.table import Table


def make_extractor(model: str | None) -> Any:
    """Build the extractor under test (a seam: tests replace this function)."""
    from extract import Extractor

    return Extractor(model=model)


def load_baseline_nlp(model: str | None) -> Any:
    """The same spaCy model as the extractor, without paperkg's components (a seam for tests)."""
    from extract.model import load_model

    return load_model(model)


def _model_name(extractor: Any, model: str | None) -> str:
    """The English model and the span model that made the predictions:
    ``en_core_web_sm-3.8.0 + spans scierc_ner@1a2b3c4d`` (the span model by folder and content digest)."""
    from extract.fingerprint import span_model_digest  # importlib.metadata: loaded when kg eval runs (fast start)
    from extract.model import span_model_path

    meta = getattr(getattr(extractor, "nlp", None), "meta", None)
    if isinstance(meta, dict) and meta.get("name"):
        name = f"{meta.get('lang', '')}_{meta['name']}-{meta.get('version', '?')}".lstrip("_")
    else:
        name = model or "default"
    if not hasattr(extractor, "span_model"):
        return name
    spans = span_model_path(extractor.span_model)
    return f"{name} + spans {spans.name}@{span_model_digest(spans)[:8]}"


def result_rows(result: dict, baseline: dict | None = None) -> list[dict]:
    """Flatten an evaluate() result into table rows (scope, match, p, r, f1, counts)."""
    rows = []

    def add(scope: str, scores: dict) -> None:
        for match in ("exact", "head"):
            rows.append({"scope": scope, "match": match, **scores[match]})

    add("untyped", result["untyped"])
    add("typed", result["typed"])
    for label, scores in result["per_type"].items():
        add(label, scores)
    if baseline is not None:
        add("baseline", baseline["untyped"])
    return rows


def _print_table(result: dict, gold_path: str) -> None:
    from rich.console import JustifyMethod
    from rich.table import Table

    table = Table(
        title=f"kg eval · {gold_path} · {result['documents']} documents · "
        f"model {result['model']} · {result['seconds']:.1f} s",
        caption="baseline = spaCy noun chunks, determiners/pronouns stripped, untyped"
        if "baseline" in result
        else None,
    )
    columns: list[tuple[str, JustifyMethod]] = [
        ("scope", "left"),
        ("match", "left"),
        ("P", "right"),
        ("R", "right"),
        ("F1", "right"),
        ("tp", "right"),
        ("predicted", "right"),
        ("gold", "right"),
    ]
    for name, justify in columns:
        table.add_column(name, justify=justify)
    rows = result_rows(result, result.get("baseline"))
    for i, row in enumerate(rows):
        # a rule between the overall rows, the per-type rows and the baseline
        nxt = rows[i + 1]["scope"] if i + 1 < len(rows) else None
        end_section = i == 3 or (nxt == "baseline" and row["scope"] != "baseline")
        table.add_row(
            row["scope"],
            row["match"],
            *_score_cells(row),
            end_section=end_section,
        )
    console.print(table)
    if result.get("relations"):
        console.print(relation_table(result["relations"]))


def relation_rows(relations: dict) -> list[dict]:
    """Flatten the ``relations`` part of a result into rows (scope, mentions, p, r, f1, counts)."""
    rows = []
    for scope, per_mode in [
        ("all", {m: relations[m] for m in ("end_to_end", "gold_entities")}),
        *relations["by_type"].items(),
    ]:
        for mode, scores in per_mode.items():
            if scores is not None:
                mentions = "predicted" if mode == "end_to_end" else "gold"
                rows.append({"scope": scope, "mentions": mentions, **scores})
    return rows


def relation_table(relations: dict) -> Table:
    from rich.table import Table

    table = Table(
        title="relations · both arguments exact, type correct (SciERC strict)",
        caption=f"mentions: predicted = end to end, gold = the classifier on gold mentions; "
        f"{relations.get('generic_dropped', 0)} gold relations with a Generic argument left out",
    )
    for name, justify in (
        ("relation", "left"),
        ("mentions", "left"),
        ("P", "right"),
        ("R", "right"),
        ("F1", "right"),
        ("tp", "right"),
        ("predicted", "right"),
        ("gold", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]  # "left"/"right" literals
    rows = relation_rows(relations)
    for i, row in enumerate(rows):
        table.add_row(
            row["scope"],
            row["mentions"],
            *_score_cells(row),
            end_section=i + 1 < len(rows) and rows[i + 1]["scope"] != row["scope"],
        )
    return table


@app.command("eval")
def eval_command(
    gold: Annotated[str, typer.Option("--gold", help="SciERC-format gold file (JSON Lines).", show_default=False)],
    model: Annotated[str | None, typer.Option("--model", "-m", help="spaCy model for the extractor.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Score only the first N documents.")] = None,
    baseline: Annotated[bool, typer.Option("--baseline", help="Also score the spaCy noun-chunk baseline.")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Documents per nlp.pipe batch.")] = 64,
    as_json: JsonOpt = False,
) -> None:
    """Score the extractor on SciERC-format gold.

    Entity precision, recall and F1 (typed and untyped, exact and head match), and
    relation P/R/F1 (end to end and on gold mentions, overall and per type).

    Example: kg eval --gold dev.jsonl --baseline
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from rich.text import Text

    from kg.quality import evaluate as ev  # loaded by this command only (fast start)

    try:
        gold_set = ev.read_gold(gold, limit=limit)
    except ev.GoldError as exc:
        raise fail(str(exc))
    for problem in gold_set.problems[:MAX_PROBLEMS_SHOWN]:
        err_console.print(Text.assemble(("skipped ", "yellow"), one_line(str(problem))), highlight=False)
    if len(gold_set.problems) > MAX_PROBLEMS_SHOWN:
        err_console.print(f"skipped … and {len(gold_set.problems) - MAX_PROBLEMS_SHOWN} more malformed lines")

    try:
        extractor = make_extractor(model)
        nlp = load_baseline_nlp(model) if baseline else None
    except (ImportError, OSError, ValueError, RuntimeError) as exc:
        raise fail(with_flags(f"cannot load the extractor: {exc}", {"model": "--model"}))

    n = len(gold_set.docs)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console.get(),
        transient=True,
    )
    try:
        with progress:
            task = progress.add_task("extracting", total=n)
            result = ev.evaluate(
                gold_set, extractor, batch_size=batch_size, progress=lambda done: progress.update(task, completed=done)
            )
            if nlp is not None:
                task_b = progress.add_task("baseline", total=n)
                base = ev.noun_chunk_baseline(
                    gold_set, nlp, batch_size=batch_size, progress=lambda done: progress.update(task_b, completed=done)
                )
                result["baseline"] = {k: base[k] for k in ("untyped", "documents", "seconds")}
    except RuntimeError as exc:
        raise fail(str(exc))
    result["model"] = _model_name(extractor, model)
    result["gold_file"] = gold

    if as_json:
        print_json(result)
    else:
        _print_table(result, gold)


def _score_cells(row: dict) -> list[str]:
    """The P, R, F1, tp, predicted and gold cells of a score row."""
    return [f"{row[k]:.3f}" for k in ("p", "r", "f1")] + [str(row[k]) for k in ("tp", "predicted", "gold")]
