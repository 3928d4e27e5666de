"""Generic Concepts at the top of the lists (issue 17): many papers do not make a phrase of general vocabulary a
concept. A signal or medium named generically ("voice recordings") and a description ("performance gap") stay
hidden however many papers use them; a named idea of the field as frequent ("glyph drift") is kept, and so is a
kind of data a rare word or a name says ("XQ7 recordings"). Every abstract below is invented."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph
from kg.build.entity_quality import (
    DESCRIPTION_FIT,
    MIN_TERM_PROBABILITY,
    TERM_PAPERS_SATURATION,
    concept_fit,
    concept_term_probability,
    generic_medium,
    raised_by_papers,
)
from kg.core.papers import Paper
from queries.quality import DEFAULT_MIN_QUALITY
from queries.schema import CONCEPT, METHOD, node_id

#: (label, key, text) of each paper's abstract sentence below
_SENTENCE = (
    "With the {m} model, glyph drift in {r} of ledger {i} widens the performance gap on XQ7 recordings with"
    " input noise."
)


def _corpus(papers: int, medium: str = "voice recordings") -> tuple[list[Paper], dict[str, Extraction]]:
    """``papers`` invented abstracts about scanning old ledgers, each naming glyph drift, a medium, a performance
    gap and XQ7 recordings (sentence 1; sentence 0 is the title)."""
    out, records = [], {}
    for i in range(papers):
        pid = f"p{i}"
        title = f"Ledger Scanning Study {i}"
        abstract = _SENTENCE.format(m="QuillNet", r=medium, i=i)
        mentions = []
        for label, key, text in [
            (METHOD, "quillnet", "QuillNet"),
            (CONCEPT, "glyph drift", "glyph drift"),
            (CONCEPT, " ".join(w.rstrip("s") for w in medium.split()), medium),
            (CONCEPT, "performance gap", "performance gap"),
            (CONCEPT, "xq7 recording", "XQ7 recordings"),
            (CONCEPT, "input noise", "input noise"),
        ]:
            start = len(title) + 2 + abstract.find(text)
            mentions.append(Mention(label=label, key=key, text=text, start=start, end=start + len(text), sentence=1))
        out.append(Paper(id=pid, title=title, abstract=abstract))
        records[pid] = Extraction(pid, sentences=[title, abstract], mentions=mentions)
    return out, records


def _quality(G) -> dict[str, float]:
    return {n: d["quality"] for n, d in G.nodes(data=True) if "quality" in d}


@pytest.mark.parametrize("papers", [3, 12, 40])
def test_a_frequent_generic_phrase_stays_hidden_and_a_frequent_concept_is_kept(papers):
    G = build_graph(*_corpus(papers))
    quality = _quality(G)
    assert quality[node_id(CONCEPT, "glyph drift")] >= DEFAULT_MIN_QUALITY
    assert quality[node_id(CONCEPT, "xq7 recording")] >= DEFAULT_MIN_QUALITY  # a name says which recordings
    assert quality[node_id(CONCEPT, "voice recording")] < DEFAULT_MIN_QUALITY  # a medium named generically
    assert quality[node_id(CONCEPT, "performance gap")] < DEFAULT_MIN_QUALITY  # a description
    # hidden, not deleted: every paper keeps its link
    linked = {u for u, _ in G.in_edges(node_id(CONCEPT, "voice recording")) if u.startswith("Paper:")}
    assert len(linked) == papers


def test_a_role_many_papers_share_is_still_shown_by_its_papers():
    # "input noise" opens with a role in one paper's set-up (a description at few papers), a term of the field
    # when many papers share it; a description of another kind ("performance gap") stays hidden
    few, many = _quality(build_graph(*_corpus(2))), _quality(build_graph(*_corpus(12)))
    assert few[node_id(CONCEPT, "input noise")] < DEFAULT_MIN_QUALITY
    assert many[node_id(CONCEPT, "input noise")] >= DEFAULT_MIN_QUALITY
    assert many[node_id(CONCEPT, "performance gap")] < DEFAULT_MIN_QUALITY


def test_a_listed_medium_named_generically_is_hidden_too():
    # "speech signal" is in the shipped concepts list (it types the phrase), which does not make it a concept
    G = build_graph(*_corpus(12, medium="speech signals"))
    assert _quality(G)[node_id(CONCEPT, "speech signal")] < DEFAULT_MIN_QUALITY


@pytest.mark.parametrize(
    "key, forms, expected",
    [
        ("voice recording", ["voice recordings"], True),
        ("input text", ["input text"], True),
        ("video frame", ["video frames"], True),
        ("xq7 recording", ["XQ7 recordings"], False),  # a name
        ("hyperspectral image", ["hyperspectral images"], False),  # a rare word says which
        ("recording", ["recordings"], False),  # one word: the term probability decides
        ("glyph drift", ["glyph drift"], False),
    ],
)
def test_generic_medium(key, forms, expected):
    assert generic_medium(key, forms) is expected


@pytest.mark.parametrize(
    "key, raised",
    [
        ("input noise", True),  # a role many papers share
        ("generalization gap", True),  # a need or a loss many papers share
        ("performance gap", False),
        ("key component", False),  # a judging word before a generic head
        ("slow convergence", False),  # a degree
        ("harbor phenomena", False),  # a generic head
    ],
)
def test_which_descriptions_papers_raise(key, raised):
    assert concept_fit(key, [key]) == DESCRIPTION_FIT
    assert raised_by_papers(key, [key]) is raised


def test_papers_beyond_the_saturation_raise_the_term_probability_no_further():
    forms = Counter({"use cases": 3})
    at = concept_term_probability("use case", forms, TERM_PAPERS_SATURATION)
    assert concept_term_probability("use case", forms, 50 * TERM_PAPERS_SATURATION) == at
    assert concept_term_probability("use case", forms, 2) < at  # below it papers still count
    # a frequent term of the field keeps its probability
    assert (
        concept_term_probability("catastrophic forgetting", {"catastrophic forgetting": 9}, 400) > MIN_TERM_PROBABILITY
    )
