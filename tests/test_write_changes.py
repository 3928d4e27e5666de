"""Writing only what changed (kg.store.ladybug_diff): a store written from tables keeps a row digest, and
the next write from tables applies the difference to a copy of the database instead of writing it anew."""

from __future__ import annotations

import json

import pytest

import kg.build.pipeline
import kg.store.embedded as embedded
import kg.store.ladybug_diff as ladybug_diff
from kg.build.pipeline import build, remove
from kg.store import EmbeddedStore
from queries.schema import NODE_LABELS, PAPER_ORDER, REL_TYPES
from tests.fixtures.fake_extraction import FakeExtractor

pytest.importorskip("duckdb")


def _jsonl(path, papers: dict[str, dict]):
    path.write_text("".join(json.dumps({"doi": f"10.9999/{k}", **row}) + "\n" for k, row in papers.items()))
    return path


def _paper(title: str, abstract: str, year: int, authors=(), venue=None, refs=()) -> dict:
    row = {"title": title, "abstract": abstract, "year": year, "authors": list(authors)}
    row |= {"venue": venue} if venue else {}
    return row | ({"references": [f"https://doi.org/10.9999/{r}" for r in refs]} if refs else {})


FIRST = {
    "p1": _paper(
        "Flow states",
        "Method+:FlowState | abbr:fs=flowstate | Dataset:ETTh1 | Concept:forecasting | rel:EVALUATES:etth1:flowstate",
        2021,
        ["Ada Lovelace", "Alan Turing"],
        "NeurIPS",
    ),
    "p2": _paper(
        "Patches",
        "Method:FS | Method:PatchTST | Concept:forecasting | rel:OUTPERFORMS:fs:patchtst:0.8:model",
        2023,
        ["A. Lovelace"],
        "ICML",
        ["p1"],
    ),
    "p3": _paper("Mixers", "Method:PatchTST | Dataset:ETTh1 | Concept:forecasting | Concept:attention", 2022),
}
MORE = {
    "p4": _paper(
        "Weather",
        "Method:FlowState | Concept:forecasting | Dataset:Weather | Concept:attention",
        2022,
        ["Ada Lovelace"],
        "NeurIPS",
        ["p1", "p2"],
    ),
    "p5": _paper("Time mixing", "Method+:TimeMixer | Method:PatchTST | rel:OUTPERFORMS:timemixer:patchtst", 2024),
}


@pytest.fixture(autouse=True)
def fake(monkeypatch):
    monkeypatch.setattr(kg.build.pipeline, "load_extractor", lambda model=None: FakeExtractor())
    monkeypatch.delenv("KG_WRITE_CHANGES", raising=False)


def every_row(store: EmbeddedStore) -> dict:
    """Every row of every table, each column included (the hidden ``_order`` and ``_forms`` too; ``_order``
    as the rank its value gives: a write of what changed keeps the other papers' values and places a new
    paper between its neighbours', a whole write numbers them 0, 1, …)."""
    out = {}
    for table in (*NODE_LABELS, *REL_TYPES):
        cols = [r["name"] for r in store.run(f"CALL table_info('{table}') RETURN name")]
        if table in NODE_LABELS:
            query = f"MATCH (n:`{table}`) RETURN " + ", ".join(f"n.`{c}` AS `{c}`" for c in cols)
        else:
            props = "".join(f", r.`{c}` AS `{c}`" for c in cols)
            query = (
                f"MATCH (a)-[r:`{table}`]->(b) RETURN label(a) AS la, a.key AS ka, label(b) AS lb, b.key AS kb{props}"
            )
        rows = store.run(query)
        if PAPER_ORDER in cols:
            ranked = sorted(row[PAPER_ORDER] for row in rows)
            assert len(set(ranked)) == len(ranked), "two papers at one place"
            rank = {v: i for i, v in enumerate(ranked)}
            rows = [{**row, PAPER_ORDER: rank[row[PAPER_ORDER]]} for row in rows]
        out[table] = sorted(json.dumps(row, sort_keys=True) for row in rows)
    return out


