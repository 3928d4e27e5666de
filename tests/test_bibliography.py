"""Citations, authors and venues (issue 21, deliverables 1 and 2): reference lists read from the
exports in their real shapes, CITES made over every stored paper (also when the cited paper comes
in a later build), Author and Venue nodes, the filters and cards that use them, the named queries,
exports, selections, old stores, and the Neo4j store."""

from __future__ import annotations

import csv
import json
import random

import pytest
from typer.testing import CliRunner

import kg.build.pipeline as pipeline
from extract.record import Extraction
from kg.cli import app
from kg.core.bibliography import add_bibliography
from kg.core.canonical import canonical_dump
from kg.core.graph import new_graph
from kg.core.references import reference_list
from kg.readers import read_sources
from kg.store import EmbeddedStore, MemoryStore
from queries import CypherBackend, api
from queries.errors import NotFound, QueryError
from queries.named_queries import run_named
from tests.fixtures.bibgraphs import make_bib_graph
from tests.test_readers_exports import EXPORTS

runner = CliRunner()
ALL = sorted(p for p in EXPORTS.iterdir() if p.is_file())


class NoMentions:
    """An extractor that finds nothing: these tests are about the bibliographic part only."""

    def extract_many(self, items, batch_size: int = 64, n_process: int = 1):
        for pid, _title, _abstract in items:
            yield Extraction(pid)


@pytest.fixture
def no_mentions(monkeypatch):
    monkeypatch.setattr(pipeline, "load_extractor", lambda model=None: NoMentions())


def build(store, files, tmp_path):
    return pipeline.build([str(f) for f in files], store, cache_path=tmp_path / "cache.sqlite")


def cites(G) -> set[tuple[str, str]]:
    return {(u.removeprefix("Paper:"), v.removeprefix("Paper:")) for u, v, k in G.edges(keys=True) if k == "CITES"}


# -- readers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, paper, count, ids",
    [
        ("openalex_snapshot.jsonl", "doi:10.5555/harbour.2023.1", 2, ["openalex:W4300000001", "openalex:W2100000099"]),
        (
            "openalex_page.json",
            "doi:10.5555/lighthouse.2022.8",
            3,
            ["openalex:W2100000001", "openalex:W2100000002", "openalex:W2100000003"],
        ),
        (
            "s2_search.json",
            "doi:10.5555/compass.2021.6",
            3,
            [
                "doi:10.5555/channels.2019.4",
                "s2:" + "cc" + "0" * 37 + "3",
                "pmid:34000004",
                "s2:" + "aa" + "0" * 37 + "1",
            ],
        ),
        ("wos_savedrecs.txt", "doi:10.5555/channels.2019.4", 2, ["doi:10.1002/j.1538-7305.1950.tb00463.x"]),
        ("wos_savedrecs.txt", "wos:000490000000003", 1, ["doi:10.5555/channels.2019.4"]),
        ("wos_tab.txt", "doi:10.5555/engines.2018.9", 2, ["doi:10.5555/sketch.1842.41"]),
        ("scopus.csv", "doi:10.5555/orbit.2023.5", 2, ["doi:10.5555/lighthouse.2022.8"]),
        ("pubmed_efetch.xml", "doi:10.5555/retina.2023.14", 3, ["pmid:36000006", "doi:10.5555/atlas.2019.2"]),
        ("zotero_csl.json", "doi:10.5555/marmalade.2022.1", 2, ["doi:10.5555/engines.2018.9"]),
    ],
)
def test_each_export_keeps_its_reference_list_with_unidentified_references_counted(name, paper, count, ids):
    rep = read_sources([EXPORTS / name])
    (found,) = [p for p in rep.papers if p.id == paper]
    assert (found.references, found.reference_ids) == (count, ids)


def test_exports_without_reference_lists_leave_the_count_empty():
    rep = read_sources([EXPORTS / "library.bib", EXPORTS / "arxiv_feed.xml"])
    assert rep.papers and all(p.references is None and p.reference_ids == [] for p in rep.papers)


