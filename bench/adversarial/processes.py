"""Real ``kg build`` processes: ``kill -9`` at random moments, and two builds into one store.

The corpora and process helpers come from ``bench/support/store_processes.py`` (shared
with tests/test_store_crash.py, the store's own crash tests); these areas repeat its trials more often:

* ``kill9``: a build of A+B over a store holding A is killed at a random
  moment; the store must read back as the old graph or the new one, a rerun
  must equal a clean build, and no temporary file may be left (2 short / 20 long);
* ``concurrent_builds``: A and B built into one store at the same time, both
  needing extraction; every paper of both must be there (1 short / 20 long).
"""

from __future__ import annotations

import os
import shutil
import signal
import time

from bench.adversarial.frame import AreaNotLanded, Context

PAPERS_PER_SIDE = 25


def _helpers():
    try:
        from bench.support import store_processes as crash
    except ImportError as exc:
        raise AreaNotLanded(
            f"bench/support/store_processes.py (the store's crash-test helpers) is not on this branch ({exc})"
        ) from None
    return crash


def _corpus(ctx: Context, crash) -> dict:
    a, b = ctx.workdir / "a.jsonl", ctx.workdir / "b.jsonl"
    crash.write_corpus(a, "a", PAPERS_PER_SIDE, 1)
    crash.write_corpus(b, "b", PAPERS_PER_SIDE, 2)
    env = {**os.environ, "KG_CACHE": str(ctx.workdir / "cache.sqlite")}
    return {"a": a, "b": b, "env": env}


def kill9(ctx: Context) -> None:
    from kg.build.pipeline import same_graph
    from kg.store import EmbeddedStore

    crash = _helpers()
    c = _corpus(ctx, crash)
    for name, sources in (("clean_a", [c["a"]]), ("clean_ab", [c["a"], c["b"]])):
        if crash.kg("build", *sources, "--store", ctx.workdir / name, env=c["env"]).wait(timeout=900) != 0:
            raise RuntimeError(f"the clean build {name} failed")
    graph_a = EmbeddedStore(ctx.workdir / "clean_a").read_graph()
    graph_ab = EmbeddedStore(ctx.workdir / "clean_ab").read_graph()
    t0 = time.monotonic()
    probe = ctx.workdir / "probe"
    shutil.copytree(ctx.workdir / "clean_a", probe)
    crash.kg("build", c["a"], c["b"], "--store", probe, env=c["env"]).wait(timeout=900)
    span = time.monotonic() - t0
    for trial in range(ctx.scale(2, 20)):
        store = ctx.workdir / f"kill{trial}"
        shutil.copytree(ctx.workdir / "clean_a", store)
        with ctx.case(f"kill -9 trial {trial}", seconds=1800):
            proc = crash.kg("build", c["a"], c["b"], "--store", store, env=c["env"])
            time.sleep(ctx.rng.uniform(0.05, span))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            G = EmbeddedStore(store).read_graph()
            ctx.count("new" if same_graph(G, graph_ab) else "old")
            if not (same_graph(G, graph_ab) or same_graph(G, graph_a)):
                ctx.fail(f"trial {trial}", "the store is neither the old graph nor the new one")
            if crash.kg("build", c["a"], c["b"], "--store", store, env=c["env"]).wait(timeout=900) != 0:
                ctx.fail(f"trial {trial}", "the rerun failed")
            if not same_graph(EmbeddedStore(store).read_graph(), graph_ab):
                ctx.fail(f"trial {trial}", "the rerun differs from a clean build")
            if crash.leftovers(store):
                ctx.fail(f"trial {trial}", f"left behind {crash.leftovers(store)}")


def concurrent_builds(ctx: Context) -> None:
    crash = _helpers()
    c = _corpus(ctx, crash)
    expected = {f"a{i}" for i in range(PAPERS_PER_SIDE)} | {f"b{i}" for i in range(PAPERS_PER_SIDE)}
    for pair in range(ctx.scale(1, 20)):
        env = {**c["env"], "KG_CACHE": str(ctx.workdir / f"cold{pair}.sqlite")}  # both need extraction
        store = ctx.workdir / f"shared{pair}"
        with ctx.case(f"concurrent pair {pair}", seconds=1800):
            procs = [crash.kg("build", c[side], "--store", store, env=env) for side in ("a", "b")]
            outs = [p.communicate(timeout=900) for p in procs]
            if any(p.returncode for p in procs):
                ctx.fail(f"pair {pair}", f"exit codes {[p.returncode for p in procs]}: {outs[0][1][-200:]}")
            lost = expected - crash.papers_in(store)
            ctx.count("papers_lost", len(lost))
            if lost:
                ctx.fail(f"pair {pair}", f"{len(lost)} papers lost, e.g. {sorted(lost)[:3]}")


__all__ = ["kill9", "concurrent_builds"]
