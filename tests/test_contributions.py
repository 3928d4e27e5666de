"""The paper's own contribution (issue 17, point 4): which names a paper proposes, with which type,
and that the build keeps them as PROPOSES links. Every abstract here is written for its rule."""

from __future__ import annotations

import pytest

from queries.schema import DATASET, METHOD


def proposed(extractor, title: str, abstract: str) -> dict[str, str]:
    """key -> label of what the paper proposes."""
    return {m.key: m.label for m in extractor.extract(title, abstract).mentions if m.role == "proposes"}


# --- the title ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, abstract, key",
    [
        (  # a title that states a claim about its subject
            "Anchor Folding Unifies Retrieval and Reranking",
            "Dense retrievers and rerankers are trained apart. We fold both objectives into one encoder.",
            "anchor folding",
        ),
        (  # the capitalised words before "for", said again where the authors propose
            "Cross-Domain Flow Distillation for Sparse Sensor Fusion",
            "Sensor fusion suffers from sparse inputs. We propose a cross-domain flow distillation approach, "
            "which transfers dense flow to sparse sensors.",
            "cross domain flow distillation",
        ),
    ],
)
def test_the_title_names_the_contribution(extractor, title, abstract, key):
    assert proposed(extractor, title, abstract).get(key) == METHOD


@pytest.mark.parametrize(
    "title, abstract",
    [
        # a claim about an established thing
        ("Large Language Models Can Self-Improve", "We fine-tune a model on its own outputs."),
        # a property, not a method
        ("Kernel Heterogeneity Improves Sparseness of Image Codes", "We vary the kernels of a sparse coder."),
        # a title that starts with a verb in -ing
        ("Finding Rumi: Memorization in Diffusion Models Is Not Local", "We show that pruning fails."),
        ("Discovering Temporally-Aware Policy Objectives", "We propose a simple augmentation to two approaches."),
        # a task before "with", although the authors' system does it
        (
            "Letter-Based Speech Recognition with Gated ConvNets",
            "We propose a letter-based speech recognition system built on gated convolutions.",
        ),
        # capitalised words before "for" that the abstract never proposes
        ("Generative Causal Summaries for Graph Classifiers", "We study explanations of graph classifiers."),
    ],
)
def test_titles_that_name_no_contribution(extractor, title, abstract):
    assert not proposed(extractor, title, abstract)


def test_a_title_name_and_the_abstracts_long_form_are_one_entity(extractor):
    """ "2D Lattice Sentence Embeddings" in the title, "Two-dimensional Lattice Sentence Embedding (2DLSE)" in
    the abstract: one key, so one node with both spellings."""
    rec = extractor.extract(
        "2D Lattice Sentence Embeddings",
        "In this paper, we introduce a novel sentence embedding model called Two-dimensional Lattice "
        "Sentence Embedding (2DLSE). 2DLSE supports several sizes.",
    )
    keys = {m.key for m in rec.mentions if m.role == "proposes"}
    assert keys == {"two dimensional lattice sentence embedding"}, keys
    assert any(m.text == "2D Lattice Sentence Embeddings" for m in rec.mentions if m.key in keys)


# --- how the abstract names it ----------------------------------------------------------------------


def test_a_name_after_called_is_all_its_capitalised_words(extractor):
    found = proposed(
        extractor,
        "",
        "To tackle this task, we propose a novel approach, called Self-tuned Fusion of Sparse Experts, which "
        "consists of two strategies.",
    )
    assert found == {"self tuned fusion of sparse expert": METHOD}


def test_which_we_refer_to_as_names_a_method(extractor):
    found = proposed(
        extractor,
        "",
        "Furthermore, we propose a novel knowledge transfer technique, which we refer to as cross-distillation, "
        "that has the effect of an ensemble.",
    )
    assert found.get("cross distillation") == METHOD


def test_also_called_is_another_name_of_the_same_thing(extractor):
    rec = extractor.extract(
        "",
        "We propose to initialise networks with rich features. Such a representation is constructed with the "
        "Dense Feature Growth (DFG) algorithm, also called the Acorn algorithm, which runs in episodes.",
    )
    acorn = [m for m in rec.mentions if m.text.startswith("Acorn")]
    assert acorn and {m.key for m in acorn} == {"dense feature growth"}


