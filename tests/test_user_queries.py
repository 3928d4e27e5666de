"""Your own queries: `kg cypher -f FILE` / `-`, a user query folder merged into `kg query --list`,
`kg query --save`, and `kg --store X COMMAND`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.store import EmbeddedStore, MemoryStore
from queries import open_backend
from queries.errors import QueryError
from queries.named_queries import (
    catalogue_dir,
    get_query,
    list_queries,
    load_all,
    run_named,
    save_query,
    user_query_dirs,
)

runner = CliRunner()
COUNT = "MATCH (p:Paper) RETURN count(*) AS n"


def kg(*args, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


@pytest.fixture
def home(tmp_path, monkeypatch, small_graph):
    """A working directory with a built store and no KG_* settings."""
    monkeypatch.chdir(tmp_path)
    for name in ("KG_STORE", "KG_QUERIES", "KG_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    EmbeddedStore(tmp_path / "kg-store").write_graph(small_graph)
    return tmp_path


# --- kg cypher -f / - -------------------------------------------------------------------


@pytest.mark.slow  # about a second or more
def test_cypher_reads_the_query_from_a_file_and_from_stdin(home):
    (home / "q.cypher").write_text("// papers per year\nMATCH (p:Paper) WHERE p.year >= $y RETURN count(*) AS n\n")
    from_file = kg("cypher", "-f", home / "q.cypher", "-p", "y=0", "--json")
    assert from_file.exit_code == 0, from_file.output
    assert json.loads(from_file.stdout) == [{"n": 5}]
    from_stdin = kg("cypher", "-", "--json", input=COUNT)
    assert from_stdin.exit_code == 0 and json.loads(from_stdin.stdout) == [{"n": 5}]


@pytest.mark.parametrize(
    "args, message",
    [
        (["cypher"], "a query is needed"),
        (["cypher", "-f", "missing.cypher"], "missing.cypher: cannot read the query"),
        (["cypher", COUNT, "-f", "q.cypher"], "not both"),
    ],
)
@pytest.mark.slow  # about a second or more
def test_cypher_without_a_query_is_one_error_line(home, args, message):
    result = kg(*args)
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output


def test_a_write_query_from_a_file_is_still_refused(home):
    (home / "w.cypher").write_text("MATCH (p:Paper) DETACH DELETE p")
    result = kg("cypher", "-f", home / "w.cypher")
    assert result.exit_code == 1 and "DETACH is a write clause" in result.output


# --- user query folders -------------------------------------------------------------------


def write_query(folder, name, body, description="mine"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.cypher").write_text(f"// name: {name}\n// description: {description}\n{body}\n")


def test_user_dirs_come_from_kg_queries_or_the_working_directory_and_the_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_QUERIES", raising=False)
    (tmp_path / "queries").mkdir()
    (tmp_path / "reviews" / "queries").mkdir(parents=True)
    dirs = user_query_dirs(tmp_path / "reviews" / "kg-store")
    expected = [tmp_path / "queries", tmp_path / "reviews" / "queries"]
    assert [d.resolve() for d in dirs] == [d.resolve() for d in expected]
    monkeypatch.setenv("KG_QUERIES", str(tmp_path / "reviews" / "queries"))
    assert user_query_dirs(tmp_path / "kg-store") == [tmp_path / "reviews" / "queries"]
    monkeypatch.setenv("KG_QUERIES", str(catalogue_dir()))
    assert user_query_dirs() == []  # the installed catalogue is never a user folder


def test_user_queries_join_the_catalogue_and_shadow_built_ins(tmp_path, small_graph):
    mine, other = tmp_path / "mine", tmp_path / "other"
    write_query(mine, "paper_count", COUNT)
    write_query(mine, "concept_timeline", "MATCH (c:Concept) RETURN count(*) AS concepts", "my timeline")
    write_query(other, "paper_count", "RETURN 0 AS n")  # a later folder loses
    (mine / "broken.cypher").write_text("MATCH (n) RETURN n\n")  # no header
    queries, problems = load_all([mine, other])
    assert queries["paper_count"].source == str(mine) and queries["concept_timeline"].shadows
    assert any("broken.cypher:1: missing '// name:' header" in p for p in problems)
    assert any("also used by" in p for p in problems)
    rows = {r["name"]: r for r in list_queries(user_dirs=[mine, other])}
    assert rows["concept_timeline"]["source"] == f"{mine} (shadows built-in)"
    assert rows["methods_on_dataset"]["source"] == "built-in"
    backend = open_backend(MemoryStore(small_graph))
    assert run_named(backend, "paper_count", user_dirs=[mine]) == [{"n": 5}]
    assert run_named(backend, "concept_timeline", user_dirs=[mine]) == [{"concepts": 3}]
    assert get_query("concept_timeline").source == "built-in"  # without user folders


def test_a_hand_written_user_query_is_still_read_only(tmp_path, small_graph):
    write_query(tmp_path / "q", "wipe", "MATCH (p:Paper) DETACH DELETE p")
    with pytest.raises(QueryError, match="write clause"):
        run_named(open_backend(MemoryStore(small_graph)), "wipe", user_dirs=[tmp_path / "q"])


# --- saving ------------------------------------------------------------------------------------


def test_save_query_writes_a_header_that_reads_back_and_runs(tmp_path, small_graph):
    text = "MATCH (p:Paper) WHERE p.year >= $since RETURN p.title AS title ORDER BY title LIMIT $n"
    path = save_query("recent", text, tmp_path / "q", "Recent papers")
    q = get_query("recent", user_dirs=[tmp_path / "q"])
    assert path == tmp_path / "q" / "recent.cypher" and q.description == "Recent papers"
    assert [p.describe() for p in q.params] == ["since: any", "n: any"]
    backend = open_backend(MemoryStore(small_graph))
    assert len(run_named(backend, "recent", {"since": 2000, "n": 2}, user_dirs=[tmp_path / "q"])) == 2


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("wipe", "MATCH (n) DETACH DELETE n", "DETACH is a write clause"),
        ("bad name", COUNT, "use letters, digits and _"),
        ("1st", COUNT, "use letters, digits and _"),
        ("empty", "  ", "empty"),
        ("concept_timeline", COUNT, "built-in query; give `force`"),
    ],
)
def test_save_query_refuses(tmp_path, name, text, message):
    with pytest.raises(QueryError) as exc:
        save_query(name, text, tmp_path / "q")
    assert message in str(exc.value)
    assert not list((tmp_path).rglob("*.cypher"))


def test_save_query_needs_force_to_replace_and_never_writes_into_the_catalogue(tmp_path):
    save_query("n_papers", COUNT, tmp_path)
    with pytest.raises(QueryError, match="exists; give `force`"):
        save_query("n_papers", "RETURN 1 AS one", tmp_path)
    save_query("n_papers", "RETURN 1 AS one", tmp_path, force=True)
    assert "RETURN 1 AS one" in (tmp_path / "n_papers.cypher").read_text()
    with pytest.raises(QueryError, match="installed catalogue"):
        save_query("anything", COUNT, catalogue_dir(), force=True)


@pytest.mark.slow  # about a second or more
def test_cli_save_list_run_and_shadow(home):
    saved = kg("query", "--save", "paper_count", COUNT, "--description", "How many papers", "--json")
    assert saved.exit_code == 0, saved.output
    assert json.loads(saved.stdout)["path"] == str(home / "queries" / "paper_count.cypher")
    listed = {r["name"]: r for r in json.loads(kg("query", "--list", "--json").stdout)}
    assert listed["paper_count"]["description"] == "How many papers" and listed["paper_count"]["source"] == "queries"
    ran = kg("query", "paper_count", "--json")
    assert ran.exit_code == 0 and json.loads(ran.stdout) == [{"n": 5}]
    refused = kg("query", "--save", "concept_timeline", COUNT)
    assert refused.exit_code == 1 and "give --force to shadow" in refused.output
    assert kg("query", "--save", "concept_timeline", "-", "--force", input=COUNT).exit_code == 0
    listed = {r["name"]: r for r in json.loads(kg("query", "--list", "--json").stdout)}
    assert listed["concept_timeline"]["source"] == "queries (shadows built-in)"
    assert json.loads(kg("query", "concept_timeline", "--json").stdout) == [{"n": 5}]


def test_cli_list_warns_about_a_broken_user_file_and_lists_the_rest(home):
    write_query(home / "queries", "mine", COUNT)
    (home / "queries" / "broken.cypher").write_text("// name: broken\n// param: x\nRETURN 1\n")
    result = kg("query", "--list", "--json")
    assert result.exit_code == 0
    assert "mine" in {r["name"] for r in json.loads(result.stdout)}
    assert "broken.cypher:2: expected '// param:" in result.stderr


def test_cli_saves_into_kg_queries(home, monkeypatch):
    monkeypatch.setenv("KG_QUERIES", str(home / "shared-queries"))
    assert kg("query", "--save", "paper_count", COUNT).exit_code == 0
    assert (home / "shared-queries" / "paper_count.cypher").is_file()


# --- kg --store X COMMAND --------------------------------------------------------------------------


@pytest.mark.slow  # about a second or more
def test_store_before_the_command(home, monkeypatch, small_graph):
    EmbeddedStore(home / "elsewhere").write_graph(small_graph)
    (home / "kg-store" / "graph.lbug").unlink()  # the default store is gone: only --store finds a graph
    before = kg("--store", home / "elsewhere", "stats", "--json")
    assert before.exit_code == 0, before.output
    assert before.stdout == kg("stats", "--store", home / "elsewhere", "--json").stdout
    assert kg("-s", home / "elsewhere", "papers", "--search", "diffusion", "--json").exit_code == 0
    monkeypatch.setenv("KG_STORE", str(home / "nowhere"))
    assert kg("--store", home / "elsewhere", "top", "--json").exit_code == 0  # the command line beats KG_STORE
    after = kg("--store", home / "elsewhere", "stats", "--store", home / "nowhere")  # the command's own wins
    assert after.exit_code == 1 and "nowhere" in after.output
