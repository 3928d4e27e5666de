"""The named-query catalogue: headers, parameter binding, and every query returning rows."""

import pytest

from queries.errors import NotFound, QueryError
from queries.named_queries import bind_params, get_query, list_queries, load_catalogue, parse_query_file, run_named
from tests.fixtures.bibgraphs import make_bib_graph
from tests.fixtures.graphs import graph_backend

#: parameters that select fixture-graph rows for each catalogue query (names, not keys: resolution is part of the test)
FIXTURE_PARAMS = {
    "methods_on_dataset": {"dataset": "ImageNet"},
    "datasets_for_task": {"task": "Image Classification"},
    "methods_for_task": {"task": "time-series forecasting"},
    "evaluated_on": {"method": "NoiseNet"},
    "papers_linking_concepts": {"a": "Invariances", "b": "diffusion"},
    "concepts_with_method": {"method": "NoiseNet"},
    "emerging_concepts": {},
    "concept_timeline": {"concept": "noisy labels"},
    "most_cited": {},
    "co_citation": {"paper": "p2"},
    "bibliographic_coupling": {"paper": "p2"},
}


@pytest.fixture
def backend():
    return graph_backend(make_bib_graph())  # the small graph with authors, venues and citations


def test_catalogue_has_the_required_queries():
    names = set(load_catalogue())
    assert {
        "methods_on_dataset",
        "datasets_for_task",
        "papers_linking_concepts",
        "concepts_with_method",
        "emerging_concepts",
    } <= names
    assert names == set(FIXTURE_PARAMS)  # a new query needs fixture parameters here


def test_every_query_is_documented():
    for row in list_queries():
        assert row["description"], row["name"]
        q = get_query(row["name"])
        for p in q.params:
            assert p.description and f"${p.name}" in q.text


@pytest.mark.parametrize("name", sorted(FIXTURE_PARAMS))
@pytest.mark.slow  # about a second or more
def test_every_query_returns_rows_on_the_fixture_graph(backend, name):
    rows = run_named(backend, name, FIXTURE_PARAMS[name])
    assert rows, name
    assert all(isinstance(r, dict) and r for r in rows)


def test_query_results(backend):
    assert run_named(backend, "methods_on_dataset", {"dataset": "cifar10"}) == [
        {"method": "NoiseNet", "papers": 1, "latest_year": 2021}
    ]
    assert run_named(backend, "datasets_for_task", {"task": "image classification"}) == [
        {"dataset": "ImageNet", "papers": 1, "latest_year": 2023}
    ]
    [row] = run_named(backend, "papers_linking_concepts", {"a": "label noise", "b": "diffusion"})
    assert row["title"] == "Diffusion Models for Label Noise" and row["evidence_a"] == row["evidence_b"]
    assert run_named(backend, "concepts_with_method", {"method": "noisenet"}) == [
        {"concept": "label noise", "papers": 1, "first_year": 2021, "latest_year": 2021}
    ]
    assert run_named(backend, "concept_timeline", {"concept": "label noise"}) == [
        {"year": 2021, "papers": 1},
        {"year": 2023, "papers": 1},
    ]


def test_claim_queries_fall_back_to_co_occurrence_without_claims(backend):
    """Without claims, methods_for_task and evaluated_on read the papers and say so in ``basis``."""
    assert run_named(backend, "methods_for_task", {"task": "time series forecasting"}) == [
        {"method": "FlowNet", "papers": 1, "latest_year": 2024, "basis": "co-occurrence"}
    ]
    assert run_named(backend, "evaluated_on", {"method": "noisenet"}) == [
        {"kind": "Dataset", "name": "CIFAR-10", "papers": 1, "latest_year": 2021, "basis": "co-occurrence"},
        {"kind": "Dataset", "name": "ImageNet", "papers": 1, "latest_year": 2024, "basis": "co-occurrence"},
        {"kind": "Metric", "name": "accuracy", "papers": 1, "latest_year": 2024, "basis": "co-occurrence"},
    ]


