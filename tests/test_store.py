"""The embedded store: JSON round trip, atomic writes, clear errors, location."""

from __future__ import annotations

import json
import os

import pytest

import kg.store.embedded as embedded
from kg.graph import add_paper, graph_stats, new_graph
from kg.papers import Paper
from kg.store import DEFAULT_STORE, EmbeddedStore, StoreError, default_store_path, open_store

PAPER = Paper(id="2501.00001", title="Ünïcode Title: “quotes”", abstract="A.", year=2025, date="2025-01-02",
              authors=["Ana Silva", "Bo Chen"], n_authors=2, url="https://example.org/a",
              code_url="https://github.com/a/b", upvotes=7, source="papers.jsonl:3")


def graph_dict(G):
    return (dict(G.nodes(data=True)), sorted(G.edges(keys=True, data=True), key=repr))


def test_round_trip_keeps_nodes_edges_and_attributes(tmp_path, small_graph):
    add_paper(small_graph, PAPER)
    store = EmbeddedStore(tmp_path / "st")
    store.write_graph(small_graph)
    back = store.read_graph()
    assert back.is_directed() and back.is_multigraph()
    assert graph_dict(back) == graph_dict(small_graph)
    node = back.nodes["Paper:2501.00001"]
    assert node["id"] == PAPER.id and node["source"] == "papers.jsonl:3"  # Paper's own `id` survives
    assert node["authors"] == ["Ana Silva", "Bo Chen"] and node["title"] == PAPER.title
    assert Paper.from_dict(node) == PAPER
    edge = back.edges["Paper:p1", "Method:noisenet", "PROPOSES"]
    assert edge["evidence"] == ["We propose NoiseNet for label noise."] and edge["type"] == "PROPOSES"


def test_the_file_is_plain_json_with_a_format_marker(tmp_path, small_graph):
    store = EmbeddedStore(tmp_path)
    store.write_graph(small_graph)
    data = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert data["format"] == "paperkg" and data["version"] == embedded.FORMAT_VERSION
    assert len(data["graph"]["nodes"]) == small_graph.number_of_nodes()


def test_an_empty_store_reads_as_an_empty_graph(tmp_path):
    store = EmbeddedStore(tmp_path / "nothing-yet")
    assert store.read_graph().number_of_nodes() == 0
    assert store.stats() == {"nodes": {}, "relationships": {}}
    assert not store.exists()


def test_stats_count_labels_and_types(tmp_path, small_graph):
    store = EmbeddedStore(tmp_path)
    store.write_graph(small_graph)
    stats = store.stats()
    assert stats == graph_stats(small_graph)
    assert stats["nodes"]["Paper"] == 5
    assert sum(stats["relationships"].values()) == small_graph.number_of_edges()


# --- atomic writes ---------------------------------------------------------------------------


@pytest.fixture
def written(tmp_path, small_graph):
    store = EmbeddedStore(tmp_path)
    store.write_graph(small_graph)
    return store, store.graph_file.read_bytes()


def bigger_graph():
    G = new_graph()
    for i in range(50):
        add_paper(G, Paper(id=f"x{i}", title=f"T{i}", abstract="A" * 1000))
    return G


def test_a_failure_mid_dump_leaves_the_old_store_and_no_temp_file(written, monkeypatch, small_graph):
    store, before = written
    real_dump = json.dump

    def half_dump(data, fh, **kw):
        fh.write('{"format": "paperkg", "graph": {"nodes": [')  # a partial file on disk ...
        fh.flush()
        raise OSError(28, "No space left on device")  # ... then the disk fills up

    monkeypatch.setattr(embedded.json, "dump", half_dump)
    with pytest.raises(StoreError) as err:
        store.write_graph(bigger_graph())
    assert str(store.graph_file) in str(err.value) and "No space left" in str(err.value)
    monkeypatch.setattr(embedded.json, "dump", real_dump)
    assert store.graph_file.read_bytes() == before
    assert sorted(os.listdir(store.path)) == ["graph.json"]
    assert graph_dict(store.read_graph()) == graph_dict(small_graph)


def test_an_interrupt_mid_write_leaves_the_old_store_and_no_temp_file(written, monkeypatch):
    store, before = written

    def interrupted(data, fh, **kw):
        fh.write("{")
        raise KeyboardInterrupt

    monkeypatch.setattr(embedded.json, "dump", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.write_graph(bigger_graph())
    assert store.graph_file.read_bytes() == before
    assert sorted(os.listdir(store.path)) == ["graph.json"]


def test_a_failing_rename_leaves_the_old_store_and_no_temp_file(written, monkeypatch):
    store, before = written

    def no_rename(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(embedded.os, "replace", no_rename)
    with pytest.raises(StoreError, match="cannot write"):
        store.write_graph(bigger_graph())
    assert store.graph_file.read_bytes() == before
    assert sorted(os.listdir(store.path)) == ["graph.json"]


def test_a_successful_write_replaces_the_file_whole(written):
    store, before = written
    store.write_graph(bigger_graph())
    assert store.graph_file.read_bytes() != before
    assert store.read_graph().number_of_nodes() == 50
    assert sorted(os.listdir(store.path)) == ["graph.json"]


# --- errors and location ----------------------------------------------------------------------


@pytest.mark.parametrize("content", ['{"format": "paperkg", "graph": {"nodes": [', "not json at all",
                                     '{"something": "else"}', "[1, 2, 3]", b"\xff\xfe\x00garbage"])
def test_a_corrupted_store_file_is_a_store_error_naming_the_file(tmp_path, content):
    path = tmp_path / "graph.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(StoreError) as err:
        EmbeddedStore(tmp_path).read_graph()
    assert str(path) in str(err.value) and "not a readable paperkg store" in str(err.value)


def test_store_location_from_argument_env_or_default(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    assert default_store_path() == DEFAULT_STORE == "kg-store"
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env-store"))
    assert open_store().path == tmp_path / "env-store"
    assert open_store(str(tmp_path / "given")).path == tmp_path / "given"
    assert open_store().location == str(tmp_path / "env-store")
