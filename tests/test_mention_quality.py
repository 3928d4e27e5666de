"""Per-mention quality and name merging (issue 17, items 2 and 3), on abstracts written for these tests.

Each rule and each merge has its own case, including the wrong merges seen on real corpora
("% mAP" → maximum a posteriori, "KITTI and NuScenes datasets" → KITTI, "CNNs and support vector
machine classifiers" → SVM, "data augmentation (DAGA)"). Graph cases are built with every fact
kept (no paper or relevance threshold), so only the per-mention decisions and merges are tested.
"""

from __future__ import annotations

import pytest

from extract.components.mention_quality import GENERIC_CAP, unbalanced
from extract.normalise import canonical_key
from extract.record import MIN_NODE_CONFIDENCE
from kg.build.builder import build_graph
from kg.build.config import BuildConfig
from kg.core.papers import Paper
from queries.schema import CONCEPT, DATASET, METHOD, PAPER, TASK

GENERIC = (
    "We propose a scalable, flexible and general framework for parsing. Classical approaches and convolutional "
    "models fail, and a representative approach is slow. We release a Python library and automated tools, a "
    "plug-and-play module and a parameter-efficient solution. A systematic end-to-end study shows that rigorous "
    "solutions and a DNN solution are needed. GraphFlow improves accuracy with an attention mechanism."
)
AGENTS = (
    "Annotators from translation firms labelled the corpus at the University of California Riverside. Compilers "
    "were used. We participate in SemEval-2020 Task 1 on lexical semantic change detection."
)
BROKEN = (
    "The shared task has three parts: offensive language identification (subtask A), categorization of offense "
    "types (subtask B), and offense target identification (subtask C). Our model uses fully connected layers and "
    "regularization such as Dropout or weight decay. We report SSIM gains and inspect GAN outputs."
)
DATASETS = (
    "We release a large-scale human-annotated Chinese multimodal NER dataset. Prior work used nested NER datasets "
    "and the benchmark ATIS dataset. We evaluate on the KITTI and NuScenes datasets. We compare PartialFed and "
    "FedBN. We compare CNNs and support vector machine classifiers (SVM). We apply data augmentation (DAGA) to "
    "tagging. Our model beats LSTM baselines."
)


def nodes_of(extractor, abstract):
    """Direct mentions confident enough to make a node: key -> label."""
    rec = extractor.extract("", abstract)
    return {m.key: m.label for m in rec.mentions if not m.derived and m.confidence >= MIN_NODE_CONFIDENCE}


@pytest.fixture(scope="module")
def generic(extractor):
    return extractor.extract("", GENERIC)


@pytest.mark.parametrize(
    "text",
    [
        "scalable, flexible and general framework",
        "Classical approaches",
        "convolutional models",
        "representative approach",
        "Python library",
        "plug-and-play module",
        "parameter-efficient solution",
        "systematic end-to-end study",
        "rigorous solutions",
    ],
)
def test_a_generic_head_with_adjectives_is_a_span_but_no_node(generic, text):
    found = [m for m in generic.mentions if m.text == text and not m.derived]
    assert found
    assert all(m.confidence <= GENERIC_CAP < MIN_NODE_CONFIDENCE for m in found), found
    assert canonical_key(text) not in {m.key for m in generic.mentions if m.confidence >= MIN_NODE_CONFIDENCE}


def test_names_and_specific_modifiers_keep_their_node(generic):
    kept = {m.key: m for m in generic.mentions if m.confidence >= MIN_NODE_CONFIDENCE and not m.derived}
    assert kept["graphflow"].label == METHOD
    assert kept["dnn"].text == "DNN solution"  # a name before a generic head: the name's node
    assert "attention" in kept  # "attention mechanism": a noun modifier that is not everyday English
    assert "automated tool" not in kept


def test_people_organisations_tools_and_campaigns_are_no_entities(extractor):
    keys = nodes_of(extractor, AGENTS)
    for bad in ("annotator", "translation firm", "compiler", "california riverside", "university of california"):
        assert bad not in keys, keys
    assert not [k for k in keys if k.startswith("semeval")], keys
    assert keys.get("lexical semantic change detection") == TASK


def test_broken_strings_are_no_mentions(extractor):
    rec = extractor.extract("", BROKEN)
    texts = [m.text for m in rec.mentions]
    assert not [t for t in texts if unbalanced(t) or t.split()[0].lower() in ("and", "or", "(")], texts
    assert not [t for t in texts if "subtask" in t.lower()], texts
    assert not rec.abbreviations  # "(subtask B), and offense target identification (subtask C)" defines nothing
    keys = {m.key for m in rec.mentions if not m.derived}
    assert "fully connected layer" in keys and "connected layer" not in keys
    assert {"dropout", "weight decay"} <= keys and "dropout or weight decay" not in keys
    assert not {"ssim gain", "gan output"} & keys
    assert {"ssim", "gan"} <= keys  # the names are mentioned on their own


