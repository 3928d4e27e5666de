"""The embedded store (LadybugDB): round trip, typed columns, atomic writes, old stores, clear errors, location."""

from __future__ import annotations

import json
import os

import networkx as nx
import pytest

import kg.store.embedded as embedded
import kg.store.ladybug_load as ladybug_load
from kg.core.graph import add_paper, graph_stats, new_graph
from kg.core.papers import Paper
from kg.store import DEFAULT_STORE, EmbeddedStore, StoreError, default_store_path, open_store
from kg.store.migrate import STORE_FORMAT
from queries.errors import CypherError

PAPER = Paper(
    id="2501.00001",
    title="Ünïcode Title: “quotes”",
    abstract="A.",
    year=2025,
    date="2025-01-02",
    authors=["Ana Silva", "Bo Chen"],
    n_authors=2,
    url="https://example.org/a",
    code_url="https://github.com/a/b",
    upvotes=7,
    source="papers.jsonl:3",
)


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


def test_the_store_is_a_ladybug_database_with_typed_columns(tmp_path, small_graph):
    import ladybug

    store = EmbeddedStore(tmp_path)
    store.write_graph(small_graph)
    db = ladybug.Database(str(tmp_path / "graph.lbug"), read_only=True)
    conn = ladybug.Connection(db)
    assert conn.execute("MATCH (p:Paper) RETURN count(*)").get_all() == [[5]]
    assert conn.execute("MATCH (p:Paper {key: 'p1'}) RETURN p.year + 1").get_all() == [[2022]]  # INT64, not text
    assert conn.execute("MATCH (:Concept)-[c:CO_OCCURS]-(:Dataset) RETURN max(c.strength) > 0.5").get_all() == [[True]]
    conn.close()
    db.close()


def test_a_property_not_in_the_schema_is_stored_with_its_type(tmp_path, small_graph):
    small_graph.nodes["Concept:diffusion"]["relevance"] = 0.75
    small_graph.nodes["Method:bert"]["stars"] = 120
    store = EmbeddedStore(tmp_path)
    store.write_graph(small_graph)
    back = store.read_graph()
    assert back.nodes["Concept:diffusion"]["relevance"] == 0.75 and "relevance" not in back.nodes["Concept:invariance"]
    assert back.nodes["Method:bert"]["stars"] == 120 and "stars" not in back.nodes["Method:noisenet"]
    assert store.run("MATCH (m:Method) WHERE m.stars > 100 RETURN m.key AS k") == [{"k": "bert"}]


def test_a_value_of_the_wrong_type_is_a_store_error_naming_the_node(tmp_path, small_graph):
    small_graph.nodes["Paper:p1"]["year"] = "twenty"
    with pytest.raises(StoreError, match=r"Paper:p1.*'year'.*INT64"):
        EmbeddedStore(tmp_path).write_graph(small_graph)
    small_graph.nodes["Paper:p1"]["year"] = 2**70
    with pytest.raises(StoreError, match="Paper:p1"):
        EmbeddedStore(tmp_path).write_graph(small_graph)
    assert os.listdir(tmp_path) == [".lock"]


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


def test_a_failure_mid_load_leaves_the_old_store_and_no_temp_file(written, monkeypatch, small_graph):
    store, before = written

    def half_load(conn, graph):
        conn.execute("CREATE NODE TABLE Paper(key STRING PRIMARY KEY)")  # something on disk ...
        raise OSError(28, "No space left on device")  # ... then the disk fills up

    monkeypatch.setattr(ladybug_load, "load_graph", half_load)
    with pytest.raises(StoreError) as err:
        store.write_graph(bigger_graph())
    assert (
        str(store.graph_file) in str(err.value)
        and "disk full while writing" in str(err.value)
        and "nothing was changed" in str(err.value)
    )
    assert store.graph_file.read_bytes() == before
    assert sorted(os.listdir(store.path)) == [".lock", "format", "graph.lbug", "search.sqlite"]
    assert graph_dict(store.read_graph()) == graph_dict(small_graph)


