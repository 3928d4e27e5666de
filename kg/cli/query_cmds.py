"""Query commands: ``kg top``, ``show``, ``papers``, ``related``, ``claims``, ``path``, ``cypher``, ``query``.

Each is a thin shell over :mod:`queries.api`; :func:`backend_from_options` is the one
place that turns command-line options into a query backend.
"""

from __future__ import annotations

import gc
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.cli.app import app
from kg.cli.options import AllOpt, BackendOpt, ClaimsAllOpt, CsvOpt, JsonOpt, StoreOpt, min_quality
from kg.cli.output import console, err_console, fail, iter_lines, print_json, print_rows
from kg.core.safe_text import visible

TypeOpt = Annotated[
    str | None, typer.Option("--type", "-t", help="Entity type: method, dataset, task, metric or concept.")
]
TopTypeOpt = Annotated[
    str | None,
    typer.Option(
        "--type", "-t", help="Entity type: method, dataset, task, metric or concept; or author or venue (listed apart)."
    ),
]
NOpt = Annotated[int, typer.Option("--n", "-n", help="Number of rows.", min=1)]
LimitOpt = Annotated[int, typer.Option("--limit", help="Papers to list (newest first); 0 lists every one.", min=0)]
OffsetOpt = Annotated[int, typer.Option("--offset", help="Papers to skip first (the next page: --offset 20).", min=0)]
ParamOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--param", "-p", help="Query parameter NAME=VALUE (VALUE is JSON when it parses, else a string); repeatable."
    ),
]


def backend_from_options(store: str | None, backend: str | None = None, **limits):
    """The query backend for the command-line options: the embedded store, or Neo4j with ``--backend neo4j``.
    ``limits`` (``timeout``, ``max_rows``) bound the embedded store's queries."""
    from kg.store import EmbeddedStore, StoreError
    from queries import open_backend as backend_for

    source = _source_from_options(store, backend, **limits)
    if not isinstance(source, EmbeddedStore):
        return source
    try:
        return backend_for(source)
    except StoreError as exc:
        raise fail(str(exc))


def _source_from_options(store: str | None, backend: str | None = None, **limits):
    """The embedded store itself (unopened: a search of its index needs no query backend), or the
    Neo4j query backend with ``--backend neo4j``."""
    from kg.store import EmbeddedStore, StoreError, open_store
    from queries import open_backend as backend_for

    if (backend or "embedded").strip().lower() != "embedded":
        try:
            return backend_for(open_store(backend=backend))  # closes its connections when collected
        except StoreError as exc:
            raise fail(str(exc))
    target = open_store(store, **{k: v for k, v in limits.items() if v is not None})
    assert isinstance(target, EmbeddedStore)  # the embedded backend
    if not target.exists():
        raise fail(f"no graph in store {target.location!r}; run `kg build SOURCES` first (or pass --store)")
    return target


@contextmanager
def query_errors() -> Iterator[None]:
    """Turn query errors into one error line and a non-zero exit.

    A query is typed by the user, so an evaluation failure the engine did not
    name itself (a number too long to convert, nesting too deep, memory) is
    still one line, not a traceback.
    """
    from kg.store import StoreError
    from queries.errors import FileAccessError, QueryError, ReadOnlyError

    try:
        yield
    except ReadOnlyError as exc:
        raise fail(f"{exc} (add --write to run it)")
    except FileAccessError as exc:
        raise fail(f"{exc} (kg cypher --allow-file-access runs it)")
    except (QueryError, StoreError) as exc:
        raise fail(str(exc))
    except (ArithmeticError, ValueError, TypeError, RecursionError, MemoryError) as exc:
        gc.collect()
        raise fail(f"cannot evaluate the query: {type(exc).__name__}: {exc}")


def _table_or(rows: list[dict], columns: list[str], title: str, as_json: bool, as_csv: bool) -> None:
    if as_json:
        print_json(rows)
    else:
        print_rows(rows, columns, title=title, as_csv=as_csv)


