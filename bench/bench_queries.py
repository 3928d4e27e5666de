"""Latency of the query commands and the named-query catalogue on a synthetic graph.

    .venv/bin/python -m bench.bench_queries [--papers 20000] [--repeat 7] [--compare]

Builds a synthetic graph (bench/synthetic.py: generated vocabulary and
sentences, Zipf-like popularity), saves it to a temporary embedded store,
loads it back the way the CLI does, and reports:

* the one-off costs: store load, backend index build (names, ranking, paths);
* the median latency of each ready-made command through the API on the loaded backend;
* the median latency of each catalogue query through the Cypher bridge, with
  the size of the pre-filtered view grand-cypher searched and the match count.

``--compare`` also times one catalogue query with grand-cypher on the whole
labelled graph (no bridge pre-filter), to show what the pre-filter saves.
Targets: ready-made commands < 200 ms, catalogue queries < 2 s.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from pathlib import Path

from bench.synthetic import make_synthetic_graph
from kg.graph import graph_stats
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
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--cypher-repeat", type=int, default=3)
    ap.add_argument("--compare", action="store_true", help="also time grand-cypher without the bridge pre-filter")
    args = ap.parse_args()

    t0 = time.perf_counter()
    G = make_synthetic_graph(args.papers)
    gen_s = time.perf_counter() - t0
    stats = graph_stats(G)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "store")
        store.write_graph(G)
        size_mb = store.graph_file.stat().st_size / 1e6
        del G
        gc.collect()
        t0 = time.perf_counter()
        backend = open_backend(store)
        load_ms = (time.perf_counter() - t0) * 1000
    gc.freeze()  # as kg/cli/query_cmds.py does after loading: the graph is never garbage
    t0 = time.perf_counter()
    backend.warm()
    warm_ms = (time.perf_counter() - t0) * 1000
    n = pick_names(backend)

    print(f"synthetic graph: {args.papers} papers, {sum(stats['nodes'].values())} nodes, "
          f"{sum(stats['relationships'].values())} relationships (generated in {gen_s:.1f} s); store file {size_mb:.0f} MB")
    print(f"  nodes: {stats['nodes']}")
    print(f"  relationships: {stats['relationships']}")
    print(f"one-off: load store {load_ms:.0f} ms; build indexes (names, ranking, entity-paper graph) {warm_ms:.0f} ms")
    print(f"names used: {n}")
    print()

    commands = [
        ("top (all types, n=20)", lambda: api.top(backend, None, 20)),
        ("top --type concept --n 20", lambda: api.top(backend, "concept", 20)),
        (f"show {n['concept']!r} (busiest concept)", lambda: api.show(backend, n["concept"])),
        (f"show {n['method'].lower()!r} (busiest method, lower-cased)", lambda: api.show(backend, n["method"].lower())),
        (f"papers --dataset {n['dataset']!r}", lambda: api.papers(backend, dataset=[n["dataset"]])),
        ("papers --dataset … --concept … --year-from 2020", lambda: api.papers(backend, dataset=[n["dataset"]], concept=[n["concept"]], year_from=2020)),
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
    print(f"catalogue queries (Cypher bridge + grand-cypher; median of {args.cypher_repeat}; target < 2 s)")
    worst = 0.0
    for name, params in catalogue:
        ms, rows = timed(lambda: run_named(backend, name, params), args.cypher_repeat)
        worst = max(worst, ms)
        last = backend.cypher_engine.last
        how = ("one-hop pattern read directly" if last.get("fast_path")
               else f"grand-cypher on a view of {last['view_nodes']} nodes / {last['view_edges']} edges")
        print(f"  {ms:8.1f} ms  {name} {params}  [{len(rows)} rows; {how}; {last['matches']} matches]")
    print(f"  slowest: {worst / 1000:.2f} s -> {'OK' if worst < 2000 else 'over target'}")
    print()
    ms, direct = timed(lambda: direct_emerging_concepts(backend.graph), args.repeat)
    same = direct == run_named(backend, "emerging_concepts", {})
    print(f"what would: emerging_concepts as a direct adjacency scan in Python (no pattern matcher) "
          f"{ms:.0f} ms, same rows: {same}")

    if args.compare:
        print()
        compare_without_prefilter(backend, n)


def _not_found(backend):
    try:
        api.show(backend, "not a name at all")
    except api.NotFound as exc:
        return exc.suggestions
    return []


def direct_emerging_concepts(G, limit: int = 50) -> list[dict]:
    """emerging_concepts.cypher computed straight from the adjacency (the floor for any matcher)."""
    first: dict[str, int] = {}
    papers: dict[str, set] = {}
    for c, d in G.nodes(data=True):
        if d.get("label") != "Concept":
            continue
        for p, keys in G.pred[c].items():
            year = G.nodes[p].get("year")
            if "MENTIONS" in keys and G.nodes[p].get("label") == "Paper" and year is not None:
                first[c] = min(first.get(c, year), year)
                papers.setdefault(c, set()).add(p)
    rows = [{"concept": G.nodes[c]["name"], "first_year": first[c], "papers": len(papers[c])} for c in first]
    rows.sort(key=lambda r: (-r["first_year"], -r["papers"], r["concept"]))
    return rows[:limit]


def compare_without_prefilter(backend, n) -> None:
    """grand-cypher alone on the whole graph with __labels__ (what the bridge's pre-filter avoids)."""
    import networkx as nx
    from grandcypher import GrandCypher

    G = backend.graph
    t0 = time.perf_counter()
    H = nx.MultiDiGraph()  # noqa: N806
    H.add_nodes_from((v, {"__labels__": {d["label"]}, "key": d.get("key")}) for v, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, {"__labels__": {k}}) for u, v, k in G.edges(keys=True))
    build_ms = (time.perf_counter() - t0) * 1000
    key = backend.resolve(n["dataset"], "Dataset")["key"]
    text = (f'MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset {{key: "{key}"}}) MATCH (p)-[:USES]->(m:Method) '
            "RETURN ID(p), ID(m)")
    t0 = time.perf_counter()
    res = GrandCypher(H).run(text)
    ms = (time.perf_counter() - t0) * 1000
    print(f"without the bridge pre-filter: labelled copy of the whole graph {build_ms:.0f} ms; grand-cypher "
          f"methods-on-dataset pattern {ms:.0f} ms for {len(next(iter(res.values())))} matches")
    t0 = time.perf_counter()
    backend.cypher("MATCH (p:Paper)-[:EVALUATES_ON]->(d:Dataset {key: $k}) MATCH (p)-[:USES]->(m:Method) RETURN p.id, m.key",
                   {"k": key})
    print(f"with the bridge: the same pattern {(time.perf_counter() - t0) * 1000:.0f} ms "
          f"({backend.cypher_engine.last['matches']} matches)")


if __name__ == "__main__":
    main()
