"""Names of the wrong type (issue 17): models filed as data in evaluation sentences, what is predicted filed as
data, formalisms filed as methods, techniques made tasks by a task list. The sentences and names are invented
for these tests."""

from __future__ import annotations

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph
from kg.build.context_types import MEANS, PROBLEM, use_of, votes
from kg.build.curation import curate, is_model_family
from kg.build.entity_quality import OTHER_HEAD_FIT, dataset_fit, method_fit
from kg.build.pipeline import same_graph
from kg.core.papers import Paper
from queries.schema import CONCEPT, DATASET, METHOD, TASK, node_id

COMPARED = "We compare ReefDet, KelpNet and Faster R-CNN on the OceanScenes benchmark."


@pytest.mark.parametrize(
    "sentence, name, label",
    [
        # what is compared, evaluated or trained before "on X" is a method; X is the data
        (COMPARED, "ReefDet", METHOD),
        (COMPARED, "KelpNet", METHOD),
        (COMPARED, "OceanScenes", DATASET),
        ("Divers benchmark ReefDet on two lagoon surveys.", "ReefDet", METHOD),
        ("We fine-tune KelpBERT on the tide logs.", "KelpBERT", METHOD),
        # a list holding a known model family is a list of models, whatever precedes it
        ("Our sticker fools YOLOv4, KelpRCNN and the tide detector alike.", "KelpRCNN", METHOD),
        # what is predicted or diagnosed is a task
        ("Our model predicts ReefPox from ward records.", "ReefPox", TASK),
        ("We study the onset of ReefPox in divers.", "ReefPox", TASK),
        # a toolbox is software, not data
        ("KelpKit: A Python Toolbox for Reef Surveys", "KelpKit", METHOD),
    ],
)
def test_a_sentence_types_the_compared_and_the_predicted(sentence, name, label):
    assert votes(sentence, name) == label


@pytest.mark.parametrize(
    "sentence, name, label",
    [
        # the counter-cases: data after "on", a list of data without a model family
        ("We train on KelpSet and evaluate on ReefSet.", "ReefSet", DATASET),
        ("Scores on SeaSet and KelpSet drop under the sticker.", "KelpSet", DATASET),
        ("Models trained on ReefSet and KelpSet generalise.", "KelpSet", DATASET),
        ("We train on ReefPox records.", "ReefPox", DATASET),
    ],
)
def test_data_stays_data(sentence, name, label):
    assert votes(sentence, name) == label


@pytest.mark.parametrize(
    "sentence, text, use",
    [
        ("We apply coral pruning to shrink the detector.", "coral pruning", MEANS),
        ("Using coral pruning, the model halves its size.", "coral pruning", MEANS),
        ("Coral pruning has been applied in reef monitors.", "Coral pruning", MEANS),
        ("Coral pruning reduces the cost of inference.", "Coral pruning", MEANS),
        ("This paper addresses coral pruning under drift.", "coral pruning", PROBLEM),
        ("We propose a new loss for coral pruning.", "coral pruning", PROBLEM),
        ("Coral pruning is a challenging problem.", "Coral pruning", PROBLEM),
        ("A survey of coral pruning", "coral pruning", None),
    ],
)
def test_what_a_sentence_uses_a_phrase_as(sentence, text, use):
    assert use_of(sentence, text) == use


def _graph(spec, tmp_path=None):
    """Papers from (id, [(sentence, label the span model gave, key, surface form)]); with ``tmp_path``, the graph
    the columnar build makes of them too."""
    papers, records = [], {}
    for pid, rows in spec:
        sentences = [s for s, *_ in rows]
        mentions = [
            Mention(label=lab, key=key, text=text, start=0, end=len(text), sentence=i, confidence=0.8)
            for i, (_, lab, key, text) in enumerate(rows)
        ]
        papers.append(Paper(id=pid, title=sentences[0], abstract=" ".join(sentences[1:])))
        records[pid] = Extraction(pid, sentences=sentences, mentions=mentions)
    if tmp_path is None:
        return build_graph(papers, records)
    from kg.build.columnar import RecordTables, columnar_graph

    tables = RecordTables(tmp_path / "tables")
    tables.add((f"h-{pid}", rec) for pid, rec in records.items())
    return build_graph(papers, records), columnar_graph(papers, {p.id: f"h-{p.id}" for p in papers}, tables)


