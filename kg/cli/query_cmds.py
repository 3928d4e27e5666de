"""Query commands: ``kg top``, ``show``, ``papers``, ``related``, ``path``, ``cypher``, ``query``.

Each is a thin shell over :mod:`queries.api`; :func:`backend_from_options` is the one
place that turns command-line options into a query backend.
"""

from __future__ import annotations

import gc
import shlex
from contextlib import contextmanager
from typing import Annotated, Iterator, Optional

import typer
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kg.cli.app import app
from kg.cli.options import BackendOpt, CsvOpt, JsonOpt, StoreOpt
from kg.cli.output import console, err_console, fail, iter_lines, print_json, print_rows
from kg.core.safe_text import visible

TypeOpt = Annotated[Optional[str], typer.Option("--type", "-t", help="Entity type: method, dataset, task, metric or concept.")]
TopTypeOpt = Annotated[Optional[str], typer.Option(
    "--type", "-t", help="Entity type: method, dataset, task, metric or concept; or author or venue (listed apart).")]
NOpt = Annotated[int, typer.Option("--n", "-n", help="Number of rows.", min=1)]
LimitOpt = Annotated[int, typer.Option("--limit", help="Papers to list (newest first); 0 lists every one.", min=0)]
OffsetOpt = Annotated[int, typer.Option("--offset", help="Papers to skip first (the next page: --offset 20).", min=0)]
ParamOpt = Annotated[
    Optional[list[str]],
    typer.Option("--param", "-p", help="Query parameter NAME=VALUE (VALUE is JSON when it parses, else a string); repeatable."),
]


def backend_from_options(store: Optional[str], backend: Optional[str] = None, **limits):
    """The query backend for the command-line options: the embedded store, or Neo4j with ``--backend neo4j``.
    ``limits`` (``timeout``, ``max_rows``) bound the embedded store's queries."""
    from kg.store import StoreError, open_store
    from queries import open_backend as backend_for

    if (backend or "embedded").strip().lower() != "embedded":
        try:
            return backend_for(open_store(backend=backend))  # closes its connections when collected
        except StoreError as exc:
            raise fail(str(exc))
    target = open_store(store, **{k: v for k, v in limits.items() if v is not None})
    if not target.exists():
        raise fail(f"no graph in store {target.location!r}; run `kg build SOURCES` first (or pass --store)")
    try:
        backend = backend_for(target)
    except StoreError as exc:
        raise fail(str(exc))
    return backend


