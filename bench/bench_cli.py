"""Every ready-made command as a fresh `kg` process on synthetic stores, and the query itself in-process.

    .venv/bin/python -m bench.bench_cli                       # 20,000 and 100,000 papers, median of 5
    .venv/bin/python -m bench.bench_cli --papers 20000 --repeat 3 --json
    .venv/bin/python -m bench.bench_cli --papers 200 --repeat 9     # start-up cost on a small store

For each size, in one run: generate the graph (bench/synthetic.py), write it
to a temporary embedded store (the bulk load a `kg build` ends with) and report
the write time and the size on disk; then, for `kg --help`, `top`, `show`,
`papers`, `related`, `path`, `stats` and every named query, the median wall time
and peak memory (max RSS of the child, from ``wait4``) of ``--repeat`` fresh
``python -m kg …`` processes, beside the median in-process time of the same
question through the Python API on an open store (opening excluded; `show` and
`papers` list their default first page of 20 and count the rest, as the commands do). CPU time
(user + sys) of each process is reported beside its wall time.
Targets at 100,000 papers: ≤ 0.6 s wall and ≤ 200 MB per process, ≤ 50 ms in-process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_queries import pick_names, timed
from bench.synthetic import make_synthetic_graph
from kg.store import EmbeddedStore
from queries import CypherBackend, api
from queries.named_queries import run_named

ROOT = Path(__file__).resolve().parents[1]
TARGET_S, TARGET_MB, TARGET_MS = 0.6, 200, 50


#: started from a small interpreter, so the child's peak RSS is its own (a fork of this big
#: process would count the parent's pages until exec)
_MEASURE = """
import json, os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(json.loads(sys.argv[1]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(json.dumps([time.perf_counter() - t0, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status),
                  usage.ru_utime + usage.ru_stime]))
"""


def run_process(args: list[str], env: dict) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS in MB, exit status, CPU seconds) of one fresh ``python -m kg ARGS``."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, json.dumps([sys.executable, "-m", "kg", *args])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, mb, code, cpu = json.loads(out.stdout)
    return wall, mb, code, cpu


def commands(names: dict) -> list[tuple[str, list[str], object]]:
    """(label, kg arguments, in-process call on a backend or None) for every command timed."""
    named = {
        "methods_on_dataset": {"dataset": names["dataset"]},
        "datasets_for_task": {"task": names["task"]},
        "methods_for_task": {"task": names["task"]},
        "papers_linking_concepts": {"a": names["concept"], "b": names["concept2"]},
        "concepts_with_method": {"method": names["method"]},
        "concept_timeline": {"concept": names["concept"]},
        "emerging_concepts": {},
    }
    if names.get("author"):  # a store with authors, venues and citations
        named.update(
            {
                "most_cited": {},
                "co_citation": {"paper": names["cited"]},
                "bibliographic_coupling": {"paper": names["cited"]},
            }
        )
    rows = [
        ("kg --help", ["--help"], None),
        ("top", ["top"], lambda b: api.top(b, None, 20)),
        ("top --type concept", ["top", "--type", "concept"], lambda b: api.top(b, "concept", 20)),
        (f"show {names['concept']!r}", ["show", names["concept"]], lambda b: api.show(b, names["concept"])),
        (
            f"papers --dataset {names['dataset']!r}",
            ["papers", "--dataset", names["dataset"]],
            lambda b: api.papers_page(b, dataset=[names["dataset"]]),
        ),
        (f"related {names['method']!r}", ["related", names["method"]], lambda b: api.related(b, names["method"])),
        (
            f"path {names['path_a']!r} {names['path_b']!r}",
            ["path", names["path_a"], names["path_b"]],
            lambda b: api.path(b, names["path_a"], names["path_b"]),
        ),
        ("stats", ["stats"], lambda b: b.conn.stats()),
    ]
    if names.get("author"):
        rows += [
            ("top --type author", ["top", "--type", "author"], lambda b: api.top(b, "author", 20)),
            (
                f"papers --author {names['author']!r}",
                ["papers", "--author", names["author"]],
                lambda b: api.papers_page(b, author=[names["author"]]),
            ),
            (
                f"papers --venue {names['venue']!r}",
                ["papers", "--venue", names["venue"]],
                lambda b: api.papers_page(b, venue=[names["venue"]]),
            ),
            (f"show {names['cited']} (paper card)", ["show", names["cited"]], None),
        ]
    for name, params in named.items():
        args = ["query", name, *[x for k, v in params.items() for x in ("--param", f"{k}={v}")]]
        rows.append((f"query {name}", args, lambda b, name=name, params=params: run_named(b, name, params)))
    return rows


def bib_names(backend) -> dict[str, str]:
    """The busiest author (by key: the name of a busy surname may fit several authors) and venue, and the
    most cited paper, when the store has them."""
    author, venue = backend.top("Author", 1), backend.top("Venue", 1)
    rows = backend.cypher(
        "MATCH (:Paper)-[:CITES]->(p:Paper) RETURN p.key AS key, count(*) AS n ORDER BY n DESC, key LIMIT 1",
        {},
        isolated=False,
    )
    if not (author and venue and rows):
        return {}
    return {"author": author[0]["key"], "venue": venue[0]["name"], "cited": rows[0]["key"]}


def bench_size(n_papers: int, repeat: int, workdir: Path, bibliography: bool = True) -> dict:
    t0 = time.perf_counter()
    G = make_synthetic_graph(n_papers, bibliography=bibliography)
    generated = time.perf_counter() - t0
    nodes, rels = G.number_of_nodes(), G.number_of_edges()
    store = EmbeddedStore(workdir / f"store-{n_papers}")
    t0 = time.perf_counter()
    store.write_graph(G)
    write_s = time.perf_counter() - t0
    del G
    t0 = time.perf_counter()
    store.read_graph()
    read_s = time.perf_counter() - t0
    store.close()
    backend = CypherBackend(EmbeddedStore(store.path))
    names = {**pick_names(backend), **bib_names(backend)}
    env = {**os.environ, "KG_STORE": str(store.path), "COLUMNS": "120"}
    rows = []
    for label, args, call in commands(names):
        walls, rss, cpus = [], [], []
        for _ in range(repeat):
            wall, mb, code, cpu = run_process(args, env)
            if code != 0:
                raise SystemExit(f"kg {' '.join(args)} failed with exit status {code}")
            walls.append(wall)
            rss.append(mb)
            cpus.append(cpu)
        in_ms = None
        if call is not None:
            call(backend)  # warm the open database once, as a long-lived process would be
            in_ms, _ = timed(lambda call=call: call(backend), repeat)
        rows.append(
            {
                "command": label,
                "wall_s": round(statistics.median(walls), 3),
                "cpu_s": round(statistics.median(cpus), 3),
                "peak_mb": round(statistics.median(rss), 1),
                "in_process_ms": None if in_ms is None else round(in_ms, 1),
            }
        )
    backend.close()
    return {
        "papers": n_papers,
        "nodes": nodes,
        "relationships": rels,
        "generate_s": round(generated, 1),
        "write_s": round(write_s, 2),
        "read_graph_s": round(read_s, 2),
        "size_mb": round(store.graph_file.stat().st_size / 1e6, 1),
        "names": names,
        "commands": rows,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, nargs="+", default=[20000, 100000])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--no-bibliography",
        action="store_true",
        help="papers without authors, venues and references (the graph of paperkg before them)",
    )
    args = ap.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="paperkg-bench-cli-") as tmp:
        results = [bench_size(n, args.repeat, Path(tmp), not args.no_bibliography) for n in args.papers]
    load = {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()]}
    if args.json:
        print(json.dumps([dict(r, load_average=load) for r in results], indent=2))
        return
    for r in results:
        print(
            f"\n{r['papers']} papers: {r['nodes']} nodes, {r['relationships']} relationships; "
            f"store written in {r['write_s']} s (bulk load), read whole into NetworkX in {r['read_graph_s']} s, "
            f"{r['size_mb']} MB on disk"
        )
        print(f"{'command':<58} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} {'in-proc ms':>11}")
        for c in r["commands"]:
            ok = c["wall_s"] <= TARGET_S and c["peak_mb"] <= TARGET_MB and (c["in_process_ms"] or 0) <= TARGET_MS
            in_ms = "" if c["in_process_ms"] is None else c["in_process_ms"]
            print(
                f"{c['command'][:58]:<58} {c['wall_s']:>7} {c['cpu_s']:>6} {c['peak_mb']:>8} {in_ms:>11}  {'ok' if ok else 'OVER'}"
            )
    print(
        f"\ntargets (100k papers): wall ≤ {TARGET_S} s, peak ≤ {TARGET_MB} MB per fresh process; "
        f"≤ {TARGET_MS} ms in-process; medians of {args.repeat} (cpu s: user+sys of the process, "
        "which a busy machine inflates less than wall time)"
    )
    print(f"load average (1, 5, 15 min) before {load['before']}, after {load['after']} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
