"""Names that in a field the project has never seen name none of the graph's things (issue 17, deliverable 2):
molecules, genes, diseases, groups of people, cited authors, Roman numerals, targetless tasks, and a
gazetteer dataset the papers write as an everyday word (kg.build.field_sense). Every name and sentence
below is invented; each rule has its counter-case (an ML name with digits stays a Method)."""

from __future__ import annotations

import pytest

from extract.record import Extraction, Mention
from extract.vocab import default_vocabulary
from kg.build.builder import build_graph
from kg.build.curation import curate
from kg.build.field_sense import chemical_formula, domain_objects, not_a_thing, object_vote, written_lower
from kg.build.pipeline import same_graph
from kg.core.papers import Paper
from queries.schema import CONCEPT, DATASET, METHOD, METRIC, TASK, node_id
from tests.fixtures.curation import columnar_of


@pytest.mark.parametrize(
    "key, label, forms",
    [
        ("zorbin mrna", METHOD, ["zorbin mRNA"]),  # a transcript
        ("tiv3 gene", METHOD, ["TIV3 gene"]),  # a gene
        ("quellin receptor", DATASET, ["quellin receptor"]),  # a receptor
        ("lncrna", METHOD, ["circRNAs"]),  # a nucleic acid
        ("mir 812c", METHOD, ["miR-812c"]),  # a microRNA
        ("k2s2o8", METHOD, ["K2S2O8"]),  # a formula of element symbols
        ("nano2", METRIC, ["NaNO2"]),
        ("iv", METHOD, ["IV"]),  # a Roman numeral (a grade, a stage)
        ("xii", CONCEPT, ["XII"]),
        ("u.k", METRIC, ["U.K"]),  # initials
        ("ventilated patient", CONCEPT, ["ventilated patients"]),  # a group of people
        ("older adult", CONCEPT, ["older adults"]),
        ("early screening", TASK, ["early screening"]),  # when, not which
        ("automated detection", CONCEPT, ["Automated detection"]),
        ("kelp grower association", METHOD, ["Kelp Growers Association"]),  # an organisation
        ("reef safety agency", DATASET, ["RSA", "Reef Safety Agency"]),
        ("zn2", METHOD, ["Zn2"]),  # an ion whose charge ("Zn2+") was cut off
    ],
)
def test_a_name_whose_shape_names_none_of_the_graphs_things_is_dropped(key, label, forms):
    assert not_a_thing(key, label, forms)
    assert curate(key, label, forms) is None


@pytest.mark.parametrize(
    "key, label, forms",
    [
        ("quornet50", METHOD, ["QuorNet50"]),  # an ML model name with digits
        ("vkz16", METHOD, ["VKZ16"]),
        ("w2v", METHOD, ["W2V"]),  # element letters, no count at the end
        ("sup2", METHOD, ["SUP2"]),  # three one-letter symbols and one count spell a word
        ("ucf150", METHOD, ["UCF150"]),  # a count no formula has
        ("ph4", DATASET, ["PH4"]),  # a dataset is often letters and a count: no formula read
        ("kelp detection", TASK, ["kelp detection"]),  # a task with its target
        ("early kelp detection", TASK, ["early kelp detection"]),
        ("patient representation", CONCEPT, ["patient representations"]),  # people as a modifier, not the head
        ("marker gene", CONCEPT, ["marker genes"]),  # a class of genes is a concept of its field
        ("civ", METHOD, ["CIV"]),  # no Roman numeral of the kind
        ("tide association", CONCEPT, ["tide association"]),  # an idea in lower case, no organisation
        ("zx2", METHOD, ["Zx2"]),  # no element: a name with a count
    ],
)
def test_a_name_of_a_thing_keeps_its_place(key, label, forms):
    assert not not_a_thing(key, label, forms)


def test_a_statistic_typed_method_or_concept_is_a_metric_and_a_named_method_of_ratios_stays():
    assert curate("kelp deviation", METHOD, ["kelp deviation"]) == ("kelp deviation", METRIC)
    assert curate("otter mass index", METHOD, ["otter mass index", "OMI"]) == ("otter mass index", METRIC)
    # what a study reports of its sample is a measure, whatever the span model typed it
    assert curate("tidal odds ratio", CONCEPT, ["tidal odds ratios", "TORs"]) == ("tidal odds ratio", METRIC)
    assert curate("kelp confidence interval", CONCEPT, ["kelp confidence intervals"])[1] == METRIC
    assert curate("reef task index", TASK, ["reef task index"]) != ("reef task index", METRIC)  # a Task keeps its rules
    assert curate("tidal likelihood ratio", METHOD, ["Tidal Likelihood Ratios"]) == ("tidal likelihood ratio", METHOD)
    assert curate("kelp ratio test", METHOD, ["kelp ratio test"]) == ("kelp ratio test", METHOD)


