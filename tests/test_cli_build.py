"""`kg build`, `kg stats` and `kg extract` through Typer's test runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import EmbeddedStore
from queries.schema import ENTITY_LABELS, NODE_LABELS, REL_TYPES

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
runner = CliRunner()


@pytest.fixture
def workdir(tmp_path, monkeypatch, reuse_extractor):
    """A temp folder with the corpus files, as the current directory (short relative paths in messages)."""
    for name in ("papers.jsonl", "daily.txt", "bad.jsonl"):
        shutil.copy(CORPUS / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.delenv("KG_CACHE", raising=False)
    return tmp_path


def kg(*args, **kw):
    return runner.invoke(app, list(args), **kw)


@pytest.mark.slow  # about a second or more
def test_build_prints_a_summary(workdir):
    result = kg("build", "papers.jsonl", "daily.txt", "--store", "st")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Read 6 entries from 2 files: 5 papers, 1 merged (1 same title)." in out
    assert "Store st: 5 papers (5 new); extracted 5, from cache 0; graph updated" in out
    for label in ("Paper", "Method", "Dataset", "Concept"):
        assert label in out
    assert "PROPOSES" in out and "CO_OCCURS" in out
    assert EmbeddedStore(workdir / "st").exists()


def test_build_json_shape_and_a_second_run(workdir):
    first = json.loads(kg("build", "papers.jsonl", "daily.txt", "-s", "st", "--json").stdout)
    assert set(first) == {
        "store",
        "entries",
        "files",
        "duplicates",
        "skipped",
        "problems",
        "papers",
        "new_papers",
        "extracted",
        "cached",
        "changed",
        "stats",
        "seconds",
        "warnings",
        "possible_duplicates",
    }
    assert (first["entries"], first["files"], first["duplicates"], first["papers"]) == (6, 2, 1, 5)
    assert first["skipped"] == {} and first["problems"] == [] and first["changed"] is True
    assert set(first["stats"]) == {"nodes", "relationships"}
    second = json.loads(kg("build", "papers.jsonl", "daily.txt", "-s", "st", "--json").stdout)
    assert (second["changed"], second["extracted"], second["cached"], second["new_papers"]) == (False, 0, 5, 0)
    assert second["stats"] == first["stats"]


def test_store_from_the_environment(workdir, monkeypatch):
    monkeypatch.setenv("KG_STORE", str(workdir / "env-store"))
    assert kg("build", "papers.jsonl").exit_code == 0
    assert EmbeddedStore(workdir / "env-store").exists()
    stats = json.loads(kg("stats", "--json").stdout)
    assert stats["nodes"]["Paper"] == 4


def test_stats_json_has_the_exact_shape(workdir):
    kg("build", "papers.jsonl", "daily.txt", "-s", "st")
    result = kg("stats", "-s", "st", "--json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert list(stats) == ["nodes", "relationships"]
    assert set(stats["nodes"]) <= set(NODE_LABELS) and set(stats["relationships"]) <= set(REL_TYPES)
    assert all(isinstance(v, int) and v > 0 for part in stats.values() for v in part.values())
    # the counts are the graph's own
    G = EmbeddedStore(workdir / "st").read_graph()
    assert sum(stats["nodes"].values()) == G.number_of_nodes()
    assert sum(stats["relationships"].values()) == G.number_of_edges()
    assert stats["nodes"]["Paper"] == 5
    assert set(ENTITY_LABELS) - {"Task"} <= set(stats["nodes"])


def test_stats_table(workdir):
    kg("build", "papers.jsonl", "-s", "st")
    result = kg("stats", "-s", "st")
    assert result.exit_code == 0
    assert "Nodes" in result.stdout and "Relationships" in result.stdout and "EVALUATES_ON" in result.stdout


def test_stats_of_a_missing_store_is_one_error_line(workdir):
    result = kg("stats", "-s", "nothing-here", "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "error: no graph in store 'nothing-here'; run `kg build SOURCES` first (or pass --store)\n"
    assert not (workdir / "nothing-here").exists()


def test_stats_of_a_corrupted_store_is_one_clear_error(workdir):
    (workdir / "broken").mkdir()
    (workdir / "broken" / "graph.json").write_text("{ half a file")
    result = kg("stats", "-s", "broken")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())  # rich may wrap the line at the console width
    assert message.startswith("error: ") and message.count("error:") == 1
    assert "broken/graph.json: not a readable paperkg store" in message
    assert "Traceback" not in result.output


def test_bad_input_warns_with_file_and_line_and_builds_the_rest(workdir):
    result = kg("build", "bad.jsonl", "papers.jsonl", "-s", "st")
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "bad.jsonl:2" in result.stderr and "malformed JSON" in result.stderr
    assert "skipped: 1 malformed JSON" in result.stdout
    assert EmbeddedStore(workdir / "st").stats()["nodes"]["Paper"] == 6


def test_a_missing_file_is_named_and_the_other_files_still_build(workdir):
    result = kg("build", "nope.jsonl", "papers.jsonl", "-s", "st")
    assert result.exit_code == 0
    assert "nope.jsonl" in result.stderr and "cannot read file" in result.stderr


def test_nothing_read_exits_non_zero(workdir):
    result = kg("build", "nope.jsonl", "-s", "st")
    assert result.exit_code != 0
    assert "nope.jsonl" in result.stderr and "Traceback" not in result.output
    assert not EmbeddedStore(workdir / "st").exists()


def test_missing_model_is_one_clear_error(workdir, monkeypatch):
    monkeypatch.undo()  # the real Extractor, not the session's
    monkeypatch.chdir(workdir)
    result = kg("build", "papers.jsonl", "-s", "st", "--model", "xx_no_such_model_pkg")
    assert result.exit_code == 1
    assert "error:" in result.stderr and "xx_no_such_model_pkg" in result.stderr and "pip install" in result.stderr
    assert "Traceback" not in result.output
    result = kg("extract", "We evaluate on CIFAR-10.", "--model", "xx_no_such_model_pkg")
    assert result.exit_code == 1 and "pip install" in result.stderr


# --- kg extract ------------------------------------------------------------------------------

TEXT = "We propose hinge autoencoders (HAEs) for vision and evaluate on CIFAR-10."


@pytest.fixture
def one_model(monkeypatch, extractor):
    """`kg extract` builds its own Extractor; hand it the session's."""
    import extract

    monkeypatch.setattr(extract, "Extractor", lambda model=None: extractor)


def test_extract_json(one_model):
    result = kg("extract", TEXT, "--title", "ViSAE: Sparse Features for Vision", "--json")
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout)
    assert set(rec) == {"paper_id", "sentences", "mentions", "relations", "abbreviations"}
    assert rec["abbreviations"] == {"hae": "hinge autoencoder"}
    assert rec["sentences"][0] == "ViSAE: Sparse Features for Vision"
    assert set(rec["mentions"][0]) == {
        "label",
        "key",
        "text",
        "start",
        "end",
        "sentence",
        "role",
        "derived",
        "confidence",
    }
    found = {(m["key"], m["label"], m["role"]) for m in rec["mentions"] if not m["derived"]}
    assert ("visae", "Method", "proposes") in found
    assert ("hinge autoencoder", "Method", "proposes") in found
    assert ("cifar10", "Dataset", None) in found


def test_extract_table_and_stdin(one_model):
    result = kg("extract", "-", input=TEXT)
    assert result.exit_code == 0
    assert "Mentions" in result.stdout and "CIFAR-10" in result.stdout and "proposes" in result.stdout
    assert 'Abbreviations: {"hae": "hinge autoencoder"}' in result.stdout
