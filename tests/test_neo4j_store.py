"""The Neo4j store: rows, batching and parameters offline; writing, reading,
idempotence, replacement and failures against a real Bolt server (FalkorDB)."""

from __future__ import annotations

import io
import math

import pytest

from bench.support.bolt_server import BoltServer
from kg.core.graph import add_entity, add_paper, graph_stats, link_paper, new_graph
from kg.core.papers import Paper
from kg.store import StoreError
from kg.store.falkordb_adapter import FALKORDB_SAFE_BYTES, FalkorDBAdapter
from kg.store.neo4j_rows import batches, graph_to_rows, packed_size, rows_to_graph
from kg.store.neo4j_store import Neo4jSettings, Neo4jStore, open_neo4j_store
from tests.fixtures.graphs import make_small_graph

TRICKY = [
    "it's",
    'say "hi"',
    "back\\slash",
    "new\nline",
    "ünïcødé – “quotes” 😀",
    "'}) MATCH (n) DETACH DELETE n //",
    "\\'",
    "",
    "a\\nb",
    "$x",
    "end\\",
]


def edges_of(G) -> dict:
    return {(u, v, k): d for u, v, k, d in G.edges(keys=True, data=True)}


def assert_same_graph(G, H) -> None:
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert edges_of(G) == edges_of(H)


def tricky_graph():
    """The small graph plus an entity whose strings need escaping and floats with every bit set."""
    G = make_small_graph()
    m = add_entity(G, "Method", "it's \\ odd", "It's \\ odd", aliases=TRICKY, papers=1)
    link_paper(G, "Paper:p1", m, "USES", count=2, evidence=[f"We use {s}." for s in TRICKY])
    G.edges["Concept:diffusion", "Concept:label noise", "CO_OCCURS"]["strength"] = 1 / 3
    G.nodes["Paper:p2"]["upvotes"] = 2**40 + 1
    return G


# -- offline: rows, batching, parameters ------------------------------------


def test_rows_keep_every_attribute_and_come_back_equal(small_graph):
    rows = graph_to_rows(small_graph)
    assert rows.n_nodes == small_graph.number_of_nodes()
    assert rows.n_rels == small_graph.number_of_edges()
    node_rows = [(label, r["props"]) for label, items in rows.nodes.items() for r in items]
    rel_rows = [
        (k, f"{sl}:{r['s']}", f"{el}:{r['t']}", r["props"]) for (k, sl, el), items in rows.rels.items() for r in items
    ]
    # what Neo4j gives back: no None-valued properties
    assert all(v is not None for _, p in node_rows for v in p.values())
    assert_same_graph(small_graph, rows_to_graph(node_rows, rel_rows))


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda G: G.add_node("Person:x", label="Person", key="x"), "not a paperkg node label"),
        (lambda G: G.add_node("Method:y", label="Method", key="x"), "does not match"),
        (lambda G: G.nodes["Method:bert"].update(extra={"a": 1}), "attribute 'extra' of type dict"),
        (lambda G: G.nodes["Method:bert"].update(aliases=["a", 1]), "list of one scalar type"),
        (lambda G: G.nodes["Method:bert"].update(big=2**70), "64-bit"),
        (lambda G: G.add_edge("Paper:p1", "Method:bert", key="LIKES", type="LIKES"), "not a paperkg relationship type"),
    ],
)
def test_graphs_the_store_cannot_hold_are_refused_before_writing(small_graph, mutate, message):
    mutate(small_graph)
    with pytest.raises(StoreError, match=message):
        graph_to_rows(small_graph)


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -16,
        127,
        -17,
        200,
        -40000,
        2**31,
        -(2**40),
        0.5,
        "",
        "abc",
        "x" * 15,
        "x" * 16,
        "é" * 200,
        "y" * 70000,
        [],
        ["a", "b"],
        list(range(300)),
        {"k": "v", "n": [1.5]},
        {f"k{i}": i for i in range(20)},
    ],
)
def test_packed_size_is_what_the_driver_sends(value):
    from neo4j._codec.packstream.v1 import Packer

    buffer = io.BytesIO()
    Packer(buffer).pack(value)
    assert packed_size(value) == len(buffer.getvalue())


def test_batches_respect_row_count_and_byte_budget():
    rows = [{"key": f"k{i}", "props": {"text": "x" * 100}} for i in range(30)]
    assert [len(b) for b in batches(rows, 7)] == [7, 7, 7, 7, 2]
    by_bytes = list(batches(rows, 50, max_bytes=1000))
    assert sum(len(b) for b in by_bytes) == 30
    assert all(packed_size(b) <= 1000 for b in by_bytes)
    assert len(by_bytes) > 1
    with pytest.raises(StoreError, match="over the 100-byte message budget"):
        list(batches(rows, 50, max_bytes=100, what="Paper node"))
    with pytest.raises(StoreError, match="at least 1"):
        list(batches(rows, 0))


