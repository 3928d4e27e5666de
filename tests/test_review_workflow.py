"""The review workflow: `kg remove`, `kg papers --search`, `kg show` for a paper, `kg --version`,
and the small things around them (missing store, failed first build, plurals, BibTeX, the demo)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build.pipeline import build, remove, same_graph
from kg.cli import app
from kg.present.paper_card import paper_card, search_papers
from kg.store import EmbeddedStore, open_store
from queries import open_backend
from queries.errors import NotFound

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "fixtures" / "corpus"
EXPORTS = Path(__file__).parent / "fixtures" / "exports"
runner = CliRunner()


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def files(tmp_path, monkeypatch, reuse_extractor):
    for name in ("papers.jsonl", "daily.txt"):
        shutil.copy(CORPUS / name, tmp_path / name)
    shutil.copy(EXPORTS / "library.ris", tmp_path / "library.ris")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.delenv("KG_CACHE", raising=False)
    return tmp_path


# --- kg remove ----------------------------------------------------------------------------


@pytest.mark.slow
def test_remove_then_the_graph_equals_a_build_without_those_papers(files):
    both = EmbeddedStore(files / "both")
    build(["papers.jsonl", "daily.txt", "library.ris"], both)
    report = remove(["library.ris"], both)  # a source file: both of its papers
    assert sorted(r["title"] for r in report.removed) == [
        "Gradient Lanterns for Sparse Probing",
        "Tidal Attention for Weather Models",
    ]
    without = EmbeddedStore(files / "without")
    build(["papers.jsonl", "daily.txt"], without)
    assert same_graph(both.read_graph(), without.read_graph())
    again = build(["papers.jsonl", "daily.txt"], both)  # a rebuild with what is left changes nothing
    assert not again.changed and same_graph(both.read_graph(), without.read_graph())


@pytest.mark.slow
def test_remove_by_doi_id_and_title_drops_entities_no_other_paper_holds(files):
    store = EmbeddedStore(files / "st")
    build(["papers.jsonl", "daily.txt", "library.ris"], store)
    before = store.read_graph()
    doi_paper = "https://doi.org/10.5555/LANTERNS.2021.3"
    report = remove([doi_paper, "library.ris#tidal-7", "KiteSeg: boundary-aware segmentation under label noise"], store)
    assert len(report.removed) == 3 and report.unmatched == []
    after = store.read_graph()
    assert "Method:kiteseg" in before and "Method:kiteseg" not in after  # only KiteSeg's paper held it
    reference = EmbeddedStore(files / "ref")
    build(["papers.jsonl", "daily.txt", "library.ris"], reference)
    remove(["Paper:doi:10.5555/lanterns.2021.3", "Tidal Attention for Weather Models", "papers.jsonl#c1"], reference)
    assert same_graph(after, reference.read_graph())


def test_remove_dry_run_and_unknown_papers_change_nothing(files):
    store = EmbeddedStore(files / "st")
    build(["papers.jsonl"], store)
    before = store.read_graph()
    dry = remove(["papers.jsonl#c2"], store, dry_run=True)
    assert len(dry.removed) == 1 and not dry.changed
    none = remove(["no such paper"], store)
    assert (none.removed, none.unmatched, none.changed) == ([], ["no such paper"], False)
    assert same_graph(before, store.read_graph())


@pytest.mark.slow
def test_kg_remove_cli(files):
    assert kg("build", "papers.jsonl", "library.ris", "--store", "st").exit_code == 0
    result = kg("remove", "Gradient Lanterns for Sparse Probing", "--store", "st")
    assert result.exit_code == 0, result.output
    assert "Removed 1 paper" in result.stdout and "Gradient Lanterns for Sparse Probing" in result.stdout
    out = json.loads(kg("remove", "library.ris", "--store", "st", "--dry-run", "--json").stdout)
    assert [r["title"] for r in out["removed"]] == ["Tidal Attention for Weather Models"] and not out["changed"]
    missing = kg("remove", "Gradient Lanterns for Sparse Probing", "--store", "st")
    assert missing.exit_code == 1 and "names no paper" in missing.stderr and "nothing removed" in missing.stderr


# --- kg papers --search, kg show PAPER, kg --version ----------------------------------------


def test_search_titles_and_abstracts(files):
    store = EmbeddedStore(files / "st")
    build(["papers.jsonl", "library.ris"], store)
    backend = open_backend(open_store(files / "st"))
    hits = search_papers(backend, "LABEL noise")
    assert [h["title"] for h in hits] and all(
        "label noise" in (h["title"] + " ".join(h["evidence"])).lower() for h in hits
    )
    assert [h["title"] for h in search_papers(backend, "gradient lanterns")] == ["Gradient Lanterns for Sparse Probing"]
    assert search_papers(backend, "lanterns kiteseg") == []  # every word must be there
    result = kg("papers", "--search", "forecaster horizons", "--store", "st", "--json")
    assert [r["title"] for r in json.loads(result.stdout)["papers"]] == ["Tidal Attention for Weather Models"]
    both = json.loads(
        kg("papers", "--search", "segmentation", "--dataset", "CIFAR-10", "--store", "st", "--json").stdout
    )
    assert both["papers"] and all("EVALUATES_ON" in r["rels"] for r in both["papers"])
    assert both["total"] == len(both["papers"])


@pytest.mark.slow
def test_show_takes_a_paper_by_id_doi_or_title(files):
    store = EmbeddedStore(files / "st")
    build(["papers.jsonl", "library.ris"], store)
    backend = open_backend(open_store(files / "st"))
    card = paper_card(backend, "10.5555/lanterns.2021.3")
    assert (
        card["paper"]["title"] == "Gradient Lanterns for Sparse Probing"
        and card["node"] == "Paper:doi:10.5555/lanterns.2021.3"
    )
    assert paper_card(backend, "gradient lanterns for sparse probing")["paper"]["id"] == "doi:10.5555/lanterns.2021.3"
    kite = paper_card(backend, "papers.jsonl#c1")
    assert "KiteSeg" in [e["name"] for e in kite["entities"]["Method"]]
    assert all(e["evidence"] for items in kite["entities"].values() for e in items)
    with pytest.raises(NotFound):
        paper_card(backend, "A Paper Nobody Wrote")
    shown = kg("show", "Paper:papers.jsonl#c1", "--store", "st")
    assert shown.exit_code == 0 and "KiteSeg" in shown.stdout and "Methods (" in shown.stdout
    entity = json.loads(kg("show", "label noise", "--store", "st", "--json").stdout)
    assert entity["entity"]["label"] == "Concept"  # an entity name still shows the entity
    unknown = kg("show", "nothing like this", "--store", "st")
    assert unknown.exit_code == 1 and unknown.stderr.count("\n") == 1


def test_version():
    result = kg("--version")
    assert result.exit_code == 0 and re.fullmatch(r"paperkg \d+\.\d+\.\d+\S*\n", result.stdout)


# --- the small things ---------------------------------------------------------------------


def test_a_missing_store_is_one_error_line_and_creates_nothing(tmp_path):
    for command in (
        ["stats"],
        ["top"],
        ["show", "x"],
        ["papers", "--search", "x"],
        ["remove", "x"],
        ["export", "-o", str(tmp_path / "x.bib")],
    ):
        result = kg(*command, "--store", tmp_path / "missing")
        assert result.exit_code == 1, (command, result.output)
        assert result.stdout == "" and result.stderr.count("\n") == 1, (command, result.output)
        assert result.stderr.startswith("error: ") and "missing" in result.stderr and "kg build" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_a_failed_first_build_prints_no_tables_and_creates_no_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = kg("build", "nofile.jsonl", "--store", "st")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "warning: nofile.jsonl: cannot read file: No such file or directory",
        "error: no papers were read; nothing to build (0 entries from 0 files: 0 papers; 1 problem)",
    ]
    assert not (tmp_path / "st").exists()


@pytest.mark.slow
def test_plurals(files):
    result = kg("build", "papers.jsonl", "--store", "st")
    assert "Read 4 entries from 1 file: 4 papers." in result.stdout
    for type_name, word in (("methods", "methods"), ("Method", "methods"), ("dataset", "datasets"), (None, "entities")):
        out = kg("top", *(["--type", type_name] if type_name else []), "--store", "st").stdout
        assert f"Top {word} by papers" in out and "ss by" not in out


def test_bibtex_export_keeps_unicode_quietly_with_identifiers(files):
    path = files / "u.jsonl"
    path.write_text(
        json.dumps(
            {
                "title": "Stars \u25c6 and \u2603: an \u00dcber study",
                "abstract": "We test \u25c6 on CIFAR-10.",
                "doi": "10.5555/stars.1",
                "venue": "Journal of Kite Studies",
                "arxiv_id": "2101.00001",
            }
        )
        + "\n"
    )
    assert kg("build", path, "--store", "st").exit_code == 0
    result = kg("export", "-o", files / "all.bib", "--store", "st")
    assert result.exit_code == 0 and result.stderr == ""
    text = (files / "all.bib").read_text()
    assert "Stars ◆ and ☃: an Über study" in text
    assert (
        "doi = {10.5555/stars.1}" in text
        and "journal = {Journal of Kite Studies}" in text
        and "eprint = {2101.00001}" in text
    )


@pytest.mark.slow
def test_the_demo_shows_non_empty_answers(tmp_path, monkeypatch, reuse_extractor):
    """Every query command of scripts/demo.sh, run on the example corpus, answers something."""
    monkeypatch.chdir(ROOT)
    store = tmp_path / "demo-store"
    commands = [
        shlex.split(line)[1:]
        for line in (ROOT / "scripts" / "demo.sh").read_text().splitlines()
        if line.startswith("kg ") and not line.startswith(("kg build", "kg extract"))
    ]
    assert len(commands) >= 7
    assert (
        kg(
            "build", *sorted(ROOT.glob("examples/*.jsonl")), *sorted(ROOT.glob("examples/*.txt")), "--store", store
        ).exit_code
        == 0
    )
    for args in commands:
        result = kg(*args, "--store", store, "--json")
        assert result.exit_code == 0, (args, result.output)
        answer = json.loads(result.stdout)
        rows = (
            answer.get("hops") or answer.get("papers") or answer.get("entities") if isinstance(answer, dict) else answer
        )
        assert rows, (args, answer)
