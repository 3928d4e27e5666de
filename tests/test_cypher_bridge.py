"""The Cypher bridge on the embedded store: each accepted syntax, each error, and no mutation."""

import hashlib
import json
from collections import Counter

import networkx as nx
import pytest

from bench.synthetic import make_synthetic_graph
from kg.store import open_store
from queries import NetworkXBackend
from queries.cypher_bridge import CypherEngine, run_cypher
from queries.errors import CypherError, QueryError, ReadOnlyError, UnsupportedCypher


@pytest.fixture
def q(small_graph):
    engine = CypherEngine(small_graph)
    return lambda text, **params: engine.run(text, params)


def col(rows, name):
    return [r[name] for r in rows]


# -- patterns ---------------------------------------------------------------------

def test_labels_and_properties_from_store(q):
    rows = q("MATCH (m:Method) RETURN m.name ORDER BY m.name")
    assert col(rows, "m.name") == ["BERT", "FlowNet", "NoiseNet"]
    assert col(q("MATCH (e:Method|Metric) RETURN e.key ORDER BY e.key"), "e.key") == ["accuracy", "bert", "flownet", "noisenet"]


def test_property_map_with_single_quotes_and_parameters(q):
    assert q("MATCH (d:Dataset {key: 'cifar10'}) RETURN d.name") == [{"d.name": "CIFAR-10"}]
    assert q("MATCH (d:Dataset {key: $k}) RETURN d.name", k="imagenet") == [{"d.name": "ImageNet"}]
    assert q('MATCH (d:Dataset {key: "cifar10", name: "CIFAR-10"}) RETURN d.key') == [{"d.key": "cifar10"}]


def test_relationship_types_directions_and_variables(q):
    rows = q("MATCH (p:Paper)-[r:EVALUATES_ON]->(d:Dataset {key: 'cifar10'}) RETURN p.id, type(r), r.evidence ORDER BY p.id")
    assert rows == [
        {"p.id": "p1", "type(r)": "EVALUATES_ON", "r.evidence": ["We evaluate on CIFAR-10."]},
        {"p.id": "p2", "type(r)": "EVALUATES_ON", "r.evidence": ["Diffusion models clean noisy labels on CIFAR-10 and ImageNet."]},
    ]
    left = q("MATCH (d:Dataset {key: 'cifar10'})<-[:EVALUATES_ON]-(p) RETURN p.id ORDER BY p.id")
    assert col(left, "p.id") == ["p1", "p2"]
    either = q("MATCH (m:Method {key: 'noisenet'})<-[r:PROPOSES|USES]-(p:Paper) RETURN p.id, type(r) ORDER BY p.id")
    assert either == [{"p.id": "p1", "type(r)": "PROPOSES"}, {"p.id": "p5", "type(r)": "USES"}]
    assert col(q("MATCH (p:Paper {id: 'p4'})-->(e) RETURN e.key ORDER BY e.key"), "e.key") == ["flownet", "invariance", "time series forecasting"]


def test_undirected_relationship_matches_either_stored_direction(q):
    # CO_OCCURS is stored once (smaller id first); an undirected pattern finds it from both ends
    rows = q("MATCH (a:Concept {key: 'diffusion'})-[r:CO_OCCURS]-(b) RETURN b.key, r.papers ORDER BY b.key")
    assert col(rows, "b.key") == ["cifar10", "image classification", "imagenet", "invariance", "label noise"]
    rows = q("MATCH (a:Concept {key: 'invariance'})-[:CO_OCCURS]-(b:Concept) RETURN b.key")
    assert rows == [{"b.key": "diffusion"}]  # stored diffusion -> invariance


def test_comma_patterns_and_several_match_clauses_join_on_shared_variables(q):
    one = q("MATCH (p:Paper)-[:MENTIONS]->(c:Concept {key: 'diffusion'}), (p)-[:EVALUATES_ON]->(d:Dataset) "
            "RETURN p.id, d.key ORDER BY p.id, d.key")
    two = q("MATCH (p:Paper)-[:MENTIONS]->(c:Concept) WHERE c.key = 'diffusion' "
            "MATCH (p)-[:EVALUATES_ON]->(d:Dataset) RETURN p.id, d.key ORDER BY p.id, d.key")
    assert one == two == [{"p.id": "p2", "d.key": "cifar10"}, {"p.id": "p2", "d.key": "imagenet"}, {"p.id": "p3", "d.key": "imagenet"}]


