"""`kg build` as a Python function: read → extract (cached) → build → write.

>>> report = build(["papers.jsonl"], open_store("kg-store"))   # doctest: +SKIP
>>> report.stats["nodes"]["Method"]                              # doctest: +SKIP
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from extract.fingerprint import fingerprint
from kg.build.builder import BuildConfig, build_graph
from kg.build.cache import ExtractionCache, content_hash
from kg.build.columnar_bib import Change
from kg.build.paper_set import PaperSet
from kg.build.thesaurus import Thesaurus, apply_thesaurus
from kg.core.graph import graph_stats
from kg.core.identity import PaperIndex, papers_matching, possible_duplicates
from kg.core.papers import Paper
from kg.readers import Problem, ReadReport, read_sources
from kg.store.base import GraphStore, StoreError
from queries.schema import PAPER

#: progress callback: (papers extracted so far, papers to extract)
Progress = Callable[[int, int], None]


@dataclass
class BuildReport:
    """What a build did: the read report, paper counts, cache use, graph stats, time."""

    read: ReadReport
    store: str
    papers: int = 0  # papers in the graph after the build
    new_papers: int = 0  # papers not in the store before
    extracted: int = 0  # parsed by spaCy in this run
    cached: int = 0  # taken from the extraction cache
    changed: bool = False  # whether the stored graph changed
    stats: dict = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # e.g. a damaged extraction cache set aside
    possible_duplicates: list[dict] = field(default_factory=list)  # {"title", "ids"}: same title, identifiers differ

    def to_dict(self) -> dict:
        return {
            "store": self.store,
            "entries": self.read.entries,
            "files": self.read.files,
            "duplicates": self.read.duplicates,
            "skipped": dict(self.read.skipped),
            "problems": [str(p) for p in self.read.problems],
            "papers": self.papers,
            "new_papers": self.new_papers,
            "extracted": self.extracted,
            "cached": self.cached,
            "changed": self.changed,
            "stats": self.stats,
            "seconds": round(self.seconds, 3),
            "warnings": list(self.warnings),
            "possible_duplicates": list(self.possible_duplicates),
        }


def default_cache_path(store: GraphStore) -> Path:
    """Beside the embedded store; ``$KG_CACHE`` or ``~/.cache/paperkg`` for server stores."""
    if os.environ.get("KG_CACHE"):
        return Path(os.environ["KG_CACHE"])
    if hasattr(store, "path"):
        return Path(store.path) / "extractions.sqlite"
    return Path.home() / ".cache" / "paperkg" / "extractions.sqlite"


def stored_papers(G: nx.MultiDiGraph) -> list[Paper]:
    """The Paper records held by a graph's Paper nodes."""
    return [Paper.from_dict(d) for _, d in G.nodes(data=True) if d.get("label") == PAPER]


def merge_papers(old: list[Paper], new: list[Paper]) -> tuple[list[Paper], int, list[Problem]]:
    """Union of stored and newly read papers, by the rules of :mod:`kg.core.identity`.

    Returns (papers sorted by id, number of papers added, problems). Every
    stored paper stays a paper of its own (a build never loses one). A new
    record that matches a stored paper updates it (an edited abstract is
    re-extracted; fields it lacks keep their stored values); one that shares
    an identifier with a stored paper of a different title is kept apart and
    reported, and so are papers of one title kept apart because their
    identifiers differ ("possible duplicates", see :func:`duplicate_problems`).
    Stored papers are not modified in place.
    """
    papers, added, collisions, groups, _ = _merge(old, new)
    return papers, added, collisions + duplicate_problems(groups)


def _merge(old: list[Paper], new: list[Paper]):
    """:func:`merge_papers` with the possible-duplicate groups apart (those holding a new record), and the
    ids of the stored papers that got another id (new papers took theirs)."""
    index = PaperIndex()
    stored = sorted(old, key=lambda p: p.id)
    for paper in stored:
        index.add(replace(paper), stored=True)
    added, collisions, touched = 0, [], []
    for paper in new:
        outcome = index.add(replace(paper), newer=True)
        added += outcome.rule is None
        touched.append(outcome.paper)
        if outcome.collision:
            collisions.append(Problem(paper.source, outcome.collision))
    finalised = index.finalise()  # the stored papers first, in the order added
    renamed = [p.id for p, q in zip(stored, finalised, strict=False) if p.id != q.id]
    papers = sorted(finalised, key=lambda p: p.id)
    return papers, added, collisions, possible_duplicates(papers, touched), renamed


