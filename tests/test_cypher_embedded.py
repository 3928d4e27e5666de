"""Cypher on the embedded store (LadybugDB): the query kinds a Neo4j user writes, each
returning the right rows or a clear error naming the LadybugDB spelling; limits; hostile input."""

from __future__ import annotations

import sys

import pytest

from kg.store import EmbeddedStore
from queries import CypherBackend, api
from queries.errors import CypherError, FileAccessError, QueryError, ReadOnlyError


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    from tests.fixtures.graphs import make_small_graph

    store = EmbeddedStore(tmp_path_factory.mktemp("cypher") / "store")
    store.write_graph(make_small_graph())
    b = CypherBackend(store)
    yield b
    b.close()


# (kind, query, params, expected rows)
KINDS = [
    (
        "OPTIONAL MATCH",
        "MATCH (m:Method) OPTIONAL MATCH (m)<-[:PROPOSES]-(p:Paper) RETURN m.key AS method, p.key AS paper ORDER BY method",
        {},
        [
            {"method": "bert", "paper": None},
            {"method": "flownet", "paper": "p4"},
            {"method": "noisenet", "paper": "p1"},
        ],
    ),
    (
        "shortest path",
        "MATCH (a:Method {key: 'bert'}), (b:Concept {key: 'diffusion'}) "
        "MATCH p = (a)-[:USES|EVALUATES_ON|MENTIONS* SHORTEST 1..6]-(b) RETURN length(p) AS hops",
        {},
        [{"hops": 4}],
    ),
    (
        "UNWIND",
        "UNWIND $keys AS k MATCH (d:Dataset {key: k}) RETURN d.name AS name ORDER BY name",
        {"keys": ["imagenet", "cifar10", "nope"]},
        [{"name": "CIFAR-10"}, {"name": "ImageNet"}],
    ),
    (
        "CASE",
        "MATCH (p:Paper) RETURN CASE WHEN p.year >= 2024 THEN 'recent' ELSE 'older' END AS age, count(*) AS n ORDER BY age",
        {},
        [{"age": "older", "n": 3}, {"age": "recent", "n": 2}],
    ),
    (
        "regex",
        "MATCH (p:Paper) WHERE p.title =~ '.*[Nn]oise.*' RETURN p.key AS k ORDER BY k",
        {},
        [{"k": "p1"}, {"k": "p2"}],
    ),
    (
        "EXISTS subquery",
        "MATCH (p:Paper) WHERE EXISTS { MATCH (p)-[:PROPOSES]->(:Method) } RETURN p.key AS k ORDER BY k",
        {},
        [{"k": "p1"}, {"k": "p4"}],
    ),
    (
        "collect / size",
        "MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset) WITH d, collect(p.key) AS ps "
        "RETURN d.key AS d, size(ps) AS n ORDER BY n DESC",
        {},
        [{"d": "imagenet", "n": 3}, {"d": "cifar10", "n": 2}],
    ),
    (
        "WITH … MATCH",
        "MATCH (c:Concept {key: 'diffusion'})<-[:MENTIONS]-(p:Paper) WITH p "
        "MATCH (p)-[:EVALUATES_ON]->(d:Dataset) RETURN DISTINCT d.key AS d ORDER BY d",
        {},
        [{"d": "cifar10"}, {"d": "imagenet"}],
    ),
    (
        "ORDER BY / LIMIT",
        "MATCH (e:Concept) RETURN e.key AS k, e.papers AS n ORDER BY n DESC, k LIMIT $n",
        {"n": 2},
        [{"k": "diffusion", "n": 2}, {"k": "invariance", "n": 2}],
    ),
    (
        "string functions",
        "MATCH (d:Dataset) WHERE lower(d.name) STARTS WITH 'cifar' RETURN upper(d.key) AS k, substring(d.name, 1, 5) AS s",
        {},
        [{"k": "CIFAR10", "s": "CIFAR"}],
    ),
    (
        "labels / label(r)",
        "MATCH (p:Paper {key: 'p4'})-[r]->(e) RETURN label(e) AS l, label(r) AS t, labels(e) AS ls ORDER BY l",
        {},
        [
            {"l": "Concept", "t": "MENTIONS", "ls": "Concept"},
            {"l": "Method", "t": "PROPOSES", "ls": "Method"},
            {"l": "Task", "t": "ADDRESSES", "ls": "Task"},
        ],
    ),
    (
        "aggregation with DISTINCT",
        "MATCH (p:Paper)-[]->(e:Dataset) RETURN count(DISTINCT p) AS papers, count(*) AS links",
        {},
        [{"papers": 4, "links": 5}],
    ),
    (
        "parameters in WHERE and IN",
        "MATCH (c:Concept) WHERE $alias IN c.aliases RETURN c.key AS key",
        {"alias": "noisy labels"},
        [{"key": "label noise"}],
    ),
    (
        "COUNT subquery",
        "MATCH (d:Dataset) RETURN d.key AS dataset, COUNT { MATCH (d)<-[:EVALUATES_ON]-(:Paper) } AS n ORDER BY dataset",
        {},
        [{"dataset": "cifar10", "n": 2}, {"dataset": "imagenet", "n": 3}],
    ),
]