def test_variable_length_relationships(q):
    rows = q("MATCH (m:Method {key: 'flownet'})<-[:PROPOSES]-(p:Paper)-[:MENTIONS]->(c) RETURN c.key")
    assert rows == [{"c.key": "invariance"}]
    hops = q("MATCH (p:Paper {id: 'p4'})-[r*1..1]->(t:Task) RETURN t.key, size(r) AS n")
    assert hops == [{"t.key": "time series forecasting", "n": 1}]
    # CO_OCCURS points from the smaller id: bert -> noisenet -> accuracy, bert -> accuracy
    one = q("MATCH (a:Method {key: 'bert'})-[:CO_OCCURS*1..1]->(b) RETURN b.key ORDER BY b.key")
    assert one == q("MATCH (a:Method {key: 'bert'})-[:CO_OCCURS]->(b) RETURN b.key ORDER BY b.key")
    assert col(one, "b.key") == ["accuracy", "noisenet"]
    two = q("MATCH (a:Method {key: 'bert'})-[r:CO_OCCURS*2..2]->(b) RETURN b.key, size(r) AS n")
    assert two == [{"b.key": "accuracy", "n": 2}]
    upto = q("MATCH (a:Method {key: 'bert'})-[:CO_OCCURS*1..2]->(b:Metric) RETURN count(*) AS paths")
    assert upto == [{"paths": 2}]


def test_anonymous_nodes_and_count_star(q, small_graph):
    assert q("MATCH (n) RETURN count(*) AS n") == [{"n": small_graph.number_of_nodes()}]
    assert q("MATCH (:Paper)-[:MENTIONS]->(:Concept) RETURN count(*) AS n") == [{"n": 6}]


# -- WHERE --------------------------------------------------------------------------

@pytest.mark.parametrize("where, expected", [
    ("p.year = 2023", ["p2", "p3"]),
    ("p.year <> 2023", ["p1", "p4", "p5"]),
    ("p.year != 2023", ["p1", "p4", "p5"]),
    ("p.year > 2023", ["p4", "p5"]),
    ("p.year >= 2024 AND p.n_authors < 3", ["p4"]),
    ("p.year < 2022 OR p.n_authors >= 5", ["p1", "p5"]),
    ("p.year = 2023 XOR p.n_authors = 4", ["p2"]),
    ("NOT p.year = 2023", ["p1", "p4", "p5"]),
    ("p.year IN [2021, 2024]", ["p1", "p4", "p5"]),
    ("NOT p.year IN [2021, 2024]", ["p2", "p3"]),
    ("p.title CONTAINS 'Diffusion'", ["p2", "p3"]),
    ("toLower(p.title) STARTS WITH 'flownet'", ["p4"]),
    ("p.title ENDS WITH \"Noise\"", ["p1", "p2"]),
    ("p.code_url IS NOT NULL", ["p1"]),
    ("p.code_url IS NULL AND p.year = 2023", ["p2", "p3"]),
    ("p.year - 2000 >= 24", ["p4", "p5"]),
    ("(p.year = 2021 OR p.year = 2024) AND p.n_authors > 2", ["p1", "p5"]),
    ("size(p.title) > 34", ["p1", "p4"]),
    ("coalesce(p.code_url, 'none') = 'none' AND p.year < 2023", []),
    ("p:Paper", ["p1", "p2", "p3", "p4", "p5"]),
])
def test_where_operators(q, where, expected):
    assert col(q(f"MATCH (p:Paper) WHERE {where} RETURN p.id ORDER BY p.id"), "p.id") == expected


