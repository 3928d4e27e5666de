"""Claims in the graph (issue 18, deliverable 2): every predicate, merged across papers."""

from __future__ import annotations

import pytest

from extract.labels import CONJUNCTION
from extract.record import Extraction, Mention, Relation
from kg.build.builder import build_graph
from kg.build.claims import claim_votes, claims_from_votes, merge_claims, noisy_or
from kg.core.papers import Paper
from queries.schema import (
    CLAIM_RELS,
    COMPARED_WITH,
    CONCEPT,
    DATASET,
    EVALUATES,
    EXTENDS,
    FEATURE_OF,
    IS_A,
    MAX_EVIDENCE,
    METHOD,
    METRIC,
    OUTPERFORMS,
    PART_OF,
    TASK,
    USED_FOR,
    node_id,
)

#: the entities every fixture paper mentions (sentence 0), so each is kept
ENTITIES = [
    (METHOD, "QuillNet"),
    (METHOD, "BERT"),
    (METHOD, "contrastive learning"),
    (METHOD, "SimCLR"),
    (METHOD, "QuillBlock"),
    (DATASET, "SQuAD"),
    (DATASET, "SQuAD v2"),
    (METRIC, "BLEU"),
    (TASK, "question answering"),
    (CONCEPT, "label noise"),
    (CONCEPT, "robustness"),
    (TASK, "video prediction"),
    (TASK, "semantic parsing"),
    (DATASET, "COGS"),
    (METHOD, "segmentation benchmark"),  # a mislabelled name whose head noun says Dataset
    (METHOD, "XGBoost and LightGBM model"),  # a list taken as one mention
    (METHOD, "graph encoder module"),
]


def record(pid: str, relations: list[tuple], abbreviations: dict | None = None) -> Extraction:
    """A record mentioning :data:`ENTITIES` in sentence 0 and stating ``relations``, each
    ``(type, head, tail, sentence text[, confidence[, source]])`` in a sentence of its own."""
    mentions, sentences, offset = [], ["The entities."], 0
    for label, text in ENTITIES:
        mentions.append(Mention(label, text.lower(), text, offset, offset + len(text), 0))
        offset += len(text) + 1
    rels = []
    for rel in relations:
        rtype, head, tail, sentence, *more = rel
        sentences.append(sentence)
        rels.append(Relation(rtype, head, tail, len(sentences) - 1, *more))
    return Extraction(
        pid, sentences=sentences, mentions=mentions, relations=rels, abbreviations=dict(abbreviations or {})
    )


def graph(*records: Extraction):
    """The graph of ``records`` and one more paper naming every entity (Tasks and Concepts need two)."""
    records = (*records, record("zz", []))
    papers = [Paper(id=r.paper_id, title=f"Paper {r.paper_id}", abstract="...") for r in records]
    return build_graph(papers, {r.paper_id: r for r in records})


def claims_of(G) -> dict:
    return {(u, k, v): d for u, v, k, d in G.edges(keys=True, data=True) if k in CLAIM_RELS}


M, D, ME, T, C = (
    (lambda k: node_id(METHOD, k)),
    (lambda k: node_id(DATASET, k)),
    (lambda k: node_id(METRIC, k)),
    (lambda k: node_id(TASK, k)),
    (lambda k: node_id(CONCEPT, k)),
)


