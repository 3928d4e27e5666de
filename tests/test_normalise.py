"""Canonical keys, and the corpus-level merges they feed (variants meeting on one node)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extract.normalise import canonical_key, derived_nouns, singular
from kg.build.builder import build_graph
from kg.core.papers import Paper
from queries.schema import CONCEPT, PAPER, node_id


@pytest.mark.parametrize(
    "variants",
    [
        ["BERT", "bert", "Bert"],  # case
        ["Sparse Autoencoders", "sparse autoencoder", "sparse autoencoders"],  # plural, case
        ["back-translation", "back translation", "Back–translation", "back_translation"],  # hyphen, dash, space
        ["CIFAR-10", "CIFAR10", "cifar 10", "Cifar-10"],  # letter-digit joins
        ["GPT-2", "GPT2", "gpt 2"],
        ["SAEs", "SAE", "sae"],  # acronym plural
        ["LLMs", "LLM"],
        ["invariances", "invariance", "Invariance"],
        ["label noise", "Label Noise", "label-noise"],
        ["studies", "study"],
        ["LVIS's", "LVIS"],  # possessive
    ],
)
def test_variants_share_one_key(variants):
    keys = {canonical_key(v) for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    "text, key",
    [
        ("Sparse Autoencoders", "sparse autoencoder"),
        ("CIFAR-10", "cifar10"),
        ("time series", "time series"),  # invariant plurals stay
        ("training data", "training data"),
        ("analyses", "analysis"),
        ("losses", "loss"),
        ("CRPS", "crps"),  # an acronym ending in S is not a plural
        ("MSE", "mse"),
        ("  (ImageNet)  ", "imagenet"),  # surrounding punctuation and space
        ("PointNet++", "pointnet++"),
        ("", ""),
    ],
)
def test_canonical_key_values(text, key):
    assert canonical_key(text) == key


def test_only_the_last_word_is_singularised():
    assert canonical_key("Noisy Labels") == "noisy label"
    assert canonical_key("graphs neural networks") == "graphs neural network"


def test_different_names_keep_different_keys():
    assert canonical_key("CIFAR-10") != canonical_key("CIFAR-100")
    assert canonical_key("ResNet-50") != canonical_key("ResNet-18")
    assert canonical_key("label noise") != canonical_key("noisy label")  # that merge needs the corpus (below)


@pytest.mark.parametrize(
    "word, noun",
    [
        ("invariant", "invariance"),
        ("noisy", "noise"),
        ("robust", "robustness"),
        ("interpretable", "interpretability"),
        ("sparse", "sparsity"),
    ],
)
def test_derived_nouns(word, noun):
    assert noun in derived_nouns(word)


@pytest.mark.parametrize(
    "plural, single",
    [
        ("models", "model"),
        ("studies", "study"),
        ("matches", "match"),
        ("biases", "bias"),
        ("dynamics", "dynamics"),
        ("gas", "gas"),
    ],
)
def test_singular(plural, single):
    assert singular(plural) == single


# --- corpus-level merges, through the builder -------------------------------------------------

PAPERS = [
    (
        "n1",
        "Rotation Invariant Graph Encoders",
        "Graph encoders should produce invariant features under node permutations and rotations. We propose TurnGNN, "
        "which pools messages over rotated copies of each graph, and evaluate on QM9.",
    ),
    (
        "n2",
        "Invariance Tests for Vision Models",
        "We measure invariance to crops and colour jitter in vision models trained on ImageNet.",
    ),
    (
        "n3",
        "Learned Invariances in Audio",
        "Speech encoders learn invariances to speaker and room acoustics. We probe three encoders with a linear probe.",
    ),
    (
        "n4",
        "Guided Sampling for Diffusion Models",
        "Diffusion models produce detailed images but sample slowly. We propose SwiftGuide, a guidance rule for "
        "a pretrained diffusion model that halves the number of denoising steps.",
    ),
    (
        "n5",
        "Diffusion for Molecule Generation",
        "We apply diffusion to molecule generation and report validity and novelty on QM9.",
    ),
    (
        "n6",
        "Robust Training under Label Noise",
        "Label noise hurts deep classifiers. We propose CleanVote, which reweights samples by the agreement of two networks.",
    ),
    (
        "n7",
        "Learning from Noisy Labels with Small Loss",
        "Networks trained on noisy labels first fit the clean examples. We propose EarlyPick, which keeps small-loss samples.",
    ),
]


@pytest.fixture(scope="module")
def graph(extractor):
    papers = [Paper(id=pid, title=t, abstract=a) for pid, t, a in PAPERS]
    records = {rec.paper_id: rec for rec in extractor.extract_many((p.id, p.title, p.abstract) for p in papers)}
    return build_graph(papers, records)


def linked_papers(G, nid):
    return sorted(G.nodes[u]["id"] for u, _ in G.in_edges(nid) if G.nodes[u]["label"] == PAPER)


def test_invariant_invariance_invariances_are_one_concept(graph):
    nid = node_id(CONCEPT, "invariance")
    assert graph.nodes[nid]["label"] == CONCEPT
    assert linked_papers(graph, nid) == ["n1", "n2", "n3"]
    assert not any(k.endswith(":invariant") or k.endswith(":invariances") for k in graph.nodes)


def test_diffusion_models_and_diffusion_are_concept_diffusion(graph):
    nid = node_id(CONCEPT, "diffusion")
    assert linked_papers(graph, nid) == ["n4", "n5"]
    assert {"Diffusion models", "diffusion"} <= set(graph.nodes[nid]["aliases"])
    assert not any(nid.endswith("diffusion model") for nid in graph.nodes)


def test_label_noise_and_noisy_labels_meet(graph):
    nid = node_id(CONCEPT, "label noise")
    assert linked_papers(graph, nid) == ["n6", "n7"]  # n7 says only "noisy labels" (a derived mention)
    assert not any(k.endswith("noisy label") for k in graph.nodes)


def test_a_derived_concept_needs_a_direct_mention_somewhere(extractor):
    """ "noisy labels" in an abstract alone does not invent a "label noise" node; here n7's title names it
    ("Noisy Labels", a listed synonym), so the node is the title's, and a paper keeps every fact it states."""
    papers = [Paper(id=pid, title=t, abstract=a) for pid, t, a in PAPERS if pid in ("n1", "n7")]
    records = {rec.paper_id: rec for rec in extractor.extract_many((p.id, p.title, p.abstract) for p in papers)}
    G = build_graph(papers, records)
    node = G.nodes[node_id(CONCEPT, "label noise")]
    assert node["aliases"] == ["Noisy Labels"] and linked_papers(G, node_id(CONCEPT, "label noise")) == ["n7"]
    abstract_only = {"n7": replace(records["n7"], mentions=[m for m in records["n7"].mentions if m.start > 20])}
    G = build_graph([p for p in papers if p.id == "n7"], abstract_only)
    assert node_id(CONCEPT, "label noise") not in G