def test_ml_names_with_digits_stay_methods_through_curation():
    assert curate("quornet50", METHOD, ["QuorNet50"]) == ("quornet50", METHOD)
    assert curate("vkz16", METHOD, ["VKZ16"]) == ("vkz16", METHOD)
    assert chemical_formula("C6H12O6") and not chemical_formula("GLM4")


def test_a_gazetteer_dataset_written_only_in_lower_case_is_not_that_dataset():
    v = default_vocabulary()
    # a listed dataset whose name is one capitalised word (taken from the gazetteer, whichever it is)
    key = next(
        k
        for k, name in sorted(v.dataset_names.items())
        if name.isalpha() and name[:1].isupper() and name[1:].islower() and v.dataset_keys.get(k) == k
    )
    name = v.dataset_names[key]
    assert curate(key, DATASET, [name]) == (key, DATASET)
    assert curate(key, DATASET, [name.lower()]) != (key, DATASET)
    assert written_lower(name, [name.lower()]) and not written_lower(name, [name, name.lower()])
    assert not written_lower(name.lower(), [name.lower()])  # a gazetteer name in lower case: nothing to compare


@pytest.mark.parametrize(
    "text, sentence",
    [
        ("TIV3", "Serum TIV3 levels fell after the dose."),
        ("TIV3", "TIV3 expression was lower in the grafts."),
        ("TIV3", "We measured the expression of ZOR1, QAL2 and TIV3 in the grafts."),
        ("TIV3", "The virus uses TIV3 to enter, and binding to TIV3 is fast."),  # the second occurrence
        ("Quellosis", "Quellosis patients were scanned twice."),
        ("QD", "We enrolled patients with QD from three clinics."),
        ("QD", "Obese mice are at risk for QD."),
        ("frobnosis", "Obese mice are at risk for frobnosis."),  # a disease needs no symbol
    ],
)
def test_sentences_that_call_a_name_a_molecule_or_a_disease_vote_object(text, sentence):
    assert object_vote(text.lower(), text, sentence) == "object"


@pytest.mark.parametrize(
    "text, sentence",
    [
        ("QuorNet50", "We train QuorNet50 on the kelp images."),
        ("QuorNet50", "QuorNet50 layers are frozen."),  # "layers" is no molecule's word
        ("VKZ16", "The LSTM cells of VKZ16 forget slowly."),
        ("VKZ16", "The expression of ZOR1 was measured using VKZ16."),  # a clause between the cue and the name
        ("VKZ16", "Levels of noise in the images were high, and VKZ16 copes."),
        ("Quillam", "We optimise with Quillam (Berrow and Tusk, 2015)."),  # an optimiser, cited after its name
        ("kelp improvement", "We derive a closed-form expression of the kelp improvement."),  # mathematics
        ("noise", "Serum noise levels rose."),  # "levels" counts after a symbol only
    ],
)
def test_sentences_that_use_a_name_as_a_method_vote_nothing(text, sentence):
    assert object_vote(text.lower(), text, sentence) is None


def test_a_cited_author_votes_person():
    assert object_vote("berrow", "Berrow", "Scores were computed as in Berrow and Tusk (2011).") == "person"
    assert object_vote("tusk", "Tusk", "Scores were computed as in Berrow and Tusk (2011).") == "person"
    assert object_vote("berrow", "Berrow", "Berrow et al. found the same.") == "person"
    assert object_vote("berrow", "BERROW", "BERROW (2011) is a tool.") is None  # an acronym is no surname


def test_a_third_of_the_mentions_decide_and_a_listed_name_is_kept():
    from collections import Counter

    v = default_vocabulary()
    listed_dataset = next(k for k in sorted(v.dataset_names) if v.dataset_keys.get(k) == k)
    votes = {"tiv3": Counter({"object": 1}), "zor1": Counter({"object": 1}), listed_dataset: Counter({"object": 5})}
    forms = {"tiv3": Counter({"TIV3": 3}), "zor1": Counter({"ZOR1": 4}), listed_dataset: Counter({"x": 5})}
    labels = {"tiv3": METHOD, "zor1": METHOD, listed_dataset: DATASET}
    assert domain_objects(votes, forms, labels) == {"tiv3"}


