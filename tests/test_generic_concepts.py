"""Precision of random Concept and Metric nodes (issue 17): a Concept made of general vocabulary that no paper
names in its title, defines as a name or uses often ("window panels") is hidden, a named idea of the field
is kept; a Metric that names hardware, a platform or one everyday word ("Z9 GPUs", "performance") is hidden,
a measure is kept. Every abstract below is invented."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph
from kg.build.entity_quality import (
    MIN_TERM_PROBABILITY,
    OTHER_HEAD_FIT,
    PROCEDURE_FIT,
    concept_term_features,
    concept_term_probability,
    fit_with_papers,
    metric_fit,
)
from kg.core.papers import Paper
from queries.quality import DEFAULT_MIN_QUALITY
from queries.schema import CONCEPT, METHOD, METRIC, node_id


def _graph(abstracts: dict[str, tuple[str, str, list[tuple[str, str, str, int]]]]):
    """A graph of papers ``pid -> (title, abstract, [(label, key, text, sentence)])``: sentence 0 is the title."""
    papers, records = [], {}
    for pid, (title, abstract, mentions) in abstracts.items():
        papers.append(Paper(id=pid, title=title, abstract=abstract))
        sentences = [title, abstract]
        ms = []
        for label, key, text, sentence in mentions:
            start = sentences[sentence].find(text) + sum(len(s) + 2 for s in sentences[:sentence])
            ms.append(Mention(label=label, key=key, text=text, start=start, end=start + len(text), sentence=sentence))
        records[pid] = Extraction(pid, sentences=sentences, mentions=ms)
    return build_graph(papers, records)


ABSTRACTS = {
    "p1": (
        "Glyph Drift in Handwritten Archives",
        "We study glyph drift when scanning window panels of old archives with the QuillNet model.",
        [
            (CONCEPT, "glyph drift", "Glyph Drift", 0),
            (CONCEPT, "glyph drift", "glyph drift", 1),
            (CONCEPT, "window panel", "window panels", 1),
            (METHOD, "quillnet", "QuillNet", 1),
        ],
    ),
    "p2": (
        "Robust Scanning of Ledgers",
        "Glyph drift harms QuillNet; window panels add glare.",
        [
            (CONCEPT, "glyph drift", "Glyph drift", 1),
            (CONCEPT, "window panel", "window panels", 1),
            (METHOD, "quillnet", "QuillNet", 1),
        ],
    ),
}


def test_a_generic_phrase_is_hidden_and_a_named_idea_of_the_field_kept():
    G = _graph(ABSTRACTS)
    quality = {n: d["quality"] for n, d in G.nodes(data=True) if "quality" in d}
    assert quality[node_id(CONCEPT, "glyph drift")] >= DEFAULT_MIN_QUALITY
    assert quality[node_id(CONCEPT, "window panel")] < DEFAULT_MIN_QUALITY
    # hidden, not deleted: both papers keep their link to it
    linked = {u for u, _ in G.in_edges(node_id(CONCEPT, "window panel")) if u.startswith("Paper:")}
    assert linked == {node_id("Paper", "p1"), node_id("Paper", "p2")}


def test_a_title_that_names_the_phrase_makes_it_a_topic():
    titled = dict(ABSTRACTS)
    titled["p2"] = (
        "Window Panels in Archive Scanning",
        "Glyph drift harms QuillNet; window panels add glare.",
        [
            (CONCEPT, "window panel", "Window Panels", 0),
            (CONCEPT, "glyph drift", "Glyph drift", 1),
            (CONCEPT, "window panel", "window panels", 1),
            (METHOD, "quillnet", "QuillNet", 1),
        ],
    )
    G = _graph(titled)
    assert G.nodes[node_id(CONCEPT, "window panel")]["quality"] >= DEFAULT_MIN_QUALITY


@pytest.mark.parametrize(
    "key, forms, papers",
    [
        ("window panel", {"window panels": 2}, 2),  # everyday words, plural: objects a text mentions in passing
        ("table row", {"table rows": 3}, 2),
        ("river boat", {"river boats": 3}, 3),
    ],
)
def test_general_vocabulary_is_no_term(key, forms, papers):
    assert concept_term_probability(key, forms, papers) < MIN_TERM_PROBABILITY


@pytest.mark.parametrize(
    "key, forms, papers, titled",
    [
        ("glyph drift", {"glyph drift": 2}, 2, 0),  # a rare word: the field's own term
        ("ghost collapse", {"ghost collapse": 2}, 2, 0),  # everyday words, but one thing in the singular
        ("table row", {"table rows": 3}, 2, 1),  # a title names it
        ("window panel", {"window panels": 1, "WPs": 1}, 2, 0),  # defined as an acronym
        ("river boat", {"river boats": 9}, 9, 0),  # many papers use it
    ],
)
def test_a_term_of_the_field_is_kept(key, forms, papers, titled):
    assert concept_term_probability(key, forms, papers, titled) >= MIN_TERM_PROBABILITY


def test_a_class_of_methods_is_no_concept():
    from kg.build.entity_quality import DESCRIPTION_FIT, concept_fit

    assert concept_fit("glyph detector", ["glyph detectors"]) == DESCRIPTION_FIT  # a plural method head
    assert concept_fit("glyph detector", ["glyph detector"]) == 1.0  # one thing: the fit does not judge it


def test_the_features_read_the_forms_and_counts():
    f = concept_term_features("window panel", Counter({"window panels": 3, "window panel": 1}), 2, 1)
    assert f["plural"] == 0.75 and f["titled"] == 1.0 and f["phrase"] == 1.0 and f["named"] == 0.0
    assert f["everyday"] > 0.6  # both words everyday English


@pytest.mark.parametrize(
    "key, forms",
    [
        ("z9 gpu", ["Z9 GPUs"]),  # hardware (a platform of not_entities.txt)
        ("gpu cluster", ["GPU cluster"]),
        ("edge device", ["edge devices"]),  # an object head
        ("performance", ["performance"]),  # a generic quantity word
        ("result", ["results"]),
    ],
)
def test_hardware_and_generic_quantities_are_no_metrics(key, forms):
    assert metric_fit(key, forms) == OTHER_HEAD_FIT
    assert fit_with_papers(OTHER_HEAD_FIT, 20, 1) == OTHER_HEAD_FIT  # papers never raise it


@pytest.mark.parametrize(
    "key, forms",
    [
        ("glyph error rate", ["glyph error rate"]),  # a measure head
        ("zq score", ["ZQ-score"]),  # a name
        ("quillmos", ["QuillMOS"]),
        ("glyphiness", ["glyphiness"]),  # one rare word
    ],
)
def test_a_real_metric_is_kept(key, forms):
    assert metric_fit(key, forms) == 1.0


def test_a_phrase_headed_by_no_measure_needs_a_second_paper():
    assert metric_fit("child reading test", ["children's reading tests"]) == PROCEDURE_FIT
    assert fit_with_papers(PROCEDURE_FIT, 2, 1) >= 0.7


def test_a_build_shows_no_hardware_as_a_metric_and_keeps_a_measure():
    # "in terms of" makes both names Metrics (kg.build.context_types); only the measure is shown
    G = _graph(
        {
            "p1": (
                "Fast Ledger Reading",
                "We compare QuillNet with baselines in terms of QuillMOS and Z9 GPUs.",
                [
                    (METHOD, "quillnet", "QuillNet", 1),
                    (METHOD, "quillmos", "QuillMOS", 1),
                    (METHOD, "z9 gpu", "Z9 GPUs", 1),
                ],
            )
        }
    )
    assert G.nodes[node_id(METRIC, "quillmos")]["quality"] >= DEFAULT_MIN_QUALITY
    assert G.nodes[node_id(METRIC, "z9 gpu")]["quality"] < DEFAULT_MIN_QUALITY  # kept on the paper, hidden
