"""Concepts in a field the rules never saw (issue 17): statistics are Metrics, the words of a study's report, its
control groups, people, measured quantities and nouns made from everyday adjectives are no Concepts
(kg.build.field_sense.statistic, kg.build.study_phrases, kg.build.adjective_sense). Every name and sentence
below is invented; each rule has its counter-case."""

from __future__ import annotations

import pytest

from extract.record import Extraction, Mention
from kg.build.adjective_sense import adjective_only, source_adjectives
from kg.build.builder import build_graph
from kg.build.curation import curate
from kg.build.entity_quality import metric_fit
from kg.build.field_sense import not_a_thing
from kg.build.pipeline import same_graph
from kg.build.study_phrases import study_description
from kg.core.papers import Paper
from queries.quality import DEFAULT_MIN_QUALITY
from queries.schema import CONCEPT, METRIC, node_id
from tests.fixtures.curation import columnar_of


@pytest.mark.parametrize(
    "key, forms",
    [
        ("kelp odds ratio", ["kelp odds ratios"]),
        ("reef confidence interval", ["reef confidence intervals", "RCIs"]),
        ("tidal standard deviation", ["tidal standard deviation"]),
        ("shell mass index", ["shell mass index"]),
        ("fin circumference", ["fin circumference"]),
        ("relative risk", ["relative risks", "RRs"]),
        ("kelp concentration", ["kelp concentrations"]),
    ],
)
def test_a_statistic_or_a_body_measure_typed_concept_is_a_metric(key, forms):
    assert curate(key, CONCEPT, forms) == (key, METRIC)


def test_a_concept_named_in_capitals_or_headed_otherwise_is_no_statistic():
    assert curate("kelp ratio test", CONCEPT, ["kelp ratio test"]) != ("kelp ratio test", METRIC)
    assert curate("reef rot", CONCEPT, ["reef rot"]) == ("reef rot", CONCEPT)
    assert curate("kelp risk", CONCEPT, ["kelp risk"]) != ("kelp risk", METRIC)  # a danger, no statistic


def test_a_finding_about_a_measure_needs_a_second_paper():
    assert metric_fit("elevated kelp ratio", ["elevated kelp ratio"]) < 1.0  # a finding: "elevated", "low"
    assert metric_fit("kelp ratio", ["kelp ratio"]) == 1.0


@pytest.mark.parametrize(
    "key, forms",
    [
        ("systematic review", ["systematic reviews"]),
        ("randomized controlled trial", ["RCTs", "randomized controlled trials"]),  # also under its acronym
        ("cohort study", ["cohort study"]),
        ("clinical relevance", ["clinical relevance"]),
        ("positive control", ["positive controls"]),
        ("healthy control", ["healthy controls"]),
        ("postoperative complication", ["postoperative complications"]),  # a word that only says when
        ("long-term outcome", ["long-term outcomes"]),
        ("risk factor", ["risk factors"]),
        ("room temperature", ["room temperature"]),  # a quantity measured of a sample
        ("treatment phase", ["treatment phases"]),
        ("kelp test", ["kelp test"]),  # a statistical procedure
        ("endpoint", ["endpoints"]),  # a word of the report alone
    ],
)
def test_the_words_of_a_study_report_are_no_concept(key, forms):
    assert study_description(key, forms)


@pytest.mark.parametrize(
    "key, forms",
    [
        ("transcription factor", ["transcription factors"]),  # a rarer word says which
        ("glycemic control", ["glycemic control"]),  # control of something, no control group
        ("kelp tolerance test", ["KTT", "kelp tolerance tests"]),  # a clinical test with its acronym
        ("depressive symptom", ["depressive symptoms"]),
        ("luteal phase", ["luteal phase"]),  # a rare word says which
        ("reef rot", ["reef rot"]),
    ],
)
def test_a_named_idea_is_no_report_word(key, forms):
    assert not study_description(key, forms)


@pytest.mark.parametrize("key", ["healthcare professional", "adolescent", "pregnant mother", "older adult"])
def test_a_group_of_people_is_no_concept(key):
    assert not_a_thing(key, CONCEPT, [key + "s"])


def test_a_life_phase_is_no_group_of_people():
    assert not not_a_thing("adolescence", CONCEPT, ["adolescence"])


