"""Score the papers' own contributions (PROPOSES) of a store against a hand-annotated sheet.

The sheet is a TSV with columns ``paper_id`` and ``proposed``: ``Method: VALLR | Dataset: X``,
or ``none`` when the paper names nothing it proposes. A gold name is found when it equals the
name or an alias of an entity the paper PROPOSES (case, spaces and punctuation ignored);
precision counts every proposed entity of the sheet's papers, recall every gold name.
Typed scores also need the label to agree.

    python bench/eval_contributions.py --store kg-store sheet.tsv [--json] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import defaultdict

from kg.store import open_store
from queries import open_backend


def squash(name: str) -> str:
    """``"Pre-trained LMs"`` → ``"pretrainedlms"``."""
    return re.sub(r"[\W_]+", "", name.casefold())


def read_sheet(path: str) -> dict[str, list[tuple[str, str]]]:
    """paper key → [(label, name)] from a filled sheet; rows with an empty ``proposed`` are left out."""
    gold: dict[str, list[tuple[str, str]]] = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            value = (row.get("proposed") or "").strip()
            if not value:
                continue
            items = [] if value.lower() == "none" else [p.strip() for p in value.split("|") if p.strip()]
            gold[row["paper_id"]] = [
                (label.strip().capitalize(), name.strip()) for label, _, name in (i.partition(":") for i in items)
            ]
    return gold


def proposed(store: str, keys: list[str]) -> dict[str, list[tuple[str, set[str], str]]]:
    """paper key → [(label, squashed name and aliases, name)] of what the store says the paper proposes."""
    query = (
        "MATCH (p:Paper)-[:PROPOSES]->(e) WHERE p.key IN $keys "
        "RETURN p.key AS paper, label(e) AS label, e.name AS name, e.aliases AS aliases"
    )
    out: dict[str, list[tuple[str, set[str], str]]] = defaultdict(list)
    backend = open_backend(open_store(store))
    try:
        for r in backend.cypher(query, {"keys": keys}):
            forms = {squash(n) for n in [r["name"], *(r["aliases"] or [])]}
            out[r["paper"]].append((r["label"], forms, r["name"]))
    finally:
        backend.close()
    return out


def score(gold: dict[str, list[tuple[str, str]]], found: dict[str, list[tuple[str, set[str], str]]]) -> dict:
    """Micro precision, recall and F1 over (paper, contribution), untyped and typed."""
    result: dict = {}
    for typed in (False, True):
        tp_gold = tp_pred = n_gold = n_pred = 0
        for paper, names in gold.items():
            preds = found.get(paper, [])
            n_gold += len(names)
            n_pred += len(preds)
            tp_gold += sum(
                any(squash(g) in forms and (not typed or lab == gl) for lab, forms, _ in preds) for gl, g in names
            )
            tp_pred += sum(
                any(squash(g) in forms and (not typed or lab == gl) for gl, g in names) for lab, forms, _ in preds
            )
        p = tp_pred / n_pred if n_pred else 0.0
        r = tp_gold / n_gold if n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        result["typed" if typed else "untyped"] = {
            "p": round(p, 3),
            "r": round(r, 3),
            "f1": round(f1, 3),
            "gold": n_gold,
            "predicted": n_pred,
        }
    result["papers"] = len(gold)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sheet")
    ap.add_argument("--store", default="kg-store")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="also list each paper's missed and extra contributions")
    args = ap.parse_args(argv)
    gold = read_sheet(args.sheet)
    found = proposed(args.store, sorted(gold))
    result = score(gold, found)
    if args.errors:
        for paper, names in sorted(gold.items()):
            preds = found.get(paper, [])
            missed = [g for _, g in names if not any(squash(g) in forms for _, forms, _ in preds)]
            extra = [name for _, forms, name in preds if not any(squash(g) in forms for _, g in names)]
            if missed or extra:
                print(f"{paper}: missed {missed} extra {extra}")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"{result['papers']} papers")
        for scope in ("untyped", "typed"):
            s = result[scope]
            print(
                f"{scope:8} P {s['p']:.3f}  R {s['r']:.3f}  F1 {s['f1']:.3f}  ({s['gold']} gold, {s['predicted']} found)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
