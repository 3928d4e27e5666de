"""The relation classifier's weights (extract.relation_model) and its place in the cache key."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from extract.fingerprint import fingerprint
from extract.model import PACKAGED_RELATION_MODEL
from extract.relation_model import RelationModel, RelationModelError


def tiny_model(threshold: float = 0.5) -> RelationModel:
    """Three classes; feature "for" pushes USED_FOR> (first mention is the head), "vs" COMPARED_WITH."""
    classes = ["COMPARED_WITH", "NONE", "USED_FOR>"]
    weights = np.array([[0.0, 0.0, 4.0], [4.0, 0.0, 0.0], [0.0, 0.5, 0.0]])
    return RelationModel(classes, ["bw=for", "bw=vs", "l=Method|Task"], weights, np.zeros(3), threshold)


def test_decide_picks_the_likeliest_relation_above_the_threshold():
    model = tiny_model(0.5)
    decisions = model.decide([["bw=for", "l=Method|Task"], ["bw=vs"], ["l=Method|Task"], ["unknown"]])
    assert decisions[0][0] == "USED_FOR>" and decisions[0][1] > 0.9
    assert decisions[1][0] == "COMPARED_WITH"
    assert decisions[2] is None and decisions[3] is None  # NONE most likely, or nothing known
    probs = model.probabilities([["bw=for"]])
    assert probs.sum() == pytest.approx(1.0) and probs[0, 2] == probs.max()
    assert tiny_model(0.99).decide([["bw=for", "l=Method|Task"]]) == [None]


def test_model_round_trips_through_json_and_npz(tmp_path):
    model = tiny_model(0.3)
    model.info = {"C": 0.1}
    model.to_disk(tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["meta.json", "weights.npz"]
    back = RelationModel.from_disk(tmp_path / "m")
    assert (back.classes, back.features, back.threshold, back.info) == (model.classes, model.features, 0.3, {"C": 0.1})
    assert np.allclose(back.weights, model.weights)
    with np.load(tmp_path / "m" / "weights.npz", allow_pickle=False) as arrays:  # plain arrays, no pickle
        assert set(arrays.files) == {"weights", "bias"}


def test_unreadable_or_inconsistent_model_is_one_clear_error(tmp_path):
    with pytest.raises(RelationModelError, match="cannot be read"):
        RelationModel.from_disk(tmp_path / "missing")
    tiny_model().to_disk(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    meta["features"] = meta["features"][:2]
    (tmp_path / "m" / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(RelationModelError, match="do not match"):
        RelationModel.from_disk(tmp_path / "m")


def test_packaged_model_is_small_and_readable():
    model = RelationModel.from_disk(PACKAGED_RELATION_MODEL)
    assert "NONE" in model.classes and "USED_FOR>" in model.classes and "CONJUNCTION" in model.classes
    assert 0 < model.threshold < 1
    assert sum(p.stat().st_size for p in PACKAGED_RELATION_MODEL.iterdir()) < 3_000_000


def test_a_changed_relation_model_changes_the_cache_key(tmp_path):
    copy = tmp_path / "rel"
    shutil.copytree(PACKAGED_RELATION_MODEL, copy)
    before = fingerprint(relation_model=str(copy))
    assert before == fingerprint(relation_model=str(copy))
    meta = json.loads((copy / "meta.json").read_text())
    meta["threshold"] = meta["threshold"] + 0.05
    (copy / "meta.json").write_text(json.dumps(meta))
    after = fingerprint(relation_model=str(copy))
    assert after != before
    assert fingerprint() != after  # the packaged model is not the retrained copy


def test_relation_model_location_from_environment(tmp_path, monkeypatch):
    copy = tmp_path / "rel"
    shutil.copytree(PACKAGED_RELATION_MODEL, copy)
    (copy / "meta.json").write_text((copy / "meta.json").read_text().replace('"threshold"', '"threshold" ', 1))
    default = fingerprint()
    monkeypatch.setenv("KG_RELATION_MODEL", str(copy))
    assert fingerprint() != default