def test_a_short_name_for_a_proposed_phrase_is_the_same_entity(extractor):
    rec = extractor.extract(
        "",
        'In this paper we introduce Pruned Learned Margin Energy (or "PlaME" for short), a method which '
        "combines earlier scores.",
    )
    keys = {m.key for m in rec.mentions if m.role == "proposes"}
    assert keys == {"pruned learned margin energy"}, keys


def test_by_proposing_x_proposes_x(extractor):
    found = proposed(
        extractor,
        "",
        "In this paper, we tackle the problem by proposing a dynamic domain alignment (DYNA) framework, which "
        "adapts exits to the target domain.",
    )
    assert "dynamic domain alignment" in found


# --- what is not the contribution -------------------------------------------------------------------


@pytest.mark.parametrize(
    "abstract, not_proposed",
    [
        (  # used by the proposed module ("based on"), not proposed
            "Instead of RNNs, we present a recurrent module based on a feedforward sequential lattice network "
            "(FSLN), which needs no recurrent connections.",
            "feedforward sequential lattice network",
        ),
        (  # used in a relative clause of the proposal
            "This paper introduces Property-Guided Solver, a novel framework that leverages Property-Based "
            "Checking (PBC) to validate programs.",
            "property based checking",
        ),
        (  # earlier work named after "existing"
            "We will describe the Grammatical Logic Kit (GLK), a combination of two existing frameworks: the "
            "Grammar Toolkit (GTK) and MMT.",
            "grammar toolkit",
        ),
        (  # the authors' earlier work
            "Our previously proposed WaveFormer has achieved strong results. In this paper, we introduce a hybrid "
            "model that adds a recurrent module to the WaveFormer framework.",
            "waveformer",
        ),
        (  # background the abstract spoke of before the proposal
            "Time series foundation models (TSFMs) are popular. We introduce TideCast, a novel TSFM architecture "
            "with a state space encoder.",
            "time series foundation model",
        ),
        (  # a verb inside the proposed noun phrase
            "We also propose a framework for creating OpenAI Gym environments for robot soccer.",
            "openai",
        ),
        (  # a description that holds the name
            "In this paper, we propose a novel optimal path selection model PathOpt for routing.",
            "optimal path selection model pathopt",
        ),
        (  # an idea, not an artefact
            "To obtain these results, we develop the notion of representation block flow (RB flow) to follow "
            "signals through the network.",
            "representation block flow",
        ),
        (  # an established technique in a hyphenated name
            "We build on graph neural networks (GNNs) and develop a two-GNN framework to encode graphs.",
            "two gnn",
        ),
        (  # a coordination is not one name
            "We propose the MDP-DIV-kNN and MDP-DIV-NTN methods to speed up diversification.",
            "mdp div knn and mdp div ntn method",
        ),
    ],
)
def test_what_a_paper_uses_or_describes_is_not_its_contribution(extractor, abstract, not_proposed):
    found = proposed(extractor, "", abstract)
    assert not_proposed not in found, found


def test_the_kept_names_of_those_papers_are_still_proposed(extractor):
    """The same sentences still give the paper's own names."""
    assert "tidecast" in proposed(
        extractor,
        "",
        "Time series foundation models (TSFMs) are popular. We introduce "
        "TideCast, a novel TSFM architecture with a state space encoder.",
    )
    assert "pathopt" in proposed(
        extractor, "", "In this paper, we propose a novel optimal path selection model PathOpt for routing."
    )
    assert "property guided solver" in proposed(
        extractor,
        "",
        "This paper introduces Property-Guided Solver, a "
        "novel framework that leverages Property-Based Checking (PBC) to "
        "validate programs.",
    )


def test_a_named_module_of_a_named_method_is_a_part(extractor):
    found = proposed(
        extractor,
        "RouteDist: Learning Route Distributions for Delivery Time Prediction",
        "We propose RouteDist for delivery time prediction. Then, a route selection module (RSM) is proposed to "
        "select the sub-distribution for each sample.",
    )
    assert "routedist" in found and "route selection module" not in found, found


# --- the type ------------------------------------------------------------------------------------


