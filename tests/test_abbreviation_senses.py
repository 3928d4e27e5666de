"""An abbreviation's sense is per paper (kg.build.builder.own_senses): a short form defined in some papers
joins its long form in a paper that does not define it only when that paper's own use does not contradict
it. Every abstract here is written for its rule; the names in them are invented."""

from __future__ import annotations

import pytest

from bench.columnar_parity import table_rows
from extract.normalise import canonical_key
from extract.record import Extraction, Mention, Relation
from kg.build.builder import build_graph, own_senses, resolve_aliases
from kg.build.columnar import RecordTables, columnar_graph, compute
from kg.build.pipeline import same_graph
from kg.core.papers import Paper
from kg.store.ladybug_schema import graph_tables
from queries.schema import DATASET, METHOD, METRIC, PROPOSES, TASK, USED_FOR, node_id


def paper(pid, sentences, mentions, abbreviations=None, relations=()):
    """A record of ``sentences`` (joined by one space) with ``(label, text, key, role)`` mentions placed at
    each text's first occurrence (the key is the text's own unless given: a defining paper's short form
    carries its long form's key, as the extractor gives it) and ``(type, head text, tail text)`` relations."""
    text = " ".join(sentences)
    starts = [sum(len(s) + 1 for s in sentences[:i]) for i in range(len(sentences))]
    found = []
    for label, name, key, role in mentions:
        at = text.find(name)
        assert at >= 0, name
        sentence = max(i for i, s in enumerate(starts) if s <= at)
        found.append(Mention(label, key or canonical_key(name), name, at, at + len(name), sentence, role))
    by_text = {m.text: m for m in found}
    rels = [Relation(t, by_text[h].key, by_text[tl].key, by_text[h].sentence, 0.9, "model") for t, h, tl in relations]
    return Extraction(pid, list(sentences), found, rels, dict(abbreviations or {}))


def M(label, text, key=None, role=None):
    return (label, text, key, role)


HVT = "harbour vessel tracking"


def defines_hvt(pid):
    return paper(
        pid,
        [f"We study harbour vessel tracking (HVT) with radar in paper {pid}.", "HVT needs long tracks."],
        [M(TASK, "harbour vessel tracking"), M(TASK, "HVT", HVT), M(METHOD, "radar")],
        {"hvt": HVT},
    )


def build(*records):
    papers = [Paper(id=r.paper_id, title=f"Paper {r.paper_id}", abstract=" ".join(r.sentences)) for r in records]
    return build_graph(papers, {r.paper_id: r for r in records})


def links(G, pid):
    return {(k, v) for _, v, k in G.out_edges(f"Paper:{pid}", keys=True)}


def linked(G, pid, label, key):
    return any(v == node_id(label, key) for _, v in links(G, pid))


def test_a_short_form_its_paper_uses_for_a_dataset_keeps_that_sense():
    """Two papers define HVT as a task; a third evaluates on "datasets, including HVT": a benchmark, not
    the task. A fourth speaks of HVT without a cue: the corpus's sense."""
    dataset_use = paper(
        "p3",
        ["Our tracker is tested on three datasets, including HVT and PierCam."],
        [M(METHOD, "tracker"), M(DATASET, "HVT"), M(DATASET, "PierCam")],
    )
    plain_use = paper("p4", ["Recent work on HVT relies on dense detectors."], [M(TASK, "HVT")])
    G = build(defines_hvt("p1"), defines_hvt("p2"), dataset_use, plain_use)
    assert linked(G, "p3", DATASET, "hvt") and not linked(G, "p3", TASK, HVT)
    assert G.nodes[node_id(DATASET, "hvt")]["papers"] == 1
    for pid in ("p1", "p2", "p4"):
        assert linked(G, pid, TASK, HVT) and not linked(G, pid, DATASET, "hvt")
    assert G.nodes[node_id(TASK, HVT)]["papers"] == 3


def test_a_label_its_sentences_do_not_confirm_is_no_sense_of_its_own():
    """The span model typed this HVT a Dataset, but nothing in the sentence says so (nor against): the
    label alone is too noisy to split a node (on arXiv most such labels were wrong)."""
    G = build(defines_hvt("p1"), defines_hvt("p2"), paper("p5", ["HVT remains hard in fog."], [M(DATASET, "HVT")]))
    assert linked(G, "p5", TASK, HVT)
    assert node_id(DATASET, "hvt") not in G


