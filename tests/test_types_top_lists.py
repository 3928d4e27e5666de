"""Tasks and things of the wrong type in the top lists: rules on the name's shape and head, each with its
counter-case (invented names; a shipped gazetteer's own entry where the rule reads one)."""

from __future__ import annotations

from extract.normalise import canonical_key
from kg.build.builder import closed_chains
from kg.build.curation import curate, is_model_family
from kg.build.entity_quality import BROKEN_FIT, DESCRIPTION_FIT, concept_fit, method_fit, raised_by_papers
from queries.schema import CONCEPT, DATASET, METHOD, TASK


def test_a_one_word_listed_activity_typed_concept_is_a_task():
    # "lipreading" is an activity Papers with Code lists; a listed state in -tion stays a Concept
    assert curate("lipreading", CONCEPT, ["lipreading"]) == ("lipreading", TASK)
    assert curate("hallucination", CONCEPT, ["hallucination"]) == ("hallucination", CONCEPT)


def test_a_data_structure_typed_method_is_a_concept():
    assert curate("reef knowledge graph", METHOD, ["reef knowledge graphs"]) == ("reef knowledge graph", CONCEPT)
    assert curate("reef graph network", METHOD, ["reef graph networks"])[1] == METHOD


def test_a_model_family_written_with_its_parts_joined():
    assert is_model_family("mask rcnn")  # "Mask-RCNN" is the family "mask r cnn"
    assert curate("mask rcnn", DATASET, ["Mask-RCNN"]) == ("mask rcnn", METHOD)
    assert not is_model_family("kelp rcnn")


def test_a_dataset_named_by_a_listed_task_with_a_modifier_is_the_task():
    # "a nocturnal sound event detection (NSED) dataset": the task's name, in lower case
    assert curate("nocturnal sound event detection", DATASET, ["nocturnal sound event detection", "NSED"]) == (
        "nocturnal sound event detection",
        TASK,
    )
    # a title-cased name is a name ("Reef Sound Event Detection")
    assert curate("reef sound event detection", DATASET, ["Reef Sound Event Detection"]) != (
        "reef sound event detection",
        TASK,
    )


def test_subject_matter_and_amounts_of_a_resource_are_descriptions():
    for key, form in [
        ("kelp topic", "kelp topics"),
        ("reef context", "reef context"),
        ("memory usage", "memory usage"),
    ]:
        assert concept_fit(key, [form]) == DESCRIPTION_FIT, key
        assert not raised_by_papers(key, [form]), key
    # "expressive power": power not of a resource; "kelp memory": no amount
    assert concept_fit("expressive power", ["expressive power"]) == 1.0
    assert concept_fit("kelp memory", ["kelp memory"]) == 1.0


def test_a_property_written_as_one_adjective_is_no_method():
    for form in ("QX-hard", "QX-complete", "PAC-Reefian", "low-salinity"):
        assert method_fit(canonical_key(form), [form]) == BROKEN_FIT, form
    assert method_fit("low salinity", ["LS", "low-salinity"]) == BROKEN_FIT  # the acronym's long form says it
    for form in ("Kelp-Critic", "KelpNet-base", "Fast-KRCNN"):
        assert method_fit(canonical_key(form), [form]) > BROKEN_FIT, form


def test_canonical_key_keeps_a_bracket_the_token_opens():
    assert canonical_key("SO(3)-equivariant kelp nets") == "so(3) equivariant kelp net"
    assert canonical_key("(kelp nets)") == "kelp net"


def test_curated_alias_chains_close():
    assert closed_chains({"a": ("b", METHOD), "b": ("c", METHOD), "c": ("c", METHOD)})["a"] == ("c", METHOD)
    assert closed_chains({"a": ("b", METHOD), "b": ("a", METHOD)}) == {"a": ("a", METHOD), "b": ("b", METHOD)}
