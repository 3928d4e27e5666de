"""The embedded store against a hostile or failing file system: links planted in the folder,
a full disk, a read-only store, tables dropped by a write query (repaired by ``kg build --rebuild``)."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.store.embedded as embedded
import kg.store.lock as lock
from kg.build.cache import ExtractionCache
from kg.build.pipeline import build, same_graph
from kg.cli import app
from kg.store import EmbeddedStore, StoreError
from kg.store.files import DiskFull, LinkRefused, ReadOnlyStore

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
VICTIM_TEXT = "a file outside the store that must never change\n"
runner = CliRunner()


def kg(*args):
    return runner.invoke(app, [str(a) for a in args])


def one_error_line(result, *words: str) -> str:
    """The single ``error:`` line of a failed command (no traceback, no unhandled exception)."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    message = " ".join(result.stderr.split())  # rich may wrap the line at the console width
    assert message.startswith("error: ") and message.count("error:") == 1 and "Traceback" not in result.output
    for word in words:
        assert word in message, message
    return message


@pytest.fixture
def victim(tmp_path):
    path = tmp_path / "victim.txt"
    path.write_text(VICTIM_TEXT)
    return path


@pytest.fixture
def stored(tmp_path, small_graph):
    store = EmbeddedStore(tmp_path / "st")
    store.write_graph(small_graph)
    store.close()
    return store


# -- links ----------------------------------------------------------------------------------------------
def test_a_lock_file_linked_outside_the_store_is_refused_and_its_target_untouched(stored, small_graph, victim):
    (stored.path / ".lock").unlink()
    (stored.path / ".lock").symlink_to(victim)
    with pytest.raises(LinkRefused, match=r"st/\.lock: is a symbolic link"):
        stored.write_graph(small_graph)
    with pytest.raises(LinkRefused):
        stored.run("MATCH (p:Paper) SET p.title = 'x'", write=True, isolated=True)
    assert victim.read_text() == VICTIM_TEXT


@pytest.mark.parametrize("name", ["format", "graph.lbug", "graph.lbug.wal", "graph.json"])
@pytest.mark.slow  # about a second or more
def test_a_store_whose_control_or_database_file_is_a_link_is_refused(stored, small_graph, victim, name):
    target = stored.path / name
    if target.exists():
        target.unlink()
    target.symlink_to(victim)
    store = EmbeddedStore(stored.path)
    for attempt in (
        store.stats,
        store.read_graph,
        lambda: store.write_graph(small_graph),
        lambda: store.run("MATCH (p:Paper) SET p.title = 'x'", write=True),
    ):
        with pytest.raises(LinkRefused, match=f"{name}: is a symbolic link"):
            attempt()
    assert victim.read_text() == VICTIM_TEXT


@pytest.mark.parametrize("suffix", ["", "-journal", "-wal"])
def test_an_extraction_cache_that_is_a_link_is_refused(tmp_path, victim, suffix):
    path = tmp_path / "extractions.sqlite"
    Path(f"{path}{suffix}").symlink_to(victim)
    with pytest.raises(LinkRefused, match=f"extractions.sqlite{suffix}: is a symbolic link"):
        ExtractionCache(path)
    assert victim.read_text() == VICTIM_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["victim.txt", f"extractions.sqlite{suffix}"])


