"""The columnar build (kg.build.columnar): the same graph as build_graph, from the records kept as tables."""

from __future__ import annotations

import json

import pytest

import kg.build.columnar
import kg.build.pipeline
import kg.store.ladybug_load
from bench.columnar_parity import table_rows as rows
from bench.synthetic import synthetic_corpus
from extract.fingerprint import fingerprint
from extract.record import Extraction, Mention, Relation
from kg.build.builder import BuildConfig, build_graph
from kg.build.cache import ExtractionCache, content_hash
from kg.build.columnar import RecordTables, columnar_graph, compute
from kg.build.pipeline import build, remove, same_graph
from kg.core.graph import graph_stats
from kg.core.papers import Paper
from kg.store import EmbeddedStore
from kg.store.base import StoreError
from kg.store.ladybug_schema import graph_tables
from queries.schema import CITES, CLAIM_RELS, CO_OCCURS, PAPER_RELS
from tests.fixtures.fake_extraction import FakeExtractor

pytest.importorskip("duckdb")


def columnar(papers, records, tmp_path, config=None):
    hashes = {p.id: f"h-{p.id}" for p in papers if p.id in records}
    tables = RecordTables(tmp_path / "tables")
    tables.add((hashes[pid], rec) for pid, rec in records.items())
    return columnar_graph(papers, hashes, tables, config)


def synthetic(n: int, tail: int = 0):
    papers, records = [], {}
    for row, rec in synthetic_corpus(n, tail=tail):
        paper = Paper(
            id=rec.paper_id,
            title=row["title"],
            abstract=row["abstract"],
            doi=row["doi"],
            year=row["year"],
            authors=row.get("authors", []),
            venue=row.get("venue"),
            reference_ids=["doi:" + r.removeprefix("https://doi.org/") for r in row.get("references", [])],
        )
        papers.append(paper)
        records[paper.id] = rec
    return papers, records


@pytest.mark.parametrize("n", [40, 300])
def test_columnar_graph_equals_build_graph_on_a_synthetic_corpus(tmp_path, n):
    papers, records = synthetic(n, tail=1)
    G = build_graph(papers, records)
    kinds = {k for *_, k in G.edges(keys=True)}
    assert CO_OCCURS in kinds and CITES in kinds and kinds & set(CLAIM_RELS) and kinds & set(PAPER_RELS)
    assert same_graph(G, columnar(papers, records, tmp_path))


def M(label, key, text=None, start=0, end=None, sentence=0, role=None, derived=False, confidence=1.0):
    text = text or key
    return Mention(
        label, key, text, start, start + len(text) if end is None else end, sentence, role, derived, confidence
    )


