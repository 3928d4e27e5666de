"""Relation scoring in kg.quality.evaluate and `kg eval`, on a hand-made SciERC-format fixture.

The ``gold`` fixture writes one document "r1" (tokens joined by single spaces):
  s0 "We use BiLSTM for parsing on the PTB treebank ."
     BiLSTM(2) USED-FOR parsing(4); PTB treebank(7,8) EVALUATE-FOR BiLSTM
  s1 "This model and CRF are compared ."                 Generic(10,11) CONJUNCTION CRF(13): dropped (Generic argument)
  s2 "SVM is compared with CRF ."                        SVM(17) COMPARE CRF(21)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.record import Extraction, Mention, Relation
from kg.cli import eval_cmds
from kg.cli.app import app
from kg.quality import evaluate as ev

#: the hand-made gold document (SciERC's format, sentences written for this test)
DOC = dict(  # noqa: C408  (keyword form: no JSON-looking "doc_key" line to mistake for a copy of SciERC)
    doc_key="r1",
    sentences=[
        ["We", "use", "BiLSTM", "for", "parsing", "on", "the", "PTB", "treebank", "."],
        ["This", "model", "and", "CRF", "are", "compared", "."],
        ["SVM", "is", "compared", "with", "CRF", "."],
    ],
    ner=[
        [[2, 2, "Method"], [4, 4, "Task"], [7, 8, "Material"]],
        [[10, 11, "Generic"], [13, 13, "Method"]],
        [[17, 17, "Method"], [21, 21, "Method"]],
    ],
    relations=[
        [[2, 2, 4, 4, "USED-FOR"], [7, 8, 2, 2, "EVALUATE-FOR"]],
        [[10, 11, 13, 13, "CONJUNCTION"]],
        [[17, 17, 21, 21, "COMPARE"]],
    ],
)


@pytest.fixture
def gold_path(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(DOC) + "\n", encoding="utf-8")
    return path


# (surface, key, sentence, nth occurrence of the surface in the text)
MENTIONS = [
    ("BiLSTM", "bilstm", 0, 0),
    ("parsing", "parsing", 0, 0),
    ("PTB treebank", "ptb", 0, 0),
    ("CRF", "crf", 1, 0),
    ("SVM", "svm", 2, 0),
    ("CRF", "crf", 2, 1),
]
RELATIONS = [
    Relation("USED_FOR", "bilstm", "parsing", 0, 0.9, "model"),  # right
    Relation("EVALUATES", "bilstm", "ptb", 0, 0.6, "model"),  # wrong direction: a false positive
    Relation("COMPARED_WITH", "crf", "svm", 2, 0.7, "model"),  # symmetric: either direction matches
    Relation("OUTPERFORMS", "svm", "crf", 2),  # no SciERC type: not scored
]


def _at(text: str, surface: str, nth: int) -> int:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return start


class FakeExtractor:
    """Canned records for extract_many, canned classifier output for relations_between."""

    def __init__(self) -> None:
        self.groups: list = []

    def extract_many(self, items, batch_size=64):
        for paper_id, _, text in items:
            mentions = [
                Mention("Method", key, s, _at(text, s, n), _at(text, s, n) + len(s), sent)
                for s, key, sent, n in MENTIONS
            ]
            yield Extraction(paper_id=paper_id, mentions=mentions, relations=list(RELATIONS))

    def relations_between(self, items, batch_size=64):
        for _text, groups in items:
            self.groups.append(groups)
            bilstm, parsing, ptb = groups[0]
            yield [
                (bilstm[0], bilstm[1], parsing[0], parsing[1], "USED_FOR", 0.8),
                (ptb[0], ptb[1], bilstm[0], bilstm[1], "EVALUATES", 0.7),
            ]


def test_gold_relations_are_read_mapped_and_generic_ones_dropped(gold_path):
    gold = ev.read_gold(gold_path)
    doc = gold.docs[0]
    assert doc.relations == {(2, 2, 4, 4, "USED_FOR"), (7, 8, 2, 2, "EVALUATES"), (17, 17, 21, 21, "COMPARED_WITH")}
    assert gold.generic_relations_dropped == 1
    assert [len(typed) for _, typed in doc.sentences] == [3, 1, 2]
    assert doc.sentences[2][0] == (17, 22)


def test_gold_without_relations_field_has_none(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"sentences": [["A", "B"]], "ner": [[[0, 0, "Method"]]]}) + "\n")
    assert ev.read_gold(path).docs[0].relations == set()


@pytest.mark.parametrize(
    "relations, reason",
    [
        ([[[0, 0, 1, 1, "CAUSES"]]], "bad relation"),
        ([[[0, 0, 1, 9, "COMPARE"]]], "outside the 2 tokens"),
        ([[], []], "one entry per sentence"),
    ],
)
def test_bad_relations_skip_the_line_with_a_reason(tmp_path, relations, reason):
    path = tmp_path / "g.jsonl"
    good = {"sentences": [["A", "B"]], "ner": [[[0, 0, "Method"], [1, 1, "Task"]]]}
    path.write_text(json.dumps({**good, "relations": relations}) + "\n" + json.dumps(good) + "\n")
    gold = ev.read_gold(path)
    assert len(gold.docs) == 1 and len(gold.problems) == 1
    assert gold.problems[0].startswith(f"{path}:1:") and reason in gold.problems[0]


def test_relations_scored_end_to_end_and_on_gold_mentions(gold_path):
    fake = FakeExtractor()
    rel = ev.evaluate(gold_path, fake)["relations"]
    e2e = rel["end_to_end"]
    assert (e2e["tp"], e2e["predicted"], e2e["gold"]) == (2, 3, 3)
    assert e2e["p"] == pytest.approx(2 / 3) and e2e["r"] == pytest.approx(2 / 3) and e2e["f1"] == pytest.approx(2 / 3)
    gold_ent = rel["gold_entities"]
    assert (gold_ent["tp"], gold_ent["predicted"], gold_ent["gold"]) == (2, 2, 3)
    assert gold_ent["f1"] == pytest.approx(0.8)
    assert set(rel["by_type"]) == {
        "USED_FOR",
        "EVALUATES",
        "PART_OF",
        "IS_A",
        "FEATURE_OF",
        "COMPARED_WITH",
        "CONJUNCTION",
    }
    assert rel["by_type"]["EVALUATES"]["end_to_end"]["p"] == 0.0
    assert rel["by_type"]["EVALUATES"]["gold_entities"]["f1"] == 1.0
    assert rel["by_type"]["COMPARED_WITH"]["end_to_end"]["f1"] == 1.0
    assert rel["generic_dropped"] == 1
    # the classifier saw the gold mentions sentence by sentence, Generic ones left out
    assert [len(g) for g in fake.groups[0]] == [3, 1, 2]


def test_without_relations_between_gold_entities_is_none(gold_path):
    class RecordsOnly:
        extract_many = FakeExtractor.extract_many

    fake = RecordsOnly()
    assert ev.evaluate(gold_path, fake)["relations"]["gold_entities"] is None


def test_a_key_twice_in_a_sentence_takes_the_closest_pair(gold_path):
    gold = ev.read_gold(gold_path)
    doc = gold.docs[0]
    text = doc.text

    def mention(key: str, surface: str, nth: int = 0) -> Mention:
        return Mention("Method", key, surface, _at(text, surface, nth), _at(text, surface, nth) + len(surface), 2)

    # key "x" twice in sentence 2: "treebank" (token 8) and "with" (token 20); the head SVM is token 17
    mentions = [mention("x", "treebank"), mention("x", "with"), mention("svm", "SVM")]
    rec = Extraction("r1", mentions=mentions, relations=[Relation("USED_FOR", "svm", "x", 2)])
    assert ev.predicted_relations(doc, rec) == {(17, 17, 20, 20, "USED_FOR")}


def test_a_model_relation_is_scored_on_its_own_spans_not_the_closest_pair(gold_path):
    doc = ev.read_gold(gold_path).docs[0]
    text = doc.text

    def mention(key: str, surface: str, nth: int = 0) -> Mention:
        return Mention("Method", key, surface, _at(text, surface, nth), _at(text, surface, nth) + len(surface), 2)

    # key "x" on "treebank" (token 8) and "with" (token 20): the classifier related SVM to "treebank"
    far, near, svm = mention("x", "treebank"), mention("x", "with"), mention("svm", "SVM")
    related = Relation("USED_FOR", "svm", "x", 2, 0.5, "model", [svm.start, svm.end, far.start, far.end])
    rec = Extraction("r1", mentions=[far, near, svm], relations=[related])
    assert ev.predicted_relations(doc, rec) == {(17, 17, 8, 8, "USED_FOR")}
    # a symmetric one stored with its arguments swapped still compares in text order
    swapped = Relation("COMPARED_WITH", "x", "svm", 2, 0.5, "model", [near.start, near.end, svm.start, svm.end])
    rec = Extraction("r1", mentions=[far, near, svm], relations=[swapped])
    assert ev.predicted_relations(doc, rec) == {(17, 17, 20, 20, "COMPARED_WITH")}


runner = CliRunner()


def test_cli_json_and_table_show_relations(monkeypatch, gold_path):
    monkeypatch.setattr(eval_cmds, "make_extractor", lambda model: FakeExtractor())
    result = runner.invoke(app, ["eval", "--gold", str(gold_path), "--json"])
    assert result.exit_code == 0, result.output
    rel = json.loads(result.stdout)["relations"]
    for scope in ("end_to_end", "gold_entities"):
        assert {"p", "r", "f1"} <= set(rel[scope])
    assert rel["end_to_end"]["f1"] == pytest.approx(2 / 3)
    table = runner.invoke(app, ["eval", "--gold", str(gold_path)])
    assert table.exit_code == 0, table.output
    rows = [line.strip("│ ") for line in table.stdout.splitlines()]
    assert any(r.startswith("all") and "predicted" in r and "0.667" in r for r in rows)
    assert any(r.startswith("USED_FOR") and "gold" in r for r in rows)
