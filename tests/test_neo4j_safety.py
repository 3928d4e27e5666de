"""Neo4j safety: no password from a URI in any output; a server that dies mid-push gives one
error within seconds that says exactly what the push left in the database."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.support.bolt_server import BoltServer, free_port
from kg.cli import app
from kg.store import StoreError, open_store
from kg.store.neo4j_store import Neo4jSettings, open_neo4j_store
from tests.fixtures.graphs import make_small_graph

ROOT = Path(__file__).resolve().parents[1]
SECRET = "s3cr3t-in-uri"


def test_userinfo_in_the_uri_becomes_the_login_and_leaves_the_uri():
    s = Neo4jSettings.from_env(f"bolt://alice:{SECRET}@db.example:7687", password=None)
    assert (s.uri, s.user, s.password) == ("bolt://db.example:7687", "alice", SECRET)
    assert SECRET not in s.location and SECRET not in repr(s)
    given = Neo4jSettings.from_env("bolt://alice:other@db.example:7687", user="bob", password="pw")
    assert (given.user, given.password) == ("bob", "pw")  # explicit settings win over the URI


@pytest.mark.parametrize(
    "uri",
    [
        f"bolt://u:{SECRET}@127.0.0.1:{{port}}",  # nothing listens
        f"bolt://u:{SECRET}@no-such-host.invalid:7687",  # unknown host
        f"http://u:{SECRET}@127.0.0.1:7474",  # wrong scheme
        f"bolt://u:{SECRET}@[::1",  # does not parse
        f"neo4j://u:{SECRET.replace('-', '%2D')}@127.0.0.1:{{port}}",  # percent-encoded
    ],
)
@pytest.mark.slow  # about a second or more
def test_the_password_in_a_uri_is_never_printed(uri, monkeypatch, tmp_path):
    uri = uri.format(port=free_port())
    monkeypatch.setenv("NEO4J_URI", uri)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.delenv("NEO4J_USER", raising=False)
    with pytest.raises(StoreError) as err:
        open_neo4j_store()
    assert SECRET not in str(err.value)
    open_store(tmp_path / "s").write_graph(make_small_graph())
    for args in (["push", "--store", str(tmp_path / "s")], ["stats", "--backend", "neo4j"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert SECRET not in result.output and SECRET not in (result.stderr or "")


@pytest.mark.bolt
@pytest.mark.parametrize("commit_batches", [False, True])
def test_a_server_killed_mid_push_fails_fast_and_says_what_was_left(commit_batches):
    with BoltServer() as server:
        store = open_neo4j_store(server.uri, "falkordb", "", batch_size=2, single_transaction=not commit_batches)
        try:
            store.write_graph(make_small_graph())

            def kill_after_three(done, total):
                if done == 3:
                    server.proc.kill()
                    server.proc.wait()

            t0 = time.monotonic()
            with pytest.raises(StoreError) as err:
                store.write_graph(make_small_graph(), progress=kill_after_three)
            seconds = time.monotonic() - t0
        finally:
            store.close()
    message = str(err.value)
    assert seconds < 15, seconds  # was 35 s per transaction with the driver's default retry time
    assert "write stopped after 3 of" in message and "\n" not in message
    if commit_batches:
        assert "Committed and left in the database: 5 Paper nodes" in message
    else:
        assert "rolled it back" in message and "may keep what ran: 5 Paper nodes" in message


@pytest.mark.slow
def test_kg_prints_no_driver_retry_warnings():
    """The driver logs each retry as a warning; kg's one error line is all the user sees."""
    script = textwrap.dedent(f"""
        import logging, kg.cli
        from kg.store.neo4j_store import Neo4jSettings, Neo4jStore
        from kg.store.base import StoreError
        store = Neo4jStore(Neo4jSettings(uri="bolt://127.0.0.1:{free_port()}"), retry_time=1.5)
        try:
            store.write("RETURN 1")
        except StoreError as exc:
            print("error:", exc)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "cannot connect" in proc.stdout
    assert "retried" not in proc.stderr and proc.stderr.strip() == ""


def test_ctrl_c_during_a_push_says_what_was_left(bolt_env):
    with open_neo4j_store(batch_size=2, single_transaction=False) as store:

        def interrupt(done, total):
            if done == 2:
                raise KeyboardInterrupt

        with pytest.raises(StoreError) as err:
            store.write_graph(make_small_graph(), progress=interrupt)
    message = str(err.value)
    assert "interrupted; write stopped after 2 of" in message
    assert "Committed and left in the database: 4 Paper nodes" in message
