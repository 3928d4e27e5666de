"""A Method in a field the span model never saw shows it is a technique, or the views hide it (issue 17,
kg.build.technique); section headings and substances given are no Methods (kg.build.field_sense). Every name
and sentence below is invented; each rule has its counter-case, and a corpus of the span model's own field
keeps its Methods as before."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph
from kg.build.field_sense import domain_objects, heading, object_vote
from kg.build.pipeline import same_graph
from kg.build.technique import TECHNIQUE, evidence, technique_named, technique_vote, trusted_methods
from kg.core.papers import Paper
from queries.schema import DATASET, METHOD, node_id
from tests.fixtures.curation import columnar_of, shown


@pytest.mark.parametrize(
    "key, forms",
    [
        ("kelp binding assay", ["kelp binding assay"]),  # a technique head of a science
        ("reef chromatography", ["reef chromatography"]),  # an ending: -graphy, -scopy, -metry, -ectomy, -therapy
        ("kelpectomy", ["kelpectomy"]),
        ("tidal immunotherapy", ["tidal immunotherapy"]),
        ("zap", ["ZAP", "zonal amplification PCR"]),  # an acronym whose long form is headed by a technique
        ("reefscan", ["ReefScan"]),  # two capitalised parts joined: a tool's name
        ("kelp mixed model", ["kelp mixed model"]),  # a method head
        ("deep capsule network", ["deep capsule network"]),  # a model family at the end
    ],
)
def test_a_name_that_says_it_is_a_technique(key, forms):
    assert technique_named(key, forms)


@pytest.mark.parametrize(
    "key, forms",
    [
        ("cd77", ["CD77"]),  # a symbol
        ("quorbic acid", ["QA", "quorbic acid"]),  # a substance with its acronym
        ("grok7", ["GroK7"]),  # a protein's symbol, one lower-case letter between capitals
        ("circkelp2", ["circKELP2"]),  # a prefix before a symbol
        ("kelp signalling", ["kelp signalling"]),  # a process of a cell, not a procedure
        ("reef grower network", ["Reef Growers Network"]),  # an organisation's network
        ("zap3 variant", ["ZAP3 variant"]),  # a genetic variant
        ("analysis", ["analysis"]),  # a technique head alone names none
    ],
)
def test_a_name_that_does_not(key, forms):
    assert not technique_named(key, forms)


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("Serum quorbin was measured by ZAPSCAN in all wards.", "ZAPSCAN"),
        ("We sorted the cells using KelpSort.", "KelpSort"),
        ("All twelve patients underwent TRX before discharge.", "TRX"),
        ("Then TRX was performed under local anaesthesia.", "TRX"),
        ("The ZAP assay found no trace of it.", "ZAP"),
        ("Tidal volume was scored with the help of ReefQ.", "ReefQ"),
    ],
)
def test_a_sentence_that_uses_a_name_as_a_technique(sentence, text):
    assert technique_vote(sentence, text) == TECHNIQUE
    assert evidence(sentence, text, None) == TECHNIQUE


@pytest.mark.parametrize(
    "sentence, text, type_vote",
    [
        ("Rats were treated with QX9 for a week.", "QX9", None),  # a drug given
        ("CD77 rose in the kelp group.", "CD77", None),  # nothing said of a technique
        ("Uptake was higher than QX9.", "QX9", METHOD),  # a comparison of quantities
        ("Two variants, ZAP3 and ZAP4, were cloned.", "ZAP3", METHOD),  # a genetic variant
        ("The quorbin system (QBS) protects the cell.", "QBS", METHOD),  # a system of the cell
    ],
)
def test_a_sentence_that_shows_no_technique(sentence, text, type_vote):
    assert evidence(sentence, text, type_vote) is None


def test_a_method_vote_of_the_span_models_own_kind_is_evidence():
    assert evidence("ReefDet outperforms both baselines.", "ReefDet", METHOD) == TECHNIQUE


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("Rats were treated with QX9 for a week.", "QX9"),
        ("Each mouse got quorbin 40 mg per day.", "quorbin"),
        ("We studied QX9-induced damage of the liver.", "QX9"),
        ("The exposure to quorbin lasted an hour.", "quorbin"),
        ("HEK7 cells were grown for two days.", "HEK7"),  # a cell line (a symbol before "cells")
        ("SOD7 activity fell in the treated group.", "SOD7"),
    ],
)
def test_a_substance_given_or_measured_is_an_object(sentence, text):
    assert object_vote(text.lower(), text, sentence) == "object"


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("Tumours were treated with kelp radiotherapy.", "kelp radiotherapy"),  # a technique given
        ("The kelp encoder cells were pruned.", "kelp encoder"),  # "cells" after a phrase, not a symbol
        ("Verbal scores were read by the KelpQ test.", "KelpQ"),
    ],
)
def test_a_technique_given_is_no_object(sentence, text):
    assert object_vote(text.lower(), text, sentence) is None


@pytest.mark.parametrize(
    "sentence, text, at, expected",
    [
        ("METHODS: We enrolled forty adults.", "METHODS", 0, True),
        ("METHODS:", "METHODS", 0, True),  # the splitter left the heading alone
        ("Main outcome measures: weight and height.", "Main outcome measures", 0, True),
        ("SHORE: Better Kelp Detection with Less Data", "SHORE", 0, False),  # a title in title case
        ("ReefNet: a model of reefs", "ReefNet", 0, False),  # a name, no everyday word
        ("We list the METHODS: none", "METHODS", 12, False),  # not at the start
    ],
)
def test_a_section_heading(sentence, text, at, expected):
    assert heading(text, sentence, at) is expected


def test_a_heading_is_dropped_unless_a_paper_proposes_the_name():
    votes = {"method": Counter({"heading": 3}), "shore": Counter({"heading": 1})}
    forms = {"method": Counter({"METHODS": 3}), "shore": Counter({"SHORE": 2})}
    assert domain_objects(votes, forms, proposed={"shore"}) == {"method"}


def _names(n: int, shape: str) -> dict[str, str]:
    return {shape.format(i=i).lower(): shape.format(i=i) for i in range(n)}


def test_the_share_of_named_techniques_tells_the_fields_apart():
    symbols = _names(60, "GX{i}")
    tools = _names(40, "ReefTool{i}")
    forms = {k: Counter({t: 1}) for k, t in {**symbols, **tools}.items()}
    labels = dict.fromkeys(forms, METHOD)
    assert trusted_methods(forms, labels)  # 40 of 100 name a technique: the span model's own field
    only_symbols = {k: forms[k] for k in symbols}
    assert not trusted_methods(only_symbols, dict.fromkeys(only_symbols, METHOD))
    assert trusted_methods({k: only_symbols[k] for k in list(symbols)[:10]}, labels)  # too few to tell


def _mention(label: str, text: str, sentence: int, key: str | None = None) -> Mention:
    return Mention(label=label, key=key or text.lower(), text=text, start=0, end=len(text), sentence=sentence)


def _corpus(tools: int) -> tuple[list[Paper], dict[str, Extraction]]:
    """Sixty invented clinical abstracts, each naming a symbol the span model typed Method ("GX7 rose"), the
    first ten also "CD77", the first three also a technique ("measured by ZAPSCAN"), a database ("the KELPBASE database") and a heading;
    one paper proposes "Open shore" in a title cut at its colon; ``tools`` more papers name a tool of two joined parts ("ReefTool7 outperforms"): with forty of them the
    corpus is of the span model's own field."""
    papers, records = [], {}
    for i in range(60 + tools):
        pid = f"p{i:03d}"
        if i < 60:
            sentences = [
                f"Kelp diet trial {i}",
                "METHODS:",
                f"GX{i} and CD77 rose in the kelp group.",
                "Serum quorbin was measured by ZAPSCAN.",
                "Records came from the KELPBASE database.",
            ]
            mentions = [_mention(METHOD, "METHODS", 1, "method"), _mention(METHOD, f"GX{i}", 2)]
            if i < 10:
                mentions.append(_mention(METHOD, "CD77", 2))
            if i < 3:
                mentions += [_mention(METHOD, "ZAPSCAN", 3), _mention(DATASET, "KELPBASE", 4)]
        else:
            sentences = [f"Reef study {i}", f"ReefTool{i} outperforms the older tool."]
            mentions = [_mention(METHOD, f"ReefTool{i}", 1)]
        papers.append(Paper(id=pid, title=sentences[0], abstract=" ".join(sentences[1:])))
        records[pid] = Extraction(pid, sentences=sentences, mentions=mentions)
    # a title the splitter cut at its colon, naming what the paper proposes: no heading
    sentences = ["Open shore:", "a kelp survey protocol.", "We propose Open shore for kelp farms."]
    proposal = Mention(label=METHOD, key="open shore", text="Open shore", start=11, end=21, sentence=2, role="proposes")
    papers.append(Paper(id="p-shore", title="Open shore: a kelp survey protocol.", abstract=sentences[2]))
    records["p-shore"] = Extraction(
        "p-shore", sentences=sentences, mentions=[_mention(METHOD, "Open shore", 0), proposal]
    )
    return papers, records


