"""A synthetic paperkg graph of any size, in the schema of queries.schema.

Vocabulary and sentences are generated here (syllable recombination and
sentence templates), never copied from real abstracts. Entity popularity is
Zipf-like, so a few entities are hubs, as in a real corpus.

    python -m bench.synthetic 20000 /tmp/synth-store   # write an embedded store
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from itertools import combinations

import networkx as nx

from kg.core.bibliography import add_bibliography
from kg.core.graph import add_cooccurrence, add_entity, add_paper, link_paper, new_graph, set_first_years
from kg.core.papers import Paper
from queries.schema import CONCEPT, DATASET, DEFAULT_PAPER_REL, METHOD, METRIC, PROPOSES, TASK

_SYL = ["flo", "nar", "vex", "tri", "lum", "qua", "zen", "mor", "pix", "dra", "sel", "kor", "bri", "tal", "gen", "ros"]
_WORDS = [
    "sparse",
    "robust",
    "latent",
    "causal",
    "spectral",
    "graph",
    "neural",
    "adaptive",
    "contrastive",
    "invariant",
    "noisy",
    "temporal",
    "federated",
    "implicit",
    "stochastic",
    "hierarchical",
    "visual",
    "token",
]
_NOUNS = [
    "attention",
    "diffusion",
    "invariance",
    "regularization",
    "alignment",
    "calibration",
    "sparsity",
    "distillation",
    "augmentation",
    "segmentation",
    "retrieval",
    "forecasting",
    "generalization",
    "noise",
]
_TASK_NOUNS = ["classification", "segmentation", "detection", "forecasting", "retrieval", "translation", "parsing"]
_METRIC_NOUNS = ["accuracy", "error rate", "F1", "recall", "BLEU", "AUROC", "perplexity"]

#: (label, vocabulary size, links per paper (min, max))
PLAN = [
    (METHOD, 3000, (1, 3)),
    (DATASET, 600, (1, 2)),
    (TASK, 300, (1, 1)),
    (METRIC, 80, (0, 1)),
    (CONCEPT, 2500, (2, 4)),
]


def _names(rng: random.Random, label: str, n: int) -> list[tuple[str, str]]:
    """``n`` distinct (key, display name) pairs for one label."""
    out: dict[str, str] = {}
    i = 0
    while len(out) < n:
        i += 1
        if label == METHOD:
            name = "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize() + rng.choice(
                ["Net", "Former", "GAN", "", "-X"]
            )
        elif label == DATASET:
            name = "".join(rng.choice(_SYL) for _ in range(2)).upper() + "-" + str(rng.choice([10, 100, 1000, 2, 3]))
        elif label == TASK:
            name = f"{rng.choice(_WORDS)} {rng.choice(_NOUNS)} {rng.choice(_TASK_NOUNS)}"
        elif label == METRIC:
            name = f"{rng.choice(_WORDS)} {rng.choice(_METRIC_NOUNS)}" if i > 7 else _METRIC_NOUNS[i - 1]
        else:
            words = [rng.choice(_WORDS)] + ([rng.choice(_SYL) + rng.choice(_SYL)] if rng.random() < 0.9 else [])
            name = " ".join(words + [rng.choice(_NOUNS)]) if i > len(_NOUNS) else _NOUNS[i - 1]
        key = name.lower().replace("-", "")
        out.setdefault(key, name)
    return list(out.items())


def _zipf_pick(rng: random.Random, n: int) -> int:
    """An index in [0, n) with probability roughly proportional to 1/(i+1)."""
    return min(n - 1, int(n ** rng.random()) - 1)


def _bibliography(rng: random.Random, n_papers: int) -> list[dict]:
    """Per paper: a DOI, 1–6 authors (Zipf-popular among n/3), a venue (among 300) and 10–40
    references, a third of them to earlier papers of the corpus (Zipf-popular), the rest outside."""
    surnames = [
        "".join(rng.choice(_SYL) for _ in range(2)).capitalize() + rng.choice(["son", "ova", "ez", "i", ""])
        for _ in range(max(n_papers // 3, 10))
    ]
    venues = [f"Journal of {rng.choice(_WORDS).capitalize()} {rng.choice(_NOUNS).capitalize()} {i}" for i in range(300)]
    out = []
    for i in range(n_papers):
        authors = sorted(
            {
                f"{surnames[_zipf_pick(rng, len(surnames))]}, {rng.choice('ABCDEFGHJKLMNPRST')}."
                for _ in range(rng.randint(1, 6))
            }
        )
        refs = [
            f"doi:10.9999/s{i - 1 - _zipf_pick(rng, i):06d}"
            if i and rng.random() < 0.33
            else f"doi:10.8888/x{rng.randrange(20 * n_papers)}"
            for _ in range(rng.randint(10, 40))
        ]
        refs = list(dict.fromkeys(refs))
        out.append(
            {
                "doi": f"10.9999/s{i:06d}",
                "authors": authors,
                "venue": venues[_zipf_pick(rng, len(venues))],
                "references": len(refs) + rng.randint(0, 5),
                "reference_ids": refs,
            }
        )
    return out


def make_synthetic_graph(
    n_papers: int = 20000, seed: int = 7, min_shared: int = 2, bibliography: bool = True, tail: int = 0
) -> nx.MultiDiGraph:
    """A graph of ``n_papers`` papers linked to generated entities.

    CO_OCCURS edges join entities sharing at least ``min_shared`` papers, with
    association strength papers(a,b) * N / (papers(a) * papers(b)). With ``bibliography``,
    papers also get authors, a venue and references (:func:`_bibliography`), and the graph
    its Author and Venue nodes and CITES links (:func:`kg.core.bibliography.add_bibliography`).
    ``tail``: each paper also links to this many entities of its own (Concepts and Tasks one paper
    names, quality 0.6, below the default view cut), the long tail a build keeps since it no longer
    deletes them; the other entities get quality 0.96 (above it).
    """
    rng = random.Random(seed)
    G = new_graph()
    vocab = {label: _names(rng, label, size) for label, size, _ in PLAN}
    by_entity: dict[str, set[str]] = defaultdict(set)
    for i in range(n_papers):
        pid = f"s{i:06d}"
        year = 2015 + _zipf_pick(rng, 11) if rng.random() < 0.5 else 2025 - _zipf_pick(rng, 11)
        linked: list[tuple[str, str, str, str]] = []
        for label, _, (lo, hi) in PLAN:
            for _ in range(rng.randint(lo, hi)):
                key, name = vocab[label][_zipf_pick(rng, len(vocab[label]))]
                linked.append(
                    (label, key, name, PROPOSES if label == METHOD and rng.random() < 0.1 else DEFAULT_PAPER_REL[label])
                )
        title = f"{linked[0][2]} for {linked[-1][2]}"
        add_paper(
            G,
            Paper(
                id=pid,
                title=title,
                abstract="",
                year=year,
                date=f"{year}-0{1 + i % 9}-1{i % 10}",
                url=f"https://example.org/{pid}",
            ),
        )
        for label, key, name, rel in linked:
            nid = f"{label}:{key}"
            if nid not in G:
                add_entity(G, label, key, name, aliases=[name, name.lower()])
            sentence = f"We study {name} in the setting of {linked[0][2]} (paper {i})."
            link_paper(G, f"Paper:{pid}", nid, rel, count=1, evidence=[sentence])
            by_entity[nid].add(pid)
    for nid, pids in by_entity.items():
        G.nodes[nid]["papers"] = len(pids)
        G.nodes[nid]["quality"] = 0.9625
    for i in range(n_papers if tail else 0):
        pid = f"s{i:06d}"
        for j in range(tail):
            label = CONCEPT if j % 2 == 0 else TASK
            word = _WORDS[rng.randrange(len(_WORDS))]
            key = f"{word} {''.join(rng.choice(_SYL) for _ in range(3))} {i}-{j}"
            add_entity(G, label, key, key, aliases=[key], papers=1, quality=0.6125)
            link_paper(
                G, f"Paper:{pid}", f"{label}:{key}", DEFAULT_PAPER_REL[label], count=1, evidence=[f"We study {key}."]
            )
    set_first_years(G)
    pair_count: dict[tuple[str, str], int] = defaultdict(int)
    paper_entities: dict[str, set[str]] = defaultdict(set)
    for nid, pids in by_entity.items():
        for pid in pids:
            paper_entities[pid].add(nid)
    for ents in paper_entities.values():
        for a, b in combinations(sorted(ents), 2):
            pair_count[a, b] += 1
    for (a, b), shared in pair_count.items():
        if shared >= min_shared:
            add_cooccurrence(G, a, b, shared, shared * n_papers / (len(by_entity[a]) * len(by_entity[b])))
    if bibliography:
        bib_rng = random.Random(seed + 1)  # the entity part stays what it was without the bibliography
        for i, fields in enumerate(_bibliography(bib_rng, n_papers)):
            G.nodes[f"Paper:s{i:06d}"].update(fields)
        add_bibliography(G)
    return G


if __name__ == "__main__":
    from kg.core.graph import graph_stats
    from kg.store import open_store

    graph = make_synthetic_graph(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
    if len(sys.argv) > 2:
        open_store(sys.argv[2]).write_graph(graph)
    print(graph_stats(graph))