def test_where_across_variables_and_relationship_properties(q):
    rows = q("MATCH (p:Paper)-[r:MENTIONS]->(c:Concept) WHERE p.year >= 2023 AND r.count = 1 AND c.key <> 'diffusion' "
             "RETURN p.id, c.key ORDER BY p.id, c.key")
    assert rows == [{"p.id": "p2", "c.key": "label noise"}, {"p.id": "p3", "c.key": "invariance"}, {"p.id": "p4", "c.key": "invariance"}]


def test_where_label_predicate_on_unlabelled_node(q):
    rows = q("MATCH (p:Paper {id: 'p5'})-->(e) WHERE e:Method OR e:Metric RETURN e.key ORDER BY e.key")
    assert col(rows, "e.key") == ["accuracy", "bert", "noisenet"]


def test_null_comparisons_are_not_true(q):
    assert q("MATCH (p:Paper) WHERE p.code_url = NULL RETURN p.id") == []
    assert q("MATCH (p:Paper) WHERE p.missing > 1 RETURN p.id") == []


# -- RETURN -------------------------------------------------------------------------

def test_return_nodes_and_relationships_as_property_dicts(q):
    [row] = q("MATCH (p:Paper {id: 'p1'})-[r:PROPOSES]->(m) RETURN m, r")
    assert row["m"] == {"label": "Method", "key": "noisenet", "name": "NoiseNet", "aliases": ["NoiseNet"], "papers": 2}
    assert row["r"] == {"type": "PROPOSES", "count": 1, "evidence": ["We propose NoiseNet for label noise."]}


def test_return_aliases_expressions_functions(q):
    [row] = q("MATCH (d:Dataset {key: 'cifar10'}) RETURN d.name AS name, toUpper(d.key) AS up, size(d.aliases) AS n, "
              "d.aliases[0] AS first, labels(d) AS labels, d.papers * 10 + 1 AS x, 'k=' + d.key AS s, "
              "toString(d.papers) AS t, [d.key, 1] AS l, {k: d.key} AS m, round(2.5) AS r, replace(d.name, '-', '') AS plain")
    assert row == {"name": "CIFAR-10", "up": "CIFAR10", "n": 2, "first": "CIFAR-10", "labels": ["Dataset"], "x": 21,
                   "s": "k=cifar10", "t": "2", "l": ["cifar10", 1], "m": {"k": "cifar10"}, "r": 3.0, "plain": "CIFAR10"}


def test_column_names_are_expression_text_when_not_aliased(q):
    [row] = q("MATCH (d:Dataset {key: 'cifar10'}) RETURN d.name, toLower( d.name ), count(*)")
    assert list(row) == ["d.name", "toLower( d.name )", "count(*)"]


def test_return_star_and_distinct(q):
    rows = q("MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset) RETURN DISTINCT d.key ORDER BY d.key")
    assert rows == [{"d.key": "cifar10"}, {"d.key": "imagenet"}]
    [row] = q("MATCH (m:Method {key: 'bert'}) RETURN *")
    assert list(row) == ["m"] and row["m"]["name"] == "BERT"


def test_aggregates(q):
    rows = q("MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset) RETURN d.key, count(p) AS n, count(DISTINCT p.year) AS years, "
             "collect(p.id) AS ids, collect(DISTINCT p.year) AS ys, sum(p.n_authors) AS authors, avg(p.year) AS mean, "
             "min(p.year) AS first, max(p.year) AS last ORDER BY d.key")
    first = dict(rows[0], ids=sorted(rows[0]["ids"]), ys=sorted(rows[0]["ys"]))  # collect order is unspecified, as in Neo4j
    assert first == {"d.key": "cifar10", "n": 2, "years": 2, "ids": ["p1", "p2"], "ys": [2021, 2023], "authors": 5,
                     "mean": 2022.0, "first": 2021, "last": 2023}
    assert rows[1]["n"] == 3 and rows[1]["years"] == 2 and sorted(rows[1]["ys"]) == [2023, 2024]


def test_aggregates_are_case_insensitive_and_global(q):
    assert q("MATCH (p:Paper) RETURN COUNT(p) AS a, Count(DISTINCT p.year) AS b, MAX(p.year) AS c") == [{"a": 5, "b": 3, "c": 2024}]
    assert q("MATCH (p:Paper {id: 'none'}) RETURN count(p) AS n, collect(p.id) AS ids, max(p.year) AS m") == [
        {"n": 0, "ids": [], "m": None}]


