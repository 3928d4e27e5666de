"""kg path prefers claims (issue 18, deliverable 3): a chain of claims at most one hop longer than the
shortest paper chain wins; else the paper chain. Both stores agree."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.core.graph import add_claim, add_entity
from kg.store import open_store
from queries import api
from queries.errors import QueryError
from tests.fixtures.graphs import graph_backend, make_claims_graph


@pytest.fixture
def graph():
    """The claims graph with NoiseNet EXTENDS FlowNet (joining its two claim components) and an
    entity only a claim reaches."""
    G = make_claims_graph()
    add_claim(G, "Method:noisenet", "Method:flownet", "EXTENDS", ["p4"], ["FlowNet extends NoiseNet."], 0.5, ["rule"])
    add_entity(G, "Concept", "island", "island")
    add_claim(G, "Concept:island", "Method:bert", "PART_OF", ["p5"], ["Islands are part of BERT."], 0.4, ["model"])
    return G


@pytest.fixture
def backend(graph):
    return graph_backend(graph)


def test_a_claim_chain_one_hop_longer_than_the_paper_chain_wins(backend):
    # ImageNet and diffusion share papers p2 and p3 (1 hop); ImageNet EVALUATES NoiseNet IS_A diffusion (2)
    result = api.path(backend, "ImageNet", "diffusion")
    assert result["basis"] == "claims"
    assert result["nodes"] == ["Dataset:imagenet", "Method:noisenet", "Concept:diffusion"]
    assert [[c["predicate"] for c in h["claims"]] for h in result["hops"]] == [["EVALUATES"], ["IS_A"]]
    assert result["hops"][0]["claims"][0]["evidence"] == ["We compare BERT and NoiseNet on ImageNet using accuracy."]
    assert api.explain_path(result) == [
        "ImageNet (Dataset) → diffusion (Concept) in 2 claim(s):",
        "1. ImageNet [EVALUATES → (1 paper)] NoiseNet",
        "     “We compare BERT and NoiseNet on ImageNet using accuracy.”",
        "2. NoiseNet [IS_A → (1 paper)] diffusion",
        "     “NoiseNet is a diffusion model.”",
    ]


def test_a_claim_chain_two_hops_longer_loses(backend):
    # invariance and ImageNet share p3 (1 hop); the claims go invariance - FlowNet - NoiseNet - ImageNet (3)
    result = api.path(backend, "invariance", "ImageNet")
    assert result["basis"] == "papers"
    assert result["nodes"] == ["Concept:invariance", "Paper:p3", "Dataset:imagenet"]
    assert "claims" not in result["hops"][0]


def test_claim_hops_name_every_claim_in_its_direction(backend):
    result = api.path(backend, "BERT", "NoiseNet")
    assert result["basis"] == "claims" and result["nodes"] == ["Method:bert", "Method:noisenet"]
    [row] = api.path_rows(result)
    # OUTPERFORMS reads NoiseNet → BERT; COMPARED_WITH is stored from the smaller id (BERT)
    assert row["claims"] == ["← OUTPERFORMS", "COMPARED_WITH →"]
    assert (row["paper"], row["from"], row["to"]) == (None, "BERT", "NoiseNet")
    assert row["evidence"] == ["NoiseNet outperforms BERT.", "We compare BERT and NoiseNet on ImageNet using accuracy."]


def test_no_claim_chain_and_the_hop_limit_keep_the_paper_chain(backend):
    assert api.path(backend, "ImageNet", "CIFAR-10")["basis"] == "papers"  # CIFAR-10 is in no claim
    # within one hop the paper chain is the only answer
    assert api.path(backend, "ImageNet", "diffusion", max_hops=1)["basis"] == "papers"
    same = api.path(backend, "ImageNet", "ImageNet")
    assert (same["nodes"], same["hops"], same["basis"]) == (["Dataset:imagenet"], [], "papers")


def test_claims_alone_connect_an_entity_no_paper_names(backend):
    result = api.path(backend, "island", "NoiseNet")
    assert (result["basis"], result["nodes"]) == ("claims", ["Concept:island", "Method:bert", "Method:noisenet"])
    with pytest.raises(QueryError, match="no connection"):
        api.path(backend, "island", "NoiseNet", max_hops=1)


def test_kg_path_cli_shows_the_claim_chain(tmp_path, graph):
    open_store(tmp_path / "store").write_graph(graph)
    runner = CliRunner()
    out = runner.invoke(app, ["path", "ImageNet", "diffusion", "--json", "--store", str(tmp_path / "store")])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == json.loads(json.dumps(api.path(graph_backend(graph), "ImageNet", "diffusion")))
    text = runner.invoke(app, ["path", "ImageNet", "diffusion", "--store", str(tmp_path / "store")]).stdout
    assert "in 2 claim(s)" in text and "[IS_A → (1 paper)]" in text


@pytest.mark.usefixtures("bolt_env")
def test_claim_paths_are_the_same_on_neo4j(graph):
    from kg.store.neo4j_store import open_neo4j_store
    from queries import CypherBackend

    store = open_neo4j_store()
    store.write_graph(graph)
    neo = CypherBackend(store)
    try:
        lady = graph_backend(graph)
        ids = [e["id"] for e in lady.entities()]
        bases = set()
        for a in ids:
            for b in ids:
                for hops in (1, 6):
                    expected = lady.path(a, b, hops)
                    assert neo.path(a, b, hops) == expected, (a, b, hops)
                    bases.add(expected and expected["basis"])
        assert bases == {None, "papers", "claims"}
    finally:
        neo.close()
