"""Keep every fact, decide at view time: a paper's card holds all of its entities whatever the
corpus thresholds; corpus views (top, related, export, map) cut at the default quality unless --all."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from extract.record import Extraction, Mention
from kg.build.builder import BuildConfig, build_graph
from kg.build.entity_quality import entity_quality, listed, shape_score
from kg.cli import app
from kg.core.papers import Paper
from kg.present.select import Selection, select
from kg.store import MemoryStore, open_store
from queries import api
from queries.cypher_backend import CypherBackend
from queries.quality import DEFAULT_MIN_QUALITY, passes
from queries.schema import CONCEPT, DATASET, METHOD, PAPER, TASK, node_id

runner = CliRunner()

SENTENCES = {
    "p1": ["We study graph sparsification for mode connectivity.", "TinySet is small."],
    "p2": ["Mode connectivity of the loss surface is examined.", "We also address frobnication prediction."],
    "p3": ["Mode connectivity again, with TinySet."],
}


def mention(label, key, text, sentence):
    return Mention(label=label, key=key, text=text, start=0, end=len(text), sentence=sentence)


def fixture_corpus():
    spec = {
        "p1": [
            mention(CONCEPT, "graph sparsification", "graph sparsification", 0),  # one paper only
            mention(CONCEPT, "mode connectivity", "mode connectivity", 0),
            mention(DATASET, "tinyset", "TinySet", 1),
        ],
        "p2": [
            mention(CONCEPT, "mode connectivity", "Mode connectivity", 0),
            mention(TASK, "frobnication prediction", "frobnication prediction", 1),  # one paper only
        ],
        "p3": [
            mention(CONCEPT, "mode connectivity", "Mode connectivity", 0),
            mention(DATASET, "tinyset", "TinySet", 0),
        ],
    }
    papers = [Paper(id=pid, title=f"Paper {pid}", abstract=" ".join(SENTENCES[pid])) for pid in spec]
    records = {pid: Extraction(pid, sentences=SENTENCES[pid], mentions=ms) for pid, ms in spec.items()}
    return papers, records, spec


def card_entities(G, pid):
    backend = CypherBackend(MemoryStore(G))
    from kg.present.paper_card import paper_card

    card = paper_card(backend, pid)
    return {(label, e["key"]): e for label, items in card["entities"].items() for e in items}


@pytest.mark.parametrize(
    "config",
    [
        BuildConfig(),
        BuildConfig(min_concept_papers=3, min_entity_papers=3),
        BuildConfig(min_concept_papers=50, min_entity_papers=50, max_share=0.01, min_relevance=1.0),
    ],
    ids=["auto", "three-papers", "everything-strict"],
)
def test_every_fact_of_a_paper_is_on_its_card_whatever_the_thresholds(config):
    papers, records, spec = fixture_corpus()
    G = build_graph(papers, records, config)
    for pid, mentions in spec.items():
        on_card = card_entities(G, pid)
        for mn in mentions:
            entry = on_card.get((mn.label, mn.key))
            assert entry is not None, (pid, mn.key)
            assert SENTENCES[pid][mn.sentence] in entry["evidence"]


def test_a_one_paper_entity_is_on_its_card_but_only_in_top_with_all():
    papers, records, _ = fixture_corpus()
    G = build_graph(papers, records)
    rare = node_id(CONCEPT, "graph sparsification")
    assert G.nodes[rare]["quality"] < DEFAULT_MIN_QUALITY <= G.nodes[node_id(CONCEPT, "mode connectivity")]["quality"]
    backend = CypherBackend(MemoryStore(G))
    assert "graph sparsification" not in [e["key"] for e in api.top(backend, "concept", n=50)]
    assert "graph sparsification" in [e["key"] for e in api.top(backend, "concept", n=50, min_quality=None)]
    related = api.related(backend, "mode connectivity", n=50)
    assert rare not in [e["id"] for e in related]
    assert rare in [e["id"] for e in api.related(backend, "mode connectivity", n=50, min_quality=None)]
    # the corpus selection (viz, export) drops it unless asked for everything, or named
    assert rare not in select(G, Selection())
    assert rare in select(G, Selection(min_quality=None))
    assert rare in select(G, Selection(around=["graph sparsification"], depth=0))


@pytest.fixture
def store(tmp_path):
    papers, records, _ = fixture_corpus()
    path = tmp_path / "store"
    open_store(path).write_graph(build_graph(papers, records))
    return str(path)


def run_json(*args):
    result = runner.invoke(app, [str(a) for a in args] + ["--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_card_top_related_and_export_apply_the_cut_and_all_shows_everything(store, tmp_path):
    card = run_json("show", "p1", "--store", store)
    on_card = {e["key"]: e for e in card["entities"]["Concept"]}
    assert on_card["graph sparsification"]["quality"] < DEFAULT_MIN_QUALITY  # on the card, though below the cut
    assert on_card["graph sparsification"]["evidence"] == [SENTENCES["p1"][0]]
    assert "graph sparsification" not in [r["key"] for r in run_json("top", "--store", store)]
    assert "graph sparsification" in [r["key"] for r in run_json("top", "--all", "--store", store)]
    assert "graph sparsification" not in [r["key"] for r in run_json("related", "mode connectivity", "--store", store)]
    assert "graph sparsification" in [
        r["key"] for r in run_json("related", "mode connectivity", "--all", "--store", store)
    ]
    for flags, expected in (((), False), (("--all",), True)):
        out = tmp_path / f"export{len(flags)}.json"
        run_json("export", "-o", out, *flags, "--store", store)
        ids = {n.get("_id") or n.get("id") for n in json.loads(out.read_text())["nodes"]}
        assert (node_id(CONCEPT, "graph sparsification") in ids) is expected, ids
        assert node_id(PAPER, "p1") in ids


def test_a_store_without_quality_shows_every_entity(small_graph):
    assert all("quality" not in d for _, d in small_graph.nodes(data=True))
    backend = CypherBackend(MemoryStore(small_graph))
    assert api.top(backend, n=100) == api.top(backend, n=100, min_quality=None)


def test_quality_formula_parts():
    assert entity_quality(1, 1, 0, 0, confidence=0) == pytest.approx(0.7)  # what the old thresholds kept is shown
    assert entity_quality(0.5, 1, 1, 1) < DEFAULT_MIN_QUALITY  # half the papers it needs: hidden
    assert entity_quality(1, 1, 1, 1, generic=True) < DEFAULT_MIN_QUALITY
    assert shape_score(["ResNet50"], "resnet50") > shape_score(["label noise"], "label noise")
    assert shape_score(["label noise"], "label noise") > shape_score(["method"], "method")
    assert listed("imagenet", DATASET) and not listed("imagenet", METHOD)
    assert passes({"quality": 0.7}) and not passes({"quality": 0.69}) and passes({"quality": 0.1}, None)


def test_the_term_map_leaves_out_entities_below_the_cut_unless_asked():
    from kg.present.termmap.network import term_network

    papers, records, _ = fixture_corpus()
    G = build_graph(papers, records)
    rare = node_id(CONCEPT, "graph sparsification")
    assert rare not in {t.id for t in term_network(G, min_papers=1).terms}
    assert rare in {t.id for t in term_network(G, min_papers=1, min_quality=None).terms}


def test_a_format_4_store_gets_the_quality_column_on_first_open_and_shows_every_entity(tmp_path):
    import ladybug

    from kg.store import EmbeddedStore
    from kg.store.migrate import STORE_FORMAT

    papers, records, _ = fixture_corpus()
    G = build_graph(papers, records)
    for _, d in G.nodes(data=True):
        d.pop("quality", None)  # what an older build wrote
    EmbeddedStore(tmp_path).write_graph(G)
    db = ladybug.Database(str(tmp_path / "graph.lbug"))
    conn = ladybug.Connection(db)
    for label in (METHOD, DATASET, TASK, "Metric", CONCEPT):
        conn.execute(f"ALTER TABLE {label} DROP quality")  # as a store of format 4 was written
    conn.close()
    db.close()
    (tmp_path / "format").write_text("4\n")
    backend = CypherBackend(EmbeddedStore(tmp_path))
    everything = api.top(backend, n=50, min_quality=None)
    assert api.top(backend, n=50) == everything  # unscored entities count as shown
    assert "graph sparsification" in [e["key"] for e in everything]
    assert (tmp_path / "format").read_text().strip() == str(STORE_FORMAT)
