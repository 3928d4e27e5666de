"""Benchmark ``kg map`` (the term map) at 100, 1,000 and 5,000 terms.

    .venv/bin/python bench/bench_termmap.py [--terms 100 1000 5000] [--browser-terms 100 1000 5000] [--repeat 3]
    .venv/bin/python bench/bench_termmap.py --store /tmp/arxiv-store --terms 1000 5000   # a real graph

For each size N, a synthetic graph in the paperkg schema (bench/bench_viz.py's
generator: topical clusters, Zipf popularity) with more than N entities is
mapped with ``max_terms=N``. Reported per size: seconds of each step (term
network, clusters, layout, page), the page size, links drawn, clusters and
the silhouette of the positions by cluster. Then each page is opened in
headless Chromium (offline) and the time from navigation start to the first
drawn frame (nodes, links and labels on the canvas) is read from the page
(``paperkg.firstFrameAt``); side by side, in the same browser, the ``kg viz``
page of the same N entities with its fixed Python layout (time to its first
drawn frame), as a ratio; and the time of one full redraw at the initial zoom
(vis-network and the label placement, then the labels alone), which is what
every pan and zoom costs. Medians of ``--repeat`` runs; results also go to
bench/results/bench_termmap.json.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_viz import save_results, synthetic_graph  # noqa: E402
from kg.present.select import Selection  # noqa: E402
from kg.present.termmap import make_term_map  # noqa: E402
from kg.present.viz import make_map  # noqa: E402
from queries.schema import ENTITY_LABELS  # noqa: E402


def graph_for(n_terms: int, store: str | None):
    if store:
        from kg.store import open_store

        s = open_store(store)
        try:
            return s.read_graph()
        finally:
            s.close()
    return synthetic_graph(int(n_terms * 2.2))  # ~3/4 entities, most of them in some paper


def first_frames(driver, page: Path, script: str, repeat: int) -> list[float]:
    from bench.support.browser import wait_for

    out = []
    for _ in range(repeat):
        driver.get("about:blank")
        driver.get(page.as_uri())
        out.append(wait_for(driver, script, timeout=600) / 1000)
    return out


FRAME_MS = """var t0 = performance.now(), n = 10, lab = 0;
for (var i = 0; i < n; i++) { network.renderer._redraw(); lab += paperkg.labelMs; }
return [(performance.now() - t0) / n, lab / n];"""


def frame_ms(driver) -> tuple[float, float]:
    """Milliseconds of one full redraw at the initial zoom (vis-network + labels), and of the labels alone."""
    total, labels = driver.execute_script(FRAME_MS)
    return total, labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--terms", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument(
        "--browser-terms", type=int, nargs="*", default=None, help="sizes opened in Chromium (default: all)"
    )
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--store", help="map this store's graph instead of a synthetic one")
    args = ap.parse_args()
    browser_terms = args.terms if args.browser_terms is None else args.browser_terms
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-termmap-"))
    results = {"maps": [], "browser": []}
    print(
        f"{'terms':>6} {'links':>7} {'drawn':>6} {'clusters':>8} {'silh.':>6} {'network s':>9} {'clusters s':>10} "
        f"{'layout s':>9} {'page s':>7} {'total s':>8} {'page MB':>8}"
    )
    pages = {}
    for n in args.terms:
        G = graph_for(n, args.store)
        page = tmp / f"terms-{n}.html"
        runs = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            info = make_term_map(G, page, max_terms=n, min_papers=1)
            runs.append((time.perf_counter() - t0, info))
        total = statistics.median(r[0] for r in runs)
        info = runs[-1][1]
        step = {k: statistics.median(r[1].seconds[k] for r in runs) for k in info.seconds}
        pages[n] = (G, page, info.terms)
        print(
            f"{info.terms:>6} {info.links:>7} {info.drawn_links:>6} {info.clusters:>8} {info.silhouette:>6.2f} "
            f"{step['network']:>9.2f} {step['clusters']:>10.2f} {step['layout']:>9.2f} {step['page']:>7.2f} "
            f"{total:>8.2f} {info.bytes / 1e6:>8.2f}"
        )
        results["maps"].append(
            {
                "terms": info.terms,
                "links": info.links,
                "drawn_links": info.drawn_links,
                "clusters": info.clusters,
                "silhouette": info.silhouette,
                "seconds": step,
                "total_seconds": total,
                "bytes": info.bytes,
            }
        )
    if browser_terms:
        from bench.support.browser import chromium

        print(
            f"\n{'terms':>6} {'kg map first frame s':>21} {'kg viz first frame s':>21} {'ratio':>6} {'redraw ms':>9} "
            f"{'labels ms':>9}   (median of {args.repeat})"
        )
        with chromium(width=1400, height=900, offline=True) as driver:
            for n in browser_terms:
                G, page, terms = pages[n]
                viz = tmp / f"viz-{n}.html"
                make_map(G, Selection(types=ENTITY_LABELS, top=terms), viz, layout="python")
                mine = first_frames(driver, page, "window.paperkg && window.paperkg.firstFrameAt", args.repeat)
                ref = first_frames(
                    driver,
                    viz,
                    "window.paperkg && window.paperkg.stabilized && window.paperkg.stabilizedAt",
                    args.repeat,
                )
                first_frames(driver, page, "window.paperkg && window.paperkg.firstFrameAt", 1)
                redraw, labels = frame_ms(driver)
                a, b = statistics.median(mine), statistics.median(ref)
                print(
                    f"{terms:>6} {a:>21.2f} {b:>21.2f} {a / b:>6.2f} {redraw:>9.1f} {labels:>9.1f}"
                    f"   (runs: {', '.join(f'{x:.2f}' for x in mine)})"
                )
                results["browser"].append(
                    {
                        "terms": terms,
                        "first_frame_seconds": a,
                        "runs": mine,
                        "kg_viz_first_frame_seconds": b,
                        "ratio": a / b,
                        "redraw_ms": redraw,
                        "labels_ms": labels,
                    }
                )
    save_results("bench_termmap", results)


if __name__ == "__main__":
    main()
