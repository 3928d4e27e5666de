"""Entity cards and paper lists are paged: the newest papers first, a limit and an offset applied
in the store, and the total counted there (a hub entity links tens of thousands of papers)."""

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.core.graph import add_entity, add_paper, link_paper, new_graph
from kg.core.papers import Paper
from kg.store import open_store
from queries import api, open_backend
from queries.errors import QueryError
from tests.fixtures.graphs import graph_backend

runner = CliRunner()

#: 27 papers mention "hub"; 9 of them also evaluate on "Rare-Set"; 3 have no year; p05/p06 and p07/p08
#: share a year, so titles break the tie; "Alpha" and "alpha" differ only by case
YEARS = [
    2020,
    2021,
    2022,
    2023,
    2024,
    2024,
    2019,
    2019,
    2018,
    2022,
    2017,
    2016,
    2015,
    2021,
    2020,
    None,
    2023,
    2014,
    2013,
    2012,
    None,
    2011,
    2010,
    2009,
    None,
    2008,
    2022,
]
TITLES = {5: "Zeta Paper", 6: "Alpha Paper", 7: "alpha paper", 8: "Beta Paper"}


def title(i: int) -> str:
    return TITLES.get(i, f"Paper number {i:02d}")


def expected_order(ids):
    """Year descending, papers without a year last, then title, then id (the protocol's order)."""
    papers = [(YEARS[i - 1], title(i), f"Paper:p{i:02d}") for i in ids]
    return [pid for _, _, pid in sorted(papers, key=lambda p: (p[0] is None, -(p[0] or 0), p[1], p[2]))]


ALL = list(range(1, len(YEARS) + 1))
RARE = [i for i in ALL if i % 3 == 0]


@pytest.fixture(scope="module")
def hub_graph():
    G = new_graph()
    hub = add_entity(G, "Concept", "hub", "hub", aliases=["hub"], papers=len(ALL))
    rare = add_entity(G, "Dataset", "rareset", "Rare-Set", aliases=["Rare-Set"], papers=len(RARE))
    for i in ALL:
        pid = add_paper(G, Paper(id=f"p{i:02d}", title=title(i), abstract=f"Abstract {i}.", year=YEARS[i - 1]))
        link_paper(G, pid, hub, "MENTIONS", evidence=[f"Sentence {i} about the hub."])
        if i in RARE:
            link_paper(G, pid, rare, "EVALUATES_ON", evidence=[f"Sentence {i} on Rare-Set."])
    return G


@pytest.fixture(scope="module")
def backend(hub_graph):
    return graph_backend(hub_graph)


@pytest.fixture(scope="module")
def store(tmp_path_factory, hub_graph):
    path = tmp_path_factory.mktemp("paging") / "store"
    open_store(path).write_graph(hub_graph)
    return str(path)


def test_show_lists_the_newest_20_and_counts_all(backend):
    card = api.show(backend, "hub")
    assert card["papers_total"] == 27
    assert [p["id"] for p in card["papers"]] == expected_order(ALL)[:20]
    assert card["papers"][0]["evidence"] == ["Sentence 6 about the hub."] and card["papers"][0]["rels"] == ["MENTIONS"]


def test_show_ties_broken_by_title_then_papers_without_year_last(backend):
    ids = [p["id"] for p in api.show(backend, "hub", limit=None)["papers"]]
    assert ids == expected_order(ALL)
    assert ids[:4] == ["Paper:p06", "Paper:p05", "Paper:p04", "Paper:p17"]  # 2024: Alpha < Zeta by title
    assert ids[-3:] == ["Paper:p16", "Paper:p21", "Paper:p25"]  # no year


def test_show_limit_and_offset_page_through_every_paper(backend):
    pages = [api.show(backend, "hub", limit=7, offset=o) for o in range(0, 28, 7)]
    assert [len(p["papers"]) for p in pages] == [7, 7, 7, 6]
    assert [p["id"] for page in pages for p in page["papers"]] == expected_order(ALL)
    assert {page["papers_total"] for page in pages} == {27}
    assert api.show(backend, "hub", limit=5, offset=40)["papers"] == []


