"""A unit, a cut-off or a gene variant's identifier typed Method is hidden, never dropped (issue 17,
kg.build.measure_shape). Every name and sentence below is invented; each rule has its counter-case."""

from __future__ import annotations

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import build_graph
from kg.build.measure_shape import measure_named, threshold, unit, variant_id
from kg.build.pipeline import same_graph
from kg.core.papers import Paper
from queries.quality import DEFAULT_MIN_QUALITY
from queries.schema import CONCEPT, METHOD, METRIC, node_id
from tests.fixtures.curation import columnar_of


@pytest.mark.parametrize("form", ["cm3", "mm2", "kHz", "GHz", "µmol", "mg/kg", "mL/min", "cGy", "kPa"])
def test_a_unit(form):
    assert unit(form)


@pytest.mark.parametrize("form", ["ML", "MV", "CT", "mAP", "KelpNet", "VGG2", "mlp", "Seq2Seq", "GPT-3"])
def test_no_unit(form):
    assert not unit(form)


def test_a_threshold_and_a_variant():
    assert threshold("kappa≥0.8") and threshold("dose < 5") and not threshold("Reef-7")
    assert variant_id("rs99120") and not variant_id("rs9") and not variant_id("rsvp")


def test_the_type_decides():
    assert measure_named(METHOD, "rs99120") and not measure_named(CONCEPT, "rs99120")  # a variant is a Concept
    assert measure_named(CONCEPT, "nm") and not measure_named(METRIC, "nm")  # a Metric is another rule's


def _mention(label: str, text: str, sentence: int) -> Mention:
    return Mention(label=label, key=text.lower(), text=text, start=0, end=len(text), sentence=sentence)


def _corpus() -> tuple[list[Paper], dict[str, Extraction]]:
    """Six invented abstracts on kelp: each types "cm3", "rs99120" and "reef cytometry" as Methods."""
    papers, records = [], {}
    for i in range(6):
        pid = f"k{i}"
        sentences = [
            f"Kelp growth study {i}",
            "Blades larger than 4 cm3 were sorted by reef cytometry.",
            "Carriers of rs99120 grew slower.",
        ]
        mentions = [_mention(METHOD, "cm3", 1), _mention(METHOD, "reef cytometry", 1), _mention(METHOD, "rs99120", 2)]
        papers.append(Paper(id=pid, title=sentences[0], abstract=" ".join(sentences[1:])))
        records[pid] = Extraction(pid, sentences=sentences, mentions=mentions)
    return papers, records


def _quality(G, key: str) -> float:
    return G.nodes[node_id(METHOD, key)]["quality"]


def test_a_unit_or_a_variant_is_a_hidden_method_that_keeps_its_papers():
    G = build_graph(*_corpus())
    assert _quality(G, "cm3") < DEFAULT_MIN_QUALITY and _quality(G, "rs99120") < DEFAULT_MIN_QUALITY
    assert _quality(G, "reef cytometry") >= DEFAULT_MIN_QUALITY
    assert G.has_edge(node_id("Paper", "k0"), node_id(METHOD, "cm3"))


def test_the_columnar_build_decides_the_same(tmp_path):
    papers, records = _corpus()
    assert same_graph(build_graph(papers, records), columnar_of(papers, records, tmp_path))
