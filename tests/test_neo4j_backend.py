"""The Neo4j query backend returns what the NetworkX backend returns, on a real Bolt server."""

from __future__ import annotations

import random

import pytest

from kg.core.graph import add_cooccurrence, add_entity, add_paper, add_text_relation, link_paper, new_graph
from kg.core.papers import Paper
from kg.store.neo4j_store import open_neo4j_store
from queries import CypherBackend, api, open_backend
from queries.cypher_backend import MAX_SHORTEST_PATHS
from queries.dialect import write_clause
from queries.errors import CypherError, NotFound, ReadOnlyError
from queries.named_queries import load_catalogue, run_named
from queries.schema import DEFAULT_PAPER_REL, ENTITY_LABELS, OUTPERFORMS, PROPOSES
from tests.fixtures.graphs import graph_backend


def random_graph(seed: int, n_papers: int = 40, n_entities: int = 30):
    """A random schema graph with ties everywhere: shared paper counts, equal
    strengths, papers without a year, names with quotes, two components."""
    rng = random.Random(seed)
    G = new_graph()
    for i in range(n_papers):
        year = rng.choice([2019, 2020, 2021, 2021, None])
        add_paper(
            G,
            Paper(
                id=f"p{i:02d}",
                title=rng.choice(["Same title", f"Paper {i}", f"It's paper {i}"]),
                abstract="A.",
                year=year,
                date=f"{year}-01-01" if year else None,
            ),
        )
    entities = []
    for j in range(n_entities):
        label = ENTITY_LABELS[j % len(ENTITY_LABELS)]
        key = rng.choice([f"e{j}", f"shared {j % 4}", f"o'k {j}"])
        if (label, key) in {(e[0], e[1]) for e in entities}:
            key = f"{key} {j}"
        entities.append((label, key))
        add_entity(G, label, key, key.title(), aliases=[key, key.upper()])
    by_entity: dict[str, set[str]] = {}
    for i in range(n_papers):
        # the last five papers only link the last five entities: a second component
        pool = entities[-5:] if i >= n_papers - 5 else entities[:-5]
        for label, key in rng.sample(pool, rng.randint(1, 4)):
            nid = f"{label}:{key}"
            rel = PROPOSES if rng.random() < 0.15 and label in ("Method", "Dataset") else DEFAULT_PAPER_REL[label]
            link_paper(
                G, f"Paper:p{i:02d}", nid, rel, count=1, evidence=[f"Sentence {i} about {key}.", "Shared sentence."]
            )
            by_entity.setdefault(nid, set()).add(f"p{i:02d}")
    for nid, pids in by_entity.items():
        G.nodes[nid]["papers"] = len(pids)
    ids = sorted(by_entity)
    for a_i, a in enumerate(ids):
        for b in ids[a_i + 1 :]:
            shared = len(by_entity[a] & by_entity[b])
            if shared:
                add_cooccurrence(G, a, b, shared, round(shared * n_papers / (len(by_entity[a]) * len(by_entity[b])), 3))
    # a text relation across the two components: paths go through papers only, on both stores
    methods = [f"{label}:{key}" for label, key in entities if label == "Method"]
    add_text_relation(G, methods[0], methods[-1], OUTPERFORMS, ["p00"], ["A beats B."])
    return G


def compare_all(nx_backend, neo_backend) -> None:
    """Every protocol method, over every entity, gives identical results."""
    ids = [e["id"] for e in nx_backend.entities()]
    assert ids, "no entities: every comparison below would pass on nothing"
    assert neo_backend.entities() == nx_backend.entities()
    for label in (None, *ENTITY_LABELS):
        for n in (1, 3, 100):
            assert neo_backend.top(label, n) == nx_backend.top(label, n), (label, n)
    for e in ids:
        assert neo_backend.show(e) == nx_backend.show(e), e
        for label in (None, "Concept"):
            assert neo_backend.related(e, label, 4) == nx_backend.related(e, label, 4), e
    for filters in ([], ids[:1], ids[1:3], ids[::7]):
        for years in ((None, None), (2020, None), (None, 2020), (2020, 2021)):
            assert neo_backend.papers(filters, *years) == nx_backend.papers(filters, *years), (filters, years)
    for name in ("SHARED 1", "o'k", "nothing like it", "e3"):
        assert neo_backend.resolve(name) == nx_backend.resolve(name)
        assert neo_backend.suggest(name) == nx_backend.suggest(name)


