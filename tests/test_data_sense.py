"""Sources a study searches are Datasets, words that only look like a dataset's name are not, and a study's
descriptions, findings and statistical procedures are no Concepts or Metrics (kg.build.data_sense,
kg.build.study_phrases; issue 17). Every name and sentence below is invented; each rule has its counter-case."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph
from kg.build.context_types import votes
from kg.build.data_sense import source_vote, sourced_datasets, unnamed_dataset
from kg.build.pipeline import same_graph
from kg.build.study_phrases import procedure_not_measure, study_description
from kg.core.papers import Paper
from queries.quality import DEFAULT_MIN_QUALITY
from queries.schema import CONCEPT, DATASET, METHOD, node_id
from tests.fixtures.curation import columnar_of


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("We searched in Kelpbase, Reefdoc and Tidelit for trials up to May 2020.", "Reefdoc"),
        ("We searched Kelpbase and Reefdoc for cohort studies.", "Kelpbase"),
        ("Records were retrieved from Reefdoc between 2001 and 2019.", "Reefdoc"),
        ("Patients came from the Tidal Outcomes Network (TON) registry.", "TON"),  # the head after its parentheses
        ("Cases were drawn from the Kelp Surgery Biobank.", "Kelp Surgery Biobank"),
    ],
)
def test_a_source_a_study_searches_is_called_data(sentence, name):
    assert votes(sentence, name) == DATASET


def test_a_short_form_in_brackets_takes_a_kind_after_them_but_not_what_it_is_for():
    assert votes("We fit a kelp autoregressive (KARX) model to the series.", "KARX") == METHOD
    assert votes("To solve the kelp tidal process (KTP) regression problem we use ADMM.", "KTP") is None
    assert votes("We cast routing as a Reef Decision Process (RDP) problem.", "RDP") is None


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("We propose Differentiable Kelp Search (DKS) for cell design.", "DKS"),  # a name's word, not a search
        ("Passages were retrieved using ReefRank and KelpDPR.", "KelpDPR"),  # a retriever, no source
        ("We use a beam search over ReefNet outputs.", "ReefNet"),
        ("Faster kelp routing with tree search and reef learning.", "reef learning"),  # the noun, in a list
        ("We combine a lattice search with KelpNet.", "KelpNet"),
    ],
)
def test_a_search_that_is_a_method_or_a_names_word_calls_nothing_data(sentence, name):
    assert votes(sentence, name) != DATASET


def test_a_source_vote_needs_a_sentence_of_a_search_and_one_whole_name():
    assert source_vote("kelpbase", "Kelpbase", "We searched in Kelpbase and Reefdoc.") == DATASET
    # data by its cue alone, in a sentence of no search or database: a place across which a study runs
    assert source_vote("oceania", "Oceania", "The audit ran on sites across Europe and Oceania.") is None
    # pieces of a longer name: "Reef Kidney| and Transplant Register", "Reef Mart| for Intensive Care"
    assert source_vote("reef kidney", "Reef Kidney", "We searched the Reef Kidney and Transplant Register.") is None
    sentence = "Data came from the database called Reef Mart for Intensive Care."
    assert source_vote("reef mart", "Reef Mart", sentence) is None
    assert source_vote("intensive care", "Intensive Care", sentence) is None


def test_sourced_datasets_keeps_capitalised_sources_and_not_the_tail_of_another_name():
    labels = {"kelpbase": DATASET, "web of kelp": DATASET, "end outcome": DATASET, "tidal end outcome": METHOD}
    forms = {
        "kelpbase": Counter({"Kelpbase": 2}),
        "web of kelp": Counter({"Web of Kelp": 1}),
        "end outcome": Counter({"End Outcomes": 1}),
    }
    sources = {k: Counter({DATASET: 1}) for k in forms}
    got = sourced_datasets({}, labels, forms, sources)
    assert got == {"kelpbase": ("kelpbase", DATASET), "web of kelp": ("web of kelp", DATASET)}
    assert sourced_datasets({}, labels, forms, {}) == {}  # no sentence of a search: curation's verdict stands
    everyday = {"garden": DATASET}  # one capitalised everyday word: a sentence's first word, not a name
    assert sourced_datasets({}, everyday, {"garden": Counter({"Garden": 1})}, {"garden": Counter({DATASET: 1})}) == {}


def test_an_unnamed_dataset_is_a_plain_word_a_heading_or_a_formula_its_sentences_seldom_call_data():
    assert unnamed_dataset(["QLS", "quellase"], Counter())  # an enzyme and its acronym
    assert unnamed_dataset(["wombats"], Counter())  # an animal
    assert unnamed_dataset(["RESULTS"], Counter({DATASET: 1}), 90)  # a heading, once near a cue
    assert unnamed_dataset(["MoS2"], Counter(), 2)  # a chemical formula
    assert not unnamed_dataset(["QLS", "quellase"], Counter({DATASET: 1}), 2)  # "the quellase dataset"
    assert not unnamed_dataset(["Kelpbase"], Counter())  # written as a name
    assert not unnamed_dataset(["reef treebank"], Counter())  # a dataset noun says what it is
    assert not unnamed_dataset(["DROP"], Counter({DATASET: 3}), 10)


@pytest.mark.parametrize(
    "key, forms",
    [
        ("clinical characteristic", ["clinical characteristics"]),
        ("treatment option", ["treatment options"]),
        ("expression pattern", ["Expression patterns"]),
        ("patient management", ["patient management"]),
        ("positive correlation", ["positive correlation"]),
        ("significant difference", ["significant differences"]),
        ("statistical significance", ["statistical significance"]),
    ],
)
def test_a_study_description_or_finding_is_no_concept(key, forms):
    assert study_description(key, forms)


@pytest.mark.parametrize(
    "key, forms",
    [
        ("metabolic profile", ["metabolic profile"]),  # a rarer word says which
        ("kelp correlation", ["kelp correlation"]),  # a relation without a sign
        ("clinical outcome assessment", ["COA", "clinical outcome assessment"]),  # written as a name
        ("label noise", ["label noise"]),
        ("treatment", ["treatment"]),
    ],
)
def test_a_named_idea_is_no_study_description(key, forms):
    assert not study_description(key, forms)


def test_a_statistical_procedure_or_a_heading_is_no_metric():
    assert procedure_not_measure("anova", ["ANOVA"])
    assert procedure_not_measure("kelp rank test", ["kelp-rank test"])
    assert procedure_not_measure("main measure", ["MAIN MEASURES"])
    assert procedure_not_measure("primary outcome", ["primary outcomes"])
    assert not procedure_not_measure("dice score", ["Dice score"])
    assert not procedure_not_measure("reef mos", ["ReefMOS"])
    assert not procedure_not_measure("kelp outcome", ["kelp outcome"])  # a measure noun with its own modifier


def _mention(label, key, text, sentence=0):
    return Mention(label=label, key=key, text=text, start=0, end=len(text), sentence=sentence)


def _corpus():
    sentences = {
        "p1": [
            "We searched in Kelpbase and Reefdoc for trials of kelp therapy.",
            "The activity of quellase (QLS) rose in kelp rot, and treatment options were reviewed.",
            "A positive correlation was seen between the groups.",
        ],
        "p2": [
            "Records were retrieved from Kelpbase.",
            "Quellase (QLS) fell in kelp rot; treatment options differ.",
            "We found a positive correlation in the groups.",
        ],
        "p3": ["Kelp rot was treated.", "Treatment options are few for kelp rot.", "A positive correlation held."],
    }
    spec = {
        "p1": [
            _mention(METHOD, "kelpbase", "Kelpbase"),
            _mention(DATASET, "quellase", "quellase", 1),
            _mention(CONCEPT, "kelp rot", "kelp rot", 1),
            _mention(CONCEPT, "treatment option", "treatment options", 1),
            _mention(CONCEPT, "positive correlation", "positive correlation", 2),
        ],
        "p2": [
            _mention(METHOD, "kelpbase", "Kelpbase"),
            _mention(DATASET, "quellase", "Quellase", 1),
            _mention(CONCEPT, "kelp rot", "kelp rot", 1),
            _mention(CONCEPT, "treatment option", "treatment options", 1),
            _mention(CONCEPT, "positive correlation", "positive correlation", 2),
        ],
        "p3": [
            _mention(CONCEPT, "kelp rot", "Kelp rot"),
            _mention(CONCEPT, "treatment option", "Treatment options", 1),
            _mention(CONCEPT, "positive correlation", "positive correlation", 2),
        ],
    }
    for pid in ("p1", "p2"):  # the enzyme's acronym, defined in each paper: a name-like form curation keeps
        spec[pid].append(_mention(DATASET, "qls", "QLS", 1))
    papers = [Paper(id=pid, title=f"Paper {pid}", abstract=" ".join(s)) for pid, s in sentences.items()]
    records = {
        pid: Extraction(
            pid, sentences=sentences[pid], mentions=ms, abbreviations={"qls": "quellase"} if pid != "p3" else {}
        )
        for pid, ms in spec.items()
    }
    return papers, records


def _quality(G, label, key):
    return G.nodes[node_id(label, key)]["quality"]


def test_a_build_shows_the_searched_source_and_hides_the_words_that_look_like_things():
    papers, records = _corpus()
    G = build_graph(papers, records)
    assert _quality(G, DATASET, "kelpbase") >= DEFAULT_MIN_QUALITY  # typed Method by the span model
    assert node_id(METHOD, "kelpbase") not in G
    assert _quality(G, DATASET, "quellase") < DEFAULT_MIN_QUALITY
    assert _quality(G, CONCEPT, "treatment option") < DEFAULT_MIN_QUALITY
    assert _quality(G, CONCEPT, "positive correlation") < DEFAULT_MIN_QUALITY
    assert _quality(G, CONCEPT, "kelp rot") >= DEFAULT_MIN_QUALITY  # a named idea in three papers
    # nothing is deleted: each paper keeps its facts
    assert G.has_edge("Paper:p3", node_id(CONCEPT, "treatment option"))


def test_the_columnar_build_gives_the_same_graph(tmp_path):

    papers, records = _corpus()
    assert same_graph(build_graph(papers, records), columnar_of(papers, records, tmp_path))