def _merge_concerned(stored: PaperSet, new: list[Paper]):
    """:func:`_merge` of ``new`` with only the stored papers they concern (:meth:`PaperSet.concerning`), the
    rest of ``stored`` left as columns: (every paper, added, collisions, groups, the change). None where the
    merge gives a stored paper another id, or a paper an id a stored paper not looked at holds (the whole
    merge decides then)."""
    ids = stored.concerning(new)
    old = stored.papers(ids)
    papers, added, collisions, groups, renamed = _merge(old, new)
    if renamed or any(p.id not in ids for p in papers if p.id in stored.id_set):
        return None
    change = Change.between(old, papers)
    return stored.replaced([p for p in papers if p.id in set(change.changed)]), added, collisions, groups, change


def duplicate_problems(groups: list[list[Paper]]) -> list[Problem]:
    """One problem per group of same-title papers kept apart (see :func:`kg.core.identity.possible_duplicates`)."""
    return [
        Problem(
            group[0].source or group[0].id,
            f"possible duplicate: {len(group)} papers titled {group[0].title[:80]!r} have different identifiers "
            f"({', '.join(p.id for p in group[:10])}{', …' if len(group) > 10 else ''}); kept apart",
        )
        for group in groups
    ]


def load_extractor(model: str | None = None):
    """The extractor for ``model`` (loads spaCy; tests replace this seam)."""
    from extract.pipeline import Extractor

    return Extractor(model)


def extract_records(
    papers: list[Paper],
    cache: ExtractionCache,
    *,
    model: str | None = None,
    batch_size: int = 64,
    n_process: int = 1,
    progress: Progress | None = None,
    cluster: str | None = None,
    shards: str | Path | None = None,
) -> tuple[dict, int, int]:
    """Records for every paper, parsing only those not in the cache.

    Returns (records by paper id, number extracted, number cached). The model
    is loaded only when something needs parsing. With ``cluster`` (``local:N`` or
    ``tcp://HOST:PORT``) the parsing runs as Dask tasks whose Parquet shards (in
    ``shards``) are imported into the cache, see :func:`kg.build.cluster.extract_on_cluster`.
    """
    fp = fingerprint(model)
    hashes = {p.id: content_hash(fp, p.title, p.abstract) for p in papers}
    found = cache.get_many(hashes.values())
    todo = [p for p in papers if hashes[p.id] not in found]
    if progress:
        progress(0, len(todo))
    if todo and cluster:
        from kg.build.cluster import extract_on_cluster  # Dask: loaded only by a build on a cluster

        found.update(
            extract_on_cluster(
                [(hashes[p.id], p.id, p.title, p.abstract) for p in todo],
                cache,
                cluster=cluster,
                fingerprint=fp,
                shards=shards,
                model=model,
                batch_size=batch_size,
                progress=progress,
            )
        )
    elif todo:
        extractor = load_extractor(model)
        pending = []
        done = 0
        items = ((p.id, p.title, p.abstract) for p in todo)
        for rec in extractor.extract_many(items, batch_size=batch_size, n_process=n_process):
            h = hashes[rec.paper_id]
            found[h] = rec
            pending.append((h, rec))
            done += 1
            if len(pending) >= 256:
                cache.put_many(pending)
                pending.clear()
            if progress:
                progress(done, len(todo))
        cache.put_many(pending)
    records = {}
    for p in papers:
        rec = found[hashes[p.id]]
        rec.paper_id = p.id
        records[p.id] = rec
    return records, len(todo), len(papers) - len(todo)


def same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    """Whether two graphs have identical nodes, edges and attributes (in any order)."""
    return dict(a.nodes(data=True)) == dict(b.nodes(data=True)) and _edges(a) == _edges(b)


def _edges(G: nx.MultiDiGraph) -> dict:
    return {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)}


