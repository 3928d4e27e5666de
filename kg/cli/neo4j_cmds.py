"""``kg push``: copy the embedded store into Neo4j (connection options shared with ``--backend neo4j``)."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.app import app
from kg.cli.options import JsonReportOpt, StoreOpt
from kg.cli.output import console, err_console, fail, print_counts, print_json

UriOpt = Annotated[
    str | None,
    typer.Option("--uri", envvar="NEO4J_URI", help="Bolt URI (default bolt://localhost:7687).", show_default=False),
]
UserOpt = Annotated[
    str | None, typer.Option("--user", envvar="NEO4J_USER", help="Neo4j user (default neo4j).", show_default=False)
]
PasswordOpt = Annotated[
    str | None,
    typer.Option(
        "--password",
        envvar="NEO4J_PASSWORD",
        show_default=False,
        help="Neo4j password; prefer the NEO4J_PASSWORD variable (options show up in shell history).",
    ),
]
DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database", envvar="NEO4J_DATABASE", help="Database (default: the server's default).", show_default=False
    ),
]
BatchSizeOpt = Annotated[
    int,
    typer.Option(
        "--batch-size",
        min=1,
        help="Rows per UNWIND batch (a server that pastes parameters into query text, like FalkorDB, is also held to a byte budget).",
    ),
]
MaxBytesOpt = Annotated[
    int | None,
    typer.Option(
        "--max-batch-bytes",
        min=0,
        show_default=False,
        help="Packed bytes per batch; 0 = no limit (default: limit only on servers that need it).",
    ),
]
CommitBatchesOpt = Annotated[
    bool,
    typer.Option(
        "--commit-batches", help="Commit each batch on its own instead of one transaction (for very large graphs)."
    ),
]


@app.command("push")
def push_cmd(
    store: StoreOpt = None,
    uri: UriOpt = None,
    user: UserOpt = None,
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
    batch_size: BatchSizeOpt = 5000,
    max_batch_bytes: MaxBytesOpt = None,
    commit_batches: CommitBatchesOpt = False,
    as_json: JsonReportOpt = False,
) -> None:
    """Copy the embedded store into Neo4j.

    Replaces the paperkg graph there (idempotent); connection from the options
    or NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE.

    Example: NEO4J_PASSWORD=secret kg push --uri bolt://localhost:7687 --json
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kg.store import EmbeddedStore, StoreError, open_store
    from kg.store.neo4j_store import open_neo4j_store, push_store  # the Neo4j driver: loaded when used (fast start)

    source = open_store(store)
    assert isinstance(source, EmbeddedStore)  # no backend named: the embedded store
    if not source.exists():
        raise fail(f"no graph in store {source.location!r}; run `kg build SOURCES` first (or pass --store)")
    try:
        target = open_neo4j_store(
            uri,
            user,
            password,
            database,
            batch_size=batch_size,
            max_batch_bytes="auto" if max_batch_bytes is None else max_batch_bytes,
            single_transaction=not commit_batches,
        )
    except StoreError as exc:
        raise fail(str(exc))
    try:
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console.get(),
            transient=True,
            disable=as_json,
        ) as bar:
            task = bar.add_task("pushing batches", total=None)
            report = push_store(
                source, target, progress=lambda done, total: bar.update(task, completed=done, total=total)
            )
        stats = target.stats()
    except StoreError as exc:
        raise fail(str(exc))
    finally:
        target.close()
    if as_json:
        print_json({"source": source.location, "target": target.location, **report.to_dict(), "stats": stats})
        return
    console.print(
        f"Pushed {report.nodes} nodes and {report.relationships} relationships from {source.location} "
        f"to {target.location} in {report.seconds:.2f}s ({report.items_per_second:.0f}/s, {report.batches} batches "
        f"of at most {report.batch_size} rows"
        + (f" and {report.max_batch_bytes} bytes" if report.max_batch_bytes else "")
        + f"); removed {report.deleted_nodes} stale nodes and {report.deleted_relationships} stale relationships.",
        highlight=False,
    )
    print_counts("Nodes in Neo4j", stats["nodes"])
    print_counts("Relationships in Neo4j", stats["relationships"], name="type")
