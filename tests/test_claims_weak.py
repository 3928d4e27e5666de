"""Weak model statements (kg.build.claim_priors): capped below the view cut unless another paper supports them.

Each test writes a short abstract, places its mentions at their characters (as the extractor does) and
states the relations the classifier would give between them.
"""

from __future__ import annotations

import pytest

from extract.record import Extraction, Mention, Relation
from kg.build.builder import build_graph
from kg.build.claim_priors import WEAK_CAP, pair_share, typical
from kg.build.claims import mentions_between, merge_claims, parts_of_one_name
from kg.core.papers import Paper
from queries.quality import claim_passes
from queries.schema import CLAIM_RELS, COMPARED_WITH, EVALUATES, IS_A, METHOD, TASK, USED_FOR, node_id


def abstract(
    pid: str, sentences: list[str], mentions: list[tuple[str, str]], relations: list[tuple], abbreviations=None
):
    """A record of ``sentences`` (joined by one space) mentioning ``(label, text)`` (each text's first
    occurrence) and stating ``(type, head text, tail text, confidence, source)`` in the sentence holding the
    head, with the two mentions' character spans as the classifier gives them (rules give none)."""
    text = " ".join(sentences)
    starts = [sum(len(s) + 1 for s in sentences[:i]) for i in range(len(sentences))]
    found: dict[str, Mention] = {}
    for label, name in mentions:
        at = text.find(name)
        assert at >= 0, name
        sentence = max(i for i, s in enumerate(starts) if s <= at)
        found[name] = Mention(label, name.lower(), name, at, at + len(name), sentence)
    rels = []
    for rtype, head, tail, confidence, source in relations:
        h, t = found[head], found[tail]
        spans = [h.start, h.end, t.start, t.end] if source == "model" else None
        rels.append(Relation(rtype, h.key, t.key, h.sentence, confidence, source, spans))
    return Extraction(pid, list(sentences), list(found.values()), rels, dict(abbreviations or {}))


def claims(*records: Extraction) -> dict[tuple[str, str, str], float]:
    """``(type, head key, tail key)`` → confidence of the claims merged from ``records``."""
    labels = {m.key: m.label for r in records for m in r.mentions}
    key = lambda node: node.split(":", 1)[1]  # noqa: E731
    return {(c.type, key(c.head), key(c.tail)): c.confidence for c in merge_claims(records, lambda k: k, labels)}


M = lambda key: node_id(METHOD, key)  # noqa: E731
T = lambda key: node_id(TASK, key)  # noqa: E731

PLAN = [
    "For kelp-harvesting robots we chain variational inference with trajectory forecasting, and feed both into "
    "lookahead planning by evolutionary search.",
]
PLAN_MENTIONS = [
    (METHOD, "variational inference"),
    (TASK, "trajectory forecasting"),
    (METHOD, "lookahead planning"),
    (METHOD, "evolutionary search"),
]


def test_a_used_for_across_another_mention_is_capped_below_the_view_cut():
    rec = abstract(
        "p1",
        PLAN,
        PLAN_MENTIONS,
        [
            (USED_FOR, "variational inference", "trajectory forecasting", 0.8, "model"),  # adjacent: stated
            # across "trajectory forecasting"
            (USED_FOR, "variational inference", "lookahead planning", 0.73, "model"),
        ],
    )
    assert mentions_between(rec, rec.relations[0]) == 0 and mentions_between(rec, rec.relations[1]) == 1
    got = claims(rec)
    assert got[(USED_FOR, "variational inference", "trajectory forecasting")] == 0.8
    capped = got[(USED_FOR, "variational inference", "lookahead planning")]
    assert capped == WEAK_CAP
    assert not claim_passes({"confidence": capped}) and claim_passes({"confidence": 0.8})


def test_a_capped_statement_another_paper_supports_reaches_the_view():
    one = abstract(
        "p1", PLAN, PLAN_MENTIONS, [(USED_FOR, "variational inference", "lookahead planning", 0.73, "model")]
    )
    two = abstract("p2", PLAN, PLAN_MENTIONS, [(USED_FOR, "variational inference", "lookahead planning", 0.9, "model")])
    confidence = claims(one, two)[(USED_FOR, "variational inference", "lookahead planning")]
    assert confidence == pytest.approx(1 - (1 - WEAK_CAP) ** 2)
    assert claim_passes({"confidence": confidence})


def test_kinds_comparisons_and_rules_may_cross_a_list():
    rec = abstract(
        "p1",
        [
            "Our tide language models, such as TideBERT, KelpLM and ReefXL, read harbour charts well.",
            "Our QuillNet outperforms SonarLSTM, GruTagger and CoralNet on HarborQA.",
        ],
        [
            (METHOD, "language models"),
            (METHOD, "TideBERT"),
            (METHOD, "KelpLM"),
            (METHOD, "ReefXL"),
            (METHOD, "QuillNet"),
            (METHOD, "SonarLSTM"),
            (METHOD, "GruTagger"),
            (METHOD, "CoralNet"),
        ],
        [
            (IS_A, "ReefXL", "language models", 0.7, "model"),
            (COMPARED_WITH, "QuillNet", "GruTagger", 0.7, "model"),
            (USED_FOR, "TideBERT", "ReefXL", 1.0, "rule"),  # a rule's statement is never capped
        ],
    )
    got = claims(rec)
    assert got[(IS_A, "reefxl", "language models")] == 0.7
    assert got[(COMPARED_WITH, "grutagger", "quillnet")] == 0.7
    assert got[(USED_FOR, "tidebert", "reefxl")] == 1.0