def test_order_by_aggregate_alias_and_unreturned_expression(q):
    expected = [{"d.name": "ImageNet", "count(p)": 3}, {"d.name": "CIFAR-10", "count(p)": 2}]
    assert q("MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset) RETURN d.name, count(p) ORDER BY count(p) DESC") == expected
    by_alias = q("MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset) RETURN d.name AS name, count(p) AS n ORDER BY n ASC")
    assert col(by_alias, "name") == ["CIFAR-10", "ImageNet"]
    hidden = q("MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset) RETURN d.name ORDER BY count(p) DESC")
    assert col(hidden, "d.name") == ["ImageNet", "CIFAR-10"]
    by_prop = q("MATCH (p:Paper) RETURN p.id ORDER BY p.n_authors DESC LIMIT 2")
    assert col(by_prop, "p.id") == ["p5", "p3"]


def test_order_by_several_keys_and_nulls(q):
    rows = q("MATCH (p:Paper) RETURN p.id, p.code_url ORDER BY p.code_url DESC, p.year ASC, p.id")
    assert col(rows, "p.id") == ["p2", "p3", "p4", "p5", "p1"]  # null is largest: first when descending
    rows = q("MATCH (p:Paper) RETURN p.id ORDER BY p.code_url, p.id")
    assert col(rows, "p.id") == ["p1", "p2", "p3", "p4", "p5"]


def test_skip_limit_literals_and_parameters(q):
    ids = "MATCH (p:Paper) RETURN p.id ORDER BY p.id"
    assert col(q(ids + " SKIP 1 LIMIT 2"), "p.id") == ["p2", "p3"]
    assert col(q(ids + " SKIP $s LIMIT $l", s=3, l=10), "p.id") == ["p4", "p5"]
    assert len(q("MATCH (p:Paper) RETURN p.id LIMIT 2")) == 2


def test_with_pipeline(q):
    rows = q("MATCH (p:Paper)-[:MENTIONS]->(c:Concept) WITH c, min(p.year) AS first, count(DISTINCT p) AS n "
             "WHERE first >= $since RETURN c.name AS concept, first, n ORDER BY concept", since=2023)
    assert rows == [{"concept": "diffusion", "first": 2023, "n": 2}, {"concept": "invariance", "first": 2023, "n": 2}]
    rows = q("MATCH (p:Paper) WITH DISTINCT p.year AS y ORDER BY y DESC LIMIT 2 RETURN y")
    assert col(rows, "y") == [2024, 2023]
    assert q("MATCH (m:Method {key: 'bert'}) WITH * RETURN m.key") == [{"m.key": "bert"}]


def test_comments_backticks_and_semicolon(q):
    rows = q("// methods\nMATCH (`m`:Method) /* all */ RETURN `m`.name AS `the name` ORDER BY `the name` LIMIT 1;")
    assert rows == [{"the name": "BERT"}]


def test_string_escapes(q, small_graph):
    small_graph.nodes["Paper:p1"]["title"] = 'It\'s "quoted" \\ done'
    assert q("MATCH (p:Paper) WHERE p.title = 'It\\'s \"quoted\" \\\\ done' RETURN p.id") == [{"p.id": "p1"}]
    assert q('MATCH (p:Paper) WHERE p.title CONTAINS "\\"quoted\\"" RETURN p.id') == [{"p.id": "p1"}]


def test_parameter_values_are_never_query_text(q):
    hostile = "x'}) DETACH DELETE n //"
    assert q("MATCH (p:Paper) WHERE p.title = $t RETURN p.id", t=hostile) == []
    assert q("MATCH (d:Dataset {key: $k}) RETURN d.key", k='cifar10"}) RETURN 1 //') == []
    assert q("MATCH (p:Paper) WHERE p.year IN $ys RETURN count(*) AS n", ys=[2023]) == [{"n": 2}]