def test_kg_build_into_a_store_with_a_linked_lock_is_one_error_line(tmp_path, monkeypatch, reuse_extractor, victim):
    """The issue's reproducer: ``rm ST/.lock; ln -s victim.txt ST/.lock; kg build x.jsonl --store ST``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_CACHE", raising=False)
    assert kg("build", CORPUS / "papers.jsonl", "--store", "ST").exit_code == 0
    (tmp_path / "ST" / ".lock").unlink()
    (tmp_path / "ST" / ".lock").symlink_to(victim)
    one_error_line(kg("build", CORPUS / "daily.txt", "--store", "ST"), "ST/.lock: is a symbolic link")
    assert victim.read_text() == VICTIM_TEXT


# -- a full disk ------------------------------------------------------------------------------------------
class _FullDisk:
    """An SQLite connection whose writes fail as on a full disk (reads go through)."""

    def __init__(self, db):
        self.db = db

    def executemany(self, *args):
        raise sqlite3.OperationalError("database or disk is full")

    def __getattr__(self, name):
        return getattr(self.db, name)

    def __enter__(self):
        return self.db.__enter__()

    def __exit__(self, *exc):
        return self.db.__exit__(*exc)


def test_a_full_disk_is_not_damage_the_cache_is_kept_and_the_error_says_so(tmp_path, reuse_extractor):
    path = tmp_path / "extractions.sqlite"
    from extract.record import Extraction

    cache = ExtractionCache(path)
    cache.put_many([("h1", Extraction(paper_id="p1"))])
    cache.db = _FullDisk(cache.db)
    with pytest.raises(DiskFull) as err:
        cache.put_many([("h2", Extraction(paper_id="p2"))])
    assert str(err.value).startswith(f"disk full while writing {path}; nothing was changed")
    cache.close()
    assert [p.name for p in tmp_path.iterdir()] == ["extractions.sqlite"]  # nothing set aside
    again = ExtractionCache(path)
    assert set(again.get_many(["h1", "h2"])) == {"h1"} and not again.warnings


def test_a_write_query_on_a_full_disk_leaves_the_graph(stored, small_graph, monkeypatch):
    def full(src, dst):
        Path(dst).write_bytes(b"x" * 10)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(embedded.shutil, "copyfile", full)
    with pytest.raises(DiskFull, match="disk full while writing .*graph.lbug; nothing was changed"):
        stored.run("MATCH (p:Paper) SET p.title = 'x'", write=True)
    assert same_graph(EmbeddedStore(stored.path).read_graph(), small_graph)
    assert sorted(os.listdir(stored.path)) == [".lock", "format", "graph.lbug", "search.sqlite"]


@contextmanager
def small_disk(where: Path, size: str):
    """A tmpfs of ``size`` mounted at ``where`` (root only; skips where mounting is not allowed)."""
    where.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("needs root and mount (CI runs as root); test_a_full_disk_is_not_damage… covers it everywhere")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` up to ``leave`` bytes free; the filler file, to delete later."""
    filler = disk / "filler"
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    os.truncate(filler, max(filler.stat().st_size - leave, 0))
    return filler


@pytest.mark.parametrize("leave", [0, 150_000])
@pytest.mark.slow  # about a second or more
def test_a_build_on_a_really_full_disk_keeps_the_cache_and_the_store(tmp_path, reuse_extractor, leave):
    papers = tmp_path / "papers.jsonl"
    lines = (CORPUS / "papers.jsonl").read_text().splitlines(keepends=True)
    papers.write_text("".join(lines[:2]))
    with small_disk(tmp_path / "disk", "8m") as disk:
        store = EmbeddedStore(disk / "ST")
        build([papers], store)
        store.close()
        graph_files = ("graph.lbug", "format")
        before = {name: (store.path / name).read_bytes() for name in graph_files}
        filler = fill(disk, leave)
        with pytest.raises(StoreError, match="disk full while writing .*; nothing was changed"):
            build([CORPUS / "papers.jsonl", CORPUS / "daily.txt"], EmbeddedStore(store.path))
        assert {name: (store.path / name).read_bytes() for name in graph_files} == before
        # the cache is not set aside (it may keep records committed before the disk filled up)
        assert sorted(os.listdir(store.path)) == [
            ".lock",
            "extractions.sqlite",
            "format",
            "graph.lbug",
            "search.sqlite",
        ]
        filler.unlink()
        report = build([CORPUS / "papers.jsonl"], EmbeddedStore(store.path))
        assert report.cached >= 2 and not report.warnings  # the cache was kept, not set aside


