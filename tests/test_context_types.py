"""Types from context (kg.build.context_types) and what the builder does with them: each mention of a
name votes for the type its sentence gives it; a Dataset its sentences call a model becomes a Method and
back, one they call a metric or a task is hidden; a one-paper name no sentence supports needs more papers.
The sentences are abstracts written for these tests."""

from __future__ import annotations

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph, initials_fit, resolve_aliases
from kg.build.context_types import votes
from kg.core.papers import Paper
from queries.schema import CONCEPT, DATASET, METHOD, METRIC, TASK, node_id
from tests.fixtures.curation import shown


@pytest.mark.parametrize(
    "sentence, name, label",
    [
        # the head beside the name, or past the list it ends
        ("We train on the TideBank dataset.", "TideBank", DATASET),
        ("Results on MNIST, SVHN and CelebA datasets are reported.", "SVHN", DATASET),
        ("The QuillNet model achieves the best score.", "QuillNet", METHOD),
        # an apposition, a title's colon, "as a"
        ("We present CN-Celeb, a large-scale speaker recognition dataset.", "CN-Celeb", DATASET),
        ("HIVE-COTE, an ensemble of classifiers, wins.", "HIVE-COTE", METHOD),
        ("SpAtten: Efficient Sparse Attention Architecture with Token Pruning", "SpAtten", METHOD),
        ("This paper presents ViNewsQA as a new corpus for reading comprehension.", "ViNewsQA", DATASET),
        # the noun a list hangs from, or that names it
        ("Our attack fools trackers such as DaSiamRPN, UpdateNet, and DiMP.", "DiMP", METHOD),
        ("We reformat two VQA datasets, COCO-QA and DAQUAR, into one format.", "DAQUAR", DATASET),
        ("Experiments on three datasets (MIT-67, Scene15 and NYU V1) show gains.", "Scene15", DATASET),
        ("We propose a new boosting algorithm called PBoost.", "PBoost", METHOD),
        ("We rank four NLP models -- TextRNN, BERT, RoBERTa and XLNet -- by robustness.", "XLNet", METHOD),
        # evaluation on it, comparison, being proposed, a method's verb
        ("Our method reaches state-of-the-art results on KittenSet.", "KittenSet", DATASET),
        ("On DialogRE and TACRED, we show that GDPNet works.", "TACRED", DATASET),
        ("It is more stable as compared to TideSep and Conv-TideSep.", "TideSep", METHOD),
        ("Recently, TideSep and Conv-TideSep have been proposed.", "Conv-TideSep", METHOD),
        ("GDPNet outperforms strong baselines.", "GDPNet", METHOD),
        # a measure, a task
        ("DCCRN+ surpasses DCCRN in terms of PESQ and NoiseMOS.", "NoiseMOS", METRIC),
        ("Tasks such as question answering, NER and POS tagging are harder.", "NER", TASK),
    ],
)
def test_a_sentence_gives_a_name_its_type(sentence, name, label):
    assert votes(sentence, name) == label


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("We use BERT to encode sentences.", "BERT"),  # nothing says what BERT is
        ("Our timing models include the parallaxes of PSRs J1832-0836 and J2322+2057.", "PSRs J1832-0836"),
        ("The ResNetX is here.", "ResNet"),  # a piece of a longer word
        ("Trained with the rule, ImageNet images look different.", "Trained"),  # not a cue by itself
    ],
)
def test_a_sentence_that_says_nothing_gives_no_vote(sentence, name):
    assert votes(sentence, name) is None


def _graph(spec: list[tuple[str, list[tuple[str, str, str, str | None]]]]):
    """Papers from (id, [(sentence, label the span model gave, key, surface form, role)])."""
    papers, records = [], {}
    for pid, rows in spec:
        sentences = [s for s, *_ in rows]
        mentions = [
            Mention(label=lab, key=key, text=text, start=0, end=len(text), sentence=i, role=role, confidence=0.8)
            for i, (_, lab, key, text, role) in enumerate(rows)
        ]
        papers.append(Paper(id=pid, title=sentences[0], abstract=" ".join(sentences[1:])))
        records[pid] = Extraction(pid, sentences=sentences, mentions=mentions)
    return build_graph(papers, records)