def edge_cases() -> tuple[list[Paper], dict[str, Extraction]]:
    """Records exercising each per-paper rule the columnar build computes in SQL."""
    s = ["We use sparse autoencoders (SAEs) for label noise.", "Noisy labels hurt XGBoost and LightGBM models.", ""]
    recs = {
        "a": Extraction(
            "a",
            s,
            [
                M("Method", "sparse autoencoder", "sparse autoencoders", 7, role="proposes"),
                M("Method", "sae", "SAEs", 28),
                M("Concept", "label noise", "label noise", 38),
                M("Concept", "noisy label", "Noisy labels", 0, sentence=1),
                M("Concept", "label noise", "Noisy labels", 0, 12, sentence=1, derived=True),  # the span of a Concept
                M("Method", "xgboost and lightgbm model", "XGBoost and LightGBM models", 16, sentence=1),
                M("Method", "active learning", "active learning", 60, sentence=9),  # no such sentence
                M("Concept", "learning activity", "active learning", 60, derived=True),  # on a typed span: skipped
                M("Method", "lint", "LINT", 80, role="proposes", confidence=0.1),  # unsure, but named on purpose
                M("Method", "classical approach", "classical approaches", 90, confidence=0.1),  # unsure: no node
                M("Task", "classification", "classification", 100, sentence=-1),
            ],
            [
                Relation("USED_FOR", "sparse autoencoder", "label noise", 0, 0.7, "model"),
                Relation("OUTPERFORMS", "xgboost and lightgbm model", "sae", 1),  # a list: no claim
                Relation("USED_FOR", "sae", "classification", 5, 0.9),  # no such sentence: no evidence
            ],
            {"sae": "sparse autoencoder"},
        ),
        "b": Extraction(
            "b",
            ["SAEs again, and noisy labels.", "MAP is used."],
            [
                M("Method", "sae", "SAEs", 0),
                M("Concept", "noisy label", "noisy labels", 15),
                M("Concept", "label noise", "noisy labels", 100, derived=True),  # the same words elsewhere
                M("Metric", "map", "MAP", 0, sentence=1),
                M("Concept", "label noise", "Label Noise", 30),
            ],
            [Relation("USED_FOR", "sae", "label noise", 0, 0.4), Relation("EVALUATES", "map", "sae", 1, "0.5")],
            {"map": "maximum a posteriori"},
        ),
        "c": Extraction(
            "c",
            ["Mean average precision (MAP) on ImageNet."],
            [M("Metric", "map", "MAP", 0), M("Dataset", "imagenet", "ImageNet", 30), M("Task", "classification")],
            [],
            {"map": "mean average precision"},
        ),
    }
    recs["d"] = recs["c"]  # one content, two papers
    recs["f"] = Extraction(  # model claims merge_claims weighs by their spans (kg.build.claim_priors)
        "f",
        ["Dropout with CNNs improves classification.", "Tidal Echo Pooling for Sonar Mapping (TEPSM)."],
        [
            M("Method", "dropout", "Dropout", 0),
            M("Method", "cnn", "CNNs", 13),
            M("Task", "classification", "classification", 27),
            M("Method", "tep", "Tidal Echo Pooling", 50, sentence=1),
            M("Task", "sonar mapping", "Sonar Mapping", 73, sentence=1),
        ],
        [
            Relation("USED_FOR", "dropout", "classification", 0, 0.9, "model", [0, 7, 27, 41]),  # a mention between
            Relation("USED_FOR", "tep", "sonar mapping", 1, 0.9, "model", [50, 68, 73, 86]),  # parts of one name
        ],
        {"TEPSM": "Tidal Echo Pooling for Sonar Mapping"},
    )
    recs["g"] = Extraction(  # the abbreviation check on the paper's written forms, and types from the sentences
        "g",
        [
            "We propose Class-Agnostic Segmentation (CANet) for masks.",
            "Our method fools trackers such as DaSiamRPN and DiMP.",
            "We evaluate on KITTI and compare with canet and CANet.",
        ],
        [
            M("Method", "class agnostic segmentation", "Class-Agnostic Segmentation", 11, role="proposes"),
            M("Method", "canet", "canet", 39, sentence=2),  # the last written form decides: "CANet" does not fit
            M("Method", "canet", "CANet", 40),
            M("Dataset", "dasiamrpn", "DaSiamRPN", 34, sentence=1),  # called trackers: Methods
            M("Dataset", "dimp", "DiMP", 48, sentence=1),
            M("Dataset", "dimp", "DiMP", 48, sentence=1),  # the same vote twice
            M("Dataset", "kitti", "KITTI", 15, sentence=2),  # evaluated on: stays a Dataset
            M("Task", "entity recognition", "entity recognition", 60, sentence=9),  # no such sentence
            M("Task", "ner", "NER", 80, sentence=9),
        ],
        [],
        {"canet": "class agnostic segmentation", "ner": "entity recognition"},  # "entity recognition": a known term cut
    )
    papers = [
        Paper(id=p, title=f"Paper {p}", abstract=p, year=y, doi=f"10.1/{p}", reference_ids=refs, authors=authors)
        for p, y, refs, authors in (
            ("a", 2020, ["doi:10.1/b"], ["Ada Lovelace"]),
            ("b", None, ["doi:10.1/a", "doi:10.1/c"], ["Lovelace, A.", "Alan Turing"]),
            ("c", 2019, [], []),
            ("d", 2021, ["doi:10.1/a"], []),
            ("e", 2022, [], []),  # no record
            ("f", 2023, [], []),
            ("g", 2024, [], []),
        )
    ]
    return papers, recs


@pytest.mark.parametrize(
    "config", [None, BuildConfig(min_concept_papers=1, min_entity_papers=1, min_cooccurrence_papers=1)]
)
def test_columnar_graph_equals_build_graph_on_the_edge_cases(tmp_path, config):
    papers, records = edge_cases()
    G = build_graph(papers, records, config)
    assert G.nodes["Method:sparse autoencoder"]["papers"] == 2  # the cases did what they are there for
    assert "Concept:learning activity" not in G and "Method:lint" in G and "Method:classical approach" not in G
    assert any(k in CLAIM_RELS for *_, k in G.edges(keys=True))
    assert "Method:canet" in G and "Method:dimp" in G and "Dataset:dimp" not in G and "Dataset:kitti" in G
    assert same_graph(G, columnar(papers, records, tmp_path, config))


