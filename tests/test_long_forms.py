"""Whole long forms of abbreviated names, and named things typed by what their sentences call them (issue 17).

A long form keeps the words its acronym's letters come from ("Kelp Aggregation Network (KAN)" is no "kelp
aggregation"), in its key, its mentions and its node's name; a name that is not a whole long form is not shown
as one. A Method written as a name that its sentences call a task, a metric or a challenge's benchmark takes
that type; a method named in a sentence about data stays a Method. Every name and abstract here is invented.
"""

from __future__ import annotations

from collections import Counter

import pytest

from extract.components.roles import PROPOSES
from extract.record import Extraction, Mention
from extract.schwartz_hearst import initials_aligned
from kg.build.builder import _display_name, build_graph, retype
from kg.build.variants import acronym_needs_head, variants_of
from kg.core.papers import Paper
from queries.quality import DEFAULT_MIN_QUALITY
from queries.schema import CONCEPT, DATASET, METHOD, METRIC, TASK, node_id

# -- the letters of an acronym and the words they come from -------------------------------------------------


@pytest.mark.parametrize(
    "short, whole, cut",
    [
        ("KAN", "Kelp Aggregation Network", "Kelp Aggregation"),  # N: the head's initial, or one inside a word
        ("TRS-GCN", "Tidal-Reef Scale Graph Convolution Network", "Tidal-Reef Scale Graph Convolution"),
        ("WRIs", "whole reef images", "reef images"),  # the first word, cut off by cleaning
        ("2-NKN", "2-Nearest Kelp Neighbour", "Kelp Neighbour"),
    ],
)
def test_the_whole_long_form_aligns_more_letters_at_word_starts(short, whole, cut):
    assert initials_aligned(short, whole) is not None
    assert (initials_aligned(short, cut) or -1) < initials_aligned(short, whole)


def test_a_head_the_acronym_does_not_need_may_go():
    # "RAT" takes its T from inside "attention": the "network" gives it nothing
    assert initials_aligned("RAT", "reef attention network") == initials_aligned("RAT", "reef attention")
    assert not acronym_needs_head("reef attention network", "reef attention", ["rat"])
    assert acronym_needs_head("kelp aggregation network", "kelp aggregation", ["kan"])


# -- extraction: the key and the mentions keep the whole long form ------------------------------------------


def _mentions(extractor, title: str, abstract: str):
    rec = extractor.extract(title, abstract, "p")
    return rec, [m for m in rec.mentions if not m.derived]


def test_a_generic_head_the_acronym_needs_stays_in_the_key(extractor):
    rec, ms = _mentions(
        extractor,
        "Reef Maps from Sonar",
        "We propose a Kelp Aggregation Network (KAN) for reef mapping. KAN beats earlier reef mappers. "
        "The Kelp Aggregation Network is trained on sonar sweeps.",
    )
    assert rec.abbreviations.get("kan") == "kelp aggregation network"
    keys = {m.key for m in ms if m.text in ("KAN", "Kelp Aggregation Network")}
    assert keys == {"kelp aggregation network"}  # the definition, the short form and the long form again


def test_a_generic_head_the_acronym_does_not_need_still_goes(extractor):
    rec, _ = _mentions(extractor, "Reef Maps", "We compare with reef attention networks (RATs) on sonar sweeps.")
    assert rec.abbreviations.get("rat") == "reef attention"


def test_a_first_word_the_acronym_needs_is_not_cleaned_away(extractor):
    rec, _ = _mentions(extractor, "Reef Maps", "We segment whole reef images (WRIs) into coral and sand.")
    assert rec.abbreviations.get("wri") == "whole reef image"


def test_a_title_long_form_is_not_cut_inside_a_coordination(extractor):
    rec, _ = _mentions(extractor, "KRILL: Kelp Reef Imaging with Lidar and Light", "We propose KRILL for reefs.")
    assert rec.abbreviations.get("krill") == "kelp reef imaging with lidar and light"


