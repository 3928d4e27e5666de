"""bench.synthetic: records that match their text, cached where kg build looks, built by kg build."""

from __future__ import annotations

import pytest

from bench.synthetic import make_synthetic_graph, synthetic_paper, write_store
from kg.build.pipeline import same_graph
from kg.store import EmbeddedStore
from queries.schema import PAPER


def test_each_mention_spells_its_text_at_its_offsets_and_papers_are_pure_functions_of_their_index():
    for i in range(200):
        row, record = synthetic_paper(i, tail=2)
        text = f"{row['title']}\n\n{row['abstract']}"
        assert record.mentions and all(text[m.start : m.end] == m.text for m in record.mentions)
        assert all(0 <= m.sentence < len(record.sentences) for m in record.mentions)
        assert record.paper_id == f"doi:{row['doi']}"
    assert synthetic_paper(7) == synthetic_paper(7) and synthetic_paper(7) != synthetic_paper(8)
    assert any(synthetic_paper(i)[1].abbreviations for i in range(50))  # "long form (SF)" definitions occur


def without_sources(G):
    for _, d in G.nodes(data=True):
        d.pop("source", None)  # the temporary file the papers were read from
    return G


@pytest.mark.slow  # about a second or more
def test_write_store_builds_through_kg_build_without_parsing_and_extends_a_store(tmp_path):
    store = EmbeddedStore(tmp_path / "st")
    first = write_store(120, store)
    assert (first.extracted, first.cached, first.papers) == (0, 120, 120)
    stored = store.read_graph()
    assert stored.number_of_edges() > 500  # entities, claims, citations: a graph, not just papers
    assert same_graph(without_sources(make_synthetic_graph(120)), without_sources(stored))  # kg build's graph
    more = write_store(5, store, start=120, corpus_size=120)  # papers added later: their records cached too
    assert (more.extracted, more.new_papers, more.papers) == (0, 5, 125)
    assert sum(d["label"] == PAPER for _, d in store.read_graph().nodes(data=True)) == 125