@pytest.mark.parametrize(
    "name, paper, orcids",
    [
        ("openalex_snapshot.jsonl", "doi:10.5555/harbour.2023.1", ["0000-0002-1825-0097"]),
        ("wos_savedrecs.txt", "doi:10.5555/channels.2019.4", ["0000-0003-1415-9265", ""]),  # OI matched by name
        ("wos_tab.txt", "doi:10.5555/engines.2018.9", ["", "0000-0002-1825-0097"]),
        ("pubmed_efetch.xml", "doi:10.5555/retina.2023.14", ["0000-0001-8765-4321", "", ""]),
        ("zotero_csl.json", "doi:10.5555/marmalade.2022.1", ["0000-0002-9876-5432", ""]),
    ],
)
def test_orcids_stand_beside_their_authors(name, paper, orcids):
    (found,) = [p for p in read_sources([EXPORTS / name]).papers if p.id == paper]
    assert found.orcids == orcids and len(found.authors) == len(orcids)


def test_a_huge_or_odd_reference_list_is_counted_and_never_raises():
    ids, count = reference_list(["https://openalex.org/W1"] * 3 + [None, 7, {"x": 1}, ["nested"], "10.1000/ok"], 2)
    assert (ids, count) == (["openalex:W1", "doi:10.1000/ok"], 8)
    assert reference_list("not a list", "12") == ([], None)


# -- building: CITES over every stored paper ---------------------------------------------------------

EXPECTED_CITES = {
    ("doi:10.5555/harbour.2023.1", "doi:10.5555/lighthouse.2022.8"),  # OpenAlex id → OpenAlex page
    ("doi:10.5555/orbit.2023.5", "doi:10.5555/lighthouse.2022.8"),  # Scopus reference text with a DOI
    ("doi:10.5555/compass.2021.6", "doi:10.5555/channels.2019.4"),  # S2 externalIds DOI → WoS record
    ("doi:10.5555/compass.2021.6", "pmid:34000004"),  # S2 reference → S2 paper
    ("wos:000490000000003", "doi:10.5555/channels.2019.4"),  # WoS CR line with DOI
    ("doi:10.5555/retina.2023.14", "pmid:36000006"),  # PubMed ReferenceList PMID
    ("doi:10.5555/marmalade.2022.1", "doi:10.5555/engines.2018.9"),  # CSL reference DOI → WoS tab record
}


def test_every_export_together_gives_the_citations_between_stored_papers(tmp_path, no_mentions):
    store = EmbeddedStore(tmp_path / "store")
    report = build(store, ALL, tmp_path)
    G = store.read_graph()
    assert cites(G) == EXPECTED_CITES
    assert report.stats["relationships"]["CITES"] == len(EXPECTED_CITES)
    node = G.nodes["Paper:doi:10.5555/orbit.2023.5"]
    assert (node["references"], node["reference_ids"]) == (2, ["doi:10.5555/lighthouse.2022.8"])


def test_a_citation_to_a_paper_added_by_a_later_build_appears_then(tmp_path, no_mentions):
    store = EmbeddedStore(tmp_path / "store")
    build(store, [EXPORTS / "scopus.csv"], tmp_path)
    assert cites(store.read_graph()) == set()
    assert store.read_graph().nodes["Paper:doi:10.5555/orbit.2023.5"]["references"] == 2
    build(store, [EXPORTS / "openalex_page.json"], tmp_path)  # the cited paper arrives
    assert cites(store.read_graph()) == {("doi:10.5555/orbit.2023.5", "doi:10.5555/lighthouse.2022.8")}
    build(store, [EXPORTS / "openalex_snapshot.jsonl"], tmp_path)  # a citing paper arrives after its cited one
    assert ("doi:10.5555/harbour.2023.1", "doi:10.5555/lighthouse.2022.8") in cites(store.read_graph())


def test_removing_a_cited_paper_removes_its_citations(tmp_path, no_mentions):
    store = EmbeddedStore(tmp_path / "store")
    build(store, [EXPORTS / "scopus.csv", EXPORTS / "openalex_page.json"], tmp_path)
    pipeline.remove(["doi:10.5555/lighthouse.2022.8"], store, cache_path=tmp_path / "cache.sqlite")
    G = store.read_graph()
    assert cites(G) == set() and "Venue:journal of coastal generative models" not in G


def test_the_graph_does_not_depend_on_the_order_or_split_of_the_sources(tmp_path, no_mentions):
    whole = EmbeddedStore(tmp_path / "whole")
    build(whole, ALL, tmp_path)
    shuffled = list(ALL)
    random.Random(21).shuffle(shuffled)
    split = EmbeddedStore(tmp_path / "split")
    build(split, shuffled[:5], tmp_path)
    build(split, shuffled[5:], tmp_path)
    ignore = ("source",)  # the file:line a paper was read from
    assert canonical_dump(split.read_graph(), ignore=ignore) == canonical_dump(whole.read_graph(), ignore=ignore)