@pytest.mark.parametrize(
    "rtype, head, tail, edge",
    [
        (USED_FOR, "bert", "question answering", (M("bert"), USED_FOR, T("question answering"))),
        (USED_FOR, "contrastive learning", "label noise", (M("contrastive learning"), USED_FOR, C("label noise"))),
        (EVALUATES, "squad", "bert", (D("squad"), EVALUATES, M("bert"))),
        (EVALUATES, "bleu", "question answering", (ME("bleu"), EVALUATES, T("question answering"))),
        (PART_OF, "quillblock", "bert", (M("quillblock"), PART_OF, M("bert"))),
        (IS_A, "simclr", "contrastive learning", (M("simclr"), IS_A, M("contrastive learning"))),
        (FEATURE_OF, "robustness", "bert", (C("robustness"), FEATURE_OF, M("bert"))),
        (COMPARED_WITH, "quillnet", "bert", (M("bert"), COMPARED_WITH, M("quillnet"))),  # symmetric: smaller id first
        (OUTPERFORMS, "quillnet", "bert", (M("quillnet"), OUTPERFORMS, M("bert"))),
        (EXTENDS, "squad v2", "squad", (D("squad v2"), EXTENDS, D("squad"))),
    ],
)
def test_each_predicate_becomes_an_edge_with_support_evidence_and_confidence(rtype, head, tail, edge):
    G = graph(record("p1", [(rtype, head, tail, f"Sentence stating {rtype}.", 0.8, "model")]))
    claims = claims_of(G)
    assert list(claims) == [edge]
    d = claims[edge]
    assert (d["papers"], d["paper_ids"], d["evidence"], d["confidence"], d["sources"]) == (
        1,
        ["p1"],
        [f"Sentence stating {rtype}."],
        0.8,
        ["model"],
    )


def test_an_evaluates_claim_stated_the_other_way_round_is_turned_around():
    G = graph(record("p1", [(EVALUATES, "bert", "squad", "BERT is evaluated on SQuAD.")]))
    assert list(claims_of(G)) == [(D("squad"), EVALUATES, M("bert"))]


def test_a_metric_used_for_something_evaluates_it_and_nothing_is_used_for_a_metric_or_a_dataset():
    G = graph(
        record(
            "p1",
            [
                (USED_FOR, "bleu", "question answering", "BLEU is used to assess question answering."),
                (USED_FOR, "bert", "bleu", "BERT is used for BLEU."),  # a metric is not a purpose
                (USED_FOR, "bert", "squad", "BERT is used for SQuAD."),  # nor is a dataset
                (USED_FOR, "squad", "question answering", "SQuAD is used for question answering."),
            ],
        )
    )
    assert sorted(claims_of(G)) == [
        (D("squad"), USED_FOR, T("question answering")),
        (ME("bleu"), EVALUATES, T("question answering")),
    ]


def test_claims_whose_ends_do_not_fit_the_schema_and_conjunctions_are_not_linked():
    G = graph(
        record(
            "p1",
            [
                (OUTPERFORMS, "quillnet", "label noise", "QuillNet beats label noise."),  # OUTPERFORMS joins Methods
                (EVALUATES, "bert", "question answering", "nonsense"),  # neither way is Dataset/Metric → Method/Task
                (CONJUNCTION, "bert", "simclr", "BERT and SimCLR."),
                ("NOT_A_TYPE", "bert", "simclr", "?"),
                (USED_FOR, "bert", "bert", "BERT is used for BERT."),  # a loop
                (USED_FOR, "bert", "unknown thing", "BERT is used for an unknown thing."),  # not an entity of the graph
            ],
        )
    )
    assert claims_of(G) == {}


def test_claims_merge_across_papers_through_aliases_with_capped_evidence_and_noisy_or():
    """ "SQuAD" in one paper and "SQD" defined as SQuAD in another are one entity; five papers
    state one claim: support 5, three evidence sentences (most confident first), noisy-or."""
    records = [
        record(f"p{i}", [(USED_FOR, "bert", "question answering", f"BERT answers questions ({i}).", c)])
        for i, c in enumerate([0.5, 0.5, 0.9, 0.2, 0.5])
    ]
    records.append(record("p9", [(EVALUATES, "sqd", "bert", "SQD evaluates BERT.", 0.5)], {"sqd": "squad"}))
    records.append(
        record(
            "p8",
            [
                (EVALUATES, "squad", "bert", "SQuAD evaluates BERT.", 0.6),
                (EVALUATES, "squad", "bert", "Again SQuAD evaluates BERT.", 0.7),
            ],
        )
    )
    claims = claims_of(graph(*records))
    used = claims[(M("bert"), USED_FOR, T("question answering"))]
    assert used["papers"] == 5 and used["paper_ids"] == ["p0", "p1", "p2", "p3", "p4"]
    assert len(used["evidence"]) == MAX_EVIDENCE == 3
    assert used["evidence"] == [
        "BERT answers questions (2).",
        "BERT answers questions (0).",
        "BERT answers questions (1).",
    ]
    assert used["confidence"] == noisy_or([0.5, 0.5, 0.9, 0.2, 0.5]) == pytest.approx(1 - 0.5**3 * 0.1 * 0.8)
    evaluates = claims[(D("squad"), EVALUATES, M("bert"))]
    # a paper counts once, with the most confident of its statements
    assert evaluates["paper_ids"] == ["p8", "p9"] and evaluates["confidence"] == noisy_or([0.7, 0.5])
    assert evaluates["evidence"] == ["Again SQuAD evaluates BERT.", "SQuAD evaluates BERT.", "SQD evaluates BERT."]


