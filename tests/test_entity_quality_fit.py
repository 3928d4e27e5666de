"""Name fit: a one-paper Method, Dataset or Concept is shown only when its name, as the paper
writes it, names one thing (kg.build.entity_quality.method_fit / dataset_fit / concept_fit);
nothing is deleted, a generic phrase only scores below the default cut."""

from __future__ import annotations

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph
from kg.build.entity_quality import (
    BROKEN_FIT,
    DESCRIPTION_FIT,
    OTHER_HEAD_FIT,
    PROCEDURE_FIT,
    concept_fit,
    dataset_fit,
    fit_with_papers,
    method_fit,
)
from kg.core.papers import Paper
from queries.quality import DEFAULT_MIN_QUALITY
from queries.schema import CONCEPT, DATASET, METHOD, PAPER, node_id

# ---- Method: each rule, with the phrases as a paper writes them -------------------------------


@pytest.mark.parametrize(
    "key, form",
    [
        ("tidalnet", "TidalNet"),  # a coined name
        ("lora", "LoRA"),  # an acronym-like name
        ("sparse pca", "sparse PCA"),  # a name as head
        ("conditional random field", "conditional random fields"),  # an established technique
        ("disentangled variational autoencoder", "disentangled variational autoencoder"),  # a known tail
    ],
)
def test_a_name_or_an_established_technique_fits_a_method(key, form):
    assert method_fit(key, [form]) == 1.0


def test_a_long_form_written_with_its_abbreviation_somewhere_is_a_name():
    assert method_fit("adversarial data augmentation", ["adversarial data augmentation", "ADA"]) == 1.0
    assert method_fit("gradual weight shift", ["Gradual Weight Shift", "GWS"]) == 1.0
    assert method_fit("gradual weight shift", ["gradual weight shift"]) == OTHER_HEAD_FIT


@pytest.mark.parametrize(
    "key, form",
    [
        ("dnn solution", "DNN solution"),  # a model family before a generic head: a use of it
        ("rigorous solution", "rigorous solutions"),
        ("pooling strategy", "pooling strategy"),
        ("human in the loop re id model", "human-in-the-loop re-id model"),
        ("wavelet method", "wavelet methods"),  # a class
        ("multi view encoder network", "multi-view encoder networks"),  # a plural kind: a class
        ("combining machine learning", "Combining Machine Learning"),  # a title fragment, a gerund opening
        ("deep data driven reinforcement learning", "Deep Data-Driven Reinforcement Learning"),  # title words
        ("used rnn", "used RNN"),
        ("lower flop", "lower FLOPs"),
        ("attack and detection algorithm", "attack and detection algorithms"),  # two things
        ("resnet on imagenet 1k", "ResNets on ImageNet-1k"),
        ("multi domain learning", "multi-domain learning"),  # a setting
        ("multilingual few shot learning", "multilingual few-shot learning"),  # a known problem setting's variant
        ("safety constrained rl framework", "safety-constrained RL framework"),  # a field's acronym, generic head
    ],
)
def test_a_description_does_not_fit_a_method(key, form):
    assert method_fit(key, [form]) == DESCRIPTION_FIT


@pytest.mark.parametrize(
    "key, form",
    [
        ("ssim gain", "SSIM gains"),
        ("gan output", "GAN outputs"),
        ("mri scan", "MRI scans"),
        ("joint state action value", "joint state-action values"),
        ("gaussian assumption of classical pca", "Gaussian assumption of classical PCA"),  # head before "of"
        ("end to end manner", "end-to-end manner"),  # an empty head
    ],
)
def test_a_phrase_headed_by_no_method_does_not_fit(key, form):
    assert method_fit(key, [form]) <= DESCRIPTION_FIT  # a result, a scan, a value: no method


@pytest.mark.parametrize(
    "key, form",
    [
        ("thurssq tianchi04", "THUrssq/Tianchi04"),
        ("zmg19 cgh 19", "ZMG19,CGH+19"),
        ("nips 12", "NIPS'12"),
        ("based bci", "based BCIs"),
        ("ai assisted", "AI-assisted"),
        ("arxiv 1803 09797", "arXiv:1803.09797"),
        ("abstract shortened due", "ABSTRACT SHORTENED DUE"),
        ("example robotic motion planning", "examples - robotic motion planning"),
    ],
)
def test_a_piece_of_a_string_is_broken(key, form):
    assert method_fit(key, [form]) == BROKEN_FIT


def test_an_acronym_of_a_task_or_of_a_thing_that_is_no_method_needs_a_second_paper():
    assert method_fit("attention weight", ["attention weights", "AWs"]) == PROCEDURE_FIT
    assert method_fit("edge server", ["edge servers", "ESs"]) == OTHER_HEAD_FIT  # hardware: never a method
    assert method_fit("quaternion matrix completion", ["quaternion matrix completion", "QMC"]) == PROCEDURE_FIT
    assert method_fit("context encoder network", ["context encoder network", "CE-Net"]) == 1.0
    assert method_fit("dynamic time warping", ["dynamic time warping", "DTW"]) == 1.0
    assert method_fit("gradual weight shift", ["Gradual Weight Shift", "GWS"]) == 1.0  # a coined name