@pytest.fixture
def spy(monkeypatch):
    """Counts of the store's two write paths in this test: a plan applied, a whole database written."""
    seen = {"plans": [], "whole": 0}
    apply_plan, write_database = ladybug_diff.apply_plan, EmbeddedStore._write_database

    def applied(conn, plan, items):
        seen["plans"].append(plan.counts)
        return apply_plan(conn, plan, items)

    def whole(self, content, tmp):
        seen["whole"] += 1
        return write_database(self, content, tmp)

    monkeypatch.setattr(ladybug_diff, "apply_plan", applied)
    monkeypatch.setattr(EmbeddedStore, "_write_database", whole)
    return seen


def test_adding_papers_writes_only_the_changes_and_equals_a_cold_build(tmp_path, spy):
    first, more = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "more.jsonl", MORE)
    inc = EmbeddedStore(tmp_path / "inc")
    build([first], inc, engine="columnar")
    assert (spy["whole"], spy["plans"]) == (1, []) and (inc.path / embedded.DIGEST_FILE).exists()
    build([more], inc, engine="columnar")
    assert spy["whole"] == 1 and len(spy["plans"]) == 1  # the second build wrote its changes only
    counts = spy["plans"][0]
    assert counts["node_adds"] >= 2 and counts["rel_adds"] > 0 and counts["node_updates"] > 0
    for store_engine in ("columnar", "networkx"):  # a cold build of all the papers, either engine
        cold = EmbeddedStore(tmp_path / f"cold-{store_engine}")
        build([first, more], cold, engine=store_engine)
        assert every_row(inc) == every_row(cold), store_engine
    hits = inc.run("MATCH (p:Paper) RETURN count(*) AS n")[0]["n"]
    assert hits == 5
    from kg.store.search_index import search

    assert search(inc.search_index(), "weather")[0] == 1 and inc.index_note is None  # the index is the graph's


def test_removing_papers_writes_only_the_changes_and_equals_a_cold_build(tmp_path, spy):
    both = _jsonl(tmp_path / "all.jsonl", FIRST | MORE)
    inc = EmbeddedStore(tmp_path / "inc")
    build([both], inc, engine="columnar")
    removed = remove(["https://doi.org/10.9999/p1", "https://doi.org/10.9999/p5"], inc, engine="columnar")
    assert removed.papers == 3 and len(spy["plans"]) == 1 and spy["plans"][0]["node_deletes"] >= 2
    cold = EmbeddedStore(tmp_path / "cold")  # the same removal by the whole-graph engine
    build([both], cold, engine="networkx")
    remove(["https://doi.org/10.9999/p1", "https://doi.org/10.9999/p5"], cold, engine="networkx")
    assert every_row(inc) == every_row(cold)


def test_a_failure_part_way_through_the_changes_leaves_the_store_as_it_was(tmp_path, spy, monkeypatch):
    first, more = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "more.jsonl", MORE)
    store = EmbeddedStore(tmp_path / "s")
    build([first], store, engine="columnar")
    before = every_row(store)
    written = ("graph.lbug", "search.sqlite", embedded.DIGEST_FILE, "format")  # the cache gains the new records
    files = {name: (store.path / name).read_bytes() for name in written}
    apply_plan = ladybug_diff.apply_plan

    class Failing:  # the connection of the copy: the fourth statement fails, after three were run
        def __init__(self, conn):
            self.conn, self.n = conn, 0

        def execute(self, query, params=None):
            self.n += 1
            if self.n == 4 and query not in ("ROLLBACK",):
                raise RuntimeError("disk on fire")
            return self.conn.execute(query, params or {})

    monkeypatch.setattr(ladybug_diff, "apply_plan", lambda conn, plan, items: apply_plan(Failing(conn), plan, items))
    with pytest.raises(Exception, match="disk on fire"):
        build([more], store, engine="columnar")
    store.close()
    assert {name: (store.path / name).read_bytes() for name in written} == files
    assert not list(store.path.glob(".graph-*")) and every_row(store) == before
    monkeypatch.setattr(ladybug_diff, "apply_plan", apply_plan)
    assert build([more], store, engine="columnar").papers == 5  # and the next build goes through, by its changes
    cold = EmbeddedStore(tmp_path / "cold")
    build([first, more], cold, engine="columnar")
    assert every_row(store) == every_row(cold)