def test_authors_are_one_node_per_person_keyed_by_orcid_or_name(tmp_path, no_mentions):
    store = EmbeddedStore(tmp_path / "store")
    build(store, ALL, tmp_path)
    G = store.read_graph()
    ada = G.nodes["Author:0000-0002-1825-0097"]
    # "Ada Lovelace" (arXiv, OpenAlex), "Lovelace, Ada" (BibTeX, RIS, WoS), "Lovelace A." (Scopus): one author,
    # the ORCID two exports give reaching the spellings without one
    assert (ada["name"], ada["papers"], ada["orcid"]) == ("Lovelace, Ada", 8, "0000-0002-1825-0097")
    assert {"Ada Lovelace", "Lovelace A.", "Lovelace, Ada"} <= set(ada["aliases"])
    assert "Author:lovelace a" not in G
    assert G.nodes["Author:turing a"]["papers"] == 5
    assert G.nodes["Author:the kite consortium"]["name"] == "The Kite Consortium"  # a group stays whole
    wrote = {(u, v): d["position"] for u, v, k, d in G.edges(keys=True, data=True) if k == "WROTE"}
    assert wrote[("Author:turing a", "Paper:doi:10.5555/orbit.2023.5")] == 1
    assert wrote[("Author:0000-0002-1825-0097", "Paper:doi:10.5555/orbit.2023.5")] == 2
    venue = G.nodes["Venue:journal of label quality"]
    assert (venue["name"], venue["papers"]) == ("JOURNAL OF LABEL QUALITY", 2)


# -- queries: API and CLI --------------------------------------------------------------------------


@pytest.fixture
def bib():
    return CypherBackend(MemoryStore(make_bib_graph()))


def test_papers_by_author_and_venue_through_the_api(bib):
    by = lambda **kw: [p["id"] for p in api.papers(bib, **kw)]  # noqa: E731
    assert by(author=["Lindqvist, Maïja"]) == ["Paper:p5", "Paper:p2", "Paper:p1"]
    assert by(author=["Maija Lindqvist"]) == by(author=["lindqvist m"]) == by(author=["0000-0002-1825-0097"])
    assert by(author=["Okonkwo"]) == ["Paper:p4", "Paper:p3", "Paper:p1"]  # a surname one author has
    assert by(author=["Okonkwo", "Lindqvist"]) == ["Paper:p1"]  # every author named
    assert by(venue=["journal of label noise"]) == ["Paper:p2", "Paper:p1"]
    assert by(venue=["Diffusion"], dataset=["ImageNet"]) == ["Paper:p3"]
    page = api.papers_page(bib, author=["Okonkwo"], limit=1)
    assert (page["total"], [p["authors"] for p in page["papers"]]) == (3, [["Chidi Okonkwo"]])


def test_an_author_name_that_fits_several_authors_lists_them_and_an_unknown_one_is_not_found(bib):
    with pytest.raises(QueryError, match=r"'Novak' names 2 authors: Novak, Jan \(1 papers\); Novak, Petra"):
        api.papers(bib, author=["Novak"])
    assert [p["id"] for p in api.papers(bib, author=["Novak P"])] == ["Paper:p3"]
    with pytest.raises(NotFound, match="Author 'Dijkstra' not found"):
        api.papers(bib, author=["Dijkstra"])
    with pytest.raises(QueryError, match="names 2 venues"):
        api.papers(bib, venue=["l"])


def test_top_lists_authors_or_venues_only_when_asked(bib):
    top = [(e["name"], e["papers"]) for e in api.top(bib, "author", 2)]
    assert top == [("Lindqvist, Maïja", 3), ("Okonkwo, Chidi", 3)]
    assert [e["label"] for e in api.top(bib, "venues", 5)] == ["Venue", "Venue"]
    assert {e["label"] for e in api.top(bib, None, 100)} <= {"Method", "Dataset", "Task", "Metric", "Concept"}
    assert all(e["label"] not in ("Author", "Venue") for e in api.related(bib, "NoiseNet", n=100))
    with pytest.raises(QueryError):
        api.related(bib, "NoiseNet", "author")


