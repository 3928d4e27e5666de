"""Real ``kg build`` processes over small made-up corpora, for the store's crash and
concurrency tests (tests/test_store_crash.py) and the adversarial harness
(bench/adversarial/processes.py)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from kg.store import EmbeddedStore
from queries.schema import PAPER

ROOT = Path(__file__).resolve().parents[2]
KG = [sys.executable, "-m", "kg"]

METHODS = ["Lattice", "Prism", "Harbor", "Quill", "Ember", "Tundra", "Sable", "Fjord", "Cinder", "Mosaic"]
TASKS = ["image segmentation", "speech recognition", "question answering", "time series forecasting"]
DATASETS = ["ImageNet", "LibriSpeech", "SQuAD", "CIFAR-10"]


def write_corpus(path: Path, prefix: str, n: int, seed: int) -> None:
    """``n`` short abstracts written for these tests (ids ``prefix0`` …)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            m, t, d = rng.choice(METHODS), rng.choice(TASKS), rng.choice(DATASETS)
            name = f"{m}{prefix.upper()}{i}"
            title = f"{name}: {t.capitalize()} with Sparse Attention"
            abstract = (
                f"We propose {name}, a sparse attention model for {t}. "
                f"We evaluate {name} on {d} and report accuracy. "
                f"Label noise and distribution shift are discussed."
            )
            fh.write(
                json.dumps({"id": f"{prefix}{i}", "title": title, "abstract": abstract, "year": 2020 + i % 5}) + "\n"
            )


def kg(*args, env=None, **kw) -> subprocess.Popen:
    """``python -m kg ARGS`` started in the repository root, stdout and stderr piped as text."""
    return subprocess.Popen(
        [*KG, *map(str, args)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw
    )


def papers_in(store: Path) -> set[str]:
    """The input ids of the store's papers (paper ids are scoped by their file: ``a.jsonl#a0`` → ``a0``)."""
    G = EmbeddedStore(store).read_graph()
    return {d["key"].rsplit("#", 1)[-1] for _, d in G.nodes(data=True) if d.get("label") == PAPER}


def leftovers(store: Path) -> list[str]:
    """Files in a store folder other than the ones a finished build leaves."""
    return sorted(
        p.name
        for p in store.iterdir()
        if p.name not in ("graph.lbug", ".lock", "extractions.sqlite", "format", "search.sqlite")
    )
