"""Fit the learned contribution decision (``extract/vocabulary/contribution_scorer.txt``) on annotated sheets.

Usage::

    .venv/bin/python -m extract.training.contributions SHEET.tsv [SHEET.tsv ...] [--out FILE] [--dry-run]

Each SHEET is a filled contribution sheet (columns ``paper_id``, ``title``, ``abstract``, ``proposed``:
``Method: X | Dataset: Y`` or ``none``; see ``bench/eval_contributions.py``). The extractor runs over
every title and abstract with the learned decision switched off, so the rules' own output is a
feature; every candidate entity (:func:`extract.components.contribution_model.candidates`) is labelled
1 when one of its written forms is a gold name of the paper (case, spaces and punctuation ignored).

Model selection is leave-one-sheet-out: for each L2 strength, fit on all sheets but one (the decision
threshold chosen on those), score the one left out with the micro F1 of ``bench/eval_contributions.py``
over papers; the strength with the best mean F1 is refitted on all sheets and written (weights only:
no text of the sheets goes into the package). The rules alone are scored on the same folds.
``--dry-run`` prints the folds and writes nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from extract.components import contribution_model
from extract.components.contribution_model import FEATURES, candidates, features, rule_count
from extract.pipeline import compose

OUT = Path(__file__).parents[1] / "vocabulary" / "contribution_scorer.txt"
L2S = (0.3, 1.0, 3.0, 10.0, 30.0)


def squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def read_sheet(path: str) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """(paper id, title, abstract, [(label, gold name)]) of every filled row."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        for line, row in enumerate(csv.DictReader(f, delimiter="\t"), start=2):
            value = (row.get("proposed") or "").strip()
            if not value:
                continue
            if "abstract" not in row or "paper_id" not in row:
                raise SystemExit(f"{path}:{line}: a sheet needs paper_id, title, abstract and proposed columns")
            items = [] if value.lower() == "none" else [p.strip() for p in value.split("|") if p.strip()]
            gold = [(lab.strip().capitalize(), name.strip()) for lab, _, name in (i.partition(":") for i in items)]
            rows.append((row["paper_id"], row.get("title") or "", row["abstract"] or "", gold))
    return rows


def collect(sheets: list[str]) -> list[dict]:
    """Per paper: its sheet, gold names and candidates (features, forms, label)."""
    from extract.pipeline import Extractor

    contribution_model.ENABLED = False
    nlp = Extractor().nlp
    papers = []
    for si, path in enumerate(sheets):
        rows = read_sheet(path)
        texts = ((compose(t, a), (pid, gold)) for pid, t, a, gold in rows)
        after = ("paperkg_relations", "paperkg_relation_model", "paperkg_record")  # the record empties the doc
        with nlp.select_pipes(disable=[name for name in after if name in nlp.pipe_names]):
            docs = list(nlp.pipe(texts, as_tuples=True, batch_size=32))
        for doc, (pid, gold) in docs:
            cands = []
            found = candidates(doc, doc._.kg_mentions)
            ruled, sentences = rule_count(found), sum(1 for _ in doc.sents)
            memo: contribution_model.Memo = {}
            for key, ms in found.items():
                f = features(doc, key, ms, ruled, sentences, memo)
                votes: Counter = Counter()
                for m in ms:
                    votes[m.label] += 2 if m.role else 1
                forms = {squash(key)} | {squash(m.text) for m in ms}
                cands.append(
                    {"x": [f[n] for n in FEATURES], "forms": forms, "label": votes.most_common(1)[0][0], "name": key}
                )
            papers.append({"sheet": si, "id": pid, "gold": gold, "cands": cands})
    contribution_model.ENABLED = True
    return papers


def target(paper: dict, cand: dict) -> float:
    return float(any(squash(g) in cand["forms"] for _, g in paper["gold"]))


def score(papers: list[dict], chosen) -> dict:
    """Micro P/R/F1 (untyped, typed) as ``bench/eval_contributions.py`` counts them; ``chosen(paper)`` → the
    candidates predicted."""
    out = {}
    for typed in (False, True):
        tp_g = tp_p = n_g = n_p = 0
        for paper in papers:
            preds = chosen(paper)
            n_g += len(paper["gold"])
            n_p += len(preds)
            tp_g += sum(
                any(squash(g) in c["forms"] and (not typed or c["label"] == gl) for c in preds)
                for gl, g in paper["gold"]
            )
            tp_p += sum(
                any(squash(g) in c["forms"] and (not typed or c["label"] == gl) for gl, g in paper["gold"])
                for c in preds
            )
        p, r = tp_p / max(n_p, 1), tp_g / max(n_g, 1)
        out["typed" if typed else "untyped"] = {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 3000, lr: float = 0.5) -> np.ndarray:
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        w -= lr * (x.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]] / len(y))
    return w


