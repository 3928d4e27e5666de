"""Two small example graphs in the paperkg schema, built in memory (like NetworkX's
built-in example graphs): for the documentation's examples, for trying the query,
map and export functions without building anything, and for the tests.

* :func:`small_graph`: five papers on label noise, diffusion and invariance, eleven
  entities, Paper→entity edges with evidence, and ``CO_OCCURS`` edges;
* :func:`topic_graph`: a made-up corpus of four topics (vision, language, control,
  graphs) of 12 terms each, for term maps (clusters, layout, labels).

>>> from kg.core.examples import small_graph, topic_graph
>>> from kg.core.graph import graph_stats
>>> graph_stats(small_graph())["nodes"]
{'Concept': 3, 'Dataset': 2, 'Method': 3, 'Metric': 1, 'Paper': 5, 'Task': 2}
>>> topic_graph().number_of_nodes()
168

Every call builds a new graph: change it as you like.
"""

from __future__ import annotations

import random

import networkx as nx

from kg.core.graph import add_cooccurrence, add_entity, add_paper, link_paper, new_graph, set_first_years
from kg.core.papers import Paper
from queries.schema import CONCEPT, DATASET, DEFAULT_PAPER_REL, METHOD, METRIC, TASK

#: the papers of :func:`small_graph`
PAPERS = [
    Paper(
        id="p1",
        title="NoiseNet: Robust Training under Label Noise",
        abstract="We propose NoiseNet for label noise. We evaluate on CIFAR-10.",
        year=2021,
        date="2021-03-01",
        n_authors=3,
        url="https://example.org/p1",
        code_url="https://github.com/example/noisenet",
    ),
    Paper(
        id="p2",
        title="Diffusion Models for Label Noise",
        abstract="Diffusion models clean noisy labels on CIFAR-10 and ImageNet.",
        year=2023,
        date="2023-05-02",
        n_authors=2,
        url="https://example.org/p2",
    ),
    Paper(
        id="p3",
        title="Invariant Features via Diffusion",
        abstract="We study invariance with diffusion on ImageNet for image classification.",
        year=2023,
        date="2023-07-09",
        n_authors=4,
        url="https://example.org/p3",
    ),
    Paper(
        id="p4",
        title="FlowNet: Invariance for Forecasting",
        abstract="We introduce FlowNet, enforcing invariance for time series forecasting.",
        year=2024,
        date="2024-01-15",
        n_authors=1,
        url="https://example.org/p4",
    ),
    Paper(
        id="p5",
        title="Benchmarking Classifiers",
        abstract="We compare BERT and NoiseNet on ImageNet using accuracy.",
        year=2024,
        date="2024-06-30",
        n_authors=5,
        url="https://example.org/p5",
    ),
]