def test_claim_queries_read_claims_first():
    """With claims naming the task / method, only the claims answer (CIFAR-10 co-occurs with NoiseNet
    but no claim says it evaluates it); a method no claim names still falls back."""
    from kg.core.graph import add_claim
    from tests.fixtures.graphs import make_claims_graph

    G = make_claims_graph()  # BERT: no paper addressing the task uses it, two papers say it is used for it
    add_claim(
        G, "Method:bert", "Task:time series forecasting", "USED_FOR", ["p2", "p3"], ["BERT forecasts."], 0.5, ["model"]
    )
    b = graph_backend(G)
    assert run_named(b, "methods_for_task", {"task": "time series forecasting"}) == [
        {"method": "BERT", "papers": 2, "latest_year": 2023, "basis": "claims"},
        {"method": "FlowNet", "papers": 1, "latest_year": 2024, "basis": "claims"},
    ]
    assert run_named(b, "evaluated_on", {"method": "NoiseNet"}) == [
        {"kind": "Dataset", "name": "ImageNet", "papers": 1, "latest_year": 2024, "basis": "claims"},
        {"kind": "Metric", "name": "accuracy", "papers": 1, "latest_year": 2024, "basis": "claims"},
    ]
    assert {r["basis"] for r in run_named(b, "evaluated_on", {"method": "BERT"})} == {"co-occurrence"}


def test_emerging_concepts_default_and_since(backend):
    all_rows = run_named(backend, "emerging_concepts")
    assert [(r["concept"], r["first_year"]) for r in all_rows] == [
        ("diffusion", 2023),
        ("invariance", 2023),
        ("label noise", 2021),
    ]
    assert [r["concept"] for r in run_named(backend, "emerging_concepts", {"since": 2022})] == [
        "diffusion",
        "invariance",
    ]


def test_emerging_concepts_first_year_is_the_earliest_mentioning_paper(backend):
    """The stored first_year and papers agree with an aggregate over every MENTIONS link."""
    rows = run_named(backend, "emerging_concepts")
    linked = backend.cypher(
        "MATCH (p:Paper)-[:MENTIONS]->(c:Concept) "
        "RETURN c.name AS concept, min(p.year) AS first_year, count(DISTINCT p) AS papers",
        {},
    )
    assert sorted(rows, key=lambda r: r["concept"]) == sorted(linked, key=lambda r: r["concept"])


def test_entity_parameters_resolve_within_their_label(backend):
    params = bind_params(backend, get_query("methods_on_dataset"), {"dataset": "CIFAR10"})
    assert params == {"dataset": "cifar10"}
    with pytest.raises(NotFound) as err:  # a Method is not a Dataset
        bind_params(backend, get_query("methods_on_dataset"), {"dataset": "NoiseNet"})
    assert err.value.label == "Dataset"


@pytest.mark.parametrize(
    "params, message",
    [
        ({}, "needs parameter dataset"),
        ({"dataset": "imagenet", "extra": 1}, "has no parameter 'extra'"),
    ],
)
def test_parameter_errors(backend, params, message):
    with pytest.raises(QueryError, match=message):
        run_named(backend, "methods_on_dataset", params)


def test_scalar_parameter_types_are_checked(backend):
    with pytest.raises(QueryError, match="must be an integer"):
        run_named(backend, "emerging_concepts", {"since": "last year"})


def test_unknown_query_suggests_names():
    with pytest.raises(NotFound) as err:
        get_query("methods_on_datasets")
    assert "methods_on_dataset" in err.value.suggestions


def test_header_parsing_and_errors(tmp_path):
    q = parse_query_file(
        "// name: demo\n// description: A demo.\n// param: n: integer = 3 — how many\n"
        "// param: who: Method — a method\nMATCH (m:Method {key: $who}) RETURN m.name LIMIT 3\n",
        "demo.cypher",
    )
    assert (q.name, q.description) == ("demo", "A demo.")
    assert [(p.name, p.type, p.required) for p in q.params] == [("n", "integer", False), ("who", "Method", True)]
    assert q.params[0].default == 3
    with pytest.raises(QueryError, match=r"bad.cypher:2: unknown parameter type 'thing'"):
        parse_query_file("// name: bad\n// param: x: thing — no\nMATCH (n) RETURN n", "bad.cypher")
    with pytest.raises(QueryError, match=r"bad.cypher:1: missing '// name:'"):
        parse_query_file("MATCH (n) RETURN n", "bad.cypher")
    (tmp_path / "a.cypher").write_text("// name: same\nMATCH (n) RETURN n")
    (tmp_path / "b.cypher").write_text("// name: same\nMATCH (n) RETURN n")
    with pytest.raises(QueryError, match="also used by"):
        load_catalogue(tmp_path)


def test_catalogue_text_is_plain_portable_cypher():
    """Catalogue files use only constructs that Neo4j 5 and FalkorDB also run: no embedded-store extensions."""
    for q in load_catalogue().values():
        body = "\n".join(line for line in q.text.splitlines() if not line.strip().startswith("//"))
        for construct in ("shortestPath", "CALL", "apoc.", "gds.", "=~", "id("):
            assert construct not in body, (q.name, construct)