@pytest.mark.parametrize("case", ["synthetic", "edge"])
def test_columnar_tables_equal_the_tables_of_build_graph(tmp_path, case):
    papers, records = synthetic(200, tail=1) if case == "synthetic" else edge_cases()
    hashes = {p.id: f"h-{p.id}" for p in papers if p.id in records}
    tables = RecordTables(tmp_path / "tables")
    tables.add((hashes[pid], rec) for pid, rec in records.items())
    G = build_graph(papers, records)
    made = compute(papers, hashes, tables).tables()
    assert rows(made.tables) == rows(graph_tables(G))
    assert made.stats == graph_stats(G)
    # the search index's rows: the Paper nodes (the citations the bibliography counts apart: the index has none)
    graph_rows = [{k: v for k, v in d.items() if k != "citations"} for _, d in sorted(G.nodes(data=True))]
    assert list(made.papers.paper_rows()) == [d for d in graph_rows if d["label"] == "Paper"]


def test_columnar_steps_under_a_memory_limit_give_the_same_graph_and_remove_their_spill_folder(tmp_path, monkeypatch):
    """KG_BUILD_MEMORY caps DuckDB, which spills past it to a temporary folder, removed afterwards."""
    import tempfile

    import kg.build.columnar as columnar_module

    papers, records = synthetic(300, tail=1)
    G = build_graph(papers, records)
    made: list[str] = []
    real = tempfile.TemporaryDirectory

    def temporary(*args, **kwargs):
        folder = real(*args, dir=tmp_path, **{k: v for k, v in kwargs.items() if k != "dir"})
        made.append(folder.name)
        return folder

    monkeypatch.setattr(columnar_module.tempfile, "TemporaryDirectory", temporary)
    monkeypatch.setenv("KG_BUILD_MEMORY", "64")
    seen: list[dict] = []
    config = columnar_module.duckdb_config
    monkeypatch.setattr(columnar_module, "duckdb_config", lambda spill: seen.append(config(spill)) or seen[-1])
    assert same_graph(G, columnar(papers, records, tmp_path))
    assert seen == [{"memory_limit": "64MB", "temp_directory": made[0]}]
    assert not any(tmp_path.glob("kg-columnar-*"))  # the spill folder is gone
    monkeypatch.delenv("KG_BUILD_MEMORY")  # unset: DuckDB's own limit
    assert same_graph(G, columnar(papers, records, tmp_path / "again"))
    assert seen[1] == {"temp_directory": made[1]}


@pytest.mark.parametrize("value", ["lots", "12", "-1"])
def test_a_bad_build_memory_is_a_clear_error(tmp_path, monkeypatch, value):
    monkeypatch.setenv("KG_BUILD_MEMORY", value)
    papers, records = synthetic(5)
    with pytest.raises(ValueError, match=f"KG_BUILD_MEMORY={value!r}: expected a whole number of MB, at least 64"):
        columnar(papers, records, tmp_path)


def test_record_tables_hold_each_record_once_and_only_whole_shards(tmp_path):
    tables = RecordTables(tmp_path / "t")
    assert tables.hashes() == set()
    _, records = edge_cases()
    assert tables.add([("h1", records["a"]), ("h2", records["b"])]) == 2
    (tmp_path / "t" / ".mentions-x.parquet.tmp").write_bytes(b"half")  # a write that stopped part-way
    (tmp_path / "t" / "mentions-000000001-dead.parquet").write_bytes(b"no done file")
    assert tables.hashes() == {"h1", "h2"} and len(tables.shards()) == 1


# ------------------------------------------------------------------ kg build with the columnar engine


def _jsonl(path, papers: dict[str, str]):
    path.write_text(
        "".join(json.dumps({"doi": f"10.9999/{k}", "title": f"T {k}", "abstract": v}) + "\n" for k, v in papers.items())
    )
    return path