def test_settings_from_env_and_location_never_show_the_password(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7687")
    monkeypatch.setenv("NEO4J_USER", "alice")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    monkeypatch.setenv("NEO4J_DATABASE", "papers")
    s = Neo4jSettings.from_env()
    assert (s.uri, s.user, s.password, s.database) == ("neo4j://db.example:7687", "alice", "s3cret-pw", "papers")
    assert Neo4jSettings.from_env(user="bob", database="other").user == "bob"
    assert "s3cret-pw" not in s.location and "s3cret-pw" not in repr(s)
    assert s.location == "neo4j://db.example:7687 (database papers, user alice)"
    with_userinfo = Neo4jSettings(uri="bolt://alice:hunter2@host:7687", password="hunter2")
    assert "hunter2" not in with_userinfo.location
    assert with_userinfo.scrub("failed for hunter2\n at host") == "failed for *** at host"


def test_defaults_without_environment(monkeypatch):
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    s = Neo4jSettings.from_env()
    assert (s.uri, s.user, s.password, s.database) == ("bolt://localhost:7687", "neo4j", "", None)


def test_a_uri_the_driver_rejects_is_one_store_error():
    with pytest.raises(StoreError, match="invalid connection settings"):
        Neo4jStore(Neo4jSettings(uri="http://localhost:7474"))


# -- against the Bolt server -------------------------------------------------


@pytest.fixture
def store(bolt_env):
    s = open_neo4j_store()
    yield s
    s.close()


def test_write_then_read_round_trips_the_fixture_graph(store, small_graph):
    report = store.write_graph(small_graph)
    assert (report.nodes, report.relationships) == (16, 40)
    assert store.stats() == graph_stats(small_graph)
    assert_same_graph(small_graph, store.read_graph())


def test_round_trip_is_exact_for_quotes_backslashes_unicode_big_ints_and_floats(store):
    G = tricky_graph()
    store.write_graph(G)
    H = store.read_graph()
    assert_same_graph(G, H)
    assert H.nodes["Method:it's \\ odd"]["aliases"] == TRICKY
    assert H.edges["Concept:diffusion", "Concept:label noise", "CO_OCCURS"]["strength"] == 1 / 3


def test_writing_twice_leaves_identical_counts_and_graph(store, small_graph):
    store.write_graph(small_graph)
    first = store.stats()
    again = store.write_graph(small_graph)
    assert (again.deleted_nodes, again.deleted_relationships) == (0, 0)
    assert store.stats() == first
    assert_same_graph(small_graph, store.read_graph())


def test_write_replaces_the_graph(store, small_graph):
    store.write_graph(tricky_graph())
    smaller = small_graph.copy()
    smaller.remove_node("Method:bert")
    smaller.nodes["Paper:p1"]["title"] = "A new title"
    report = store.write_graph(smaller)
    assert report.deleted_nodes == 2  # bert and the tricky method
    assert store.stats() == graph_stats(smaller)
    H = store.read_graph()
    assert_same_graph(smaller, H)
    assert "Method:bert" not in H and H.nodes["Paper:p1"]["title"] == "A new title"


def test_lists_are_queryable_list_properties(store, small_graph):
    store.write_graph(small_graph)
    rows = store.read(
        "MATCH (p:Paper)-[r:EVALUATES_ON]->(d:Dataset) "
        "WHERE any(s IN r.evidence WHERE s CONTAINS $word) AND $alias IN d.aliases "
        "RETURN p.key AS paper ORDER BY paper",
        {"word": "evaluate", "alias": "CIFAR10"},
    )
    assert rows == [{"paper": "p1"}]


@pytest.mark.parametrize("batch_size, single", [(1, True), (7, False), (500, True)])
def test_batch_size_and_transaction_mode_do_not_change_the_result(bolt_env, small_graph, batch_size, single):
    with open_neo4j_store(batch_size=batch_size, single_transaction=single) as store:
        report = store.write_graph(small_graph)
        assert_same_graph(small_graph, store.read_graph())
    rows = sum(len(r) for r in graph_to_rows(small_graph).nodes.values())
    assert report.batches >= math.ceil(rows / batch_size)


def test_a_write_interrupted_midway_is_reported_and_rerunning_converges(store, small_graph):
    store.write_graph(tricky_graph())

    def fail_after_three(done, total):
        if done == 3:
            raise RuntimeError("simulated crash")

    with pytest.raises(StoreError, match=r"simulated crash; write stopped after 3 of \d+ batches.*re-run"):
        store.write_graph(small_graph, progress=fail_after_three)
    store.write_graph(small_graph)
    assert_same_graph(small_graph, store.read_graph())


def test_capabilities_are_found_by_trying(store, small_graph):
    store.write_graph(small_graph)
    # FalkorDB 4.16: no CREATE CONSTRAINT, no named indexes, parameters pasted into query text
    assert store.capabilities["constraints"] is False
    assert isinstance(store.adapter, FalkorDBAdapter)  # parameters pasted into query text
    assert store.batch_bytes() == FALKORDB_SAFE_BYTES and store.unwind_batch == 50
    indexed = store._indexed_labels()
    assert {"Paper", "Method", "Dataset", "Task", "Metric", "Concept"} <= indexed
    assert set(store.ensure_schema().values()) == {"index"}  # second time: still fine


def test_rows_near_the_byte_budget_do_not_crash_the_server(store, bolt_server):
    G = new_graph()
    for i in range(6):
        add_paper(G, Paper(id=f"long{i}", title=f"Long {i}", abstract=("word " * 640)[: 3000 - i]))
    report = store.write_graph(G)
    assert report.batches >= 6  # one paper per batch under the budget
    assert bolt_server.alive()
    assert store.stats()["nodes"] == {"Paper": 6}


def test_a_row_over_the_budget_is_refused_before_anything_is_written(store, small_graph):
    store.write_graph(small_graph)
    G = small_graph.copy()
    add_paper(G, Paper(id="huge", title="Huge", abstract="x" * 5000))
    with pytest.raises(StoreError, match=r"Paper node .huge. takes \d+ bytes, over the \d+-byte message budget"):
        store.write_graph(G)
    assert store.stats() == graph_stats(small_graph)


# -- connection problems -------------------------------------------------------


def test_wrong_port_is_one_clear_error(bolt_server):
    with pytest.raises(StoreError) as err:
        open_neo4j_store("bolt://127.0.0.1:1", "falkordb", "")
    assert "cannot connect" in str(err.value) and "\n" not in str(err.value)


def test_wrong_password_is_refused_without_showing_it(bolt_server):
    secret = "Wr0ng-Pa55word-xyz"
    with pytest.raises(StoreError) as err:
        open_neo4j_store(bolt_server.uri, "falkordb", secret)
    message = str(err.value)
    assert secret not in message and bolt_server.uri in message and "\n" not in message


@pytest.mark.bolt
def test_server_down_is_one_clear_error():
    with BoltServer() as server:
        uri = server.uri
    with pytest.raises(StoreError, match="cannot connect"):
        open_neo4j_store(uri, "falkordb", "")


def test_the_fixture_turns_a_silent_server_into_an_error_not_a_hang():
    """The test-side read timeout (bench/support/bolt_server.py): a server that answers the
    handshake and then nothing makes the driver fail fast instead of waiting forever."""
    import socket
    import threading

    from bench.support.bolt_server import free_port, patch_driver_for_port

    port = free_port()
    listener = socket.create_server(("127.0.0.1", port))
    held = []

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.recv(20)
            conn.sendall(bytes.fromhex("00000705"))  # agree on Bolt 5.7, then stay silent
            held.append(conn)

    threading.Thread(target=serve, daemon=True).start()
    undo = patch_driver_for_port(port, read_timeout=0.5)
    try:
        with pytest.raises(StoreError, match="cannot connect|refused|timed out|defunct"):
            open_neo4j_store(f"bolt://127.0.0.1:{port}", "falkordb", "")
    finally:
        undo()
        listener.close()
        for conn in held:
            conn.close()


@pytest.mark.slow  # about a second or more
def test_a_port_that_never_answers_the_handshake_is_named_as_such():
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=lambda: [listener.accept() for _ in range(10)], daemon=True).start()
    store = Neo4jStore(Neo4jSettings(uri=f"bolt://127.0.0.1:{listener.getsockname()[1]}"), connection_timeout=1)
    try:
        with pytest.raises(StoreError, match="no Bolt handshake answer .*7474"):
            store.verify()
    finally:
        store.close()
        listener.close()


def test_an_unknown_host_is_named_as_such():
    with pytest.raises(StoreError, match="cannot resolve the host name"):
        open_neo4j_store("bolt://no-such-host.invalid:7687", "neo4j", "x")


def test_text_relations_round_trip(store, small_graph):
    from kg.core.graph import add_text_relation

    add_text_relation(
        small_graph, "Method:noisenet", "Method:bert", "OUTPERFORMS", ["p5"], ["We compare BERT and NoiseNet."]
    )
    store.write_graph(small_graph)
    assert_same_graph(small_graph, store.read_graph())
    assert store.stats()["relationships"]["OUTPERFORMS"] == 1