def test_the_type_comes_from_the_first_type_noun_after_the_name(extractor):
    found = proposed(
        extractor,
        "DELTA: Can Models Reason Outside the Box in Chemistry?",
        "To investigate these limits, we introduce DELTA-Out-of-distribution Chemistry Problems with 3 axes-a "
        "controlled yet diverse benchmark designed to evaluate generalization.",
    )
    assert found.get("delta") == DATASET, found


def test_a_proposed_name_without_a_dataset_word_is_a_method(extractor):
    found = proposed(
        extractor,
        "From Flat to Deep: Sparse Codes",
        "To answer these questions, we re-contextualize the popular matching pursuits (MP) algorithm to design "
        "MP-SCX -- an SCX that unrolls its encoder into a sequence of steps.",
    )
    assert found.get("mp scx") == METHOD, found
    assert "matching pursuit" not in found  # "the popular ... (MP) algorithm": earlier work


def test_a_proposed_term_is_a_method_not_a_concept(extractor):
    """The span model may type a proposed term a Concept ("the Wasserstein dependency measure" in one seed
    abstract); what a paper proposes is a Method unless a dataset word says otherwise."""
    from extract.components.roles import PROPOSES, _type_by_context
    from extract.record import Mention
    from queries.schema import CONCEPT

    text = "We introduce the Sinkhorn coupling measure, which learns complete representations."
    doc = extractor.nlp(text)
    start = text.index("Sinkhorn")
    end = start + len("Sinkhorn coupling measure")
    ms = [Mention(CONCEPT, "sinkhorn coupling measure", text[start:end], start, end, 0, role=PROPOSES)]
    _type_by_context(doc, ms)
    assert ms[0].label == METHOD
    ms = [Mention(CONCEPT, "sinkhorn coupling measure", text[start:end], start, end, 0)]  # not proposed: as it was
    _type_by_context(doc, ms)
    assert ms[0].label == CONCEPT


def test_a_variant_of_a_proposed_name_has_its_type(extractor):
    """ "we present WavJEPA-Nat" after "we propose WavJEPA, a ... architecture": the span model typed the
    variant a Dataset in one seed abstract; it is what WavJEPA is."""
    from extract.components.roles import PROPOSES, _type_by_context
    from extract.record import Mention

    text = "Here, we propose WavSEPA, a predictive architecture. For the noisy rooms dataset, we present WavSEPA-Nat."
    doc = extractor.nlp(text)

    def at(name, label, after=0, sentence=0):
        start = text.index(name, after)
        return Mention(label, name.lower().replace("-", " "), name, start, start + len(name), sentence, role=PROPOSES)

    ms = [at("WavSEPA", METHOD), at("WavSEPA-Nat", DATASET, text.index("present"), sentence=1)]
    _type_by_context(doc, ms)
    assert [m.label for m in ms] == [METHOD, METHOD]


# --- the build keeps them ----------------------------------------------------------------------------


def test_the_build_keeps_what_a_paper_names_as_its_own_even_where_curation_would_drop_it():
    """A Dataset name curation does not know ("LINK" / "LINT" long forms end in ordinary words) and an unsure
    one-word name ("Gem") are still the paper's PROPOSES links; an unproposed twin of the same junk is not."""
    from extract.record import Extraction, Mention
    from kg.build.builder import build_graph
    from kg.core.papers import Paper
    from queries.schema import PROPOSES, node_id

    def rec(pid, *mentions):
        return Extraction(pid, sentences=["s"], mentions=list(mentions))

    papers = [Paper(id="p0", title="t0", abstract="a"), Paper(id="p1", title="t1", abstract="a")]
    records = {
        "p0": rec(
            "p0",
            Mention(DATASET, "logic induced long tail", "LINT", 0, 4, 0, role="proposes", confidence=0.22),
            Mention(METHOD, "gem", "Gem", 10, 13, 0, role="proposes", confidence=0.23),
        ),
        "p1": rec("p1", Mention(DATASET, "logic induced long tail", "LINT", 0, 4, 0, confidence=0.22)),
    }
    G = build_graph(papers, records)
    lint, gem = node_id(DATASET, "logic induced long tail"), node_id(METHOD, "gem")
    assert G.has_edge("Paper:p0", lint, key=PROPOSES)
    assert G.has_edge("Paper:p0", gem, key=PROPOSES)
    assert not any(k == PROPOSES for _, _, k in G.out_edges("Paper:p1", keys=True))