#: the links of :func:`small_graph`: (paper, label, key, name, rel, evidence)
LINKS = [
    ("p1", "Method", "noisenet", "NoiseNet", "PROPOSES", "We propose NoiseNet for label noise."),
    ("p1", "Concept", "label noise", "label noise", "MENTIONS", "We propose NoiseNet for label noise."),
    ("p1", "Dataset", "cifar10", "CIFAR-10", "EVALUATES_ON", "We evaluate on CIFAR-10."),
    (
        "p2",
        "Concept",
        "diffusion",
        "diffusion",
        "MENTIONS",
        "Diffusion models clean noisy labels on CIFAR-10 and ImageNet.",
    ),
    (
        "p2",
        "Concept",
        "label noise",
        "label noise",
        "MENTIONS",
        "Diffusion models clean noisy labels on CIFAR-10 and ImageNet.",
    ),
    (
        "p2",
        "Dataset",
        "cifar10",
        "CIFAR-10",
        "EVALUATES_ON",
        "Diffusion models clean noisy labels on CIFAR-10 and ImageNet.",
    ),
    (
        "p2",
        "Dataset",
        "imagenet",
        "ImageNet",
        "EVALUATES_ON",
        "Diffusion models clean noisy labels on CIFAR-10 and ImageNet.",
    ),
    (
        "p3",
        "Concept",
        "invariance",
        "invariance",
        "MENTIONS",
        "We study invariance with diffusion on ImageNet for image classification.",
    ),
    (
        "p3",
        "Concept",
        "diffusion",
        "diffusion",
        "MENTIONS",
        "We study invariance with diffusion on ImageNet for image classification.",
    ),
    (
        "p3",
        "Dataset",
        "imagenet",
        "ImageNet",
        "EVALUATES_ON",
        "We study invariance with diffusion on ImageNet for image classification.",
    ),
    (
        "p3",
        "Task",
        "image classification",
        "image classification",
        "ADDRESSES",
        "We study invariance with diffusion on ImageNet for image classification.",
    ),
    (
        "p4",
        "Method",
        "flownet",
        "FlowNet",
        "PROPOSES",
        "We introduce FlowNet, enforcing invariance for time series forecasting.",
    ),
    (
        "p4",
        "Concept",
        "invariance",
        "invariance",
        "MENTIONS",
        "We introduce FlowNet, enforcing invariance for time series forecasting.",
    ),
    (
        "p4",
        "Task",
        "time series forecasting",
        "time series forecasting",
        "ADDRESSES",
        "We introduce FlowNet, enforcing invariance for time series forecasting.",
    ),
    ("p5", "Method", "bert", "BERT", "USES", "We compare BERT and NoiseNet on ImageNet using accuracy."),
    ("p5", "Method", "noisenet", "NoiseNet", "USES", "We compare BERT and NoiseNet on ImageNet using accuracy."),
    (
        "p5",
        "Dataset",
        "imagenet",
        "ImageNet",
        "EVALUATES_ON",
        "We compare BERT and NoiseNet on ImageNet using accuracy.",
    ),
    ("p5", "Metric", "accuracy", "accuracy", "REPORTS", "We compare BERT and NoiseNet on ImageNet using accuracy."),
]

#: aliases of :func:`small_graph`'s entities (by node id); an entity not named here has its name
ALIASES = {"Concept:label noise": ["label noise", "noisy labels"], "Dataset:cifar10": ["CIFAR-10", "CIFAR10"]}


def small_graph() -> nx.MultiDiGraph:
    """Five papers, eleven entities, Paper→entity edges and CO_OCCURS edges.

    CO_OCCURS ``papers`` counts shared papers; ``strength`` is the association
    strength papers(a,b) * N / (papers(a) * papers(b)), as the builder computes it.

    >>> G = small_graph()
    >>> G.nodes["Dataset:imagenet"]["papers"], G.nodes["Method:noisenet"]["first_year"]
    (3, 2021)
    >>> sorted(v for _, v, k in G.out_edges("Paper:p1", keys=True))
    ['Concept:label noise', 'Dataset:cifar10', 'Method:noisenet']
    """
    G = new_graph()
    for p in PAPERS:
        add_paper(G, p)
    by_entity: dict[str, set[str]] = {}
    for pid, label, key, name, rel, ev in LINKS:
        nid = f"{label}:{key}"
        by_entity.setdefault(nid, set()).add(pid)
        if nid not in G:
            add_entity(G, label, key, name, aliases=ALIASES.get(nid, [name]))
        link_paper(G, f"Paper:{pid}", nid, rel, count=1, evidence=[ev])
    for nid, pids in by_entity.items():
        G.nodes[nid]["papers"] = len(pids)
    set_first_years(G)
    ids = sorted(by_entity)
    n = len(PAPERS)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            shared = len(by_entity[a] & by_entity[b])
            if shared:
                add_cooccurrence(G, a, b, shared, shared * n / (len(by_entity[a]) * len(by_entity[b])))
    return G


