"""Neo4j store: push throughput into the FalkorDB Bolt test server, and query latency on both stores.

    .venv/bin/python -m bench.bench_neo4j                      # the seeds graph (kg build ../shared/seeds/*.txt)
    .venv/bin/python -m bench.bench_neo4j --synthetic 200      # a synthetic graph of 200 papers instead
    .venv/bin/python -m bench.bench_neo4j --batch-sizes 10,25,50,100 --repeat 5 --json

Steps, in one run:

1. the graph: ``kg build`` of the seeds into a temporary embedded store (read
   at run time from ``../shared/seeds``; nothing is copied), or
   ``bench/synthetic.py``'s generator;
2. a FalkorDB Bolt server on loopback (bench/support/bolt_server.py);
3. push throughput, nodes + relationships per second, per batch size: a
   *cold* push into an empty graph and a *re-push* of the same graph (the
   idempotent diff: reads what is there, MERGEs everything again, deletes
   nothing), ``--repeat`` times each, medians;
4. the median latency of every query command (through ``queries.api``, names
   resolved as the CLI does) and every catalogue query, on the embedded store
   (LadybugDB) and on the server (Neo4j protocol), after the one-off opening costs,
   which are reported separately. Both backends' answers are checked equal.
"""

from __future__ import annotations

import argparse
import glob
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_queries import timed
from bench.support.bolt_server import BoltServer, clear_graph
from kg.core.graph import graph_stats
from kg.store import EmbeddedStore
from kg.store.falkordb_adapter import FALKORDB_SAFE_BYTES
from kg.store.neo4j_store import open_neo4j_store
from queries import CypherBackend, api
from queries.named_queries import load_catalogue, run_named

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def make_graph(args, workdir: Path):
    """(graph, description) from the seeds build or the synthetic generator."""
    if args.synthetic:
        from bench.synthetic import make_synthetic_graph

        return make_synthetic_graph(n_papers=args.synthetic), f"synthetic graph of {args.synthetic} papers"
    from kg.build.pipeline import build

    sources = sorted(glob.glob(str(SEEDS / "*.txt")))
    if not sources:
        sys.exit(f"no seeds in {SEEDS}; pass --synthetic N")
    store = EmbeddedStore(workdir / "seeds-store")
    t0 = time.perf_counter()
    build(sources, store, cache_path=workdir / "cache.sqlite")
    return store.read_graph(), f"seeds graph ({len(sources)} files, built in {time.perf_counter() - t0:.1f}s)"


def bench_push(server: BoltServer, G, batch_sizes: list[int], repeat: int) -> list[dict]:
    items = G.number_of_nodes() + G.number_of_edges()
    rows = []
    for size in batch_sizes:
        cold, warm, batches = [], [], 0
        for _ in range(repeat):
            clear_graph(server.uri)
            with open_neo4j_store(server.uri, "falkordb", "", batch_size=size) as store:
                store.write_graph(G)  # probes capabilities and creates indexes outside the timing
                clear_graph(server.uri)
                report = store.write_graph(G)
                cold.append(report.seconds)
                batches = report.batches
                again = store.write_graph(G)
                warm.append(again.seconds)
                assert again.deleted_nodes == again.deleted_relationships == 0
                assert store.stats() == graph_stats(G)
        c, w = statistics.median(cold), statistics.median(warm)
        rows.append(
            {
                "batch_size": size,
                "batches": batches,
                "rows_per_batch": round(items / batches, 1),
                "cold_s": round(c, 3),
                "cold_items_per_s": round(items / c),
                "repush_s": round(w, 3),
                "repush_items_per_s": round(items / w),
                "server_alive": server.alive(),
            }
        )
        if not server.alive():
            break
    return rows


def pick(backend) -> dict[str, str]:
    """Names to ask about: the busiest entity of each type, and a mid-ranked method–dataset pair for paths."""
    top = {label: backend.top(label, 50) for label in ("Method", "Dataset", "Task", "Concept")}
    concepts = top["Concept"]
    return {
        "method": top["Method"][0]["name"],
        "dataset": top["Dataset"][0]["name"],
        "task": top["Task"][0]["name"],
        "concept": concepts[0]["name"],
        "concept2": concepts[1]["name"] if len(concepts) > 1 else concepts[0]["name"],
        "path_a": top["Method"][min(len(top["Method"]) - 1, 10)]["name"],
        "path_b": top["Dataset"][min(len(top["Dataset"]) - 1, 10)]["name"],
    }


def commands(names: dict[str, str]) -> dict:
    n = names
    return {
        "top": lambda b: api.top(b, None, 20),
        "top --type method": lambda b: api.top(b, "method", 20),
        f"show {n['concept']!r}": lambda b: api.show(b, n["concept"]),
        f"papers --dataset {n['dataset']!r}": lambda b: api.papers(b, dataset=[n["dataset"]]),
        f"papers --concept {n['concept']!r} --year-from 2024": lambda b: api.papers(
            b, concept=[n["concept"]], year_from=2024
        ),
        f"related {n['concept']!r}": lambda b: api.related(b, n["concept"]),
        f"path {n['path_a']!r} {n['path_b']!r}": lambda b: api.path(b, n["path_a"], n["path_b"]),
        "cypher (papers per year)": lambda b: api.cypher(
            b, "MATCH (p:Paper) WHERE p.year IS NOT NULL RETURN p.year AS year, count(p) AS papers ORDER BY year"
        ),
    }