@pytest.mark.parametrize("kind, query, params, expected", KINDS, ids=[k[0] for k in KINDS])
@pytest.mark.slow  # about a second or more
def test_query_kind_returns_the_right_rows(backend, kind, query, params, expected):
    assert api.cypher(backend, query, params) == expected


# (Neo4j-only query, the LadybugDB spelling named in the error)
NEO4J_ONLY = [
    (
        "MATCH p = shortestPath((a:Method {key: 'bert'})-[*]-(b:Concept {key: 'diffusion'})) RETURN length(p)",
        "* SHORTEST 1..6",
    ),
    ("MATCH (p:Paper)-[r]->(m:Method) RETURN type(r) AS t", "label(r)"),
    ("MATCH (p:Paper) RETURN [a IN p.authors | toUpper(a)] AS xs", "list_transform"),
    ("MATCH (c:Concept) RETURN [a IN c.aliases WHERE a STARTS WITH 'n'] AS xs", "list_filter"),
    ("MATCH (n) WHERE n:Method RETURN n.key", "label(n) = 'Method'"),
    ("MATCH (p:Paper) RETURN toInteger(p.year) AS y", "CAST(x AS INT64)"),
]


@pytest.mark.parametrize("query, spelling", NEO4J_ONLY)
@pytest.mark.slow  # about a second or more
def test_neo4j_only_syntax_names_the_ladybug_spelling(backend, query, spelling):
    with pytest.raises(CypherError) as err:
        api.cypher(backend, query)
    assert spelling in str(err.value) and "\n" not in str(err.value)


def test_the_suggested_spellings_work(backend):
    assert api.cypher(
        backend, "MATCH (c:Concept {key: 'label noise'}) RETURN list_filter(c.aliases, a -> a STARTS WITH 'n') AS xs"
    ) == [{"xs": ["noisy labels"]}]
    assert api.cypher(backend, "MATCH (p:Paper {key: 'p1'}) RETURN CAST(p.year AS INT64) + 1 AS y") == [{"y": 2022}]


def test_syntax_errors_name_line_and_column(backend):
    with pytest.raises(CypherError, match=r"line 2, column \d+"):
        api.cypher(backend, "MATCH (n:Paper)\nRETURN n.key ORDER BY n.key LIMI 3")


@pytest.mark.parametrize(
    "query", ["CREATE (:Method {key: 'x'})", "MATCH (m:Method) SET m.name = 'x'", "MATCH (m:Method) DETACH DELETE m"]
)
def test_write_clauses_are_refused_unless_asked_for(backend, query):
    with pytest.raises(ReadOnlyError):
        api.cypher(backend, query)


@pytest.mark.parametrize("query", ["COPY Method FROM 'x.csv'", "LOAD FROM 'x.csv' RETURN *"])
def test_file_clauses_are_refused_even_with_write(backend, query):
    with pytest.raises(FileAccessError):
        backend.cypher(query, write=True)


def test_the_read_only_database_refuses_writes_the_guard_missed(backend):
    with pytest.raises(CypherError, match="read-only"):
        backend.conn.run("CREATE (:Method {key: 'sneaky', name: 'S'})")