def test_what_its_paper_calls_a_dataset_is_no_method():
    assert method_fit("car crash", ["Car Crash Dataset", "CCD"]) == OTHER_HEAD_FIT


def test_a_name_before_a_generic_head_is_the_method():
    assert method_fit("autodock gpu program", ["AutoDock-GPU program"]) == 0.9
    assert method_fit("xlmr large", ["XLMR-large model"]) == 0.9
    assert method_fit("mfcc based approach", ["MFCC-based approach"]) == DESCRIPTION_FIT  # based on the name


def test_a_class_of_a_named_kind_needs_a_second_paper():
    assert method_fit("speaker discriminative cnn", ["speaker discriminative CNNs"]) == PROCEDURE_FIT
    assert method_fit("sota gnn", ["SOTA GNNs"]) == DESCRIPTION_FIT  # an opening word that judges
    assert method_fit("vanilla bert", ["vanilla BERT"]) == 1.0  # one of a named kind


def test_a_kind_of_method_needs_a_name_or_a_second_paper():
    assert method_fit("rnn encoder", ["RNN encoder"]) == 0.85
    assert method_fit("straight through estimator", ["straight-through estimator"]) == PROCEDURE_FIT
    assert method_fit("autoregressive decoding", ["autoregressive decoding"]) == PROCEDURE_FIT
    assert method_fit("gradient reversal layer", ["gradient reversal layer"]) == PROCEDURE_FIT


def test_what_a_paper_proposes_in_capitals_is_its_name_but_not_a_setting():
    assert method_fit("memoised wake sleep", ["Memoised Wake-Sleep"], proposed=True) == 0.9
    assert method_fit("memoised wake sleep", ["Memoised Wake-Sleep"]) == DESCRIPTION_FIT
    assert method_fit("barlow twin", ["Barlow Twins"]) == 1.0  # a listed model family, proposed or not
    for title in ("Federated Nonconvex Sparse Learning", "Human-In-The-Loop Person Re-Identification"):
        assert method_fit(title.lower(), [title], proposed=True) == DESCRIPTION_FIT


def test_an_empty_head_is_never_raised_by_papers_but_a_setting_is():
    assert method_fit("few shot learning setting", ["few-shot learning setting"]) == OTHER_HEAD_FIT
    assert method_fit("multi domain learning", ["multi-domain learning"]) == DESCRIPTION_FIT


def test_papers_raise_a_description_but_never_a_phrase_headed_by_no_method():
    assert fit_with_papers(DESCRIPTION_FIT, 1, 1) < fit_with_papers(DESCRIPTION_FIT, 3, 1) == 0.75
    assert fit_with_papers(DESCRIPTION_FIT, 2, 1) < 0.65  # two papers are not enough for a description
    assert fit_with_papers(OTHER_HEAD_FIT, 10, 1) == OTHER_HEAD_FIT
    assert fit_with_papers(PROCEDURE_FIT, 2, 1) == 0.75


# ---- Dataset and Concept ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, forms, fit",
    [
        ("cal500", ["CAL500"], 1.0),
        ("nigens general sound event database", ["NIGENS General Sound Events Database"], 1.0),
        ("sewa", ["SEWA dataset"], 1.0),
        (
            "large scale human annotated chinese multimodal ner",
            ["large-scale human-annotated Chinese multimodal NER"],
            0.45,
        ),
        ("2d csg", ["2D CSG"], 1.0),
        ("downscaled wsi", ["downscaled WSIs"], DESCRIPTION_FIT),
        ("ehr", ["EHR data"], DESCRIPTION_FIT),  # data of a kind
        ("miniimagenet tieredimagenet", ["miniImageNet, tieredImageNet"], BROKEN_FIT),
        ("d4rl dataset", ["D4RL: Datasets"], BROKEN_FIT),
        ("amda", ["AMDA linearly"], BROKEN_FIT),
    ],
)
def test_dataset_fit(key, forms, fit):
    assert dataset_fit(key, forms) == fit


