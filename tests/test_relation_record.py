"""Relation records: the confidence/source fields round-trip, and records cached before them still load."""

from extract.labels import COMPARED_WITH, CONJUNCTION, RELATION_TYPES, SYMMETRIC_RELATIONS, USED_FOR
from extract.record import Extraction, Relation


def test_relation_round_trips_with_confidence_and_source():
    rec = Extraction("p1", sentences=["A.", "B."], relations=[Relation(USED_FOR, "bert", "parsing", 1, 0.83, "model")])
    data = rec.to_dict()
    assert data["relations"] == [
        {
            "type": "USED_FOR",
            "head": "bert",
            "tail": "parsing",
            "sentence": 1,
            "confidence": 0.83,
            "source": "model",
            "spans": None,
        }
    ]
    assert Extraction.from_dict(data) == rec


def test_old_relation_without_new_fields_loads_with_defaults():
    old = {"paper_id": "p1", "relations": [{"type": "OUTPERFORMS", "head": "a", "tail": "b", "sentence": 0}]}
    rel = Extraction.from_dict(old).relations[0]
    assert (rel.confidence, rel.source) == (1.0, "rule")
    assert rel == Relation("OUTPERFORMS", "a", "b", 0)


def test_relation_type_names():
    assert len(set(RELATION_TYPES)) == 9
    assert SYMMETRIC_RELATIONS == {COMPARED_WITH, CONJUNCTION}


def test_model_relation_spans_round_trip_and_old_records_have_none():
    rel = Relation(USED_FOR, "cnn", "parsing", 0, 0.4, "model", [0, 30, 44, 51])
    rec = Extraction("p1", sentences=["A."], relations=[rel])
    data = rec.to_dict()
    assert data["relations"][0]["spans"] == [0, 30, 44, 51]
    assert Extraction.from_dict(data) == rec
    old = {"paper_id": "p1", "relations": [{"type": "USED_FOR", "head": "a", "tail": "b", "sentence": 0}]}
    assert Extraction.from_dict(old).relations[0].spans is None