def test_symmetric_claims_stated_both_ways_are_one_edge():
    G = graph(
        record("p1", [(COMPARED_WITH, "quillnet", "bert", "QuillNet is compared with BERT.", 0.5)]),
        record("p2", [(COMPARED_WITH, "bert", "quillnet", "BERT is compared with QuillNet.", 0.5)]),
    )
    assert {k: d["papers"] for k, d in claims_of(G).items()} == {(M("bert"), COMPARED_WITH, M("quillnet")): 2}


def test_merge_claims_does_not_depend_on_record_order():
    recs = [
        record("b", [(USED_FOR, "bert", "question answering", "B.", 0.4, "model")]),
        record(
            "a",
            [
                (USED_FOR, "bert", "question answering", "A.", 0.4, "model"),
                (OUTPERFORMS, "quillnet", "bert", "Q beats B."),
            ],
        ),
    ]
    labels = {text.lower(): label for label, text in ENTITIES}
    one = merge_claims(recs, lambda k: k if k in labels else None, labels)
    assert one == merge_claims(recs[::-1], lambda k: k if k in labels else None, labels)
    assert [c.sources for c in one] == [["rule"], ["model"]]


def test_claim_votes_given_in_parts_merge_as_one_call():
    recs = [
        record("b", [(USED_FOR, "bert", "question answering", "B.", 0.4, "model")]),
        record(
            "a",
            [(USED_FOR, "bert", "question answering", "A.", 0.9, "model"), (OUTPERFORMS, "quillnet", "bert", "Q.")],
        ),
        record("c", [(USED_FOR, "bert", "question answering", "B.", 0.7)]),
    ]
    labels = {text.lower(): label for label, text in ENTITIES}
    key_of = lambda k: k if k in labels else None  # noqa: E731
    votes = claim_votes(recs[2:], key_of, labels)
    claim_votes(recs[:2], key_of, labels, votes)
    merged = claims_from_votes(votes)
    assert merged == merge_claims(recs, key_of, labels)
    used = next(c for c in merged if c.type == USED_FOR)
    assert used.paper_ids == ["a", "b", "c"] and used.evidence[0] == "A." and used.sources == ["model", "rule"]


def test_an_old_cached_record_without_confidence_or_source_still_builds():
    data = record("p1", [(OUTPERFORMS, "quillnet", "bert", "QuillNet beats BERT.")]).to_dict()
    for r in data["relations"]:
        del r["confidence"], r["source"]
    G = graph(Extraction.from_dict(data))
    d = claims_of(G)[(M("quillnet"), OUTPERFORMS, M("bert"))]
    assert (d["confidence"], d["sources"]) == (1.0, ["rule"])


def test_noisy_or_out_of_range_confidences_are_clamped():
    G = graph(
        record("p1", [(USED_FOR, "bert", "question answering", "s", 7.0)]),
        record("p2", [(USED_FOR, "bert", "question answering", "t", -3.0)]),
    )
    assert claims_of(G)[(M("bert"), USED_FOR, T("question answering"))]["confidence"] == 1.0