FIRST = {
    "p1": "Method+:FlowState | abbr:fs=flowstate | Dataset:ETTh1 | rel:EVALUATES:etth1:flowstate",
    "p2": "Method:FS | Method:PatchTST | Concept:forecasting | rel:OUTPERFORMS:fs:patchtst:0.8:model",
    "p3": "Method:PatchTST | Dataset:ETTh1 | Concept:forecasting",
}
MORE = {
    "p4": "Method:FlowState | Concept:forecasting | Dataset:Weather",
    "p5": "Method+:TimeMixer | Method:PatchTST | rel:OUTPERFORMS:timemixer:patchtst",
}


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(kg.build.pipeline, "load_extractor", lambda model=None: FakeExtractor())


def test_adding_papers_columnar_equals_a_cold_build_of_all(tmp_path, fake, monkeypatch):
    first, more = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "more.jsonl", MORE)
    inc = EmbeddedStore(tmp_path / "inc")
    build([first], inc, engine="columnar")
    asked: list[str] = []
    get_many = ExtractionCache.get_many
    monkeypatch.setattr(
        ExtractionCache, "get_many", lambda self, hs: asked.extend(hs := list(hs)) or get_many(self, hs)
    )
    report = build([more], inc, engine="columnar")
    monkeypatch.undo()
    assert (report.new_papers, report.extracted, report.papers) == (2, 2, 5)
    assert len(asked) == 2  # only the new papers' records were looked up; the others come from the tables
    assert len(RecordTables.beside(inc.path / "extractions.sqlite").shards()) == 2

    monkeypatch.setattr(kg.build.pipeline, "load_extractor", lambda model=None: FakeExtractor())
    cold = EmbeddedStore(tmp_path / "cold")
    build([first, more], cold, engine="networkx")
    assert same_graph(inc.read_graph(), cold.read_graph())
    assert report.stats == cold.stats()
    mtime = inc.graph_file.stat().st_mtime_ns
    again = build([more], inc, engine="columnar")  # nothing new: compared with the stored graph, not rewritten
    assert (again.changed, again.new_papers) == (False, 0) and inc.graph_file.stat().st_mtime_ns == mtime

    removed = remove(["https://doi.org/10.9999/p5"], inc, engine="columnar")
    assert [r["id"] for r in removed.removed] and removed.papers == 4
    remove(["https://doi.org/10.9999/p5"], cold, engine="networkx")
    assert same_graph(inc.read_graph(), cold.read_graph())


def test_a_failed_write_leaves_the_store_as_it_was(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("KG_WRITE_CHANGES", "0")  # the whole database written (tests/test_write_changes.py: the changes)
    first, more = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "more.jsonl", MORE)
    store = EmbeddedStore(tmp_path / "s")
    build([first], store, engine="columnar")
    before = store.read_graph()
    load = kg.store.ladybug_load.load_graph

    def fail_midway(conn, graph):
        assert isinstance(graph, list)  # the columnar build hands the store its tables
        tables = graph
        conn.execute(tables[0].ddl())  # part of the new database written, then an error
        raise StoreError("disk on fire")

    monkeypatch.setattr(kg.store.ladybug_load, "load_graph", fail_midway)
    with pytest.raises(StoreError, match="disk on fire"):
        build([more], store, engine="columnar")
    monkeypatch.setattr(kg.store.ladybug_load, "load_graph", load)
    assert same_graph(store.read_graph(), before)
    assert build([more], store, engine="columnar").papers == 5  # and the next build goes through


def test_the_engine_comes_from_the_environment_and_a_bad_one_is_refused(tmp_path, fake, monkeypatch):
    first = _jsonl(tmp_path / "first.jsonl", FIRST)
    monkeypatch.setenv("KG_BUILD_ENGINE", "columnar")
    store = EmbeddedStore(tmp_path / "s")
    build([first], store)
    assert RecordTables.beside(store.path / "extractions.sqlite").hashes() == {
        content_hash(fingerprint(), f"T {k}", v) for k, v in FIRST.items()
    }
    monkeypatch.setenv("KG_BUILD_ENGINE", "spark")
    with pytest.raises(ValueError, match="KG_BUILD_ENGINE"):
        build([first], EmbeddedStore(tmp_path / "t"))


