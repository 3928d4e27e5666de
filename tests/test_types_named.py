"""Named things of another type than Method (kg.build.context_types, kg.build.builder.retype,
kg.build.entity_quality.method_fit): a numbered dataset, benchmark or shared-task track its sentences call
data is a Dataset; a phrase its sentences call what is solved is a Task; a method with a version stays a shown
Method. The abstracts are written for these tests; every name in them is invented."""

from __future__ import annotations

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph
from kg.build.context_types import votes
from kg.build.entity_quality import method_fit, without_version
from kg.core.papers import Paper
from queries.schema import CONCEPT, DATASET, METHOD, TASK, node_id
from tests.fixtures.curation import shown


@pytest.mark.parametrize(
    "sentence, name, label",
    [
        # a numbered name a competition's noun names, in its own words or its sentence's
        ("Our system ranked first in the KelpFact-Track 2 of the shared task.", "KelpFact-Track 2", DATASET),
        ("We took part in the ReefEval 2019 shared task on claims.", "ReefEval 2019", DATASET),
        ("We won the SeaQA-3 challenge with an ensemble of taggers.", "SeaQA-3", DATASET),
        ("We describe our entry to ReefEval Task 4 on sarcasm.", "ReefEval Task 4", DATASET),
        # a versioned corpus in an apposition or under "evaluate on"
        ("We report results on DialogReef 2.1, a corpus of annotated chats.", "DialogReef 2.1", DATASET),
        ("The DialogReef 2.1 corpus holds ten thousand chats.", "DialogReef 2.1", DATASET),
        # a semicolon written for a colon before a list of names
        ("Tests on three KBQA datasets; KelpQA-7, KelpQA-9, and TideQuAD 1.0 show gains.", "TideQuAD 1.0", DATASET),
        # what a paper solves
        ("We address the task of kelp segmentation in sonar images.", "kelp segmentation", TASK),
        ("This work tackles seagrass detection from drones.", "seagrass detection", TASK),
        ("Existing methods for kelp counting need many labels.", "kelp counting", TASK),
    ],
)
def test_a_sentence_types_a_named_benchmark_or_task(sentence, name, label):
    assert votes(sentence, name) == label


@pytest.mark.parametrize(
    "sentence, name, label",
    [
        # counter-cases: methods with a version, methods named beside data, a clause after a semicolon
        ("We fine-tune wav2vec 2.0 on LibriReef for speaker tagging.", "wav2vec 2.0", METHOD),  # fine-tuned on X
        ("We train ReefNet on DialogReef 2.1.", "ReefNet", METHOD),  # trained on X
        ("Results of ReefYOLOv5 detectors are strong.", "ReefYOLOv5", METHOD),
        ("We use two datasets; ReefNet outperforms all baselines on both.", "ReefNet", METHOD),
        # a challenge without a number is no benchmark's name: an object, as before
        ("We won the SeaQA challenge with an ensemble of taggers.", "SeaQA", CONCEPT),
    ],
)
def test_a_method_named_with_a_version_or_beside_data_is_no_dataset(sentence, name, label):
    assert votes(sentence, name) == label


def test_a_version_after_a_name_leaves_the_name_to_decide_its_fit():
    assert without_version("wav2vec 2.0") == "wav2vec" and without_version("ReefTrack III") == "ReefTrack"
    assert without_version("2.0") == "2.0" and without_version("the model 2") == "the model 2"
    assert method_fit("wav2vec 2.0", ["wav2vec 2.0"]) == 1.0
    assert method_fit("kelpnet v2", ["KelpNet v2"]) == 1.0
    assert method_fit("tpu v3", ["TPU-v3"]) < 0.5  # a version of a platform is still no method


def _graph(spec):
    """Papers from (id, [(sentence, label the span model gave, key, surface form)])."""
    papers, records = [], {}
    for pid, rows in spec:
        sentences = [s for s, *_ in rows]
        mentions = [
            Mention(label=lab, key=key, text=text, start=0, end=len(text), sentence=i, confidence=0.8)
            for i, (_, lab, key, text) in enumerate(rows)
        ]
        papers.append(Paper(id=pid, title=sentences[0], abstract=" ".join(sentences[1:])))
        records[pid] = Extraction(pid, sentences=sentences, mentions=mentions)
    return build_graph(papers, records)


def test_a_numbered_track_and_a_versioned_corpus_typed_method_become_shown_datasets():
    G = _graph(
        [
            (
                "p1",
                [
                    ("Claim Checking with Tide Graphs", CONCEPT, "tide graph", "Tide Graphs"),
                    (
                        "Our system ranked first in the KelpFact-Track 2 of the shared task.",
                        METHOD,
                        "kelpfact track2",
                        "KelpFact-Track 2",
                    ),
                ],
            ),
            (
                "p2",
                [
                    ("Dialogue Tagging with Reef Graphs", CONCEPT, "reef graph", "Reef Graphs"),
                    (
                        "We report results on DialogReef 2.1, a corpus of annotated chats.",
                        METHOD,
                        "dialogreef 2.1",
                        "DialogReef 2.1",
                    ),
                ],
            ),
        ]
    )
    assert shown(G, DATASET, "kelpfact track2") and node_id(METHOD, "kelpfact track2") not in G
    assert shown(G, DATASET, "dialogreef 2.1") and node_id(METHOD, "dialogreef 2.1") not in G


def test_a_versioned_method_stays_a_shown_method():
    G = _graph(
        [
            (
                "p1",
                [
                    (
                        "Speaker Tagging with Self-Supervised Speech Models",
                        CONCEPT,
                        "speaker tagging",
                        "Speaker Tagging",
                    ),
                    (
                        "We fine-tune wav2vec 2.0 on LibriReef for speaker tagging.",
                        METHOD,
                        "wav2vec 2.0",
                        "wav2vec 2.0",
                    ),
                    ("Then wav2vec 2.0 is compared with ReefNet.", METHOD, "wav2vec 2.0", "wav2vec 2.0"),
                ],
            )
        ]
    )
    assert shown(G, METHOD, "wav2vec 2.0") and node_id(DATASET, "wav2vec 2.0") not in G


def test_a_phrase_its_sentences_call_what_is_solved_is_a_task():
    G = _graph(
        [
            (
                "p1",
                [
                    ("Drones over Meadows", CONCEPT, "meadow", "Meadows"),
                    (
                        "This work tackles adversarial seagrass detection from drones.",
                        METHOD,
                        "adversarial seagrass detection",
                        "adversarial seagrass detection",
                    ),
                    (
                        "We address adversarial seagrass detection with a new network.",
                        METHOD,
                        "adversarial seagrass detection",
                        "adversarial seagrass detection",
                    ),
                ],
            ),
        ]
    )
    assert node_id(TASK, "adversarial seagrass detection") in G
    assert node_id(METHOD, "adversarial seagrass detection") not in G


def test_a_task_headed_method_its_sentences_call_a_method_stays_one():
    G = _graph(
        [
            (
                "p1",
                [
                    ("Drones over Meadows", CONCEPT, "meadow", "Meadows"),
                    (
                        "Our tracker outperforms adversarial seagrass detection on drone video.",
                        METHOD,
                        "adversarial seagrass detection",
                        "adversarial seagrass detection",
                    ),
                    (
                        "Unlike ReefNet, adversarial seagrass detection achieves real-time speed.",
                        METHOD,
                        "adversarial seagrass detection",
                        "adversarial seagrass detection",
                    ),
                ],
            ),
        ]
    )
    assert node_id(METHOD, "adversarial seagrass detection") in G
