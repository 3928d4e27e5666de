"""The exported Cypher script, run on a real Bolt server (FalkorDB), recreates the subgraph."""

from collections import Counter

import neo4j
import pytest

from bench.support.bolt_server import PASSWORD, USER
from kg.core.graph import add_entity, add_paper, link_paper
from kg.core.papers import Paper
from kg.present.export.cypher import statements
from kg.present.select import Selection, select


@pytest.fixture
def session(bolt_env):
    """One driver and one session for the whole test: FalkorDB's Bolt server may hang
    on the handshake after a connection was closed (see bench/support/bolt_server.py)."""
    with neo4j.GraphDatabase.driver(bolt_env["uri"], auth=(USER, PASSWORD)) as driver:
        with driver.session(database=bolt_env.get("database")) as s:  # the fixture empties the default graph
            yield s


def _run_script(session, lines):
    for line in lines:
        session.run(line.rstrip(";")).consume()


def _read(session, query, **params):
    return [r.data() for r in session.run(query, params)]


@pytest.fixture
def graph(small_graph):
    G = small_graph
    p = add_paper(
        G,
        Paper(
            id="p6",
            title='It\'s a \\ test: "quotes" & ünïcode',
            abstract="Line one.\nLine 'two'.",
            year=2022,
            authors=["Ada O'Neil"],
            url="https://example.org/p6",
        ),
    )
    m = add_entity(G, "Method", "o'brien net", "O'Brien-Net `x`", aliases=["O'Brien-Net", "OBN; v2"], papers=1)
    link_paper(G, p, m, "PROPOSES", count=2, evidence=["We propose O'Brien-Net; it is\nnew.", "A \\ backslash."])
    return G


def test_cypher_script_recreates_the_subgraph(session, graph):
    sel = select(graph, Selection(around=["noisenet", "o'brien net"], depth=1))
    lines = list(statements(sel))
    _run_script(session, lines)

    nodes = {r["l"]: r["c"] for r in _read(session, "MATCH (n) RETURN labels(n)[0] AS l, count(n) AS c")}
    rels = {r["t"]: r["c"] for r in _read(session, "MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS c")}
    assert nodes == dict(Counter(d["label"] for _, d in sel.nodes(data=True)))
    assert rels == dict(Counter(k for _, _, k in sel.edges(keys=True)))

    # values with quotes, backslashes, newlines and lists come back exactly
    row = _read(
        session,
        "MATCH (p:Paper {key: $k})-[r:PROPOSES]->(m:Method) RETURN p.title AS t, p.abstract AS a, "
        "p.authors AS au, m.name AS name, m.aliases AS al, r.evidence AS ev, r.count AS c",
        k="p6",
    )[0]
    assert row == {
        "t": graph.nodes["Paper:p6"]["title"],
        "a": "Line one.\nLine 'two'.",
        "au": ["Ada O'Neil"],
        "name": "O'Brien-Net `x`",
        "al": ["O'Brien-Net", "OBN; v2"],
        "ev": ["We propose O'Brien-Net; it is\nnew.", "A \\ backslash."],
        "c": 2,
    }
    expected = sel.edges["Method:bert", "Method:noisenet", "CO_OCCURS"]  # stored smaller id first
    co = _read(
        session,
        "MATCH (a:Method {key: 'bert'})-[r:CO_OCCURS]->(b:Method {key: 'noisenet'}) RETURN r.strength AS s, r.papers AS n",
    )
    assert co == [{"s": pytest.approx(expected["strength"]), "n": expected["papers"]}]

    # MERGE: running the script again changes nothing
    _run_script(session, lines)
    assert {r["l"]: r["c"] for r in _read(session, "MATCH (n) RETURN labels(n)[0] AS l, count(n) AS c")} == nodes
    assert {r["t"]: r["c"] for r in _read(session, "MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS c")} == rels