def compare_paths(nx_backend, neo_backend, pairs, hops=(1, 2, 6)) -> None:
    for a, b in pairs:
        for h in hops:
            assert neo_backend.path(a, b, h) == nx_backend.path(a, b, h), (a, b, h)


@pytest.fixture
def neo(bolt_env):
    """A function writing a graph to the server and returning its Cypher backend."""
    opened = []

    def make(G, **kwargs):
        store = open_neo4j_store()
        store.write_graph(G)
        backend = CypherBackend(store, **kwargs)
        opened.append(backend)
        return backend

    yield make
    for b in opened:
        b.close()


def test_fixture_graph_gives_identical_answers(neo, small_graph):
    compare_all(graph_backend(small_graph), neo(small_graph))


@pytest.mark.parametrize("seed", [1, 2])
def test_random_graphs_with_ties_give_identical_answers(neo, seed):
    G = random_graph(seed)
    compare_all(graph_backend(G), neo(G))


@pytest.mark.parametrize("strategy", ["shortest", "bfs", "auto"])
def test_paths_are_identical_with_each_strategy(neo, strategy):
    G = random_graph(3)
    nxb, b = graph_backend(G), neo(G, path_strategy=strategy)
    ids = [e["id"] for e in nxb.entities()]
    rng = random.Random(5)
    pairs = [(ids[0], ids[-1]), (ids[-1], ids[-2]), (ids[2], ids[2])] + [tuple(rng.sample(ids, 2)) for _ in range(12)]
    compare_paths(nxb, b, pairs)
    assert b.path(ids[0], ids[-1]) is None  # the two components never meet
    if strategy != "auto":
        b.path(ids[1], ids[4])
        assert b.last_path_strategy == strategy


def test_too_many_shortest_paths_fall_back_to_bfs(neo, monkeypatch):
    import queries.cypher_backend as mod

    G = random_graph(4)
    nxb, b = graph_backend(G), neo(G)
    monkeypatch.setattr(mod, "MAX_SHORTEST_PATHS", 0)
    ids = [e["id"] for e in nxb.entities()]
    a, c = next((a, c) for a in ids for c in ids if a != c and nxb.path(a, c) and len(nxb.path(a, c)["hops"]) >= 2)
    assert b.path(a, c) == nxb.path(a, c)
    assert b.last_path_strategy == "bfs"
    assert MAX_SHORTEST_PATHS > 0


def test_server_without_all_shortest_paths_falls_back(neo, small_graph):
    b = neo(small_graph)
    real_read = b.conn.read

    def refuse(query, *args, **kwargs):
        if "allShortestPaths" in query:
            from kg.store import StoreError

            raise StoreError("unsupported")
        return real_read(query, *args, **kwargs)

    b.conn.read = refuse
    assert b.path("Method:bert", "Concept:diffusion") == graph_backend(small_graph).path(
        "Method:bert", "Concept:diffusion"
    )
    assert b.last_path_strategy == "bfs"


def test_every_catalogue_query_runs_unchanged_with_identical_rows(neo, small_graph):
    nxb, b = graph_backend(small_graph), neo(small_graph)
    values = {"Concept": "diffusion", "Method": "NoiseNet", "Dataset": "ImageNet", "Task": "image classification"}
    catalogue = load_catalogue()
    assert len(catalogue) >= 5
    nonempty = 0
    for q in catalogue.values():
        params = {p.name: values[p.type] for p in q.params if p.type in values}
        if q.name == "papers_linking_concepts":
            params = {"a": "label noise", "b": "diffusion"}
        if q.name in ("co_citation", "bibliographic_coupling"):  # the small graph has no citations: empty on both
            params = {"paper": "p1"}
        rows = run_named(b, q.name, params)
        assert rows == run_named(nxb, q.name, params), q.name
        nonempty += bool(rows)
    assert nonempty >= 5


def test_api_functions_and_not_found_behave_the_same(neo, small_graph):
    nxb, b = graph_backend(small_graph), neo(small_graph)
    assert api.path(b, "NoiseNet", "diffusion") == api.path(nxb, "NoiseNet", "diffusion")
    assert api.papers(b, dataset=["CIFAR10"], year_from=2022) == api.papers(nxb, dataset=["CIFAR10"], year_from=2022)
    with pytest.raises(NotFound) as err:
        api.show(b, "noisenett")
    assert "NoiseNet" in str(err.value)
    with pytest.raises(NotFound):
        b.show("Method:nope")