def test_a_name_a_paper_proposes_is_its_own_not_another_papers_abbreviation():
    def defines(pid):
        return paper(
            pid,
            [f"Sparse trajectory encoding (STE) compresses ship logs in study {pid}."],
            [M(METHOD, "Sparse trajectory encoding"), M(METHOD, "STE", "sparse trajectory encoding")],
            {"ste": "sparse trajectory encoding"},
        )

    proposer = paper(
        "p3",
        ["We propose STE, a framework that learns topics and embeddings jointly."],
        [M(METHOD, "STE", role=PROPOSES)],
    )
    G = build(defines("p1"), defines("p2"), proposer)
    assert ("PROPOSES", node_id(METHOD, "ste")) in links(G, "p3")
    assert not linked(G, "p3", METHOD, "sparse trajectory encoding")
    assert linked(G, "p1", METHOD, "sparse trajectory encoding")


def test_a_metric_abbreviation_is_not_an_algorithm_that_shares_its_letters():
    """MER is a mooring error rate in two papers (a metric by its words); a third paper's "MER converges
    slowly" is an algorithm, a fourth's "in terms of MER" the metric. (Where the vocabulary knows the short
    form, curation has the last word: "EM" is the metric exact match whatever a paper means.)"""

    def defines(pid):
        return paper(
            pid,
            [f"Our planner reaches 71.2 mooring error rate (MER) on the dev set of study {pid}."],
            [M(METRIC, "mooring error rate"), M(METRIC, "MER", "mooring error rate")],
            {"mer": "mooring error rate"},
        )

    algorithm = paper(
        "p3", ["MER converges slowly on our mixture of experts."], [M(METHOD, "MER"), M(METHOD, "mixture of experts")]
    )
    metric = paper("p4", ["The planner gains 3 points in terms of MER."], [M(METRIC, "MER")])
    G = build(defines("p1"), defines("p2"), algorithm, metric)
    the_metric = links(G, "p1")
    assert the_metric and all(v.startswith("Metric:") for _, v in the_metric)
    assert links(G, "p4") == the_metric
    assert linked(G, "p3", METHOD, "mer") and not links(G, "p3") & the_metric


def test_a_paper_that_defines_the_short_form_follows_its_own_definition():
    """Three papers define SSD as solid state drives, one as single shot detectors; a mention of that paper
    still keyed "ssd" (its title, say) is its own detector, not the corpus's drive."""

    def drives(pid):
        return paper(
            pid,
            [f"Solid state drives (SSDs) cut the latency of log store {pid}."],
            [M(METHOD, "Solid state drives"), M(METHOD, "SSDs", "solid state drive")],
            {"ssd": "solid state drive"},
        )

    detector = paper(
        "p4",
        ["SSD on Drones", "We speed up single shot detectors (SSD) for drones."],
        [M(METHOD, "SSD"), M(METHOD, "single shot detectors"), M(METHOD, "SSD)", "single shot detector")],
        {"ssd": "single shot detector"},
    )
    records = [drives("p1"), drives("p2"), drives("p3"), detector]
    assert resolve_aliases(records) == {"ssd": "solid state drive"}
    assert own_senses(records, resolve_aliases(records)) == {("p4", "ssd"): "single shot detector"}
    G = build(*records)
    assert linked(G, "p4", METHOD, "single shot detector") and not linked(G, "p4", METHOD, "solid state drive")
    assert all(linked(G, pid, METHOD, "solid state drive") for pid in ("p1", "p2", "p3"))


def test_a_defining_paper_takes_its_definition_from_the_extractor(extractor):
    """End to end: the extractor gives a paper's own definition to its short form's mentions, whatever the
    corpus says."""

    def drives(pid):
        return paper(
            pid,
            [f"Solid state drives (SSDs) cut the latency of log store {pid}."],
            [M(METHOD, "Solid state drives"), M(METHOD, "SSDs", "solid state drive")],
            {"ssd": "solid state drive"},
        )

    rec = extractor.extract(
        "", "We speed up sparse scene detectors (SSD) for drones. Our SSD runs at 40 frames per second on a phone."
    )
    assert rec.abbreviations.get("ssd") == "sparse scene detector", rec.abbreviations
    rec.paper_id = "p4"
    G = build(drives("p1"), drives("p2"), drives("p3"), rec)
    assert not linked(G, "p4", METHOD, "solid state drive")
    assert any(v.endswith(":sparse scene detector") for _, v in links(G, "p4")), links(G, "p4")


