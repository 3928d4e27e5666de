"""Reading claims (issue 18, deliverable 3): queries.api.claims and kg claims both ways, kg show's
groups, Neo4j parity, and every export carrying them."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.present.export import export_graph
from kg.store import open_store
from queries import api
from queries.errors import QueryError
from tests.fixtures.graphs import CLAIMS, graph_backend, make_claims_graph

runner = CliRunner()


@pytest.fixture
def claims_graph():
    return make_claims_graph()


@pytest.fixture
def store(tmp_path, claims_graph):
    path = tmp_path / "store"
    open_store(path).write_graph(claims_graph)
    return str(path)


def run(*args) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    return result.stdout


def triples(rows) -> list[tuple]:
    return [(r["head"]["name"], r["predicate"], r["tail"]["name"], r["papers"]) for r in rows]


# --- the API ---------------------------------------------------------------------------------------


def test_api_claims_lists_every_claim_best_supported_first(claims_graph):
    rows = api.claims(graph_backend(claims_graph))
    assert len(rows) == len(CLAIMS)
    assert triples(rows)[:2] == [("NoiseNet", "USED_FOR", "label noise", 2), ("NoiseNet", "OUTPERFORMS", "BERT", 1)]
    assert rows == sorted(rows, key=lambda r: (-r["papers"], -r["confidence"], r["predicate"], r["head"]["id"]))
    first = rows[0]
    assert (first["paper_ids"], first["confidence"], first["sources"]) == (["p1", "p5"], 0.96, ["model"])
    assert first["evidence"] == ["We propose NoiseNet for label noise.", "NoiseNet handles noisy labels."]


def test_api_claims_filters_by_entity_predicate_and_support(claims_graph):
    b = graph_backend(claims_graph)
    assert triples(api.claims(b, "FlowNet")) == [
        ("FlowNet", "USED_FOR", "time series forecasting", 1),
        ("invariance", "FEATURE_OF", "FlowNet", 1),
    ]
    assert triples(api.claims(b, "noisenet", predicate="evaluates")) == [
        ("ImageNet", "EVALUATES", "NoiseNet", 1),
        ("accuracy", "EVALUATES", "NoiseNet", 1),
    ]
    assert triples(api.claims(b, predicate=["is-a", "Compared with"])) == [
        ("BERT", "COMPARED_WITH", "NoiseNet", 1),
        ("NoiseNet", "IS_A", "diffusion", 1),
    ]
    assert triples(api.claims(b, min_papers=2)) == [("NoiseNet", "USED_FOR", "label noise", 2)]
    assert len(api.claims(b, limit=3)) == 3
    with pytest.raises(QueryError, match="unknown predicate 'cites'; choose one of USED_FOR"):
        api.claims(b, predicate="cites")
    with pytest.raises(QueryError, match="min_papers"):
        api.claims(b, min_papers=0)


def test_show_groups_claims_by_predicate_and_direction(claims_graph):
    b = graph_backend(claims_graph)
    groups = {
        g["heading"]: [(c["name"], c["papers"], c["evidence"]) for c in g["claims"]]
        for g in api.show(b, "NoiseNet")["claim_groups"]
    }
    assert list(groups) == [
        "used for",
        "evaluated with/on",
        "broader terms (is a kind of)",
        "compared with",
        "outperforms",
    ]
    assert groups["used for"] == [("label noise", 2, "We propose NoiseNet for label noise.")]
    assert [name for name, _, _ in groups["evaluated with/on"]] == ["ImageNet", "accuracy"]
    # IS_A gives narrower terms ("kinds") on the broader term's card, the other side of a claim elsewhere
    diffusion = {g["heading"]: [c["name"] for c in g["claims"]] for g in api.show(b, "diffusion")["claim_groups"]}
    assert diffusion == {"kinds (narrower terms)": ["NoiseNet"]}
    bert = {g["heading"]: [c["name"] for c in g["claims"]] for g in api.show(b, "BERT")["claim_groups"]}
    assert bert == {"compared with": ["NoiseNet"], "outperformed by": ["NoiseNet"]}
    assert api.show(b, "CIFAR-10")["claim_groups"] == []


# --- the CLI ---------------------------------------------------------------------------------------


def test_kg_claims_json_csv_and_table_match_the_api(store, claims_graph):
    rows = json.loads(run("claims", "NoiseNet", "--json", "--store", store))
    assert rows == api.claims(graph_backend(claims_graph), "NoiseNet", limit=50)
    table = list(csv.DictReader(io.StringIO(run("claims", "--predicate", "used-for", "--csv", "--store", store))))
    assert [(r["subject"], r["predicate"], r["object"], r["papers"]) for r in table] == [
        ("NoiseNet", "USED_FOR", "label noise", "2"),
        ("FlowNet", "USED_FOR", "time series forecasting", "1"),
    ]
    assert table[0]["paper_ids"] == "p1; p5" and table[0]["confidence"] == "0.96"
    assert json.loads(run("claims", "--min-papers", "2", "--json", "--store", store))[0]["papers"] == 2
    out = run("claims", "--store", store)
    assert "Claims" in out and "OUTPERFORMS" in out and "“We propose" in out
    header = run("claims", "BERT", "-P", "extends", "--csv", "--store", store)
    assert header.splitlines() == [
        "subject,subject_label,predicate,object,object_label,papers,confidence,evidence,"
        "paper_ids,sources,subject_key,object_key"
    ]


def test_kg_claims_errors_are_one_line(store):
    result = runner.invoke(app, ["claims", "--predicate", "cites", "--store", store])
    assert result.exit_code == 1 and "unknown predicate 'cites'" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["claims", "NoSuchThing", "--store", store])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_kg_show_prints_the_claim_groups(store):
    out = run("show", "NoiseNet", "--store", store)
    for heading in (
        "Used for (USED_FOR, 1)",
        "Evaluated with/on (EVALUATES, 2)",
        "Broader terms (is a kind of) (IS_A, 1)",
        "Compared with (COMPARED_WITH, 1)",
        "Outperforms (OUTPERFORMS, 1)",
    ):
        assert heading in out, heading
    card = json.loads(run("show", "diffusion", "--json", "--store", store))
    assert card["claim_groups"][0]["heading"] == "kinds (narrower terms)"


# --- exports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_files_carry_claims_as_edge_attributes(claims_graph, tmp_path, fmt, read):
    export_graph(claims_graph, fmt, tmp_path / f"g.{fmt}")
    back = read(tmp_path / f"g.{fmt}")
    edges = {(u, d["label"], v): d for u, v, d in back.edges(data=True)}
    d = edges[("Method:noisenet", "USED_FOR", "Concept:label noise")]
    assert (d["papers"], d["paper_ids"], d["confidence"], d["sources"], d["weight"]) == (
        2,
        "p1; p5",
        0.96,
        "model",
        2.0,
    )
    assert d["evidence"] == "We propose NoiseNet for label noise. | NoiseNet handles noisy labels."
    assert ("Dataset:imagenet", "EVALUATES", "Method:noisenet") in edges


def test_claims_csv_neo4j_csv_and_cypher_exports_carry_claims(claims_graph, tmp_path):
    export_graph(claims_graph, "claims-csv", tmp_path / "claims.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "claims.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(CLAIMS)
    assert rows[0] == {
        "subject": "NoiseNet",
        "subject_label": "Method",
        "predicate": "USED_FOR",
        "object": "label noise",
        "object_label": "Concept",
        "papers": "2",
        "confidence": "0.96",
        "evidence": "We propose NoiseNet for label noise. | NoiseNet handles noisy labels.",
        "paper_ids": "p1; p5",
        "sources": "model",
        "subject_key": "noisenet",
        "object_key": "label noise",
    }
    export_graph(claims_graph, "neo4j-csv", tmp_path / "import")
    rels = list(csv.DictReader(io.StringIO((tmp_path / "import" / "relationships.csv").read_text(encoding="utf-8"))))
    used = [r for r in rels if r[":TYPE"] == "USED_FOR" and r[":START_ID"] == "Method:noisenet"]
    assert len(used) == 1
    assert (used[0]["paper_ids:string[]"], used[0]["confidence:float"]) == ("p1;p5", "0.96")
    export_graph(claims_graph, "cypher", tmp_path / "g.cypher")
    script = (tmp_path / "g.cypher").read_text()
    assert (
        "(b:`Concept` {key: 'label noise'}) MERGE (a)-[r:`USED_FOR`]->(b) SET r.`papers` = 2, "
        "r.`paper_ids` = ['p1', 'p5']"
    ) in script
    assert "r.`confidence` = 0.96" in script and "[r:`IS_A`]" in script


# --- Neo4j parity ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("bolt_env")
def test_claims_read_the_same_from_neo4j(claims_graph):
    from kg.store.neo4j_store import open_neo4j_store
    from queries import CypherBackend

    store = open_neo4j_store()
    store.write_graph(claims_graph)
    neo = CypherBackend(store)
    try:
        lady = graph_backend(claims_graph)
        assert neo.claims() == lady.claims()
        for e in lady.entities():
            assert neo.claims(e["id"]) == lady.claims(e["id"]), e["id"]
            assert api.show(neo, e["id"]) == api.show(lady, e["id"])
        used = {"predicate": "used for", "min_papers": 2}
        assert api.claims(neo, **used) == api.claims(lady, **used)
        back = store.read_graph()
        for u, v, k, d in claims_graph.edges(keys=True, data=True):
            if k in ("USED_FOR", "EVALUATES", "IS_A", "FEATURE_OF", "COMPARED_WITH", "OUTPERFORMS"):
                assert back.edges[u, v, k] == d, (u, v, k)
    finally:
        neo.close()


@pytest.mark.usefixtures("bolt_env")
def test_claim_named_queries_read_the_same_from_neo4j(claims_graph):
    """methods_for_task and evaluated_on (claims, and the co-occurrence fallback) give the same rows on both stores."""
    from kg.store.neo4j_store import open_neo4j_store
    from queries import CypherBackend
    from queries.named_queries import run_named

    store = open_neo4j_store()
    store.write_graph(claims_graph)
    neo = CypherBackend(store)
    try:
        lady = graph_backend(claims_graph)
        cases = [
            ("methods_for_task", {"task": "time series forecasting"}),
            ("evaluated_on", {"method": "NoiseNet"}),
            ("evaluated_on", {"method": "BERT"}),
        ]
        bases = set()
        for name, params in cases:
            rows = run_named(neo, name, params)
            assert rows and rows == run_named(lady, name, params), (name, params)
            bases |= {r["basis"] for r in rows}
        assert bases == {"claims", "co-occurrence"}
    finally:
        neo.close()