#: the topics of :func:`topic_graph`: name → (first year, 12 (label, term) pairs)
TOPICS = {
    "vision": (
        2016,
        [
            (TASK, "image segmentation"),
            (DATASET, "street scenes"),
            (METHOD, "u-shaped network"),
            (CONCEPT, "receptive field"),
            (METRIC, "mean overlap"),
            (CONCEPT, "pixel labels"),
            (METHOD, "dilated kernels"),
            (TASK, "depth estimation"),
            (CONCEPT, "boundary refinement"),
            (DATASET, "indoor rooms"),
            (CONCEPT, "multi-scale features"),
            (METHOD, "pyramid pooling"),
        ],
    ),
    "language": (
        2019,
        [
            (TASK, "machine translation"),
            (METHOD, "attention encoder"),
            (DATASET, "parallel news"),
            (CONCEPT, "subword units"),
            (METRIC, "overlap score"),
            (CONCEPT, "beam search"),
            (METHOD, "pretrained decoder"),
            (TASK, "summarisation"),
            (CONCEPT, "tokenisation"),
            (DATASET, "forum threads"),
            (CONCEPT, "low-resource pairs"),
            (METHOD, "back translation"),
        ],
    ),
    "control": (
        2018,
        [
            (CONCEPT, "reinforcement learning"),
            (METHOD, "policy gradient"),
            (DATASET, "simulated arms"),
            (CONCEPT, "reward shaping"),
            (METRIC, "episode return"),
            (CONCEPT, "exploration bonus"),
            (METHOD, "value critic"),
            (TASK, "robot grasping"),
            (CONCEPT, "sparse rewards"),
            (DATASET, "maze worlds"),
            (CONCEPT, "sample efficiency"),
            (METHOD, "model rollouts"),
        ],
    ),
    "graphs": (
        2022,
        [
            (METHOD, "message passing"),
            (TASK, "node classification"),
            (DATASET, "citation network"),
            (CONCEPT, "over-smoothing"),
            (METRIC, "micro accuracy"),
            (CONCEPT, "neighbourhood sampling"),
            (METHOD, "graph attention"),
            (TASK, "link prediction"),
            (CONCEPT, "heterophily"),
            (DATASET, "molecule sets"),
            (CONCEPT, "positional encodings"),
            (METHOD, "spectral filters"),
        ],
    ),
}


def topic_graph(papers_per_topic: int = 30, seed: int = 7) -> nx.MultiDiGraph:
    """Four topics × ``papers_per_topic`` papers; 48 entities, each in at least two papers.

    Each topic has its own terms and its own years; every paper names a handful
    of its topic's terms (the first terms more often) and, now and then, one
    term of another topic, so the topics are linked but clearly apart.
    Concept and Task nodes carry a made-up ``relevance`` (termhood) score.
    The same ``seed`` gives the same graph.

    >>> G = topic_graph(papers_per_topic=10)
    >>> sum(1 for _, d in G.nodes(data=True) if d["label"] == "Paper")
    40
    >>> G.nodes["Concept:receptive field"]["relevance"]
    0.85
    """
    rng = random.Random(seed)
    G = new_graph()
    ids = {}
    for _, terms in TOPICS.values():
        for i, (label, key) in enumerate(terms):
            ids[key] = add_entity(G, label, key, key, aliases=[key, key.replace(" ", "-")])
            if label in (CONCEPT, TASK):
                G.nodes[ids[key]]["relevance"] = round(1.0 - i / 20, 3)
    all_keys = [key for _, terms in TOPICS.values() for _, key in terms]
    for topic, (year0, terms) in TOPICS.items():
        weights = [1.0 / (1 + i) ** 0.7 for i in range(len(terms))]
        for j in range(papers_per_topic):
            pid = f"{topic}-{j}"
            year = year0 + rng.randint(0, 2)
            p = add_paper(
                G,
                Paper(
                    id=pid,
                    title=f"A study of {topic}, number {j}",
                    abstract="Made up.",
                    year=year,
                    date=f"{year}-02-03",
                    url=f"https://example.org/{pid}",
                ),
            )
            chosen = {terms[j % len(terms)][1]}
            chosen |= {key for _, key in rng.choices(terms, weights=weights, k=rng.randint(3, 5))}
            if rng.random() < 0.2:
                chosen.add(rng.choice(all_keys))
            sentence = f"We study {', '.join(sorted(chosen))} in {topic}."
            for key in sorted(chosen):
                label = G.nodes[ids[key]]["label"]
                link_paper(G, p, ids[key], DEFAULT_PAPER_REL[label], evidence=[sentence])
    for nid in ids.values():
        G.nodes[nid]["papers"] = sum(1 for _ in G.predecessors(nid))
    return G