@app.command("top")
def top_cmd(
    type_name: TopTypeOpt = None,
    n: NOpt = 20,
    show_all: AllOpt = False,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Entities, authors or venues with the most papers.

    Entities of every type, or of one (--type method); --type author or --type venue lists
    authors or venues instead (never mixed into the entity list).

    Entities below the default quality cut are left out unless --all.

    Example: kg top --type method --n 10
    """
    from queries import api

    with query_errors():
        rows = api.top(backend_from_options(store, backend), type_name, n, min_quality(show_all))
        label = api.label_of(type_name, api.TOP_TYPES)
    title = f"Top {plural_label(label).lower() if label else 'entities'} by papers"
    _table_or(rows, ["name", "label", "papers", "aliases"], title, as_json, as_csv)


@app.command("show")
def show_cmd(
    name: Annotated[
        str,
        typer.Argument(
            help="Entity name, alias or key (case/plural/hyphen-insensitive), "
            "or a paper: id, DOI, arXiv id, pmid:N or title."
        ),
    ],
    n_related: Annotated[int, typer.Option("--related", help="Co-occurring entities to list.", min=0)] = 10,
    limit: LimitOpt = 20,
    offset: OffsetOpt = 0,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the card as a JSON object instead of text.")] = False,
) -> None:
    """An entity card or a paper card, with evidence.

    For an entity: type, aliases, its newest papers with evidence sentences and how
    many there are, strongest co-occurring entities. For a paper: its fields and its
    entities by type, with evidence.

    Example: kg show "label noise"
    """
    from kg.present.paper_card import paper_card
    from kg.present.tags import paper_tags, tag_fields
    from queries import api
    from queries.errors import NotFound

    with query_errors():
        b = backend_from_options(store, backend)
        if name.strip() and b.resolve(name) is None:  # no entity: a paper? (close names only if neither)
            try:
                card = paper_card(b, name, limit or None)
                card["paper"].update(tag_fields(paper_tags(b.conn).get(card["paper"]["id"])))
            except NotFound:
                card = api.show(b, name, n_related, limit or None, offset)  # NotFound with the closest names
        else:
            card = api.show(b, name, n_related, limit or None, offset)
    if as_json:
        print_json(card)
    elif "paper" in card:
        _print_paper_card(card)
    else:
        _print_entity_card(card, offset)


def page_note(shown: int, offset: int, total: int, more: str = "") -> str | None:
    """The line under a cut list of papers, saying which ones it shows and how to see the others
    (``more``: one more way); None when the list is whole.

    >>> page_note(20, 0, 34512)
    'Showing papers 1–20 of 34,512 (newest first). More: --offset 20, or --limit 0 for all.'
    >>> page_note(3, 0, 3) is None
    True
    """
    if offset == 0 and shown >= total:
        return None
    if shown == 0:
        which = f"no papers from number {offset + 1:,} on ({total:,} in all)"
    elif shown == 1:
        which = f"paper {offset + 1:,} of {total:,}"
    else:
        which = f"papers {offset + 1:,}–{offset + shown:,} of {total:,}"
    hints = [f"--offset {offset + shown}"] if offset + shown < total else []
    hints += ["--limit 0 for all"] + ([more] if more else [])
    return (
        f"Showing {which} (newest first). More: {', '.join(hints[:-1])}{', or ' if len(hints) > 1 else ''}{hints[-1]}."
    )


def _print_entity_card(card: dict, offset: int = 0) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    e = card["entity"]
    console.print(
        Panel.fit(
            Text.assemble(
                (visible(str(e["name"])), "bold"),
                f"  {e['label']}  (key: {visible(str(e['key']))})\n",
                f"aliases: {visible(', '.join(e['aliases'])) or '—'}\npapers: {e['papers']}",
            ),
            title=Text(visible(str(e["id"]))),
        )
    )
    total, shown = card["papers_total"], len(card["papers"])
    papers = Table(
        title=f"Papers ({shown:,} of {total:,}, newest first)" if shown < total else f"Papers ({total:,})",
        show_lines=True,
    )
    for col in ("year", "title", "relation", "evidence"):
        papers.add_column(col, overflow="fold")
    for p in card["papers"]:
        papers.add_row(
            str(p["year"] or ""), p["title"] or "", "/".join(p["rels"]), "\n".join(f"“{s}”" for s in p["evidence"])
        )
    console.print(papers)
    option = f"--{e['label'].lower()}"
    note = page_note(shown, offset, total, f"kg papers {option} {shlex.quote(str(e['name']))} --year-from YEAR")
    if note:
        console.print(Text(visible(note)))
    _print_claim_groups(card.get("claim_groups", []))
    if card["related"]:
        print_rows(card["related"], ["name", "label", "shared", "strength"], title="Co-occurs with")


def _print_claim_groups(groups: list[dict]) -> None:
    """One table per claim group ("used for", "evaluated with/on", "kinds", …): the other entity, its
    support and confidence, and one evidence sentence."""
    for g in groups:
        rows = [{**c, "evidence": f"“{c['evidence']}”" if c["evidence"] else ""} for c in g["claims"]]
        print_rows(
            rows,
            ["name", "label", "papers", "confidence", "evidence"],
            title=f"{g['heading'].capitalize()} ({g['predicate']}, {len(rows)})",
        )


def _print_paper_card(card: dict) -> None:
    from rich.panel import Panel
    from rich.text import Text

    from queries.authors import format_authors

    p = card["paper"]
    lines = [Text(visible(str(p["title"])), style="bold")]
    for key, field in p.items():  # the card's fields (kg.present.paper_card.CARD_FIELDS), then its tag
        if key in ("id", "title"):
            continue
        value = format_authors(field) if key == "authors" else ", ".join(field) if isinstance(field, list) else field
        if value not in (None, ""):
            lines.append(Text(f"{key}: {visible(str(value))}"))
    console.print(Panel.fit(Text("\n").join(lines), title=Text(visible(card["node"]))))
    if not card["entities"]:
        console.print("No entities were found in this paper.", highlight=False)
    for label, items in card["entities"].items():
        rows = [
            {"name": e["name"], "relation": e["rel"], "mentions": e["count"], "evidence": e["evidence"]} for e in items
        ]
        print_rows(rows, ["name", "relation", "mentions", "evidence"], title=f"{plural_label(label)} ({len(items)})")
    for key, title in (("cites", "Cites (in this store)"), ("cited_by", "Cited by (in this store)")):
        shown, total = len(card.get(key) or []), card.get(f"{key}_total", 0)
        if shown:
            count = f"{total:,}" if shown == total else f"the newest {shown:,} of {total:,}"
            print_rows(_with_authors(card[key]), ["year", "title", "authors", "id"], title=f"{title}: {count}")


def _with_authors(rows: list[dict]) -> list[dict]:
    """Paper rows with ``authors`` as one unambiguous line ("Lindqvist M.; Okonkwo C.; et al.")."""
    from queries.authors import format_authors

    return [dict(r, authors=format_authors(r.get("authors"), limit=3)) for r in rows]


def plural_label(label: str) -> str:
    """``'Method'`` → ``'Methods'``, ``'Dataset'`` → ``'Datasets'`` (every label takes an s)."""
    return label + "s"


@app.command("papers")
def papers_cmd(
    concept: Annotated[list[str] | None, typer.Option(help="Concept the paper mentions (repeatable).")] = None,
    method: Annotated[list[str] | None, typer.Option(help="Method the paper uses or proposes (repeatable).")] = None,
    dataset: Annotated[list[str] | None, typer.Option(help="Dataset the paper evaluates on (repeatable).")] = None,
    task: Annotated[list[str] | None, typer.Option(help="Task the paper addresses (repeatable).")] = None,
    metric: Annotated[list[str] | None, typer.Option(help="Metric the paper reports (repeatable).")] = None,
    author: Annotated[
        list[str] | None,
        typer.Option(
            help="Author: ORCID, 'Lindqvist, Maïja', 'Lindqvist M' or a surname only one author has (repeatable)."
        ),
    ] = None,
    venue: Annotated[
        list[str] | None,
        typer.Option(help="Journal or conference: its name or a part of it only one venue has (repeatable)."),
    ] = None,
    year_from: Annotated[int | None, typer.Option("--year-from", help="First year (inclusive).")] = None,
    year_to: Annotated[int | None, typer.Option("--year-to", help="Last year (inclusive).")] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-q",
            help='Full-text search of titles and abstracts: words (all required), "a phrase", OR, NOT or '
            "-word, title:/abstract: fields, word* for word starts; best match first.",
        ),
    ] = None,
    tag: Annotated[
        str | None,
        typer.Option(
            "--tag",
            help="Only papers tagged include or exclude (`kg tag`), 'tagged' (any tag) or 'untagged' (no decision yet).",
        ),
    ] = None,
    limit: LimitOpt = 20,
    offset: OffsetOpt = 0,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Papers linked to entities, or found by a full-text search.

    Papers matching all filters (names resolved like `kg show`), newest first, or with --search
    the best matches first: the first 20 (--limit, --offset) and how many match (--json:
    {"total", "offset", "limit", "papers"}).

    Example: kg papers --search '"label noise" OR title:noisy NOT synthetic' --year-from 2020
    """
    if tag is not None:
        from kg.present.tags import TAG_FILTERS

        if tag not in TAG_FILTERS:
            raise fail(f"--tag must be one of {', '.join(TAG_FILTERS)}, not {tag!r}")
    filters: dict[str, Any] = {
        "concept": concept or [],
        "method": method or [],
        "dataset": dataset or [],
        "task": task or [],
        "metric": metric or [],
    }
    entities: list = []
    with query_errors():
        if search is not None and tag is None and not any(filters.values()) and not author and not venue:
            # a search alone reads the index beside the graph: no query backend to start
            page = _search_page(
                _source_from_options(store, backend), search, [], filters, year_from, year_to, limit, offset
            )
        else:
            from kg.present.tags import paper_tags, tag_fields, tagged_ids
            from queries import api

            b = backend_from_options(store, backend)
            entities = api.resolve_filters(b, **filters)
            entities += [api.resolve_author(b, a) for a in author or []]
            entities += [api.resolve_venue(b, v) for v in venue or []]
            filters.update(author=author or [], venue=venue or [])
            if search is None and tag is None:
                page = api.papers_page(
                    b, **filters, year_from=year_from, year_to=year_to, limit=limit or None, offset=offset
                )
            elif tag is None and search is not None:
                page = _search_page(b, search, entities, filters, year_from, year_to, limit, offset)
            else:  # tags are matched in Python, over every hit: filter, count, then cut
                assert tag is not None
                rows = (
                    _search_page(b, search, entities, filters, year_from, year_to, 0, 0)["papers"]
                    if search is not None
                    else api.papers(b, **filters, year_from=year_from, year_to=year_to)
                )
                keep, tags = tagged_ids(b.conn, tag), paper_tags(b.conn)
                rows = [
                    dict(r, **tag_fields(tags.get(r["id"].removeprefix("Paper:")))) for r in rows if r["id"] in keep
                ]
                page = {
                    "total": len(rows),
                    "offset": offset,
                    "limit": limit or None,
                    "papers": rows[offset : offset + limit] if limit else rows[offset:],
                }
    if as_json:
        print_json(page)
        return
    from rich.text import Text

    rows, total = page["papers"], page["total"]
    title = "Papers" + (" with " + " + ".join(f"{e['name']} ({e['label']})" for e in entities) if entities else "")
    title += f" matching {search!r}" if search is not None else ""
    title += f" tagged {tag}" if tag is not None else ""
    title += f": {len(rows):,} of {total:,}" if len(rows) < total else f": {total:,}"
    columns = (
        ["year", "title"]
        + (["authors"] if any(r.get("authors") for r in rows) else [])  # no empty column where none names authors
        + ["rels", "evidence"]
        + (["score"] if search is not None else [])
        + (["decision", "note"] if tag is not None else [])
    )
    print_rows(_with_authors(rows), columns, title=title, as_csv=as_csv)
    note = page_note(len(rows), offset, total)
    if note:
        (err_console if as_csv else console).print(
            Text(visible(note.replace("(newest first)", "(best match first)") if search is not None else note))
        )


def _search_page(
    backend,
    search: str,
    entities: list,
    filters: dict,
    year_from: int | None,
    year_to: int | None,
    limit: int,
    offset: int,
) -> dict:
    """A page of full-text search hits, best first; with entity filters only the papers they keep."""
    from kg.cli.output import warn
    from kg.present.paper_card import search_page
    from queries import api

    if not entities:
        page = search_page(backend, search, year_from, year_to, limit or None, offset)
    else:
        linked = {r["id"]: r for r in api.papers(backend, **filters, year_from=year_from, year_to=year_to)}
        hits = [
            dict(
                h,
                authors=linked[h["id"]].get("authors") or [],
                rels=linked[h["id"]]["rels"],
                evidence=linked[h["id"]]["evidence"] or h["evidence"],
            )
            for h in search_page(backend, search, year_from, year_to)["papers"]
            if h["id"] in linked
        ]
        page = {
            "total": len(hits),
            "offset": offset,
            "limit": limit or None,
            "papers": hits[offset : offset + limit] if limit else hits[offset:],
        }
    note = getattr(getattr(backend, "conn", backend), "index_note", None)
    if note:
        warn(note)
    return page


@app.command("related")
def related_cmd(
    name: Annotated[str, typer.Argument(help="Entity name, alias or key (case/plural/hyphen-insensitive).")],
    type_name: TypeOpt = None,
    n: NOpt = 20,
    show_all: AllOpt = False,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Co-occurring entities by association strength.

    With the number of papers each shares with NAME; entities below the default
    quality cut are left out unless --all.

    Example: kg related diffusion --type method
    """
    from queries import api

    with query_errors():
        b = backend_from_options(store, backend)
        entity = api.resolve(b, name)
        rows = api.related(b, name, type_name, n, min_quality(show_all))
    _table_or(
        rows,
        ["name", "label", "shared", "strength"],
        f"Related to {entity['name']} ({entity['label']})",
        as_json,
        as_csv,
    )


@app.command("claims")
def claims_cmd(
    name: Annotated[str | None, typer.Argument(help="Entity name, alias or key; leave out for every claim.")] = None,
    predicate: Annotated[
        list[str] | None,
        typer.Option(
            "--predicate",
            "-P",
            help="Claim type: used-for, evaluates, part-of, is-a, feature-of, compared-with, "
            "outperforms or extends (repeatable; default all).",
        ),
    ] = None,
    min_papers: Annotated[
        int, typer.Option("--min-papers", help="Claims stated by at least this many papers.", min=1)
    ] = 1,
    limit: Annotated[
        int, typer.Option("--limit", help="Claims to list, best supported first; 0 lists every one.", min=0)
    ] = 50,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    show_all: ClaimsAllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """List claims: typed links stated in sentences.

    X used for Y, D evaluates X, X is a Y, …, with support, confidence and evidence,
    best supported first.

    Example: kg claims "label noise" --predicate used-for --min-papers 2
    """
    from queries import api
    from queries.claims import CLAIM_COLUMNS

    with query_errors():
        b = backend_from_options(store, backend)
        entity = api.resolve(b, name) if name is not None else None
        cut = {"min_confidence": None, "min_quality": None} if show_all else {}
        rows = api.claims(b, name, predicate, min_papers, limit or None, **cut)
    if as_json:
        print_json(rows)
        return
    flat = api.claim_rows_flat(rows)
    if as_csv:
        print_rows(flat, CLAIM_COLUMNS, as_csv=True)
        return
    for r in flat:
        r["evidence"] = f"“{r['evidence'][0]}”" if r["evidence"] else ""
    title = f"Claims about {entity['name']} ({entity['label']})" if entity else "Claims"
    print_rows(flat, ["subject", "predicate", "object", "papers", "confidence", "evidence"], title=title)


@app.command("path")
def path_cmd(
    a: Annotated[str, typer.Argument(help="First entity: name, alias or key.")],
    b: Annotated[str, typer.Argument(help="Second entity: name, alias or key.")],
    max_hops: Annotated[int, typer.Option("--max-hops", help="Most papers on the path.", min=1)] = 6,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the path as a JSON object instead of text.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print the hops as CSV instead of text.")] = False,
) -> None:
    """The shortest chain between two entities, explained.

    Hop by hop, through the papers and the sentences that link both ends.

    Example: kg path invariance "label noise"
    """
    from queries import api

    with query_errors():
        result = api.path(backend_from_options(store, backend), a, b, max_hops)
    if as_json:
        print_json(result)
    elif as_csv:
        print_rows(api.path_rows(result), as_csv=True)
    else:
        iter_lines(api.explain_path(result))


def _print_query_rows(rows: list[dict], as_json: bool, as_csv: bool, title: str) -> None:
    if as_json:
        print_json(rows)
    elif not rows and not as_csv:
        console.print("(no rows)")
    else:
        print_rows(rows, list(rows[0]) if rows else [], title=title, as_csv=as_csv)


@app.command("cypher")
def cypher_cmd(
    query: Annotated[
        str | None,
        typer.Argument(
            help="A read-only Cypher query (use $name parameters for values), or - to read it from stdin.",
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the query from this file.", show_default=False)
    ] = None,
    param: ParamOpt = None,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    write: Annotated[
        bool, typer.Option("--write", help="Allow write clauses (CREATE, SET, DELETE, …), in a write transaction.")
    ] = False,
    allow_file_access: Annotated[
        bool,
        typer.Option(
            "--allow-file-access",
            help="Allow clauses that read or write files, the network or settings (COPY, LOAD FROM, INSTALL, ATTACH, EXPORT/IMPORT DATABASE, CALL x=…) and several statements; refused otherwise, even with --write.",
        ),
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout",
            help="Stop the query after this many seconds (embedded store; default 30, or KG_QUERY_TIMEOUT).",
            min=0.001,
        ),
    ] = None,
    max_rows: Annotated[
        int | None,
        typer.Option(
            "--max-rows",
            help="Refuse results longer than this (embedded store; default 100000, or KG_MAX_ROWS).",
            min=1,
        ),
    ] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Run a read-only Cypher query, typed in, from a file or stdin.

    JSON: one object per row, keyed by RETURN columns (NaN and ±Infinity print as null). On the embedded store
    (LadybugDB) a query stops at a time limit and a row limit, and the database's
    memory is capped (KG_QUERY_MEMORY megabytes, default 512).

    Example: kg cypher 'MATCH (m:Method) RETURN m.name ORDER BY m.papers DESC LIMIT $n' -p n=5
    """
    from queries import api

    text = read_query_text(query, file)
    with query_errors():
        params = api.parse_params(param or [])
        target = backend_from_options(store, backend, timeout=timeout, max_rows=max_rows)
        if write or allow_file_access:
            rows = target.cypher(text, params, write=write, allow_file_access=allow_file_access)
        else:
            rows = api.cypher(target, text, params)
    _print_query_rows(rows, as_json, as_csv, f"{len(rows)} row(s)")


def read_query_text(query: str | None, file: Path | None) -> str:
    """The query text from the argument, ``-`` (stdin) or ``--file``; one error line when it cannot be had."""
    if file is not None and query is not None:
        raise fail("give the query either as an argument or with --file, not both")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"{file}: cannot read the query ({getattr(exc, 'strerror', None) or exc})")
    if query == "-":
        try:
            return sys.stdin.read()
        except UnicodeDecodeError as exc:
            raise fail(f"<stdin>: cannot read the query ({exc})")
    if query is None:
        raise fail("a query is needed: as an argument, --file FILE, or - to read it from stdin")
    return query


@app.command("query")
def query_cmd(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A named query (see --list); with --save, the Cypher text to save (or - for stdin).",
            show_default=False,
        ),
    ] = None,
    param: ParamOpt = None,
    list_all: Annotated[bool, typer.Option("--list", help="List the named queries: built-in and your own.")] = False,
    save: Annotated[
        str | None,
        typer.Option(
            "--save",
            metavar="NAME",
            show_default=False,
            help="Save the query given as argument as your own named query NAME (read-only queries only).",
        ),
    ] = None,
    description: Annotated[str, typer.Option("--description", help="With --save: the description --list shows.")] = "",
    force: Annotated[
        bool, typer.Option("--force", help="With --save: replace your query NAME, or shadow a built-in one.")
    ] = False,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Run a named query (built-in or your own), list them, or save one.

    Your own queries are .cypher files in $KG_QUERIES, else ./queries/ in the working
    directory or queries/ beside the store; one with a built-in name shadows it.

    Example: kg query methods_on_dataset --param dataset=ImageNet
    """
    from rich.text import Text

    from kg.cli.output import warn, with_flags
    from kg.store import default_store_path
    from queries import api
    from queries.errors import QueryError
    from queries.named_queries import list_queries, load_all, run_named, save_query, user_query_dirs

    store_path = store or default_store_path()
    dirs = user_query_dirs(store_path)
    with query_errors():
        if save is not None:
            folder = _save_folder(store_path)
            try:
                path = save_query(save, read_query_text(name, None), folder, description, force)
            except QueryError as exc:
                raise fail(with_flags(str(exc), {"force": "--force"}))
            if as_json:
                print_json({"name": save, "path": str(path)})
            else:
                console.print(Text(visible(f"Saved {save} to {path}; run it with: kg query {save}")))
            return
        if list_all or name is None:
            for problem in load_all(dirs)[1]:
                warn(problem)
            rows = list_queries(user_dirs=dirs)
            _table_or(
                rows,
                ["name", "params", "description", "source"],
                "Named queries (kg query NAME --param k=v)",
                as_json,
                as_csv,
            )
            return
        rows = run_named(backend_from_options(store, backend), name, api.parse_params(param or []), user_dirs=dirs)
    _print_query_rows(rows, as_json, as_csv, f"{name}: {len(rows)} row(s)")


def _save_folder(store_path: str) -> Path:
    """Where `kg query --save` writes: the first folder of $KG_QUERIES, else queries/ beside the store."""
    import os

    env = [p for p in os.environ.get("KG_QUERIES", "").split(os.pathsep) if p]
    return Path(env[0]) if env else Path(os.path.abspath(store_path)).parent / "queries"
