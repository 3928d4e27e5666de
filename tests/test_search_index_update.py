"""The search index updated in place by a write of what changed (kg.store.search_index.update_index_file):
only the changed papers' rows replaced, each placed among the others in list order, so the index equals
one written whole; written whole where it cannot be updated."""

from __future__ import annotations

import json
import sqlite3

import pytest

import kg.build.pipeline
import kg.store.embedded as embedded
from kg.build.pipeline import build, remove
from kg.store import EmbeddedStore
from kg.store.search_index import INDEX_FILE, search
from tests.fixtures.fake_extraction import FakeExtractor

pytest.importorskip("duckdb")


def _jsonl(path, rows: dict[str, dict]):
    path.write_text("".join(json.dumps({"doi": f"10.7777/{k}", **row}) + "\n" for k, row in rows.items()))
    return path


FIRST: dict[str, dict] = {
    "a": {"title": "Tidal gates", "abstract": "Method:GateNet | Concept:tides", "year": 2021},
    "b": {"title": "River sensors", "abstract": "Method:GateNet | Concept:rivers", "year": 2023},
    "c": {"title": "Rain gauges", "abstract": "Method:RainFit | Concept:rain", "year": 2022},
}
MORE: dict[str, dict] = {
    "d": {"title": "Tidal turbines", "abstract": "Method:GateNet | Concept:tides", "year": 2022},
    "e": {"title": "Estuary mud", "abstract": "Method:MudMap | Concept:rivers"},
    "a": {"title": "Tidal gates", "abstract": "Method:GateNet | Concept:tides | Concept:storms", "year": 2021},
}


@pytest.fixture(autouse=True)
def fake(monkeypatch):
    monkeypatch.setattr(kg.build.pipeline, "load_extractor", lambda model=None: FakeExtractor())
    monkeypatch.delenv("KG_WRITE_CHANGES", raising=False)


@pytest.fixture
def whole_writes(monkeypatch):
    """The index files written whole in this test (their paper counts)."""
    seen: list[int] = []
    write = embedded.write_index_file

    def counted(path, papers, stamp):
        seen.append(n := write(path, papers, stamp))
        return n

    monkeypatch.setattr(embedded, "write_index_file", counted)
    return seen


def index_rows(store: EmbeddedStore) -> list[tuple]:
    """The index's rows in row id order (the order ties rank in), and its stamp."""
    db = sqlite3.connect(store.path / INDEX_FILE)
    try:
        rows = db.execute("SELECT key, title, year, date, url, abstract FROM papers ORDER BY rowid").fetchall()
        return [*rows, db.execute("SELECT value FROM meta WHERE name = 'stamp'").fetchone()]
    finally:
        db.close()


def _cold(tmp_path, name, *files) -> EmbeddedStore:
    cold = EmbeddedStore(tmp_path / name)
    build(list(files), cold, engine="columnar", cache_path=tmp_path / f"{name}.sqlite")
    return cold


def test_adding_papers_updates_the_index_in_place_as_a_whole_write_would_leave_it(tmp_path, whole_writes):
    first, more = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "more.jsonl", MORE)
    inc = EmbeddedStore(tmp_path / "inc")
    build([first], inc, engine="columnar")
    build([more], inc, engine="columnar")
    assert whole_writes == [3]  # the first build's index only
    cold = _cold(tmp_path, "cold", first, more)
    assert index_rows(inc)[:-1] == index_rows(cold)[:-1] and len(index_rows(inc)) == 6
    assert inc.search_index() is not None and inc.index_note is None  # stamped with the graph written
    for query in ("tidal", "rivers", "gauges"):
        assert search(inc.search_index(), query) == search(cold.search_index(), query)


def test_removing_papers_deletes_their_rows_in_place(tmp_path, whole_writes):
    both = _jsonl(tmp_path / "all.jsonl", FIRST | MORE)
    inc = EmbeddedStore(tmp_path / "inc")
    build([both], inc, engine="columnar")
    remove(["https://doi.org/10.7777/b"], inc, engine="columnar")
    assert whole_writes == [5]
    rest = _jsonl(tmp_path / "rest.jsonl", {k: v for k, v in (FIRST | MORE).items() if k != "b"})
    assert index_rows(inc)[:-1] == index_rows(_cold(tmp_path, "cold", rest))[:-1] and len(index_rows(inc)) == 5
    assert search(inc.search_index(), "sensors")[0] == 0 and inc.index_note is None


def test_an_index_with_no_room_between_rows_or_of_another_graph_is_written_whole(tmp_path, whole_writes):
    first, more = _jsonl(tmp_path / "first.jsonl", FIRST), _jsonl(tmp_path / "more.jsonl", MORE)
    middle = _jsonl(
        tmp_path / "middle.jsonl", {"f": {"title": "Sea walls", "abstract": "Method:WallFit", "year": 2023}}
    )
    dense = EmbeddedStore(tmp_path / "dense")
    build([first], dense, engine="columnar")
    db = sqlite3.connect(dense.path / INDEX_FILE)  # row ids 1, 2, 3: as an index of an older version has them
    with db:
        db.execute("UPDATE papers SET rowid = rowid / (1 << 20)")
    db.close()
    build([middle], dense, engine="columnar")  # "Sea walls" (2023) goes between row ids 1 and 2
    stale = EmbeddedStore(tmp_path / "stale")
    build([first], stale, engine="columnar")
    db = sqlite3.connect(stale.path / INDEX_FILE)
    with db:
        db.execute("UPDATE meta SET value = 'another graph' WHERE name = 'stamp'")
    db.close()
    build([more], stale, engine="columnar")
    assert whole_writes == [3, 4, 3, 5]
    assert index_rows(dense)[:-1] == index_rows(_cold(tmp_path, "cold-dense", first, middle))[:-1]
    assert index_rows(stale)[:-1] == index_rows(_cold(tmp_path, "cold-stale", first, more))[:-1]
