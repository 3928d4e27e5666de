"""In a field the span model never saw, a Metric shows a sentence that reports it and a Task one that names it as
a problem, or the views hide it (issue 17, kg.build.measure_sense); a Metric or a Dataset named by a technique is
none in any field. Every name and sentence below is invented; each rule has its counter-case, and a corpus of the
span model's own field keeps its Metrics and Tasks as before."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph
from kg.build.measure_sense import MEASURE, PIECE, PROBLEM, field_vote, technique_ending, unreported
from kg.build.pipeline import same_graph
from kg.core.papers import Paper
from queries.schema import METHOD, METRIC, TASK, node_id
from tests.fixtures.curation import columnar_of, shown


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("The kelp ratio was 2.4 in the older group.", "kelp ratio"),
        ("Its reef index (RFI) = 0.7 at baseline.", "reef index"),
        ("The shore score (OR = 1.9, 95% CI 1.2-3.0) stayed.", "shore score"),
        ("The tidal quotient of the left lobe was 1.2.", "tidal quotient"),
        ("Mean kelp index was significantly lower in smokers.", "kelp index"),
        ("We calculated the reef burden ratio for each ward.", "reef burden ratio"),
        ("Weight correlated with the shore circumference (SC) of calves.", "shore circumference"),
        ("Levels stayed above the kelp threshold ratio (KTR) all week.", "kelp threshold ratio"),
        ("The tidal severity (TSV) score predicted relapse.", "TSV"),
    ],
)
def test_a_sentence_that_reports_a_measure(sentence, text):
    assert field_vote(sentence, text, METRIC) == MEASURE


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("We describe the kelp ratios and shore counts of the wards.", "kelp ratios"),
        ("Crosses of the F7 and F8 kelp lines were grown.", "F7"),
        ("On the basis of reef deformation indices, damage was seen.", "reef deformation indices"),
        ("The Tidal Recall and Reef Study enrolled adults.", "Recall"),
    ],
)
def test_a_sentence_that_reports_none(sentence, text):
    assert field_vote(sentence, text, METRIC) is None


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("The KelpO2:ReefO2 ratio was 180 at entry.", "ReefO2 ratio"),  # cut at the colon: no measure either
        ("The tidal erythrocyte: plasma ratio was low.", "plasma ratio"),  # a ratio cut at a spaced colon
        ("A kelp/reef ratio of 2 was chosen.", "reef ratio"),
    ],
)
def test_a_piece_of_a_ratio(sentence, text):
    assert field_vote(sentence, text, METRIC) == PIECE


def test_a_whole_ratio_is_no_piece():
    assert field_vote("The kelp/reef ratio was 2.", "kelp/reef ratio", METRIC) == MEASURE


@pytest.mark.parametrize(
    "sentence, text, expected",
    [
        ("We address kelp segmentation with drones.", "kelp segmentation", PROBLEM),
        ("A network for kelp segmentation is proposed.", "kelp segmentation", PROBLEM),
        ("The task of reef sorting is hard.", "reef sorting", PROBLEM),
        ("Models accounted for reef sorting of the wards.", "reef sorting", None),  # "for" after a verb
        ("New avenues for kelp translation in the clinic open.", "kelp translation", None),
        ("Reef sorting was used: a structured approach.", "Reef sorting", None),
    ],
)
def test_a_sentence_that_names_a_problem(sentence, text, expected):
    assert field_vote(sentence, text, TASK) == expected


def test_what_a_metric_needs():
    assert unreported(METRIC, Counter(), ["kelp ratios"])  # a description no sentence reports
    assert not unreported(METRIC, Counter(), ["Kelp Reef Index (KRI)"])  # a name says which measure
    assert unreported(METRIC, Counter(), ["F7"], known=True)  # a listed name, nothing measured
    assert unreported(METRIC, Counter({PIECE: 1}), ["ReefO2 ratio"])  # every mention a piece
    assert not unreported(METRIC, Counter({MEASURE: 1, PIECE: 1}), ["ReefO2 ratio"])
    assert not unreported(METHOD, Counter(), ["kelp ratios"])  # only Metrics and Tasks


@pytest.mark.parametrize(
    "forms, expected",
    [
        (["transmission kelp microscopy", "TKM"], True),
        (["SDS-kelp gel electrophoresis"], True),
        (["reef angiography"], True),
        (["kelp asymmetry index"], False),  # "-metry" names measures as well
        (["ReefNet"], False),
    ],
)
def test_a_technique_by_its_ending(forms, expected):
    assert technique_ending(forms) is expected


def _mention(label: str, text: str, sentence: int, key: str | None = None) -> Mention:
    return Mention(label=label, key=key or text.lower(), text=text, start=0, end=len(text), sentence=sentence)


def _corpus(tools: int) -> tuple[list[Paper], dict[str, Extraction]]:
    """Sixty invented clinical abstracts naming a symbol the span model typed Method ("GX7 rose"); the first two
    report "kelp ratio" ("was 2.4"), name "shore ratios" in passing and "ReefO2 ratio" only cut at a colon; the
    first three name "kelp segmentation" as a problem and "reef segmentation" after a verb's "for". ``tools`` more papers name a tool ("ReefTool7 outperforms"): with
    forty of them the corpus is of the span model's own field."""
    papers, records = [], {}
    for i in range(60 + tools):
        pid = f"p{i:03d}"
        if i < 60:
            sentences = [
                f"Kelp diet trial {i}",
                f"GX{i} rose in the kelp group.",
                "The kelp ratio was 2.4 and we describe shore ratios of the wards.",
                "The KelpO2:ReefO2 ratio fell.",
                "We address kelp segmentation; models accounted for reef segmentation.",
            ]
            mentions = [_mention(METHOD, f"GX{i}", 1)]
            if i < 2:
                mentions += [
                    # the span model types a statistic a Method; curation makes it a Metric (field_sense.statistic)
                    _mention(METHOD, "kelp ratio", 2),
                    _mention(METHOD, "shore ratios", 2, "shore ratio"),
                    _mention(METHOD, "ReefO2 ratio", 3),
                ]
            if i < 3:
                mentions += [_mention(TASK, "kelp segmentation", 4), _mention(TASK, "reef segmentation", 4)]
        else:
            sentences = [f"Reef study {i}", f"ReefTool{i} outperforms the older tool."]
            mentions = [_mention(METHOD, f"ReefTool{i}", 1)]
        papers.append(Paper(id=pid, title=sentences[0], abstract=" ".join(sentences[1:])))
        records[pid] = Extraction(pid, sentences=sentences, mentions=mentions)
    return papers, records


def test_in_another_field_metrics_and_tasks_need_evidence():
    papers, records = _corpus(tools=0)
    G = build_graph(papers, records)
    assert shown(G, METRIC, "kelp ratio")  # "was 2.4"
    assert shown(G, TASK, "kelp segmentation")  # "we address"
    for label, key in ((METRIC, "shore ratio"), (METRIC, "reefo2 ratio"), (TASK, "reef segmentation")):
        assert node_id(label, key) in G and not shown(G, label, key)  # on its papers' cards, not shown
    assert G.has_edge(node_id("Paper", "p000"), node_id(METRIC, "shore ratio"))


def test_in_the_span_models_own_field_nothing_is_asked():
    papers, records = _corpus(tools=40)
    G = build_graph(papers, records)
    assert shown(G, METRIC, "shore ratio") and shown(G, TASK, "reef segmentation")


@pytest.mark.parametrize("tools", [0, 40])
def test_the_columnar_build_decides_the_same(tmp_path, tools):
    papers, records = _corpus(tools)
    assert same_graph(build_graph(papers, records), columnar_of(papers, records, tmp_path))