@pytest.mark.parametrize("module", ["kg.build.claims", "queries.claims", "kg.present.export.claims_csv", "queries.api"])
def test_doctests(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_a_kind_of_a_thing_has_its_type_or_says_what_it_is_for():
    """IS_A joins things of one type (Method and Concept stand for each other; a hypernym whose head noun
    names a type counts as that type); a Method "is a" Task only as a method for it, a Dataset as its
    benchmark; any other mixed IS_A is dropped."""
    G = graph(
        record(
            "p1",
            [
                (IS_A, "quillnet", "video prediction", "QuillNet, a video prediction model, ..."),
                (IS_A, "cogs", "semantic parsing", "two semantic parsing tasks, SCAN and COGS"),
                (IS_A, "cogs", "segmentation benchmark", "segmentation benchmarks such as COGS"),
                (IS_A, "label noise", "bert", "BERT is a kind of label noise."),  # Concept ~ Method: kept
                (IS_A, "question answering", "simclr", "tasks such as question answering and SimCLR"),  # Task → Method
                (IS_A, "bleu", "squad", "BLEU is a SQuAD."),  # Metric → Dataset
            ],
        )
    )
    assert sorted(claims_of(G)) == sorted(
        [
            (M("quillnet"), USED_FOR, T("video prediction")),
            (D("cogs"), EVALUATES, T("semantic parsing")),
            (D("cogs"), IS_A, M("segmentation benchmark")),
            (C("label noise"), IS_A, M("bert")),
        ]
    )


def test_compared_things_share_a_type_and_a_list_is_no_endpoint():
    G = graph(
        record(
            "p1",
            [
                (COMPARED_WITH, "label noise", "bert", "BERT is more robust than label noise."),  # Concept vs Method
                (COMPARED_WITH, "quillnet", "squad", "QuillNet beats SQuAD."),  # Method vs Dataset
                (COMPARED_WITH, "quillnet", "simclr", "QuillNet is compared with SimCLR."),
                (USED_FOR, "xgboost and lightgbm model", "question answering", "XGBoost and LightGBM models ..."),
                (IS_A, "xgboost and lightgbm model", "contrastive learning", "... XGBoost and LightGBM models"),
            ],
        )
    )
    assert list(claims_of(G)) == [(M("quillnet"), COMPARED_WITH, M("simclr"))]


def test_a_module_used_for_a_method_is_part_of_it():
    G = graph(
        record(
            "p1",
            [
                (USED_FOR, "graph encoder module", "quillnet", "QuillNet is equipped with a graph encoder module."),
                (USED_FOR, "graph encoder module", "question answering", "The module is used for question answering."),
                (USED_FOR, "graph encoder module", "contrastive learning", "The module serves contrastive learning."),
            ],
        )
    )
    assert sorted(claims_of(G)) == [
        (M("graph encoder module"), PART_OF, M("quillnet")),  # a one-word name: a thing with parts
        (M("graph encoder module"), USED_FOR, M("contrastive learning")),  # no model, network … : a purpose
        (M("graph encoder module"), USED_FOR, T("question answering")),
    ]


def test_a_defined_name_with_an_and_in_it_is_one_thing():
    """ "Synergistic Image and Feature Adaptation (SIFA)" is a name, not a list: its claims stay."""
    rec = record("p1", [(USED_FOR, "sifa name", "question answering", "SIFA is used for question answering.")])
    rec.mentions.append(Mention(METHOD, "sifa name", "Synergistic Image and Feature Adaptation", 0, 40, 0))
    listed = record("p2", [(USED_FOR, "fnn and cfnn network", "question answering", "FNN and CFNN networks ...")])
    listed.mentions.append(Mention(METHOD, "fnn and cfnn network", "FNN and CFNN networks", 0, 21, 0))
    labels = {**{text.lower(): label for label, text in ENTITIES}, "sifa name": METHOD, "fnn and cfnn network": METHOD}
    named = merge_claims([rec], lambda k: k if k in labels else None, labels)
    assert named == []  # "and" standing alone: a list, unless the paper defines an abbreviation for it
    rec.abbreviations["sifa"] = "sifa name"
    named = merge_claims([rec, listed], lambda k: k if k in labels else None, labels)
    assert [(c.type, c.head, c.tail) for c in named] == [(USED_FOR, M("sifa name"), T("question answering"))]
