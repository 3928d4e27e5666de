"""Building at scale on synthetic corpora: what a user waits for and how much memory it takes.

    .venv/bin/python -m bench.bench_scale                      # 10,000 and 100,000 papers
    .venv/bin/python -m bench.bench_scale --sizes 1000000 --json
    .venv/bin/python -m bench.bench_scale --sizes 100000 --stages   # also: time per build stage

Per size N, with the corpus and its extraction records generated first
(:mod:`bench.synthetic`: records put into the store's extraction cache under the key
``kg build`` computes, so no step below runs spaCy; the generation is timed apart):

* **cold build**: ``kg build corpus.jsonl`` into an empty store (a fresh ``kg`` process);
* **+10 papers**: ``kg build add.jsonl`` of 10 new synthetic papers (records cached too);
* **remove 10**: ``kg remove`` of 10 papers by DOI;
* **fresh-process queries**: ``kg stats`` and ``kg top`` (median of ``--repeat``);
* for each: wall time and the peak resident memory of the process (``os.wait4``'s
  ``ru_maxrss`` of that child and the processes it waited for); the store's size on disk
  (graph database, search index, extraction cache apart).

``--stages`` re-runs the +10 build in a child process with the CPU seconds of each build step
(``read_sources``, ``store.read_papers``, ``store.read_graph``, merge, cache look-up, ``build_graph`` and its main
parts, ``same_graph``, ``write_graph`` and its parts) measured by wrapping them where they are
called; ``total_wall`` beside ``total`` shows how busy the machine was; ``peak_mb_after`` the process's
peak resident memory when each step ended, ``rss_mb_before_after`` its resident memory when the step
began and ended (its last call).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = [str(Path(sys.executable).parent / "kg")]  # the venv's console script, as a user runs it


def timed(cmd: list[str], env: dict | None = None) -> dict:
    """Run ``cmd``; wall seconds, peak RSS (MB) of it and its waited-for children, exit code, stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)  # the rusage of this child alone
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    return {
        "wall_s": round(wall, 2),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "rc": proc.returncode,
        "stdout": stdout.decode("utf-8", "replace"),
        "stderr": stderr.decode("utf-8", "replace")[-2000:],
    }


def _mb(path: Path) -> float:
    if path.is_file():
        return round(path.stat().st_size / 2**20, 1)
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1) if path.exists() else 0.0


def _check(step: str, result: dict) -> dict:
    if result["rc"] != 0:
        raise SystemExit(f"{step} failed (exit {result['rc']}):\n{result['stderr']}")
    return result


def _brief(result: dict) -> dict:
    return {k: result[k] for k in ("wall_s", "peak_mb", "cpu_s")}


