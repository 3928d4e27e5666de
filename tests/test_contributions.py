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
        (  # the capitalised words before "for", with a name token, said again where the authors propose
            "Cross-Domain GAN Distillation for Sparse Sensor Fusion",
            "Sensor fusion suffers from sparse inputs. We propose a cross-domain GAN distillation approach, "
            "which transfers dense flow to sparse sensors.",
            "cross domain gan distillation",
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
        ("Filter Diversity Improves Robustness of Audio Codes", "We vary the filters of a sparse audio coder."),
        # a title that starts with a verb in -ing
        ("Finding Rumi: Memorization in Diffusion Models Is Not Local", "We show that pruning fails."),
        ("Discovering Temporally-Aware Policy Objectives", "We propose a simple augmentation to two approaches."),
        # a task before "with", although the authors' system does it
        (
            "Syllable-Based Keyword Spotting with Dilated ConvNets",
            "We propose a syllable-based keyword spotting system built on dilated convolutions.",
        ),
        # capitalised words before "for" that the abstract never proposes
        ("Generative Causal Summaries for Graph Classifiers", "We study explanations of graph classifiers."),
        # capitalised words before "for" that the abstract proposes, but only as a description: no name token
        (
            "Multi-Level Feature Distillation for Out-of-Distribution Detection",
            "Detectors overfit. In this paper, we propose a multi-level feature distillation approach that "
            "combines two teachers.",
        ),
    ],
)
def test_titles_that_name_no_contribution(extractor, title, abstract):
    assert not proposed(extractor, title, abstract)


def test_a_title_name_and_the_abstracts_long_form_are_one_entity(extractor):
    """ "2D Lattice Sentence Embeddings" in the title, "Two-dimensional Lattice Sentence Embedding (2DLSE)" in
    the abstract: one key, so one node with both spellings."""
    rec = extractor.extract(
        "2D Lattice Sentence Embeddings",
        "In this paper, we introduce a new encoder for sentences called Two-dimensional Lattice "
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
            "We will present the Grammatical Logic Kit (GLK), a combination of two existing frameworks: the "
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
            "We also propose a framework for building OpenAI Gym tasks for robot soccer.",
            "openai",
        ),
        (  # a description that holds the name
            "In this paper, we propose a novel optimal path selection model PathOpt for routing.",
            "optimal path selection model pathopt",
        ),
        (  # an idea, not an artefact
            "To obtain these results, we set out the notion of representation block flow (RB flow) to follow "
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
        "HarborNet: Learning Berth Schedules for Vessel Arrival Forecasting",
        "We propose HarborNet for vessel arrival forecasting. Then, a berth ranking module (BRM) is proposed to "
        "pick one schedule for every vessel.",
    )
    assert "harbornet" in found and "berth ranking module" not in found, found


# --- the type ------------------------------------------------------------------------------------


def test_the_type_comes_from_the_first_type_noun_after_the_name(extractor):
    found = proposed(
        extractor,
        "PRISM: Can Solvers Think Beyond the Textbook in Geometry?",
        "To probe these gaps, we introduce PRISM-Out-of-curriculum Geometry Puzzles with 4 levels-a compact yet "
        "varied benchmark built to measure transfer.",
    )
    assert found.get("prism") == DATASET, found


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


# --- what is no name of a contribution (false positives on papers no rule was written for) ------


def test_roman_numerals_that_count_stages_are_no_names(extractor):
    got = proposed(
        extractor,
        "Provable Dynamics of Grokking",
        "We propose a novel framework, named Zeta3, that captures three stages of grokking: (I) lazy learning, "
        "(II) independent feature learning and (III) interactive feature learning.",
    )
    assert set(got) == {"zeta3"}


