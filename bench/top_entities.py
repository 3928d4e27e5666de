"""What the graph holds on real corpora: the top N entities of every type, for a reviewer to judge.

    .venv/bin/python -m bench.top_entities                       # seeds, SciERC, arXiv 5k; top 30
    .venv/bin/python -m bench.top_entities --corpus seeds --n 50 --json

Builds each corpus into its own store under ``--workdir`` (kept, so a second run is
warm: only the graph is rebuilt) through :func:`kg.build.pipeline.build`, then lists
:func:`queries.api.top` per type. Corpora, read from ``../shared`` at run time:

* ``seeds`` — the three Hugging Face Daily Papers pages;
* ``scierc`` — SciERC train + dev abstracts (first sentence as title, the rest as
  abstract, PTB bracket tokens as brackets), written to a JSON Lines file in the workdir;
* ``arxiv`` — ``corpus/arxiv_ml_5k.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kg.build.pipeline import build
from kg.store import open_store
from queries import api, open_backend
from queries.schema import ENTITY_LABELS

SHARED = Path(__file__).resolve().parents[2] / "shared"


def scierc_jsonl(shared: Path, out: Path) -> Path:
    """SciERC train + dev as paperkg JSON Lines: id, title (first sentence), abstract (the rest)."""
    with out.open("w", encoding="utf-8") as fh:
        for split in ("train", "dev"):
            for line in (shared / "eval" / "scierc" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
                doc = json.loads(line)
                sentences = [" ".join(s) for s in doc["sentences"]]
                fh.write(
                    json.dumps({"id": doc["doc_key"], "title": sentences[0], "abstract": " ".join(sentences[1:])})
                    + "\n"
                )
    return out


def corpus_sources(name: str, shared: Path, workdir: Path) -> list[Path]:
    if name == "seeds":
        return sorted((shared / "seeds").glob("*.txt"))
    if name == "scierc":
        return [scierc_jsonl(shared, workdir / "scierc.jsonl")]
    if name == "arxiv":
        return [shared / "corpus" / "arxiv_ml_5k.jsonl"]
    raise SystemExit(f"unknown corpus {name!r}; choose seeds, scierc or arxiv")


def top_lists(name: str, shared: Path, workdir: Path, n: int, n_process: int = 1) -> dict:
    """Build one corpus and return its summary and top-``n`` lists per entity type."""
    workdir.mkdir(parents=True, exist_ok=True)
    store = open_store(workdir / f"{name}-store")
    t0 = time.perf_counter()
    report = build(corpus_sources(name, shared, workdir), store, n_process=n_process)
    seconds = time.perf_counter() - t0
    backend = open_backend(store)
    try:
        lists = {
            label: [{"name": e["name"], "papers": e["papers"]} for e in api.top(backend, label, n)]
            for label in ENTITY_LABELS
        }
    finally:
        store.close()
    return {
        "corpus": name,
        "papers": report.papers,
        "extracted": report.extracted,
        "seconds": round(seconds, 1),
        "nodes": report.stats["nodes"],
        "top": lists,
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--corpus",
        action="append",
        choices=("seeds", "scierc", "arxiv"),
        help="corpus to build (repeatable; default all three)",
    )
    ap.add_argument("--n", type=int, default=30, help="entities per type (default 30)")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared)")
    ap.add_argument("--workdir", type=Path, default=Path("bench/results/top_entities"), help="stores and files")
    ap.add_argument("--json", action="store_true", help="one JSON document instead of text")
    ap.add_argument("--n-process", type=int, default=1, help="extraction worker processes (default 1)")
    args = ap.parse_args(argv)
    results = [
        top_lists(c, args.shared, args.workdir, args.n, args.n_process)
        for c in args.corpus or ("seeds", "scierc", "arxiv")
    ]
    if args.json:
        json.dump(results, sys.stdout, indent=1)
        print()
        return
    for r in results:
        print(
            f"# {r['corpus']}: {r['papers']} papers, {r['extracted']} extracted, {r['seconds']} s; nodes {r['nodes']}"
        )
        for label, items in r["top"].items():
            print(f"## {label}")
            for i, e in enumerate(items, 1):
                print(f"{i:3d}. {e['name']}  [{e['papers']} papers]")


if __name__ == "__main__":
    main()