def test_damaged_record_tables_are_set_aside_and_rebuilt_from_the_cache(tmp_path, fake):
    first = _jsonl(tmp_path / "first.jsonl", FIRST)
    store = EmbeddedStore(tmp_path / "s")
    build([first], store, engine="columnar")
    before = store.read_graph()
    folder = RecordTables.beside(store.path / "extractions.sqlite").folder
    shard = next(folder.glob("mentions-*.parquet"))
    shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])  # truncated
    report = build([first], store, engine="columnar", rebuild=True)
    assert any("record tables" in w and "set aside" in w for w in report.warnings)
    assert report.extracted == 0  # the records came from the cache, not from spaCy
    assert same_graph(store.read_graph(), before)
    assert list(folder.parent.glob("extractions.tables.damaged-*")) and RecordTables(folder).shards()


def test_record_tables_linked_elsewhere_are_refused(tmp_path, fake):
    from kg.store.files import LinkRefused

    (tmp_path / "s").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "s" / "extractions.tables").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(LinkRefused):
        build([_jsonl(tmp_path / "first.jsonl", FIRST)], EmbeddedStore(tmp_path / "s"), engine="columnar")
    assert not any((tmp_path / "elsewhere").iterdir())


def test_a_step_out_of_its_memory_limit_runs_again_without_the_cap(tmp_path, monkeypatch):
    import duckdb

    import kg.build.columnar as columnar_module

    papers, records = synthetic(60, tail=1)
    real, calls = columnar_module._compute, []

    def capped_fails(con, *args):
        limit = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        calls.append(limit)
        if len(calls) == 1:
            raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 16.0 MiB")
        return real(con, *args)

    monkeypatch.setattr(columnar_module, "_compute", capped_fails)
    monkeypatch.setenv("KG_BUILD_MEMORY", "100")
    assert same_graph(build_graph(papers, records), columnar(papers, records, tmp_path))
    assert calls[0].replace(" ", "") in ("95.3MiB", "100.0MB", "95.3MB") and calls[1] != calls[0]


def test_running_out_of_memory_is_an_error_not_damage(tmp_path, fake, monkeypatch):
    import duckdb

    import kg.build.columnar as columnar_module

    def out_of_memory(*args, **kwargs):
        raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate data of size 16.0 MiB\nmore")

    store = EmbeddedStore(tmp_path / "s")
    build([_jsonl(tmp_path / "first.jsonl", FIRST)], store, engine="columnar")
    monkeypatch.setattr(columnar_module, "compute", out_of_memory)
    with pytest.raises(RuntimeError, match="^the columnar build ran out of memory: Out of Memory Error: failed"):
        build([_jsonl(tmp_path / "second.jsonl", {"z9": "A new abstract on kites."})], store, engine="columnar")
    assert not list(store.path.glob("extractions.tables.damaged-*"))  # the record tables stay where they are


def test_record_batches_parse_the_uncached_first_then_read_the_cached_in_batches_keeping_shared_records_together(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(kg.build.pipeline, "RECORD_BATCH", 2)
    papers = [Paper(id=f"p{i}", title=f"T{i}", abstract="a") for i in range(1, 6)]
    hashes = {"p1": "h1", "p2": "h23", "p3": "h23", "p4": "h4", "p5": "h5"}  # p2 and p3 share a record
    cache = ExtractionCache(tmp_path / "extractions.sqlite")
    cache.put_many((h, Extraction(h, ["s"], [], [], {})) for h in ("h23", "h4", "h5"))  # p1's is not cached
    cache.close()
    options = kg.build.pipeline.BuildOptions(progress=lambda done, total: None)
    report = kg.build.pipeline.RemoveReport(store="s")
    batches = list(kg.build.pipeline._record_batches(papers, hashes, tmp_path / "extractions.sqlite", options, report))
    assert [[p.id for p in batch] for batch, _ in batches] == [["p1"], ["p2", "p3", "p4"], ["p5"]]
    assert batches[0][1] is options and all(o.progress is None for _, o in batches[1:])  # nothing left to parse


def test_a_cold_columnar_build_from_the_cache_in_batches_equals_the_networkx_build(tmp_path, fake, monkeypatch):
    first, more = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "more.jsonl", MORE)
    cache = tmp_path / "cache.sqlite"
    reference = EmbeddedStore(tmp_path / "nx")
    build([first, more], reference, engine="networkx", cache_path=cache)  # every record now cached
    monkeypatch.setattr(kg.build.pipeline, "RECORD_BATCH", 2)
    cold = EmbeddedStore(tmp_path / "col")
    report = build([first, more], cold, engine="columnar", cache_path=cache)
    assert (report.extracted, report.cached, report.papers) == (0, 5, 5)
    assert len(RecordTables.beside(cache).shards()) == 3  # 5 records, 2 at a time
    assert same_graph(cold.read_graph(), reference.read_graph())


