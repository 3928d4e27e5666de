"""The columnar build: the corpus-level steps of :func:`kg.build.builder.build_graph` as DuckDB
group-bys over the extraction records kept as tables (docs/scale.md, "The columnar build").

Records as tables (:class:`RecordTables`): beside the extraction cache, a folder of Parquet
shards, one row per mention, relation, abbreviation and sentence of each record, keyed by the
record's content hash (the cache's key). A build adds a shard for the records not yet there
(new extractions, and once, the records an older cache already held); nothing is decoded into
Python objects to aggregate them.

:func:`columnar_graph` computes the same graph as ``build_graph`` for the same papers: DuckDB
counts the votes and forms each step needs (abbreviation definitions, variant spans, label votes,
surface forms, per-paper entity sets, evidence, shared-paper pairs) and the decisions are the
builder's own functions, called once per distinct key on those counts
(:func:`kg.build.builder.abbreviation_fits` and :func:`~kg.build.builder.mention_type_vote` once per distinct
counted row, :func:`~kg.build.builder.aliases_from_votes`, :func:`~kg.build.builder.commonest`,
:func:`kg.build.variants.variants_of`, :func:`~kg.build.builder.labels_from_votes`,
:func:`~kg.build.builder.retype`, :func:`~kg.build.builder.curate_from_forms`,
:func:`~kg.build.builder.said_and_common`, ``_quality``, ``_display_name``,
:func:`kg.build.termhood.relevance`, :func:`~kg.build.builder.shown_apart_cooccurrences`,
:func:`kg.build.claims.merge_claims` on the relations alone, :func:`kg.core.bibliography.add_bibliography`),
so their changes carry over. The parity test (tests/test_columnar.py) holds it to ``build_graph``.

Chosen by ``BuildOptions.engine`` (``KG_BUILD_ENGINE``): ``networkx`` (``build_graph``) or ``columnar``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from extract.fingerprint import code_digest
from extract.normalise import canonical_key
from extract.record import MIN_NODE_CONFIDENCE, Extraction, Mention, Relation
from extract.vocab import default_vocabulary
from kg.build.builder import (
    _display_name,
    _quality,
    _resolve,
    abbreviation_fits,
    aliases_from_votes,
    by_final_key,
    commonest,
    curate_from_forms,
    evidence_vote,
    labels_from_votes,
    measured_keys,
    mention_type_vote,
    object_candidate,
    retype,
    said_and_common,
    sense_keys,
    senses_apart,
    shown_apart_cooccurrences,
    use_candidate,
    without_objects,
)
from kg.build.claim_memo import ClaimMemo, paper_digests, rows_table, votes_of
from kg.build.claims import Claim, add_votes, claims_from_votes, vote_rows
from kg.build.columnar_bib import Change, Rows, bibliography_delta
from kg.build.config import BuildConfig
from kg.build.context_types import use_of
from kg.build.data_sense import source_vote, sourced_datasets
from kg.build.field_sense import everyday_use, object_vote
from kg.build.fragment_sense import next_word
from kg.build.measure_sense import FIELD_VOTED, voter
from kg.build.paper_set import PaperSet
from kg.build.technique import trusted_methods
from kg.build.termhood import context_entities, relevance
from kg.build.variants import proposed_name, variants_of
from kg.core.bibliography import add_authors, add_bibliography, add_citations, add_venues
from kg.core.graph import add_claim, add_cooccurrence, add_entity, add_paper, link_paper, new_graph, set_first_years
from kg.core.papers import Paper
from kg.store.files import refuse_links
from kg.store.ladybug_diff import Scope
from kg.store.ladybug_schema import FORMS, ORDER, Table, _value, rows_tables
from queries.names import name_forms
from queries.schema import (
    CLAIM_RELS,
    CO_OCCURS,
    CONCEPT,
    DATASET,
    DEFAULT_PAPER_REL,
    MAX_EVIDENCE,
    METHOD,
    PAPER,
    PROPOSES,
    SYMMETRIC_CLAIMS,
    TASK,
    node_id,
    split_node_id,
)

#: the engines of the corpus-level steps
ENGINES = ("networkx", "columnar")

_SCHEMAS = {
    "mentions": pa.schema(
        [
            ("hash", pa.string()),
            ("ord", pa.int32()),
            ("label", pa.string()),
            ("key", pa.string()),
            ("text", pa.string()),
            ("fold", pa.string()),  # text.casefold(): "the same words elsewhere in the paper"
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("sent", pa.int64()),  # the sentence index as the record's list resolves it (None: no sentence)
            ("role", pa.string()),
            ("derived", pa.bool_()),
            ("confidence", pa.float64()),
        ]
    ),
    "relations": pa.schema(
        [
            ("hash", pa.string()),
            ("ord", pa.int32()),
            ("type", pa.string()),
            ("head", pa.string()),
            ("tail", pa.string()),
            ("sentence", pa.int64()),
            ("confidence", pa.float64()),
            ("source", pa.string()),
            ("spans", pa.list_(pa.int64())),
        ]
    ),
    "abbreviations": pa.schema([("hash", pa.string()), ("short", pa.string()), ("long", pa.string())]),
    "sentences": pa.schema([("hash", pa.string()), ("i", pa.int64()), ("text", pa.string())]),
    "done": pa.schema([("hash", pa.string()), ("sentences", pa.int64())]),  # written last: the shard is whole
}


def duckdb_module():
    """The ``duckdb`` module, or a clear error naming the extra that installs it."""
    try:
        import duckdb
    except ImportError:
        raise RuntimeError(
            "the columnar build engine needs DuckDB: pip install 'paperkg[scale]' (or KG_BUILD_ENGINE=networkx)"
        ) from None
    return duckdb


def default_engine() -> str:
    """``$KG_BUILD_ENGINE`` if set, else the default engine."""
    engine = os.environ.get("KG_BUILD_ENGINE") or "networkx"
    if engine not in ENGINES:
        raise ValueError(f"KG_BUILD_ENGINE={engine!r}: expected one of {', '.join(ENGINES)}")
    return engine


def _sentence_index(i: int, n: int) -> int | None:
    """The index ``rec.sentences[i]`` reads (negative ones from the end), None where it reads none."""
    if 0 <= i < n:
        return i
    if -n <= i < 0:
        return i + n
    return None


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _number(value) -> float | None:
    """A relation's confidence as a float where it is a number; None (read as 1.0, as rules give) where not."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def record_rows(items: Iterable[tuple[str, Extraction]]) -> dict[str, pa.Table]:
    """The tables of ``(content hash, record)`` items, one row per mention, relation, abbreviation, sentence."""
    cols: dict[str, dict[str, list]] = {name: {f: [] for f in s.names} for name, s in _SCHEMAS.items()}
    m, r, a, s, d = (cols[k] for k in ("mentions", "relations", "abbreviations", "sentences", "done"))
    for h, rec in items:
        n = len(rec.sentences)
        for i, mention in enumerate(rec.mentions):
            m["hash"].append(h)
            m["ord"].append(i)
            m["label"].append(mention.label)
            m["key"].append(mention.key)
            m["text"].append(mention.text)
            m["fold"].append(mention.text.casefold())
            m["start"].append(mention.start)
            m["end"].append(mention.end)
            m["sent"].append(_sentence_index(mention.sentence, n))
            m["role"].append(mention.role)
            m["derived"].append(bool(mention.derived))
            m["confidence"].append(_float(mention.confidence))
        for i, rel in enumerate(rec.relations):
            r["hash"].append(h)
            r["ord"].append(i)
            r["type"].append(rel.type)
            r["head"].append(rel.head)
            r["tail"].append(rel.tail)
            r["sentence"].append(rel.sentence)
            r["confidence"].append(_number(rel.confidence))
            r["source"].append(None if rel.source is None else str(rel.source))
            r["spans"].append(list(rel.spans) if rel.spans is not None else None)
        for short, long in rec.abbreviations.items():
            a["hash"].append(h)
            a["short"].append(short)
            a["long"].append(long)
        for i, text in enumerate(rec.sentences):
            s["hash"].append(h)
            s["i"].append(i)
            s["text"].append(text)
        d["hash"].append(h)
        d["sentences"].append(n)
    return {name: pa.table(cols[name], schema=schema) for name, schema in _SCHEMAS.items()}


