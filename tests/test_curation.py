"""Corpus-level curation (kg.build.curation) and termhood (kg.build.termhood): types a researcher agrees with."""

from collections import Counter

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph
from kg.build.curation import curate, is_model_family, residue
from kg.build.termhood import pair_counts, relevance, specificity
from kg.core.papers import Paper
from queries.schema import CONCEPT, DATASET, METHOD, METRIC, TASK, node_id


@pytest.mark.parametrize(
    "key, label, forms, expected",
    [
        ("resnet34", DATASET, ["ResNet34"], ("resnet34", METHOD)),
        ("vgg19", DATASET, ["VGG19"], ("vgg19", METHOD)),
        ("densenet121", DATASET, ["DenseNet121"], ("densenet121", METHOD)),
        ("citeseer", METHOD, ["Citeseer"], ("citeseer", DATASET)),
        ("pubmed", METHOD, ["Pubmed"], ("pubmed", DATASET)),
        ("ogb", METHOD, ["OGB"], ("ogb", DATASET)),
        ("ms coco", DATASET, ["MS COCO"], ("coco", DATASET)),
        ("mscoco", DATASET, ["MSCOCO"], ("coco", DATASET)),
        (
            "general language understanding evaluation",
            DATASET,
            ["General Language Understanding Evaluation"],
            ("glue", DATASET),
        ),
        ("stanford question answering", DATASET, ["Stanford Question Answering"], ("squad", DATASET)),
        ("high accuracy", METRIC, ["high accuracy"], ("accuracy", METRIC)),
        ("model accuracy", METRIC, ["model's accuracy"], ("accuracy", METRIC)),
        ("top1 accuracy", METRIC, ["top-1 accuracy"], ("top1 accuracy", METRIC)),
        ("area under the curve", CONCEPT, ["area under the curve"], ("auc", METRIC)),
        ("f1", METHOD, ["F1"], ("f1", METRIC)),
        ("invariance", CONCEPT, ["invariance"], ("invariance", CONCEPT)),
        ("label noise", CONCEPT, ["label noise"], ("label noise", CONCEPT)),
        ("eeg", METHOD, ["EEG"], ("eeg", CONCEPT)),
        ("electroencephalogram", CONCEPT, ["electroencephalogram"], ("eeg", CONCEPT)),
        ("eeg signal", CONCEPT, ["EEG signals"], ("eeg", CONCEPT)),
        ("image classification task", TASK, ["image classification tasks"], ("image classification", TASK)),
        ("semantic segmentation", CONCEPT, ["semantic segmentation"], ("semantic segmentation", TASK)),
        ("semi supervised learning", TASK, ["semi-supervised learning"], ("semi supervised learning", METHOD)),
        ("labelme data", DATASET, ["LabelMe data"], ("labelme", DATASET)),
        ("dimension reduction", CONCEPT, ["dimension reduction"], ("dimensionality reduction", TASK)),
        ("ood detection", TASK, ["OOD detection"], ("out of distribution detection", TASK)),
        ("fine tuning", CONCEPT, ["fine-tuning"], ("fine tuning", METHOD)),
        ("gradient descent", CONCEPT, ["gradient descent"], ("gradient descent", METHOD)),
        ("continual learning", METHOD, ["continual learning"], ("continual learning", TASK)),
        ("phrase based translation", TASK, ["phrase-based translation"], ("phrase based translation", METHOD)),
        ("robustness", CONCEPT, ["robustness"], ("robustness", CONCEPT)),
        ("robustness", METRIC, ["robustness"], ("robustness", CONCEPT)),
        ("mwe database", DATASET, ["MWE database"], ("mwe database", DATASET)),
        (
            "developed large czech mwe database",
            DATASET,
            ["developed large Czech MWE database"],
            ("czech mwe database", DATASET),
        ),
        ("imagenet 256times256", DATASET, ["ImageNet 256times256"], ("imagenet", DATASET)),
        ("transformer model", METHOD, ["transformer models"], ("transformer", METHOD)),
    ],
)
def test_curation_types_names_by_what_they_are(key, label, forms, expected):
    assert curate(key, label, forms) == expected


@pytest.mark.parametrize(
    "key, label, forms",
    [
        ("benchmark dataset", DATASET, ["benchmark datasets"]),
        ("large corpus", DATASET, ["large corpus"]),
        ("collection", DATASET, ["collection"]),
        ("annotated", DATASET, ["Annotated"]),
        ("english", METHOD, ["ENGLISH"]),
        ("arabic", METHOD, ["ARABIC"]),
        ("iwslt", METHOD, ["IWSLT"]),
        ("covid19", METHOD, ["COVID-19"]),
        ("palmer et al", METHOD, ["Palmer et al"]),
        ("english german", DATASET, ["English-German"]),
        ("error", METRIC, ["errors"]),
        ("downstream task", TASK, ["downstream tasks"]),
        ("prediction", TASK, ["predictions"]),
        ("neural network", METHOD, ["neural networks"]),
        ("loss function", METHOD, ["loss function"]),
        ("lrb", METHOD, ["-LRB-"]),
        ("s)gd", METHOD, ["S)GD"]),
        ("fold templated piped correction", METHOD, ["-fold Templated Piped Correction"]),
        ("top1", METHOD, ["top-1"]),
        ("id sample", DATASET, ["ID samples"]),
        ("end to end", METHOD, ["End-to-End"]),
        ("collins", METHOD, ["Collins"]),
        ("korean to english", METHOD, ["Korean-to-English"]),
        ("nlp system", METHOD, ["NLP system"]),
        ("models prediction", TASK, ["models' predictions"]),
        ("scalability", CONCEPT, ["scalability"]),
        ("heterogeneity", CONCEPT, ["heterogeneity"]),
        ("lincoln csr system", DATASET, ["Lincoln CSR system"]),
        ("cifar10 100", DATASET, ["CIFAR-10/100"]),
        ("mt system", METHOD, ["MT system"]),
        ("alignment technique", METHOD, ["alignment techniques"]),
    ],
)
def test_curation_drops_what_is_no_entity(key, label, forms):
    assert curate(key, label, forms) is None