def test_papers_page_counts_and_cuts(backend):
    page = api.papers_page(backend, concept=["hub"], limit=4, offset=2)
    assert page["total"] == 27 and page["offset"] == 2 and page["limit"] == 4
    assert [p["id"] for p in page["papers"]] == expected_order(ALL)[2:6]
    both = api.papers_page(backend, concept=["hub"], dataset=["rare set"])
    assert both["total"] == len(RARE) == len(both["papers"])
    assert [p["id"] for p in both["papers"]] == expected_order(RARE)
    assert both["papers"][0]["rels"] == ["EVALUATES_ON", "MENTIONS"]
    assert both["papers"][0]["evidence"] == ["Sentence 6 about the hub.", "Sentence 6 on Rare-Set."]


def test_papers_page_year_range_and_no_filter(backend):
    ranged = api.papers_page(backend, concept=["hub"], year_from=2019, year_to=2022, limit=3)
    in_range = [i for i in ALL if YEARS[i - 1] is not None and 2019 <= YEARS[i - 1] <= 2022]
    assert ranged["total"] == len(in_range)
    assert [p["id"] for p in ranged["papers"]] == expected_order(in_range)[:3]
    everything = api.papers_page(backend, limit=None)
    assert everything["total"] == 27 and [p["id"] for p in everything["papers"]] == expected_order(ALL)
    assert api.papers_page(backend, year_from=2024)["total"] == 2


def test_long_lists_read_their_evidence_from_the_entity_side(backend, monkeypatch):
    paged = api.show(backend, "hub", limit=None)
    monkeypatch.setattr("queries.cypher_backend.FRONTIER_BATCH", 5)  # more papers than one key lookup takes
    assert api.show(backend, "hub", limit=None) == paged
    assert api.show(backend, "hub", limit=None)["papers"][-1]["evidence"] == ["Sentence 25 about the hub."]


def test_a_page_is_looked_for_below_a_growing_list_position(backend, monkeypatch):
    """The store keeps each paper's list position; a page is first looked for among the first
    positions and the search widened until the page is full: the same pages either way."""
    wanted = [(o, n) for o in (0, 3, 10, 24) for n in (1, 4)]
    exact = [api.show(backend, "hub", limit=n, offset=o)["papers"] for o, n in wanted]
    rare = api.papers(backend, concept=["hub"], dataset=["Rare-Set"], year_to=2020, limit=2, offset=1)
    monkeypatch.setattr("queries.cypher_backend.ORDER_BOUND_FACTOR", 0.05)
    monkeypatch.setattr("queries.cypher_backend.ORDER_BOUND_SLACK", 1)
    monkeypatch.setattr("queries.cypher_backend.ORDER_BOUND_GROWTH", 2)
    queries = []
    read = backend._read
    monkeypatch.setattr(backend, "_read", lambda q, p=None: queries.append(q) or read(q, p))
    assert [api.show(backend, "hub", limit=n, offset=o)["papers"] for o, n in wanted] == exact
    assert api.papers(backend, concept=["hub"], dataset=["Rare-Set"], year_to=2020, limit=2, offset=1) == rare
    assert [p["id"] for p in rare] == ["Paper:p09", "Paper:p12"]  # 2018, 2016 (p15, of 2020, skipped)
    bounds = [int(b) for q in queries for b in re.findall(r"_order < (\d+)", q)]
    assert min(bounds) == 1 and {2, 4, 8, 16} <= set(bounds)  # tried small, then grown


@pytest.mark.slow
def test_after_a_write_query_papers_are_ordered_by_their_fields(tmp_path, hub_graph):
    store = tmp_path / "store"
    open_store(store).write_graph(hub_graph)
    backend = open_backend(open_store(store))
    before = api.show(backend, "hub", limit=None)
    assert backend._order_column == 27
    backend.cypher("MATCH (p:Paper {key: 'p25'}) SET p.year = 2030", write=True)
    assert backend._order_column is None  # the list positions were dropped with the write
    after = api.show(backend, "hub", limit=None)
    assert [p["id"] for p in after["papers"]] == ["Paper:p25"] + [
        p["id"] for p in before["papers"] if p["id"] != "Paper:p25"
    ]
    assert api.show(backend, "hub", limit=3, offset=1)["papers"] == after["papers"][1:4]
    assert (
        api.papers_page(backend, concept=["hub"], dataset=["Rare-Set"], limit=2)["papers"]
        == api.papers(backend, concept=["hub"], dataset=["Rare-Set"])[:2]
    )
    open_store(store).write_graph(open_store(store).read_graph())  # written whole: the positions are back
    assert open_backend(open_store(store))._order_column == 27