def _mention(label, key, text, sentence=0):
    return Mention(label=label, key=key, text=text, start=0, end=len(text), sentence=sentence)


def _corpus():
    sentences = {
        "p1": ["Expression of TIV3 predicts relapse.", "We classify the grafts with QuorNet50."],
        "p2": ["TIV3 levels were measured.", "QuorNet50 beats the baselines on the grafts."],
        "p3": ["As in Berrow et al. (2011), scores were computed.", "QuorNet50 is fast."],
    }
    spec = {
        "p1": [_mention(METHOD, "tiv3", "TIV3"), _mention(METHOD, "quornet50", "QuorNet50", 1)],
        "p2": [_mention(METHOD, "tiv3", "TIV3"), _mention(METHOD, "quornet50", "QuorNet50", 1)],
        "p3": [_mention(METRIC, "berrow", "Berrow"), _mention(METHOD, "quornet50", "QuorNet50", 1)],
    }
    papers = [Paper(id=pid, title=f"Paper {pid}", abstract=" ".join(s)) for pid, s in sentences.items()]
    records = {pid: Extraction(pid, sentences=sentences[pid], mentions=ms) for pid, ms in spec.items()}
    return papers, records


def test_a_build_drops_what_its_sentences_call_a_gene_or_an_author_and_keeps_the_model():
    papers, records = _corpus()
    G = build_graph(papers, records)
    assert node_id(METHOD, "tiv3") not in G
    assert node_id(METRIC, "berrow") not in G
    assert G.nodes[node_id(METHOD, "quornet50")]["papers"] == 3


def test_the_columnar_build_drops_the_same(tmp_path):
    pytest.importorskip("duckdb")

    papers, records = _corpus()
    assert same_graph(build_graph(papers, records), columnar_of(papers, records, tmp_path))


def test_an_everyday_word_in_lower_case_is_not_another_papers_acronym(tmp_path):
    from kg.build.builder import own_senses

    long = "graph attention routing for dense embedding networks"
    sentences = {
        "p1": [f"We propose {long.title()} (GARDEN).", "GARDEN routes messages."],
        "p2": ["The garden plots were watered by hand.", "Each garden grew kelp."],
    }
    spec = {
        "p1": [
            Mention(label=METHOD, key=long, text=long.title(), start=0, end=10, sentence=0, role="proposes"),
            _mention(METHOD, "garden", "GARDEN", 1),
        ],
        "p2": [_mention(CONCEPT, "garden", "garden"), _mention(CONCEPT, "garden", "garden", 1)],
    }
    papers = [Paper(id=pid, title=f"Paper {pid}", abstract=" ".join(s)) for pid, s in sentences.items()]
    records = {pid: Extraction(pid, sentences=sentences[pid], mentions=ms) for pid, ms in spec.items()}
    records["p1"].abbreviations = {"garden": long}
    assert own_senses(list(records.values()), {"garden": long}) == {("p2", "garden"): None}
    G = build_graph(papers, records)
    linked = {u for u, _ in G.in_edges(node_id(METHOD, long))}
    assert linked == {node_id("Paper", "p1")}  # the word's paper is not linked to the method

    pytest.importorskip("duckdb")

    assert same_graph(G, columnar_of(papers, records, tmp_path))


def test_an_acronym_in_capitals_keeps_the_corpus_long_form():
    from kg.build.builder import own_senses

    long = "graph attention routing for dense embedding networks"
    recs = [
        Extraction(
            "p1", sentences=["x"], mentions=[_mention(METHOD, "garden", "GARDEN")], abbreviations={"garden": long}
        ),
        Extraction("p2", sentences=["We train GARDEN on reefs."], mentions=[_mention(METHOD, "garden", "GARDEN")]),
    ]
    assert own_senses(recs, {"garden": long}) == {}


@pytest.mark.parametrize(
    "key, label, forms, expected",
    [
        ("tidal organization for reef care", "Dataset", ["Tidal Organisation for Reef Care (TORC)"], True),
        ("kelp council for shore study", "Method", ["Kelp Council for Shore Studies"], True),
        ("university of kelp repository", "Dataset", ["University of Kelp Repository"], False),  # a repository
        ("data association for tracking", "Method", ["data association for tracking"], False),  # lower case
    ],
)
def test_an_organisation_before_for(key, label, forms, expected):
    assert not_a_thing(key, label, forms) is expected