def test_a_listed_task_its_papers_apply_is_a_technique(tmp_path):
    # "network pruning" is a Papers with Code task; these papers use it as a means
    pytest.importorskip("duckdb")
    G, C = _graph(
        [
            (
                "p1",
                [
                    ("Slimmer Kelp Detectors", CONCEPT, "kelp detector", "Kelp Detectors"),
                    ("We apply network pruning to the kelp detector.", CONCEPT, "network pruning", "network pruning"),
                    ("Network pruning reduces its memory by half.", CONCEPT, "network pruning", "Network pruning"),
                ],
            ),
            (
                "p2",
                [
                    ("Tiny Reef Monitors", CONCEPT, "reef monitor", "Reef Monitors"),
                    (
                        "Using network pruning, the monitor runs on a buoy.",
                        METHOD,
                        "network pruning",
                        "network pruning",
                    ),
                ],
            ),
        ],
        tmp_path,
    )
    assert node_id(METHOD, "network pruning") in G and node_id(TASK, "network pruning") not in G
    assert same_graph(G, C)  # the columnar build counts the same uses


def test_a_listed_task_its_papers_address_stays_a_task():
    G = _graph(
        [
            (
                "p1",
                [
                    ("Finding Odd Reefs", CONCEPT, "odd reef", "Odd Reefs"),
                    (
                        "This paper addresses anomaly detection in reef surveys.",
                        METHOD,
                        "anomaly detection",
                        "anomaly detection",
                    ),
                    (
                        "Using anomaly detection, divers find bleached reefs.",
                        METHOD,
                        "anomaly detection",
                        "anomaly detection",
                    ),
                    ("Anomaly detection is a hard problem at sea.", METHOD, "anomaly detection", "Anomaly detection"),
                ],
            )
        ]
    )
    assert node_id(TASK, "anomaly detection") in G and node_id(METHOD, "anomaly detection") not in G


def test_a_task_used_in_passing_stays_a_task():
    # no sentence says how it is used: the list decides, as before
    G = _graph(
        [
            (
                "p1",
                [
                    ("Reef Answers", CONCEPT, "reef answer", "Reef Answers"),
                    (
                        "Visual question answering over reef photos is studied.",
                        METHOD,
                        "visual question answering",
                        "Visual question answering",
                    ),
                ],
            )
        ]
    )
    assert node_id(TASK, "visual question answering") in G


@pytest.mark.parametrize(
    "key, forms",
    [
        ("markov game", ["Markov games"]),
        ("partially observable markov decision process", ["POMDPs", "POMDP model"]),
        ("tidal temporal logic", ["TTL", "Tidal Temporal Logic formulas"]),
        ("context free grammar", ["context-free grammar"]),
    ],
)
def test_a_formalism_is_no_method(key, forms):
    assert method_fit(key, forms) == OTHER_HEAD_FIT


@pytest.mark.parametrize(
    "key, forms",
    [
        ("gated recurrent unit", ["Gated Recurrent Units", "GRU"]),
        ("reefgamenet", ["ReefGameNet"]),
        ("game tree search", ["game tree search"]),
    ],
)
def test_a_method_named_with_such_words_stays_one(key, forms):
    assert method_fit(key, forms) > OTHER_HEAD_FIT


def test_a_model_family_written_without_spaces_is_a_method():
    assert is_model_family("fasterrcnn") and is_model_family("vggnet16")
    assert curate("fasterrcnn", DATASET, ["FasterRCNN"]) == ("fasterrcnn", METHOD)
    assert curate("vggnet16", DATASET, ["VGGNet-16"]) == ("vggnet16", METHOD)
    # a name that only ends in "net" stays what it was
    assert not is_model_family("reefnet")
    assert curate("reefnet", DATASET, ["ReefNet"]) == ("reefnet", DATASET)


def test_a_task_written_as_data_is_that_task():
    assert curate("ner", DATASET, ["NER"]) == ("ner", TASK)
    assert curate("audio tagging", DATASET, ["audio tagging"]) == ("audio tagging", TASK)
    # a listed name that names no action and is not an acronym stays out of the tasks
    got = curate("word embedding", DATASET, ["word embedding"])
    assert got is None or got[1] != TASK


def test_datasets_of_a_task_are_no_dataset():
    # "KBQA": the initials of the listed task "knowledge base question answering"
    assert dataset_fit("kbqa", ["KBQA datasets"]) < 0.5
    assert dataset_fit("reefqa", ["ReefQA datasets"]) == 1.0
    assert dataset_fit("kbqa", ["KBQA"]) == 1.0  # written as a name alone: its sentences decide
