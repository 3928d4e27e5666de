"""Precision of random Method and Dataset nodes (issue 17, deliverable 2): the name fit hides what no
paper can make a method (signals, devices, diseases, technologies, challenges, fields) and what no paper
can make a dataset (everyday words), from head-word classes and the vocabularies, not from lists of
names. Every name below is invented."""

from __future__ import annotations

import pytest

from extract.record import Extraction, Mention
from extract.vocab import default_vocabulary
from kg.build.builder import build_graph
from kg.build.entity_quality import (
    BROKEN_FIT,
    DESCRIPTION_FIT,
    OTHER_HEAD_FIT,
    dataset_fit,
    everyday_data,
    fit_with_papers,
    method_fit,
)
from kg.core.papers import Paper
from queries.quality import DEFAULT_MIN_QUALITY
from queries.schema import DATASET, METHOD, node_id


@pytest.mark.parametrize(
    "key, forms",
    [
        ("kelvo signal", ["Kelvo signals"]),  # a signal
        ("zarnic recording", ["zarnic recordings"]),
        ("quillon device", ["Quillon devices"]),  # hardware
        ("plasma relay technology", ["PRT", "Plasma Relay Technology"]),  # an acronym of a technology
        ("denial of glimmer service", ["DoGS", "Denial-of-Glimmer-Service"]),  # a service, hyphenated
        ("striped mri", ["striped MRI"]),  # a kind of a listed signal (concepts.txt)
        ("gpu v9", ["GPU-v9"]),  # a version of a platform (not_entities.txt)
        ("orvex challenge 4", ["Orvex Challenges 4"]),  # a shared-task campaign
        ("tesselated cancer", ["tesselated cancer"]),  # a disease
        ("zork data", ["ZORK data", "ZORK"]),  # data of a kind
    ],
)
def test_a_method_named_after_an_object_is_hidden_however_many_papers(key, forms):
    assert method_fit(key, forms) == OTHER_HEAD_FIT
    assert fit_with_papers(OTHER_HEAD_FIT, 12, 1) == OTHER_HEAD_FIT  # papers never raise it


@pytest.mark.parametrize(
    "key, forms",
    [
        ("histogram of oriented glyph", ["Histogram of Oriented Glyphs", "HOGL"]),  # the head stands before "of"
        ("glyph encoder network", ["glyph encoder network", "GE-Net"]),
        ("zentropy forest", ["Zentropy Forest", "ZF"]),
        ("feature engineering", ["feature engineering"]),  # a long last word of not_entities: no field
        # an imaging modality is a technique, no object (kg.build.lab_technique), also as an acronym's long form
        ("ventral flux tomography", ["ventral flux tomography"]),
        ("vfm", ["VFM", "Ventroflurography"]),
    ],
)
def test_a_method_with_a_method_head_or_a_name_keeps_its_fit(key, forms):
    assert method_fit(key, forms) == 1.0


def test_a_kind_of_a_field_is_a_description_unless_its_paper_proposes_it():
    assert method_fit("orbital machine learning", ["orbital machine learning"]) == DESCRIPTION_FIT
    assert method_fit("orbital machine learning", ["OML", "Orbital Machine Learning"]) == DESCRIPTION_FIT
    assert method_fit("tidal ai", ["tidal AI"]) == DESCRIPTION_FIT  # a short field as last word
    assert method_fit("orbital machine learning", ["OML", "Orbital Machine Learning"], proposed=True) == 1.0
    assert fit_with_papers(DESCRIPTION_FIT, 3, 1) >= 0.7  # three papers make it a term


def test_what_its_papers_call_a_task_is_no_method_unless_one_calls_it_a_method():
    assert method_fit("glyph entailment", ["glyph entailment", "GE", "Glyph Entailment tasks"]) == OTHER_HEAD_FIT
    assert method_fit("glyph entailment", ["glyph entailment network", "glyph entailment tasks"]) > OTHER_HEAD_FIT


@pytest.mark.parametrize(
    "key, form",
    [("base predictor", "base predictors"), ("well known zentropy method", "well-known Zentropy method")],
)
def test_an_opening_word_of_a_role_or_a_judgement_makes_a_description(key, form):
    assert method_fit(key, [form]) == DESCRIPTION_FIT


def test_everyday_words_in_lower_case_are_no_dataset():
    assert dataset_fit("speech", ["speech", "Speech"]) == OTHER_HEAD_FIT
    assert dataset_fit("real world data", ["real-world data"]) == OTHER_HEAD_FIT
    assert dataset_fit("place", ["Places"]) == 1.0  # written as a capitalised name
    assert dataset_fit("zorkbank", ["ZorkBank"]) == 1.0
    assert not everyday_data("zork data", ["zork data"], default_vocabulary())
    assert dataset_fit("broken thing", ["a, b"]) == BROKEN_FIT


def _mention(label, key, text, role=None):
    return Mention(label=label, key=key, text=text, start=0, end=len(text), sentence=0, role=role)


