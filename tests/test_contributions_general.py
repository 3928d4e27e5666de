"""The paper's own contribution, rules that generalise (issue 17, point 4): a proposal needs a name the
paper introduces, not a topic, a description, a modifier or a name the proposal is made of. Every
title and abstract here is invented for its rule (no corpus sentence)."""

from __future__ import annotations

import pytest

from extract.components.roles import _unbalanced
from queries.schema import DATASET, METHOD


def proposed(extractor, title: str, abstract: str) -> dict[str, str]:
    """key -> label of what the paper proposes."""
    return {m.key: m.label for m in extractor.extract(title, abstract).mentions if m.role == "proposes"}


# --- the title ---------------------------------------------------------------------------------


def test_a_name_before_a_spaced_dash_is_the_title_prefix(extractor):
    found = proposed(
        extractor,
        "ZOLTRA -- A Framework for Fast Graph Sampling",
        "Graph sampling is slow. ZOLTRA samples subgraphs in linear time.",
    )
    assert found.get("zoltra") == METHOD, found


def test_a_prefix_the_abstract_writes_again_as_a_name_is_the_contribution(extractor):
    found = proposed(
        extractor,
        "Quiet Lanterns: Robust Reward Shaping for Sparse Tasks",
        "Sparse rewards stall exploration. We propose Quiet Lanterns, a shaping rule. Quiet Lanterns "
        "doubles the success rate.",
    )
    assert found.get("quiet lantern") == METHOD, found


@pytest.mark.parametrize(
    "title, abstract",
    [
        (  # a known field before the colon: the topic of a survey
            "Network Embedding: A Short Guide",
            "Network Embedding maps nodes to vectors. We review four families of methods and their costs.",
        ),
        (  # two plain words before the colon that the abstract only speaks of in lowercase
            "Stable Codes: Why Some Features Persist Across Training",
            "We show that stable codes appear early in training and survive fine-tuning.",
        ),
        (  # a whole title that names a task the abstract describes in other words
            "Streaming Neural Record Linkage",
            "Record linkage joins entries of two tables. We describe a streaming system that links them.",
        ),
    ],
)
def test_a_title_topic_is_no_contribution(extractor, title, abstract):
    found = proposed(extractor, title, abstract)
    assert not any(m in found for m in ("network embedding", "stable code", "streaming neural record linkage")), found


def test_a_whole_title_the_abstract_names_again_is_the_contribution(extractor):
    found = proposed(
        extractor,
        "Folded Bloom Attention",
        "Attention is quadratic. We propose Folded Bloom Attention, which hashes keys into buckets.",
    )
    assert found.get("folded bloom attention") == METHOD, found


def test_a_title_acronym_stands_for_words_up_to_its_last_capital(extractor):
    """ "MedAD" is not "Medical End-to-End" (whose letters happen to hold m, e, d, a, d): the long form
    runs to "Detection", the word the last capital starts."""
    rec = extractor.extract(
        "MedAD: Medical End-to-End Anomaly Detection",
        "Scans hide rare lesions. MedAD flags them without labels.",
    )
    keys = {m.key for m in rec.mentions if m.role == "proposes"}
    assert "medical end to end" not in keys, keys
    assert "medical end to end anomaly detection" in keys, keys


# --- the abstract ------------------------------------------------------------------------------


def test_a_phrase_that_starts_with_a_lowercase_word_is_a_description(extractor):
    found = proposed(
        extractor,
        "",
        "We propose a bidirectional contraction GRV loss that pulls normal samples together.",
    )
    assert not found, found


def test_a_description_with_an_acronym_is_a_name(extractor):
    found = proposed(
        extractor,
        "",
        "Graphs change over time. Our proposed sparse routing Transformer (SRT) routes each node to few "
        "experts. The proposed SRT halves the cost.",
    )
    assert found.get("sparse routing transformer") == METHOD, found


def test_what_follows_a_capitalised_name_describes_it(extractor):
    found = proposed(
        extractor,
        "",
        "Detectors are hard to install. We introduce Quillbox, a small and steady Faster R-CNN kelp detector "
        "in a container which needs no training.",
    )
    assert set(found) == {"quillbox"}, found


def test_a_name_after_a_new_general_noun_and_a_comma(extractor):
    found = proposed(
        extractor,
        "",
        "Slots in new domains are unseen. We propose a new cross-domain intent tagging neural model, MIRADOR, "
        "which works in three steps.",
    )
    assert found.get("mirador") == METHOD, found


def test_a_bracketed_name_before_a_task_word_is_a_modifier(extractor):
    found = proposed(
        extractor,
        "",
        "Whispered speech lacks data. In this paper, we study a few designs for end-to-end (E2E) "
        "recognition of whispered speech.",
    )
    assert not found, found


def test_a_bracketed_name_inside_an_of_phrase_is_what_the_proposal_is_made_of(extractor):
    found = proposed(
        extractor,
        "",
        "Fronts are hard to compare. We propose a weighted version of the mean front spacing (MFS).",
    )
    assert "mean front spacing" not in found, found


def test_the_method_of_a_bracketed_name_is_the_proposal(extractor):
    found = proposed(
        extractor,
        "",
        "Noisy rationales mislead models. Here, we introduce the method of contrastive pruning with "
        "shuffled rationales (CP-SR). CP-SR improves accuracy.",
    )
    assert found.get("contrastive pruning with shuffled rationale", found.get("cp sr")) == METHOD, found


