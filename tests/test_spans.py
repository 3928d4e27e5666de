"""The trained span proposer (``paperkg_spans``): offline loading, typed proposals, the cache key,
and docs that cross process boundaries (``--n-process 2``)."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
import spacy

from extract.fingerprint import fingerprint
from extract.model import PACKAGED_SPAN_MODEL, ModelNotFound, load_span_model
from extract.pipeline import Extractor
from kg.build.pipeline import build, same_graph
from kg.store import open_store
from queries.schema import DATASET, METHOD, METRIC, TASK

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
SENTENCE = (
    "We propose a recurrent neural network for machine translation and evaluate it on the WMT corpus with BLEU score."
)


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a socket fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_the_packaged_model_loads_without_network(no_network):
    nlp = load_span_model()
    assert nlp.pipe_names == ["ner"]
    assert set(nlp.get_pipe("ner").labels) == {METHOD, DATASET, TASK, METRIC, "Concept"}
    assert sum(f.stat().st_size for f in PACKAGED_SPAN_MODEL.rglob("*") if f.is_file()) < 25_000_000


@pytest.mark.slow
def test_the_extractor_loads_and_runs_without_network(no_network):
    rec = Extractor().extract("", SENTENCE)
    assert rec.mentions


def test_the_component_proposes_typed_spans():
    nlp = spacy.blank("en")
    nlp.add_pipe("paperkg_spans")
    doc = nlp(SENTENCE)
    assert {(e.text, e.label_) for e in doc.ents} == {
        ("recurrent neural network", METHOD),
        ("machine translation", TASK),
        ("WMT corpus", DATASET),
        ("BLEU score", METRIC),
    }


def test_the_component_is_configured_with_a_model_directory(tmp_path):
    nlp = spacy.blank("en")
    with pytest.raises(ModelNotFound, match=str(tmp_path)):
        nlp.add_pipe("paperkg_spans", config={"model": str(tmp_path)})


def test_the_extractor_types_what_the_proposer_finds(extractor):
    rec = extractor.extract("", SENTENCE)
    labels = {m.key: m.label for m in rec.mentions if not m.derived}
    assert labels["recurrent neural network"] == METHOD
    assert labels["machine translation"] == TASK
    assert labels["wmt"] == DATASET  # "the WMT corpus": the name is the key
    assert labels["bleu score"] == METRIC


def test_changing_the_span_model_changes_the_cache_key(tmp_path, monkeypatch):
    copy = tmp_path / "model"
    shutil.copytree(PACKAGED_SPAN_MODEL, copy)
    assert fingerprint(span_model=str(copy)) == fingerprint()  # same files, same key
    weights = copy / "ner" / "model"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1  # one bit of one weight
    weights.write_bytes(bytes(data))
    assert fingerprint(span_model=str(copy)) != fingerprint()
    monkeypatch.setenv("KG_SPAN_MODEL", str(copy))
    assert fingerprint() == fingerprint(span_model=str(copy))


def test_processed_docs_hold_plain_data(extractor):
    doc = extractor.nlp("SparseNet: Pruning\n\nWe propose sparse autoencoders (SAEs) and evaluate on CIFAR-10.")
    restored = spacy.tokens.Doc(extractor.nlp.vocab).from_bytes(doc.to_bytes())  # what spaCy ships between processes
    assert restored._.kg_record == doc._.kg_record
    assert restored._.kg_record["abbreviations"] == {"sae": "sparse autoencoder"}


@pytest.mark.slow
def test_two_processes_build_the_same_graph(tmp_path, reuse_extractor):
    sources = [CORPUS / "papers.jsonl", CORPUS / "daily.txt"]
    one, two = open_store(tmp_path / "one"), open_store(tmp_path / "two")
    build(sources, one, n_process=1)
    report = build(sources, two, n_process=2, batch_size=2)
    assert report.extracted == 5
    assert same_graph(one.read_graph(), two.read_graph())
    assert one.read_graph().number_of_edges() > 10


@pytest.mark.slow
def test_without_fork_spacy_workers_give_the_same_records(extractor, monkeypatch):
    import multiprocessing

    items = [(f"p{i}", f"Paper {i}", f"We propose SparseNet{i} and evaluate it on CIFAR-10.") for i in range(6)]
    forked = [r.to_dict() for r in extractor.extract_many(items, batch_size=2, n_process=2)]
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    spacy_workers = [r.to_dict() for r in extractor.extract_many(items, batch_size=2, n_process=2)]
    assert forked == spacy_workers == [r.to_dict() for r in extractor.extract_many(items)]
    assert [r["paper_id"] for r in forked] == [f"p{i}" for i in range(6)]
