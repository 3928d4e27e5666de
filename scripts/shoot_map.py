"""Screenshot a ``kg map`` page in headless Chromium (offline), in each view.

    .venv/bin/python scripts/shoot_map.py terms.html OUT_PREFIX [--views clusters overlay density] [--zoom 1 3]

Writes ``OUT_PREFIX-<view>[-zoom<z>].png`` and prints, per shot, how many labels
were drawn and whether any two drawn label boxes overlap.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.support.browser import chromium, wait_for


def overlaps(boxes: list[list[float]]) -> int:
    """Pairs of boxes that overlap."""
    n = 0
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("page", type=Path)
    ap.add_argument("prefix")
    ap.add_argument("--views", nargs="+", default=["clusters", "overlay", "density"])
    ap.add_argument("--zoom", type=float, nargs="+", default=[1.0])
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1000)
    args = ap.parse_args()
    with chromium(width=args.width, height=args.height, offline=True) as driver:
        driver.get(args.page.resolve().as_uri())
        wait_for(driver, "window.paperkg && window.paperkg.ready", timeout=120)
        for view in args.views:
            for z in args.zoom:
                driver.execute_script(
                    "paperkg.setView(arguments[0]); paperkg.fit();"
                    "if (arguments[1] !== 1) network.moveTo({scale: network.getScale() * arguments[1]});"
                    "network.redraw();",
                    view,
                    z,
                )
                time.sleep(0.6)
                labels = driver.execute_script("return paperkg.labels.map(function (l) { return l.box; })")
                out = f"{args.prefix}-{view}" + (f"-zoom{z:g}" if z != 1 else "") + ".png"
                driver.save_screenshot(out)
                print(f"{out}: {len(labels)} labels drawn, {overlaps(labels)} overlapping pairs")


if __name__ == "__main__":
    main()