@pytest.mark.parametrize(
    "key, forms",
    [
        ("attention score", ["attention scores"]),
        ("activation map", ["activation maps"]),
        ("confidence score", ["confidence scores"]),
    ],
)
def test_scores_and_maps_a_model_produces_are_not_metrics(key, forms):
    decided = curate(key, METRIC, forms)
    assert decided is None or decided[1] != METRIC


@pytest.mark.parametrize("word", ["context", "quality", "word", "user", "year", "knowledge", "complexity", "language"])
def test_generic_single_nouns_are_never_concepts(word):
    assert curate(word, CONCEPT, [word]) is None


def test_an_english_word_is_a_dataset_only_when_written_as_a_name():
    assert curate("race", DATASET, ["race"]) is None
    assert curate("race", DATASET, ["RACE"]) == ("race", DATASET)


@pytest.mark.parametrize(
    "key, forms",
    [("map", ["maps", "map"]), ("semantic map", ["Semantic Maps"]), ("meteor", ["meteors"]), ("spice", ["spice"])],
)
def test_an_everyday_word_spelt_like_a_capitalised_metric_is_no_metric(key, forms):
    decided = curate(key, METRIC, forms)
    assert decided is None or decided[1] != METRIC


def test_a_capitalised_metric_and_a_lower_case_one_stay_metrics():
    assert curate("map", METRIC, ["mAP"]) == ("map", METRIC)
    assert curate("meteor", CONCEPT, ["METEOR"]) == ("meteor", METRIC)
    assert curate("precision", METRIC, ["precision"]) == ("precision", METRIC)
    assert curate("flop", METRIC, ["flops"]) == ("flop", METRIC)


def test_model_families_take_versions_and_sizes_not_other_words():
    assert is_model_family("gpt4") and is_model_family("t5 large") and is_model_family("yolov3")
    assert not is_model_family("bertology") and not is_model_family("resnet block design")


def test_residue_needs_balanced_brackets_and_letters():
    assert residue("1 2", ["(1, 2)"]) and residue("x", ["x^{2}"])
    assert not residue("bert", ["BERT (base)"])


def test_specificity_falls_with_general_english_frequency():
    assert specificity("invariance") == 1.0 > specificity("structure") > 0.0
    assert specificity("catastrophic forgetting") == 1.0


def test_relevance_prefers_terms_whose_cooccurrences_concentrate():
    """ "graph sparsification" appears with the graph terms only, "evaluation protocol" with
    everything: at equal frequency the first is the more relevant term."""
    ep: dict[str, list[str]] = {f"topic{t}": [] for t in range(6)}
    ep["graph sparsification"], ep["evaluation protocol"] = [], []
    for i in range(60):
        pid = f"p{i}"
        ep[f"topic{i % 6}"].append(pid)
        if i % 6 == 0 and i < 60:
            ep["graph sparsification"].append(pid)
        if i % 6 == (i // 6) % 6:
            ep["evaluation protocol"].append(pid)
    scored = ["graph sparsification", "evaluation protocol"]
    rel = relevance(ep, pair_counts(ep), scored, prior=1.0)
    assert rel["graph sparsification"] > rel["evaluation protocol"]


def _mention(label, key, text):
    return Mention(label=label, key=key, text=text, start=0, end=len(text), sentence=0)


def test_build_stores_relevance_on_concepts_and_tasks_and_merges_spellings():
    papers = [Paper(id=f"p{i}", title=f"Paper {i}", abstract="...") for i in range(4)]
    records = {
        p.id: Extraction(
            p.id,
            sentences=["s"],
            mentions=[
                _mention(CONCEPT, "label noise", "label noise"),
                _mention(TASK, "semantic segmentation", "semantic segmentation"),
                _mention(DATASET, "ms coco" if i % 2 else "coco", "MS COCO" if i % 2 else "COCO"),
                _mention(METRIC, "high accuracy", "high accuracy"),
            ],
        )
        for i, p in enumerate(papers)
    }
    G = build_graph(papers, records)
    assert 0.0 < G.nodes[node_id(CONCEPT, "label noise")]["relevance"] <= 1.0
    assert "relevance" in G.nodes[node_id(TASK, "semantic segmentation")]
    assert G.nodes[node_id(DATASET, "coco")]["papers"] == 4 and G.nodes[node_id(DATASET, "coco")]["name"] == "COCO"
    assert node_id(METRIC, "accuracy") in G and node_id(METRIC, "high accuracy") not in G
    assert "relevance" not in G.nodes[node_id(DATASET, "coco")]
    assert Counter(d["label"] for _, d in G.nodes(data=True))["Metric"] == 1


def test_an_everyday_word_spelt_like_a_capitalised_metric_is_no_mention_of_it(extractor):
    rec = extractor.extract(
        "Tide Charts from Buoy Logs",
        "We draw a tide map for every harbour; each map is smooth and monotone. "
        "Our tide chart detector reaches 41.2 mAP on the HarbourCharts benchmark.",
    )
    metric_texts = {m.text for m in rec.mentions if m.key == "map"}
    assert metric_texts == {"mAP"}
