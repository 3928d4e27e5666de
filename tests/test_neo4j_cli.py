"""``kg push``, ``--backend neo4j`` on every query command, ``kg cypher --write``, bad
connection settings, and ``kg build`` into Neo4j, against a real Bolt server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.support.bolt_server import BoltServer
from kg.build.pipeline import build
from kg.cli import app
from kg.core.graph import graph_stats
from kg.store import EmbeddedStore, StoreError, open_store
from kg.store.neo4j_store import Neo4jStore, open_neo4j_store

runner = CliRunner()
CORPUS = Path(__file__).parent / "fixtures" / "corpus"
SECRET = "Sup3r-Secret-Pw!"


def run(*args, ok=True, env=None):
    result = runner.invoke(app, [str(a) for a in args], env=env)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code != 0
    return result


def as_json(*args):
    return json.loads(run(*args, "--json").stdout)


@pytest.fixture
def embedded(tmp_path, small_graph):
    path = tmp_path / "store"
    open_store(path).write_graph(small_graph)
    return str(path)


@pytest.fixture
def pushed(bolt_env, embedded):
    run("push", "--store", embedded)
    return embedded


def neo4j_stats() -> dict:
    with open_neo4j_store() as store:
        return store.stats()


# -- kg push -----------------------------------------------------------------------


def test_push_copies_the_store_and_repushing_adds_nothing(bolt_env, embedded, small_graph):
    out = run("push", "--store", embedded).stdout
    assert "Pushed 16 nodes and 40 relationships" in out
    assert neo4j_stats() == graph_stats(small_graph)
    report = as_json("push", "--store", embedded)
    assert (report["nodes"], report["relationships"], report["deleted_nodes"], report["deleted_relationships"]) == (
        16,
        40,
        0,
        0,
    )
    assert report["stats"] == graph_stats(small_graph) == neo4j_stats()
    assert report["items_per_second"] > 0 and report["batches"] >= 1
    with open_neo4j_store() as store:
        G = store.read_graph()
    assert dict(G.nodes(data=True)) == dict(small_graph.nodes(data=True))


def test_push_after_a_rebuild_removes_what_is_gone(bolt_env, embedded, small_graph):
    run("push", "--store", embedded)
    smaller = small_graph.copy()
    smaller.remove_node("Paper:p5")
    open_store(embedded).write_graph(smaller)
    report = as_json("push", "--store", embedded, "--batch-size", "3", "--commit-batches")
    assert report["deleted_nodes"] == 1 and report["batch_size"] == 3
    assert neo4j_stats() == graph_stats(smaller)


def test_push_options_override_the_environment(bolt_server, embedded, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    run("push", "--store", embedded, "--uri", bolt_server.uri, "--user", "falkordb", "--password", "")


def test_push_without_a_graph_is_one_error_line(bolt_env, tmp_path):
    result = run("push", "--store", tmp_path / "empty", ok=False)
    assert "no graph in store" in result.output and "kg build" in result.output


def test_push_help_never_shows_the_password(monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    assert SECRET not in run("push", "--help").output


# -- query commands on Neo4j ---------------------------------------------------------

COMMANDS = [
    ["top"],
    ["top", "--type", "dataset", "--n", "1"],
    ["show", "label noise"],
    ["show", "CIFAR10", "--related", "2"],
    ["papers", "--dataset", "ImageNet"],
    ["papers", "--concept", "diffusion", "--year-from", "2023", "--year-to", "2023"],
    ["related", "diffusion"],
    ["related", "imagenet", "--type", "method", "--n", "1"],
    ["path", "invariance", "label noise"],
    ["path", "NoiseNet", "time series forecasting", "--max-hops", "4"],
    [
        "cypher",
        "MATCH (p:Paper)-[r:MENTIONS]->(c:Concept {key: $c}) RETURN p.title AS title, r.evidence AS ev ORDER BY title",
        "--param",
        "c=label noise",
    ],
    ["query", "methods_on_dataset", "--param", "dataset=ImageNet"],
    ["query", "papers_linking_concepts", "--param", "a=diffusion", "--param", "b=label noise"],
    ["query", "emerging_concepts"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c)[:40])
def test_every_query_command_gives_the_same_json_on_both_stores(pushed, command):
    embedded_rows = as_json(*command, "--store", pushed)
    neo4j_rows = as_json(*command, "--backend", "neo4j")
    assert neo4j_rows == embedded_rows
    assert neo4j_rows  # every command above has an answer on the fixture graph


def test_tables_print_too(pushed):
    assert "ImageNet" in run("top", "--backend", "neo4j").stdout
    assert "label noise" in run("path", "invariance", "label noise", "--backend", "neo4j").stdout
    assert "ImageNet" in run("top", "--csv", "--backend", "neo4j").stdout


def test_backend_from_the_environment(pushed, monkeypatch):
    monkeypatch.setenv("KG_BACKEND", "neo4j")
    assert [r["name"] for r in as_json("top", "--n", "1")] == ["ImageNet"]


def test_unknown_name_and_unknown_backend_are_errors(pushed):
    result = run("show", "noisenett", "--backend", "neo4j", ok=False)
    assert "not found" in result.output and "NoiseNet" in result.output
    result = run("top", "--backend", "mongodb", ok=False)
    assert "unknown backend" in result.output


# -- kg cypher --write ------------------------------------------------------------------


def test_cypher_without_write_cannot_change_the_server(pushed, small_graph):
    for query in [
        "CREATE (m:Method {key: 'x', name: 'X'}) RETURN m.key AS k",
        "MATCH (m:Method) DETACH DELETE m",
        "MATCH (m:Method {key: 'bert'}) SET m.name = 'oops' RETURN m.name AS n",
    ]:
        result = run("cypher", query, "--backend", "neo4j", ok=False)
        assert "write clause" in result.output and "--write" in result.output
    assert neo4j_stats() == graph_stats(small_graph)
    assert as_json("cypher", "MATCH (m:Method {key: 'bert'}) RETURN m.name AS n", "--backend", "neo4j") == [
        {"n": "BERT"}
    ]


def test_cypher_with_write_changes_the_server(pushed):
    rows = as_json(
        "cypher",
        "CREATE (m:Method {key: $k, name: $k, papers: 0}) RETURN m.key AS k",
        "--param",
        "k=new method",
        "--backend",
        "neo4j",
        "--write",
    )
    assert rows == [{"k": "new method"}]
    assert neo4j_stats()["nodes"]["Method"] == 4


@pytest.mark.slow
def test_write_on_the_embedded_store_needs_write(embedded):
    refused = run("cypher", "CREATE (n:Method {key: 'x', name: 'X'})", "--store", embedded, ok=False)
    assert "read-only" in refused.output
    run("cypher", "CREATE (n:Method {key: 'x', name: 'X'})", "--store", embedded, "--write")
    rows = json.loads(
        run("cypher", "MATCH (n:Method {key: 'x'}) RETURN n.name AS name", "--store", embedded, "--json").stdout
    )
    assert rows == [{"name": "X"}]


# -- bad connection settings ----------------------------------------------------------------


def one_error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error:")
    return lines[0]


@pytest.mark.parametrize(
    "command", [["push"], ["top", "--backend", "neo4j"], ["cypher", "RETURN 1 AS x", "--backend", "neo4j"]]
)
def test_wrong_port_is_one_error_line(embedded, command, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    line = one_error_line(run(*command, "--store", embedded, ok=False))
    assert "cannot connect" in line and SECRET not in line


@pytest.mark.parametrize("command", [["push"], ["show", "BERT", "--backend", "neo4j"]])
def test_wrong_password_is_one_error_line_without_the_password(bolt_server, embedded, command, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", bolt_server.uri)
    monkeypatch.setenv("NEO4J_USER", "falkordb")
    monkeypatch.setenv("NEO4J_PASSWORD", SECRET)
    result = run(*command, "--store", embedded, ok=False)
    line = one_error_line(result)
    assert SECRET not in result.output and "refused" in line and "NEO4J_PASSWORD" in line


def test_password_option_is_not_echoed_either(bolt_server, embedded):
    result = run(
        "push", "--store", embedded, "--uri", bolt_server.uri, "--user", "falkordb", "--password", SECRET, ok=False
    )
    assert SECRET not in result.output
    one_error_line(result)


@pytest.mark.bolt
def test_server_down_is_one_error_line(embedded, monkeypatch):
    with BoltServer() as server:
        uri = server.uri
    monkeypatch.setenv("NEO4J_URI", uri)
    line = one_error_line(run("push", "--store", embedded, ok=False))
    assert uri in line and "cannot connect" in line


def test_bad_uri_scheme_is_one_error_line(embedded, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "http://localhost:7474")
    assert "invalid connection settings" in one_error_line(run("push", "--store", embedded, ok=False))


# -- kg build straight into Neo4j --------------------------------------------------------------


def test_open_store_opens_either_backend(bolt_env, tmp_path):
    assert isinstance(open_store(tmp_path, backend="embedded"), EmbeddedStore)
    store = open_store(backend="neo4j", batch_size=7)
    try:
        assert isinstance(store, Neo4jStore) and store.batch_size == 7
    finally:
        store.close()
    with pytest.raises(StoreError, match="unknown backend"):
        open_store(backend="sqlite")


def test_building_into_neo4j_twice_matches_the_embedded_build(bolt_env, tmp_path, reuse_extractor):
    sources = [CORPUS / "papers.jsonl", CORPUS / "daily.txt"]
    embedded = EmbeddedStore(tmp_path / "store")
    build(sources, embedded, cache_path=tmp_path / "cache.sqlite")
    with open_store(backend="neo4j") as neo:
        first = build(sources, neo, cache_path=tmp_path / "cache.sqlite")
        counts = neo.stats()
        again = build(sources, neo, cache_path=tmp_path / "cache.sqlite")
        assert neo.stats() == counts == first.stats == again.stats
        G, E = neo.read_graph(), embedded.read_graph()
    assert dict(G.nodes(data=True)) == dict(E.nodes(data=True))
    assert {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)} == {
        (u, v, k): d for u, v, k, d in E.edges(keys=True, data=True)
    }


def test_kg_build_backend_neo4j_writes_to_the_server_and_is_idempotent(bolt_env, tmp_path, reuse_extractor):
    sources = [CORPUS / "papers.jsonl", CORPUS / "daily.txt"]
    env = {"KG_CACHE": str(tmp_path / "cache.sqlite")}
    first = json.loads(run("build", *sources, "--backend", "neo4j", "--json", env=env).stdout)
    assert first["changed"] and first["stats"]["nodes"]["Paper"] == first["papers"] > 0
    again = json.loads(run("build", *sources, "--backend", "neo4j", "--json", env=env).stdout)
    assert not again["changed"] and again["extracted"] == 0 and again["stats"] == first["stats"]
    assert as_json("stats", "--backend", "neo4j") == first["stats"]


def test_viz_and_export_read_the_same_graph_from_neo4j(pushed, tmp_path):
    def export(fmt: str, *where: str) -> str:
        path = tmp_path / f"{where[0].strip('-')}.{fmt}"
        run("export", *where, "--around", "label noise", "--format", fmt, "-o", path)
        return path.read_text()

    assert export("bibtex", "--backend", "neo4j") == export("bibtex", "--store", pushed)
    assert json.loads(export("json", "--backend", "neo4j")) == json.loads(export("json", "--store", pushed))
    info = as_json("viz", "--backend", "neo4j", "--around", "diffusion", "-o", tmp_path / "map.html")
    assert (
        info["nodes"]
        == as_json("viz", "--store", pushed, "--around", "diffusion", "-o", tmp_path / "m2.html")["nodes"]
        > 0
    )
