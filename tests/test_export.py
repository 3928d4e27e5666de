import csv
import json
import re

import bibtexparser
import networkx as nx
import pytest
from pylatexenc.latex2text import LatexNodes2Text

import kg.present.export
import kg.present.export.bibtex
import kg.present.export.cypher
import kg.present.export.graphfiles
import kg.present.export.io
import kg.present.export.neo4j_csv
import kg.present.export.review
from kg.core.graph import add_entity, add_paper, link_paper
from kg.core.papers import Paper
from kg.present.export import ExportError, export_graph, export_selection, infer_format
from kg.present.export.cypher import literal, script, statements
from kg.present.export.graphfiles import edge_id
from kg.present.select import Selection, select
from queries.schema import CO_OCCURS, PAPER


@pytest.fixture
def tricky_graph(small_graph):
    """The small graph plus a paper whose text has every character that breaks formats."""
    G = small_graph
    p = add_paper(
        G,
        Paper(
            id="p6",
            title='Q&A {for} "50%" of Übung | a_b; c\\d',
            abstract="It's\nmulti-line; with $x$.",
            year=2022,
            authors=["Ada Lovelace", "Émile Borel"],
            url="https://example.org/a_b?x=1&y=2",
            code_url="https://github.com/ex/a_b",
        ),
    )
    m = add_entity(G, "Method", "o'brien net", "O'Brien-Net `x`", aliases=["O'Brien-Net", "OBN; v2"], papers=1)
    link_paper(G, p, m, "PROPOSES", count=2, evidence=["We propose O'Brien-Net; it is\nnew.", "A \\ backslash."])
    link_paper(G, p, m, "USES", count=1, evidence=["O'Brien-Net is used."])  # a parallel edge
    link_paper(G, p, "Concept:label noise", "MENTIONS", count=1, evidence=["Label noise hurts."])
    return G


def _edges_by_id(H):
    if H.is_multigraph():
        return {d.get("id", k): (u, v, d) for u, v, k, d in H.edges(keys=True, data=True)}
    return {d["id"]: (u, v, d) for u, v, d in H.edges(data=True)}


def _assert_same_graph(sel, back):
    assert set(back.nodes) == set(sel.nodes)
    for n, d in sel.nodes(data=True):
        b = back.nodes[n]
        assert b["type"] == d["label"]
        assert b["label"] == d["name"]
        assert b["canonical_key"] == d["key"]
        if d["label"] == PAPER:
            assert b["year"] == d["year"] and b["title"] == d["title"]
        else:
            assert b["papers"] == d["papers"]
            assert b["aliases"] == "; ".join(d["aliases"])
    edges = _edges_by_id(back)
    assert set(edges) == {edge_id(u, v, k) for u, v, k in sel.edges(keys=True)}
    for u, v, k, d in sel.edges(keys=True, data=True):
        bu, bv, b = edges[edge_id(u, v, k)]
        assert (bu, bv, b["label"]) == (u, v, k)
        if k == CO_OCCURS:
            assert b["papers"] == d["papers"]
            assert b["strength"] == pytest.approx(d["strength"])
            assert b["weight"] == pytest.approx(d["strength"])
        else:
            assert b["count"] == d["count"]
            assert b["evidence"].split(" | ") == d["evidence"]


def test_graphml_round_trip(tricky_graph, tmp_path):
    sel = select(tricky_graph, Selection(around=["label noise"], depth=1))
    export_graph(sel, "graphml", tmp_path / "g.graphml")
    back = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    _assert_same_graph(sel, back)
    assert back.nodes["Paper:p6"]["title"] == tricky_graph.nodes["Paper:p6"]["title"]


def test_gexf_round_trip(tricky_graph, tmp_path):
    sel = select(tricky_graph, Selection(around=["label noise"], depth=1))
    export_graph(sel, "gexf", tmp_path / "g.gexf")
    back = nx.read_gexf(tmp_path / "g.gexf")
    _assert_same_graph(sel, back)
    # Gephi shows the node label and the edge label: names and relationship types
    text = (tmp_path / "g.gexf").read_text()
    assert 'label="NoiseNet"' in text and 'label="PROPOSES"' in text


def test_node_link_json_round_trip(tricky_graph, tmp_path):
    sel = select(tricky_graph)
    export_graph(sel, None, tmp_path / "g.json")
    back = nx.node_link_graph(
        json.loads((tmp_path / "g.json").read_text()), directed=True, multigraph=True, edges="edges"
    )
    for _, d in sel.nodes(data=True):
        d.pop("id", None)  # node-link's own "id" is the node id; a Paper's id attribute equals its key
    assert nx.utils.graphs_equal(back, sel)
    assert back.nodes["Method:o'brien net"]["aliases"] == ["O'Brien-Net", "OBN; v2"]