def test_an_interrupt_mid_write_leaves_the_old_store_and_no_temp_file(written, monkeypatch):
    store, before = written

    def interrupted(conn, graph):
        raise KeyboardInterrupt

    monkeypatch.setattr(ladybug_load, "load_graph", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.write_graph(bigger_graph())
    assert store.graph_file.read_bytes() == before
    assert sorted(os.listdir(store.path)) == [".lock", "format", "graph.lbug", "search.sqlite"]


def test_a_failing_rename_leaves_the_old_store_and_no_temp_file(written, monkeypatch):
    store, before = written

    def no_rename(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(embedded.os, "replace", no_rename)
    with pytest.raises(StoreError, match="cannot write"):
        store.write_graph(bigger_graph())
    assert store.graph_file.read_bytes() == before
    assert sorted(os.listdir(store.path)) == [".lock", "format", "graph.lbug", "search.sqlite"]


def test_a_successful_write_replaces_the_file_whole(written):
    store, before = written
    assert store.read_graph().number_of_nodes() > 0  # a reader holds the old database open ...
    store.write_graph(bigger_graph())
    assert store.graph_file.read_bytes() != before
    assert store.read_graph().number_of_nodes() == 50  # ... and the next read sees the new one
    assert sorted(os.listdir(store.path)) == [".lock", "format", "graph.lbug", "search.sqlite"]


def test_a_temporary_file_left_by_a_killed_writer_is_removed_by_the_next_write(written):
    store, _ = written
    (store.path / ".graph-0123.tmp").write_bytes(b"half a database")
    (store.path / ".graph-0123.tmp.wal").write_bytes(b"log")
    store.write_graph(bigger_graph())
    assert sorted(os.listdir(store.path)) == [".lock", "format", "graph.lbug", "search.sqlite"]


# --- old stores --------------------------------------------------------------------------------


def test_an_old_json_store_is_migrated_on_first_open_and_the_cache_kept(tmp_path, small_graph):
    data = {"format": "paperkg", "version": 1, "graph": nx.node_link_data(small_graph, edges="edges", name="_id")}
    (tmp_path / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "extractions.sqlite").write_bytes(b"cache")
    store = EmbeddedStore(tmp_path)
    assert graph_dict(store.read_graph()) == graph_dict(small_graph)
    assert sorted(os.listdir(tmp_path)) == [
        ".lock",
        "extractions.sqlite",
        "format",
        "graph.json.migrated",
        "graph.lbug",
        "search.sqlite",
    ]
    assert (tmp_path / "extractions.sqlite").read_bytes() == b"cache"


@pytest.mark.slow
def test_a_store_of_an_older_format_gets_the_missing_columns_on_first_open(tmp_path, small_graph):
    import ladybug

    EmbeddedStore(tmp_path).write_graph(small_graph)
    db = ladybug.Database(str(tmp_path / "graph.lbug"))
    conn = ladybug.Connection(db)
    for label in ("Method", "Dataset", "Task", "Metric", "Concept"):
        conn.execute(f"ALTER TABLE {label} DROP first_year")  # as written before the column existed
    conn.close()
    db.close()
    (tmp_path / "format").unlink()
    store = EmbeddedStore(tmp_path)
    rows = store.run("MATCH (m:Method) RETURN m.key AS key, m.first_year AS first_year ORDER BY key")
    years = {
        n: min(small_graph.nodes[p]["year"] for p in small_graph.predecessors(n) if small_graph.nodes[p].get("year"))
        for n, d in small_graph.nodes(data=True)
        if d.get("label") == "Method"
    }
    assert rows and {f"Method:{r['key']}": r["first_year"] for r in rows} == years
    assert (tmp_path / "format").read_text().strip() == str(STORE_FORMAT)
    assert graph_dict(store.read_graph()) == graph_dict(small_graph)


def test_a_store_written_before_claims_gets_the_claim_tables_and_rule_confidence(tmp_path, small_graph):
    """Format 2: OUTPERFORMS and EXTENDS without ``confidence``/``sources``, no other claim tables."""
    import ladybug

    from kg.core.graph import add_claim
    from kg.store.migrate import CLAIM_TABLES_ADDED

    add_claim(small_graph, "Method:noisenet", "Method:bert", "OUTPERFORMS", ["p5"], ["NoiseNet beats BERT."])
    EmbeddedStore(tmp_path).write_graph(small_graph)
    db = ladybug.Database(str(tmp_path / "graph.lbug"))
    conn = ladybug.Connection(db)
    for rel in CLAIM_TABLES_ADDED:
        conn.execute(f"DROP TABLE {rel}")
    for rel in ("OUTPERFORMS", "EXTENDS"):
        conn.execute(f"ALTER TABLE {rel} DROP confidence")
        conn.execute(f"ALTER TABLE {rel} DROP sources")
    conn.close()
    db.close()
    (tmp_path / "format").write_text("2\n")
    store = EmbeddedStore(tmp_path)
    rows = store.run("MATCH (a)-[r:OUTPERFORMS]->(b) RETURN a.key AS a, b.key AS b, r.confidence AS c, r.sources AS s")
    assert rows == [{"a": "noisenet", "b": "bert", "c": 1.0, "s": ["rule"]}]
    assert store.run("MATCH ()-[r:USED_FOR]->() RETURN count(*) AS n") == [{"n": 0}]
    assert (tmp_path / "format").read_text().strip() == str(STORE_FORMAT)
    assert graph_dict(store.read_graph()) == graph_dict(small_graph)


# --- errors and location ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        '{"format": "paperkg", "graph": {"nodes": [',
        "not json at all",
        '{"something": "else"}',
        "[1, 2, 3]",
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_corrupted_old_store_file_is_a_store_error_naming_the_file(tmp_path, content):
    path = tmp_path / "graph.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(StoreError) as err:
        EmbeddedStore(tmp_path).read_graph()
    assert str(path) in str(err.value) and "not a readable paperkg store" in str(err.value)


def test_a_corrupted_database_is_a_store_error_naming_the_file(tmp_path):
    (tmp_path / "graph.lbug").write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(StoreError) as err:
        EmbeddedStore(tmp_path).read_graph()
    assert str(tmp_path / "graph.lbug") in str(err.value) and "not a readable paperkg store" in str(err.value)


def test_store_location_from_argument_env_or_default(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    assert default_store_path() == DEFAULT_STORE == "kg-store"
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env-store"))
    assert open_store().path == tmp_path / "env-store"
    assert open_store(str(tmp_path / "given")).path == tmp_path / "given"
    assert open_store().location == str(tmp_path / "env-store")


def test_reading_the_papers_for_a_build_grows_the_buffer_pool_when_they_do_not_fit(tmp_path, monkeypatch):
    G = new_graph()
    for i in range(6000):
        add_paper(G, Paper(id=f"x{i:05d}", title=f"Kelp note {i}", abstract="kelp reef tide " * 100))
    EmbeddedStore(tmp_path / "st").write_graph(G)
    store = EmbeddedStore(tmp_path / "st", memory_mb=16)
    with pytest.raises(CypherError, match="more memory than its limit of 16 MB"):
        store.run("MATCH (p:Paper) RETURN p.abstract AS a ORDER BY p.key")  # a query keeps its limit
    papers = store.read_papers()
    assert [p.id for p in papers] == [f"x{i:05d}" for i in range(6000)] and store.memory_mb == 16  # limit set back
    monkeypatch.setenv("KG_WRITE_MEMORY_MAX", "16")  # no larger pool allowed: the error names the setting
    with pytest.raises(StoreError, match="KG_QUERY_MEMORY"):
        EmbeddedStore(tmp_path / "st", memory_mb=16).read_papers()


def test_a_write_that_fills_the_buffer_pool_is_retried_with_a_larger_one(tmp_path, monkeypatch):
    monkeypatch.setattr(embedded, "WRITE_MEMORY_MB", 1)
    pools = []
    write = ladybug_load.write_database
    monkeypatch.setattr(ladybug_load, "write_database", lambda g, p, mb: pools.append(mb) or write(g, p, mb))
    G = new_graph()
    for i in range(3000):
        add_paper(G, Paper(id=f"x{i}", title=f"T{i}", abstract=f"{i} " * 400, reference_ids=[f"doi:10.1/{i}"] * 5))
    store = EmbeddedStore(tmp_path / "st", memory_mb=1)
    store.write_graph(G)
    assert pools[0] == 1 and len(pools) > 1 and pools == [4**k for k in range(len(pools))]
    assert EmbeddedStore(store.path).stats()["nodes"] == {"Paper": 3000}  # read with the default pool
    assert sorted(os.listdir(store.path)) == [".lock", "format", "graph.lbug", "search.sqlite"]  # no attempt left

    monkeypatch.setenv("KG_WRITE_MEMORY_MAX", "1")  # no larger pool allowed: the error, the store as it was
    before = store.graph_file.read_bytes()
    add_paper(G, Paper(id="y", title="Y", abstract="more"))
    with pytest.raises(StoreError, match="buffer pool is full"):
        EmbeddedStore(tmp_path / "st", memory_mb=1).write_graph(G)
    assert store.graph_file.read_bytes() == before
