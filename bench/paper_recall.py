"""Paper-level recall of the graph against SciERC-format gold: are a paper's gold entities linked to it?

    .venv/bin/python bench/paper_recall.py ../shared/eval/scierc/dev.jsonl [--records recs.json] [--json]

Extracts every gold document (title empty, the abstract the gold text; ``--records FILE`` keeps the
extraction records in FILE and reads them from there next time, so two versions of the builder can be
compared on the same records), builds the graph with :func:`kg.build.builder.build_graph` over all of
them, and for each type (Task, Method, Dataset, Metric, Concept) compares each paper's gold entities
(their canonical keys, :func:`extract.normalise.canonical_key`) with the entities of that type the
paper links to. Reports recall, precision and F1, micro over papers, plus the number of distinct gold
keys per type. Paper-level scoring forgives offsets and repeats: it asks what the graph says about
each paper, which is what corpus thresholds used to take away.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from extract.gold import read_gold
from extract.normalise import canonical_key
from extract.record import Extraction
from kg.build.builder import build_graph
from kg.core.papers import Paper
from queries.schema import ENTITY_LABELS, PAPER


def records_for(gold, cache: Path | None) -> dict[str, Extraction]:
    if cache is not None and cache.exists():
        return {d["paper_id"]: Extraction.from_dict(d) for d in json.loads(cache.read_text(encoding="utf-8"))}
    from extract import Extractor

    items = [(doc.key, "", doc.text) for doc in gold.docs]
    records = {r.paper_id: r for r in Extractor().extract_many(items)}
    if cache is not None:
        cache.write_text(json.dumps([r.to_dict() for r in records.values()]), encoding="utf-8")
    return records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("--records", type=Path, help="extraction records: read from this file, or written there")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    gold = read_gold(args.gold)
    records = records_for(gold, args.records)
    papers = [Paper(id=doc.key, title="", abstract=doc.text) for doc in gold.docs]
    G = build_graph(papers, records)
    linked: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u, v in G.edges():
        if G.nodes[u].get("label") == PAPER and G.nodes[v].get("label") in ENTITY_LABELS:
            linked[(G.nodes[u]["key"], G.nodes[v]["label"])].add(G.nodes[v]["key"])
    out = {}
    for label in ENTITY_LABELS:
        tp = n_gold = n_pred = 0
        keys = set()
        for doc in gold.docs:
            wanted = {
                canonical_key(doc.text[doc.offsets[s][0] : doc.offsets[e][1]])
                for s, e, lab in doc.spans
                if lab == label
            }
            wanted.discard("")
            got = linked[(doc.key, label)]
            keys |= wanted
            tp += len(wanted & got)
            n_gold += len(wanted)
            n_pred += len(got)
        r = tp / n_gold if n_gold else 0.0
        p = tp / n_pred if n_pred else 0.0
        out[label] = {
            "recall": round(r, 4),
            "precision": round(p, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "gold": n_gold,
            "linked": n_pred,
            "gold_keys": len(keys),
        }
    if args.json:
        json.dump(out, sys.stdout, indent=2)
        print()
        return
    print(f"{'type':8} {'recall':>7} {'prec':>7} {'f1':>7} {'gold':>6} {'linked':>7}")
    for label, s in out.items():
        print(f"{label:8} {s['recall']:7.3f} {s['precision']:7.3f} {s['f1']:7.3f} {s['gold']:6} {s['linked']:7}")


if __name__ == "__main__":
    main()
