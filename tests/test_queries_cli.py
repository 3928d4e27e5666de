"""Every query command through Typer's test runner: --json parses, --csv, errors exit non-zero."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import open_store

runner = CliRunner()


@pytest.fixture
def store(tmp_path, small_graph):
    path = tmp_path / "store"
    open_store(path).write_graph(small_graph)
    return str(path)


def run(*args, ok=True):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    if ok:
        assert result.exit_code == 0, result.output
    return result


def as_json(*args):
    return json.loads(run(*args, "--json").stdout)


def test_top_json_and_csv(store):
    rows = as_json("top", "--type", "dataset", "--n", "1", "--store", store)
    assert [r["name"] for r in rows] == ["ImageNet"]
    out = run("top", "-t", "concept", "--csv", "--store", store).stdout
    table = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in table] == ["diffusion", "invariance", "label noise"]
    assert "ImageNet" in run("top", "--store", store).stdout


def test_show_json(store):
    card = as_json("show", "Noisy Labels", "--store", store)
    assert card["entity"]["id"] == "Concept:label noise"
    assert card["papers"][0]["evidence"]
    text = run("show", "label noise", "--store", store).stdout
    assert "aliases: label noise, noisy labels" in text and "Co-occurs with" in text


def test_papers_json_csv(store):
    page = as_json("papers", "--dataset", "CIFAR-10", "--store", store)
    assert page["total"] == 2 and page["offset"] == 0 and page["limit"] == 20
    assert [r["title"] for r in page["papers"]] == [
        "Diffusion Models for Label Noise",
        "NoiseNet: Robust Training under Label Noise",
    ]
    page = as_json(
        "papers",
        "--dataset",
        "imagenet",
        "--concept",
        "diffusion",
        "--year-from",
        "2023",
        "--year-to",
        "2023",
        "--store",
        store,
    )
    assert {r["id"] for r in page["papers"]} == {"Paper:p2", "Paper:p3"}
    out = run("papers", "--method", "noisenet", "--csv", "--store", store).stdout
    assert out.splitlines()[0] == "year,title,rels,evidence"  # no authors column: no paper here names its authors
    assert len(out.splitlines()) == 3


def test_related_json(store):
    rows = as_json("related", "diffusion", "--type", "concept", "--store", store)
    assert [(r["name"], r["shared"]) for r in rows] == [("invariance", 1), ("label noise", 1)]
    assert "invariance" in run("related", "diffusion", "--csv", "--store", store).stdout


def test_path_text_json_csv(store):
    text = run("path", "flownet", "label noise", "--store", store).stdout
    assert "FlowNet (Method) → label noise (Concept)" in text and "Invariant Features via Diffusion" in text
    result = as_json("path", "flownet", "label noise", "--store", store)
    assert len(result["hops"]) == 3
    rows = list(csv.DictReader(io.StringIO(run("path", "flownet", "label noise", "--csv", "--store", store).stdout)))
    assert [r["to"] for r in rows] == ["invariance", "diffusion", "label noise"]


@pytest.mark.slow
def test_cypher_json_rows_keyed_by_return_columns(store):
    rows = as_json(
        "cypher",
        "MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset {key: $k}) RETURN p.title AS title, d.aliases ORDER BY title",
        "--param",
        "k=cifar10",
        "--store",
        store,
    )
    assert rows == [
        {"title": "Diffusion Models for Label Noise", "d.aliases": ["CIFAR-10", "CIFAR10"]},
        {"title": "NoiseNet: Robust Training under Label Noise", "d.aliases": ["CIFAR-10", "CIFAR10"]},
    ]
    out = run("cypher", "MATCH (m:Method) RETURN m.name ORDER BY m.name", "--csv", "--store", store).stdout
    assert out.splitlines() == ["m.name", "BERT", "FlowNet", "NoiseNet"]
    assert as_json("cypher", "MATCH (m:Method {key: 'nothing'}) RETURN m", "--store", store) == []
    assert "(no rows)" in run("cypher", "MATCH (m:Method {key: 'nothing'}) RETURN m", "--store", store).stdout


def test_cypher_param_values_are_json_or_string(store):
    rows = as_json(
        "cypher",
        "MATCH (p:Paper) WHERE p.year IN $years AND p.title CONTAINS $word RETURN p.id",
        "-p",
        "years=[2023, 2024]",
        "-p",
        "word=Diffusion",
        "--store",
        store,
    )
    assert sorted(r["p.id"] for r in rows) == ["p2", "p3"]


def test_query_list_and_run(store):
    listed = as_json("query", "--list")
    assert {
        "methods_on_dataset",
        "datasets_for_task",
        "papers_linking_concepts",
        "concepts_with_method",
        "emerging_concepts",
    } <= {q["name"] for q in listed}
    rows = as_json("query", "methods_on_dataset", "--param", "dataset=ImageNet", "--store", store)
    assert rows == [
        {"method": "BERT", "papers": 1, "latest_year": 2024},
        {"method": "NoiseNet", "papers": 1, "latest_year": 2024},
    ]
    out = run(
        "query", "papers_linking_concepts", "-p", "a=invariance", "-p", "b=diffusion", "--csv", "--store", store
    ).stdout
    assert "Invariant Features via Diffusion" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "difusion"], "closest: diffusion"),
        (["related", "nothing-like-it"], "not found"),
        (["path", "bert", "zzzz"], "not found"),
        (["papers", "--dataset", "cifar-100000"], "not found"),
        (["top", "--type", "gadget"], "unknown type"),
        (["cypher", "MATCH (n) DETACH DELETE n"], "read-only"),
        (["cypher", "MATCH p = shortestPath((a)-[*]-(b)) RETURN p"], "* SHORTEST 1..6"),
        (["cypher", "MATCH (n RETURN n"], "expected"),
        (["cypher", "MATCH (n) RETURN n.name", "--param", "oops"], "NAME=VALUE"),
        (["query", "no_such_query"], "not found"),
        (["query", "methods_on_dataset"], "needs parameter dataset"),
        (["query", "methods_on_dataset", "-p", "dataset=Imagenot"], "closest: ImageNet"),
    ],
)
@pytest.mark.slow  # about a second or more
def test_errors_are_one_line_and_non_zero(store, args, message):
    result = run(*args, "--store", store, ok=False)
    assert result.exit_code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_store_is_a_clear_error(tmp_path):
    result = run("top", "--store", tmp_path / "empty", ok=False)
    assert result.exit_code == 1 and "kg build" in result.stderr
