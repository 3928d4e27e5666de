"""Claims decided at view time: views show claims the classifier thinks more likely than not, between
entities above the quality cut; --all (min_confidence=None, min_quality=None) shows every one."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.core.graph import add_claim
from kg.present.select import Selection, select
from kg.store import open_store
from queries import api
from queries.quality import DEFAULT_MIN_CONFIDENCE, claim_passes
from tests.fixtures.graphs import graph_backend, make_claims_graph

runner = CliRunner()

UNSURE = ("Method:bert", "USED_FOR", "Concept:diffusion", ["p5"], ["BERT might help diffusion."], 0.3, ["model"])


@pytest.fixture
def graph():
    """The claims fixture plus one claim below the confidence cut and one whose subject is below the quality cut."""
    G = make_claims_graph()
    add_claim(G, *UNSURE[:1], UNSURE[2], UNSURE[1], *UNSURE[3:])
    G.nodes["Method:flownet"]["quality"] = 0.2  # FlowNet USED_FOR time series forecasting: an end below the cut
    return G


def triples(rows) -> set[tuple]:
    return {(r["head"]["name"], r["predicate"], r["tail"]["name"]) for r in rows}


def test_the_api_cuts_unsure_claims_and_claims_with_a_weak_end_unless_asked(graph):
    b = graph_backend(graph)
    shown = triples(api.claims(b))
    everything = triples(api.claims(b, min_confidence=None, min_quality=None))
    assert ("BERT", "USED_FOR", "diffusion") not in shown and ("BERT", "USED_FOR", "diffusion") in everything
    assert ("FlowNet", "USED_FOR", "time series forecasting") not in shown
    assert ("FlowNet", "USED_FOR", "time series forecasting") in everything
    assert ("NoiseNet", "USED_FOR", "label noise") in shown
    assert len(everything) == len(shown) + 3  # the unsure claim and FlowNet's two


def test_kg_claims_all_lists_every_claim(graph, tmp_path):
    store = tmp_path / "store"
    open_store(store).write_graph(graph)
    default = json.loads(runner.invoke(app, ["claims", "--store", str(store), "--json"]).stdout)
    every = json.loads(runner.invoke(app, ["claims", "--store", str(store), "--json", "--all"]).stdout)
    assert ("BERT", "USED_FOR", "diffusion") in triples(every) - triples(default)
    card = json.loads(runner.invoke(app, ["show", "BERT", "--store", str(store), "--json"]).stdout)
    assert ("BERT", "USED_FOR", "diffusion") not in triples(card["claims"])


def test_corpus_views_drop_unsure_claims_unless_everything_is_asked_for(graph):
    default = select(graph, Selection())
    everything = select(graph, Selection(min_quality=None))
    assert not default.has_edge("Method:bert", "Concept:diffusion", key="USED_FOR")
    assert everything.has_edge("Method:bert", "Concept:diffusion", key="USED_FOR")
    assert default.has_edge("Method:noisenet", "Concept:label noise", key="USED_FOR")


def test_claim_passes_reads_confidence_and_both_ends():
    assert claim_passes({"confidence": DEFAULT_MIN_CONFIDENCE})
    assert not claim_passes({"confidence": 0.49})
    assert claim_passes({}, head={"quality": 0.9}, tail={})  # rules and unscored ends pass
    assert not claim_passes({"confidence": 1.0}, head={"quality": 0.9}, tail={"quality": 0.1})
    assert claim_passes({"confidence": 0.1}, None, None, {"quality": 0.0})