class NothingToBuild(RuntimeError):
    """No paper was read (see ``read``): nothing is built and no store is created."""

    def __init__(self, read: ReadReport) -> None:
        super().__init__("no papers were read; nothing to build")
        self.read = read


@dataclass(frozen=True)
class BuildOptions:
    """How a build extracts and builds, passed as one object from :func:`build` and
    :func:`remove` down to the step that needs each value.

    ``model``: the spaCy model (None: the default); ``config``: the thresholds;
    ``cache_path``: the extraction cache (None: beside the store); ``batch_size`` and
    ``n_process``: spaCy batching and worker processes; ``progress``: called with
    (extracted so far, to extract); ``thesaurus``: a :class:`kg.build.thesaurus.Thesaurus`
    applied to the graph; ``cluster``: extract on a Dask cluster, ``local:N`` or
    ``tcp://HOST:PORT`` (:mod:`kg.build.cluster`), writing Parquet shards to ``shards``
    (a folder or fsspec URL; None: ``extraction-shards/`` beside the cache); ``engine``: how the
    corpus-level steps run, ``networkx`` (:func:`kg.build.builder.build_graph`) or ``columnar``
    (:func:`kg.build.columnar.columnar_graph`, DuckDB over the records kept as Parquet tables beside
    the cache; the same graph); None: ``$KG_BUILD_ENGINE``, else ``networkx``.
    """

    model: str | None = None
    config: BuildConfig | None = None
    cache_path: str | Path | None = None
    batch_size: int = 64
    n_process: int = 1
    progress: Progress | None = None
    thesaurus: Thesaurus | None = None
    cluster: str | None = None
    shards: str | Path | None = None
    engine: str | None = None


def build(
    sources: Iterable[str | Path],
    store: GraphStore,
    options: BuildOptions | None = None,
    *,
    today: date | None = None,
    on_wait: Callable[[str], None] | None = None,
    rebuild: bool = False,
    **settings: Any,
) -> BuildReport:
    """Read ``sources``, merge them with the papers already in ``store``, and rewrite the graph.

    ``settings`` are :class:`BuildOptions` fields given one by one (``model=``,
    ``n_process=``, …); they override ``options``. ``rebuild`` writes the graph anew
    even when the store cannot be read (a dropped or damaged table): its papers are
    those of ``sources`` and those the store's Paper table still holds, their
    extractions come from the cache, and a warning says so.

    Idempotent: the same input leaves the store unchanged (not even rewritten).
    The graph is computed in full before anything is written, and the write
    itself is all-or-nothing, so a failure never leaves a half-written store.
    The merge and write hold the store's writer lock, so two builds of one
    store run one after the other and neither loses the other's papers;
    ``on_wait`` hears once when this build waits for another. Raises
    :class:`NothingToBuild` when no paper was read (the store is not touched), ValueError
    for a bad ``cluster`` value and :class:`kg.build.cluster.ClusterError` when extraction on
    the cluster fails (the records of the tasks that finished are in the cache).
    """
    options = replace(options or BuildOptions(), **settings)
    if options.cluster is not None:
        from kg.build.cluster import parse_cluster  # no Dask import: only the value is checked

        parse_cluster(options.cluster)  # a bad value fails before anything is read
    with _gc_paused():
        read = read_sources(sources, today=today)
    if not read.papers:
        raise NothingToBuild(read)
    with store.writing(on_wait=on_wait):
        return _build(read, store, options, rebuild=rebuild)


