"""The screening-ready review: the review table's columns and links, entity columns for every
selection, `kg tag` kept across rebuilds and `kg remove`, `kg papers --tag`, BibTeX entry types
and escaping. Python API and command line both."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import bibtexparser
import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.build.pipeline import build, remove
from kg.cli import app
from kg.core.graph import add_paper
from kg.core.papers import Paper
from kg.present.export import export_graph, export_store
from kg.present.export.bibtex import latex
from kg.present.export.review import COLUMNS
from kg.present.select import Selection, select
from kg.present.tags import apply_tags, paper_tags, tag_papers, tagged_ids
from kg.readers import read_file
from kg.store import EmbeddedStore, StoreError
from kg.store.tags import TAGS_FILE
from tests.fixtures.graphs import make_small_graph

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
runner = CliRunner()


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


def _identified_graph() -> nx.MultiDiGraph:
    """The small graph, its papers given identifiers only (no url), authors, venues and kinds."""
    G = make_small_graph()
    extra = {
        "p1": {
            "url": None,
            "doi": "10.5555/noise.1",
            "authors": ["Lindqvist, Maïja", "Chidi Okonkwo"],
            "venue": "Journal of Kites",
            "kind": "journal-article",
        },
        "p2": {"url": None, "arxiv_id": "2301.00002", "authors": ["Jean-Pierre Dupont"], "kind": "preprint"},
        "p3": {"url": None, "pmid": "31415", "venue": "Proc. Kite Conference", "kind": "conference-paper"},
        "p4": {"url": None},
    }
    for pid, fields in extra.items():
        G.nodes[f"Paper:{pid}"].update(fields)
    return G


# --- the review table -----------------------------------------------------------------------


def test_review_csv_has_identifiers_authors_and_a_working_url(tmp_path):
    G = _identified_graph()
    export_graph(G, "review-csv", tmp_path / "r.csv")
    with open(tmp_path / "r.csv", newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        rows = {r["id"]: r for r in reader}
        assert tuple(reader.fieldnames or ()) == COLUMNS
    assert rows["p1"]["doi"] == "10.5555/noise.1" and rows["p1"]["url"] == "https://doi.org/10.5555/noise.1"
    assert rows["p1"]["authors"] == "Lindqvist M.; Okonkwo C." and rows["p1"]["venue"] == "Journal of Kites"
    assert rows["p1"]["type"] == "journal-article"
    assert rows["p2"]["arxiv id"] == "2301.00002" and rows["p2"]["url"] == "https://arxiv.org/abs/2301.00002"
    assert rows["p2"]["authors"] == "Dupont J.-P."
    assert rows["p3"]["pmid"] == "31415" and rows["p3"]["url"] == "https://pubmed.ncbi.nlm.nih.gov/31415/"
    assert rows["p4"]["url"] == ""  # nothing to link to
    assert rows["p5"]["url"] == "https://example.org/p5"  # the paper's own url first
    assert rows["p1"]["proposed methods"] == "NoiseNet" and rows["p1"]["datasets"] == "CIFAR-10"
    assert rows["p1"]["decision"] == rows["p1"]["note"] == ""


def test_review_xlsx_has_a_frozen_header_filters_links_and_no_formulas(tmp_path):
    import openpyxl

    G = _identified_graph()
    G.nodes["Paper:p4"]["title"] = '=HYPERLINK("http://evil")'
    G.nodes["Paper:p5"]["decision"] = "include"
    info = export_graph(G, None, tmp_path / "review.xlsx")
    assert info.format == "review-xlsx"
    ws = openpyxl.load_workbook(tmp_path / "review.xlsx").active
    assert [c.value for c in ws[1]] == list(COLUMNS)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, len(COLUMNS)).column_letter}6"
    by_id = {row[0].value: dict(zip(COLUMNS, row, strict=True)) for row in ws.iter_rows(min_row=2)}
    assert by_id["p4"]["title"].value == '=HYPERLINK("http://evil")' and by_id["p4"]["title"].data_type == "s"
    assert by_id["p1"]["url"].hyperlink.target == "https://doi.org/10.5555/noise.1"
    assert by_id["p5"]["decision"].value == "include" and by_id["p1"]["year"].value == 2021


@pytest.fixture
def graph_store(tmp_path):
    store = EmbeddedStore(tmp_path / "st")
    store.write_graph(_identified_graph())
    return store


def _csv_rows(path) -> dict[str, dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def test_entity_columns_are_filled_for_depth_0_and_a_named_query_api(graph_store, tmp_path):
    export_store(graph_store, Selection(around=["label noise"], depth=0), "review-csv", tmp_path / "a.csv")
    rows = _csv_rows(tmp_path / "a.csv")
    assert sorted(rows) == ["p1", "p2"]
    assert rows["p2"]["datasets"] == "CIFAR-10; ImageNet" and rows["p2"]["key concepts"] == "diffusion; label noise"
    assert rows["p1"]["proposed methods"] == "NoiseNet"
    query = Selection(query="papers_linking_concepts", params={"a": "diffusion", "b": "label noise"})
    export_store(graph_store, query, "review-csv", tmp_path / "q.csv")
    rows = _csv_rows(tmp_path / "q.csv")
    assert list(rows) == ["p2"] and rows["p2"]["datasets"] == "CIFAR-10; ImageNet"


def test_entity_columns_are_filled_for_depth_0_and_a_named_query_cli(graph_store, tmp_path):
    out = tmp_path / "a.csv"
    result = kg(
        "export", "-f", "review-csv", "-o", out, "--around", "label noise", "--depth", "0", "--store", graph_store.path
    )
    assert result.exit_code == 0, result.output
    assert _csv_rows(out)["p2"]["datasets"] == "CIFAR-10; ImageNet"
    result = kg(
        "export",
        "-o",
        tmp_path / "q.md",
        "-q",
        "papers_linking_concepts",
        "-p",
        "a=diffusion",
        "-p",
        "b=label noise",
        "--store",
        graph_store.path,
    )
    assert result.exit_code == 0, result.output
    md = (tmp_path / "q.md").read_text(encoding="utf-8")
    assert "| CIFAR-10; ImageNet |" in md and "| diffusion; label noise |" in md


# --- tags -----------------------------------------------------------------------------------


def test_tag_api_sets_clears_and_filters(graph_store):
    names = ["10.5555/noise.1", "Diffusion Models for Label Noise", "no such paper"]
    report = tag_papers(graph_store, names, decision="include")
    assert [t["id"] for t in report.tagged] == ["p1", "p2"] and report.unmatched == ["no such paper"]
    tag_papers(graph_store, ["p2"], note="check   the\nablation")
    tag_papers(graph_store, ["p3"], decision="exclude", note="off topic")
    tags = paper_tags(graph_store)
    assert (tags["p2"].decision, tags["p2"].note) == ("include", "check the ablation")
    assert tagged_ids(graph_store, "include") == {"Paper:p1", "Paper:p2"}
    assert tagged_ids(graph_store, "untagged") == {"Paper:p4", "Paper:p5"}
    tag_papers(graph_store, ["p2"], clear=True)
    tag_papers(graph_store, ["p3"], note="")
    tags = paper_tags(graph_store)
    assert "p2" not in tags and (tags["p3"].decision, tags["p3"].note) == ("exclude", None)
    data = json.loads((graph_store.path / TAGS_FILE).read_text(encoding="utf-8"))
    assert data["format"] == 1 and sorted(data["papers"]) == ["p1", "p3"]
    G = select(graph_store.read_graph())
    apply_tags(G, paper_tags(graph_store))
    assert G.nodes["Paper:p3"]["decision"] == "exclude" and "decision" not in G.nodes["Paper:p2"]


def test_a_damaged_or_linked_tags_file_is_one_error(graph_store, tmp_path):
    (graph_store.path / TAGS_FILE).write_text('{"format": 1, "papers": {\n', encoding="utf-8")
    with pytest.raises(StoreError, match=r"tags\.json \(line 2\): not a paperkg tags file"):
        paper_tags(graph_store)
    result = kg("papers", "--tag", "include", "--store", graph_store.path)
    assert result.exit_code == 1 and "tags.json (line 2)" in result.output and "Traceback" not in result.output
    (graph_store.path / TAGS_FILE).unlink()
    outside = tmp_path / "notes.txt"
    outside.write_text("mine", encoding="utf-8")
    os.symlink(outside, graph_store.path / TAGS_FILE)
    result = kg("tag", "p1", "--include", "--store", graph_store.path)
    assert result.exit_code == 1 and "symbolic link" in result.output
    assert outside.read_text(encoding="utf-8") == "mine"


@pytest.mark.slow  # about a second or more
def test_tag_cli_papers_tag_show_and_exports(graph_store, tmp_path):
    st = graph_store.path
    assert kg("tag", "p1", "p2", "--include", "--store", st).exit_code == 0
    result = kg("tag", "p3", "--exclude", "--note", "no code", "--store", st, "--json")
    assert json.loads(result.stdout)["tagged"] == [
        {"id": "p3", "title": "Invariant Features via Diffusion", "decision": "exclude", "note": "no code"}
    ]
    assert kg("tag", "p1", "--include", "--exclude", "--store", st).exit_code == 1
    assert kg("tag", "nothing like it", "--include", "--store", st).exit_code == 1
    listed = json.loads(kg("tag", "--list", "--json", "--store", st).stdout)
    assert [(r["id"], r["decision"]) for r in listed] == [("p1", "include"), ("p2", "include"), ("p3", "exclude")]

    page = json.loads(kg("papers", "--tag", "include", "--store", st, "--json").stdout)
    assert page["total"] == 2 and {p["id"] for p in page["papers"]} == {"Paper:p1", "Paper:p2"}
    assert {p["decision"] for p in page["papers"]} == {"include"}
    page = json.loads(kg("papers", "--tag", "exclude", "--dataset", "ImageNet", "--store", st, "--json").stdout)
    assert [(p["id"], p["note"]) for p in page["papers"]] == [("Paper:p3", "no code")]
    assert json.loads(kg("papers", "--tag", "untagged", "--store", st, "--json").stdout)["total"] == 2
    assert kg("papers", "--tag", "maybe", "--store", st).exit_code == 1

    card = json.loads(kg("show", "p3", "--store", st, "--json").stdout)
    paper = card["paper"]
    assert (paper["decision"], paper["note"], paper["kind"]) == ("exclude", "no code", "conference-paper")
    assert "decision: exclude" in kg("show", "p3", "--store", st).stdout

    assert kg("export", "-o", tmp_path / "r.csv", "--store", st).exit_code == 0
    rows = _csv_rows(tmp_path / "r.csv")
    assert (rows["p3"]["decision"], rows["p3"]["note"], rows["p1"]["decision"], rows["p4"]["decision"]) == (
        "exclude",
        "no code",
        "include",
        "",
    )
    assert kg("export", "-o", tmp_path / "g.graphml", "--store", st).exit_code == 0
    H = nx.read_graphml(tmp_path / "g.graphml")
    assert H.nodes["Paper:p3"]["decision"] == "exclude" and "decision" not in H.nodes["Paper:p5"]

    assert kg("tag", "p3", "--clear", "--store", st).exit_code == 0
    assert json.loads(kg("papers", "--tag", "exclude", "--store", st, "--json").stdout)["total"] == 0


@pytest.fixture
def corpus(tmp_path, monkeypatch, reuse_extractor):
    shutil.copy(CORPUS / "papers.jsonl", tmp_path / "papers.jsonl")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.delenv("KG_CACHE", raising=False)
    return tmp_path


@pytest.mark.slow  # about a second or more
def test_tags_survive_a_rebuild_and_the_removal_of_other_papers(corpus):
    store = EmbeddedStore(corpus / "st")
    build(["papers.jsonl"], store)
    tag_papers(store, ["papers.jsonl#c1"], decision="include", note="seed paper")
    tag_papers(store, ["papers.jsonl#c2"], decision="exclude")
    before = paper_tags(store)
    build(["papers.jsonl"], store, rebuild=True)
    assert paper_tags(store) == before
    remove(["papers.jsonl#c3"], store)
    assert paper_tags(store) == before and tagged_ids(store, "include") == {"Paper:papers.jsonl#c1"}
    result = kg("papers", "--tag", "include", "--store", "st", "--json")
    titles = [p["title"] for p in json.loads(result.stdout)["papers"]]
    assert titles == ["KiteSeg: Boundary-Aware Segmentation under Label Noise"]
    remove(["papers.jsonl#c2"], store)  # a removed paper's tag stays in the file; paper lists no longer show it
    assert "papers.jsonl#c2" in paper_tags(store) and tagged_ids(store, "exclude") == {"Paper:papers.jsonl#c2"}
    assert json.loads(kg("papers", "--tag", "exclude", "--store", "st", "--json").stdout)["total"] == 0


# --- BibTeX ---------------------------------------------------------------------------------


def _typed_graph() -> nx.MultiDiGraph:
    G = make_small_graph()
    kinds = {"p1": "journal-article", "p2": "conference-paper", "p3": "preprint", "p4": None, "p5": "book-chapter"}
    for pid, kind in kinds.items():
        G.nodes[f"Paper:{pid}"].update(kind=kind, venue=f"Venue of {pid}")
    add_paper(
        G,
        Paper(
            id="p6",
            title="CORES$^2: 50% & #1 of {nested {braces}} ~ a_b \\ Übung — 深度",
            abstract="x",
            year=2022,
            authors=["Müller, Jörg", "Ada Lovelace"],
            kind="journal-article",
            venue="Kite & Sons Journal",
        ),
    )
    return G


def test_bibtex_keeps_the_entry_type_and_reads_back_through_bibtexparser(tmp_path):
    G = _typed_graph()
    export_graph(G, "bibtex", tmp_path / "refs.bib")
    text = (tmp_path / "refs.bib").read_text(encoding="utf-8")
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    by_title = {e["title"]: e for e in lib.entries}
    types = {
        G.nodes[f"Paper:{p}"]["title"]: t
        for p, t in (("p1", "article"), ("p2", "inproceedings"), ("p3", "misc"), ("p4", "misc"), ("p5", "incollection"))
    }
    assert {title: by_title[latex(title)].entry_type for title in types} == types
    p2 = by_title[latex(G.nodes["Paper:p2"]["title"])]
    assert p2["booktitle"] == "Venue of p2" and "journal" not in p2.fields_dict
    assert by_title[latex(G.nodes["Paper:p1"]["title"])]["journal"] == "Venue of p1"
    # plain text stays plain: Unicode as is, only the LaTeX specials escaped
    assert "{\\$}" not in text and "{\\textasciicircum}" not in text and '{\\"U}' not in text
    p6 = next(e for e in lib.entries if e.entry_type == "article" and "CORES" in e["title"])
    assert p6["title"] == (
        "CORES\\$\\textasciicircum{}2: 50\\% \\& \\#1 of \\{nested \\{braces\\}\\} "
        "\\textasciitilde{} a\\_b \\textbackslash{} Übung — 深度"
    )
    assert p6["author"] == "Müller, Jörg and Ada Lovelace" and p6["journal"] == "Kite \\& Sons Journal"


def test_bibtex_round_trips_through_the_bibtex_reader(tmp_path):
    G = _typed_graph()
    G.nodes["Paper:p3"]["title"] = "Unbalanced } brace and { another"
    export_graph(G, "bibtex", tmp_path / "refs.bib")
    papers = {p.title: p for p in read_file(tmp_path / "refs.bib").papers}
    assert len(papers) == 6
    title = "CORES$^2: 50% & #1 of {nested {braces}} ~ a_b \\ Übung — 深度"
    # pylatexenc (the reader's decoder) writes \textasciicircum as U+02C6; LaTeX prints "^"
    back = next(p for t, p in papers.items() if t.replace("\u02c6", "^") == title)
    assert back.authors == ["Müller, Jörg", "Ada Lovelace"] and back.venue == "Kite & Sons Journal"
    assert {p.kind for p in papers.values()} == {"journal-article", "conference-paper", None, "book-chapter"}
    assert bibtexparser.parse_file(str(tmp_path / "refs.bib")).failed_blocks == []