def test_a_noun_made_from_an_everyday_adjective_its_papers_do_not_write_is_no_concept():
    assert source_adjectives("prominence") == ["prominent"]
    assert adjective_only("prominence", {"prominence": 1}, 4)  # three papers wrote only "prominent"
    assert not adjective_only("prominence", {"prominence": 4}, 4)  # every paper writes the noun
    assert not adjective_only("quellance", {}, 4)  # a rare adjective names the concept itself
    assert not adjective_only("kelp prominence", {}, 4)  # a phrase is no made noun


def _mention(label, key, text, sentence=0, derived=False):
    return Mention(label=label, key=key, text=text, start=0, end=len(text), sentence=sentence, derived=derived)


def _corpus():
    sentences = {
        "p1": [
            "Reef rot showed an apparence of kelp spores, with an odds ratio of 2.1.",
            "A systematic review of reef rot was made.",
        ],
        "p2": ["Apparent kelp spores marked reef rot (odds ratio 1.8).", "Our systematic review found reef rot."],
        "p3": ["Apparent spores were seen in reef rot.", "A systematic review covered reef rot."],
        "p4": ["Apparent lesions came with reef rot.", "The odds ratio of reef rot was 3."],
    }
    spec = {
        "p1": [
            _mention(CONCEPT, "reef rot", "Reef rot"),
            _mention(CONCEPT, "apparence", "apparence"),
            _mention(CONCEPT, "odds ratio", "odds ratio"),
            _mention(CONCEPT, "systematic review", "systematic review", 1),
        ],
        "p2": [
            _mention(CONCEPT, "reef rot", "reef rot"),
            _mention(CONCEPT, "apparence", "Apparent", derived=True),
            _mention(CONCEPT, "odds ratio", "odds ratio"),
            _mention(CONCEPT, "systematic review", "systematic review", 1),
        ],
        "p3": [
            _mention(CONCEPT, "reef rot", "reef rot"),
            _mention(CONCEPT, "apparence", "Apparent", derived=True),
            _mention(CONCEPT, "systematic review", "systematic review", 1),
        ],
        "p4": [
            _mention(CONCEPT, "reef rot", "reef rot"),
            _mention(CONCEPT, "apparence", "Apparent", derived=True),
            _mention(CONCEPT, "odds ratio", "odds ratio", 1),
        ],
    }
    offset = {pid: [sum(len(t) + 1 for t in s[:i]) for i in range(len(s))] for pid, s in sentences.items()}
    for pid, ms in spec.items():  # each mention at its place in the abstract: no two share a span
        for m in ms:
            m.start = offset[pid][m.sentence] + sentences[pid][m.sentence].index(m.text)
            m.end = m.start + len(m.text)
    papers = [Paper(id=pid, title=f"Paper {pid}", abstract=" ".join(s)) for pid, s in sentences.items()]
    records = {pid: Extraction(pid, sentences=sentences[pid], mentions=ms) for pid, ms in spec.items()}
    return papers, records


def test_a_build_shows_the_statistic_as_a_metric_and_hides_report_words_and_made_nouns():
    papers, records = _corpus()
    G = build_graph(papers, records)
    assert G.nodes[node_id(METRIC, "odds ratio")]["quality"] >= DEFAULT_MIN_QUALITY
    assert node_id(CONCEPT, "odds ratio") not in G
    assert G.nodes[node_id(CONCEPT, "systematic review")]["quality"] < DEFAULT_MIN_QUALITY
    assert G.nodes[node_id(CONCEPT, "apparence")]["quality"] < DEFAULT_MIN_QUALITY
    assert G.nodes[node_id(CONCEPT, "reef rot")]["quality"] >= DEFAULT_MIN_QUALITY
    # nothing is deleted: each paper keeps its facts
    assert G.has_edge("Paper:p3", node_id(CONCEPT, "apparence"))
    assert G.has_edge("Paper:p2", node_id(CONCEPT, "systematic review"))


def test_the_columnar_build_gives_the_same_graph(tmp_path):

    papers, records = _corpus()
    assert same_graph(build_graph(papers, records), columnar_of(papers, records, tmp_path))