def test_papers_without_limit_is_the_whole_list(backend):
    assert [p["id"] for p in api.papers(backend, concept=["hub"])] == expected_order(ALL)
    assert len(api.papers(backend, concept=["hub"], limit=2, offset=25)) == 2


@pytest.mark.parametrize("kwargs", [{"limit": -1}, {"offset": -3}])
def test_negative_limit_or_offset_is_an_error(backend, kwargs):
    with pytest.raises(QueryError):
        api.show(backend, "hub", **kwargs)
    with pytest.raises(QueryError):
        api.papers_page(backend, concept=["hub"], **kwargs)


# -- the commands -----------------------------------------------------------------------


def run(*args, ok=True):
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    assert "Traceback" not in result.output
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_show_command_says_how_many_it_shows(store):
    out = run("show", "hub", "--store", store).stdout
    assert "Papers (20 of 27, newest first)" in out
    assert (
        "Showing papers 1–20 of 27 (newest first). More: --offset 20, --limit 0 for all, or kg papers --concept hub"
        in out
    )
    assert "Alpha Paper" in out and "Paper number 25" not in out  # the newest in, the oldest out
    last = run("show", "hub", "--offset", "20", "--store", store).stdout
    assert "Showing papers 21–27 of 27" in last and "--offset 27" not in last and "Paper number 25" in last
    whole = run("show", "hub", "--limit", "0", "--store", store).stdout
    assert "Papers (27)" in whole and "Showing" not in whole and "Paper number 25" in whole


def test_show_json_carries_the_total(store):
    card = json.loads(run("show", "hub", "--limit", "3", "--json", "--store", store).stdout)
    assert card["papers_total"] == 27
    assert [p["id"] for p in card["papers"]] == expected_order(ALL)[:3]


def test_papers_command_pages(store):
    out = run("papers", "--concept", "hub", "--limit", "5", "--offset", "5", "--store", store).stdout
    assert "Papers with hub (Concept): 5 of 27" in out
    assert "Showing papers 6–10 of 27 (newest first). More: --offset 10, or --limit 0 for all." in out
    page = json.loads(run("papers", "--concept", "hub", "--json", "--store", store).stdout)
    assert page["total"] == 27 and page["offset"] == 0 and page["limit"] == 20 and len(page["papers"]) == 20
    whole = json.loads(run("papers", "--concept", "hub", "--limit", "0", "--json", "--store", store).stdout)
    assert whole["limit"] is None and [p["id"] for p in whole["papers"]] == expected_order(ALL)
    small = run("papers", "--dataset", "Rare-Set", "--store", store).stdout
    assert "Papers with Rare-Set (Dataset): 9" in small and "Showing" not in small


def test_papers_csv_stays_a_clean_table(store):
    result = run("papers", "--concept", "hub", "--limit", "4", "--csv", "--store", store)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["title"] for r in rows] == ["Alpha Paper", "Zeta Paper", "Paper number 04", "Paper number 17"]
    assert "Showing papers 1–4 of 27" in result.stderr and "Showing" not in result.stdout


def test_papers_search_is_paged_too(store):
    page = json.loads(
        run("papers", "--concept", "hub", "--search", "abstract", "--limit", "2", "--json", "--store", store).stdout
    )
    assert page["total"] == 27 and [p["id"] for p in page["papers"]] == expected_order(ALL)[:2]


def test_a_paper_is_found_by_identifier_in_the_store_and_by_title_in_python(backend, monkeypatch):
    from kg.present import paper_card as paper_queries

    assert paper_queries.find_paper(backend, "Paper:p03").title == "Paper number 03"
    monkeypatch.setattr(paper_queries, "all_papers", lambda b: pytest.fail("an identifier reads every paper"))
    assert paper_queries.find_paper(backend, "p17").title == "Paper number 17"
    monkeypatch.undo()
    assert paper_queries.find_paper(backend, "paper NUMBER 03").id == "p03"  # a title: every paper is read
    with pytest.raises(QueryError, match="names 2 papers"):
        paper_queries.find_paper(backend, "alpha paper")  # "Alpha Paper" and "alpha paper"