def test_the_paper_card_lists_cites_and_cited_by_within_the_store(bib):
    from kg.present.paper_card import paper_card

    card = paper_card(bib, "p3")
    assert [p["id"] for p in card["cites"]] == ["Paper:p2", "Paper:p1"]
    assert [p["id"] for p in card["cited_by"]] == ["Paper:p4"]
    assert (card["paper"]["references"], card["cites_total"], card["cited_by_total"]) == (4, 2, 1)
    one = paper_card(bib, "p1", limit=1)  # cited by p2, p3 (2023) and p4 (2024): the newest, and how many
    assert ([p["id"] for p in one["cited_by"]], one["cited_by_total"]) == (["Paper:p4"], 3)


def test_named_queries_most_cited_co_citation_and_bibliographic_coupling(bib):
    most = run_named(bib, "most_cited", {"n": 2})
    assert [(r["id"], r["cited_by"], r["references"]) for r in most] == [("p1", 3, 3), ("p2", 1, 2)]
    G = make_bib_graph()
    assert {n: d.get("citations") for n, d in G.nodes(data=True) if d["label"] == "Paper"} == {
        "Paper:p1": 3,
        "Paper:p2": 1,
        "Paper:p3": 1,
        "Paper:p4": 1,
        "Paper:p5": None,
    }
    # p1 is cited with p2 by p3, with p3 by p4
    assert [(r["id"], r["together"]) for r in run_named(bib, "co_citation", {"paper": "p1"})] == [("p2", 1), ("p3", 1)]
    assert run_named(bib, "co_citation", {"paper": "p1", "min": 2}) == []
    # p2 and p3 both list p1's DOI and the outside DOI; p1 lists the outside DOI; p4 lists p1's DOI
    coupled = run_named(bib, "bibliographic_coupling", {"paper": "p2"})
    assert [(r["id"], r["shared"]) for r in coupled] == [("p3", 2), ("p1", 1), ("p4", 1)]
    assert [r["id"] for r in run_named(bib, "bibliographic_coupling", {"paper": "p2", "min": 2})] == ["p3"]
    with pytest.raises(QueryError, match="paper"):
        run_named(bib, "co_citation", {})


@pytest.fixture
def built(tmp_path, no_mentions):
    store = EmbeddedStore(tmp_path / "store")
    build(store, ALL, tmp_path)
    store.close()
    return str(tmp_path / "store")


def test_cli_papers_author_venue_top_and_show(built):
    out = runner.invoke(
        app, ["papers", "--author", "Lovelace", "--venue", "Remote Sensing", "--store", built, "--json"]
    )
    assert out.exit_code == 0, out.output
    assert [p["title"] for p in json.loads(out.output)["papers"]] == ["Orbit Diffusion for Satellite Imagery"]
    table = runner.invoke(app, ["papers", "--author", "0000-0002-1825-0097", "--store", built, "--limit", "0"])
    assert table.exit_code == 0 and "Turing A.; Lovelace A." in table.output
    found = runner.invoke(app, ["papers", "--author", "Lovelace", "--search", "orbit", "--store", built, "--csv"])
    assert found.exit_code == 0, found.output
    (row,) = list(csv.DictReader(found.stdout.splitlines()))
    assert row["title"] == "Orbit Diffusion for Satellite Imagery" and "Lovelace A." in row["authors"]
    top = runner.invoke(app, ["top", "--type", "author", "-n", "1", "--store", built, "--json"])
    assert [r["name"] for r in json.loads(top.output)] == ["Lovelace, Ada"]
    card = runner.invoke(app, ["show", "doi:10.5555/channels.2019.4", "--store", built])
    assert card.exit_code == 0 and "Shannon C.; Weaver W." in card.output
    assert "Cited by (in this store): 2" in card.output
    data = json.loads(runner.invoke(app, ["show", "doi:10.5555/channels.2019.4", "--store", built, "--json"]).output)
    cited_by = sorted(p["id"] for p in data["cited_by"])
    assert cited_by == ["Paper:doi:10.5555/compass.2021.6", "Paper:wos:000490000000003"]
    bad = runner.invoke(app, ["papers", "--author", "Nobody", "--store", built])
    assert bad.exit_code == 1 and "Author 'Nobody' not found" in bad.output and "Traceback" not in bad.output


# -- views and exports ------------------------------------------------------------------------------


