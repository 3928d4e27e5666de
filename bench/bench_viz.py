"""Benchmark ``kg viz`` and every ``kg export`` format on synthetic graphs.

    .venv/bin/python bench/bench_viz.py [--sizes 100 1000 5000] [--browser-sizes 100 1000] [--repeat 3]

For each size N a synthetic graph of exactly N nodes in the paperkg schema is
generated (built with kg.core.graph helpers: ~1/4 papers, entities in topical
clusters with Zipf popularity, CO_OCCURS with association strength, like the
builder) and selected whole (``Selection(top=N)``). Reported: median wall time
of the Python API call and the output size. Then the page is opened in
headless Chromium (offline, bench/support/browser.py) and the time from navigation
start until the network has stabilised (vis ``stabilizationIterationsDone``
with physics; first drawn frame with a fixed Python layout) is read from the page.
Results are also written to bench/results/bench_viz.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.core.graph import add_cooccurrence, add_entity, add_paper, link_paper, new_graph  # noqa: E402
from kg.core.papers import Paper  # noqa: E402
from kg.present.export import FORMATS, export_graph  # noqa: E402
from kg.present.select import Selection, select  # noqa: E402
from kg.present.viz import make_map  # noqa: E402
from queries.schema import DEFAULT_PAPER_REL, ENTITY_LABELS, PROPOSES  # noqa: E402

SUFFIX = {
    "graphml": ".graphml",
    "gexf": ".gexf",
    "json": ".json",
    "neo4j-csv": "",
    "cypher": ".cypher",
    "bibtex": ".bib",
    "review-md": ".md",
    "review-csv": ".csv",
}


def synthetic_graph(n_nodes: int, seed: int = 0):
    """A graph of exactly ``n_nodes`` nodes in the paperkg schema."""
    rng = random.Random(seed)
    n_papers = max(2, n_nodes // 4)
    n_entities = n_nodes - n_papers
    n_topics = max(3, n_entities // 40)
    G = new_graph()
    entities = []
    for i in range(n_entities):
        label = rng.choices(ENTITY_LABELS, weights=(4, 2, 2, 1, 4))[0]
        key = f"{label.lower()} {i}"
        entities.append(
            (
                add_entity(G, label, key, f"{label[:3]}-{i}", aliases=[f"{label[:3]}-{i}", f"{label[:3]}{i}"]),
                i % n_topics,
            )
        )
    by_topic: dict[int, list[str]] = {}
    for nid, t in entities:
        by_topic.setdefault(t, []).append(nid)
    weight = {nid: 1.0 / (1 + r) ** 0.8 for t in by_topic for r, nid in enumerate(by_topic[t])}
    all_ids = [nid for nid, _ in entities]
    paper_sets: dict[str, set[str]] = {}
    for j in range(n_papers):
        year = rng.randint(2015, 2025)
        p = add_paper(
            G,
            Paper(
                id=f"s{j}",
                title=f"Synthetic paper {j} on topic {j % n_topics}",
                abstract="Synthetic.",
                year=year,
                date=f"{year}-01-01",
                url=f"https://example.org/s{j}",
                authors=[f"Author {j}", f"Second {j}"],
            ),
        )
        pool = by_topic[rng.randrange(n_topics)]
        k = rng.randint(3, 8)
        chosen = set(rng.choices(pool, weights=[weight[x] for x in pool], k=k))
        if rng.random() < 0.3:
            chosen.add(rng.choice(all_ids))
        for i, nid in enumerate(sorted(chosen)):
            label = G.nodes[nid]["label"]
            rel = PROPOSES if i == 0 and label == "Method" else DEFAULT_PAPER_REL[label]
            link_paper(G, p, nid, rel, count=1, evidence=[f"Sentence {j}.{i} about {G.nodes[nid]['name']}."])
            paper_sets.setdefault(nid, set()).add(p)
    for nid in all_ids:
        G.nodes[nid]["papers"] = len(paper_sets.get(nid, ()))
    pairs: dict[tuple[str, str], int] = {}
    for p in (n for n in G if n.startswith("Paper:")):
        ents = sorted(G.successors(p))
        for a in range(len(ents)):
            for b in range(a + 1, len(ents)):
                pairs[(ents[a], ents[b])] = pairs.get((ents[a], ents[b]), 0) + 1
    for (a, b), shared in pairs.items():
        add_cooccurrence(G, a, b, shared, shared * n_papers / (len(paper_sets[a]) * len(paper_sets[b])))
    assert G.number_of_nodes() == n_nodes
    return G


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def page_stabilisation(page: Path, repeat: int) -> list[float]:
    from bench.support.browser import chromium, wait_for

    out = []
    with chromium(width=1400, height=900, offline=True) as driver:
        for _ in range(repeat):
            driver.get("about:blank")
            driver.get(page.as_uri())
            out.append(
                wait_for(
                    driver, "window.paperkg && window.paperkg.stabilized && window.paperkg.stabilizedAt", timeout=600
                )
                / 1000
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--browser-sizes", type=int, nargs="*", default=[100, 1000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-viz-"))
    results = {"files": [], "browser": []}
    print(f"{'nodes':>6} {'edges':>7} {'output':<11} {'median s':>9} {'size KB':>9}")
    pages = {}
    for n in args.sizes:
        G = synthetic_graph(n)
        sel_t, sub = timed(lambda G=G, n=n: select(G, Selection(top=n)), args.repeat)
        print(f"{n:>6} {sub.number_of_edges():>7} {'select':<11} {sel_t:>9.3f} {'':>9}")
        results["files"].append({"nodes": n, "edges": sub.number_of_edges(), "output": "select", "seconds": sel_t})
        page = tmp / f"map-{n}.html"
        t, info = timed(lambda G=G, n=n, page=page: make_map(G, Selection(top=n), page), args.repeat)
        pages[n] = (G, page, info.layout)
        rows = [("viz", t, info.bytes, info.layout)]
        for fmt in FORMATS:
            path = tmp / f"out-{n}{SUFFIX[fmt]}" if SUFFIX[fmt] else tmp / f"csv-{n}"
            t, einfo = timed(
                lambda sub=sub, fmt=fmt, path=path, G=G: export_graph(sub, fmt, path, context=G), args.repeat
            )
            rows.append((fmt, t, einfo.bytes, ""))
        for name, t, size, note in rows:
            print(f"{n:>6} {sub.number_of_edges():>7} {name:<11} {t:>9.3f} {size / 1024:>9.0f} {note}")
            results["files"].append(
                {
                    "nodes": n,
                    "edges": sub.number_of_edges(),
                    "output": name,
                    "seconds": t,
                    "bytes": size,
                    "layout": note or None,
                }
            )
    print(f"\n{'nodes':>6} {'layout':<8} stabilised after s (median of {args.repeat})")
    for n in args.browser_sizes:
        G = pages[n][0] if n in pages else synthetic_graph(n)
        variants = [("auto", tmp / f"map-{n}.html")]
        if n > 300:
            variants.append(("physics", tmp / f"map-{n}-physics.html"))
        for layout, page in variants:
            info = make_map(G, Selection(top=n), page, layout=layout)
            times = page_stabilisation(page, args.repeat)
            med = statistics.median(times)
            print(f"{n:>6} {info.layout:<8} {med:.2f}  (runs: {', '.join(f'{x:.2f}' for x in times)})")
            results["browser"].append({"nodes": n, "layout": info.layout, "seconds_median": med, "runs": times})
    save_results("bench_viz", results)


def save_results(name: str, results: dict) -> None:
    """Write ``results`` to bench/results/NAME.json and say where."""
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
