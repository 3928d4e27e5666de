"""Method-typed names that are problems, fields or measures (issue 17), and the Methods that must stay."""

from collections import Counter

import pytest

from kg.build.builder import curate_from_forms
from kg.build.curation import curate
from queries.schema import CONCEPT, METHOD, METRIC, TASK


@pytest.mark.parametrize(
    ("key", "forms", "expected"),
    [
        ("image denoising", ["image de-noising"], ("image denoising", TASK)),
        ("denoising", ["denoising"], ("denoising", TASK)),
        ("out of distribution generalization", ["out-of-distribution generalization"], None),
        ("data visualization", ["data visualization"], ("data visualization", TASK)),
        ("proximity sensing", ["proximity sensing"], ("proximity sensing", TASK)),
        ("voice activity detection", ["voice activity detection"], ("voice activity detection", TASK)),
        ("node representation learning", ["node representation learning"], ("node representation learning", TASK)),
        ("multi label learning", ["Multi-label Learning"], ("multi label learning", TASK)),
        ("partial label learning", ["partial-label learning"], ("partial label learning", TASK)),
    ],
)
def test_a_method_that_names_a_problem_is_a_task(key, forms, expected):
    got = curate(key, METHOD, forms)
    if expected is None:  # the type is what matters; the key may be the task's
        assert got is not None and got[1] == TASK
    else:
        assert got == expected


@pytest.mark.parametrize(
    ("key", "forms"),
    [
        ("bayesian optimization", ["Bayesian optimization"]),
        ("matrix factorization", ["matrix factorization"]),
        ("knowledge distillation", ["knowledge distillation"]),
        ("data augmentation", ["data augmentation"]),
        ("beam search", ["beam search"]),
        ("spectral clustering", ["spectral clustering"]),
        ("kernel density estimation", ["Kernel Density Estimation"]),
        ("snake based segmentation", ["snake-based segmentation"]),
        ("neural semantic parsing", ["neural semantic parsing"]),
        ("contrastive learning", ["contrastive learning"]),
        ("federated learning", ["federated learning"]),
        ("mixed precision", ["mixed precision"]),
    ],
)
def test_ambiguous_heads_and_learning_techniques_stay_methods(key, forms):
    assert curate(key, METHOD, forms) == (key, METHOD)


def test_a_named_method_with_a_task_head_stays_a_method():
    # a name token ("SIFA", "CTC") says somebody's method, whatever the head
    assert curate("relational captioning", METHOD, ["RelCap", "relational captioning"]) == (
        "relational captioning",
        METHOD,
    )
    assert curate("relational captioning", METHOD, ["relational captioning"]) == ("relational captioning", TASK)


@pytest.mark.parametrize(("key", "forms"), [("pass@1", ["pass@1"]), ("mask ap", ["mask AP"])])
def test_a_measure_typed_method_is_a_metric(key, forms):
    got = curate(key, METHOD, forms)
    assert got is not None and got[1] == METRIC


def test_an_acronym_takes_the_type_of_the_task_it_abbreviates():
    labels = {"image denoising": METHOD, "imd": METHOD, "dropout": METHOD}
    forms = {
        "image denoising": Counter({"image denoising": 2}),
        "imd": Counter({"IMD": 1}),
        "dropout": Counter({"dropout": 1}),
    }
    out = curate_from_forms(set(labels), labels, forms, {"image denoising": {"imd"}})
    assert out["image denoising"] == ("image denoising", TASK)
    assert out["imd"] == ("imd", TASK)
    assert out["dropout"] == ("dropout", METHOD)


@pytest.mark.parametrize("key", ["learning theory", "information theory", "statistical learning theory"])
def test_a_theory_typed_method_is_a_concept(key):
    assert curate(key, METHOD, [key]) == (key, "Concept")


@pytest.mark.parametrize("key", ["slot filling", "speaker diarization", "keyword spotting"])
def test_a_concept_papers_with_code_lists_as_a_task_with_an_action_head_is_a_task(key):
    assert curate(key, CONCEPT, [key]) == (key, TASK)


@pytest.mark.parametrize(
    "key",
    [
        "graph embedding",  # listed, but its head names a thing
        "reef filling",  # an action, but no task the list knows
        "imputation",  # one word: the rule needs a phrase
    ],
)
def test_other_concepts_stay_concepts(key):
    assert curate(key, CONCEPT, [key]) != (key, TASK)


@pytest.mark.parametrize(
    ("key", "form"),
    [("visual question answering", "Visual Question Answering (VQA)"), ("fact checking", "fact checking")],
)
def test_a_method_papers_with_code_lists_as_a_task_with_an_action_head_is_a_task_even_with_an_acronym(key, form):
    assert curate(key, METHOD, [form]) == (key, TASK)


@pytest.mark.parametrize("key", ["knowledge distillation", "data augmentation"])
def test_a_listed_technique_typed_method_stays_a_method(key):
    assert curate(key, METHOD, [key]) == (key, METHOD)


@pytest.mark.parametrize("key", ["graph attention", "syntax representation"])
def test_a_listed_phrase_headed_by_a_mechanism_is_no_task(key):
    """'attention', 'representation': a -tion word that names a thing, not an action (both listed as tasks)."""
    assert curate(key, METHOD, [key]) != (key, TASK)