def test_selections_leave_authors_and_venues_out_unless_asked():
    from kg.present.select import Selection, select

    G = make_bib_graph()
    labels = {d["label"] for _, d in select(G).nodes(data=True)}
    assert "Author" not in labels and "Venue" not in labels
    assert {k for _, _, k in select(G, Selection(types=("Paper",))).edges(keys=True)} == {"CITES"}
    asked = select(G, Selection(types=("Paper", "Author")))
    assert {d["label"] for _, d in asked.nodes(data=True)} == {"Paper", "Author"}
    around = select(G, Selection(around=["label noise"], depth=1, via="papers"))
    assert not any(d["label"] in ("Author", "Venue") for _, d in around.nodes(data=True))
    years = select(G, Selection(year_from=2024, types=("Paper", "Author", "Venue")))
    assert sorted(n for n in years if not n.startswith("Paper:")) == [
        "Author:0000-0002-1825-0097",
        "Author:okonkwo c",
        "Venue:diffusion letters",
    ]


def test_term_maps_and_communities_see_entities_only():
    from kg.present.termmap.network import term_papers

    G = make_bib_graph()
    assert not any(n.startswith(("Author:", "Venue:")) for n in term_papers(G))


@pytest.mark.parametrize(
    "fmt, name",
    [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json"), ("cypher", "g.cypher"), ("neo4j-csv", "csv")],
)
def test_every_graph_export_carries_cites(tmp_path, fmt, name):
    from kg.present.export import export_selection

    export_selection(make_bib_graph(), None, fmt, tmp_path / name)
    if fmt == "neo4j-csv":
        with open(tmp_path / name / "relationships.csv", encoding="utf-8") as fh:
            types = [row[":TYPE"] for row in csv.DictReader(fh)]
        assert types.count("CITES") == 6
    else:
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "CITES" in text and "Author" not in text.replace("authors", "")


@pytest.mark.parametrize("fmt", ["review-csv", "review-xlsx"])
def test_the_review_table_carries_the_citations(tmp_path, fmt):
    """``cites`` (ids of the stored papers cited) with ``id`` rebuild the CITES links; ``cited by`` counts them."""
    from kg.present.export import export_graph
    from kg.present.select import Selection, select

    G = make_bib_graph()
    path = tmp_path / ("r.csv" if fmt == "review-csv" else "r.xlsx")
    export_graph(select(G, Selection(types=("Paper",))), fmt, path, context=G)
    if fmt == "review-csv":
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    else:
        from openpyxl import load_workbook

        ws = load_workbook(path).active
        header = [c.value for c in ws[1]]
        rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]
    links = {(r["id"], c) for r in rows for c in (r["cites"] or "").split("; ") if c}
    assert links == cites(G) and len(links) == 6
    counted = {r["id"]: int(r["cited by"]) for r in rows}
    assert counted == {p[6:]: sum(1 for _, v in cites(G) if v == p[6:]) for p in G if p.startswith("Paper:")}
    assert {r["id"]: int(r["references"]) for r in rows}["p3"] == 4


def test_the_review_table_of_a_region_read_from_the_store_lists_what_its_papers_cite(tmp_path):
    from kg.present.export import export_store
    from kg.present.select import Selection

    G = make_bib_graph()
    store = EmbeddedStore(tmp_path / "store")
    store.write_graph(G)
    spec = Selection(cypher="MATCH (p:Paper {key: 'p3'}) RETURN p")
    export_store(store, spec, "review-csv", tmp_path / "r.csv")
    with (tmp_path / "r.csv").open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["id"] == "p3" and row["cites"].split("; ") == sorted(v for u, v in cites(G) if u == "p3")


def test_the_cypher_export_recreates_the_citations(tmp_path):
    from kg.present.export import export_graph
    from kg.present.select import Selection, select

    G = make_bib_graph()
    export_graph(select(G, Selection(types=("Paper", "Author", "Venue"))), "cypher", tmp_path / "g.cypher")
    store = MemoryStore(new_graph())
    for statement in (tmp_path / "g.cypher").read_text(encoding="utf-8").split(";\n"):
        if statement.strip() and not statement.lstrip().startswith("//"):
            store.run(statement, write=True)
    rows = store.run("MATCH (a:Paper)-[:CITES]->(b:Paper) RETURN a.key AS ka, b.key AS kb ORDER BY ka, kb")
    expected = sorted((u[6:], v[6:]) for u, v, k in G.edges(keys=True) if k == "CITES")
    assert [(r["ka"], r["kb"]) for r in rows] == expected


