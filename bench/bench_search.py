"""`kg papers --search` on a synthetic store: fresh-process wall time and peak RSS per query.

    .venv/bin/python -m bench.bench_search                      # 100,000 papers, median of 5
    .venv/bin/python -m bench.bench_search --papers 20000 --repeat 3 --json

The graph comes from bench/synthetic.py; its papers get generated abstracts
(8–12 sentences, ~150 words, from a Zipf-weighted vocabulary of made-up words
and the entity names), so the index has real work to do. Reported: the store
write (graph + search index) and the index alone, its size on disk, then for
each query the hits, the median wall and CPU time and peak RSS of ``--repeat`` fresh
``python -m kg papers --search Q --json`` processes, and the in-process time on
an open index; last, the first search on a store without an index (rebuilt).
Targets at 100,000 papers: ≤ 0.5 s and ≤ 200 MB per process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_cli import run_process
from bench.synthetic import make_synthetic_graph
from kg.store import EmbeddedStore
from kg.store.search_index import INDEX_FILE, search, write_index_file

TARGET_S, TARGET_MB = 0.5, 200
QUERIES = [
    "diffusion",  # a hub word: tens of thousands of hits
    '"label noise"',  # a phrase
    "robust calibration",  # two words, AND
    "sparsity OR distillation",  # OR
    '"contrastive alignment" NOT federated',  # phrase, NOT
    "title:segmentation abstract:noisy",  # fields
    "flo*",  # word starts
    "zenvexqua",  # a rare made-up word
]
_SYL = ["flo", "nar", "vex", "tri", "lum", "qua", "zen", "mor", "pix", "dra", "sel", "kor", "bri", "tal", "gen", "ros"]
_FILLER = [
    "we",
    "propose",
    "study",
    "show",
    "that",
    "the",
    "a",
    "of",
    "for",
    "on",
    "with",
    "results",
    "method",
    "improves",
    "label",
    "noise",
    "noisy",
    "robust",
    "calibration",
    "model",
    "training",
    "data",
    "learning",
]
_TEMPLATES = [
    "We study {a} {b} with {c}.",
    "Our {a} approach improves {b} on {c}.",
    "Results show that {a} {b} helps {c}.",
    "{A} is robust to {b} in {c}.",
    "We propose a {a} method for {b} {c}.",
]


def add_abstracts(G, seed: int = 11) -> None:
    """Give every Paper node a generated abstract of 8–12 sentences."""
    rng = random.Random(seed)
    words = list({"".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))) for _ in range(20000)})
    from bench.synthetic import _NOUNS, _WORDS

    vocab = _FILLER + _WORDS + _NOUNS + words

    def word() -> str:
        return vocab[min(len(vocab) - 1, int(len(vocab) ** rng.random()) - 1)]

    for _, data in G.nodes(data=True):
        if data.get("label") != "Paper":
            continue
        sentences = []
        for _ in range(rng.randint(8, 12)):
            a, b, c = word(), word(), word()
            sentences.append(rng.choice(_TEMPLATES).format(a=a, b=b, c=c, A=a.capitalize()))
        data["abstract"] = " ".join(sentences)


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def run(papers: int, repeat: int) -> dict:
    t0 = time.perf_counter()
    G = make_synthetic_graph(papers)
    add_abstracts(G)
    generate_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        store = EmbeddedStore(Path(tmp) / "st", memory_mb=2048)  # the bulk load of 100k abstracts needs >512 MB
        t0 = time.perf_counter()
        store.write_graph(G)
        write_s = time.perf_counter() - t0
        rows = [d for _, d in G.nodes(data=True) if d.get("label") == "Paper"]
        t0 = time.perf_counter()
        write_index_file(Path(tmp) / "alone.sqlite", rows, "-")
        index_s = time.perf_counter() - t0
        del G, rows
        env = dict(os.environ, KG_STORE=str(store.path))
        results = []
        db = store.search_index()
        for q in QUERIES:
            total, _ = search(db, q, limit=20)
            t0 = time.perf_counter()
            for _ in range(repeat):
                search(db, q, limit=20)
            in_ms = (time.perf_counter() - t0) / repeat * 1000
            runs = [run_process(["papers", "--search", q, "--json"], env) for _ in range(repeat)]
            assert all(r[2] == 0 for r in runs), f"kg papers --search {q!r} failed"
            results.append(
                {
                    "query": q,
                    "hits": total,
                    "wall_s": round(statistics.median(r[0] for r in runs), 3),
                    "cpu_s": round(statistics.median(r[3] for r in runs), 3),
                    "peak_mb": round(max(r[1] for r in runs), 1),
                    "in_process_ms": round(in_ms, 1),
                }
            )
        db.close()
        (store.path / INDEX_FILE).unlink()
        first = run_process(["papers", "--search", "diffusion", "--json"], env)
        return {
            "papers": papers,
            "generate_s": round(generate_s, 1),
            "store_write_s": round(write_s, 1),
            "index_alone_s": round(index_s, 1),
            "index_mb": round((store.path / INDEX_FILE).stat().st_size / 2**20, 1),
            "store_mb": round(_size_mb(store.path), 1),
            "queries": results,
            "rebuild_first_search_s": round(first[0], 2),
            "rebuild_peak_mb": round(first[1], 1),
        }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--papers", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    out = run(args.papers, args.repeat)
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(
        f"{out['papers']:,} papers: store write {out['store_write_s']} s (index alone {out['index_alone_s']} s), "
        f"index {out['index_mb']} MB of {out['store_mb']} MB on disk"
    )
    print(f"{'query':44} {'hits':>7} {'wall s':>7} {'cpu s':>6} {'peak MB':>8} {'in-proc ms':>10}")
    for r in out["queries"]:
        flag = "" if r["wall_s"] <= TARGET_S and r["peak_mb"] <= TARGET_MB else "  over target"
        print(
            f"{r['query']:44} {r['hits']:>7,} {r['wall_s']:>7} {r['cpu_s']:>6} {r['peak_mb']:>8} "
            f"{r['in_process_ms']:>10}{flag}"
        )
    print(f"first search without an index (rebuilt): {out['rebuild_first_search_s']} s, {out['rebuild_peak_mb']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
