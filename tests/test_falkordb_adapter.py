"""The server adapter, offline: detection from a server's answers, parameter and float encodings,
batch cutting. (tests/test_neo4j_store.py runs the same against a real FalkorDB.)"""

from __future__ import annotations

import ast
import random

import pytest

from kg.store import StoreError
from kg.store.falkordb_adapter import (
    FALKORDB_SAFE_BYTES,
    FalkorDBAdapter,
    ServerAdapter,
    detect_adapter,
    escape_strings,
    float_parts,
    literal_size,
)
from kg.store.neo4j_rows import packed_size

ROWS = [{"key": f"k{i}", "props": {"text": "x" * 100, "strength": i / 7}} for i in range(60)]
QUERY = "UNWIND $rows AS row MERGE (n:Method {key: row.key}) SET n = row.props"


def neo4j_server(query, params):
    """A server that takes parameters as values."""
    return [{"s": params["s"]}]


def pasting_server(query, params):
    """A server that pastes a string parameter into the query text, as FalkorDB does."""
    text = "'" + params["s"] + "'"
    try:
        return [{"s": ast.literal_eval(text)}]
    except SyntaxError as exc:
        raise StoreError(f"syntax error: {exc}") from None


def broken_server(query, params):
    return [{"s": "?"}]


def test_a_server_that_takes_parameters_gets_the_identity_adapter():
    adapter = detect_adapter(neo4j_server)
    assert type(adapter) is ServerAdapter and adapter.name == "neo4j"
    rows = [{"key": "it's", "props": {"strength": 1 / 3}}]
    assert adapter.encode(rows) is rows
    assert adapter.split_floats(rows) == (rows, []) and adapter.set_floats("n", ["strength"]) == ""
    assert adapter.max_batch_bytes is None and adapter.unwind_batch >= 1000


def test_a_server_that_pastes_parameters_gets_the_falkordb_adapter():
    adapter = detect_adapter(pasting_server)
    assert isinstance(adapter, FalkorDBAdapter) and adapter.name == "falkordb"
    assert adapter.max_batch_bytes == FALKORDB_SAFE_BYTES and adapter.unwind_batch == 50


def test_a_server_that_garbles_strings_is_refused():
    with pytest.raises(StoreError, match="does not return string parameters intact"):
        detect_adapter(broken_server)


@pytest.mark.parametrize("text", ["it's", "back\\slash", "\\'", "end\\", "'}) MATCH (n) DETACH DELETE n //", "ünï 😀"])
def test_escaped_strings_survive_being_pasted(text):
    assert pasting_server("RETURN $s AS s", {"s": FalkorDBAdapter().encode(text)})[0]["s"] == text
    assert escape_strings({"a": [text], "n": 1}) == {"a": [FalkorDBAdapter().encode(text)], "n": 1}


def test_floats_travel_as_exact_integer_parts():
    rng = random.Random(7)
    for x in [5 / 6, 1 / 3, 1e-300, 1e300, -7.25, 0.0, 2.5] + [
        rng.random() * 10 ** rng.randint(-8, 8) for _ in range(500)
    ]:
        m, e = float_parts(x)
        assert abs(m) < 2**53 and m * 2.0**e == x
    adapter = FalkorDBAdapter()
    rows, names = adapter.split_floats([{"key": "a", "props": {"strength": 0.1, "papers": 2, "inf": float("inf")}}])
    assert names == ["strength"]
    assert rows == [{"key": "a", "props": {"papers": 2, "inf": float("inf")}, "f": {"strength": float_parts(0.1)}}]
    assert adapter.set_floats("r", names) == " SET r.`strength` = row.f.`strength`[0] * 2.0 ^ row.f.`strength`[1]"
    with pytest.raises(StoreError, match="not a plain identifier"):
        adapter.split_floats([{"key": "a", "props": {"bad name`": 0.5}}])


def test_the_identity_adapter_cuts_by_rows_only():
    batches = ServerAdapter().batches(QUERY, ROWS, "Method node", batch_size=25)
    assert [len(b) for b in batches] == [25, 25, 10]
    assert [r for b in batches for r in b] == ROWS


def test_the_falkordb_adapter_keeps_every_batch_query_under_the_budget():
    adapter = FalkorDBAdapter()
    rows = adapter.encode(adapter.split_floats(ROWS)[0])
    batches = adapter.batches(QUERY, rows, "Method node", batch_size=5000, max_bytes=adapter.max_batch_bytes)
    assert len(batches) > 1 and [r for b in batches for r in b] == rows
    for batch in batches:  # the text the server builds: the query with the rows pasted in
        assert len(QUERY.encode()) + literal_size(batch) < FALKORDB_SAFE_BYTES


def test_a_byte_budget_on_a_neo4j_server_counts_bolt_bytes():
    batches = ServerAdapter().batches(QUERY, ROWS, "Method node", batch_size=5000, max_bytes=2000)
    assert len(batches) > 1 and all(packed_size(b) + len(QUERY) < 2000 for b in batches)


def test_a_row_over_the_budget_is_refused_before_anything_is_sent():
    huge = [{"key": "huge", "props": {"abstract": "x" * 5000}}]
    with pytest.raises(StoreError, match=r"Paper node 'huge' takes \d+ bytes, over the \d+-byte message budget") as err:
        FalkorDBAdapter().batches(QUERY, huge, "Paper node", 5000, FALKORDB_SAFE_BYTES)
    assert "--" not in str(err.value)  # a library error names parameters, not command-line flags
    with pytest.raises(StoreError, match="query alone"):
        FalkorDBAdapter().batches("x" * 5000, huge, "Paper node", 5000, FALKORDB_SAFE_BYTES)
    with pytest.raises(StoreError, match="at least 1"):
        ServerAdapter().batches(QUERY, huge, "Paper node", 0)