def test_dataset_descriptions_are_no_datasets_but_named_datasets_are(extractor):
    rec = extractor.extract("", DATASETS)
    datasets = {m.key for m in rec.mentions if m.label == DATASET and not m.derived}
    assert "ner" not in datasets and not [k for k in datasets if "ner dataset" in k], datasets
    assert {"atis", "kitti", "nuscene"} <= datasets  # "benchmark ATIS dataset", "KITTI and NuScenes datasets"
    texts = {m.text for m in rec.mentions}
    assert "KITTI and NuScenes datasets" not in texts


def test_coordinated_names_are_split(extractor):
    rec = extractor.extract("", "We compare PartialFed and FedBN on three clients.")
    keys = {m.key for m in rec.mentions if not m.derived}
    assert {"partialfed", "fedbn"} <= keys and "partialfed and fedbn" not in keys


def test_a_definition_after_a_conjunction_starts_after_it(extractor):
    rec = extractor.extract("", DATASETS)
    svm = [m for m in rec.mentions if m.key == rec.abbreviations.get("svm")]
    assert svm and not [m for m in svm if "CNN" in m.text], svm
    assert "cnn" in {m.key for m in rec.mentions}


def test_a_bracketed_method_name_after_a_generic_term_is_no_alias(extractor):
    rec = extractor.extract("", DATASETS)
    assert "daga" not in rec.abbreviations
    daga = [m for m in rec.mentions if m.key == "daga"]
    assert daga and daga[0].label == METHOD
    assert [m for m in rec.mentions if m.key == "data augmentation"]


def test_name_with_generic_head_takes_the_name(extractor):
    keys = nodes_of(extractor, DATASETS)
    assert keys.get("lstm") == METHOD and "lstm baseline" not in keys


# --- merges across papers ---------------------------------------------------------------------------------------


def build(extractor, abstracts: dict[str, str]):
    papers = [Paper(id=pid, title="", abstract=text) for pid, text in abstracts.items()]
    records = {p.id: extractor.extract("", p.abstract, paper_id=p.id) for p in papers}
    return build_graph(papers, records, BuildConfig(min_concept_papers=1, min_entity_papers=1, min_relevance=0))


def entity(G, key):
    found = [(n, d) for n, d in G.nodes(data=True) if d.get("label") != PAPER and d.get("key") == key]
    return found[0] if found else (None, None)


def keys_of(G, label=None):
    return {d["key"] for _, d in G.nodes(data=True) if d.get("label") != PAPER and label in (None, d["label"])}


def test_head_variants_hyphens_and_abbreviations_meet_on_one_node(extractor):
    G = build(
        extractor,
        {
            "a": "We train convolutional neural network models on retinal images.",
            "b": "A convolutional neural network classifies the images well.",
            "c": "We adapt pre-trained language models (PLMs) for retrieval of legal documents.",
            "d": "Pretrained language models help the retrieval of legal documents.",
            "e": "Our multi-task learning model shares an encoder.",
            "f": "Multitask learning with shared encoders is studied.",
        },
    )
    keys = keys_of(G)
    assert "convolutional neural network" in keys and "convolutional neural network model" not in keys
    assert "pretrained language model" in keys and "pre trained language model" not in keys
    _, plm = entity(G, "pretrained language model")
    assert {"PLMs", "Pretrained language models"} <= set(plm["aliases"]) and plm["papers"] == 2
    assert "multitask learning" in keys and "multi task learning" not in keys


def test_an_abbreviation_inside_a_phrase_is_written_out(extractor):
    G = build(
        extractor,
        {
            "a": "We study part-of-speech (POS) tags of Hindi words for part-of-speech tagging.",
            "b": "Part-of-speech tagging of tweets is hard; we improve POS tagging with character models.",
            "c": "POS tagging needs new lexicons for historical texts.",
        },
    )
    keys = keys_of(G)
    assert "pos tagging" not in keys
    _, node = entity(G, "part of speech tagging")
    assert node is not None and node["papers"] == 3


def test_known_synonyms_meet(extractor):
    G = build(
        extractor,
        {
            "a": "Training with noisy labels degrades deep classifiers on medical images.",
            "b": "The label noise in crowdsourced annotations hurts classifiers on medical images.",
            "c": "Distribution shift between hospitals harms the classifiers on medical images.",
            "d": "Distributional shifts between scanners harm the classifiers on medical images.",
        },
    )
    keys = keys_of(G)
    _, noise = entity(G, "label noise")
    assert noise is not None and noise["papers"] == 2 and "noisy label" not in keys
    _, shift = entity(G, "distribution shift")
    assert shift is not None and shift["papers"] == 2 and "distributional shift" not in keys


def test_map_the_metric_is_not_maximum_a_posteriori(extractor):
    G = build(
        extractor,
        {
            "a": "We estimate the weights by maximum a posteriori (MAP) inference in a Bayesian model of traffic.",
            "b": "A maximum a posteriori (MAP) estimate of the road graph is computed from traffic data.",
            "c": "Our detector reaches 41.2 % mAP on the COCO detection benchmark.",
        },
    )
    _, mp = entity(G, "maximum a posteriori")
    assert mp is not None and not [a for a in mp["aliases"] if "mAP" in a] and mp["papers"] == 2
    assert "Paper:c" not in {p for p, _ in G.in_edges(entity(G, "maximum a posteriori")[0])}


