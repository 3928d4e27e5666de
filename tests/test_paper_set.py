"""The papers of a columnar build as Arrow columns (kg.build.paper_set): the same papers as a list of `Paper`,
and a build over a store merging new records with only the stored papers they concern, equal to the merge
with every stored paper."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

import kg.build.paper_set as paper_set
import kg.build.pipeline
from kg.build.columnar_bib import Change
from kg.build.paper_set import PaperSet
from kg.build.pipeline import _merge, _merge_concerned, build
from kg.core.papers import Paper
from kg.store import EmbeddedStore
from kg.store.embedded import paper_schema
from tests.fixtures.fake_extraction import FakeExtractor

pytest.importorskip("duckdb")


def _stored() -> list[Paper]:
    papers = [
        Paper(
            id="", title="Gliding owls at dusk", abstract="Short.", year=2020, doi="10.7777/owl", authors=["Rook, A."]
        ),
        Paper(id="", title="Counting pebbles", abstract="Pebbles.", year=2019, arxiv_id="1901.00001"),
        Paper(id="", title="Lantern fish maps", abstract="One.", year=2018, doi="10.7777/l1"),
        Paper(id="", title="Lantern fish maps", abstract="Two.", year=2018, doi="10.7777/l2"),
        Paper(id="", title="Kelp forests", abstract="Kelp.", year=2021, authors=["Moss, B."], venue="Sea Notes"),
        Paper(
            id="",
            title="Tidal clocks",
            abstract="Tides.",
            year=2022,
            source_ids=["openalex:W5"],
            reference_ids=["doi:10.7777/owl"],
        ),
    ]
    return _merge([], papers)[0]


def _new() -> list[Paper]:
    return [
        # the same DOI and a longer abstract: joins the stored paper
        Paper(id="doi:10.7777/owl", title="Gliding owls at dusk.", abstract="A much longer text.", doi="10.7777/owl"),
        # the same arXiv id
        Paper(id="arxiv:1901.00001", title="Counting pebbles", abstract="Pebbles.", arxiv_id="1901.00001", year=2019),
        # a third paper of a title two stored papers share (a possible duplicate)
        Paper(id="doi:10.7777/l3", title="Lantern Fish Maps", abstract="Three.", year=2018, doi="10.7777/l3"),
        # a stored DOI with another title: a collision, kept apart
        Paper(id="doi:10.7777/l1", title="Something else entirely", abstract="Other.", doi="10.7777/l1"),
        # the same source id
        Paper(id="openalex:W5", title="Tidal clocks", abstract="Tides, longer.", source_ids=["openalex:W5"]),
        # new, citing a stored paper
        Paper(
            id="doi:10.7777/new",
            title="Brand new",
            abstract="New.",
            doi="10.7777/new",
            reference_ids=["doi:10.7777/owl"],
        ),
    ]


def _columns(papers: list[Paper]) -> PaperSet:
    return PaperSet(table=pa.Table.from_pylist([p.to_dict() for p in papers], schema=paper_schema()))


def test_a_paper_set_of_columns_gives_what_the_list_gives():
    stored = _stored()
    listed, columns = PaperSet(reversed(stored)), _columns(stored)
    assert listed.ids == columns.ids == sorted(p.id for p in stored)
    assert listed.papers() == columns.papers() == sorted(stored, key=lambda p: p.id)
    some = [stored[0].id, stored[3].id, "nobody"]
    assert listed.nodes(some) == columns.nodes(some) and len(columns.nodes(some)) == 2
    assert list(listed.rows("id", "year")) == list(columns.rows("id", "year", batch=2))
    assert list(listed.paper_rows()) == list(columns.paper_rows())
    assert listed.fields_of(some, ("venue",)) == columns.fields_of(some, ("venue",))
    venues = {d["key"]: d for _, d in columns.fields_of(some, ("venue",))}
    assert venues[stored[0].id] == {"label": "Paper", "key": stored[0].id, "venue": stored[0].venue}
    changed = Paper(id=stored[1].id, title="Counting pebbles", abstract="Edited.")
    added = Paper(id="aaa", title="First by id", abstract="A.")
    assert listed.replaced([changed, added]).papers() == columns.replaced([changed, added]).papers()
    for name, values in (
        ("venue", {"Sea Notes"}),
        ("doi", {"10.7777/l2", "10.7777/x"}),
        ("reference_ids", {"doi:10.7777/owl"}),
    ):
        assert listed.having(name, values) == columns.having(name, values) and len(columns.having(name, values)) == 1
        assert listed.distinct(name) == columns.distinct(name)
    assert columns.having("authors", set()) == [] and columns.distinct("authors") == {"Rook, A.", "Moss, B."}
    ids = columns.replaced([added]).ids
    assert ids == sorted(ids) and "aaa" in ids and len(ids) == len(stored) + 1


def test_merging_with_the_stored_papers_concerned_equals_merging_with_every_stored_paper():
    stored, new = _stored(), _new()
    papers, added, collisions, groups, renamed = _merge(stored, new)
    assert not renamed and added == 3 and len(collisions) == 1 and len(groups) == 1
    merged = _merge_concerned(_columns(stored), new)
    assert merged is not None
    got, got_added, got_collisions, got_groups, change = merged
    assert got.papers() == papers
    assert (got_added, [str(c) for c in collisions], [[p.id for p in g] for g in got_groups]) == (
        added,
        [str(c) for c in got_collisions],
        [[p.id for p in g] for g in groups],
    )
    assert change == Change.between(stored, papers)
    # the stored papers looked at: those the new records name, and the other paper of the shared title
    assert _columns(stored).concerning(new) == {p.id for p in stored if p.title != "Kelp forests"}


def test_a_merge_that_gives_a_stored_paper_another_id_is_left_to_the_whole_merge(monkeypatch):
    stored, new = _stored(), _new()
    monkeypatch.setattr(
        kg.build.pipeline, "_merge", lambda old, new: (*_merge(old, new)[:4], [stored[0].id])
    )  # as if a new paper took a stored paper's id
    assert _merge_concerned(_columns(stored), new) is None


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(kg.build.pipeline, "load_extractor", lambda model=None: FakeExtractor())
    monkeypatch.delenv("KG_WRITE_CHANGES", raising=False)


def _jsonl(path, papers: list[Paper]):
    rows = [
        {k: v for k, v in p.to_dict().items() if v not in (None, [], "") and k not in ("id", "source")} for p in papers
    ]
    for row in rows:
        row["abstract"] = f"Method:Owl{len(row['title'])} | Concept:dusk | " + row["abstract"]
        row["references"] = row.pop("reference_ids", [])
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_a_build_over_a_store_reads_no_stored_paper_it_does_not_concern_and_equals_the_whole_merge(
    tmp_path, fake, monkeypatch
):
    first, more = _jsonl(tmp_path / "first.jsonl", _stored()), _jsonl(tmp_path / "more.jsonl", _new())
    made: list[int] = []
    papers = PaperSet.papers

    def counted(self, ids=None):
        out = papers(self, ids)
        made.append(len(out))
        return out

    stores = {}
    for engine in ("columnar", "networkx"):  # networkx: every stored paper read and merged
        stores[engine] = EmbeddedStore(tmp_path / engine)
        build([first], stores[engine], engine=engine)
        if engine == "columnar":
            monkeypatch.setattr(paper_set.PaperSet, "papers", counted)
        report = build([more], stores[engine], engine=engine)
        monkeypatch.undo()
        monkeypatch.setattr(kg.build.pipeline, "load_extractor", lambda model=None: FakeExtractor())
        stores[engine].report = report
    assert made and max(made) < 6  # never every stored paper as Python objects
    col, nx_ = stores["columnar"], stores["networkx"]
    assert col.report.papers == nx_.report.papers == 9 and col.report.new_papers == nx_.report.new_papers == 3
    assert col.report.possible_duplicates == nx_.report.possible_duplicates
    assert col.report.read.problems == nx_.report.read.problems
    assert col.read_papers() == nx_.read_papers()
    assert col.stats() == nx_.stats()