def test_neo4j_csv_headers_and_rows(tricky_graph, tmp_path):
    sel = select(tricky_graph)
    info = export_graph(sel, "neo4j-csv", tmp_path / "import")
    assert [p.rsplit("/", 1)[1] for p in info.files] == ["nodes.csv", "relationships.csv"]
    with open(tmp_path / "import" / "nodes.csv", newline="") as fh:
        nodes = list(csv.reader(fh))
    with open(tmp_path / "import" / "relationships.csv", newline="") as fh:
        rels = list(csv.reader(fh))
    header = nodes[0]
    assert header[:2] == [":ID", ":LABEL"]
    prop = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(:(int|long|float|double|boolean|string)(\[\])?)?$")
    assert all(prop.match(h) for h in header[2:]), header
    assert {"key", "name", "aliases:string[]", "papers:int", "year:int", "authors:string[]"} <= set(header)
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"count:int", "evidence:string[]", "papers:int", "strength:float"} <= set(rels[0][3:])
    assert all(prop.match(h) for h in rels[0][3:])
    assert len(nodes) - 1 == sel.number_of_nodes() and len(rels) - 1 == sel.number_of_edges()

    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in nodes[1:]}
    assert by_id["Method:o'brien net"][":LABEL"] == "Method"
    assert by_id["Method:o'brien net"]["aliases:string[]"].split(";") == ["O'Brien-Net", "OBN, v2"]
    assert by_id["Paper:p6"]["year:int"] == "2022"
    assert "\n" not in by_id["Paper:p6"]["abstract"]
    rel = next(
        dict(zip(rels[0], r, strict=True)) for r in rels[1:] if r[:3] == ["Paper:p6", "Method:o'brien net", "PROPOSES"]
    )
    assert rel["count:int"] == "2"
    assert rel["evidence:string[]"].split(";") == ["We propose O'Brien-Net, it is new.", "A \\ backslash."]
    ids = set(by_id)
    assert all(r[0] in ids and r[1] in ids for r in rels[1:])


def test_bibtex_parses_back_with_the_same_entries(tricky_graph, tmp_path):
    sel = select(tricky_graph)
    info = export_graph(sel, None, tmp_path / "refs.bib", context=tricky_graph)
    assert info.format == "bibtex"
    lib = bibtexparser.parse_file(str(tmp_path / "refs.bib"))
    assert not lib.failed_blocks
    papers = {d["title"]: d for _, d in sel.nodes(data=True) if d["label"] == PAPER}
    assert len(lib.entries) == len(papers) == 6
    assert len({e.key for e in lib.entries}) == 6
    to_text = LatexNodes2Text()
    for e in lib.entries:
        title = to_text.latex_to_text(e["title"])
        assert title in papers, title
        d = papers[title]
        assert e["year"] == str(d["year"])
        assert e["url"] == d["url"]
        assert e.entry_type == "misc"
    tricky = next(e for e in lib.entries if e.key == "lovelace2022q")
    assert to_text.latex_to_text(tricky["author"]) == "Ada Lovelace and Émile Borel"
    assert "https://github.com/ex/a_b" in tricky["note"]
    assert "O'Brien-Net" in to_text.latex_to_text(tricky["keywords"])


def test_cypher_script_statements(tricky_graph):
    sel = select(tricky_graph)
    lines = list(statements(sel))
    assert len(lines) == sel.number_of_nodes() + sel.number_of_edges()
    assert sum(line.startswith("MERGE (n:") for line in lines) == sel.number_of_nodes()
    assert sum(" MERGE (a)-[r:" in line for line in lines) == sel.number_of_edges()
    assert all(line.endswith(";") and "\n" not in line for line in lines)
    text = script(sel)
    assert "MERGE (n:`Method` {key: 'o\\'brien net'})" in text
    assert "n.`name` = 'O\\'Brien-Net `x`'" in text
    assert "'We propose O\\'Brien-Net; it is\\nnew.', 'A \\\\ backslash.'" in text


def test_cypher_literals_escape_everything():
    assert literal("a'b\\c\nd\x01") == "'a\\'b\\\\c\\nd\\u0001'"
    assert literal([1, 2.5, "x"]) == "[1, 2.5, 'x']"
    assert literal(float("inf")) is None


def test_review_tables(tricky_graph, tmp_path):
    sel = select(tricky_graph, Selection(around=["label noise"], depth=0, via="papers"))
    export_graph(sel, "review-csv", tmp_path / "review.csv", context=tricky_graph)
    with open(tmp_path / "review.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["year"] for r in rows] == ["2021", "2022", "2023"]
    p6 = rows[1]
    assert p6["title"] == tricky_graph.nodes["Paper:p6"]["title"]
    assert p6["proposed methods"] == "O'Brien-Net `x`"
    assert p6["code"] == "https://github.com/ex/a_b"
    p2 = rows[2]
    # entity columns come from the full graph, not only the selection
    assert p2["datasets"] == "CIFAR-10; ImageNet" and p2["key concepts"] == "diffusion; label noise"

    export_graph(sel, "review-md", tmp_path / "review.md", context=tricky_graph)
    md = (tmp_path / "review.md").read_text().splitlines()
    assert md[0].startswith(
        "| id | doi | arxiv id | pmid | authors | venue | type | year | title | url | code | references | cited by "
        "| cites | proposed methods |"
    )
    assert len(md) == 2 + 3
    cells = re.split(r"(?<!\\)\|", md[3].strip())[1:-1]
    assert len(cells) == len(kg.present.export.review.COLUMNS)
    assert "a\\_b" not in md[3] and "\\|" in md[3]


def test_export_selection_and_errors(small_graph, tmp_path):
    info = export_selection(small_graph, Selection(types=["Concept"]), "gexf", tmp_path / "c.gexf")
    assert info.nodes == 3 and info.papers == 0 and info.bytes > 0
    with pytest.raises(ExportError, match="cannot tell the format"):
        infer_format(tmp_path / "x.txt")
    with pytest.raises(ExportError, match="unknown format"):
        export_graph(small_graph, "pdf", tmp_path / "x.pdf")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="writes a folder"):
        export_graph(small_graph, "neo4j-csv", tmp_path / "file")