# -- the builder: no merge that cuts the long form, names without broken edges ------------------------------


def _paper(pid: str, sentences: list[str], mentions: list[Mention], abbreviations: dict[str, str] | None = None):
    return Paper(id=pid, title=sentences[0], abstract=" ".join(sentences[1:])), Extraction(
        pid, sentences=sentences, mentions=mentions, abbreviations=abbreviations or {}
    )


def _m(label: str, key: str, text: str, sentence: int = 1, role: str | None = None) -> Mention:
    return Mention(
        label=label, key=key, text=text, start=0, end=len(text), sentence=sentence, role=role, confidence=0.8
    )


def _build(specs):
    papers, records = [], {}
    for spec in specs:
        p, r = _paper(*spec)
        papers.append(p)
        records[p.id] = r
    return build_graph(papers, records)


def test_a_long_form_whose_acronym_needs_its_head_is_no_variant_of_the_shorter_key():
    G = _build(
        [
            (
                "p1",
                ["Reef Maps", "We propose a Kelp Aggregation Network (KAN).", "KAN maps reefs."],
                [
                    _m(METHOD, "kelp aggregation network", "Kelp Aggregation Network", 1, "proposes"),
                    _m(METHOD, "kelp aggregation network", "KAN", 2),
                ],
                {"kan": "kelp aggregation network"},
            ),
            ("p2", ["Kelp", "Kelp aggregation clusters fronds."], [_m(METHOD, "kelp aggregation", "Kelp aggregation")]),
        ]
    )
    nid = node_id(METHOD, "kelp aggregation network")
    assert nid in G and G.nodes[nid]["name"] == "Kelp Aggregation Network (KAN)"
    assert node_id(METHOD, "kelp aggregation") in G  # a node of its own


def test_a_model_head_after_a_name_is_still_a_variant():
    votes = {"reefnet": Counter({METHOD: 1}), "reefnet model": Counter({METHOD: 1})}
    assert variants_of(votes, {}) == {"reefnet model": "reefnet"}


def test_a_relational_adjective_and_its_noun_join_the_commoner_spelling():
    votes = {
        "gradational reef network": Counter({METHOD: 9}),
        "gradational reef network model": Counter({METHOD: 1}),
        "gradation reef network": Counter({METHOD: 2}),
        "distributional drift": Counter({CONCEPT: 1}),
        "distribution drift": Counter({CONCEPT: 3}),
    }
    assert variants_of(votes, {}) == {
        "gradational reef network model": "gradational reef network",
        "gradation reef network": "gradational reef network",
        "distributional drift": "distribution drift",
    }


def test_a_definition_between_dashes_is_named_without_them():
    forms = Counter({"- Reef Tide Embedding -": 1, "RTE": 2})
    assert _display_name("reef tide embedding", forms, Counter({"RTE": 2})) == "Reef Tide Embedding (RTE)"


def test_a_name_that_does_not_spell_its_short_form_is_not_shown_with_it():
    # "reef images" lost the W of WRI: no "reef images (WRIs)"
    assert _display_name("reef image", Counter({"reef images": 2, "WRIs": 1}), Counter({"WRIs": 1})) == "reef images"


# -- types from the sentences of a named thing --------------------------------------------------------------


def test_a_named_method_its_sentences_call_a_metric_becomes_a_metric():
    G = _build(
        [
            (
                "p1",
                ["Reef Ranking", "We design a new metric called ReefAUC.", "Our ranker is best in terms of ReefAUC."],
                [_m(METHOD, "reefauc", "ReefAUC", 1), _m(METHOD, "reefauc", "ReefAUC", 2)],
            )
        ]
    )
    assert node_id(METRIC, "reefauc") in G and node_id(METHOD, "reefauc") not in G


