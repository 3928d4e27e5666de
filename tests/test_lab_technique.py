"""An imaging, laboratory or clinical technique is a Method whatever the span model typed it (issue 17,
kg.build.lab_technique); what the technique makes stays an object, and a span that lost its "in" of "in situ" or
its word after a dash is no name. Every name and sentence below is invented; each rule has its counter-case."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import _trim, build_graph
from kg.build.curation import curate
from kg.build.entity_quality import DESCRIPTION_FIT, concept_fit, cut_off, method_fit
from kg.build.lab_technique import technique_name
from kg.build.pipeline import same_graph
from kg.build.technique import technique_named
from kg.core.papers import Paper
from queries.schema import CONCEPT, METHOD, node_id
from tests.fixtures.curation import columnar_of, shown


@pytest.mark.parametrize(
    "key, forms",
    [
        ("kelp flow cytometry", ["kelp flow cytometry"]),  # a technique head after a modifier
        ("reef binding assay", ["reef binding assays"]),
        ("tidal resonance imaging", ["tidal resonance imaging"]),
        ("shore radiation therapy", ["shore radiation therapy"]),
        ("kelp examination", ["kelp examination"]),  # a procedure on a patient
        ("reefography", ["reefography"]),  # one word ending as a technique does
        ("kelposcopy", ["kelposcopy"]),
        ("immunofluorescence", ["immunofluorescence"]),  # a technique no ending names
        ("mri", ["MRI"]),  # an imaging acronym written in capitals
        ("fmri", ["fMRI data"]),  # also as the first word of what it makes
        ("magnetic resonance", ["magnetic resonance", "MR"]),
    ],
)
def test_a_technique_name(key, forms):
    assert technique_name(key, forms)
    assert technique_named(key, forms)  # the evidence a Method needs in another field


@pytest.mark.parametrize(
    "key, forms",
    [
        ("mri scan", ["MRI scans"]),  # what the technique makes
        ("kelp image", ["kelp images"]),
        ("assay", ["assay"]),  # a head alone names none
        ("therapy", ["therapy"]),
        ("pet", ["pets"]),  # the acronym must be written in capitals
        ("geography", ["geography"]),  # a field of study that ends so
        ("information geometry", ["information geometry"]),  # a shape of mathematics
        ("cryptography", ["cryptography"]),
        ("risk of kelp surgery", ["risk of kelp surgery"]),  # the head stands before "of"
        ("lack of reef therapy", ["lack of reef therapy"]),
        ("kelp vs reef surgery", ["kelp vs. reef surgery"]),  # two things compared
    ],
)
def test_no_technique_name(key, forms):
    assert not technique_name(key, forms)


@pytest.mark.parametrize(
    "key, label, forms",
    [
        ("kelp flow cytometry", CONCEPT, ["kelp flow cytometry"]),
        ("computed tomography", CONCEPT, ["computed tomography", "CT"]),  # listed a concept (concepts.txt)
        ("mri", CONCEPT, ["MRI"]),
        ("reef binding assay", METHOD, ["reef binding assay"]),
    ],
)
def test_a_technique_is_curated_a_method(key, label, forms):
    assert curate(key, label, forms) == (key, METHOD)


def test_what_a_technique_makes_keeps_its_label():
    assert curate("kelp tissue", CONCEPT, ["kelp tissue"]) == ("kelp tissue", CONCEPT)
    assert method_fit("mri scan", ["MRI scans"]) == 0.4  # an object, as before


@pytest.mark.parametrize(
    "key, forms, fit",
    [
        ("computed tomography", ["computed tomography"], 1.0),  # was an object: an imaging modality
        ("mri", ["MRI"], 1.0),
        ("magnetic resonance", ["MR", "magnetic resonance"], 1.0),  # an acronym's long form names the technique
        ("tidal resonance imaging", ["tidal resonance imaging"], 1.0),  # a concept's tail no longer a formalism
        ("reef migration assay", ["reef migration assays"], 0.6),  # a class of them: a second paper shows it
        ("described kelp assay", ["described kelp assay"], DESCRIPTION_FIT),  # an opening word that reports
    ],
)
def test_the_name_fit_of_a_technique(key, forms, fit):
    assert method_fit(key, forms) == fit


def test_a_span_that_lost_its_in_or_its_word_after_a_dash():
    assert cut_off("situ hybridization") and cut_off("vivo kelp imaging")
    assert not cut_off("kelp hybridization")
    assert method_fit("situ hybridization", ["situ hybridization"]) == 0.3
    assert _trim("MRI-") == "MRI" and _trim("reef-kelp") == "reef-kelp" and _trim("-") == "-"


def test_a_compared_degree_opens_a_description():
    assert concept_fit("greater kelp density", ["greater kelp density"]) == DESCRIPTION_FIT
    assert concept_fit("kelp density", ["kelp density"]) == 1.0


def _mention(label: str, text: str, sentence: int) -> Mention:
    return Mention(label=label, key=text.lower(), text=text, start=0, end=len(text), sentence=sentence)


def _corpus() -> tuple[list[Paper], dict[str, Extraction]]:
    """Sixty invented clinical abstracts, each naming a symbol the span model typed Method ("QX7 rose": a field
    whose Methods need evidence); the first four name "reef cytometry" and "MRI", typed Concept, and "MRI scans"."""
    papers, records = [], {}
    for i in range(60):
        pid = f"p{i:03d}"
        sentences = [f"Kelp diet trial {i}", f"QX{i} rose in the kelp group."]
        mentions = [_mention(METHOD, f"QX{i}", 1)]
        if i < 4:
            sentences += [
                "Cells were sorted by reef cytometry.",
                "All patients had MRI before the trial.",
                "MRI scans were read twice.",
            ]
            mentions += [
                _mention(CONCEPT, "reef cytometry", 2),
                _mention(CONCEPT, "MRI", 3),
                _mention(CONCEPT, "MRI scans", 4),
            ]
        papers.append(Paper(id=pid, title=sentences[0], abstract=" ".join(sentences[1:])))
        records[pid] = Extraction(pid, sentences=sentences, mentions=mentions)
    return papers, records


def test_a_technique_typed_concept_is_a_shown_method_in_another_field():
    papers, records = _corpus()
    G = build_graph(papers, records)
    assert shown(G, METHOD, "reef cytometry") and node_id(CONCEPT, "reef cytometry") not in G
    assert shown(G, METHOD, "mri")
    assert not shown(G, METHOD, "qx0")  # a symbol still needs evidence
    assert G.has_edge(node_id("Paper", "p000"), node_id(METHOD, "mri"))


def test_the_columnar_build_decides_the_same(tmp_path):
    papers, records = _corpus()
    assert same_graph(build_graph(papers, records), columnar_of(papers, records, tmp_path))


def _searched_corpus() -> tuple[list[Paper], dict[str, Extraction]]:
    """Sixty invented clinical abstracts with a symbol typed Method each; the first two search two sources
    typed Method, "ReefScholar" (a name of two joined parts) and "KELPLIT", and use "ReefCount" as a tool."""
    papers, records = [], {}
    for i in range(60):
        pid = f"p{i:03d}"
        sentences = [f"Kelp diet trial {i}", f"QX{i} rose in the kelp group."]
        mentions = [_mention(METHOD, f"QX{i}", 1)]
        if i < 2:
            sentences += [
                "Trials were found by searches using KELPLIT and ReefScholar.",
                "Cells were counted using ReefCount.",
            ]
            mentions += [
                _mention(METHOD, "KELPLIT", 2),
                _mention(METHOD, "ReefScholar", 2),
                _mention(METHOD, "ReefCount", 3),
            ]
        papers.append(Paper(id=pid, title=sentences[0], abstract=" ".join(sentences[1:])))
        records[pid] = Extraction(pid, sentences=sentences, mentions=mentions)
    return papers, records


def test_a_source_searched_is_no_shown_method_in_another_field(tmp_path):
    papers, records = _searched_corpus()
    G = build_graph(papers, records)
    assert not shown(G, METHOD, "reefscholar") and not shown(G, METHOD, "kelplit")
    assert G.has_edge(node_id("Paper", "p000"), node_id(METHOD, "reefscholar"))  # still on its papers' cards
    assert shown(G, METHOD, "reefcount")  # a tool used
    assert same_graph(G, columnar_of(papers, records, tmp_path))


def _fragment_corpus() -> tuple[list[Paper], dict[str, Extraction]]:
    """Four invented abstracts: "tidal killer" is always written before "cells" (a piece of "tidal killer cells"),
    "kelp stress" before different words and once at a sentence's end."""
    papers, records = [], {}
    tails = ["rose.", "fell in the kelp group.", "remains high.", "was measured."]
    for i in range(4):
        pid = f"p{i}"
        sentences = [f"Kelp trial {i}", f"The tidal killer (TK) cells {tails[i]}", f"Kelp stress {tails[i]}"]
        mentions = [_mention(CONCEPT, "tidal killer", 1), _mention(CONCEPT, "Kelp stress", 2)]
        papers.append(Paper(id=pid, title=sentences[0], abstract=" ".join(sentences[1:])))
        records[pid] = Extraction(pid, sentences=sentences, mentions=mentions)
    return papers, records