class RecordTables:
    """The extraction records as Parquet shards in ``folder`` (``NAME-SHARD.parquet`` for each table of
    :func:`record_rows`); a shard counts only once its ``done`` file is written (the last)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        refuse_links(self.folder.parent, [self.folder.name])  # as the cache: a store never writes through a link

    def set_aside(self, reason: str) -> str:
        """Move the folder aside (``NAME.damaged-TIME``); the warning to give. Its records are taken
        from the extraction cache again by the next build."""
        aside = self.folder.with_name(f"{self.folder.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
        if self.folder.exists():
            self.folder.replace(aside)
        return (
            f"record tables {self.folder} are damaged ({reason}); set aside as {aside.name} and rebuilt from the cache"
        )

    @classmethod
    def beside(cls, cache_path: str | Path) -> RecordTables:
        """The tables of the extraction cache at ``cache_path`` (``extractions.sqlite`` → ``extractions.tables/``)."""
        path = Path(cache_path)
        return cls(path.with_name(path.stem + ".tables"))

    def shards(self) -> list[str]:
        return sorted(p.name[len("done-") : -len(".parquet")] for p in self.folder.glob("done-*.parquet"))

    def hashes(self) -> set[str]:
        """The content hashes whose records the tables hold."""
        out: set[str] = set()
        for shard in self.shards():
            out.update(pq.read_table(self.folder / f"done-{shard}.parquet", columns=["hash"]).column(0).to_pylist())
        return out

    def add(self, items: Iterable[tuple[str, Extraction]]) -> int:
        """Write the records of ``items`` as one new shard; the number of records written."""
        tables = record_rows(items)
        if not tables["done"].num_rows:
            return 0
        self.folder.mkdir(parents=True, exist_ok=True)
        shard = f"{tables['done'].num_rows:09d}-{uuid.uuid4().hex[:12]}"
        for name in (*(n for n in tables if n != "done"), "done"):
            tmp = self.folder / f".{name}-{shard}.parquet.tmp"
            pq.write_table(tables[name], tmp)
            os.replace(tmp, self.folder / f"{name}-{shard}.parquet")
        return tables["done"].num_rows

    def register(self, con, shards: list[str] | None = None) -> None:
        """Views ``mentions``, ``relations``, ``abbreviations``, ``sentences`` over the whole shards."""
        shards = self.shards() if shards is None else shards
        for name, schema in _SCHEMAS.items():
            if shards:
                files = ", ".join(f"'{self.folder / f'{name}-{s}.parquet'}'" for s in shards)
                con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet([{files}])")
            else:
                con.register(f"{name}_empty", schema.empty_table())
                con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {name}_empty")


def _counters(rows: Iterable[tuple], aliases: dict[str, str] | None = None) -> dict[str, Counter]:
    """``(key, value, count)`` rows as key → Counter, keys mapped through ``aliases``."""
    out: dict[str, Counter] = defaultdict(Counter)
    for key, value, count in rows:
        out[aliases.get(key, key) if aliases is not None else key][value] += count
    return out


def columnar_graph(
    papers: list[Paper] | PaperSet, hashes: dict[str, str], tables: RecordTables, config: BuildConfig | None = None
) -> nx.MultiDiGraph:
    """The graph :func:`kg.build.builder.build_graph` makes of ``papers``, computed over their records'
    tables. ``hashes``: paper id → the content hash of its record (papers without one have no record)."""
    return compute(papers, hashes, tables, config).graph()


def compute(
    papers: list[Paper] | PaperSet, hashes: dict[str, str], tables: RecordTables, config: BuildConfig | None = None
) -> Computed:
    """The columnar steps over the records' tables (see :func:`columnar_graph`)."""
    duckdb = duckdb_module()

    papers = PaperSet.of(papers)
    cfg = (config or BuildConfig()).resolved(len(papers))
    with tempfile.TemporaryDirectory(prefix="kg-columnar-") as spill:
        settings = duckdb_config(spill)
        try:
            return _connected(duckdb, settings, tables, papers, hashes, cfg)
        except duckdb.OutOfMemoryException:
            if "memory_limit" not in settings:
                raise
            # a step that cannot spill within KG_BUILD_MEMORY: again with DuckDB's own limit
            return _connected(duckdb, {"temp_directory": spill}, tables, papers, hashes, cfg)


def _connected(duckdb, settings: dict, tables: RecordTables, papers, hashes, cfg) -> Computed:
    con = duckdb.connect(config=settings)
    try:
        tables.register(con)
        memo = VoteMemo(tables.folder)
        memo.register(con)
        computed = _compute(con, papers, hashes, cfg, memo, ClaimMemo(tables.folder, vote_code_digest()))
        memo.save(con)
        return computed
    finally:
        con.close()


#: the sentence votes of the last build, beside the record tables (:class:`VoteMemo`)
VOTE_MEMO = "votes.parquet"
_MEMO_SCHEMA = pa.schema(
    [("kind", pa.string()), ("key", pa.string()), ("text", pa.string()), ("sd", pa.string()), ("vote", pa.string())]
)


