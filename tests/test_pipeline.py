"""`kg build` as a Python function: read → extract (cached) → build → write, on tests/fixtures/corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import kg.build.pipeline
from extract import ModelNotFound
from kg.build.cache import ExtractionCache
from kg.build.pipeline import NothingToBuild, build, default_cache_path, merge_papers, same_graph
from kg.core.papers import Paper
from kg.store import EmbeddedStore
from queries.schema import CONCEPT, DATASET, METHOD, PAPER, PROPOSES, node_id

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
JSONL, DAILY, BAD = CORPUS / "papers.jsonl", CORPUS / "daily.txt", CORPUS / "bad.jsonl"


@pytest.fixture
def store(tmp_path):
    return EmbeddedStore(tmp_path / "store")


def paper_nodes(G):
    return {d["id"]: d for _, d in G.nodes(data=True) if d["label"] == PAPER}


def papers_of(G, nid):
    return sorted(G.nodes[u]["id"] for u, _ in G.in_edges(nid) if G.nodes[u]["label"] == PAPER)


def test_build_reads_dedupes_and_builds_the_graph(store, reuse_extractor):
    report = build([JSONL, DAILY], store)
    assert (report.read.entries, report.read.duplicates, report.papers, report.new_papers) == (6, 1, 5, 5)
    assert (report.extracted, report.cached, report.changed) == (5, 0, True)
    G = store.read_graph()
    assert report.stats == store.stats()
    ids = set(paper_nodes(G))
    assert (
        len(ids) == 5 and {"papers.jsonl#c1", "papers.jsonl#c2", "papers.jsonl#c3", "papers.jsonl#c4"} <= ids
    )  # ids scoped by their file; the page's own paper has a title-derived id
    # the schema's headline merges, across the two files
    assert papers_of(G, node_id(CONCEPT, "invariance")) == ["papers.jsonl#c1", "papers.jsonl#c2", "papers.jsonl#c3"]
    assert papers_of(G, node_id(CONCEPT, "diffusion")) == ["papers.jsonl#c2", "papers.jsonl#c4"]
    assert papers_of(G, node_id(CONCEPT, "label noise")) == ["papers.jsonl#c1", "papers.jsonl#c3"]
    sae = node_id(METHOD, "sparse autoencoder")
    assert len(papers_of(G, sae)) == 2 and "SAEs" in G.nodes[sae]["aliases"]  # defined in c4, bare on the page
    assert G.has_edge("Paper:papers.jsonl#c1", node_id(METHOD, "kiteseg"), key=PROPOSES)
    assert G.has_edge("Paper:papers.jsonl#c2", node_id(METHOD, "orbitdiff"), key=PROPOSES)
    assert papers_of(G, node_id(DATASET, "cifar10")) == ["papers.jsonl#c1", "papers.jsonl#c2"]


def test_code_urls_are_kept_on_papers(store, reuse_extractor):
    build([JSONL, DAILY], store)
    papers = paper_nodes(store.read_graph())
    assert papers["papers.jsonl#c1"]["code_url"] == "https://github.com/kite-lab/kiteseg"  # a JSONL field
    assert (
        papers["papers.jsonl#c2"]["code_url"] == "https://github.com/orbit/orbitdiff"
    )  # from its duplicate on the page
    steer = next(p for p in papers.values() if p["title"].startswith("Steering"))
    assert steer["code_url"] == "https://github.com/steer-lab/steer"  # "Code is available at ..." in the abstract
    assert papers["papers.jsonl#c3"]["code_url"] is None


def test_rebuilding_the_same_input_changes_nothing(store, reuse_extractor):
    first = build([JSONL, DAILY], store)
    before = store.graph_file.read_bytes()
    mtime = store.graph_file.stat().st_mtime_ns
    second = build([JSONL, DAILY], store)
    assert (second.changed, second.extracted, second.cached, second.new_papers) == (False, 0, 5, 0)
    assert store.graph_file.read_bytes() == before
    assert store.graph_file.stat().st_mtime_ns == mtime  # not even rewritten
    assert second.stats == first.stats


def test_a_warm_rebuild_does_not_load_the_model(store, reuse_extractor, monkeypatch):
    build([JSONL], store)

    def no_model(model=None):
        raise AssertionError("the model was loaded although every paper is cached")

    monkeypatch.setattr(kg.build.pipeline, "load_extractor", no_model)
    assert build([JSONL], store).extracted == 0


@pytest.mark.slow
def test_building_more_files_merges_them_in(store, reuse_extractor):
    build([JSONL], store)
    a = store.read_graph()
    report = build([BAD], store)
    G = store.read_graph()
    assert (report.new_papers, report.papers, report.extracted, report.cached) == (2, 6, 2, 4)
    assert set(paper_nodes(G)) == set(paper_nodes(a)) | {"bad.jsonl#b1", "bad.jsonl#b3"}
    assert node_id(METHOD, "kiteseg") in G and node_id(METHOD, "margincal") in G
    assert papers_of(G, node_id(CONCEPT, "label noise")) == ["bad.jsonl#b3", "papers.jsonl#c1", "papers.jsonl#c3"]
    # the other order ends in the same graph
    other = EmbeddedStore(store.path.parent / "other")
    build([BAD], other)
    build([JSONL], other)
    assert same_graph(other.read_graph(), store.read_graph())


def test_adding_papers_reads_the_stored_papers_not_the_stored_graph(store, reuse_extractor, monkeypatch):
    build([JSONL], store)
    reads = []
    monkeypatch.setattr(store, "read_graph", lambda: reads.append(1) or pytest.fail("the whole graph was read"))
    report = build([BAD], store)
    assert (report.new_papers, report.changed) == (2, True) and not reads
    monkeypatch.undo()
    other = EmbeddedStore(store.path.parent / "other")
    build([JSONL, BAD], other)
    assert same_graph(other.read_graph(), store.read_graph())  # the graph a build of both makes


def test_an_unchanged_paper_set_with_other_thresholds_is_still_compared_and_written(store, reuse_extractor):
    from kg.build.builder import BuildConfig

    build([JSONL], store)
    report = build([JSONL], store, config=BuildConfig(min_entity_papers=3))  # the same papers, another graph
    assert report.changed and report.stats == store.stats()
    assert build([JSONL], store, config=BuildConfig(min_entity_papers=3)).changed is False


def test_remove_reads_the_stored_papers_not_the_stored_graph(store, reuse_extractor, monkeypatch):
    from kg.build.pipeline import remove

    build([JSONL, BAD], store)
    monkeypatch.setattr(store, "read_graph", lambda: pytest.fail("the whole graph was read"))
    nothing = remove(["doi:10.0/none"], store)
    assert (nothing.changed, nothing.unmatched, nothing.papers) == (False, ["doi:10.0/none"], 6)
    assert nothing.stats == store.stats()
    report = remove(["bad.jsonl#b1"], store)
    assert report.changed and report.papers == 5 and report.stats == store.stats()
    monkeypatch.undo()
    assert "bad.jsonl#b1" not in paper_nodes(store.read_graph())


@pytest.mark.slow  # about a second or more
def test_a_paper_read_again_under_another_id_is_not_added_twice(store, reuse_extractor):
    build([JSONL], store)
    report = build([DAILY], store)  # the page repeats c2 without its id
    assert report.new_papers == 1 and report.papers == 5
    papers = paper_nodes(store.read_graph())
    assert papers["papers.jsonl#c2"]["code_url"] == "https://github.com/orbit/orbitdiff"  # filled from the page
    assert sum(p["title"].lower().startswith("invariance priors") for p in papers.values()) == 1


def test_a_changed_abstract_is_extracted_again(tmp_path, store, reuse_extractor):
    src = tmp_path / "papers.jsonl"
    shutil.copy(JSONL, src)
    build([src], store)
    rows = [json.loads(line) for line in src.read_text().splitlines()]
    rows[2]["abstract"] = "We propose PeerVote and evaluate it on SVHN."
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = build([src], store)
    assert (report.extracted, report.cached, report.new_papers, report.changed) == (1, 3, 0, True)
    G = store.read_graph()
    assert paper_nodes(G)["papers.jsonl#c3"]["abstract"] == rows[2]["abstract"]
    assert papers_of(G, node_id(DATASET, "svhn")) == ["papers.jsonl#c3"]
    assert node_id(DATASET, "cifar100") not in G  # only the old abstract named it


def test_bad_records_are_reported_and_the_rest_is_built(store, reuse_extractor):
    report = build([BAD], store)
    assert report.papers == 2 and report.read.skipped == {"malformed JSON": 1}
    assert [p.source for p in report.read.problems] == [f"{BAD}:2"]
    assert set(paper_nodes(store.read_graph())) == {"bad.jsonl#b1", "bad.jsonl#b3"}


def test_nothing_to_read_writes_nothing(tmp_path, store, reuse_extractor):
    with pytest.raises(NothingToBuild) as raised:
        build([tmp_path / "missing.jsonl"], store)
    assert "cannot read file" in str(raised.value.read.problems[0])
    assert not store.exists() and not store.path.exists()


def test_a_build_pauses_the_garbage_collector_outside_spacy_and_restores_it(
    tmp_path, store, reuse_extractor, monkeypatch
):
    import gc

    seen = []
    for step in ("read_sources", "extract_records", "build_graph"):
        real = getattr(kg.build.pipeline, step)
        monkeypatch.setattr(
            kg.build.pipeline,
            step,
            lambda *a, _step=step, _real=real, **k: seen.append((_step, gc.isenabled())) or _real(*a, **k),
        )
    assert gc.isenabled()
    build([JSONL], store)
    # parsed Docs leave cycles, so the collector runs while spaCy parses
    assert seen == [("read_sources", False), ("extract_records", True), ("build_graph", False)] and gc.isenabled()
    with pytest.raises(NothingToBuild):  # also when the build fails
        build([tmp_path / "missing.jsonl"], store)
    assert gc.isenabled()
    gc.disable()  # and a caller's choice stays theirs
    try:
        build([JSONL], store)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_missing_model_is_a_clear_error_and_leaves_the_store_alone(store, reuse_extractor, monkeypatch):
    build([JSONL], store)
    before = store.graph_file.read_bytes()
    monkeypatch.undo()  # back to the real Extractor
    monkeypatch.setenv("KG_SPACY_MODEL", "xx_no_such_model_pkg")
    with pytest.raises(ModelNotFound, match="pip install"):
        build([BAD], store)
    assert store.graph_file.read_bytes() == before


def test_the_cache_lives_beside_the_store_unless_kg_cache_says_otherwise(tmp_path, store, monkeypatch, reuse_extractor):
    monkeypatch.delenv("KG_CACHE", raising=False)
    assert default_cache_path(store) == store.path / "extractions.sqlite"
    build([JSONL], store)
    cache = ExtractionCache(store.path / "extractions.sqlite")
    assert len(cache) == 4
    cache.close()
    monkeypatch.setenv("KG_CACHE", str(tmp_path / "elsewhere.sqlite"))
    assert default_cache_path(store) == tmp_path / "elsewhere.sqlite"


def test_merge_papers_replaces_by_id_and_fills_title_duplicates():
    old = [
        Paper(id="a", title="Alpha", abstract="old"),
        Paper(id="b", title="Beta Paper", abstract="the stored, fuller abstract"),
    ]
    new = [
        Paper(id="a", title="Alpha", abstract="new"),
        Paper(id="x9", title="beta  paper!", abstract="other", code_url="https://github.com/b/b", year=2024),
        Paper(id="c", title="Gamma", abstract="c"),
    ]
    papers, added, collisions = merge_papers(old, new)
    assert (added, collisions) == (1, [])
    by_id = {p.id: p for p in papers}
    assert sorted(by_id) == ["a", "b", "c"]
    assert by_id["a"].abstract == "new"
    assert (by_id["b"].abstract, by_id["b"].code_url, by_id["b"].year) == (
        "the stored, fuller abstract",
        "https://github.com/b/b",
        2024,
    )