def test_a_store_written_otherwise_since_is_written_whole(tmp_path, spy):
    first, more = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "more.jsonl", MORE)
    store = EmbeddedStore(tmp_path / "s")
    build([first], store, engine="columnar")
    store.run("MATCH (m:Method {key: 'patchtst'}) SET m.name = 'Edited'", write=True)  # the digest is not its stamp
    build([more], store, engine="columnar")
    assert spy["whole"] == 2 and spy["plans"] == []
    build([first], store, engine="networkx")  # nothing new: unchanged
    third = _jsonl(tmp_path / "third.jsonl", {"p6": _paper("Sixth", "Method:FlowState | Concept:attention", 2020)})
    build([third], store, engine="networkx")  # a NetworkX write leaves no digest
    assert not (store.path / embedded.DIGEST_FILE).exists()
    build([more], store, engine="columnar")
    cold = EmbeddedStore(tmp_path / "cold")
    build([first, more, third], cold, engine="columnar")
    assert every_row(store) == every_row(cold)


def test_changes_off_writes_the_whole_database_and_no_digest(tmp_path, spy, monkeypatch):
    monkeypatch.setenv("KG_WRITE_CHANGES", "0")
    store = EmbeddedStore(tmp_path / "s")
    build([_jsonl(tmp_path / "first.jsonl", FIRST)], store, engine="columnar")
    build([_jsonl(tmp_path / "more.jsonl", MORE)], store, engine="columnar")
    assert spy["whole"] == 2 and spy["plans"] == [] and not (store.path / embedded.DIGEST_FILE).exists()


def test_a_relationship_repeated_between_two_nodes_keeps_no_digest():
    import duckdb
    import pyarrow as pa

    from kg.store.ladybug_load import table_arrow
    from kg.store.ladybug_schema import Table

    table = Table("CITES", {}, (("Paper", "Paper"),))
    table.data[("Paper", "Paper")] = {"from": ["a", "a", "b"], "to": ["b", "c", "c"]}
    con = duckdb.connect()
    rows = ladybug_diff.digests(con, ladybug_diff.parts([table], table_arrow))
    assert rows.num_rows == 3 and not ladybug_diff.repeated(con, rows)
    table.data[("Paper", "Paper")] = {"from": ["a", "a"], "to": ["b", "b"]}
    assert ladybug_diff.repeated(con, ladybug_diff.digests(con, ladybug_diff.parts([table], table_arrow)))
    assert isinstance(rows, pa.Table)


@pytest.fixture
def deltas(monkeypatch):
    """What :func:`kg.build.columnar_bib.bibliography_delta` returned in this test (None: every row made)."""
    import kg.build.columnar as columnar

    seen: list = []
    inner = columnar.bibliography_delta

    def spied(change, papers):
        seen.append(inner(change, papers))
        return seen[-1]

    monkeypatch.setattr(columnar, "bibliography_delta", spied)
    return seen