def test_only_a_clear_majority_of_defining_papers_makes_an_alias_for_the_others():
    """Three of four defining papers agree (0.75): the others' bare short form follows them; two of three do
    not make a corpus sense, and a bare use stays a node of its own."""

    def defines(pid, long):
        words = long.split()
        short = "".join(w[0] for w in words).upper()
        return paper(
            pid,
            [f"We use {long} ({short}) in study {pid}."],
            [M(METHOD, long), M(METHOD, short, long)],
            {short.lower(): long},
        )

    bare = paper("p9", ["We train LGR on quay cranes."], [M(METHOD, "LGR")])
    agreeing = [defines(f"p{i}", "latent graph routing") for i in range(3)] + [defines("p3", "local gain recovery")]
    assert resolve_aliases(agreeing) == {"lgr": "latent graph routing"}
    assert linked(build(*agreeing, bare), "p9", METHOD, "latent graph routing")
    split = [defines(f"p{i}", "latent graph routing") for i in range(2)] + [defines("p3", "local gain recovery")]
    assert resolve_aliases(split) == {}
    assert linked(build(*split, bare), "p9", METHOD, "lgr")


def edge_records() -> list[Extraction]:
    """The senses above in one corpus, with a claim on a short form kept apart and a variant key ("HVT
    benchmarks") the corpus resolves through the short form."""
    dataset_use = paper(
        "p3",
        ["Our tracker is tested on three datasets, including HVT and PierCam.", "HVT benchmarks favour radar."],
        [M(METHOD, "tracker"), M(DATASET, "HVT"), M(DATASET, "PierCam"), M(DATASET, "HVT benchmarks")],
        relations=[(USED_FOR, "PierCam", "HVT")],
    )
    variant_use = paper(
        "p6", ["HVT benchmarks are scarce.", "We study HVT."], [M(DATASET, "HVT benchmarks"), M(TASK, "HVT")]
    )
    proposer = paper(
        "p7",
        ["We propose HVT, a model that learns vessel routes.", "HVT outperforms radar."],
        [M(METHOD, "HVT", role=PROPOSES), M(METHOD, "radar")],
        relations=[("COMPARED_WITH", "HVT", "radar")],
    )
    own_definition = paper(
        "p8",
        ["HVT for Docks", "We apply a hull vibration transform (HVT) to docks."],
        [M(TASK, "HVT"), M(METHOD, "hull vibration transform"), M(METHOD, "HVT)", "hull vibration transform")],
        {"hvt": "hull vibration transform"},
    )
    return [
        defines_hvt("p1"),
        defines_hvt("p2"),
        defines_hvt("p0"),
        dataset_use,
        paper("p4", ["Recent work on HVT relies on dense detectors."], [M(TASK, "HVT")]),
        paper("p5", ["HVT remains hard in fog."], [M(DATASET, "HVT")]),
        variant_use,
        proposer,
        own_definition,
    ]


def test_the_edge_records_exercise_every_sense():
    records = edge_records()
    senses = own_senses(records, resolve_aliases(records))
    assert senses == {("p3", "hvt"): None, ("p7", "hvt"): None, ("p8", "hvt"): "hull vibration transform"}


@pytest.mark.parametrize("check", ["graph", "tables"])
def test_the_columnar_build_keeps_the_same_senses(tmp_path, check):
    pytest.importorskip("duckdb")
    records = {r.paper_id: r for r in edge_records()}
    papers = [Paper(id=pid, title=f"Paper {pid}", abstract=" ".join(r.sentences)) for pid, r in records.items()]
    hashes = {pid: f"h-{pid}" for pid in records}
    tables = RecordTables(tmp_path / "tables")
    tables.add((hashes[pid], rec) for pid, rec in records.items())
    G = build_graph(papers, records)
    # one node for the short form where papers keep it apart (p3's benchmark, p7's model: the proposal's type)
    assert linked(G, "p3", METHOD, "hvt") and linked(G, "p7", METHOD, "hvt") and not linked(G, "p3", TASK, HVT)
    assert linked(G, "p8", METHOD, "hull vibration transform") and not linked(G, "p8", TASK, HVT)
    if check == "graph":
        assert same_graph(G, columnar_graph(papers, hashes, tables))
    else:
        assert table_rows(compute(papers, hashes, tables).tables().tables) == table_rows(graph_tables(G))
