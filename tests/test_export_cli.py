import json

import bibtexparser
import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.present.select import Selection, select
from kg.store import EmbeddedStore

runner = CliRunner()


@pytest.fixture
def store(small_graph, tmp_path):
    s = EmbeddedStore(tmp_path / "store")
    s.write_graph(small_graph)
    return str(s.path)


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("g.graphml", None),
        ("g.gexf", None),
        ("g.json", None),
        ("g.cypher", None),
        ("refs.bib", None),
        ("review.md", None),
        ("review.csv", None),
        ("import", "neo4j-csv"),
    ],
)
@pytest.mark.slow  # about a second or more
def test_every_format_through_the_cli(store, tmp_path, name, fmt):
    out = tmp_path / name
    args = ["export", "--store", store, "-o", str(out), "--json", "--around", "diffusion"]
    r = runner.invoke(app, args + (["--format", fmt] if fmt else []))
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["nodes"] == 8 and info["papers"] == 2
    assert info["bytes"] == sum((tmp_path / f).stat().st_size for f in info["files"]) > 0


def test_cli_export_matches_python_selection(store, small_graph, tmp_path):
    out = tmp_path / "g.graphml"
    r = runner.invoke(
        app, ["export", "--store", store, "-o", str(out), "-t", "Concept", "-t", "Dataset", "--min-shared", "2"]
    )
    assert r.exit_code == 0, r.output
    assert "Wrote graphml" in r.stdout
    back = nx.read_graphml(out, force_multigraph=True)
    expected = select(small_graph, Selection(types=("Concept", "Dataset"), min_shared=2))
    assert set(back) == set(expected) and back.number_of_edges() == expected.number_of_edges()


def test_cli_export_year_range_bibtex(store, tmp_path):
    out = tmp_path / "refs.bib"
    r = runner.invoke(app, ["export", "--store", store, "-o", str(out), "--from", "2023", "--to", "2023"])
    assert r.exit_code == 0, r.output
    lib = bibtexparser.parse_file(str(out))
    assert sorted(e["year"] for e in lib.entries) == ["2023", "2023"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "x.txt"], "cannot tell the format"),
        (["-o", "x.out", "--format", "pdf"], "unknown format 'pdf'"),
        (["-o", "x.bib", "--around", "nope"], "no entity named 'nope'"),
        (["-o", "x.bib", "--from", "2025", "--to", "2020"], "is empty"),
        (["-o", "x.bib", "--from", "1990", "--to", "1991"], "nothing in the graph matches"),
    ],
)
@pytest.mark.slow  # about a second or more
def test_cli_export_errors(store, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["export", "--store", store, *args])
    assert r.exit_code == 1
    assert message in r.output and "Traceback" not in r.output
    assert list(tmp_path.glob("x.*")) == []


def test_cli_export_named_query_selection(store, tmp_path):
    out = tmp_path / "methods.json"
    r = runner.invoke(
        app, ["export", "--store", store, "-o", str(out), "--query", "methods_on_dataset", "--param", "dataset=CIFAR10"]
    )
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text())
    assert [n["id"] for n in data["nodes"]] == ["Method:noisenet"]
    r = runner.invoke(app, ["export", "--store", store, "-o", str(out), "--cypher", "MATCH (n) SET n.x = 1 RETURN n"])
    assert r.exit_code == 1 and "write clause" in r.output