def catalogue_params(names: dict[str, str]) -> dict[str, dict]:
    values = {
        "Method": names["method"],
        "Dataset": names["dataset"],
        "Task": names["task"],
        "Concept": names["concept"],
    }
    out = {}
    for q in load_catalogue().values():
        params = {p.name: values[p.type] for p in q.params if p.type in values}
        if q.name == "papers_linking_concepts":
            params = {"a": names["concept"], "b": names["concept2"]}
        out[q.name] = params
    return out


def same(a, b) -> str:
    """ "yes"; "order" when equal once list values inside rows are sorted (``collect`` order is unspecified); else "NO"."""
    if a == b:
        return "yes"

    def norm(x):
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items()}
        if isinstance(x, list):
            items = [norm(v) for v in x]
            try:
                return sorted(items)
            except TypeError:
                return items
        return x

    return "order" if norm(a) == norm(b) else "NO"


def bench_queries(server: BoltServer, G, workdir: Path, repeat: int) -> dict:
    store = EmbeddedStore(workdir / "query-store")
    store.write_graph(G)
    clear_graph(server.uri)
    with open_neo4j_store(server.uri, "falkordb", "") as target:
        target.write_graph(G)
    t0 = time.perf_counter()
    nxb = CypherBackend(store)
    _ = nxb.names  # the one-off fetch of all entities for name resolution
    open_embedded = time.perf_counter() - t0
    t0 = time.perf_counter()
    neo = CypherBackend(open_neo4j_store(server.uri, "falkordb", ""))
    _ = neo.names  # the one-off fetch of all entities for name resolution
    open_neo4j = time.perf_counter() - t0
    names = pick(nxb)
    rows = []
    for label, fn in commands(names).items():
        a_ms, a = timed(lambda fn=fn: fn(nxb), repeat)
        b_ms, b = timed(lambda fn=fn: fn(neo), repeat)
        rows.append(
            {
                "command": label,
                "embedded_ms": round(a_ms, 2),
                "neo4j_ms": round(b_ms, 2),
                "same": same(a, b),
                "rows": len(a) if isinstance(a, list) else len(a.get("papers") or a.get("hops") or []),
            }
        )
    for name, params in catalogue_params(names).items():
        a_ms, a = timed(lambda name=name, params=params: run_named(nxb, name, params), repeat)
        b_ms, b = timed(lambda name=name, params=params: run_named(neo, name, params), repeat)
        rows.append(
            {
                "command": f"query {name}",
                "embedded_ms": round(a_ms, 2),
                "neo4j_ms": round(b_ms, 2),
                "same": same(a, b),
                "rows": len(a),
            }
        )
    neo.close()
    return {
        "open_embedded_s": round(open_embedded, 3),
        "open_neo4j_s": round(open_neo4j, 3),
        "path_strategy": neo.last_path_strategy,
        "names": names,
        "commands": rows,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic", type=int, default=0, help="use a synthetic graph of N papers instead of the seeds")
    ap.add_argument("--batch-sizes", default="10,25,50,100,200", help="comma-separated batch sizes to push with")
    ap.add_argument("--repeat", type=int, default=5, help="repetitions per measurement (medians reported)")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="paperkg-bench-neo4j-") as tmp, BoltServer() as server:
        undo = server.patch_driver()
        G, what = make_graph(args, Path(tmp))
        stats = graph_stats(G)
        push = bench_push(server, G, [int(x) for x in args.batch_sizes.split(",")], args.repeat)
        queries = bench_queries(server, G, Path(tmp), args.repeat)
        undo()
    result = {
        "graph": what,
        "nodes": G.number_of_nodes(),
        "relationships": G.number_of_edges(),
        "stats": stats,
        "byte_budget": FALKORDB_SAFE_BYTES,
        "repeat": args.repeat,
        "push": push,
        "queries": queries,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{what}: {result['nodes']} nodes, {result['relationships']} relationships; "
        f"FalkorDB batch budget {FALKORDB_SAFE_BYTES} bytes of query text; medians of {args.repeat}"
    )
    print("\npush into the FalkorDB Bolt server (one transaction per push)")
    print(f"{'batch':>6} {'batches':>8} {'rows/b':>7} {'cold s':>8} {'items/s':>8} {'re-push s':>10} {'items/s':>8}")
    for r in push:
        print(
            f"{r['batch_size']:>6} {r['batches']:>8} {r['rows_per_batch']:>7} {r['cold_s']:>8} "
            f"{r['cold_items_per_s']:>8} {r['repush_s']:>10} {r['repush_items_per_s']:>8}"
        )
    q = queries
    print(
        f"\nqueries (warm; one-off open: embedded {q['open_embedded_s']}s open+names, "
        f"neo4j {q['open_neo4j_s']}s connect+names; path via {q['path_strategy']})"
    )
    print(f"{'command':<62} {'embedded ms':>12} {'neo4j ms':>9} {'ratio':>6} {'rows':>5} same")
    for r in q["commands"]:
        ratio = r["neo4j_ms"] / r["embedded_ms"] if r["embedded_ms"] else float("inf")
        print(
            f"{r['command'][:62]:<62} {r['embedded_ms']:>12} {r['neo4j_ms']:>9} {ratio:>6.1f} {r['rows']:>5} {r['same']}"
        )


if __name__ == "__main__":
    main()
