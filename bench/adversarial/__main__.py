"""``python -m bench.adversarial [--short] [--only a,b] [--seed N] [--json]``: run the harness, report counts.

Exit status 0 when every area that ran is clean (no failed case, no
traceback, no hang), 1 otherwise. An area whose product part has not landed
yet is listed as ``not landed`` and not counted.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.adversarial.frame import AREAS, run_areas


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.adversarial", description=__doc__.split("\n")[0])
    ap.add_argument("--short", action="store_true", help="CI mode: few cases per area (seconds)")
    ap.add_argument("--only", help=f"comma-separated areas (default all: {', '.join(AREAS)})")
    ap.add_argument("--seed", type=int, default=0, help="random seed (the same seed makes the same cases)")
    ap.add_argument("--json", action="store_true", help="one JSON object with every area's counts")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.only.split(",")] if args.only else None
    unknown = [n for n in names or [] if n not in AREAS]
    if unknown:
        ap.error(f"unknown area(s) {', '.join(unknown)}; areas: {', '.join(AREAS)}")
    results = run_areas(names, short=args.short, seed=args.seed)
    ran = [r for r in results if r.status != "not landed"]
    clean = bool(ran) and all(r.clean for r in ran)
    if args.json:
        json.dump(
            {
                "mode": "short" if args.short else "long",
                "seed": args.seed,
                "clean": clean,
                "areas": [r.to_dict() for r in results],
            },
            sys.stdout,
            indent=1,
            ensure_ascii=True,
        )
        sys.stdout.write("\n")
    else:
        print(
            f"{'area':<18} {'status':<11} {'cases':>6} {'ok':>6} {'failed':>6} {'traceb.':>7} {'hang':>5} {'secs':>6}  counts"
        )
        for r in results:
            counts = ", ".join(f"{k}={v}" for k, v in sorted(r.counts.items()))
            print(
                f"{r.name:<18} {r.status:<11} {r.cases:>6} {r.ok:>6} {r.failed:>6} {r.traceback:>7} {r.hang:>5} "
                f"{r.seconds:>6.1f}  {counts}"
            )
            for ex in r.examples:
                print("    " + ex.replace("\n", "\n    ").encode("ascii", "backslashreplace").decode())
        print("clean" if clean else "NOT clean", "(areas not landed are listed, not counted)")
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