@contextmanager
def query_errors() -> Iterator[None]:
    """Turn query errors into one error line and a non-zero exit.

    A query is typed by the user, so an evaluation failure the engine did not
    name itself (a number too long to convert, nesting too deep, memory) is
    still one line, not a traceback.
    """
    from kg.store import StoreError
    from queries.errors import QueryError, ReadOnlyError

    try:
        yield
    except ReadOnlyError as exc:
        raise fail(f"{exc} (add --write to run it)")
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
def top_cmd(type_name: TopTypeOpt = None, n: NOpt = 20, store: StoreOpt = None, backend: BackendOpt = None,
            as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """Most connected entities by paper count (--type author or venue: authors or venues)."""
    from queries import api

    with query_errors():
        rows = api.top(backend_from_options(store, backend), type_name, n)
        label = api.label_of(type_name, api.TOP_TYPES)
    title = f"Top {plural_label(label).lower() if label else 'entities'} by papers"
    _table_or(rows, ["name", "label", "papers", "aliases"], title, as_json, as_csv)


@app.command("show")
def show_cmd(
    name: Annotated[str, typer.Argument(help="Entity name, alias or key (case/plural/hyphen-insensitive), "
                                             "or a paper: id, DOI, arXiv id, pmid:N or title.")],
    n_related: Annotated[int, typer.Option("--related", help="Co-occurring entities to list.", min=0)] = 10,
    limit: LimitOpt = 20,
    offset: OffsetOpt = 0,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """An entity card (type, aliases, its newest papers with evidence and how many there are,
    strongest co-occurring entities), or a paper card (its fields and its entities by type, with evidence)."""
    from queries import api
    from queries.errors import NotFound
    from kg.present.paper_card import paper_card

    with query_errors():
        b = backend_from_options(store, backend)
        if name.strip() and b.resolve(name) is None:  # no entity: a paper? (close names only if neither)
            try:
                card = paper_card(b, name, limit or None)
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
    return f"Showing {which} (newest first). More: {', '.join(hints[:-1])}{', or ' if len(hints) > 1 else ''}{hints[-1]}."


def _print_entity_card(card: dict, offset: int = 0) -> None:
    e = card["entity"]
    console.print(Panel.fit(
        Text.assemble(
            (visible(str(e["name"])), "bold"), f"  {e['label']}  (key: {visible(str(e['key']))})\n",
            f"aliases: {visible(', '.join(e['aliases'])) or '—'}\npapers: {e['papers']}",
        ),
        title=Text(visible(str(e["id"]))),
    ))
    total, shown = card["papers_total"], len(card["papers"])
    papers = Table(title=f"Papers ({shown:,} of {total:,}, newest first)" if shown < total else f"Papers ({total:,})",
                   show_lines=True)
    for col in ("year", "title", "relation", "evidence"):
        papers.add_column(col, overflow="fold")
    for p in card["papers"]:
        papers.add_row(str(p["year"] or ""), p["title"] or "", "/".join(p["rels"]), "\n".join(f"“{s}”" for s in p["evidence"]))
    console.print(papers)
    option = f"--{e['label'].lower()}"
    note = page_note(shown, offset, total, f"kg papers {option} {shlex.quote(str(e['name']))} --year-from YEAR")
    if note:
        console.print(Text(visible(note)))
    if card["related"]:
        print_rows(card["related"], ["name", "label", "shared", "strength"], title="Co-occurs with")


def _print_paper_card(card: dict) -> None:
    from queries.authors import format_authors

    p = card["paper"]
    lines = [Text(visible(str(p["title"])), style="bold")]
    for key in ("year", "date", "authors", "venue", "doi", "arxiv_id", "pmid", "url", "code_url", "source",
                "references"):
        value = format_authors(p[key]) if key == "authors" else p[key]
        if value not in (None, ""):
            lines.append(Text(f"{key}: {visible(str(value))}"))
    console.print(Panel.fit(Text("\n").join(lines), title=Text(visible(card["node"]))))
    if not card["entities"]:
        console.print("No entities were found in this paper.", highlight=False)
    for label, items in card["entities"].items():
        rows = [{"name": e["name"], "relation": e["rel"], "mentions": e["count"], "evidence": e["evidence"]} for e in items]
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
    concept: Annotated[Optional[list[str]], typer.Option(help="Concept the paper mentions (repeatable).")] = None,
    method: Annotated[Optional[list[str]], typer.Option(help="Method the paper uses or proposes (repeatable).")] = None,
    dataset: Annotated[Optional[list[str]], typer.Option(help="Dataset the paper evaluates on (repeatable).")] = None,
    task: Annotated[Optional[list[str]], typer.Option(help="Task the paper addresses (repeatable).")] = None,
    metric: Annotated[Optional[list[str]], typer.Option(help="Metric the paper reports (repeatable).")] = None,
    author: Annotated[Optional[list[str]], typer.Option(
        help="Author: ORCID, 'Lindqvist, Maïja', 'Lindqvist M' or a surname only one author has (repeatable).")] = None,
    venue: Annotated[Optional[list[str]], typer.Option(
        help="Journal or conference: its name or a part of it only one venue has (repeatable).")] = None,
    year_from: Annotated[Optional[int], typer.Option("--year-from", help="First year (inclusive).")] = None,
    year_to: Annotated[Optional[int], typer.Option("--year-to", help="Last year (inclusive).")] = None,
    search: Annotated[Optional[str], typer.Option("--search", "-q", help="Words every title or abstract must hold (case- and accent-blind).")] = None,
    limit: LimitOpt = 20,
    offset: OffsetOpt = 0,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Papers matching all filters (names resolved like `kg show`) and the --search words, newest
    first: the first 20 (--limit, --offset) and how many match (--json: {"total", "offset", "limit", "papers"})."""
    from queries import api
    from kg.present.paper_card import search_papers

    with query_errors():
        backend = backend_from_options(store, backend)
        filters = dict(concept=concept or [], method=method or [], dataset=dataset or [], task=task or [], metric=metric or [])
        entities = api.resolve_filters(backend, **filters)
        entities += [api.resolve_author(backend, a) for a in author or []]
        entities += [api.resolve_venue(backend, v) for v in venue or []]
        filters.update(author=author or [], venue=venue or [])
        if search is None:
            page = api.papers_page(backend, **filters, year_from=year_from, year_to=year_to, limit=limit or None, offset=offset)
        else:  # the words are matched in Python, over every paper: filter, count, then cut
            rows = api.papers(backend, **filters, year_from=year_from, year_to=year_to)
            found = {r["id"]: r for r in search_papers(backend, search, year_from, year_to)}
            rows = [dict(r, evidence=r["evidence"] or found[r["id"]]["evidence"]) for r in rows if r["id"] in found]
            page = {"total": len(rows), "offset": offset, "limit": limit or None,
                    "papers": rows[offset:offset + limit] if limit else rows[offset:]}
    if as_json:
        print_json(page)
        return
    rows, total = page["papers"], page["total"]
    title = "Papers" + (" with " + " + ".join(f"{e['name']} ({e['label']})" for e in entities) if entities else "")
    title += f" matching {search!r}" if search is not None else ""
    title += f": {len(rows):,} of {total:,}" if len(rows) < total else f": {total:,}"
    columns = ["year", "title", "authors", "rels", "evidence"] if any(r.get("authors") for r in rows) else \
        ["year", "title", "rels", "evidence"]  # no empty column where no paper names its authors
    print_rows(_with_authors(rows), columns, title=title, as_csv=as_csv)
    note = page_note(len(rows), offset, total)
    if note:
        (err_console if as_csv else console).print(Text(visible(note)))


@app.command("related")
def related_cmd(
    name: Annotated[str, typer.Argument(help="Entity name, alias or key.")],
    type_name: TypeOpt = None,
    n: NOpt = 20,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Co-occurring entities ranked by association strength, with shared-paper counts."""
    from queries import api

    with query_errors():
        backend = backend_from_options(store, backend)
        entity = api.resolve(backend, name)
        rows = api.related(backend, name, type_name, n)
    _table_or(rows, ["name", "label", "shared", "strength"], f"Related to {entity['name']} ({entity['label']})", as_json, as_csv)


@app.command("path")
def path_cmd(
    a: Annotated[str, typer.Argument(help="First entity.")],
    b: Annotated[str, typer.Argument(help="Second entity.")],
    max_hops: Annotated[int, typer.Option("--max-hops", help="Most papers on the path.", min=1)] = 6,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """The shortest connection between two entities, explained hop by hop through papers and sentences."""
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
    query: Annotated[str, typer.Argument(help="A read-only Cypher query; use $name parameters for values.")],
    param: ParamOpt = None,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    write: Annotated[bool, typer.Option("--write", help="Allow write clauses (CREATE, SET, DELETE, …), in a write transaction.")] = False,
    timeout: Annotated[Optional[float], typer.Option("--timeout", help="Stop the query after this many seconds (embedded store; default 30, or KG_QUERY_TIMEOUT).", min=0.001)] = None,
    max_rows: Annotated[Optional[int], typer.Option("--max-rows", help="Refuse results longer than this (embedded store; default 100000, or KG_MAX_ROWS).", min=1)] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Run a read-only Cypher query (JSON: one object per row, keyed by RETURN columns).

    On the embedded store (LadybugDB) a query stops at a time limit and a row
    limit, and the database's memory is capped (KG_QUERY_MEMORY megabytes, default 512).
    """
    from queries import api

    with query_errors():
        params = api.parse_params(param or [])
        target = backend_from_options(store, backend, timeout=timeout, max_rows=max_rows)
        rows = target.cypher(query, params, write=True) if write else api.cypher(target, query, params)
    _print_query_rows(rows, as_json, as_csv, f"{len(rows)} row(s)")


@app.command("query")
def query_cmd(
    name: Annotated[Optional[str], typer.Argument(help="A named query from the catalogue (see --list).")] = None,
    param: ParamOpt = None,
    list_all: Annotated[bool, typer.Option("--list", help="List the catalogue of named queries.")] = False,
    store: StoreOpt = None,
    backend: BackendOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Run a named query from the catalogue in queries/*.cypher, or list them."""
    from queries import api
    from queries.named_queries import list_queries, run_named

    with query_errors():
        if list_all or name is None:
            rows = list_queries()
            _table_or(rows, ["name", "params", "description"], "Named queries (kg query NAME --param k=v)", as_json, as_csv)
            return
        rows = run_named(backend_from_options(store, backend), name, api.parse_params(param or []))
    _print_query_rows(rows, as_json, as_csv, f"{name}: {len(rows)} row(s)")
