"""Latency of the query commands and the named-query catalogue on a synthetic graph.

    .venv/bin/python -m bench.bench_queries [--papers 20000] [--repeat 7] [--compare]

Builds a synthetic graph (bench/synthetic.py: generated vocabulary and
sentences, Zipf-like popularity), writes it to a temporary embedded store,
opens it the way the CLI does, and reports:

* the one-off costs: store write, open + first query, the name index;
* the median latency of each ready-made command through the API;
* the median latency of each catalogue query (Cypher on LadybugDB).

Targets: ready-made commands and catalogue queries < 50 ms in-process.
(``bench.bench_cli`` times the same commands as fresh ``kg`` processes.)
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from pathlib import Path

from bench.synthetic import make_synthetic_graph
from kg.core.graph import graph_stats
from kg.store import open_store
from queries import api, open_backend
from queries.named_queries import run_named


def timed(fn, repeat: int) -> tuple[float, object]:
    """Median wall time in ms of ``repeat`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def pick_names(backend) -> dict[str, str]:
    """Entities to query: the busiest of each type (the worst case) and a mid-ranked pair for paths."""
    top = {label: backend.top(label, 50) for label in ("Dataset", "Task", "Method", "Concept")}
    return {
        "dataset": top["Dataset"][0]["name"],
        "task": top["Task"][0]["name"],
        "method": top["Method"][0]["name"],
        "concept": top["Concept"][0]["name"],
        "concept2": top["Concept"][1]["name"],
        "path_a": top["Method"][40]["name"],
        "path_b": top["Dataset"][45]["name"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=20000)
    ap.add_argument("--tail", type=int, default=0, help="one-paper entities per paper below the quality cut")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--cypher-repeat", type=int, default=3)
    args = ap.parse_args()

    t0 = time.perf_counter()
    G = make_synthetic_graph(args.papers, tail=args.tail)
    gen_s = time.perf_counter() - t0
    stats = graph_stats(G)
    tmp = tempfile.TemporaryDirectory()
    store = open_store(Path(tmp.name) / "store")
    t0 = time.perf_counter()
    store.write_graph(G)
    write_s = time.perf_counter() - t0
    size_mb = store.graph_file.stat().st_size / 1e6
    del G
    gc.collect()
    t0 = time.perf_counter()
    backend = open_backend(store)
    backend.top(None, 1)
    load_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    _ = backend.names  # every entity, for name resolution
    warm_ms = (time.perf_counter() - t0) * 1000
    n = pick_names(backend)

    print(
        f"synthetic graph: {args.papers} papers, {sum(stats['nodes'].values())} nodes, "
        f"{sum(stats['relationships'].values())} relationships (generated in {gen_s:.1f} s); store written in {write_s:.1f} s, {size_mb:.0f} MB"
    )
    print(f"  nodes: {stats['nodes']}")
    print(f"  relationships: {stats['relationships']}")
    print(f"one-off: open store + first query {load_ms:.0f} ms; name index over every entity {warm_ms:.0f} ms")
    print(f"names used: {n}")
    print()

    commands = [
        ("top (all types, n=20)", lambda: api.top(backend, None, 20)),
        ("top --type concept --n 20", lambda: api.top(backend, "concept", 20)),
        (f"show {n['concept']!r} (busiest concept)", lambda: api.show(backend, n["concept"])),
        (f"show {n['method'].lower()!r} (busiest method, lower-cased)", lambda: api.show(backend, n["method"].lower())),
        (f"papers --dataset {n['dataset']!r}", lambda: api.papers(backend, dataset=[n["dataset"]])),
        (
            "papers --dataset … --concept … --year-from 2020",
            lambda: api.papers(backend, dataset=[n["dataset"]], concept=[n["concept"]], year_from=2020),
        ),
        (f"related {n['concept']!r}", lambda: api.related(backend, n["concept"])),
        (f"related {n['method']!r} --type concept", lambda: api.related(backend, n["method"], "concept")),
        (f"path {n['path_a']!r} {n['path_b']!r}", lambda: api.path(backend, n["path_a"], n["path_b"])),
        (f"path {n['concept']!r} {n['concept2']!r}", lambda: api.path(backend, n["concept"], n["concept2"])),
        ("show 'not a name' (not found + suggestions)", lambda: _not_found(backend)),
    ]
    print(f"ready-made commands (API on the loaded backend; median of {args.repeat}; target < 200 ms)")
    worst = 0.0
    for label, fn in commands:
        ms, result = timed(fn, args.repeat)
        worst = max(worst, ms)
        size = len(result) if isinstance(result, list) else len(result.get("papers", result.get("hops", [])))
        print(f"  {ms:8.1f} ms  {label}  [{size} rows]")
    print(f"  slowest: {worst:.1f} ms -> {'OK' if worst < 200 else 'over target'}")
    print()

    catalogue = [
        ("methods_on_dataset", {"dataset": n["dataset"]}),
        ("datasets_for_task", {"task": n["task"]}),
        ("methods_for_task", {"task": n["task"]}),
        ("papers_linking_concepts", {"a": n["concept"], "b": n["concept2"]}),
        ("concepts_with_method", {"method": n["method"]}),
        ("concept_timeline", {"concept": n["concept"]}),
        ("emerging_concepts", {}),
        ("emerging_concepts", {"since": 2024}),
    ]
    print(f"catalogue queries (Cypher on LadybugDB; median of {args.cypher_repeat}; target < 50 ms)")
    worst = 0.0
    for name, params in catalogue:
        ms, rows = timed(lambda name=name, params=params: run_named(backend, name, params), args.cypher_repeat)
        worst = max(worst, ms)
        print(f"  {ms:8.1f} ms  {name} {params}  [{len(rows)} rows]")
    print(f"  slowest: {worst:.1f} ms -> {'OK' if worst < 50 else 'over target'}")


def _not_found(backend):
    try:
        api.show(backend, "not a name at all")
    except api.NotFound as exc:
        return exc.suggestions
    return []


if __name__ == "__main__":
    main()