@contextmanager
def _gc_paused():
    """Pause Python's cyclic garbage collector in the build's steps outside spaCy.

    Reading, merging, graph building and writing make millions of small
    objects and no cycles; the collector's passes over them took 1.1 s of the
    7.5 s those steps take on the 5,250-abstract arXiv corpus. It keeps running
    while spaCy parses: parsed Docs leave cycles (paused, a build of 1,500
    abstracts peaked 77 MB higher).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build(read: ReadReport, store: GraphStore, options: BuildOptions, rebuild: bool = False) -> BuildReport:
    t0 = time.perf_counter()
    report = BuildReport(read=read, store=store.location)
    with _gc_paused():
        merged = None if rebuild else _merged_as_columns(store, read.papers, options)
        if merged is not None:
            papers, report.new_papers, collisions, groups, change = merged
        else:
            if rebuild:
                existing, held = _salvage(store, report)
                old = stored_papers(existing) if held is None else held
            else:
                old = read_stored_papers(store)
            papers, report.new_papers, collisions, groups, _ = _merge(old, read.papers)
            change = Change.between(old, papers)
            del old
    read.problems.extend(collisions + duplicate_problems(groups))
    read.collisions += len(collisions)
    report.possible_duplicates = [{"title": g[0].title, "ids": [p.id for p in g]} for g in groups]
    graph = _graph_of(papers, store, report, options, None if rebuild else change)
    with _gc_paused():
        report.changed = rebuild or _changed(store, change, graph)
        if report.changed:
            _write(store, graph)
    report.papers = len(papers)
    report.stats = _stats(graph)
    report.seconds = time.perf_counter() - t0
    return report


def _write(store: GraphStore, graph) -> None:
    """Write a NetworkX graph, or a :class:`kg.build.columnar.TableGraph` (its tables where the store
    takes tables, else its NetworkX graph)."""
    if isinstance(graph, nx.MultiDiGraph):
        store.write_graph(graph)
    elif getattr(store, "write_tables", None) is not None:
        if graph.scope is None:
            store.write_tables(graph.tables, graph.papers)  # type: ignore[attr-defined]
        else:  # some tables in part: the store counts the whole graph
            stats = store.write_tables(graph.tables, graph.papers, graph.scope, graph.whole)  # type: ignore[attr-defined]
            graph.stats = stats if stats is not None else graph.computed.tables().stats
    else:
        store.write_graph(graph.graph())


def _stats(graph) -> dict:
    return graph_stats(graph) if isinstance(graph, nx.MultiDiGraph) else graph.stats


def _merged_as_columns(store: GraphStore, new: list[Paper], options: BuildOptions):
    """:func:`_merge_concerned` over the store's Paper table as Arrow columns, for the columnar engine with no
    thesaurus on a store that reads its Paper table so (:meth:`kg.store.embedded.EmbeddedStore.read_paper_table`);
    None otherwise, or when the whole merge must decide."""
    from kg.build.columnar import default_engine

    read_table = getattr(store, "read_paper_table", None)
    if (options.engine or default_engine()) != "columnar" or options.thesaurus is not None or read_table is None:
        return None
    table = read_table()
    return None if table is None else _merge_concerned(PaperSet(table=table), new)


def read_stored_papers(store: GraphStore) -> list[Paper]:
    """The papers ``store`` holds: its Paper table alone where the store can read that
    (:meth:`kg.store.embedded.EmbeddedStore.read_papers`), else from the whole graph."""
    read_papers = getattr(store, "read_papers", None)
    return read_papers() if read_papers is not None else stored_papers(store.read_graph())


def _changed(store: GraphStore, change: Change, graph: Any) -> bool:
    """Whether ``graph`` differs from the stored graph, from whose papers ``change`` leads.

    Every field of a paper is a property of its Paper node, so when the papers differ the
    graphs do, and the stored graph is not read. With the same papers the graph may still
    differ (other thresholds, a thesaurus, a new extractor): the stored graph is then read
    and compared in full, as an unchanged rebuild must not rewrite the store.
    """
    if change.changed or change.gone:
        return True
    return not same_graph(store.read_graph(), graph if isinstance(graph, nx.MultiDiGraph) else graph.graph())


def _salvage(store: GraphStore, report: BuildReport) -> tuple[nx.MultiDiGraph, list[Paper] | None]:
    """For ``rebuild``: the stored graph, or when it cannot be read, an empty graph and the papers
    the store's Paper table still holds (none if that fails too), with a warning in ``report``."""
    try:
        return store.read_graph(), None
    except StoreError as exc:
        damage = str(exc)
    held: list[Paper] = []
    try:
        if hasattr(store, "run"):
            held = [Paper.from_dict(row["p"]) for row in store.run(f"MATCH (p:{PAPER}) RETURN p")]
    except Exception:  # noqa: BLE001 - a table the damage took: the sources alone then
        held = []
    finally:
        store.close()
    report.warnings.append(
        f"{damage.split(';')[0]}; rebuilt from the sources and the extraction cache "
        f"({len(held)} papers kept from the store's Paper table)"
    )
    return nx.MultiDiGraph(), held