def test_the_bibliography_rows_are_made_for_what_changed_only(tmp_path, spy, deltas):
    # p4 cites p1 and p2, shares an author with p1 and p2 and a venue with p1; p3 comes again with
    # authors, a venue and a reference it lacked, so its old rows change too
    cites_p1 = ["https://doi.org/10.9999/p1"]
    again = {"p3": FIRST["p3"] | {"authors": ["Grace Hopper"], "venue": "ICML", "references": cites_p1}}
    alone = {"p0": _paper("Alone", "Method:PatchTST | Concept:attention", 2019, ["Alan Turing"], "AAAI")}
    first, more = _jsonl(tmp_path / "first.jsonl", FIRST | alone), _jsonl(tmp_path / "more.jsonl", MORE | again)
    inc = EmbeddedStore(tmp_path / "inc")
    build([first], inc, engine="columnar")
    report = build([more], inc, engine="columnar")
    assert len(spy["plans"]) == 1 and deltas[-1] is not None
    delta = deltas[-1]
    assert {d["key"] for _, d in delta.papers} == {f"doi:10.9999/p{i}" for i in range(1, 6)}  # not p0: untouched
    assert {d["key"] for _, d in delta.nodes if d["label"] == "Author"} == {"lovelace a", "hopper g"}  # not Turing
    assert {d["key"] for _, d in delta.nodes if d["label"] == "Venue"} == {"icml", "neurips"}  # not AAAI
    assert delta.scope.order.num_rows == 6
    assert spy["plans"][0]["order_moves"] == 0  # the papers kept their places; p4, p5 went between them
    cold = EmbeddedStore(tmp_path / "cold")
    build([first, more], cold, engine="networkx")
    assert every_row(inc) == every_row(cold)
    assert report.stats == cold.stats()  # counted by the write, over the rows carried over too
    from queries import api, open_backend

    inc.close()
    cold.close()
    lists = [open_backend(EmbeddedStore(s.path)) for s in (inc, cold)]
    assert lists[0]._order_column == 6  # the positions kept, between which the new papers went, still order lists
    for offset, limit in ((0, None), (1, 2), (3, 3)):
        shown = [api.show(b, "forecasting", limit=limit, offset=offset)["papers"] for b in lists]
        assert shown[0] == shown[1] and shown[0], (offset, limit)


def test_an_orcid_or_a_store_without_its_digest_gets_every_row(tmp_path, spy, deltas):
    first = _jsonl(tmp_path / "first.jsonl", FIRST)
    orcid = {"p6": _paper("Orcids", "Method:FlowState", 2020, ["Ada Lovelace"]) | {"orcids": ["0000-0002-1825-0097"]}}
    inc = EmbeddedStore(tmp_path / "inc")
    build([first], inc, engine="columnar")
    build([_jsonl(tmp_path / "orcid.jsonl", orcid)], inc, engine="columnar")
    assert deltas == [None] and len(spy["plans"]) == 1  # an ORCID decides an author's key: every row, still a plan
    (inc.path / embedded.DIGEST_FILE).unlink()
    build([_jsonl(tmp_path / "more.jsonl", MORE)], inc, engine="columnar")
    assert len(deltas) == 1 and spy["whole"] == 2  # no digest: no delta asked for, the database written whole
    cold = EmbeddedStore(tmp_path / "cold")
    build([first, tmp_path / "orcid.jsonl", tmp_path / "more.jsonl"], cold, engine="networkx")
    assert every_row(inc) == every_row(cold)


def test_tables_in_part_fall_back_to_every_table_where_the_digest_cannot_vouch(tmp_path, spy, deltas, monkeypatch):
    first, more = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "more.jsonl", MORE)
    inc = EmbeddedStore(tmp_path / "inc")
    build([first], inc, engine="columnar")
    monkeypatch.setattr(ladybug_diff, "read_digest", lambda path, stamp, schema: False)  # say, another schema
    report = build([more], inc, engine="columnar")
    assert deltas[-1] is not None and spy["whole"] == 2 and spy["plans"] == []
    cold = EmbeddedStore(tmp_path / "cold")
    build([first, more], cold, engine="networkx")
    assert every_row(inc) == every_row(cold) and report.stats == cold.stats()
