"""The embedded store under real processes: `kill -9` of `kg build` at random moments, and
two `kg build`s on one store at the same time (one writer at a time, no paper lost)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time

import pytest

from bench.support.store_processes import kg, leftovers, papers_in, write_corpus
from kg.build.pipeline import same_graph
from kg.store import EmbeddedStore

pytestmark = pytest.mark.slow  # real kg build processes, and a module fixture building two stores


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two inputs, a warm shared extraction cache, and the clean builds of A and of A+B."""
    base = tmp_path_factory.mktemp("crash")
    a, b = base / "a.jsonl", base / "b.jsonl"
    write_corpus(a, "a", 25, 1)
    write_corpus(b, "b", 25, 2)
    env = {**os.environ, "KG_CACHE": str(base / "cache.sqlite")}
    for name, sources in (("clean_a", [a]), ("clean_ab", [a, b])):
        proc = kg("build", *sources, "--store", base / name, env=env)
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    return {"a": a, "b": b, "env": env, "base": base}


def test_kill_9_at_random_moments_leaves_a_readable_store_and_a_rerun_gives_the_clean_build(corpus):
    base, env = corpus["base"], corpus["env"]
    graph_a = EmbeddedStore(base / "clean_a").read_graph()
    graph_ab = EmbeddedStore(base / "clean_ab").read_graph()
    # how long one warm build of A+B over the A store takes, to spread the kills over it
    store = base / "timing"
    shutil.copytree(base / "clean_a", store)
    t0 = time.monotonic()
    warm = kg("build", corpus["a"], corpus["b"], "--store", store, env=env)
    _, err = warm.communicate(timeout=600)
    assert warm.returncode == 0, err
    span = time.monotonic() - t0
    rng = random.Random(9)
    outcomes = {"old": 0, "new": 0}
    for trial in range(20):
        store = base / f"kill{trial}"
        shutil.copytree(base / "clean_a", store)
        proc = kg("build", corpus["a"], corpus["b"], "--store", store, env=env)
        time.sleep(rng.uniform(0.05, span))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)  # reaps it and closes its pipes
        G = EmbeddedStore(store).read_graph()  # readable, whatever the moment
        if same_graph(G, graph_ab):
            outcomes["new"] += 1
        else:
            assert same_graph(G, graph_a), f"trial {trial}: neither the old graph nor the new one"
            outcomes["old"] += 1
        rerun = kg("build", corpus["a"], corpus["b"], "--store", store, env=env)
        _, err = rerun.communicate(timeout=600)
        assert rerun.returncode == 0, err
        assert same_graph(EmbeddedStore(store).read_graph(), graph_ab), (
            f"trial {trial}: rerun differs from a clean build"
        )
        assert leftovers(store) == [], f"trial {trial}: {leftovers(store)}"
    assert outcomes["old"] > 0, outcomes  # kills landed before the new graph was written (each trial counts once)


def test_two_concurrent_builds_on_one_store_lose_no_paper(corpus, tmp_path):
    env = {**corpus["env"], "KG_CACHE": str(tmp_path / "cold-cache.sqlite")}  # both need extraction
    store = tmp_path / "shared"
    first = kg("build", corpus["a"], "--store", store, env=env)
    second = kg("build", corpus["b"], "--store", store, env=env)
    results = [p.communicate(timeout=600) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert papers_in(store) == {f"a{i}" for i in range(25)} | {f"b{i}" for i in range(25)}
    assert any("waiting for it to finish" in err for _, err in results), results


def test_a_second_writer_gives_up_with_a_clear_message_after_the_lock_timeout(corpus, tmp_path):
    store = EmbeddedStore(tmp_path / "held")
    with store.writing():
        proc = kg("build", corpus["a"], "--store", store.path, env={**corpus["env"], "KG_LOCK_TIMEOUT": "1"})
        out, err = proc.communicate(timeout=600)
    assert proc.returncode == 1
    message = " ".join(err.split())
    assert f"is being written by another process (process {os.getpid()})" in message
    assert "gave up after waiting 1 s" in message and "Traceback" not in err


SLOW_WRITE = "UNWIND range(1, 800000) AS i CREATE (:Concept {key: 'k' + string(i), name: 'x'})"


@pytest.mark.parametrize("killed", ["the command and its query process", "the command alone"])
def test_kill_9_of_a_write_query_mid_write_leaves_a_usable_store(tmp_path, small_graph, killed):
    """`kg cypher --write` killed while the database writes: the previous graph (or, when the query
    process lives on and finishes under the inherited lock, the new one) opens for every command."""
    store = EmbeddedStore(tmp_path / "st")
    store.write_graph(small_graph)
    before = store.stats()
    store.close()
    proc = kg("cypher", "--write", "--store", store.path, SLOW_WRITE, start_new_session=True)
    deadline = time.monotonic() + 300
    while not any(p.name.endswith(".wal") for p in store.path.iterdir()):  # the engine is writing
        assert proc.poll() is None and time.monotonic() < deadline, "the write ended before it could be killed"
        time.sleep(0.01)
    if killed == "the command alone":
        proc.send_signal(signal.SIGKILL)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    with EmbeddedStore(store.path).writing(wait=300):  # an orphaned query process holds the lock until it ends
        pass
    after = EmbeddedStore(store.path).stats()
    new = after["nodes"].get("Concept", 0) == before["nodes"]["Concept"] + 800_000
    assert after == before or (killed == "the command alone" and new), after
    for command in (
        ["stats"],
        ["top", "-n", "3"],
        ["cypher", "--write", "MATCH (m:Method {key: 'bert'}) SET m.name = 'B'"],
    ):
        out, err = kg(*command, "--store", store.path).communicate(timeout=300)
        assert err == "" and out, (command, err)
    assert leftovers(store.path) == []