def test_open_backend_dispatches_on_the_store(bolt_env, small_graph):
    store = open_neo4j_store()
    store.write_graph(small_graph)
    backend = open_backend(store)
    try:
        assert (
            isinstance(backend, CypherBackend)
            and backend.dialect.name == "neo4j"
            and backend.location == store.location
        )
    finally:
        backend.close()


# -- kg cypher on Neo4j ----------------------------------------------------------


def test_cypher_rows_match_the_embedded_store(neo, small_graph):
    nxb, b = graph_backend(small_graph), neo(small_graph)
    queries = [
        (
            "MATCH (p:Paper) WHERE p.year >= $y RETURN p.title AS title, p.year AS year ORDER BY year, title",
            {"y": 2023},
        ),
        ("MATCH (p:Paper {key: 'p2'}) RETURN p", {}),
        ("MATCH (m:Method)<-[r:USES]-(p:Paper) RETURN m.name AS method, r.evidence AS ev, r ORDER BY method", {}),
        ("MATCH (c:Concept) WHERE $alias IN c.aliases RETURN c.key AS key", {"alias": "noisy labels"}),
    ]
    for query, params in queries:
        expected = nxb.cypher(query, params)
        assert expected, query  # rows to compare, not two empty answers
        assert b.cypher(query, params) == expected, query


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n:Method {key: 'evil', name: 'Evil'})",
        "MATCH (m:Method {key: 'bert'}) SET m.name = 'changed'",
        "MATCH (m:Method {key: 'bert'}) DETACH DELETE m",
        "MERGE (n:Concept {key: 'evil'})",
        "match (m:Method) remove m.aliases",
        "CALL db.idx.fulltext.createNodeIndex('Paper', 'title')",
    ],
)
def test_cypher_without_write_cannot_change_the_server(neo, small_graph, query):
    b = neo(small_graph)
    before = b.conn.read_graph()
    with pytest.raises(ReadOnlyError, match="write clause; queries run read-only"):
        b.cypher(query)
    after = b.conn.read_graph()
    assert dict(after.nodes(data=True)) == dict(before.nodes(data=True))
    assert sorted(after.edges(keys=True)) == sorted(before.edges(keys=True))


def test_falkordb_does_not_enforce_read_transactions_so_the_guard_is_needed(neo, small_graph):
    """What the client-side guard protects against: a CREATE sent in a READ transaction."""
    b = neo(small_graph)
    with b.conn.session(read=True) as session:
        session.execute_read(lambda tx: tx.run("CREATE (:Method {key: 'sneaky'})").consume())
    assert b.conn.read("MATCH (m:Method {key: 'sneaky'}) RETURN count(m) AS n")[0]["n"] == 1


def test_cypher_with_write_changes_the_server(neo, small_graph):
    b = neo(small_graph)
    rows = b.cypher(
        "MATCH (m:Method {key: $k}) SET m.note = $note RETURN m.note AS note", {"k": "bert", "note": "it's"}, write=True
    )
    assert rows == [{"note": "it's"}]
    assert b.conn.read_graph().nodes["Method:bert"]["note"] == "it's"


def test_cypher_errors_are_one_clear_cypher_error(neo, small_graph):
    b = neo(small_graph)
    with pytest.raises(CypherError, match="Cypher failed") as err:
        b.cypher("MATCH (n RETURN n")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    "query, clause",
    [
        ("MATCH (n) RETURN n.set, n.`create` // DELETE it", None),
        ("MATCH (n {note: \"MERGE\"}) RETURN 'SET' AS s", None),
        ("MATCH (n:Set) RETURN n", None),
        ("match (n) set n.x = 1", "SET"),
        ("FOREACH (x IN [1] | CREATE (:A))", "FOREACH"),
        ("MATCH (n) /* CREATE */ DETACH DELETE n", "DETACH"),
        ("CALL db.labels()", None),
    ],
)
def test_write_clause_detection(query, clause):
    assert write_clause(query) == clause


def test_paper_cards_and_search_are_the_same_on_the_server(neo, small_graph):
    from kg.present.paper_card import paper_card, search_papers

    embedded, server = graph_backend(small_graph), neo(small_graph)
    for paper in ("p1", "Paper:p3", small_graph.nodes["Paper:p2"]["title"]):
        assert paper_card(server, paper) == paper_card(embedded, paper)
    assert search_papers(server, "cifar-10") == search_papers(embedded, "cifar-10") != []
    with pytest.raises(NotFound):
        paper_card(server, "no such paper at all")