# -- errors ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "CREATE (n:Method {key: 'x'})",
    "MATCH (n) SET n.name = 'x' RETURN n",
    "MATCH (n) DELETE n",
    "MATCH (n) DETACH DELETE n",
    "MERGE (n:Method {key: 'x'}) RETURN n",
    "MATCH (n) REMOVE n.name RETURN n",
    "MATCH (n) FOREACH (x IN [1] | SET n.a = x)",
    "DROP INDEX foo",
])
def test_write_clauses_are_rejected(q, text):
    with pytest.raises(ReadOnlyError, match="read-only"):
        q(text)


@pytest.mark.parametrize("text, construct", [
    ("MATCH p = shortestPath((a)-[*]-(b)) RETURN p", "shortestPath is not supported on the embedded store; use `kg path"),
    ("MATCH p = allShortestPaths((a)-[*]-(b)) RETURN p", "allShortestPaths"),
    ("MATCH (n) OPTIONAL MATCH (n)-->(m) RETURN n", "OPTIONAL MATCH"),
    ("MATCH (n) UNWIND n.aliases AS a RETURN a", "UNWIND"),
    ("MATCH (n) RETURN n UNION MATCH (m) RETURN m", "UNION"),
    ("CALL db.labels()", "CALL"),
    ("MATCH (n) CALL { MATCH (m) RETURN m } RETURN n", "CALL"),
    ("LOAD CSV FROM 'x' AS row RETURN row", "LOAD CSV"),
    ("EXPLAIN MATCH (n) RETURN n", "EXPLAIN"),
    ("MATCH (n) WITH n MATCH (n)-->(m) RETURN m", "MATCH after WITH"),
    ("MATCH (n) RETURN CASE WHEN n.papers > 1 THEN 1 ELSE 0 END", "CASE"),
    ("MATCH (n) WHERE EXISTS { MATCH (n)-->() } RETURN n", "EXISTS {…} subqueries"),
    ("MATCH (n) RETURN COUNT { (n)-->() } AS c", "COUNT {…} subqueries"),
    ("MATCH (n) WHERE (n)-->(:Method) RETURN n", "pattern expressions"),
    ("MATCH (n) RETURN [x IN n.aliases | toLower(x)]", "list comprehensions"),
    ("MATCH (n) RETURN n {.name}", "map projections"),
    ("MATCH (n) WHERE n.name =~ 'B.*' RETURN n", "regular expressions (=~)"),
    ("MATCH (a)-[*]->(b) RETURN b", "unbounded variable-length"),
    ("MATCH (a)-[*1..]->(b) RETURN b", "unbounded variable-length"),
    ("MATCH (a)-[*1..50]->(b) RETURN b", "min <= max <= 10"),
    ("MATCH (a)-[*1..2]-(b) RETURN b", "undirected variable-length"),
    ("MATCH p = (a)-->(b) RETURN p", "path variables"),
    ("MATCH (n:Method:Concept) RETURN n", "joined with ':'"),
    ("MATCH (n) RETURN levenshtein(n.name, 'x')", "function levenshtein() is not supported"),
    ("MATCH (n) RETURN id(n)", "id() is not supported"),
    ("MATCH (n) WHERE exists(n.name) RETURN n", "IS NOT NULL"),
    ("MATCH (n) RETURN n.aliases[0..1]", "list slices"),
    ("MATCH (n:`Odd Label`) RETURN n", "not a plain identifier"),
    ("MATCH (a)-[r]->(b)-[r]->(c) RETURN a", "relationship variable used twice"),
    ("MATCH (a)--(b)--(c)--(d)--(e)--(f) RETURN a", "undirected relationships"),
])
def test_unsupported_constructs_are_named(q, text, construct):
    with pytest.raises(UnsupportedCypher) as err:
        q(text)
    assert construct in str(err.value)