def test_a_name_given_to_a_variant_of_a_known_dataset_is_a_dataset(extractor):
    found = proposed(
        extractor,
        "",
        "As part of the benchmark, we introduce a compact variant of ImageNet, called TinyNetLite, which "
        "keeps all classes.",
    )
    assert found.get("tinynetlite") == DATASET, found


def test_a_cut_phrase_is_no_name():
    assert _unbalanced('solution of our team "KX-ai')
    assert _unbalanced("ARX(1")
    assert not _unbalanced("ARX(1)") and not _unbalanced("FlowState")


# --- the learned decision (extract/components/contribution_model.py) ----------------------------


def test_the_shipped_decision_weights_cover_every_feature():
    from extract.components.contribution_model import FEATURES, scorer_weights

    weights = scorer_weights()
    assert weights is not None
    assert set(FEATURES) <= set(weights), set(FEATURES) - set(weights)
    assert 0.0 < weights["__threshold__"] < 1.0
    assert weights["rule"] > 0 and weights["established"] < 0  # the rules' vote counts; a known term does not
    assert weights["subject"] > 0  # a name the paper then speaks of as the actor is its own


def candidate_features(extractor, title: str, abstract: str) -> dict[str, dict[str, float]]:
    """key -> the decision's features of every candidate of a paper, as the decision sees them."""
    from extract.components import contribution_model as cm
    from extract.pipeline import compose

    nlp = extractor.nlp
    after = [n for n in ("paperkg_relations", "paperkg_relation_model", "paperkg_record") if n in nlp.pipe_names]
    with nlp.select_pipes(disable=after):
        doc = nlp(compose(title, abstract))
    found = cm.candidates(doc, doc._.kg_mentions)
    return {key: cm.features(doc, key, ms, cm.rule_count(found)) for key, ms in found.items()}


def test_a_name_the_paper_speaks_of_as_the_actor_is_a_subject(extractor):
    """VELLOQ, brought in by a proposal and then the subject of a result, is what the paper speaks of as
    its own; TRUNDLE, named only in the proposal sentence, and GRAVLOK, only compared with, are not."""
    feats = candidate_features(
        extractor,
        "Sparse Echo Routing for Tabular Forecasting",
        "Tabular forecasting needs long contexts. We present a sparse router called VELLOQ and a sampler "
        "called TRUNDLE. We compare with GRAVLOK on four benchmarks. On four benchmarks, VELLOQ reduces the "
        "error of strong baselines.",
    )
    assert feats["velloq"]["subject"] == 1.0, feats.get("velloq")
    assert feats["trundle"]["subject"] == 0.0, feats.get("trundle")
    assert feats.get("gravlok", {"subject": 0.0})["subject"] == 0.0, feats.get("gravlok")
    assert feats["velloq"]["named"] == 1.0 and feats["velloq"]["verb_near"] > 0, feats["velloq"]


def test_a_subject_only_in_the_sentence_that_proposes_it_is_no_subject(extractor):
    feats = candidate_features(
        extractor,
        "Fast Routing for Sparse Tables",
        "Sparse tables are slow to route. We propose QUENTAR, a router, and QUENTAR sorts rows in linear time.",
    )
    assert feats["quentar"]["subject"] == 0.0, feats["quentar"]


def test_the_decision_keeps_a_coined_name_the_authors_propose_and_drops_a_known_term(extractor):
    found = proposed(
        extractor,
        "Sparse Routing for Tabular Forecasting",
        "Tabular forecasting needs long contexts. We propose GLIMMERNET, a sparse router for gradient "
        "boosting. GLIMMERNET halves the error of strong baselines on four benchmarks.",
    )
    assert found.get("glimmernet") == METHOD, found
    assert "gradient boosting" not in found, found


def test_the_decision_has_the_last_word_over_the_rules(extractor, monkeypatch):
    """With weights that accept only a name given by "called", the rules' other proposals are dropped,
    and with weights that accept nothing, nothing is proposed."""
    from extract.components import contribution_model

    title, abstract = (
        "Thistle: Quick Parsing of Legal Text",
        "We present Thistle, a parser for contracts, and a new corpus called LEXTRA. LEXTRA holds 900 contracts.",
    )
    monkeypatch.setattr(contribution_model, "scorer_weights", lambda: {"bias": -5.0, "named": 10.0})
    assert set(proposed(extractor, title, abstract)) == {"lextra"}
    monkeypatch.setattr(contribution_model, "scorer_weights", lambda: {"bias": -5.0})
    assert proposed(extractor, title, abstract) == {}
    monkeypatch.setattr(contribution_model, "ENABLED", False)  # the rules alone
    assert {"thistle", "lextra"} <= set(proposed(extractor, title, abstract))


def test_new_decision_weights_change_the_extraction_cache_key(tmp_path):
    from extract.fingerprint import code_digest

    (tmp_path / "vocabulary").mkdir()
    (tmp_path / "roles.py").write_text("X = 1\n")
    weights = tmp_path / "vocabulary" / "contribution_scorer.txt"
    weights.write_text("__threshold__\t0.3\nbias\t-4.0\n")
    before = code_digest(tmp_path)
    weights.write_text("__threshold__\t0.3\nbias\t-3.0\n")
    assert code_digest(tmp_path) != before