def _records(
    papers: list[Paper], cache_path: str | Path, report: BuildReport | RemoveReport, options: BuildOptions
) -> tuple[dict, int, int]:
    """:func:`extract_records` of ``papers`` through the cache at ``cache_path``, with ``options``' extractor
    settings; the cache's warnings go to ``report``."""
    cache = ExtractionCache(cache_path)
    try:
        return extract_records(
            papers,
            cache,
            model=options.model,
            batch_size=options.batch_size,
            n_process=options.n_process,
            progress=options.progress,
            cluster=options.cluster,
            shards=options.shards,
        )
    finally:
        cache.close()
        report.warnings += cache.warnings


def _graph_of(
    papers: list[Paper] | PaperSet,
    store: GraphStore,
    report: BuildReport | RemoveReport,
    options: BuildOptions,
    change: Change | None = None,
) -> Any:
    """The graph of ``papers`` (extraction records from the cache, parsed when missing), a NetworkX graph
    or, by the columnar engine, a :class:`kg.build.columnar.TableGraph`;
    ``report`` gets the extracted/cached counts and cache warnings. ``change``: from the papers the store
    holds (the columnar engine then makes only the bibliography rows it touches, where it can); a
    :class:`PaperSet` of papers only by the columnar engine."""
    from kg.build.columnar import default_engine

    engine = options.engine or default_engine()
    if engine == "columnar":
        return _columnar_graph_of(papers, store, report, options, change)
    assert isinstance(papers, list), "the networkx engine takes the papers as a list"
    records, report.extracted, report.cached = _records(
        papers, options.cache_path or default_cache_path(store), report, options
    )
    with _gc_paused():
        graph = build_graph(papers, records, options.config)
        if options.thesaurus is not None:  # merge and drop the terms it names
            apply_thesaurus(graph, options.thesaurus, options.config)
    return graph


def _columnar_graph_of(
    papers: list[Paper] | PaperSet,
    store: GraphStore,
    report: BuildReport | RemoveReport,
    options: BuildOptions,
    change: Change | None = None,
) -> Any:
    """:func:`_graph_of` by the columnar engine: only the records the tables beside the cache lack are
    taken from the cache (or parsed) and added to them; the graph is computed over the tables and, for a
    store that takes tables (the embedded store) with no thesaurus, handed over as the store's tables
    (a :class:`kg.build.columnar.TableGraph`), else as a NetworkX graph."""
    from kg.build.columnar import RecordTables, duckdb_module

    cache_path = Path(options.cache_path or default_cache_path(store))
    tables = RecordTables.beside(cache_path)
    duckdb = duckdb_module()
    damage = (duckdb.Error, *_arrow_errors())
    try:
        return _columnar_once(papers, store, report, options, cache_path, tables, change)
    except duckdb.OutOfMemoryException as exc:  # not damage: the record tables stay
        raise RuntimeError(f"the columnar build ran out of memory: {str(exc).splitlines()[0]}") from None
    except damage as exc:  # a truncated or overwritten shard: set aside, then every record from the cache
        report.warnings.append(tables.set_aside(f"{type(exc).__name__}: {str(exc)[:200]}"))
    return _columnar_once(papers, store, report, options, cache_path, RecordTables.beside(cache_path), change)


def _arrow_errors() -> tuple[type[Exception], ...]:
    import pyarrow as pa

    return (pa.ArrowException,)


#: the cached records a columnar build reads from the cache and writes to the record tables at a time
#: (one shard each): a cold build of 100,000 papers held every record as Python objects at once
RECORD_BATCH = 10_000