@pytest.mark.parametrize(
    "key, form, fit",
    [
        ("label noise", "label noise", 1.0),
        ("nonlinearity", "nonlinearity", 1.0),
        ("maximum likelihood", "maximum likelihood", 1.0),  # an established term opened by a degree word
        ("nonconvex", "nonconvex", DESCRIPTION_FIT),  # an adjective
        ("low latency", "low-latency", DESCRIPTION_FIT),
        ("slow convergence", "slow convergence", DESCRIPTION_FIT),
        ("novel insight", "novel insights", DESCRIPTION_FIT),
        ("performance drop", "performance drop", DESCRIPTION_FIT),  # a result
        ("language phenomenon", "language phenomena", DESCRIPTION_FIT),  # a generic head: a class, not a concept
        ("translation firm", "translation firms", OTHER_HEAD_FIT),  # an organisation
        ("annotator", "annotators", OTHER_HEAD_FIT),  # people
        ("target speaker", "target speaker", DESCRIPTION_FIT),  # a role in one paper's set-up
        ("input sentence", "input sentences", DESCRIPTION_FIT),
        ("privacy concern", "privacy concerns", DESCRIPTION_FIT),  # a need or a worry
        ("performance gap", "performance gap", DESCRIPTION_FIT),
        ("learning for", "learning for", BROKEN_FIT),  # cut off after a function word
        ("class imbalance", "class imbalance", 1.0),
        ("external context", "external contexts", DESCRIPTION_FIT),  # a subject-matter head (issue 17: generic)
    ],
)
def test_concept_fit(key, form, fit):
    assert concept_fit(key, [form]) == fit


# ---- the build: generic one-paper entities fall below the cut, named ones stay, nothing is lost ----

TITLE = "TidalNet: Combining Machine Learning with tide gauges"
ABSTRACT = [
    "We propose TidalNet, a network for tide forecasting, and train it with Barlow Twins and LoRA.",
    "Conditional random fields smooth the output, while automated tools and a Python library prepare data.",
    "The DNN solution reports SSIM gains over GAN outputs, and rigorous solutions follow.",
    "We evaluate on CAL500 and on downscaled WSIs, where slow convergence appears.",
]


def _corpus():
    sentences = [TITLE, *ABSTRACT]
    spec = [
        (METHOD, "tidalnet", "TidalNet", 0, "proposes"),
        (METHOD, "combining machine learning", "Combining Machine Learning", 0, None),
        (METHOD, "tidalnet", "TidalNet", 1, "proposes"),
        (METHOD, "barlow twin", "Barlow Twins", 1, None),
        (METHOD, "lora", "LoRA", 1, None),
        (METHOD, "conditional random field", "Conditional random fields", 2, None),
        (METHOD, "automated tool", "automated tools", 2, None),
        (METHOD, "python library", "Python library", 2, None),
        (METHOD, "dnn solution", "DNN solution", 3, None),
        (METHOD, "ssim gain", "SSIM gains", 3, None),
        (METHOD, "gan output", "GAN outputs", 3, None),
        (METHOD, "rigorous solution", "rigorous solutions", 3, None),
        (DATASET, "cal500", "CAL500", 4, None),
        (DATASET, "downscaled wsi", "downscaled WSIs", 4, None),
    ]
    mentions = [
        Mention(label=lab, key=key, text=text, start=0, end=len(text), sentence=s, role=role, confidence=0.8)
        for lab, key, text, s, role in spec
    ]
    paper = Paper(id="p1", title=TITLE, abstract=" ".join(ABSTRACT))
    return [paper], {"p1": Extraction("p1", sentences=sentences, mentions=mentions)}


def test_generic_one_paper_entities_fall_below_the_cut_named_ones_stay_and_every_fact_is_kept():
    papers, records = _corpus()
    G = build_graph(papers, records)
    quality = {d["key"]: d["quality"] for _, d in G.nodes(data=True) if d.get("label") in (METHOD, DATASET, CONCEPT)}
    for named in ("tidalnet", "lora", "conditional random field", "cal500"):
        assert quality[named] >= DEFAULT_MIN_QUALITY, named
    generic = ("combining machine learning", "rigorous solution", "downscaled wsi", "automated tool", "dnn solution")
    for key in (*generic, "ssim gain", "gan output", "python library"):
        assert quality[key] < DEFAULT_MIN_QUALITY, key
    # every entity the build made is still linked to the paper: only quality changed
    linked = {G.nodes[v]["key"] for _, v in G.out_edges(node_id(PAPER, "p1"))}
    assert set(quality) <= linked


@pytest.mark.parametrize("form", ["method ARA", "model QR-MIX", "network named TransBTS"])
def test_a_generic_head_before_a_name_is_a_cut_span(form):
    key = form.lower().replace("-", " ")
    assert method_fit(key, [form]) == BROKEN_FIT
    assert method_fit("model predictive control", ["model predictive control"]) > BROKEN_FIT


@pytest.mark.parametrize(
    "key, form",
    [
        ("automated tool", "automated tools"),  # a participle opening, a generic head
        ("python library", "Python library"),  # a language is no name of a method
    ],
)
def test_a_generic_head_after_empty_words_is_a_description_papers_never_raise(key, form):
    assert method_fit(key, [form]) == OTHER_HEAD_FIT