def test_a_concept_always_written_before_the_same_noun_is_a_fragment(tmp_path):
    from kg.build.fragment_sense import fragment, next_word

    assert next_word("tidal killer", "tidal killer", "The tidal killer (TK) cells rose.") == "cells"
    assert next_word("kelp stress", "kelp stress", "The kelp stress remains high.") is None  # a verb ends it
    assert fragment(Counter({"cells": 4}), 4) and not fragment(Counter({"cells": 1}), 1)
    papers, records = _fragment_corpus()
    G = build_graph(papers, records)
    assert not shown(G, CONCEPT, "tidal killer") and shown(G, CONCEPT, "kelp stress")
    assert G.has_edge(node_id("Paper", "p0"), node_id(CONCEPT, "tidal killer"))  # still on its papers' cards
    assert same_graph(G, columnar_of(papers, records, tmp_path))


@pytest.mark.parametrize(
    "key, label, expected",
    [
        ("kelp matrix factorization", CONCEPT, METHOD),  # a technique of computation by its head
        ("reef value decomposition", CONCEPT, METHOD),
        ("tidal time warping", CONCEPT, METHOD),
        ("kelp vector regression", CONCEPT, METHOD),
        ("decomposition of reef signals", CONCEPT, CONCEPT),  # the head stands before "of": a use, no name
        ("kelp matrix factorization", METHOD, METHOD),
    ],
)
def test_a_technique_of_computation_is_curated_a_method(key, label, expected):
    assert curate(key, label, [key]) == (key, expected)