# -- a read-only store --------------------------------------------------------------------------------------
@contextmanager
def read_only(folder: Path):
    """``folder`` seen through a read-only bind mount (root only); else through a lock that cannot be opened."""
    view = folder.with_name(folder.name + "-ro")
    view.mkdir()
    if (
        os.geteuid() == 0
        and subprocess.run(["mount", "--bind", "-o", "ro", str(folder), str(view)], capture_output=True).returncode == 0
    ):
        try:
            yield view
        finally:
            subprocess.run(["umount", "-l", str(view)], check=True)
        return
    view.rmdir()
    original = lock.open_nofollow

    def refuse(path, flags, mode=0o644):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return original(path, flags, mode)

    lock.open_nofollow = refuse
    try:
        yield folder
    finally:
        lock.open_nofollow = original


def test_write_query_on_a_read_only_store_is_one_error_line(stored):
    (stored.path / ".lock").unlink()
    with read_only(stored.path) as ro:
        one_error_line(
            kg("cypher", "--write", "--store", ro, "MATCH (p:Paper) SET p.title = 'x'"),
            ".lock: cannot write (Read-only file system)",
            "is read-only, so nothing was changed",
        )
        with pytest.raises(ReadOnlyStore):
            EmbeddedStore(ro).write_graph(EmbeddedStore(ro).read_graph())


@pytest.mark.slow  # about a second or more
def test_top_on_a_read_only_store_without_a_format_file_upgrades_in_memory(stored, small_graph):
    expected = kg("top", "--store", stored.path, "--json").stdout
    for name in ("format", ".lock"):  # a store written before the format file existed
        (stored.path / name).unlink()
    with read_only(stored.path) as ro:
        result = kg("top", "--store", ro, "--json")
        assert result.exit_code == 0 and result.exception is None, result.output
        assert result.stdout == expected
        assert same_graph(EmbeddedStore(ro).read_graph(), small_graph)
    assert sorted(os.listdir(stored.path)) == ["graph.lbug", "search.sqlite"]  # nothing written


# -- damaged tables and --rebuild ------------------------------------------------------------------------------
@pytest.mark.slow  # about a second or more
def test_dropped_table_gives_one_error_line_and_build_rebuild_repairs_it(tmp_path, monkeypatch, reuse_extractor):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_CACHE", raising=False)
    for name in ("papers.jsonl", "daily.txt"):
        shutil.copy(CORPUS / name, tmp_path / name)
    assert kg("build", "papers.jsonl", "--store", "ST").exit_code == 0
    assert kg("build", "daily.txt", "--store", "ST").exit_code == 0
    shutil.copytree(tmp_path / "ST", tmp_path / "undamaged")
    assert kg("build", "papers.jsonl", "--store", "undamaged").exit_code == 0  # what the rebuild must give
    assert kg("cypher", "--write", "--store", "ST", "DROP TABLE EXTENDS").exit_code == 0
    for command in (["stats"], ["build", "papers.jsonl"], ["remove", "c1"]):
        one_error_line(
            kg(*command, "--store", "ST"),
            "store 'ST' is damaged (Table EXTENDS does not exist)",
            "rebuild it from the sources and the extraction cache (kg build --rebuild SOURCES)",
        )
    result = kg("build", "--rebuild", "papers.jsonl", "--store", "ST")  # daily.txt's papers come from the store
    assert result.exit_code == 0, result.output
    message = " ".join(result.stderr.split())
    assert (
        "warning: store 'ST' is damaged (Table EXTENDS does not exist); rebuilt from the sources and the "
        "extraction cache" in message
    )
    assert "extracted 0" in result.stdout  # every extraction came from the cache
    assert same_graph(EmbeddedStore(tmp_path / "ST").read_graph(), EmbeddedStore(tmp_path / "undamaged").read_graph())
    assert kg("stats", "--store", "ST").exit_code == 0
