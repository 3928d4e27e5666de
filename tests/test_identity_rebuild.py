"""Issue 19 item 6: identity on read-back equals identity on a cold build; a rebuild never loses papers."""

from __future__ import annotations

import json

import pytest

import kg.build.pipeline
from kg.build.pipeline import build, merge_papers
from kg.core.graph import add_paper, new_graph
from kg.core.identity import PaperIndex
from kg.core.papers import Paper
from kg.readers import read_sources
from kg.store import EmbeddedStore
from tests.fixtures.fake_extraction import FakeExtractor


@pytest.fixture
def fake_extractor(monkeypatch):
    monkeypatch.setattr(kg.build.pipeline, "load_extractor", lambda model=None: FakeExtractor())


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_a_store_of_same_title_papers_keeps_them_all_when_more_are_built(tmp_path, fake_extractor):
    """The synthetic-store reproducer in small: N papers with distinct ids, one title, no authors."""
    store = EmbeddedStore(tmp_path / "store")
    G = new_graph()
    for i in range(6):
        add_paper(G, Paper(id=f"s{i:06d}", title="Kite Net for sparse attention", abstract="", year=2020))
    store.write_graph(G)
    more = write_jsonl(
        tmp_path / "ten.jsonl", [{"title": f"New paper {i}", "abstract": "Method:KiteNet"} for i in range(3)]
    )
    report = build([more], store, cache_path=tmp_path / "cache.sqlite")
    assert (report.papers, report.new_papers) == (9, 3)
    stored = sorted(d["id"] for _, d in store.read_graph().nodes(data=True) if d["label"] == "Paper")
    assert [i for i in stored if i.startswith("s0")] == [f"s{i:06d}" for i in range(6)]


def test_same_title_records_with_distinct_ids_stay_apart_on_a_cold_build_and_after(tmp_path, fake_extractor):
    records = [{"id": f"P19-10{i:02d}", "title": "Introduction", "abstract": f"Method:Net{i}"} for i in range(4)]
    acl = write_jsonl(tmp_path / "acl.jsonl", records)
    read = read_sources([acl])
    assert (len(read.papers), read.merged) == (4, {})
    store = EmbeddedStore(tmp_path / "store")
    first = build([acl], store, cache_path=tmp_path / "cache.sqlite")
    assert (first.papers, first.new_papers) == (4, 4)
    assert first.possible_duplicates == [
        {"title": "Introduction", "ids": [f"acl.jsonl#P19-10{i:02d}" for i in range(4)]}
    ]
    assert any("possible duplicate: 4 papers titled 'Introduction'" in p.message for p in first.read.problems)
    assert first.to_dict()["possible_duplicates"] == first.possible_duplicates
    extra = write_jsonl(
        tmp_path / "extra.jsonl",
        [{"title": "Another", "abstract": "Method:Other"}, {"title": "A third", "abstract": "Method:Third"}],
    )
    second = build([acl, extra], store, cache_path=tmp_path / "cache.sqlite")
    assert (second.papers, second.new_papers) == (6, 2)
    again = build([acl, extra], store, cache_path=tmp_path / "cache.sqlite")
    assert (again.papers, again.new_papers, again.changed) == (6, 0, False)


def test_stored_papers_are_never_merged_with_each_other_but_new_records_still_join_them():
    old = [Paper(id=f"s{i}", title="Same Title", abstract="a") for i in range(3)] + [
        Paper(id="u", title="Unique Title", abstract="short")
    ]
    new = [Paper(id="x", title="unique title!", abstract="a longer abstract")]
    papers, added, problems = merge_papers(old, new)
    assert [p.id for p in papers] == ["s0", "s1", "s2", "u"]
    assert added == 0 and problems == []
    assert papers[-1].abstract == "a longer abstract"


def test_a_record_that_could_join_several_same_title_papers_joins_none():
    old = [Paper(id=f"s{i}", title="Same Title", abstract="a") for i in range(2)]
    papers, added, problems = merge_papers(old, [Paper(id="n", title="Same title", abstract="b")])
    assert (len(papers), added) == (3, 1)
    assert [p.message.split(":")[0] for p in problems] == ["possible duplicate"]


def test_different_dois_or_source_ids_of_one_file_are_never_merged_by_title():
    index = PaperIndex()
    for paper in (
        Paper(id="", title="Deep Kites", abstract="a", doi="10.1/a"),
        Paper(id="", title="Deep kites.", abstract="b", doi="10.1/b"),
        Paper(id="", title="Deep Kites", abstract="c", source_ids=["x.jsonl#1"]),
        Paper(id="", title="Deep Kites", abstract="d", source_ids=["x.jsonl#2"]),
    ):
        index.add(paper)
    assert sorted(p.abstract for p in index.finalise()) == ["a", "b", "c", "d"]  # "c" could join "a" or "b": joins none


def test_papers_matching_names_the_papers_paper_matches_names(tmp_path, monkeypatch):
    from kg.core.identity import paper_matches, papers_matching

    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs").mkdir()
    b_source = f"{tmp_path}/refs/b.ris:1"
    papers = [
        Paper(id="doi:10.1000/a", title="Sparse Kites!", abstract="", doi="10.1000/a", source="refs/a.bib:3"),
        Paper(id="arxiv:2101.00001", title="Orbit", abstract="", arxiv_id="2101.00001", source=b_source),
        Paper(id="pmid:77", title="Harbour Nets", abstract="", pmid="77", source_ids=["openalex:W9"], source="c.csv:2"),
        Paper(id="t1", title="Sparse kites", abstract="", source="refs/a.bib:9"),
        Paper(id="t2", title="", abstract="", source=""),
    ]
    selectors = "|".join(
        ["Paper:doi:10.1000/a", "https://doi.org/10.1000/A", "arXiv:2101.00001v2", "pmid:77", "PMID: 77", "77"]
        + ["openalex:W9", "sparse  kites.", "refs/a.bib", "refs/../refs/b.ris", "c.csv", " ", "", "t2", "nothing"]
    ).split("|")
    expected = {s: [p.id for p in papers if paper_matches(p, s)] for s in selectors}
    assert papers_matching(papers, selectors) == expected
    assert expected["sparse  kites."] == ["doi:10.1000/a", "t1"]
    assert expected["refs/../refs/b.ris"] == ["arxiv:2101.00001"]
    assert expected["https://doi.org/10.1000/A"] == ["doi:10.1000/a"] and expected["pmid:77"] == ["pmid:77"]