def test_the_links_made_a_few_papers_at_a_time_are_those_made_at_once(tmp_path, monkeypatch):
    papers, records = synthetic(120, tail=1)
    hashes = {p.id: f"h-{p.id}" for p in papers if p.id in records}
    tables = RecordTables(tmp_path / "tables")
    tables.add((hashes[pid], rec) for pid, rec in records.items())
    whole = compute(papers, hashes, tables)
    monkeypatch.setattr(kg.build.columnar, "LINK_BATCH", 7)
    batched = compute(papers, hashes, tables)
    assert whole.links.num_rows > 100 and any(whole.links.column("evidence").to_pylist())
    assert batched.links.equals(whole.links)  # the same rows, in the same order


def test_the_claims_voted_a_few_papers_at_a_time_are_those_voted_at_once(tmp_path, monkeypatch):
    papers, records = synthetic(120, tail=1)
    hashes = {p.id: f"h-{p.id}" for p in papers if p.id in records}
    tables = RecordTables(tmp_path / "tables")
    tables.add((hashes[pid], rec) for pid, rec in records.items())
    whole = compute(papers, hashes, tables)
    monkeypatch.setattr(kg.build.columnar, "CLAIM_BATCH", 7)
    (tmp_path / "tables" / "claims.parquet").unlink()  # every paper voted again, 7 at a time
    batched = compute(papers, hashes, tables)
    assert len(whole.claims) > 10 and any(len(c.paper_ids) > 1 for c in whole.claims)
    assert batched.claims == whole.claims


def _counted_votes(monkeypatch) -> list[str]:
    """The sentence votes :func:`kg.build.columnar._sentence_votes` asks from now on (its kind, one entry each)."""
    asked: list[str] = []
    inner = kg.build.columnar._sentence_votes

    def counted(con, q, aliases, keys, vote_of, memo, kind):
        def vote(*args):
            asked.append(kind)
            return vote_of(*args)

        return inner(con, q, aliases, keys, vote, memo, kind)

    monkeypatch.setattr(kg.build.columnar, "_sentence_votes", counted)
    return asked


def test_the_sentence_votes_are_kept_for_the_next_build_and_asked_only_of_new_sentences(tmp_path, monkeypatch):
    papers, records = synthetic(300, tail=1)
    hashes = {p.id: f"h-{p.id}" for p in papers if p.id in records}
    first = papers[:280]
    tables = RecordTables(tmp_path / "tables")
    tables.add((hashes[p.id], records[p.id]) for p in first if p.id in records)
    asked = _counted_votes(monkeypatch)
    assert same_graph(compute(first, hashes, tables).graph(), build_graph(first, records))
    cold = len(asked)
    assert {"type", "use"} <= set(asked) and (tmp_path / "tables" / "votes.parquet").exists()
    asked.clear()  # the same papers again: every vote read back from the memo
    assert same_graph(compute(first, hashes, tables).graph(), build_graph(first, records))
    assert asked == []
    tables.add((hashes[p.id], records[p.id]) for p in papers[280:] if p.id in records)
    assert same_graph(compute(papers, hashes, tables).graph(), build_graph(papers, records))
    assert 0 < len(asked) < cold  # 20 papers more: their sentences only


@pytest.mark.parametrize("spoil", ["other code", "garbage"])
def test_a_memo_of_other_code_or_unreadable_is_not_read(tmp_path, monkeypatch, spoil):
    papers, records = synthetic(120, tail=1)
    hashes = {p.id: f"h-{p.id}" for p in papers if p.id in records}
    tables = RecordTables(tmp_path / "tables")
    tables.add((hashes[pid], rec) for pid, rec in records.items())
    asked = _counted_votes(monkeypatch)
    compute(papers, hashes, tables)
    cold = len(asked)
    if spoil == "other code":
        monkeypatch.setattr(kg.build.columnar, "vote_code_digest", lambda: "another")
    else:
        (tmp_path / "tables" / "votes.parquet").write_bytes(b"not parquet")
    asked.clear()
    assert same_graph(compute(papers, hashes, tables).graph(), build_graph(papers, records))
    assert len(asked) == cold > 0