def matrix(papers: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    xs = [c["x"] for p in papers for c in p["cands"]]
    ys = [target(p, c) for p in papers for c in p["cands"]]
    return np.array(xs, dtype=float).reshape(-1, len(FEATURES)), np.array(ys)


def learned(w: np.ndarray, threshold: float):
    def chosen(paper: dict) -> list[dict]:
        return [c for c in paper["cands"] if 1 / (1 + np.exp(-(np.array(c["x"]) @ w))) >= threshold]

    return chosen


def rules(paper: dict) -> list[dict]:
    return [c for c in paper["cands"] if c["x"][FEATURES.index("rule")]]


def best_threshold(papers: list[dict], w: np.ndarray) -> float:
    grid = np.arange(0.2, 0.8, 0.025)
    return float(max(grid, key=lambda t: score(papers, learned(w, t))["untyped"]["f1"]))


def train(papers: list[dict], l2: float) -> tuple[np.ndarray, float]:
    x, y = matrix(papers)
    w = fit(x, y, l2)
    return w, best_threshold(papers, w)


def folds(papers: list[dict], sheets: list[str], l2: float) -> list[dict]:
    out = []
    for si, path in enumerate(sheets):
        rest = [p for p in papers if p["sheet"] != si]
        held = [p for p in papers if p["sheet"] == si]
        w, t = train(rest, l2)
        out.append(
            {
                "sheet": Path(path).name,
                "papers": len(held),
                "rules": score(held, rules),
                "learned": score(held, learned(w, t)),
                "threshold": t,
            }
        )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sheets", nargs="+")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--dry-run", action="store_true", help="print the leave-one-sheet-out folds only")
    ap.add_argument("--cache", help="a JSON file to keep the collected candidates in between runs")
    args = ap.parse_args(argv)
    if args.cache and Path(args.cache).exists():
        papers = json.loads(Path(args.cache).read_text())
        for p in papers:
            for c in p["cands"]:
                c["forms"] = set(c["forms"])
    else:
        papers = collect(args.sheets)
        if args.cache:
            data = [{**p, "cands": [{**c, "forms": sorted(c["forms"])} for c in p["cands"]]} for p in papers]
            Path(args.cache).write_text(json.dumps(data))
    results = {}
    for l2 in L2S:
        results[l2] = folds(papers, args.sheets, l2)
        mean = np.mean([f["learned"]["untyped"]["f1"] for f in results[l2]])
        print(f"l2 {l2}: mean learned untyped F1 {mean:.3f}")
    best = max(L2S, key=lambda l2: np.mean([f["learned"]["untyped"]["f1"] for f in results[l2]]))
    print(f"leave-one-sheet-out, l2 {best}")
    for f in results[best]:
        r, lrn = f["rules"], f["learned"]
        print(
            f"{f['sheet']:22} {f['papers']:4} papers  rules F1 {r['untyped']['f1']:.3f}/{r['typed']['f1']:.3f}"
            f" (P {r['untyped']['p']:.2f} R {r['untyped']['r']:.2f})  learned F1 {lrn['untyped']['f1']:.3f}/"
            f"{lrn['typed']['f1']:.3f} (P {lrn['untyped']['p']:.2f} R {lrn['untyped']['r']:.2f}) t {f['threshold']:.3f}"
        )
    for kind in ("rules", "learned"):
        u = np.mean([f[kind]["untyped"]["f1"] for f in results[best]])
        t = np.mean([f[kind]["typed"]["f1"] for f in results[best]])
        print(f"mean {kind:8} untyped {u:.3f} typed {t:.3f}")
    w, threshold = train(papers, best)
    for si, path in enumerate(args.sheets):  # the fitted decision on the sheets it was fitted on: no test
        s = score([p for p in papers if p["sheet"] == si], learned(w, threshold))
        print(f"in-sample {Path(path).name:22} learned F1 {s['untyped']['f1']:.3f}/{s['typed']['f1']:.3f}")
    for name, value in zip(FEATURES, w, strict=True):
        print(f"  {name:18} {value:+.3f}")
    if args.dry_run:
        return 0
    x, _ = matrix(papers)
    lines = [
        "# Contribution decision weights (logistic regression), fitted by extract/training/contributions.py",
        f"# on {len(args.sheets)} contribution sheets ({len(papers)} papers, {len(x)} candidates), L2 {best};",
        "# chosen by leave-one-sheet-out F1. Feature names: extract.components.contribution_model.FEATURES.",
        "# Weights only (no sheet text); paperkg (MIT).",
        f"__threshold__\t{threshold:.3f}",
        *(f"{name}\t{value:.4f}" for name, value in zip(FEATURES, w, strict=True)),
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