@pytest.mark.parametrize("text, params, message", [
    ("MATCH (n) WHERE n.key = $k RETURN n", {}, "missing parameter $k"),
    ("MATCH (n {name: 'open}) RETURN n", {}, "unterminated string at line 1, column 17"),
    ("MATCH (n) RETURN n ? 1", {}, "unexpected character '?'"),
    ("MATCH (n RETURN n", {}, "expected ')' at line 1, column 10"),
    ("MATCH (n)\nRETURN n ORDER BY", {}, "expected an expression at the end of the query"),
    ("RETURN 1", {}, "must start with MATCH"),
    ("MATCH (n)", {}, "expected RETURN"),
    ("MATCH (n) RETURN n LIMIT -1", {}, "non-negative integer"),
    ("MATCH (n) RETURN n LIMIT $l", {"l": "ten"}, "non-negative integer"),
    ("MATCH (n) RETURN m.name", {}, "variable `m` in RETURN is not defined"),
    ("MATCH (n) WHERE m.x = 1 RETURN n", {}, "variable `m` in WHERE is not defined"),
    ("MATCH (n) WITH n.name RETURN n", {}, "must be aliased"),
    ("MATCH (n) WITH n.key AS k RETURN n", {}, "variable `n` in RETURN is not defined"),
    ("MATCH (n) WHERE count(n) > 1 RETURN n", {}, "not allowed in WHERE"),
    ("MATCH (n) RETURN n.key AS a, n.name AS a", {}, "two columns named the same"),
    ("MATCH (n:Paper) RETURN -n.title", {}, "cannot negate a string"),
    ("MATCH (n:Paper) RETURN n.year / 0", {}, "division by zero"),
    ("MATCH (n:Paper) RETURN sum(n.title)", {}, "sum() expects numbers"),
    ("MATCH (n:Paper) RETURN count(max(n.year))", {}, "cannot be nested"),
    ("MATCH (n:Paper) RETURN substring(n.title)", {}, "substring() takes 2 to 3 argument(s)"),
    ("MATCH (n:Paper) RETURN toLower(n.year)", {}, "toLower() expects a string"),
    ("MATCH (n:Paper) RETURN n.title AND true", {}, "AND expects a boolean"),
    ("MATCH (n:Paper) RETURN n RETURN n", {}, "unexpected text after RETURN"),
    ("MATCH (a)<-[r]->(b) RETURN a", {}, "cannot point both ways"),
    ("MATCH (n)-[r]->(m) WHERE r:Method RETURN n", {}, "label check needs a node"),
])
def test_errors_are_clear(q, text, params, message):
    with pytest.raises(CypherError) as err:
        q(text, **params)
    assert message in str(err.value)
    assert isinstance(err.value, QueryError)


# -- safety and correctness ----------------------------------------------------------------

def _digest(G):
    return hashlib.sha256(json.dumps(nx.node_link_data(G, edges="edges"), sort_keys=True, default=str).encode()).hexdigest()


def test_cypher_never_mutates_the_store(tmp_path, small_graph):
    store = open_store(tmp_path / "s")
    store.write_graph(small_graph)
    before_file = store.graph_file.read_bytes()
    G = store.read_graph()
    before = _digest(G)
    backend = NetworkXBackend(G, store.location)
    rows = backend.cypher("MATCH (p:Paper)-[r]->(e) RETURN p, r, e, e.aliases AS aliases, collect(r.evidence) AS ev")
    for row in rows:  # callers scribbling on results must not reach the graph
        row["p"]["title"] = "changed"
        row["r"]["evidence"].append("injected")
        row["aliases"].append("injected")
        row["e"]["aliases"].clear()
    for text in ("MATCH (n) DETACH DELETE n", "MATCH (n) SET n.name = 'x' RETURN n", "CREATE (n:Method {key: 'x'})"):
        with pytest.raises(ReadOnlyError):
            backend.cypher(text)
    backend.cypher("MATCH (a)-[r:CO_OCCURS]-(b) RETURN a, r, b")
    assert _digest(G) == before
    assert all("__labels__" not in d for _, d in G.nodes(data=True))
    assert all("__labels__" not in d for *_, d in G.edges(data=True))
    assert store.graph_file.read_bytes() == before_file