@pytest.mark.slow
def test_write_runs_under_the_writer_lock_and_is_seen_by_the_next_read(tmp_path, small_graph):
    store = EmbeddedStore(tmp_path / "s")
    store.write_graph(small_graph)
    b = CypherBackend(store)
    b.cypher("MATCH (m:Method {key: $k}) SET m.name = $name", {"k": "bert", "name": "BERT-base"}, write=True)
    assert b.cypher("MATCH (m:Method {key: 'bert'}) RETURN m.name AS n") == [{"n": "BERT-base"}]


# -- limits ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_runaway_query_stops_at_the_time_limit(tmp_path, small_graph):
    store = EmbeddedStore(tmp_path / "s", timeout=0.5)
    store.write_graph(small_graph)
    with pytest.raises(CypherError, match="time limit of 0.5 s"):
        CypherBackend(store).cypher(
            "MATCH (a), (b), (c), (d), (e), (f) RETURN count(DISTINCT a.key + b.key + c.key + d.key + e.key + f.key)"
        )


@pytest.mark.slow
def test_a_query_needing_too_much_memory_stops_at_the_memory_limit(tmp_path, small_graph):
    store = EmbeddedStore(tmp_path / "s", memory_mb=64)
    store.write_graph(small_graph)
    with pytest.raises(CypherError, match=r"more memory than its limit of 64 MB \(raise it with KG_QUERY_MEMORY=MB\)"):
        CypherBackend(store).cypher("MATCH (a)-[*1..30]-(b) RETURN count(*)")


@pytest.mark.slow
def test_a_huge_result_stops_at_the_row_limit(tmp_path, small_graph):
    store = EmbeddedStore(tmp_path / "s", max_rows=100)
    store.write_graph(small_graph)
    with pytest.raises(CypherError, match="more than 100 rows"):
        CypherBackend(store).cypher("MATCH (a), (b), (c) RETURN a.key, b.key, c.key")
    # counting the same cartesian product is cheap and allowed
    assert CypherBackend(store).cypher("MATCH (a), (b), (c) RETURN count(*) AS n") == [{"n": 16**3}]


# -- hostile input never gives a traceback -------------------------------------------------------

HOSTILE = [
    ("UNWIND range(1, 10000000000) AS x RETURN sum(x)", {}),  # LadybugDB 0.22 segfaults on it after ~30 s
    ("RETURN 1/0", {}),
    ("RETURN CAST('abc' AS INT64)", {}),
    ("RETURN $x AS x", {"x": 2**70}),
    ("RETURN $x AS x", {"x": [1, "a"]}),
    ("RETURN $x AS x", {"x": []}),
    ("RETURN " + "(" * 2000 + "1" + ")" * 2000, {}),
    ("RETURN " + " + ".join(["1"] * 5000), {}),  # parsed in quadratic time: refused before parsing
    ("RETURN 10 ^ 400 AS x", {}),
    ("MATCH (n) RETURN n.nope", {}),
    ("MATCH (n:NoSuchLabel) RETURN n", {}),
    ("", {}),
    ("\x00\ud83d", {}),
    ("RETURN $missing", {}),
]


@pytest.mark.parametrize("query, params", HOSTILE)
@pytest.mark.slow  # about a second or more
def test_hostile_queries_give_a_query_error_or_rows(backend, query, params):
    try:
        rows = api.cypher(backend, query, params)
    except QueryError as exc:
        assert str(exc)
    else:
        assert isinstance(rows, list)


def test_an_engine_crash_on_a_typed_query_is_an_error_not_the_end(backend, monkeypatch):
    import kg.store.embedded as embedded

    crash = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"]
    monkeypatch.setattr(embedded, "CHILD_COMMAND", crash)
    with pytest.raises(CypherError, match=r"engine crashed on this query \(signal 11\); the store is unchanged"):
        api.cypher(backend, "RETURN 1")
    monkeypatch.undo()
    assert api.cypher(backend, "RETURN 1 AS one") == [{"one": 1}]


@pytest.mark.parametrize(
    "pair",
    ["x=" + "[" * 3000 + "]" * 3000, "x=" + '{"a":' * 3000 + "1" + "}" * 3000, "x=1e999999", "x=NaN", 'x="\\ud83d"'],
)
@pytest.mark.slow  # about a second or more
def test_hostile_param_json_gives_a_query_error_or_a_value(backend, pair):
    try:
        params = api.parse_params([pair])
        api.cypher(backend, "RETURN $x AS x", params)
    except QueryError as exc:
        assert str(exc)
