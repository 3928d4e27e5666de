"""Fit the per-mention scorer (``extract/vocabulary/mention_scorer.txt``) on SciERC.

Usage::

    .venv/bin/python scripts/train_mention_scorer.py TRAIN.jsonl DEV.jsonl [OUT.tsv]

Runs the extractor over the SciERC-format TRAIN documents with the scorer switched off,
collects :func:`extract.components.mention_quality.features` of every candidate that became
a mention, labels it 1 when its token span is exactly a gold span (``Generic`` gold spans are
not in the gold set, so they count as wrong), fits an L2-regularised logistic regression
(numpy, gradient descent) over the phrase's shape (not over whether the span model proposed it:
that model learnt on the same train documents), and picks on DEV the drop threshold (candidates below it are no
mention) that maximises untyped exact F1. The data is read at run time; nothing of it is copied.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from extract.components.mention_quality import FEATURES, scorer_weights
from extract.gold import read_gold
from extract.pipeline import Extractor


def collect(path: str) -> tuple[np.ndarray, np.ndarray, list]:
    """Features and labels of every direct candidate in the gold file's documents."""
    gold = read_gold(path)
    ex = Extractor()
    ex.nlp.get_pipe("paperkg_mentions").collect_features = True  # type: ignore[attr-defined]
    xs, ys, meta = [], [], []
    texts = ((d.text, d) for d in gold.docs)
    for doc, gdoc in ex.nlp.pipe(texts, as_tuples=True, batch_size=32):
        starts = {s: i for i, (s, _) in enumerate(gdoc.offsets)}
        ends = {e: i for i, (_, e) in enumerate(gdoc.offsets)}
        spans = {(s, e) for s, e, _ in gdoc.spans}
        for start, end, _label, feats in doc._.kg_mention_features:
            text = doc.text[start:end].rstrip(".,;:")
            tok = (starts.get(start), ends.get(start + len(text)))
            xs.append([feats[name] for name in FEATURES])
            ys.append(1.0 if tok in spans else 0.0)
            meta.append((gdoc.key, tok))
    return np.array(xs), np.array(ys), meta


#: features left out of the fit: the span model was trained on SciERC train, so on train it
#: is right far more often than on unseen text, and its say would swamp the phrase's shape
HELD_OUT = tuple(name for name in FEATURES if name.startswith("proposed"))


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 4000, lr: float = 0.5) -> np.ndarray:
    x = x.copy()
    x[:, [FEATURES.index(name) for name in HELD_OUT]] = 0.0
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + l2 * np.r_[0.0, w[1:]] / len(y)
        w -= lr * grad
    return w


def best_threshold(x: np.ndarray, y: np.ndarray, w: np.ndarray, n_gold: int) -> tuple[float, float]:
    """The drop threshold with the best untyped F1 on these candidates (and that F1)."""
    p = 1 / (1 + np.exp(-(x @ w)))
    best = (0.0, 0.0)
    for t in np.arange(0.0, 0.6, 0.02):
        kept = p >= t
        tp = float((y[kept] == 1).sum())
        prec, rec = tp / max(kept.sum(), 1), tp / max(n_gold, 1)
        f1 = 2 * prec * rec / max(prec + rec, 1e-9)
        if f1 > best[1] + 1e-9:
            best = (round(float(t), 2), f1)
    return best


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    out = Path(argv[2]) if len(argv) > 2 else Path(__file__).parents[1] / "extract/vocabulary/mention_scorer.txt"
    if out.exists():
        out.unlink()  # the candidates are collected with the scorer off
    scorer_weights.cache_clear()
    xt, yt, _ = collect(argv[0])
    xd, yd, _ = collect(argv[1])
    n_gold_dev = sum(len(d.spans) for d in read_gold(argv[1]).docs)
    w = fit(xt, yt)
    threshold, f1 = best_threshold(xd, yd, w, n_gold_dev)
    lines = [
        "# Per-mention scorer weights (logistic regression), fitted by scripts/train_mention_scorer.py",
        f"# on SciERC train ({len(yt)} candidates, {int(yt.sum())} gold); drop threshold chosen on dev",
        f"# (untyped exact F1 over candidates {f1:.3f}). Feature names: extract.components.mention_quality.FEATURES.",
        "# Weights only (no SciERC text); paperkg (MIT).",
        f"__drop__\t{threshold}",
        *(f"{name}\t{value:.4f}" for name, value in zip(FEATURES, w, strict=True)),
    ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