def test_a_common_word_inside_a_proposed_phrase_is_no_contribution_of_its_own(extractor):
    got = proposed(
        extractor,
        "Sparse Caching for Long Speech Synthesis",
        "Caching is slow. To address this issue, we propose SpeCa, a Dynamic Pattern and Online Greedy "
        "Eviction sparse caching method. Firstly, to realize the Dynamic Pattern, we introduce a layered pattern "
        "to capture reuse.",
    )
    assert "speca" in got and "pattern" not in got


def test_a_name_given_to_an_idea_is_no_contribution(extractor):
    got = proposed(
        extractor,
        "Golden Seeds for Diffusion Models",
        "Some seeds are better than others. First, we identify a new concept termed the seed prompt, which "
        "turns a random seed into a golden one. Our analysis shows the importance of this research direction, "
        "which we term Noisy Seed Learning.",
    )
    assert "seed prompt" not in got and "noisy seed learning" not in got


def test_a_list_of_words_is_named_by_its_short_name(extractor):
    got = proposed(
        extractor,
        "Unsupervised Denoising",
        "Paired data are scarce. Our method, which we refer to as Mask, Blur and Denoise (MBD), trains a "
        "denoiser to inpaint synthetic pairs.",
    )
    assert got.get("mask blur and denoise") == METHOD and "mask" not in got


def test_we_call_our_algorithm_a_long_form_and_a_setting_is_no_contribution(extractor):
    got = proposed(
        extractor,
        "Replay for Continual Offline Learning",
        "Agents forget. In this paper, we formulate a new setting, continual offline policy learning (COPL), "
        "where an agent learns a sequence of tasks. We build the replay buffer with a transition model. In "
        "general, we call our algorithm offline buffer replay (OBR). Our OBR method outperforms baselines.",
    )
    assert got == {"offline buffer replay": METHOD}


def test_a_title_phrase_that_begins_the_long_form_of_a_short_name_is_part_of_it(extractor):
    got = proposed(
        extractor,
        "Compositional Caution: A Transductive Route to Offline Reinforcement Learning",
        "Offline RL faces distribution shift. We propose COmpositional CAution with Anchor-seeking (COCAN) "
        "for offline RL, an approach that pursues caution in a compositional manner.",
    )
    assert got == {"compositional caution with anchor seeking": METHOD}


def test_a_name_that_starts_with_a_digit_after_called(extractor):
    got = proposed(
        extractor,
        "Split Equivariant Representations",
        "We start by introducing a dataset called 3DRotBench, consisting of renderings of 3D models over 55 classes.",
    )
    assert got.get("3drotbench") == DATASET


def test_an_implementation_of_existing_work_does_not_propose_it(extractor):
    got = proposed(
        extractor,
        "Revisiting Rehearsal for Streaming Instruction Tuning",
        "We are the first to study loss curvature in instruction tuning and propose a fast implementation of "
        "sharpness-aware rehearsal (SAR) that equips rehearsal with flatness.",
    )
    assert "sharpness aware rehearsal" not in got


def test_a_long_name_that_starts_with_a_known_phrase_keeps_its_own_type(extractor):
    got = proposed(
        extractor,
        "Reward Shaping with Trajectory Anchors for Cooperative Multi-Agent Learning",
        "A common family of cooperative agents uses reward shaping, which densifies a sparse return. In this "
        "paper, we propose Reward Shaping with Trajectory Anchors (RSTA). RSTA searches the buffer for the "
        "closest successful episode.",
    )
    assert got == {"reward shaping with trajectory anchor": METHOD}


def test_a_proposal_the_span_model_takes_for_a_task_is_a_method(extractor):
    got = proposed(
        extractor,
        "A Simulator for Pruning Large Vision Models using Small Vision Models",
        "We present a new technique for separating the features and priors acquired in pre-training and "
        "pruning. Using a search-based framework, we introduce mirrored pruning (MPR), a principled method for "
        "drawing samples that mimic the outcome of pre-training and pruning at mismatched sizes. Our "
        "experiments with MPR show that scaling up pruning improves robustness.",
    )
    assert got.get("mirrored pruning") == METHOD