def test_a_model_the_span_model_filed_as_a_dataset_becomes_a_method():
    G = _graph(
        [
            (
                "p1",
                [
                    ("Fooling Visual Trackers", CONCEPT, "visual tracker", "Visual Trackers", None),
                    ("Our attack fools trackers such as DaSiamRPN and DiMP.", DATASET, "dimp", "DiMP", None),
                ],
            )
        ]
    )
    assert node_id(METHOD, "dimp") in G and node_id(DATASET, "dimp") not in G


def test_a_corpus_the_span_model_filed_as_a_method_becomes_a_dataset():
    G = _graph(
        [
            (
                "p1",
                [
                    (
                        "CN-CELEB: a challenging Chinese speaker recognition dataset",
                        METHOD,
                        "cn celeb",
                        "CN-CELEB",
                        None,
                    ),
                    (
                        "We present CN-Celeb, a large-scale speaker recognition dataset.",
                        METHOD,
                        "cn celeb",
                        "CN-Celeb",
                        None,
                    ),
                ],
            )
        ]
    )
    assert shown(G, DATASET, "cn celeb") and node_id(METHOD, "cn celeb") not in G


def test_a_name_its_sentences_call_a_measure_or_a_task_is_hidden_not_deleted():
    G = _graph(
        [
            (
                "p1",
                [
                    ("Speech Enhancement with DCCRN+", METHOD, "dccrn", "DCCRN+", "proposes"),
                    ("DCCRN+ surpasses DCCRN in terms of PESQ and NoiseMOS.", DATASET, "noisemos", "NoiseMOS", None),
                    ("Tasks such as question answering, NER and POS tagging are hard.", DATASET, "ner", "NER", None),
                ],
            )
        ]
    )
    assert node_id(DATASET, "noisemos") in G and not shown(G, DATASET, "noisemos")
    # a task Papers with Code lists, written as its acronym, is that task, not data
    assert node_id(DATASET, "ner") not in G and node_id(TASK, "ner") in G


def test_a_one_paper_dataset_needs_a_sentence_that_calls_it_data():
    G = _graph(
        [
            (
                "p1",
                [
                    ("Pulsar Timing at Scale", CONCEPT, "pulsar timing", "Pulsar Timing", None),
                    (
                        "We report the parallaxes of PSRs J1832-0836 and others.",
                        DATASET,
                        "psrs j1832 0836",
                        "PSRs J1832-0836",
                        None,
                    ),
                    (
                        "Our method reaches state-of-the-art results on KittenSet.",
                        DATASET,
                        "kittenset",
                        "KittenSet",
                        None,
                    ),
                ],
            )
        ]
    )
    assert shown(G, DATASET, "kittenset")
    assert not shown(G, DATASET, "psrs j1832 0836")


def test_a_one_paper_bare_acronym_method_needs_a_sentence_that_calls_it_a_method():
    G = _graph(
        [
            (
                "p1",
                [
                    ("Predicting Plays in Football", CONCEPT, "play prediction", "Plays", None),
                    ("Teams in the NFL follow a playbook.", METHOD, "nfl", "NFL", None),
                    ("GDPNET outperforms strong baselines on the playbook task.", METHOD, "gdpnet", "GDPNET", None),
                    ("We use the neural KB to answer questions.", METHOD, "neural kb", "neural KB", None),
                ],
            )
        ]
    )
    assert shown(G, METHOD, "gdpnet")
    assert not shown(G, METHOD, "nfl") and not shown(G, METHOD, "neural kb")


def test_a_variant_of_an_acronym_the_corpus_knows_stays_shown():
    rows = [("Low-rank Methods", CONCEPT, "low rank method", "Low-rank Methods", None)]
    G = _graph(
        [
            (
                "p1",
                [*rows, ("We apply randomized SVD to the matrix.", METHOD, "randomized svd", "randomized SVD", None)],
            ),
            ("p2", [*rows, ("SVD is used to factorise the data.", METHOD, "svd", "SVD", None)]),
            ("p3", [*rows, ("The SVD of the kernel is cheap.", METHOD, "svd", "SVD", None)]),
        ]
    )
    assert shown(G, METHOD, "randomized svd")