def test_results_match_a_direct_count_on_a_synthetic_graph():
    G = make_synthetic_graph(300, seed=3)
    rows = run_cypher(G, "MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset) RETURN d.key AS key, count(DISTINCT p) AS n")
    expected = Counter(G.nodes[v]["key"] for u, v, k in G.edges(keys=True) if k == "EVALUATES_ON")
    assert {r["key"]: r["n"] for r in rows} == dict(expected)
    hub = max(expected, key=expected.get)
    rows = run_cypher(G, "MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset {key: $k}) MATCH (p)-[:MENTIONS]->(c:Concept) "
                         "RETURN c.key AS c, count(*) AS n", {"k": hub})
    direct = Counter()
    for p in G.pred[f"Dataset:{hub}"]:
        for c, keys in G.succ[p].items():
            if "MENTIONS" in keys:
                direct[G.nodes[c]["key"]] += 1
    assert {r["c"]: r["n"] for r in rows} == dict(direct)


def test_prefilter_narrows_the_view(small_graph):
    engine = CypherEngine(small_graph)
    engine.run("MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset {key: 'cifar10'}) MATCH (p)-[:PROPOSES]->(m) RETURN p.id")
    # only p1 both evaluates on CIFAR-10 and proposes something: 3 nodes, 2 edges reach grand-cypher
    assert (engine.last["view_nodes"], engine.last["view_edges"], engine.last["matches"]) == (3, 2, 1)


ONE_HOP = [
    "MATCH (n) RETURN n.key AS k",
    "MATCH (c:Concept) WHERE c.papers > 1 RETURN c.key AS k",
    "MATCH (p:Paper)-[:MENTIONS]->(c:Concept) RETURN p.id AS p, c.key AS c",
    "MATCH (p:Paper)-[r]->(e) WHERE p.year >= 2023 RETURN p.id AS p, e.key AS e, type(r) AS t",
    "MATCH (e)<-[r:PROPOSES|USES]-(p) RETURN p.id AS p, e.key AS e, r.evidence AS ev",
    "MATCH (a:Concept)-[r:CO_OCCURS]-(b) RETURN a.key AS a, b.key AS b, r.strength AS s",
    "MATCH (a)-[:CO_OCCURS]-(b:Dataset {key: 'imagenet'}) RETURN a.key AS a",
    "MATCH (p:Paper)-->(e:Method) RETURN e.key AS e, count(*) AS n",
]


@pytest.mark.parametrize("text", ONE_HOP)
def test_one_hop_fast_path_gives_grand_cyphers_rows(small_graph, text):
    fast, slow = CypherEngine(small_graph), CypherEngine(small_graph, fast_paths=False)
    a, b = fast.run(text), slow.run(text)
    assert fast.last.get("fast_path") and not slow.last.get("fast_path")
    key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731  (row order is unspecified without ORDER BY)
    assert sorted(a, key=key) == sorted(b, key=key) and a


def test_parallel_relationships_between_one_pair_are_separate_rows(small_graph):
    from kg.graph import link_paper

    link_paper(small_graph, "Paper:p1", "Method:noisenet", "USES", evidence=["NoiseNet is used."])
    rows = run_cypher(small_graph, "MATCH (p:Paper {id: 'p1'})-[r]->(m:Method) RETURN type(r) AS t, r.evidence AS ev ORDER BY t")
    assert rows == [{"t": "PROPOSES", "ev": ["We propose NoiseNet for label noise."]}, {"t": "USES", "ev": ["NoiseNet is used."]}]
    assert run_cypher(small_graph, "MATCH (p:Paper)-->(m:Method {key: 'noisenet'}) RETURN count(*) AS n") == [{"n": 3}]


def test_list_literals_and_odd_parameter_values(q):
    assert q("MATCH (m:Method {key: 'bert'}) RETURN [1, 2] AS l, m.key ORDER BY m.key, [1, 2]") == [{"l": [1, 2], "m.key": "bert"}]
    assert q("MATCH (d:Dataset {key: $k}) RETURN d.key", k=["cifar10"]) == []  # a list never equals a key
    assert q("MATCH (d:Dataset) WHERE d.key = $k RETURN d.key", k={"a": 1}) == []
    with pytest.raises(CypherError, match="IN expects a list"):
        q("MATCH (d:Dataset) WHERE d.key IN $k RETURN d.key", k="cifar10")
