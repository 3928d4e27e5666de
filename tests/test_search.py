"""`kg papers --search`: the query language, the FTS5 index beside the graph, ranking, stale indexes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.core.errors import LinkRefused
from kg.core.graph import add_paper, new_graph
from kg.core.papers import Paper
from kg.present.paper_card import search_page, search_papers
from kg.store import EmbeddedStore, MemoryStore
from kg.store.search_index import INDEX_FILE
from kg.store.search_query import parse, terms_of, to_fts5
from queries import open_backend
from queries.errors import QueryError

runner = CliRunner()

PAPERS = [
    Paper(id="a", title="Label Noise in the Wild", abstract="We study label noise. Robust losses help.", year=2021),
    Paper(id="b", title="Robust Training", abstract="Noise in the label of an image. We fix it.", year=2023),
    Paper(id="c", title="Synthetic Label Noise Benchmarks", abstract="Synthetic label noise.", year=2024),
    Paper(id="d", title="Café Diffusion", abstract="Diffusion models for coffee images, e.g. CIFAR-10.", year=2022),
    Paper(id="e", title="Sparse Probing", abstract="Probing sparse autoencoders; label noise once.", year=None),
]


def graph(papers=PAPERS):
    G = new_graph()
    for p in papers:
        add_paper(G, p)
    return G


@pytest.fixture
def store(tmp_path):
    s = EmbeddedStore(tmp_path / "st")
    s.write_graph(graph())
    return s


def ids(rows):
    return [r["id"].removeprefix("Paper:") for r in rows]


# --- the query language -----------------------------------------------------------------


@pytest.mark.parametrize(
    "query, fts",
    [
        ('"label noise"', '("label noise")'),
        ("label noise", '(("label") AND ("noise"))'),
        ("a OR b", '(("a") OR ("b"))'),
        ("a -b", '((("a")) NOT ("b"))'),
        ("a NOT title:b", '((("a")) NOT ({title} : ("b")))'),
        ("abstract:(x OR y)", '({abstract} : (("x") OR ("y")))'),
        ("nois*", '("nois" *)'),
        ('say "hi ""there', '(("say") AND ("hi ") AND ("there"))'),
    ],
)
def test_queries_translate_to_quoted_fts5(query, fts):
    assert to_fts5(query) == fts


@pytest.mark.parametrize(
    "query, message",
    [
        ("NOT a", "NOT needs something"),
        ("a OR", "OR needs a term"),
        ("(a", "without ')'"),
        ("a)", "unexpected ')'"),
        ("title:", "term is missing"),
        ('""', "at least one word"),
        ("  ", "at least one word"),
    ],
)
def test_bad_queries_are_one_clear_error(query, message):
    with pytest.raises(QueryError) as exc:
        to_fts5(query)
    assert message in str(exc.value)


@pytest.mark.parametrize(
    "hostile",
    [
        "NEAR(a b, 2)",
        "a AND",
        "^title",
        "title : x",
        "{title abstract}: x",
        'x"*',
        "* a",
        "a + b",
        "a' OR '1'='1",
        "col:x",
        '"a" "b" OR',
        "((((a))))",
        "abstract:title:x",
        "\x00 a",
        "AND OR NOT",
        "-",
        "a --b",
    ],
)
def test_hostile_text_is_searched_as_words_or_refused_never_run_as_fts5_syntax(hostile):
    db = sqlite3.connect(":memory:")
    from kg.store.search_index import fill_index, search

    fill_index(db, [dict(p.to_dict(), key=p.id) for p in PAPERS], "-")
    try:
        search(db, hostile)
    except QueryError as exc:
        assert "failed" not in str(exc)  # refused by the parser, not an FTS5 syntax error


def test_terms_of_leaves_out_excluded_terms():
    assert terms_of('"label noise" OR title:robust NOT synthetic') == ["label noise", "robust"]
    assert parse("x").text == "x"


# --- searching a store ----------------------------------------------------------------------


def test_phrase_needs_the_words_together_and_words_need_only_all_of_them(store):
    b = open_backend(store)
    assert set(ids(search_papers(b, '"label noise"'))) == {"a", "c", "e"}
    assert set(ids(search_papers(b, "label noise"))) == {"a", "b", "c", "e"}  # b: "Noise in the label"


def test_or_not_and_fields(store):
    b = open_backend(store)
    assert set(ids(search_papers(b, "coffee OR probing"))) == {"d", "e"}
    assert set(ids(search_papers(b, '"label noise" NOT synthetic'))) == {"a", "e"}
    assert set(ids(search_papers(b, '"label noise" -synthetic'))) == {"a", "e"}
    assert set(ids(search_papers(b, 'title:"label noise"'))) == {"a", "c"}
    assert set(ids(search_papers(b, "abstract:robust"))) == {"a"}
    assert set(ids(search_papers(b, "title:robust"))) == {"b"}
    assert set(ids(search_papers(b, "cafe"))) == {"d"}  # accent-blind
    assert set(ids(search_papers(b, "cifar-10"))) == {"d"}
    assert set(ids(search_papers(b, "spar*"))) == {"e"}
    assert search_papers(b, "label kiteseg") == []  # AND by default


def test_ranked_by_relevance_title_hits_first(store):
    hits = search_papers(open_backend(store), '"label noise"')
    assert ids(hits)[-1] == "e"  # only once, in a long abstract
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"] > 0
    assert hits[0]["evidence"] and all("label noise" in s.lower() for s in hits[0]["evidence"])


def test_pages_years_and_totals(store):
    b = open_backend(store)
    page = search_page(b, "label", limit=2, offset=1)
    assert page["total"] == 4 and len(page["papers"]) == 2 and page["offset"] == 1
    assert ids(search_page(b, "label")["papers"])[1:3] == ids(page["papers"])
    assert set(ids(search_papers(b, "label", year_from=2022))) == {"b", "c"}  # no year: left out
    assert set(ids(search_papers(b, "label", year_to=2021))) == {"a"}


def test_build_writes_the_index_beside_the_graph_and_search_reads_it_as_is(store):
    assert (store.path / INDEX_FILE).is_file()
    before = os.stat(store.path / INDEX_FILE).st_mtime_ns
    db = store.search_index()
    assert store.index_note is None and db.execute("SELECT count(*) FROM papers").fetchone()[0] == 5
    assert os.stat(store.path / INDEX_FILE).st_mtime_ns == before


def test_a_missing_index_is_rebuilt_on_first_search(store):
    (store.path / INDEX_FILE).unlink()
    b = open_backend(store)
    assert set(ids(search_papers(b, "coffee"))) == {"d"}
    assert "rebuilt (5 papers)" in store.index_note
    assert (store.path / INDEX_FILE).is_file()
    store.search_index()
    assert store.index_note is None  # now current


def test_a_write_query_makes_the_index_stale_and_search_sees_the_new_text(store):
    b = open_backend(store)
    b.cypher("MATCH (p:Paper {key: 'b'}) SET p.title = 'Kiteseg Training'", {}, write=True)
    assert ids(search_papers(b, "kiteseg")) == ["b"]
    assert "rebuilt" in store.index_note


def test_a_rebuilt_graph_replaces_the_index(store):
    store.write_graph(graph(PAPERS[:2]))
    assert set(ids(search_papers(open_backend(store), "label"))) == {"a", "b"}
    assert store.index_note is None


def test_store_being_written_elsewhere_searches_an_index_in_memory(store):
    (store.path / INDEX_FILE).unlink()
    other = EmbeddedStore(store.path)
    with other.writing():
        assert set(ids(search_papers(open_backend(store), "coffee"))) == {"d"}
    assert "in memory" in store.index_note and not (store.path / INDEX_FILE).exists()


def test_a_link_planted_as_the_index_is_refused(store, tmp_path):
    (store.path / INDEX_FILE).unlink()
    (tmp_path / "elsewhere.sqlite").write_text("")
    (store.path / INDEX_FILE).symlink_to(tmp_path / "elsewhere.sqlite")
    with pytest.raises(LinkRefused):
        store.search_index()


def test_memory_store_and_stale_temporaries(tmp_path):
    assert set(ids(search_papers(open_backend(MemoryStore(graph())), "coffee"))) == {"d"}
    s = EmbeddedStore(tmp_path / "st")
    s.write_graph(graph())
    (s.path / ".search-dead.tmp").write_text("left by a killed build")
    s.write_graph(graph())
    assert not (s.path / ".search-dead.tmp").exists()


# --- the command ------------------------------------------------------------------------------


def test_cli_search_json_table_and_errors(store):
    out = runner.invoke(app, ["papers", "--search", '"label noise" NOT synthetic', "-s", str(store.path), "--json"])
    assert out.exit_code == 0, out.output
    page = json.loads(out.stdout)
    assert page["total"] == 2 and ids(page["papers"]) == ["a", "e"]
    table = runner.invoke(app, ["papers", "-q", "title:robust", "-s", str(store.path)])
    assert table.exit_code == 0 and "Robust Training" in table.stdout and "score" in table.stdout
    bad = runner.invoke(app, ["papers", "-q", "NOT x", "-s", str(store.path)])
    assert bad.exit_code == 1 and "NOT needs something" in bad.output and "Traceback" not in bad.output


def test_a_search_alone_reads_the_index_without_starting_the_database_or_rich(store):
    """A fresh `kg papers --search --json` loads neither ladybug, the Cypher backend nor rich: start-up
    is most of a search's time at 100,000 papers (bench/bench_search.py)."""
    probe = (
        "import sys; from kg.cli import main; sys.argv = ['kg', 'papers', '--search', 'label', '-s', sys.argv[1], '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('ladybug', 'queries.cypher_backend', 'rich', 'networkx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(store.path)], capture_output=True, text=True, check=True)
    assert '"total": 4' in out.stdout  # a, b, c, e
    assert out.stdout.strip().splitlines()[-1] == "[]"
    # with an entity filter the backend starts as before
    probe = probe.replace("'--search', 'label'", "'--search', 'label', '--concept', 'label noise'")
    out = subprocess.run([sys.executable, "-c", probe, str(store.path)], capture_output=True, text=True)
    assert "queries.cypher_backend" in out.stdout.strip().splitlines()[-1]


def test_a_full_disk_while_writing_the_index_changes_nothing(store, monkeypatch):
    import kg.store.embedded as embedded
    from kg.core.errors import DiskFull

    def full(path, papers, stamp):
        path.write_bytes(b"partial")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(embedded, "write_index_file", full)
    with pytest.raises(DiskFull, match="disk full while writing .*search.sqlite; nothing was changed"):
        store.write_graph(graph(PAPERS[:1]))
    assert set(ids(search_papers(open_backend(store), "label"))) == {"a", "b", "c", "e"}
    assert sorted(p.name for p in store.path.iterdir()) == [".lock", "format", "graph.lbug", "search.sqlite"]