def test_in_another_field_a_method_needs_evidence_and_headings_go():
    papers, records = _corpus(tools=0)
    G = build_graph(papers, records)
    assert shown(G, METHOD, "zapscan")  # measured by it
    assert shown(G, DATASET, "kelpbase")  # "the KELPBASE database"
    assert node_id(METHOD, "cd77") in G and not shown(G, METHOD, "cd77")  # kept on its papers' cards, not shown
    assert G.has_edge(node_id("Paper", "p000"), node_id(METHOD, "cd77"))
    assert node_id(METHOD, "method") not in G  # a section heading is no entity
    shore = node_id(METHOD, "open shore")
    assert shore in G  # a proposed name before a colon is no heading
    assert not shown(G, METHOD, "open shore")  # nor, proposed without evidence of a technique, shown here
    assert any(d["type"] == "PROPOSES" for d in G.get_edge_data(node_id("Paper", "p-shore"), shore).values())


def test_in_the_span_models_own_field_nothing_changes():
    papers, records = _corpus(tools=40)
    G = build_graph(papers, records)
    assert shown(G, METHOD, "cd77")  # ten papers name it: a corpus of this field keeps the old decision
    assert node_id(METHOD, "method") not in G  # a heading is no entity in any field


@pytest.mark.parametrize("tools", [0, 40])
def test_the_columnar_build_decides_the_same(tmp_path, tools):
    papers, records = _corpus(tools)
    assert same_graph(build_graph(papers, records), columnar_of(papers, records, tmp_path))