def _record_batches(
    todo: list[Paper],
    hashes: dict[str, str],
    cache_path: Path,
    options: BuildOptions,
    report: BuildReport | RemoveReport,
) -> Iterable[tuple[list[Paper], BuildOptions]]:
    """``todo`` in batches for the record tables, each with the options to take its records by: first the
    papers whose record the cache lacks, all at once (parsed, with ``options``' progress and cluster),
    then the cached ones, :data:`RECORD_BATCH` records at a time (nothing to parse: no progress). The
    papers sharing one record are in one batch, so no record is written twice."""
    cache = ExtractionCache(cache_path)
    try:
        held = cache.held({hashes[p.id] for p in todo})
    finally:
        cache.close()
        report.warnings += cache.warnings
    missing = [p for p in todo if hashes[p.id] not in held]
    if missing:
        yield missing, options
    by_hash: dict[str, list[Paper]] = {}
    for p in todo:
        if hashes[p.id] in held:
            by_hash.setdefault(hashes[p.id], []).append(p)
    quiet = replace(options, progress=None)
    batch: list[Paper] = []
    for i, group in enumerate(by_hash.values(), 1):
        batch += group
        if i % RECORD_BATCH == 0:
            yield batch, quiet
            batch = []
    if batch:
        yield batch, quiet


def _columnar_once(papers, store, report, options, cache_path, tables, change=None) -> Any:
    from kg.build.columnar import compute

    fp = fingerprint(options.model)
    papers = PaperSet.of(papers)
    hashes = {pid: content_hash(fp, title, abstract) for pid, title, abstract in papers.rows("id", "title", "abstract")}
    held = tables.hashes()
    todo = papers.papers(pid for pid in papers.ids if hashes[pid] not in held)
    report.extracted, report.cached = 0, len(papers)
    if todo:
        report.extracted = 0
        for batch, batch_options in _record_batches(todo, hashes, cache_path, options, report):
            records, extracted, _ = _records(batch, cache_path, report, batch_options)
            report.extracted += extracted
            tables.add({hashes[pid]: rec for pid, rec in records.items()}.items())
            del records  # a batch's records leave memory before the next is read
        report.cached = len(papers) - report.extracted
    with _gc_paused():
        computed = compute(papers, hashes, tables, options.config)
        if options.thesaurus is None and getattr(store, "write_tables", None) is not None:
            # the store's tables, without the whole graph in NetworkX; with a row digest in the store,
            # the bibliography's rows for what changed only (the rest carried over from the digest)
            current = change is not None and getattr(store, "digest_current", lambda: False)()
            return computed.tables(change if current else None)
        graph = computed.graph()
        if options.thesaurus is not None:
            apply_thesaurus(graph, options.thesaurus, options.config)
    return graph


@dataclass
class RemoveReport:
    """What :func:`remove` did: the papers removed (id and title), the selectors that
    matched nothing, and the graph afterwards."""

    store: str
    removed: list[dict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    papers: int = 0
    extracted: int = 0
    cached: int = 0
    changed: bool = False
    stats: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def remove(
    selectors: Iterable[str],
    store: GraphStore,
    options: BuildOptions | None = None,
    *,
    dry_run: bool = False,
    on_wait: Callable[[str], None] | None = None,
    **settings: Any,
) -> RemoveReport:
    """Remove the papers ``selectors`` name (see :func:`kg.core.identity.paper_matches`) and rebuild the graph
    from the papers left, so entities and links no other paper holds go too: the store
    ends as a build without those papers would leave it. Extraction records come from
    the cache (``options`` and ``settings`` as for :func:`build`). ``dry_run`` only reports
    what would go.
    """
    options = replace(options or BuildOptions(), **settings)
    selectors = list(selectors)
    report = RemoveReport(store=store.location)
    with store.writing(on_wait=on_wait):
        with _gc_paused():
            papers = read_stored_papers(store)
        matched = papers_matching(papers, selectors)
        gone = {pid for ids in matched.values() for pid in ids}
        report.unmatched = [s for s in selectors if not matched[s]]
        report.removed = [{"id": p.id, "title": p.title} for p in papers if p.id in gone]
        keep = sorted((p for p in papers if p.id not in gone), key=lambda p: p.id)
        report.papers = len(keep)
        if not gone or dry_run:
            report.stats = store.stats()
            return report
        graph = _graph_of(keep, store, report, options, Change.between(papers, keep))
        report.changed = True  # papers went, and with them their Paper nodes
        with _gc_paused():
            _write(store, graph)
        report.stats = _stats(graph)
    return report