def test_a_build_hides_an_object_typed_method_and_a_proposed_everyday_dataset_but_keeps_the_facts():
    sentences = {
        "p1": "We record Kelvo signals and train the Zentropy Forest on a new corpus of speech.",
        "p2": "Kelvo signals are noisy; the Zentropy Forest copes.",
        "p3": "Our Zentropy Forest beats baselines on Kelvo signals.",
    }
    spec = {
        pid: [
            _mention(METHOD, "kelvo signal", "Kelvo signals"),
            _mention(METHOD, "zentropy forest", "Zentropy Forest"),
        ]
        for pid in sentences
    }
    spec["p1"].append(_mention(DATASET, "speech", "Speech", role="proposes"))
    spec["p2"].append(_mention(DATASET, "speech", "speech"))
    spec["p3"].append(_mention(DATASET, "speech", "speech"))
    papers = [Paper(id=pid, title=f"Paper {pid}", abstract=s) for pid, s in sentences.items()]
    records = {pid: Extraction(pid, sentences=[sentences[pid]], mentions=ms) for pid, ms in spec.items()}
    G = build_graph(papers, records)
    quality = {n: d.get("quality") for n, d in G.nodes(data=True)}
    assert quality[node_id(METHOD, "zentropy forest")] >= DEFAULT_MIN_QUALITY
    assert quality[node_id(METHOD, "kelvo signal")] < DEFAULT_MIN_QUALITY  # three papers: still hidden
    assert quality[node_id(DATASET, "speech")] < DEFAULT_MIN_QUALITY  # proposed by a role, still hidden
    # hidden, not deleted: each paper keeps its link
    linked = {u for u, _ in G.in_edges(node_id(METHOD, "kelvo signal")) if u.startswith("Paper:")}
    assert linked == {node_id("Paper", pid) for pid in sentences}


def test_a_method_its_sentences_call_an_object_is_hidden():
    from kg.build.context_types import votes

    assert votes("We record XQ-7 signals from the scalp.", "XQ-7") == "Concept"
    assert votes("Each ZR2 device is cheap.", "ZR2") == "Concept"
    assert votes("We train on XQ-7 images and test elsewhere.", "XQ-7") == "Dataset"  # another cue first
    assert votes("The ZR2 image classifier is fast.", "ZR2") == "Method"  # the head decides
    assert votes("QuillGen: Seismic Waveform Synthesis with GANs", "QuillGen") is None  # "waveform" is no head
    sentences = {
        "p1": "We record XQ-7 signals from the scalp with a new cap.",
        "p2": "The QuillNet model outperforms baselines.",
    }
    spec = {
        "p1": [_mention(METHOD, "xq 7", "XQ-7")],
        "p2": [_mention(METHOD, "quillnet", "QuillNet")],
    }
    papers = [Paper(id=pid, title=f"Paper {pid}", abstract=s) for pid, s in sentences.items()]
    records = {pid: Extraction(pid, sentences=[sentences[pid]], mentions=ms) for pid, ms in spec.items()}
    G = build_graph(papers, records)
    assert G.nodes[node_id(METHOD, "xq 7")]["quality"] < DEFAULT_MIN_QUALITY
    assert G.nodes[node_id(METHOD, "quillnet")]["quality"] >= DEFAULT_MIN_QUALITY


def test_a_concept_that_is_a_linked_compound_without_its_noun_is_broken():
    from kg.build.entity_quality import concept_fit

    assert concept_fit("multilingual glyph to sound", ["Multilingual Glyph-to-Sound"]) == BROKEN_FIT
    assert concept_fit("quill to noise", ["quill-to-noise"]) == BROKEN_FIT
    assert concept_fit("low rank quill", ["low-rank quill"]) == 1.0  # a compound without a link word


@pytest.mark.parametrize(
    "key, form",
    [
        ("conventional method", "conventional methods"),  # a judging word, a generic head
        ("ai model", "AI models"),  # a field, a generic head
        ("hybrid approach", "hybrid approach"),  # an everyday word, a generic head
    ],
)
def test_a_generic_head_after_words_that_say_nothing_is_never_raised_by_papers(key, form):
    fit = method_fit(key, [form])
    assert fit == OTHER_HEAD_FIT
    assert fit_with_papers(fit, 40, 1) < 0.66  # forty papers do not make it a term


def test_a_known_term_or_a_specific_modifier_with_a_generic_head_is_still_raised_by_papers():
    assert method_fit("genetic algorithm", ["genetic algorithms"]) == DESCRIPTION_FIT  # a known term (CSO)
    assert method_fit("quillwave method", ["quillwave methods"]) == DESCRIPTION_FIT  # a specific modifier
    assert fit_with_papers(DESCRIPTION_FIT, 3, 1) >= 0.7


@pytest.mark.parametrize(
    "key, forms",
    [
        ("quill to noise ratio", ["QNR", "quill-to-noise ratio"]),  # an acronym of a measure
        ("zentropy fairness index", ["Zentropy fairness index"]),
        ("glint cepstral coefficient", ["GCCs", "glint cepstral coefficients"]),
    ],
)
def test_a_measure_typed_method_is_hidden(key, forms):
    assert method_fit(key, forms) == OTHER_HEAD_FIT