def test_a_name_a_paper_proposes_stays_its_method_though_its_sentences_call_it_a_score():
    G = _build(
        [
            (
                "p1",
                [
                    "Reef Trust",
                    "We propose ReefTrust, a score of how far a reef map can be trusted.",
                    "ReefTrust helps.",
                ],
                [_m(METHOD, "reeftrust", "ReefTrust", 1, role=PROPOSES), _m(METHOD, "reeftrust", "ReefTrust", 2)],
            )
        ]
    )
    nid = node_id(METHOD, "reeftrust")
    assert nid in G and node_id(METRIC, "reeftrust") not in G
    assert "PROPOSES" in {k for *_, k in G.in_edges(nid, keys=True)}


def test_a_named_method_its_sentences_call_a_task_becomes_a_task():
    G = _build(
        [
            (
                "p1",
                ["Reef Language", "Tasks such as reef tagging and KRL parsing are hard.", "We improve KRL parsing."],
                [_m(METHOD, "krl parsing", "KRL parsing", 1), _m(METHOD, "krl parsing", "KRL parsing", 2)],
            )
        ]
    )
    assert node_id(TASK, "krl parsing") in G and node_id(METHOD, "krl parsing") not in G


def test_a_name_a_sentence_calls_a_task_but_no_task_is_named_stays_a_method_and_hidden():
    G = _build(
        [
            (
                "p1",
                ["Sonar Units", "We report results on the KelpSpeech 2019 unit discovery task."],
                [_m(METHOD, "kelpspeech 2019", "KelpSpeech 2019", 1)],
            )
        ]
    )
    nid = node_id(METHOD, "kelpspeech 2019")
    assert nid in G and G.nodes[nid]["quality"] < DEFAULT_MIN_QUALITY


def test_a_named_method_its_sentences_call_a_benchmark_becomes_a_dataset():
    G = _build(
        [
            (
                "p1",
                [
                    "Coral Segmentation",
                    "Our model is the best on the CoralSeg21 benchmark.",
                    "Experiments on CoralSeg21 and ReefScan show gains.",
                ],
                [_m(METHOD, "coralseg21", "CoralSeg21", 1), _m(METHOD, "coralseg21", "CoralSeg21", 2)],
            )
        ]
    )
    assert node_id(DATASET, "coralseg21") in G and node_id(METHOD, "coralseg21") not in G


def test_a_clause_before_a_lone_name_gives_no_type_but_a_list_does():
    from kg.build.context_types import votes

    assert votes("In both reef tagging tasks, ReefNet achieves the best scores.", "ReefNet") == METHOD
    assert votes("Results on the benchmark datasets: REEF14, BSD9, KELP2003", "KELP2003") == DATASET


def test_a_real_method_in_a_sentence_about_data_stays_a_method():
    G = _build(
        [
            (
                "p1",
                [
                    "Reef Tagging",
                    "In both reef tagging tasks, ReefNet achieves the best scores.",
                    "We fine-tune ReefNet on the KelpQA dataset.",
                ],
                [_m(METHOD, "reefnet", "ReefNet", 1, "proposes"), _m(METHOD, "reefnet", "ReefNet", 2)],
            )
        ]
    )
    assert node_id(METHOD, "reefnet") in G


def test_a_lower_case_method_keeps_its_label_beside_a_task_noun():
    labels = retype(
        {"kelp boosting": METHOD},
        {"kelp boosting": Counter({TASK: 2})},
        {"kelp boosting": Counter({"kelp boosting": 3})},
    )
    assert labels == {"kelp boosting": METHOD}


def test_a_clause_is_no_long_form_but_a_plural_noun_is(extractor):
    rec, _ = _mentions(
        extractor,
        "Reef Ranking",
        "The KR-DIV-TN employs a pre-trained reef tensor network (TN-DIV). Deep kelp processes (DKPs) are flexible.",
    )
    assert "tn div" not in rec.abbreviations  # its letters are out of order: no definition across "employs a"
    assert rec.abbreviations.get("dkp") == "deep kelp process"  # "processes" is no verb here
