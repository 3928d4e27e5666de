"""Per-paper caps at work: build time and peak memory of k giant abstracts next to k normal ones.

Each measurement is a fresh process (model loaded before the clock starts,
so only ``build()`` is timed; peak memory is the process's VmHWM) over a
fresh store and a cold extraction cache. Giant = 12,000 made-up names in
about 96 KB (bench/adversarial/hostile.py), the audit's reproducer; normal =
a three-sentence abstract. With the caps the cost per giant paper is
constant, so time and memory grow linearly with k.

    .venv/bin/python bench/bench_limits.py                 # k = 1, 2, 4, 8
    .venv/bin/python bench/bench_limits.py --k 1 4 16 --json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent("""
    import json, sys, time
    sys.path.insert(0, {root!r})
    import kg.build.pipeline
    from kg.store import open_store
    extractor = kg.build.pipeline.load_extractor()
    kg.build.pipeline.load_extractor = lambda model=None: extractor
    t0 = time.perf_counter()
    report = kg.build.pipeline.build([{src!r}], open_store({store!r}), cache_path={cache!r})
    seconds = time.perf_counter() - t0
    hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    print(json.dumps({{"seconds": seconds, "peak_mb": hwm / 1024, "papers": report.papers}}))
""")


def corpus(path: Path, k: int, giant: bool) -> None:
    from bench.adversarial.hostile import names_abstract

    with path.open("w", encoding="utf-8") as fh:
        for i in range(k):
            abstract = (
                names_abstract(12_000, seed=i)
                if giant
                else (
                    f"We propose Net{i}, a model for image segmentation. We evaluate Net{i} on ImageNet. "
                    "It improves accuracy over strong baselines."
                )
            )
            fh.write(json.dumps({"id": f"p{i}", "title": f"Paper {i}", "abstract": abstract}) + "\n")


def measure(k: int, giant: bool, tmp: Path) -> dict:
    d = Path(tempfile.mkdtemp(dir=tmp))
    corpus(d / "in.jsonl", k, giant)
    code = CHILD.format(root=str(ROOT), src=str(d / "in.jsonl"), store=str(d / "store"), cache=str(d / "c.sqlite"))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=1800)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-1000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--k", type=int, nargs="+", default=[1, 2, 4, 8], help="papers per run")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-limits-") as tmp:
        for k in args.k:  # giant and normal side by side for each k
            g, n = measure(k, True, Path(tmp)), measure(k, False, Path(tmp))
            rows.append(
                {
                    "k": k,
                    "giant_s": round(g["seconds"], 2),
                    "normal_s": round(n["seconds"], 2),
                    "giant_s_per_paper": round(g["seconds"] / k, 2),
                    "giant_peak_mb": round(g["peak_mb"]),
                    "normal_peak_mb": round(n["peak_mb"]),
                }
            )
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print(f"{'k':>3} {'giant s':>8} {'s/paper':>8} {'normal s':>9} {'giant MB':>9} {'normal MB':>10}")
    for r in rows:
        print(
            f"{r['k']:>3} {r['giant_s']:>8} {r['giant_s_per_paper']:>8} {r['normal_s']:>9} "
            f"{r['giant_peak_mb']:>9} {r['normal_peak_mb']:>10}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
