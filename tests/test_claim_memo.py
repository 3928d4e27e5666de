"""The claim votes kept per paper for the next columnar build (kg.build.claim_memo)."""

from __future__ import annotations

import pytest

import kg.build.columnar
from kg.build.builder import build_graph
from kg.build.claim_memo import CLAIM_MEMO
from kg.build.columnar import RecordTables, compute
from kg.build.pipeline import same_graph
from tests.test_columnar import edge_cases, synthetic

pytest.importorskip("duckdb")


def _counted_records(monkeypatch) -> list[str]:
    """The papers :func:`kg.build.columnar._claim_records` turns into records from now on."""
    asked: list[str] = []
    inner = kg.build.columnar._claim_records

    def counted(con, q, rekey=None, key_of=None, pids=None):
        records = inner(con, q, rekey, key_of, pids)
        asked.extend(r.paper_id for r in records)
        return records

    monkeypatch.setattr(kg.build.columnar, "_claim_records", counted)
    return asked


def _tables(tmp_path, papers, records, hashes):
    tables = RecordTables(tmp_path / "tables")
    tables.add((hashes[p.id], records[p.id]) for p in papers if p.id in records)
    return tables


def test_the_claims_are_kept_and_only_new_papers_are_voted_again(tmp_path, monkeypatch):
    papers, records = synthetic(300, tail=1)
    hashes = {p.id: f"h-{p.id}" for p in papers if p.id in records}
    first, added = papers[:280], papers[280:]
    tables = _tables(tmp_path, first, records, hashes)
    asked = _counted_records(monkeypatch)
    cold = compute(first, hashes, tables)
    assert len(cold.claims) > 10 and (tmp_path / "tables" / CLAIM_MEMO).exists()
    voted = len(asked)
    asked.clear()  # the same papers again: every vote read back
    again = compute(first, hashes, tables)
    assert asked == [] and again.claims == cold.claims
    tables.add((hashes[p.id], records[p.id]) for p in added if p.id in records)
    assert same_graph(compute(papers, hashes, tables).graph(), build_graph(papers, records))
    new = {p.id for p in added}
    assert new & set(asked) and len(asked) < voted / 2  # the new papers, and the few whose ends changed entity


def test_kept_votes_follow_the_corpus_when_it_changes_what_a_paper_claims_about(tmp_path):
    """Each paper's votes depend on the kept entities and labels of the whole corpus: a memo made of some
    papers, read by a build of all of them (and of fewer again), gives the graph a build without memo gives."""
    papers, records = edge_cases()
    hashes = {p.id: f"h-{p.id}" for p in papers if p.id in records}
    tables = _tables(tmp_path, papers, records, hashes)
    for some in (papers[1:], papers, papers[::2], papers):
        assert same_graph(compute(some, hashes, tables).graph(), build_graph(some, records))


@pytest.mark.parametrize("spoil", ["other code", "garbage"])
def test_a_claim_memo_of_other_code_or_unreadable_is_not_read(tmp_path, monkeypatch, spoil):
    papers, records = synthetic(120, tail=1)
    hashes = {p.id: f"h-{p.id}" for p in papers if p.id in records}
    tables = _tables(tmp_path, papers, records, hashes)
    asked = _counted_records(monkeypatch)
    compute(papers, hashes, tables)
    cold = sorted(asked)
    if spoil == "other code":
        monkeypatch.setattr(kg.build.columnar, "vote_code_digest", lambda: "another")
    else:
        (tmp_path / "tables" / CLAIM_MEMO).write_bytes(b"not parquet")
    asked.clear()
    assert same_graph(compute(papers, hashes, tables).graph(), build_graph(papers, records))
    assert sorted(asked) == cold and cold