def test_an_abbreviation_joins_only_a_long_form_it_abbreviates():
    """ "CANet" is no abbreviation of "Class-Agnostic Segmentation" (the long form lost "Networks"): no merge."""
    wrong = Extraction(
        "a",
        sentences=["CANet: Class-Agnostic Segmentation Networks"],
        mentions=[
            Mention(METHOD, "canet", "CANet", 0, 5, 0),
            Mention(METHOD, "class agnostic segmentation", "Class-Agnostic Segmentation", 7, 34, 0),
        ],
        abbreviations={"canet": "class agnostic segmentation"},
    )
    right = Extraction(
        "b",
        sentences=["We use Quantization-Aware Training (QAT)."],
        mentions=[
            Mention(METHOD, "quantization aware training", "Quantization-Aware Training", 7, 34, 0),
            Mention(METHOD, "qat", "QAT", 36, 39, 0),
        ],
        abbreviations={"qat": "quantization aware training"},
    )
    assert resolve_aliases([wrong, right]) == {"qat": "quantization aware training"}


@pytest.mark.parametrize(
    "short, long, fits",
    [
        ("QAT", "Quantization-Aware Training", True),
        ("SAEs", "sparse autoencoders", True),  # a letter from inside a word
        ("XGBoost", "extreme gradient boosting", True),  # a word's second letter, a syllable
        ("BiLSTM", "bidirectional LSTM", True),
        ("MNIST", "Modified National Institute of Standards and Technology", True),
        ("CANet", "Class-Agnostic Segmentation", False),  # "Net" opens no word
        ("DEALIO", "Data-Efficient Adversarial Learning for", False),  # cut off after "for"
        ("DPMPN", "Pruned Message Passing Networks", False),  # lost "Dynamically"
    ],
)
def test_initials_fit(short, long, fits):
    assert initials_fit(short, long) is fits


def test_a_concept_headed_by_a_task_word_is_a_task():
    rows = [
        ("Classifying Natural Images", CONCEPT, "natural image classification", "natural image classification", None)
    ]
    G = _graph([("p1", rows), ("p2", rows)])
    assert (
        node_id(TASK, "natural image classification") in G and node_id(CONCEPT, "natural image classification") not in G
    )


def test_an_abbreviation_of_a_cut_long_form_of_a_known_term_still_joins_it():
    """ "Named Entity Recognition (NER)" read as "entity recognition (NER)": the long form lost a word of a known
    task, so NER still names that thing (and its papers stay with it); "CANet" ends no known term."""
    rec = Extraction(
        "a",
        sentences=["Named Entity Recognition (NER) finds names."],
        mentions=[
            Mention(TASK, "entity recognition", "Entity Recognition", 6, 24, 0),
            Mention(TASK, "ner", "NER", 26, 29, 0),
        ],
        abbreviations={"ner": "entity recognition"},
    )
    assert resolve_aliases([rec]) == {"ner": "entity recognition"}


def test_one_contrary_sentence_does_not_hide_a_name_many_sentences_use():
    rows = [
        ("Clustering of Graphs", METHOD, "clustering", "Clustering", None),
        ("We apply clustering to the nodes.", METHOD, "clustering", "clustering", None),
    ]
    task = ("Tasks such as clustering, retrieval and ranking are hard.", METHOD, "clustering", "clustering", None)
    G = _graph([("p1", [*rows, task]), ("p2", rows), ("p3", rows)])
    assert shown(G, METHOD, "clustering")


def test_a_mention_whose_sentence_the_record_lacks_gives_no_vote_and_no_error():
    # records of older extractors, and hand-written ones, may point a mention at no sentence
    papers = [Paper(id="a", title="ImageNet", abstract="")]
    records = {"a": Extraction("a", sentences=[], mentions=[Mention(DATASET, "imagenet", "ImageNet", 0, 8, -1)])}
    G = build_graph(papers, records)
    assert G.nodes[node_id(DATASET, "imagenet")]["papers"] == 1