@lru_cache(maxsize=1)
def vote_code_digest() -> str:
    """Hash of the code and shipped lists the sentence votes depend on (``kg/build``, ``queries`` and the
    ``extract`` package with its vocabulary, :func:`extract.fingerprint.code_digest`): a memo of votes made by
    other code is not read."""
    import extract  # noqa: PLC0415
    import queries  # noqa: PLC0415

    h = hashlib.sha1(code_digest(Path(extract.__file__).parent).encode())
    for folder in (Path(__file__).parent, Path(queries.__file__).parent):
        for path in sorted(folder.glob("*.py")):
            h.update(f"{folder.name}/{path.name}".encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


class VoteMemo:
    """The votes :func:`_sentence_votes` asked of the sentences (per kind of vote: ``type``, ``use``, ``object``), kept in
    ``folder`` (:data:`VOTE_MEMO`) for the next build: a vote is a function of the mention's key, its text
    and the sentence's text alone, and a build of 10 new papers asks again about the sentences of every
    stored one (at 100,000 papers ~0.4 million of them, a third of the columnar steps' CPU seconds).
    Keyed by key, text and the sentence's MD5; stamped with :func:`vote_code_digest`, so a memo of other
    code, or one that cannot be read, is ignored (every vote asked again). ``folder`` None: no memo."""

    def __init__(self, folder: Path | None) -> None:
        self.path = None if folder is None else Path(folder) / VOTE_MEMO
        self.kinds: list[str] = []

    def register(self, con) -> None:
        """The view ``vote_memo`` (:data:`_MEMO_SCHEMA`): the stored memo when it is this code's, else empty."""
        if self.path is not None and self._valid():
            con.execute(f"CREATE OR REPLACE VIEW vote_memo AS SELECT * FROM read_parquet('{self.path}')")
        else:
            con.register("vote_memo_empty", _MEMO_SCHEMA.empty_table())
            con.execute("CREATE OR REPLACE VIEW vote_memo AS SELECT * FROM vote_memo_empty")

    def _valid(self) -> bool:
        try:
            meta = pq.read_schema(self.path).metadata or {}
        except (OSError, pa.ArrowException):
            return False
        return meta.get(b"paperkg.votes") == vote_code_digest().encode()

    def save(self, con) -> None:
        """Write the votes of this build (temporary tables ``vm_KIND``) as the memo; a folder that cannot
        be written keeps no memo (the next build asks every vote again)."""
        if self.path is None or not self.kinds or not self.path.parent.is_dir():
            return
        union = " UNION ALL ".join(
            f"SELECT '{kind}' AS kind, key, text, sd, vote FROM vm_{kind}" for kind in self.kinds
        )
        rows = con.sql(union).to_arrow_table().cast(_MEMO_SCHEMA)
        tmp = self.path.with_name(f".{VOTE_MEMO}.{uuid.uuid4().hex}.tmp")
        try:
            pq.write_table(rows.replace_schema_metadata({b"paperkg.votes": vote_code_digest().encode()}), tmp)
            os.replace(tmp, self.path)
        except OSError:
            tmp.unlink(missing_ok=True)


def duckdb_config(spill: str) -> dict:
    """The DuckDB settings of the columnar steps: spilling to ``spill``, and with ``KG_BUILD_MEMORY`` set,
    at most that many MB (past it DuckDB spills; a step that cannot spill runs again without the cap).
    Unset: DuckDB's own limit (80% of the machine's memory), as the cap costs more than it saves: at
    100,000 papers, 1024 MB took the columnar steps from 53 to 65 s CPU for a peak 0.2 GB lower
    (docs/scale.md); at 512 MB the evidence step cannot run within it."""
    raw = os.environ.get("KG_BUILD_MEMORY")
    if not raw:
        return {"temp_directory": spill}
    try:
        mb = int(raw)
    except ValueError:
        mb = 0
    if mb < 64:
        raise ValueError(f"KG_BUILD_MEMORY={raw!r}: expected a whole number of MB, at least 64")
    return {"memory_limit": f"{mb}MB", "temp_directory": spill}


def _compute(
    con,
    papers: PaperSet,
    hashes: dict[str, str],
    cfg: BuildConfig,
    memo: VoteMemo | None = None,
    claim_memo: ClaimMemo | None = None,
) -> Computed:
    if memo is None:
        memo = VoteMemo(None)
        memo.register(con)
    q = lambda sql, params=None: con.execute(sql, params or []).fetchall()  # noqa: E731
    con.register(
        "p_arrow",
        pa.table(
            {
                "pid": papers.ids,
                "pos": list(range(len(papers))),
                "hash": [hashes.get(pid) for pid in papers.ids],
            }
        ),
    )
    # the mentions of the papers' records, without those too unsure to make a node (variants.node_mentions)
    con.execute("CREATE TEMP TABLE p AS SELECT * FROM p_arrow WHERE hash IN (SELECT hash FROM done)")
    named = [
        t
        for (t,) in q(
            "SELECT DISTINCT text FROM p JOIN mentions m USING (hash) "
            "WHERE NOT derived AND confidence < ? AND coalesce(role, '') <> ''",
            [MIN_NODE_CONFIDENCE],
        )
        if proposed_name(t)
    ]
    con.register("named_arrow", pa.table({"text": pa.array(named, pa.string())}))
    # a derived mention on the span of a typed one is not a mention of its own ("active learning"); the
    # typed spans are read from the Parquet files apart, so that DuckDB holds one copy of the mentions
    # (each copy is ~250 MB at 100,000 papers, and the process keeps the memory DuckDB once used)
    con.execute(
        """
        CREATE TEMP TABLE nm AS
        WITH typed AS (SELECT DISTINCT pid, start, "end" FROM p JOIN mentions m USING (hash)
                       WHERE NOT derived AND label <> $concept
                         AND (confidence >= $min OR (coalesce(role, '') <> '' AND text IN (SELECT text FROM named_arrow))))
        SELECT p.pid, p.pos, m.*, (m.derived AND t.pid IS NOT NULL) AS skip FROM p JOIN mentions m USING (hash)
        LEFT JOIN typed t ON p.pid = t.pid AND m.start = t.start AND m."end" = t."end"
        WHERE m.derived OR m.confidence >= $min
           OR (coalesce(m.role, '') <> '' AND m.text IN (SELECT text FROM named_arrow))
        """,
        {"concept": CONCEPT, "min": MIN_NODE_CONFIDENCE},
    )

    # 1. abbreviations: votes per paper holding a record, where the definition as the paper writes it fits
    abbreviations = aliases_from_votes(_abbreviation_votes(con, q))
    senses = _own_senses(con, q, abbreviations)
    shorts_of: dict[str, set[str]] = defaultdict(set)
    for short, long in abbreviations.items():
        shorts_of[long].add(short)
    raw_direct = [k for (k,) in q("SELECT DISTINCT key FROM nm WHERE NOT derived")]
    direct = {abbreviations.get(k, k) for k in raw_direct}
    # 2. variants: a derived mention on a Concept's span (or its words elsewhere in the paper), the last one written
    variant_votes = q(
        """
        WITH c AS (SELECT pid, start, "end", arg_max(key, ord) AS k FROM nm
                   WHERE NOT derived AND label = $concept GROUP BY ALL),
             s AS (SELECT pid, fold, arg_max(key, ord) AS k FROM nm
                   WHERE NOT derived AND label = $concept GROUP BY ALL)
        SELECT coalesce(c.k, s.k) AS k, d.key, count(*) FROM nm d
        LEFT JOIN c ON d.pid = c.pid AND d.start = c.start AND d."end" = c."end"
        LEFT JOIN s ON d.pid = s.pid AND d.fold = s.fold
        WHERE d.derived AND coalesce(c.k, s.k) IS NOT NULL AND coalesce(c.k, s.k) <> d.key GROUP BY ALL
        """,
        {"concept": CONCEPT},
    )
    votes = _counters((k, v, c) for k, v, c in variant_votes if v in direct)
    variants = commonest(votes)
    aliases = _resolve({**variants, **abbreviations})
    label_counts = q("SELECT key, label, count(*) FROM nm WHERE NOT derived GROUP BY ALL")
    variant_map = variants_of(_counters(label_counts, aliases), aliases)
    aliases = _resolve({**variant_map, **aliases})
    rekey = None
    if senses:  # the abbreviation's sense per paper (builder.sense_keys): the mentions' keys change in the table
        per_paper, elsewhere = sense_keys(senses, abbreviations, variants, variant_map, aliases)
        _rekey_mentions(con, per_paper, elsewhere)
        aliases = {k: v for k, v in aliases.items() if k not in elsewhere}
        raw_direct = [k for (k,) in q("SELECT DISTINCT key FROM nm WHERE NOT derived")]

        def rekey(pid: str, key: str) -> str:
            return per_paper.get(pid, {}).get(key) or elsewhere.get(key, key)

    direct = {aliases.get(k, k) for k in raw_direct}
    weighted = q(
        "SELECT key, label, sum(CASE WHEN derived THEN 0.5 WHEN coalesce(role, '') <> '' THEN 2 ELSE 1 END) "
        "FROM nm GROUP BY ALL"
    )
    labels = labels_from_votes(_counters(((k, lab, float(w)) for k, lab, w in weighted), aliases))
    context = _context_votes(con, q, aliases, labels, raw_direct, memo)
    form_counts = _counters(q("SELECT key, text, count(*) FROM nm WHERE NOT derived GROUP BY ALL"), aliases)
    roles = q("SELECT DISTINCT key, text FROM nm WHERE NOT derived AND coalesce(role, '') <> ''")
    role_keys = {aliases.get(k, k) for k, _ in roles}  # keys a paper proposes
    voted, labels = labels, retype(labels, context, form_counts, role_keys)
    uses = _use_votes(con, q, aliases, labels, raw_direct, memo)
    proposed_keys = {aliases.get(k, k) for k, t in roles if proposed_name(t)}
    apart = {short for (_, short), own in senses.items() if own is None}
    curated = curate_from_forms(
        direct, labels, form_counts, shorts_of, proposed_keys, apart, measured_keys(voted, labels), uses
    )
    objects = _object_votes(con, q, aliases, labels, raw_direct, memo)
    curated = without_objects(curated, objects, form_counts, labels, role_keys)
    dropped = [k for k in raw_direct if labels.get(aliases.get(k, k)) == DATASET and aliases.get(k, k) not in curated]
    sources = _sentence_votes(con, q, aliases, dropped, source_vote, memo, "source")
    curated = sourced_datasets(curated, labels, form_counts, sources)  # as kg.build.builder.build_graph
    typed = labels  # the labels of the keys before curation merged them (_evidence_votes below)
    labels = {new: label for key, (new, label) in sorted(curated.items(), key=lambda kv: kv[0] == kv[1][0])}

    raw_keys = [k for (k,) in q("SELECT DISTINCT key FROM nm")]
    final = {k: curated[aliases.get(k, k)][0] for k in raw_keys if aliases.get(k, k) in curated}
    con.register("km_arrow", pa.table({"key": pa.array(list(final), pa.string()), "final": list(final.values())}))
    con.execute(  # the columns the steps below read (not the mention's key, span or folded text)
        "CREATE TEMP TABLE u AS SELECT nm.pid, nm.pos, nm.hash, nm.ord, km.final, nm.text, nm.label, nm.derived, "
        "nm.role, nm.confidence, nm.sent FROM nm JOIN km_arrow km USING (key) WHERE NOT skip"
    )

    surface = _counters(q("SELECT final, text, count(*) FROM u WHERE NOT derived GROUP BY ALL"))
    label_votes = _counters(q("SELECT final, label, count(*) FROM u WHERE NOT derived GROUP BY ALL"))
    confidence = {
        k: (sum(cs), len(cs))  # summed in the papers' order, as build_graph sums
        for k, cs in q("SELECT final, list(confidence ORDER BY pos, ord) FROM u WHERE NOT derived GROUP BY ALL")
    }
    proposed = {
        k for (k,) in q("SELECT DISTINCT final FROM u WHERE coalesce(role, '') <> ''") if labels[k] in (METHOD, DATASET)
    }
    # the papers whose title (first sentence) names the key directly, as build_graph counts them
    titled = dict(q("SELECT final, count(DISTINCT pid) FROM u WHERE NOT derived AND sent = 0 GROUP BY final"))
    con.execute(
        "CREATE TEMP TABLE uses AS SELECT pid, any_value(pos) AS pos, final, count(*) AS n, "
        "bool_or(coalesce(role, '') <> '') AS role FROM u GROUP BY pid, final"
    )
    df = dict(q("SELECT final, count(*) FROM uses GROUP BY final"))
    n = max(len(papers), 1)
    min_concept, min_entity = cfg.min_concept_papers, cfg.min_entity_papers
    min_shared = cfg.min_cooccurrence_papers
    assert min_concept is not None and min_entity is not None and min_shared is not None, "a resolved BuildConfig"

    def need(key: str) -> int:
        return min_concept if labels[key] in (CONCEPT, TASK) else min_entity

    def generic(key: str) -> bool:
        return key not in proposed and n >= 50 and df[key] > cfg.max_share * n

    supported = {k for k in df if k in proposed or (not generic(k) and df[k] >= need(k))}
    countable_keys = [k for k in df if k in supported or df[k] >= min_shared]
    con.register(
        "countable_arrow",
        pa.table({"final": pa.array(countable_keys, pa.string()), "size": [df[k] for k in countable_keys]}),
    )
    # with the pairs counted here, the steps below read only how many papers each key has, not which
    countable = {k: _Papers(df[k]) for k in countable_keys}
    cap = cfg.max_entities_per_paper
    scored = [k for k in sorted(supported) if labels[k] in (CONCEPT, TASK)]
    # only the pairs a later step reads: those shared by enough papers (the co-occurrences), and those of a
    # scored key with one of termhood's contexts (its relevance); at 100,000 papers most pairs are neither
    con.register(
        "ctx_arrow", pa.table({"final": pa.array(context_entities({k: df[k] for k in supported}), pa.string())})
    )
    con.register("scored_arrow", pa.table({"final": pa.array(scored, pa.string())}))
    pairs: Counter = Counter()
    for a, b, c in q(
        """
        WITH e AS (SELECT pid, final, row_number() OVER (PARTITION BY pid ORDER BY size DESC, final) AS r
                   FROM uses JOIN countable_arrow USING (final))
        SELECT a.final, b.final, count(*) FROM e a JOIN e b ON a.pid = b.pid AND a.final < b.final
        WHERE $cap IS NULL OR (a.r <= $cap AND b.r <= $cap) GROUP BY ALL
        HAVING count(*) >= $min_shared
            OR (a.final IN (SELECT final FROM ctx_arrow) AND b.final IN (SELECT final FROM scored_arrow))
            OR (b.final IN (SELECT final FROM ctx_arrow) AND a.final IN (SELECT final FROM scored_arrow))
        """,
        {"cap": cap, "min_shared": min_shared},
    ):
        pairs[(a, b)] = c
    relevances = relevance({k: countable[k] for k in supported}, pairs, scored)
    vocab = default_vocabulary()
    said, common = said_and_common(context, curated, df, shorts_of)
    shown = (
        None
        if trusted_methods(surface, labels)
        else by_final_key(_evidence_votes(con, q, aliases, typed, raw_direct, memo), curated)
    )
    nexts = by_final_key(_next_word_votes(con, q, aliases, typed, raw_direct, memo), curated)
    if shown is not None:  # and a Metric's or a Task's evidence there (kg.build.measure_sense)
        for key, cues in _field_votes(con, q, aliases, curated, labels, raw_direct, memo).items():
            shown[key].update(cues)
    qualities = {}
    for key in df:
        conf_sum, conf_n = confidence.get(key, (0.0, 0))
        qualities[key] = _quality(
            key,
            labels[key],
            df[key],
            need(key),
            generic(key),
            key in proposed,
            relevances.get(key),
            label_votes.get(key, Counter()),
            conf_sum / conf_n if conf_n else 1.0,
            surface.get(key, Counter()),
            n,
            cfg,
            vocab,
            said.get(key),
            common,
            titled.get(key, 0),
            None if shown is None else shown.get(key, Counter()),
            nexts.get(key),
        )

    out = Computed(papers)
    for key in sorted(df):
        forms = surface.get(key, Counter())
        shorts = shorts_of.get(key)
        name = vocab.display_name(key) or _display_name(
            key, forms, Counter({f: c for f, c in forms.items() if canonical_key(f) in shorts}) if shorts else None
        )
        out.entities.append((labels[key], key, name, sorted(forms), df[key], relevances.get(key), qualities[key]))
    del surface, label_votes, confidence
    out.links = _paper_links(con, labels, proposed)
    out.first_years = _first_years(con, papers, out.links)
    con.execute("DROP TABLE u")
    con.execute("DROP TABLE uses")  # the claims below read the mentions (nm) alone

    node_of = {key: node_id(labels[key], key) for key in df}
    out.cooccurrences += shown_apart_cooccurrences(pairs, countable, node_of, qualities, n, cfg)
    del pairs, countable

    def key_of(mention_key: str) -> str | None:
        return final.get(mention_key)

    out.claims = _claims(con, q, rekey, key_of, labels, claim_memo)
    return out


class _Papers(Collection[str]):
    """The papers of a key known by their number alone: what :func:`kg.build.termhood.relevance` and
    :func:`~kg.build.builder.shown_apart_cooccurrences` read of them once the pairs are counted (a list of
    every paper id of every key is ~2 million strings at 100,000 papers)."""

    __slots__ = ("n",)

    def __init__(self, n: int):
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        raise TypeError("only the number of the papers is known here")

    def __contains__(self, item: object) -> bool:
        raise TypeError("only the number of the papers is known here")


#: the Paper→entity links as :meth:`Computed.tables` hands them to the store (``Computed.links``)
LINK_SCHEMA = pa.schema(
    [
        ("pid", pa.string()),
        ("label", pa.string()),
        ("key", pa.string()),
        ("rel", pa.string()),
        ("count", pa.int64()),
        ("evidence", pa.list_(pa.string())),
    ]
)


#: the papers whose links :func:`_paper_links` makes in one query: DuckDB's working memory for the evidence
#: of every link at once was ~0.8 GB at 100,000 papers, and the process keeps what DuckDB frees
LINK_BATCH = 20_000


def _paper_links(con, labels: dict[str, str], proposed: set[str]) -> pa.Table:
    """The Paper→entity links ``(paper id, label, key, rel, count, evidence)`` in the papers' order (then the
    keys'), as an Arrow table computed in DuckDB: the evidence is up to :data:`MAX_EVIDENCE` distinct
    non-empty sentences of the paper's mentions of the key, in the order of their first mention (chosen
    by sentence index, each index standing for the first sentence of the record with its text, and only
    the chosen ones joined to their text), :data:`LINK_BATCH` papers at a time; the
    relationship PROPOSES where the key is proposed and the paper proposes it, else its label's default.
    At 100,000 papers, ~0.74 million links: 130 MB here, several times that as Python tuples of strings."""
    keys = list(labels)
    con.register(
        "kl_arrow",
        pa.table(
            {
                "final": pa.array(keys, pa.string()),
                "label": pa.array([labels[k] for k in keys], pa.string()),
                "rel": pa.array([DEFAULT_PAPER_REL[labels[k]] for k in keys], pa.string()),
                "proposes": pa.array([k in proposed for k in keys], pa.bool_()),
            }
        ),
    )
    sql = f"""
        WITH st AS (SELECT hash, i, min(i) OVER (PARTITION BY hash, text) AS t FROM sentences
                    WHERE text <> '' AND hash IN (SELECT hash FROM p WHERE pos >= $lo AND pos < $hi)),
             firsts AS (SELECT pid, final, u.hash, st.t, min(ord) AS o FROM u
                        JOIN st ON u.hash = st.hash AND u.sent = st.i WHERE u.pos >= $lo AND u.pos < $hi GROUP BY ALL),
             top AS (SELECT * FROM firsts
                     QUALIFY row_number() OVER (PARTITION BY pid, final ORDER BY o) <= {int(MAX_EVIDENCE)}),
             ev AS (SELECT pid, final, list(s.text ORDER BY o) AS evidence FROM top
                    JOIN sentences s ON s.hash = top.hash AND s.i = top.t GROUP BY pid, final)
        SELECT uses.pid, k.label, uses.final AS key,
               CASE WHEN k.proposes AND uses.role THEN $proposes ELSE k.rel END AS rel,
               uses.n AS count, coalesce(ev.evidence, []::VARCHAR[]) AS evidence
        FROM uses JOIN kl_arrow k USING (final) LEFT JOIN ev USING (pid, final)
        WHERE uses.pos >= $lo AND uses.pos < $hi
        ORDER BY uses.pos, uses.final
        """
    [(end,)] = con.execute("SELECT coalesce(max(pos) + 1, 0) FROM p").fetchall()
    step = max(LINK_BATCH, 1)
    links = pa.concat_tables(
        con.sql(sql, params={"proposes": PROPOSES, "lo": lo, "hi": lo + step}).to_arrow_table().cast(LINK_SCHEMA)
        for lo in range(0, max(end, 1), step)
    )
    con.unregister("kl_arrow")
    return links


def _first_years(con, papers: PaperSet, links: pa.Table) -> dict[str, int]:
    """Each linked key's earliest year among its papers' (those given as an integer), as
    :func:`kg.core.graph.set_first_years` sets ``first_year``; in DuckDB, or where a year is past
    what INT64 holds (the store's write then names it), over the ``links`` in Python."""
    low, high = -(2**63), 2**63 - 1
    year = {pid: y for pid, y in papers.rows("id", "year") if isinstance(y, int) and not isinstance(y, bool)}
    if any(not low <= y <= high for y in year.values()):
        first: dict[str, int] = {}
        for pid, key in _link_rows(links.select(["pid", "key"])):
            if pid in year:
                first[key] = min(first.get(key, year[pid]), year[pid])
        return first
    con.register(
        "years_arrow",
        pa.table({"pid": pa.array(list(year), pa.string()), "year": pa.array(list(year.values()), pa.int64())}),
    )
    try:
        return dict(
            con.execute("SELECT final, min(y.year) FROM uses JOIN years_arrow y USING (pid) GROUP BY final").fetchall()
        )
    finally:
        con.unregister("years_arrow")


def _link_rows(links: pa.Table, batch: int = 65536) -> Iterable[tuple]:
    """The rows of ``links`` as tuples, a batch of Python values at a time."""
    for b in links.to_batches(max_chunksize=batch):
        yield from zip(*(col.to_pylist() for col in b.columns), strict=True)


@dataclass
class Computed:
    """What the columnar steps computed: papers, entity rows ``(label, key, name, aliases, papers, relevance,
    quality)``, Paper→entity links ``(paper id, label, key, rel, count, evidence)`` (an Arrow table), CO_OCCURS
    ``(node a, node b, papers, strength)`` and claims; as a NetworkX graph (:meth:`graph`) or as the
    store's tables (:meth:`tables`)."""

    papers: PaperSet
    entities: list[tuple] = field(default_factory=list)
    links: pa.Table = field(default_factory=LINK_SCHEMA.empty_table)  # LINK_SCHEMA's columns
    cooccurrences: list[tuple] = field(default_factory=list)
    claims: list = field(default_factory=list)
    first_years: dict[str, int] = field(default_factory=dict)  # entity key → its earliest paper's year

    def graph(self) -> nx.MultiDiGraph:
        """The graph, built by the calls and in the order of :func:`kg.build.builder.build_graph`."""
        G = new_graph()
        for paper in self.papers.papers():
            add_paper(G, paper)
        for label, key, name, aliases, papers, rel, quality in self.entities:
            add_entity(G, label, key, name, aliases=aliases, papers=papers, relevance=rel, quality=quality)
        for pid, label, key, rel, count, evidence in _link_rows(self.links):
            link_paper(G, node_id(PAPER, pid), node_id(label, key), rel, count=count, evidence=evidence)
        set_first_years(G)
        for a, b, shared, strength in self.cooccurrences:
            add_cooccurrence(G, a, b, shared, strength)
        for c in self.claims:
            add_claim(G, c.head, c.tail, c.type, c.paper_ids, c.evidence, c.confidence, c.sources)
        add_bibliography(G)
        return G

    def tables(self, change: Change | None = None) -> TableGraph:
        """The store's tables (what :func:`kg.store.ladybug_schema.graph_tables` makes of :meth:`graph`),
        with no NetworkX graph: the papers' bibliography (authors, venues, citations) is computed by
        :mod:`kg.core.bibliography`'s functions into lists (:class:`_Rows`), the rest from the computed rows.

        ``change``: from the papers of the store written to, which keeps a row digest: the Paper, Author and
        Venue rows and the CITES, WROTE and PUBLISHED_IN rows are then only those the change touches
        (:func:`kg.build.columnar_bib.bibliography_delta`), the others carried over from the digest
        (:attr:`TableGraph.scope`); every row where there is no such delta."""
        delta = bibliography_delta(change, self.papers) if change is not None else None
        if delta is None:
            nodes = self.papers.nodes()  # sorted by id, as add_bibliography takes them
            B = _Rows()
            add_bibliography_rows(B, nodes)
            tables = rows_tables([*nodes, *B.nodes], B.ordered_edges(nodes), {**dict(nodes), **dict(B.nodes)})
            del nodes, B
        else:
            tables = rows_tables([*delta.papers, *delta.nodes], delta.edges, delta.node_data)
            _positions(tables, delta.scope.order)
        by_name = {t.name: t for t in tables}
        first = self.first_years
        for label, key, name, aliases, papers, rel, quality in self.entities:
            data = {"key": key, "name": name, "aliases": aliases, "papers": papers, "quality": quality}
            if rel is not None:
                data["relevance"] = rel
            if key in first:
                data["first_year"] = first[key]
            data[FORMS] = name_forms(data)
            _row(by_name[label], None, data, f"node {node_id(label, key)!r}")
        _links(by_name, self.links)
        for a, b, shared, strength in self.cooccurrences:
            u, v = sorted((a, b))
            (lu, ku), (lv, kv) = split_node_id(u), split_node_id(v)
            _row(by_name[CO_OCCURS], (lu, lv), {"from": ku, "to": kv, "papers": shared, "strength": strength}, u)
        for c in self.claims:
            head, tail = sorted((c.head, c.tail)) if c.type in SYMMETRIC_CLAIMS else (c.head, c.tail)
            (lh, kh), (lt, kt) = split_node_id(head), split_node_id(tail)
            data = {
                "from": kh,
                "to": kt,
                "papers": len(c.paper_ids),
                "paper_ids": list(c.paper_ids),
                "evidence": list(c.evidence),
                "confidence": float(c.confidence),
                "sources": list(c.sources or ["rule"]),
            }
            _row(by_name[c.type], (lh, lt), data, head)
        stats = {
            "nodes": {t.name: n for t in tables if not t.pairs and (n := _rows(t))},
            "relationships": {t.name: n for t in tables if t.pairs and (n := _rows(t))},
        }
        stats = {k: dict(sorted(v.items())) for k, v in stats.items()}
        return TableGraph(tables, self.papers, stats, self, None if delta is None else delta.scope)


def _positions(tables: list[Table], order: pa.Table) -> None:
    """The Paper rows' list positions (``_order``) set to their positions among every paper (``order``)."""
    position = dict(zip(order.column("key").to_pylist(), order.column("ord").to_pylist(), strict=True))
    for table in tables:
        if table.name == PAPER and None in table.data:
            cols = table.data[None]
            cols[ORDER] = [position[k] for k in cols["key"]]


class _Rows(Rows):
    """A stand-in for the graph :func:`kg.core.bibliography.add_citations`, ``add_authors`` and
    ``add_venues`` add to (:class:`kg.build.columnar_bib.Rows`), whose edges come out in a graph's order."""

    def ordered_edges(self, papers: list[tuple[str, dict]]) -> list[tuple[str, str, str, dict]]:
        """The edges in the order a NetworkX graph of the papers, then these nodes, lists them: by the
        position of their first end among the nodes (each end's edges in the order they were added)."""
        position = {n: i for i, (n, _) in enumerate([*papers, *self.nodes])}
        return sorted(self.edges, key=lambda e: position[e[0]])


def add_bibliography_rows(B: _Rows, papers: list[tuple[str, dict]]) -> None:
    """:func:`kg.core.bibliography.add_bibliography` of ``papers`` (node id, properties; sorted by id) into ``B``."""
    add_citations(B, papers)  # type: ignore[arg-type]
    add_authors(B, papers)  # type: ignore[arg-type]
    add_venues(B, papers)  # type: ignore[arg-type]


def _rows(table: Table) -> int:
    return sum(len(next(iter(cols.values()), [])) for cols in table.data.values())


def _links(by_name: dict[str, Table], links: pa.Table) -> None:
    """The Paper→entity rows of ``links`` (:data:`LINK_SCHEMA`) put in their tables as Arrow columns, one
    part per relationship type and label in the order they first come (as :func:`_row` would append them,
    without checking each value: DuckDB gave them their types); value by value where the table has columns
    other than ``count`` and ``evidence``, or already rows of that part."""
    if not links.num_rows:
        return
    part = pc.binary_join_element_wise(links.column("rel"), links.column("label"), "\x00")
    for both in pc.unique(part).to_pylist():
        rel, label = both.split("\x00")
        table = by_name[rel]
        if (PAPER, label) not in table.pairs:
            raise ValueError(f"{rel}: {table.name} does not join {PAPER} to {label}")
        rows = links.filter(pc.equal(part, both))
        if list(table.columns) == ["count", "evidence"] and not table.data.get((PAPER, label), {}).get("from"):
            table.data[(PAPER, label)] = {
                "from": rows.column("pid"),
                "to": rows.column("key"),
                "count": rows.column("count"),
                "evidence": rows.column("evidence"),
            }
            continue
        for pid, _, key, _, count, evidence in _link_rows(rows):
            _row(table, (PAPER, label), {"from": pid, "to": key, "count": count, "evidence": evidence}, rel)


def _row(table: Table, pair: tuple[str, str] | None, data: dict, where: str) -> None:
    """Append one row to ``table`` (``pair``: the FROM/TO labels of a relationship row), as graph_tables does."""
    if pair is None:
        cols = table.data.setdefault(None, {c: [] for c in table.columns})
    else:
        if pair not in table.pairs:
            raise ValueError(f"{where}: {table.name} does not join {pair[0]} to {pair[1]}")
        cols = table.data.setdefault(pair, {"from": [], "to": [], **{c: [] for c in table.columns}})
        cols["from"].append(data["from"])
        cols["to"].append(data["to"])
    for c, kind in table.columns.items():
        cols[c].append(_value(data.get(c), kind, where, c))


@dataclass
class TableGraph:
    """A built graph as the store's tables: ``tables`` to bulk-load, ``papers`` (the papers, whose
    :meth:`PaperSet.paper_rows` are the search index's rows), ``stats`` (as :func:`kg.core.graph.graph_stats`),
    and the computation, to make the NetworkX graph when something needs it (:meth:`graph`)."""

    tables: list[Table]
    papers: PaperSet
    stats: dict  # of the tables given whole; with a scope, the store's write gives them
    computed: Computed
    scope: Scope | None = None  # some tables given in part (:meth:`Computed.tables` with ``old``)

    def graph(self) -> nx.MultiDiGraph:
        return self.computed.graph()

    def whole(self) -> list[Table]:
        """Every table in full (for a store whose digest cannot carry the rows a scope leaves out)."""
        return self.computed.tables().tables


def _abbreviation_votes(con, q) -> dict[str, Counter]:
    """:func:`kg.build.builder.resolve_aliases`'s votes: short → Counter of long forms, the papers whose
    definition :func:`~kg.build.builder.abbreviation_fits` as the paper writes its keys (the text of its last
    direct mention of the short or long form's key)."""
    con.execute("CREATE TEMP TABLE ab AS SELECT p.pid, a.short, a.long FROM p JOIN abbreviations a USING (hash)")
    rows = q(
        """
        WITH w AS (SELECT pid, key, arg_max(text, ord) AS text FROM nm
                   WHERE NOT derived AND pid IN (SELECT pid FROM ab) GROUP BY pid, key)
        SELECT ab.short, ab.long, ws.text, wl.text, count(*) FROM ab
        LEFT JOIN w ws ON ws.pid = ab.pid AND ws.key = ab.short
        LEFT JOIN w wl ON wl.pid = ab.pid AND wl.key = ab.long GROUP BY ALL
        """
    )
    votes: dict[str, Counter] = defaultdict(Counter)
    for short, long, written_short, written_long, count in rows:
        if abbreviation_fits(
            short,
            long,
            short if written_short is None else written_short,
            long if written_long is None else written_long,
        ):
            votes[short][long] += count
    return votes


def _own_senses(con, q, abbreviations: dict[str, str]) -> dict[tuple[str, str], str | None]:
    """:func:`kg.build.builder.own_senses` over the tables: the papers whose own definition of a short form
    differs from the corpus's and that still hold a mention of the short form's key; the labels of each long
    form's direct mentions and, per paper that uses a short form without defining it, whether it proposes the
    name, the mentions' labels and the types its sentences give it (:func:`~kg.build.builder.mention_type_vote`,
    once per distinct key, text and sentence)."""
    if not abbreviations:
        return {}
    con.register(
        "sense_arrow",
        pa.table({"short": pa.array(list(abbreviations), pa.string()), "long": list(abbreviations.values())}),
    )
    long_labels = _counters(
        q(
            "SELECT key, label, count(*) FROM nm WHERE NOT derived AND key IN (SELECT long FROM sense_arrow) "
            "GROUP BY ALL"
        )
    )
    uses: dict[tuple[str, str], tuple[bool, Counter, Counter]] = {}
    worded: dict[tuple[str, str], bool] = {}  # builder.own_senses: every mention an everyday word in lower case
    for pid, key, text, sentence, proposed, label, count in q(
        """
        SELECT nm.pid, nm.key, nm.text, s.text, coalesce(nm.role, '') <> '', nm.label, count(*) FROM nm
        LEFT JOIN sentences s ON nm.hash = s.hash AND nm.sent = s.i
        WHERE NOT nm.derived AND nm.key IN (SELECT short FROM sense_arrow)
          AND NOT EXISTS (SELECT 1 FROM abbreviations a WHERE a.hash = nm.hash AND a.short = nm.key)
        GROUP BY ALL
        """
    ):
        was, votes, labels = uses.get((pid, key), (False, Counter(), Counter()))
        vote = mention_type_vote(key, text, sentence) if sentence else None
        if vote is not None:
            votes[vote] += count
        labels[label] += count
        uses[(pid, key)] = (was or proposed, votes, labels)
        worded[(pid, key)] = worded.get((pid, key), True) and everyday_use(text)
    out: dict[tuple[str, str], str | None] = {
        (pid, short): long
        for pid, short, long in q(
            "SELECT DISTINCT nm.pid, a.short, a.long FROM nm JOIN abbreviations a ON a.hash = nm.hash "
            "AND a.short = nm.key WHERE NOT nm.derived AND nm.key IN (SELECT short FROM sense_arrow)"
        )
        if long != abbreviations[short]
    }
    apart = senses_apart(abbreviations, long_labels, uses) | {k for k, word in worded.items() if word}
    return {**out, **dict.fromkeys(apart)}


def _rekey_mentions(con, per_paper: dict[str, dict[str, str]], elsewhere: dict[str, str]) -> None:
    """The mentions table ``nm`` with its keys changed as :func:`kg.build.builder.sense_keys` says: per paper
    first, then the short forms the other papers resolve to their long form."""
    rows = [(pid, k, v) for pid, keys in per_paper.items() for k, v in keys.items()]
    con.register(
        "rk_arrow",
        pa.table(
            {
                "pid": pa.array([r[0] for r in rows], pa.string()),
                "key": pa.array([r[1] for r in rows], pa.string()),
                "new": pa.array([r[2] for r in rows], pa.string()),
            }
        ),
    )
    con.register(
        "ek_arrow",
        pa.table(
            {"key": pa.array(list(elsewhere), pa.string()), "new": pa.array(list(elsewhere.values()), pa.string())}
        ),
    )
    con.execute(
        """
        CREATE TEMP TABLE nm_sense AS SELECT nm.* REPLACE (coalesce(rk.new, ek.new, nm.key) AS key) FROM nm
        LEFT JOIN rk_arrow rk ON rk.pid = nm.pid AND rk.key = nm.key
        LEFT JOIN ek_arrow ek ON ek.key = nm.key
        """
    )
    con.execute("DROP TABLE nm")
    con.execute("ALTER TABLE nm_sense RENAME TO nm")


def _sentence_votes(
    con,
    q,
    aliases: dict[str, str],
    keys: list[str],
    vote_of: Callable[[str, str, str], str | None],
    memo: VoteMemo,
    kind: str,
) -> dict[str, Counter]:
    """:func:`kg.build.builder.sentence_votes` over the tables for the direct mentions of ``keys`` (unmerged):
    counted per (key, text, sentence) in SQL, each distinct one asked once, or read from ``memo`` (the votes
    of ``kind`` the last build asked, :class:`VoteMemo`); this build's go to the temporary table ``vm_KIND``."""
    con.register("vote_keys", pa.table({"key": pa.array(keys, pa.string())}))
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE vg_{kind} AS
        WITH g AS (SELECT nm.key, nm.text, s.text AS sentence, count(*) AS n
                   FROM nm JOIN sentences s ON nm.hash = s.hash AND nm.sent = s.i
                   WHERE NOT nm.derived AND nm.key IN (SELECT key FROM vote_keys) GROUP BY ALL),
             h AS (SELECT g.*, md5(g.sentence) AS sd FROM g)
        SELECT h.key, h.text, h.sd, h.n, m.vote, m.key IS NOT NULL AS hit,
               CASE WHEN m.key IS NULL THEN h.sentence END AS sentence
        FROM h LEFT JOIN (SELECT * FROM vote_memo WHERE kind = '{kind}') m
          ON m.key = h.key AND m.text = h.text AND m.sd = h.sd"""
    )
    con.unregister("vote_keys")
    out: dict[str, Counter] = defaultdict(Counter)
    asked: dict[str, list] = {"key": [], "text": [], "sd": [], "vote": []}
    for key, text, sd, count, vote, hit, sentence in q(f"SELECT * FROM vg_{kind}"):
        if not hit:
            vote = vote_of(key, text, sentence)
            for name, value in (("key", key), ("text", text), ("sd", sd), ("vote", vote)):
                asked[name].append(value)
        if vote is not None:
            out[aliases.get(key, key)][vote] += count
    con.register("vote_asked", pa.table({n: pa.array(v, pa.string()) for n, v in asked.items()}))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE vm_{kind} AS SELECT key, text, sd, vote FROM vg_{kind} WHERE hit "
        "UNION ALL SELECT key, text, sd, vote FROM vote_asked"
    )
    con.unregister("vote_asked")
    con.execute(f"DROP TABLE vg_{kind}")
    memo.kinds.append(kind)
    return out


def _context_votes(
    con, q, aliases: dict[str, str], labels: dict[str, str], raw_direct: list[str], memo: VoteMemo
) -> dict[str, Counter]:
    """:func:`kg.build.builder.context_votes` over the tables (:func:`_sentence_votes`)."""
    keys = [k for k in raw_direct if labels.get(aliases.get(k, k)) in (DATASET, METHOD)]
    return _sentence_votes(con, q, aliases, keys, mention_type_vote, memo, "type")


def _object_votes(
    con, q, aliases: dict[str, str], labels: dict[str, str], raw_direct: list[str], memo: VoteMemo
) -> dict[str, Counter]:
    """:func:`kg.build.builder.object_votes` over the tables (:func:`_sentence_votes`)."""
    keys = [k for k in raw_direct if object_candidate(labels.get(aliases.get(k, k), ""))]
    return _sentence_votes(con, q, aliases, keys, object_vote, memo, "object")


def _evidence_votes(
    con, q, aliases: dict[str, str], labels: dict[str, str], raw_direct: list[str], memo: VoteMemo
) -> dict[str, Counter]:
    """:func:`kg.build.builder.evidence_votes` over the tables (:func:`_sentence_votes`)."""
    keys = [k for k in raw_direct if labels.get(aliases.get(k, k)) == METHOD]
    return _sentence_votes(con, q, aliases, keys, evidence_vote, memo, "evidence")


def _next_word_votes(
    con, q, aliases: dict[str, str], labels: dict[str, str], raw_direct: list[str], memo: VoteMemo
) -> dict[str, Counter]:
    """:func:`kg.build.builder.next_word_votes` over the tables (:func:`_sentence_votes`)."""
    keys = [k for k in raw_direct if labels.get(aliases.get(k, k)) == CONCEPT]
    return _sentence_votes(con, q, aliases, keys, next_word, memo, "next")


def _field_votes(
    con,
    q,
    aliases: dict[str, str],
    curated: Mapping[str, tuple[str, str]],
    labels: Mapping[str, str],
    raw_direct: list[str],
    memo: VoteMemo,
) -> dict[str, Counter]:
    """:func:`kg.build.builder.field_votes` over the tables (:func:`_sentence_votes`, one kind per label)."""
    out: dict[str, Counter] = defaultdict(Counter)
    for label in FIELD_VOTED:
        keys = [
            k for k in raw_direct if aliases.get(k, k) in curated and labels.get(curated[aliases.get(k, k)][0]) == label
        ]
        votes = _sentence_votes(con, q, aliases, keys, voter(label), memo, f"field_{label.lower()}")
        for key, cues in by_final_key(votes, curated).items():
            out[key].update(cues)
    return out


def _use_votes(
    con, q, aliases: dict[str, str], labels: dict[str, str], raw_direct: list[str], memo: VoteMemo
) -> dict[str, Counter]:
    """:func:`kg.build.builder.use_votes` over the tables (:func:`_sentence_votes`)."""
    keys = [k for k in raw_direct if use_candidate(aliases.get(k, k), labels.get(aliases.get(k, k), ""))]
    return _sentence_votes(con, q, aliases, keys, lambda _, text, sentence: use_of(sentence, text), memo, "use")


#: the papers whose claims :func:`_claims` reads as records at a time: at 100,000 papers the records of every
#: paper stating a claim, as Python objects at once, were the build's peak (~0.5 GB above the DuckDB steps);
#: each batch scans the mentions again (10,000 a batch doubled the claims' CPU seconds at 100,000 papers)
CLAIM_BATCH = 25_000


def _claims(
    con,
    q,
    rekey: Callable[[str, str], str] | None,
    key_of: Callable[[str], str | None],
    labels: dict[str, str],
    memo: ClaimMemo | None = None,
) -> list[Claim]:
    """:func:`kg.build.claims.merge_claims` of the papers' claims: the votes of the papers whose digest
    (:func:`~kg.build.claim_memo.paper_digests`) ``memo`` holds read from it, the others' records
    (:func:`_claim_records`) read and voted :data:`CLAIM_BATCH` papers at a time (the votes are maxima and
    sets: batches give what one call with every record gives)."""
    memo = memo or ClaimMemo(None, "")
    digests = paper_digests(con, q, list(CLAIM_RELS), rekey, key_of, labels)
    kept = memo.kept(con, digests)
    votes = add_votes(votes_of(kept))
    held = set(kept.column("pid").to_pylist())
    todo = [pid for pid in digests if pid not in held]
    step = max(CLAIM_BATCH, 1)
    parts = [kept]  # the memo's rows, a batch's at a time (as Arrow: at 1,000,000 papers ~3 million votes)
    for lo in range(0, len(todo), step):
        rows = list(vote_rows(_claim_records(con, q, rekey, key_of, todo[lo : lo + step]), key_of, labels))
        add_votes(rows, votes)
        if memo.path is not None:
            parts.append(rows_table(rows, digests))
    memo.save(parts, digests)
    return claims_from_votes(votes)


def _claim_records(
    con,
    q,
    rekey: Callable[[str, str], str] | None = None,
    key_of: Callable[[str], str | None] | None = None,
    pids: list[str] | None = None,
) -> list[Extraction]:
    """The records of the papers stating a claim-type relation between two kept entities, holding only what
    :func:`merge_claims` reads of them: those relations; the sentences they name (the others left empty,
    at their index); the abbreviations; and of the node mentions (label, key, text, span, sentence,
    derived) those :func:`kg.build.claims.list_mentions` asks about (the relations' ends), those a model
    relation's character spans name (:func:`~kg.build.claims.parts_of_one_name`) and those in the sentence
    of a model relation with spans (:func:`~kg.build.claims.mentions_between`). ``rekey``: (paper id, key)
    → the relation end's key in that paper (:func:`_rekey_mentions`); ``key_of``: mention key → kept entity
    key or None (a relation with an end not kept, or both ends one entity, makes no claim and is left out).
    ``pids``: only these papers (None: all)."""
    rels: dict[str, list[Relation]] = defaultdict(list)
    con.register("cb_arrow", pa.table({"pid": pa.array(pids or [], pa.string())}))
    rows = q(
        "SELECT p.pid, r.type, r.head, r.tail, r.sentence, r.confidence, r.source, r.spans "
        "FROM p JOIN relations r USING (hash) WHERE r.type IN (SELECT unnest($types)) "
        "AND ($all OR p.pid IN (SELECT pid FROM cb_arrow)) ORDER BY p.pos, r.ord",
        {"types": list(CLAIM_RELS), "all": pids is None},
    )
    ends: set[tuple[str, str]] = set()
    spanned: set[tuple[str, int]] = set()  # (paper, sentence) of a relation with character spans
    spans: set[tuple[str, int, int]] = set()
    said: set[tuple[str, int]] = set()  # (paper, sentence index) a relation names
    for pid, rtype, head, tail, sentence, conf, source, rspans in rows:
        if rekey is not None:
            head, tail = rekey(pid, head), rekey(pid, tail)
        if key_of is not None:
            h, t = key_of(head), key_of(tail)
            if h is None or t is None or h == t:
                continue
        rels[pid].append(Relation(rtype, head, tail, sentence, conf, source, rspans))
        ends.update(((pid, head), (pid, tail)))
        said.add((pid, sentence))
        if rspans and len(rspans) == 4:
            spanned.add((pid, sentence))
            spans.update(((pid, rspans[0], rspans[1]), (pid, rspans[2], rspans[3])))
    if not rels:
        return []

    def arrow(items: set[tuple], names: list[str], types: list) -> pa.Table:
        cols: list[Any] = list(zip(*items, strict=True)) if items else [[] for _ in names]
        return pa.table({n: pa.array(list(c), t) for n, c, t in zip(names, cols, types, strict=True)})

    con.register("cp_arrow", pa.table({"pid": pa.array(list(rels), pa.string())}))
    con.register("ce_arrow", arrow(ends, ["pid", "key"], [pa.string(), pa.string()]))
    con.register("cs_arrow", arrow(spanned | said, ["pid", "i"], [pa.string(), pa.int64()]))
    con.register("csp_arrow", arrow(spanned, ["pid", "i"], [pa.string(), pa.int64()]))
    con.register("cx_arrow", arrow(spans, ["pid", "s", "e"], [pa.string(), pa.int64(), pa.int64()]))
    con.execute("CREATE OR REPLACE TEMP TABLE cp AS SELECT * FROM p WHERE pid IN (SELECT pid FROM cp_arrow)")
    sizes: dict[str, int] = dict(q("SELECT cp.pid, d.sentences FROM cp JOIN done d USING (hash)"))
    sentences: dict[str, list[str]] = {pid: [""] * sizes.get(pid, 0) for pid in rels}
    for pid, i, text in q(
        "SELECT cp.pid, s.i, s.text FROM cp JOIN sentences s USING (hash) "
        "SEMI JOIN cs_arrow c ON c.pid = cp.pid AND c.i = s.i"
    ):
        sentences[pid][i] = text
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for pid, label, key, text, start, end, sent, derived in q(
        """
        SELECT pid, label, key, text, start, "end", sent, derived FROM nm
        WHERE pid IN (SELECT pid FROM cp)
          AND (EXISTS (SELECT 1 FROM ce_arrow c WHERE c.pid = nm.pid AND c.key = nm.key)
               OR EXISTS (SELECT 1 FROM csp_arrow c WHERE c.pid = nm.pid AND c.i = coalesce(nm.sent, -1))
               OR EXISTS (SELECT 1 FROM cx_arrow c WHERE c.pid = nm.pid AND c.s = nm.start AND c.e = nm."end"))
        ORDER BY pos, ord
        """
    ):
        mentions[pid].append(Mention(label, key, text, start, end, -1 if sent is None else sent, derived=derived))
    abbreviations: dict[str, dict[str, str]] = defaultdict(dict)
    for pid, short, long in q("SELECT cp.pid, a.short, a.long FROM cp JOIN abbreviations a USING (hash)"):
        abbreviations[pid][short] = long
    return [
        Extraction(pid, sentences[pid], mentions.get(pid, []), rs, abbreviations.get(pid, {}))
        for pid, rs in rels.items()
    ]
