"""A damaged extraction cache is set aside and rebuilt with a warning, never a traceback."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from typer.testing import CliRunner

from bench.adversarial.caches import PAPERS
from extract.record import Extraction
from kg.build.cache import ExtractionCache
from kg.build.pipeline import build, same_graph
from kg.cli import app
from kg.store import open_store


@pytest.fixture
def good(tmp_path, reuse_extractor):
    """A source file, the store and the cache a clean build made of it."""
    src = tmp_path / "papers.jsonl"
    src.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    cache = tmp_path / "good.sqlite"
    build([src], open_store(tmp_path / "reference"), cache_path=cache)
    return src, cache, open_store(tmp_path / "reference").read_graph()


def _truncate(p):
    p.write_bytes(p.read_bytes()[: p.stat().st_size // 2])


def _header(p):
    p.write_bytes(b"GARBAGE!" * 8 + p.read_bytes()[64:])


def _schema(p):
    p.unlink()
    with sqlite3.connect(p) as db:
        db.execute("CREATE TABLE extractions (id INTEGER, payload BLOB)")


def _text(p):
    p.write_text("not a database\n")


@pytest.mark.slow
@pytest.mark.parametrize("damage", [_truncate, _header, _schema, _text])
def test_a_damaged_cache_is_set_aside_and_rebuilt(tmp_path, good, damage):
    src, good_cache, expected = good
    cache = tmp_path / "extractions.sqlite"
    shutil.copy(good_cache, cache)
    damage(cache)
    report = build([src], open_store(tmp_path / "s1"), cache_path=cache)
    assert same_graph(open_store(tmp_path / "s1").read_graph(), expected)
    assert len(report.warnings) == 1 and "is damaged" in report.warnings[0] and "set aside as" in report.warnings[0]
    assert report.extracted == len(PAPERS)
    assert len(list(tmp_path.glob("extractions.sqlite.damaged-*"))) == 1
    again = build([src], open_store(tmp_path / "s2"), cache_path=cache)
    assert (again.warnings, again.extracted, again.cached) == ([], 0, len(PAPERS))


@pytest.mark.slow
def test_records_that_do_not_decode_are_extracted_again(tmp_path, good):
    src, good_cache, expected = good
    with sqlite3.connect(good_cache) as db:
        db.execute("UPDATE extractions SET record = '{broken' WHERE rowid = 1")
        db.execute("UPDATE extractions SET record = '[1, 2]' WHERE rowid = 2")
    report = build([src], open_store(tmp_path / "s"), cache_path=good_cache)
    assert report.extracted == 2 and report.cached == len(PAPERS) - 2
    assert report.warnings == [
        f"extraction cache {good_cache}: 2 records do not decode; those papers are extracted again"
    ]
    assert same_graph(open_store(tmp_path / "s").read_graph(), expected)


def test_a_cache_that_cannot_be_opened_works_in_memory(tmp_path):
    (tmp_path / "dir.sqlite").mkdir()
    cache = ExtractionCache(tmp_path / "dir.sqlite")
    cache.put_many([("h", Extraction("p"))])
    assert set(cache.get_many(["h"])) == {"h"} and "in memory only" in cache.warnings[0]


@pytest.mark.slow
def test_kg_build_warns_about_the_damaged_cache(tmp_path, good, monkeypatch):
    src, good_cache, _ = good
    cache = tmp_path / "extractions.sqlite"
    cache.write_bytes(b"\x00garbage" * 100)
    monkeypatch.setenv("KG_CACHE", str(cache))
    result = CliRunner().invoke(app, ["build", str(src), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0 and result.exception is None, result.output
    assert "warning:" in result.output and "is damaged" in result.output