def run_size(n: int, workdir: Path, add: int, repeat: int, stages: bool, reuse: bool = False) -> dict:
    from bench.synthetic import DOI_PREFIX, write_corpus

    store = workdir / f"store-{n}"
    cache = store / "extractions.sqlite"  # where kg build looks by default
    corpus, extra = workdir / f"corpus-{n}.jsonl", workdir / f"add-{n}.jsonl"
    env = dict(os.environ, KG_STORE=str(store))
    env.pop("KG_CACHE", None)
    out: dict = {"papers": n}

    t0 = time.perf_counter()
    if reuse and corpus.exists() and extra.exists() and cache.exists():  # the same generator: the same corpus
        for path in store.iterdir():
            if path != cache:
                shutil.rmtree(path) if path.is_dir() else path.unlink()
    else:
        shutil.rmtree(store, ignore_errors=True)
        store.mkdir(parents=True)
        write_corpus(corpus, cache, n)
        write_corpus(extra, cache, add, start=n, corpus_size=n)
    out["generate_s"] = round(time.perf_counter() - t0, 1)
    out["corpus_mb"] = _mb(corpus)

    cold = _check("cold build", timed([*KG, "build", str(corpus), "--json"], env))
    report = json.loads(cold["stdout"])
    assert report["extracted"] == 0, f"the cold build parsed {report['extracted']} papers"
    out["cold_build"] = _brief(cold) | {"papers": report["papers"]}
    out["store_mb"] = {
        "graph": _mb(store / "graph.lbug"),
        "total_without_cache": round(_mb(store) - _mb(cache), 1),
        "cache": _mb(cache),
    }
    out["stats"] = report["stats"]

    if stages:
        backup = workdir / f"store-{n}.before-add"
        shutil.rmtree(backup, ignore_errors=True)
        shutil.copytree(store, backup)
        staged = _check(
            "stages", timed([sys.executable, "-m", "bench.bench_scale", "--child-stages", str(backup), str(extra)], env)
        )
        out["stages_add"] = json.loads(staged["stdout"].strip().splitlines()[-1]) | {"peak_mb": staged["peak_mb"]}
        shutil.rmtree(backup, ignore_errors=True)

    plus = _check(f"+{add}", timed([*KG, "build", str(extra), "--json"], env))
    report = json.loads(plus["stdout"])
    assert report["extracted"] == 0, f"the +{add} build parsed {report['extracted']} papers"
    out["add"] = _brief(plus) | {"added": add, "papers": report["papers"]}

    queries = {}
    for name, args in (("stats", ["stats", "--json"]), ("top", ["top", "--json"])):
        runs = [_check(f"kg {name}", timed([*KG, *args], env)) for _ in range(repeat)]
        queries[name] = {
            "wall_s": round(statistics.median(r["wall_s"] for r in runs), 3),
            "peak_mb": max(r["peak_mb"] for r in runs),
        }
    out["queries"] = queries

    gone = [f"doi:{DOI_PREFIX}{i:06d}" for i in range(0, n, max(n // add, 1))][:add]
    removed = _check(f"remove {add}", timed([*KG, "remove", *gone, "--json"], env))
    report = json.loads(removed["stdout"])
    out["remove"] = _brief(removed) | {"removed": len(report["removed"]), "papers": report["papers"]}
    out["store_mb_after"] = _mb(store)
    return out


def child_stages(store_path: str, jsonl: str) -> None:
    """In this process: ``kg build JSONL`` on the store with each step of the build timed."""
    import kg.build.builder as builder
    import kg.build.columnar as columnar
    import kg.build.paper_set as paper_set
    import kg.build.pipeline as pipeline
    import kg.store.embedded as embedded
    import kg.store.ladybug_diff as ladybug_diff
    import kg.store.ladybug_load as ladybug_load
    from kg.store import open_store

    times: dict[str, float] = {}
    peaks: dict[str, float] = {}  # the process's peak resident memory (MB) when each step ended
    resident: dict[str, list[float]] = {}  # its resident memory (MB) when each step began and ended (the last call)

    def wrap(owner, name: str, label: str) -> None:
        inner = getattr(owner, name)

        def timed_call(*args, **kwargs):
            t0 = time.process_time()  # CPU seconds of this process (all its threads): robust on a busy machine
            before = _rss_mb()
            try:
                return inner(*args, **kwargs)
            finally:
                times[label] = round(times.get(label, 0.0) + time.process_time() - t0, 2)
                peaks[label] = _peak_mb()
                resident[label] = [before, _rss_mb()]

        setattr(owner, name, timed_call)

    store = open_store(store_path)
    for owner, name, label in (
        (pipeline, "read_sources", "read_sources"),
        (store, "read_papers", "read_papers"),
        (store, "read_paper_table", "read_paper_table"),
        (paper_set.PaperSet, "concerning", "merge.concerning"),
        (store, "read_graph", "read_graph"),
        (pipeline, "stored_papers", "stored_papers"),
        (pipeline, "_merge", "merge"),
        (pipeline, "extract_records", "cache_lookup"),
        (pipeline, "build_graph", "build_graph"),
        (pipeline, "same_graph", "same_graph"),
        (store, "write_graph", "write_graph"),
        (store, "write_tables", "write_tables"),
        # the columnar engine (KG_BUILD_ENGINE=columnar)
        (columnar.RecordTables, "hashes", "columnar.record_tables_held"),
        (columnar.RecordTables, "add", "columnar.record_tables_added"),
        (columnar, "compute", "columnar.compute"),
        (columnar, "_paper_links", "columnar.compute.links"),
        (columnar, "_claims", "columnar.compute.merge_claims"),
        (columnar.Computed, "tables", "columnar.tables"),
        (columnar, "add_bibliography_rows", "columnar.tables.add_bibliography"),
        (columnar, "rows_tables", "columnar.tables.paper_graph_tables"),
        (columnar, "bibliography_delta", "columnar.tables.bibliography_delta"),
        # inside build_graph
        (builder, "node_mentions", "build_graph.node_mentions"),
        (builder, "curate_keys", "build_graph.curate_keys"),
        (builder, "pair_counts", "build_graph.pair_counts"),
        (builder, "relevance", "build_graph.relevance"),
        (builder, "cooccurrences", "build_graph.cooccurrences"),
        (builder, "merge_claims", "build_graph.merge_claims"),
        (builder, "add_bibliography", "build_graph.add_bibliography"),
        (builder, "set_first_years", "build_graph.set_first_years"),
        # inside write_graph
        (ladybug_load, "graph_tables", "write_graph.graph_tables"),
        (ladybug_load, "load_graph", "write.load_copy"),
        (ladybug_load, "write_database", "write_graph.write_database"),
        (embedded, "write_index_file", "write_graph.search_index"),
        # writing only what changed (kg.store.ladybug_diff; KG_WRITE_CHANGES=0: the whole database)
        (ladybug_diff, "digests", "write.changes.digests"),
        (ladybug_diff, "plan", "write.changes.plan"),
        (embedded.EmbeddedStore, "_apply_changes", "write.changes.copy_and_apply"),
        (ladybug_diff, "apply_plan", "write.changes.apply"),
        (ladybug_diff, "write_digest", "write.changes.write_digest"),
    ):
        wrap(owner, name, label)
    apply_plan = ladybug_diff.apply_plan

    def counted(conn, plan, items):  # what the write changed, beside its time
        times["write.changes.counts"] = plan.counts  # type: ignore[assignment]
        try:
            return apply_plan(conn, plan, items)
        finally:
            times["write.changes.wall_s"] = plan.seconds  # type: ignore[assignment]

    ladybug_diff.apply_plan = counted
    t0, c0 = time.perf_counter(), time.process_time()
    report = pipeline.build([jsonl], store)
    times["total"] = round(time.process_time() - c0, 2)
    times["total_wall"] = round(time.perf_counter() - t0, 2)
    times["papers"] = report.papers
    times["peak_mb"] = _peak_mb()  # type: ignore[assignment]
    times["peak_mb_after"] = peaks  # type: ignore[assignment]
    times["rss_mb_before_after"] = resident  # type: ignore[assignment]
    print(json.dumps(times))


def _peak_mb() -> float:
    """This process's peak resident memory so far, MB (``ru_maxrss``)."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _rss_mb() -> float:
    """This process's resident memory now, MB (Linux: ``/proc/self/statm``; elsewhere its peak so far)."""
    try:
        with open("/proc/self/statm") as f:
            return round(int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return _peak_mb()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes (1000000 works too)")
    ap.add_argument("--add", type=int, default=10, help="papers added, then removed")
    ap.add_argument("--repeat", type=int, default=3, help="fresh-process runs per query")
    ap.add_argument("--stages", action="store_true", help="also time each build step of the +N build")
    ap.add_argument("--workdir", help="where stores and corpora go (default: a temporary folder, removed)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--reuse", action="store_true", help="keep a corpus and cache --workdir already holds")
    ap.add_argument("--child-stages", nargs=2, metavar=("STORE", "JSONL"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_stages:
        child_stages(*args.child_stages)
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    tmp = None if args.workdir else tempfile.mkdtemp(prefix="bench-scale-")
    workdir = Path(args.workdir or tmp)
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for n in sizes:
            result = run_size(n, workdir, args.add, args.repeat, args.stages, args.reuse)
            results.append(result)
            if not args.json:
                _print(result)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))


def _print(r: dict) -> None:
    print(f"\n{r['papers']:,} papers (records generated and cached in {r['generate_s']} s)")
    for step in ("cold_build", "add", "remove"):
        s = r[step]
        print(f"  {step:<11} {s['wall_s']:>8.1f} s  {s['peak_mb']:>8.0f} MB peak  ({s['cpu_s']} s CPU)")
    for name, q in r["queries"].items():
        print(f"  kg {name:<8} {q['wall_s']:>8.2f} s  {q['peak_mb']:>8.0f} MB peak")
    print(f"  store: {r['store_mb']}")
    if "stages_add" in r:
        print(f"  +N stages: {r['stages_add']}")


if __name__ == "__main__":
    main()