# -- stores ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [2, 3])
def test_a_store_of_format_2_or_3_gets_authors_venues_and_citations_on_first_open(tmp_path, fmt):
    """Format 3 (claims) had no Author, Venue, CITES, WROTE or PUBLISHED_IN; format 2 no claim tables either."""
    import ladybug

    from kg.store.migrate import BIB_TABLES_ADDED, CLAIM_TABLES_ADDED, STORE_FORMAT

    G = make_bib_graph()
    EmbeddedStore(tmp_path).write_graph(G)
    db = ladybug.Database(str(tmp_path / "graph.lbug"))
    conn = ladybug.Connection(db)
    dropped = [*BIB_TABLES_ADDED[::-1], *(CLAIM_TABLES_ADDED if fmt == 2 else ())]  # relationship tables first
    for table in sorted(dropped, key=lambda t: t in ("Author", "Venue")):
        conn.execute(f"DROP TABLE {table}")  # as a store of that format was written
    if fmt == 2:
        for rel in ("OUTPERFORMS", "EXTENDS"):
            conn.execute(f"ALTER TABLE {rel} DROP confidence")
            conn.execute(f"ALTER TABLE {rel} DROP sources")
    conn.close()
    db.close()
    (tmp_path / "format").write_text(f"{fmt}\n")
    store = EmbeddedStore(tmp_path)
    assert store.stats()["relationships"]["CITES"] == 6
    assert canonical_dump(store.read_graph()) == canonical_dump(G)
    assert (tmp_path / "format").read_text().strip() == str(STORE_FORMAT) == "5"


def test_add_bibliography_is_idempotent_and_replaces_what_was_there():
    G = make_bib_graph()
    before = canonical_dump(G)
    G.nodes["Paper:p5"]["reference_ids"] = []
    add_bibliography(G)
    assert ("Paper:p5", "Paper:p4") not in {(u, v) for u, v, k in G.edges(keys=True) if k == "CITES"}
    G.nodes["Paper:p5"]["reference_ids"] = ["openalex:W4300000004"]
    add_bibliography(G)
    add_bibliography(G)
    assert canonical_dump(G) == before


# -- Neo4j (the FalkorDB Bolt server of the test suite) ------------------------------------------


def test_the_neo4j_store_holds_and_answers_the_same(bolt_env):
    from kg.present.paper_card import paper_card
    from kg.store.neo4j_store import open_neo4j_store

    G = make_bib_graph()
    store = open_neo4j_store()
    try:
        store.write_graph(G)
        assert canonical_dump(store.read_graph()) == canonical_dump(G)
        neo, emb = CypherBackend(store, owns=False), CypherBackend(MemoryStore(G))
        for type_name in ("author", "venue"):
            assert api.top(neo, type_name, 10) == api.top(emb, type_name, 10)
        for kw in (
            {"author": ["Lindqvist"]},
            {"author": ["okonkwo c"], "venue": ["Diffusion Letters"]},
            {"author": ["0000-0002-1825-0097"], "dataset": ["CIFAR-10"]},
        ):
            assert api.papers_page(neo, **kw) == api.papers_page(emb, **kw), kw
        with pytest.raises(QueryError, match="names 2 authors"):
            api.papers(neo, author=["Novak"])
        for pid in ("p1", "p3", "p5"):
            assert paper_card(neo, pid) == paper_card(emb, pid)
        for name, params in (
            ("most_cited", {}),
            ("co_citation", {"paper": "p1"}),
            ("bibliographic_coupling", {"paper": "p2"}),
            ("bibliographic_coupling", {"paper": "p4"}),
        ):
            rows = run_named(neo, name, params)
            assert rows and rows == run_named(emb, name, params), name
    finally:
        store.close()


def test_references_with_control_characters_or_lone_surrogates_are_counted_not_kept(tmp_path):
    src = tmp_path / "refs.jsonl"
    refs = ["10.1000/ok", "10.1000/bad\x00x", "10.1000/sur\ud800", "https://openalex.org/W12"]
    src.write_text(json.dumps({"title": "T", "abstract": "A.", "references": refs}) + "\n", encoding="utf-8")
    (paper,) = read_sources([src]).papers
    assert (paper.references, paper.reference_ids) == (4, ["doi:10.1000/ok", "openalex:W12"])