def test_coordinated_datasets_are_two_nodes_and_no_alias_of_one(extractor):
    G = build(extractor, {"a": "We evaluate on the KITTI and NuScenes datasets for 3D object detection."})
    datasets = keys_of(G, DATASET)
    assert {"kitti", "nuscene"} <= datasets
    _, kitti = entity(G, "kitti")
    assert not [a for a in kitti["aliases"] if "NuScenes" in a]


def test_cnn_and_svm_stay_apart(extractor):
    G = build(extractor, {"a": "We compare CNNs and support vector machine classifiers (SVM) for spam filtering."})
    svm = [d for _, d in G.nodes(data=True) if "SVM" in (d.get("aliases") or [])]
    assert svm and not [a for a in svm[0]["aliases"] if "CNN" in a]
    assert entity(G, "cnn")[1] is not None


def test_daga_is_no_alias_of_data_augmentation(extractor):
    G = build(
        extractor,
        {
            "a": "We apply data augmentation (DAGA) to low-resource tagging of Hindi words.",
            "b": "Data augmentation improves low-resource tagging of Hindi words.",
        },
    )
    _, aug = entity(G, "data augmentation")
    assert aug is not None and not [a for a in aug["aliases"] if "DAGA" in a]
    assert entity(G, "daga")[1] is not None


def test_generic_phrases_make_no_node_in_the_graph(extractor):
    G = build(extractor, {"a": GENERIC, "b": AGENTS})
    keys = keys_of(G)
    for bad in ("classical approach", "convolutional model", "python library", "rigorous solution", "annotator"):
        assert bad not in keys, sorted(keys)
    assert {d["label"] for _, d in G.nodes(data=True) if d.get("key") == "graphflow"} == {METHOD}
    assert CONCEPT  # the labels used here are the schema's


def test_an_organisation_defined_with_its_abbreviation_is_no_entity(extractor):
    rec = extractor.extract(
        "", "We use bearing data from Case Western Reserve University (CWRU) and train sparse autoencoders (SAEs)."
    )
    keys = {m.key for m in rec.mentions}
    assert not [k for k in keys if "university" in k or "cwru" in k or "reserve" in k], keys
    assert rec.abbreviations == {"sae": "sparse autoencoder"}


def test_a_comparative_is_no_part_of_a_term(extractor):
    rec = extractor.extract("", "Our method gives faster inference speed and lower discourse coherence on news texts.")
    texts = {m.text for m in rec.mentions if not m.derived}
    assert {"inference speed", "discourse coherence"} <= texts
    assert not [t for t in texts if t.split()[0] in ("faster", "lower")], texts


def test_a_mention_too_unsure_for_a_node_still_makes_one_when_the_paper_proposes_it():
    from extract.record import Extraction, Mention
    from kg.build.variants import node_mentions

    unsure = Mention(label="Dataset", key="lint", text="LINT", start=0, end=4, sentence=0, confidence=0.1)
    proposed = Mention(
        label="Dataset", key="lbt", text="LBT", start=5, end=8, sentence=0, role="proposes", confidence=0.1
    )
    rec = Extraction("p", ["LINT LBT"], [unsure, proposed], [], {})
    assert [m.key for m in node_mentions({"p": rec})["p"].mentions] == ["lbt"]


@pytest.mark.parametrize(
    "abstract, names",
    [
        # capitalised names before a shared dataset head: one mention each, never the first name for all
        ("We test our parser on the Ocean Scenes and Reef Shots datasets.", {"ocean scene", "reef shot"}),
        ("Gains hold on the Coral Harbour QA and Kelp Forest QA benchmarks.", {"coral harbour qa", "kelp forest qa"}),
        # a list after "namely," is split at every comma
        (
            "We win on four benchmarks, namely, CoralShots, KelpShots, SeaShots and TideShots.",
            {"coralshot", "kelpshot", "seashot", "tideshot"},
        ),
    ],
)
def test_coordinated_capitalised_names_are_one_mention_each(extractor, abstract, names):
    rec = extractor.extract("", abstract)
    direct = [m for m in rec.mentions if not m.derived]
    assert names <= {m.key for m in direct}, [(m.text, m.key) for m in direct]
    assert not [m for m in direct if " and " in m.text or ", " in m.text], [m.text for m in direct]


def test_coordinated_capitalised_datasets_are_not_merged_into_the_first(extractor):
    G = build(extractor, {"a": "Our tagger improves accuracy on the Ocean Scenes and ReefShots datasets."})
    assert "reefshot" in keys_of(G, DATASET)  # not lost inside "ocean scene"
    merged = [d for _, d in G.nodes(data=True) if [a for a in d.get("aliases") or [] if "Ocean" in a and "Reef" in a]]
    assert not merged


def test_a_description_in_lower_case_before_a_conjunction_stays_whole(extractor):
    rec = extractor.extract("", "We study local and global behavior of the flow.")
    assert "local" not in {m.key for m in rec.mentions if not m.derived}