def test_a_task_used_for_a_method_is_atypical_and_capped():
    rec = abstract(
        "p1",
        [
            "Our convolutional networks trained on coral photographs still falter at object detection in murky water.",
            "We apply our detector to ship detection in satellite images.",
        ],
        [
            (METHOD, "convolutional networks"),
            (TASK, "object detection"),
            (METHOD, "detector"),
            (TASK, "ship detection"),
        ],
        [
            (USED_FOR, "object detection", "convolutional networks", 0.61, "model"),  # read backwards
            (USED_FOR, "detector", "ship detection", 0.61, "model"),
        ],
    )
    got = claims(rec)
    assert got[(USED_FOR, "object detection", "convolutional networks")] == WEAK_CAP
    assert got[(USED_FOR, "detector", "ship detection")] == 0.61
    assert not typical(USED_FOR, TASK, METHOD) and typical(USED_FOR, METHOD, TASK)
    assert pair_share(USED_FOR, TASK, METHOD) < 0.02 < pair_share(EVALUATES, "Metric", METHOD)


def test_two_parts_of_one_defined_name_make_no_claim():
    rec = abstract(
        "p1",
        [
            "We build Tidal Echo Pooling for Sonar Mapping (TEPSM), which averages the echoes that drifting "
            "buoys record.",
        ],
        [(METHOD, "Tidal Echo Pooling"), (METHOD, "Sonar Mapping (TEPSM)"), (METHOD, "buoys")],
        [
            (USED_FOR, "Tidal Echo Pooling", "Sonar Mapping (TEPSM)", 0.89, "model"),
            (USED_FOR, "buoys", "Sonar Mapping (TEPSM)", 0.7, "model"),
        ],
        {"TEPSM": "Tidal Echo Pooling for Sonar Mapping"},
    )
    assert parts_of_one_name(rec, rec.relations[0]) and not parts_of_one_name(rec, rec.relations[1])
    got = claims(rec)
    assert (USED_FOR, "tidal echo pooling", "sonar mapping (tepsm)") not in got
    assert (USED_FOR, "buoys", "sonar mapping (tepsm)") in got


def test_a_defined_name_may_be_used_for_a_part_of_it():
    rec = abstract(
        "p1",
        [
            "Kelp Canopy Graph Forecasting (KCGF) serves graph forecasting for reef surveys from weekly drone passes.",
        ],
        [(METHOD, "Kelp Canopy Graph Forecasting (KCGF)"), (TASK, "graph forecasting")],
        [(USED_FOR, "Kelp Canopy Graph Forecasting (KCGF)", "graph forecasting", 0.7, "model")],
        {"KCGF": "Kelp Canopy Graph Forecasting"},
    )
    assert not parts_of_one_name(rec, rec.relations[0])
    assert claims(rec) == {(USED_FOR, "kelp canopy graph forecasting (kcgf)", "graph forecasting"): 0.7}


def test_a_record_cached_without_spans_is_not_capped_for_mentions_between():
    rec = abstract(
        "p1", PLAN, PLAN_MENTIONS, [(USED_FOR, "variational inference", "lookahead planning", 0.73, "model")]
    )
    rec.relations[0].spans = None
    assert mentions_between(rec, rec.relations[0]) == 0
    assert claims(rec)[(USED_FOR, "variational inference", "lookahead planning")] == 0.73


def test_the_graph_carries_the_capped_confidence():
    rec = abstract(
        "p1", PLAN, PLAN_MENTIONS, [(USED_FOR, "variational inference", "lookahead planning", 0.73, "model")]
    )
    other = abstract("p2", PLAN, PLAN_MENTIONS, [])  # a second paper, so Tasks and Concepts are kept
    papers = [Paper(id=r.paper_id, title=f"Paper {r.paper_id}", abstract="...") for r in (rec, other)]
    G = build_graph(papers, {r.paper_id: r for r in (rec, other)})
    edges = {(u, k, v): d for u, v, k, d in G.edges(keys=True, data=True) if k in CLAIM_RELS}
    edge = (M("variational inference"), USED_FOR, M("lookahead planning"))
    assert edges[edge]["confidence"] == WEAK_CAP and edges[edge]["papers"] == 1


def test_claim_types_counts_the_label_pairs_of_gold_relations(tmp_path):
    """The generator of :data:`kg.build.claim_priors.SCIERC_TRAIN_PAIRS` on a SciERC-format fixture: Generic
    arguments are left out, symmetric types count their labels in sorted order."""
    import json

    from extract.gold import read_gold
    from extract.training.claim_types import render, type_pair_counts

    doc = dict(  # noqa: C408  (keyword form: no JSON-looking "doc_key" line to mistake for a copy of SciERC)
        doc_key="d1",
        sentences=[["CNNs", "are", "used", "for", "parsing", "and", "tagging", "like", "this", "one", "."]],
        ner=[[[0, 0, "Method"], [4, 4, "Task"], [6, 6, "Task"], [8, 9, "Generic"]]],
        relations=[[[0, 0, 4, 4, "USED-FOR"], [6, 6, 4, 4, "COMPARE"], [8, 9, 4, 4, "USED-FOR"]]],
    )
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    counts = type_pair_counts(read_gold(path).docs)
    assert counts == {(USED_FOR, METHOD, TASK): 1, (COMPARED_WITH, TASK, TASK): 1}
    table: dict = {}
    exec(render(counts), {}, table)  # the printed table is Python the claim priors can hold
    assert table["SCIERC_TRAIN_PAIRS"] == {USED_FOR: {(METHOD, TASK): 1}, COMPARED_WITH: {(TASK, TASK): 1}}
