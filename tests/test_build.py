"""The builder: records → graph (aliases, labels, thresholds, evidence, CO_OCCURS)."""

from __future__ import annotations

import pytest

from extract.record import Extraction, Mention
from kg.build.builder import BuildConfig, build_graph, cooccurrences, resolve_aliases, vote_labels
from kg.core.papers import Paper
from queries.quality import passes
from queries.schema import (
    CO_OCCURS,
    CONCEPT,
    DATASET,
    EVALUATES_ON,
    MAX_EVIDENCE,
    MENTIONS,
    METHOD,
    PAPER,
    PROPOSES,
    USES,
    node_id,
)


def m(label, key, text=None, sentence=0, role=None, derived=False, start=0):
    text = text or key
    return Mention(
        label=label,
        key=key,
        text=text,
        start=start,
        end=start + len(text),
        sentence=sentence,
        role=role,
        derived=derived,
    )


def corpus(spec: dict[str, list[Mention]], sentences=("s0", "s1")):
    papers = [Paper(id=pid, title=f"Paper {pid}", abstract="...") for pid in spec]
    records = {pid: Extraction(pid, sentences=list(sentences), mentions=ms) for pid, ms in spec.items()}
    return papers, records


def papers_of(G, nid):
    return sorted(G.nodes[u]["id"] for u, _ in G.in_edges(nid) if G.nodes[u]["label"] == PAPER)


# --- abbreviations across papers (real extractor) ---------------------------------------------


@pytest.mark.slow
def test_bare_abbreviation_in_another_paper_joins_the_defined_node(extractor):
    papers = [
        Paper(
            id="a",
            title="Dictionary Learning at Scale",
            abstract="We train sparse autoencoders (SAEs) on the activations of a small language model.",
        ),
        Paper(
            id="b",
            title="Steering with Sparse Features",
            abstract="We clamp features found by SAEs to steer generation, and compare them with linear probes.",
        ),
    ]
    records = {r.paper_id: r for r in extractor.extract_many((p.id, p.title, p.abstract) for p in papers)}
    assert "sae" not in records["b"].abbreviations  # paper b never defines it
    G = build_graph(papers, records)
    nid = node_id(METHOD, "sparse autoencoder")
    assert papers_of(G, nid) == ["a", "b"]
    assert {"sparse autoencoders", "SAEs"} <= set(G.nodes[nid]["aliases"])
    assert not any(k.split(":", 1)[1] == "sae" for k in G.nodes)


def test_resolve_aliases_takes_the_most_frequent_definition():
    recs = [Extraction(str(i), abbreviations={"vsr": "visual speech recognition"}) for i in range(3)]
    recs.append(Extraction("3", abbreviations={"vsr": "video super resolution"}))
    assert resolve_aliases(recs) == {"vsr": "visual speech recognition"}


def test_resolve_aliases_leaves_an_ambiguous_short_form_alone():
    """Two unrelated definitions in similar numbers: MAP stays unresolved across papers."""
    recs = [
        Extraction("1", abbreviations={"map": "mean average precision"}),
        Extraction("2", abbreviations={"map": "mean average precision"}),
        Extraction("3", abbreviations={"map": "maximum a posteriori"}),
    ]
    assert resolve_aliases(recs) == {}
    recs.append(Extraction("4", abbreviations={"map": "average precision"}))  # a variant agrees
    assert resolve_aliases(recs) == {"map": "mean average precision"}


# --- labels, proposals, thresholds -------------------------------------------------------------


def test_one_label_per_key_by_majority():
    papers, records = corpus(
        {
            "p1": [m(METHOD, "widenet", "WideNet"), m(DATASET, "cifar10", "CIFAR-10")],
            "p2": [m(DATASET, "widenet", "WideNet"), m(DATASET, "cifar10", "CIFAR-10")],
            "p3": [m(DATASET, "widenet", "WideNet")],
        }
    )
    assert vote_labels(list(records.values()), {})["widenet"] == DATASET
    G = build_graph(papers, records)
    assert node_id(DATASET, "widenet") in G and node_id(METHOD, "widenet") not in G
    assert papers_of(G, node_id(DATASET, "widenet")) == ["p1", "p2", "p3"]


def test_proposals_count_double_in_the_vote_and_become_proposes_edges():
    papers, records = corpus(
        {
            "p1": [m(METHOD, "kiteseg", "KiteSeg", role="proposes")],
            "p2": [m(DATASET, "kiteseg")],
        }
    )
    G = build_graph(papers, records)
    nid = node_id(METHOD, "kiteseg")
    assert G.has_edge("Paper:p1", nid, key=PROPOSES)
    assert G.has_edge("Paper:p2", nid, key=USES)  # the other paper uses it


def test_concepts_need_two_papers_to_be_shown_but_every_one_stays_on_its_paper():
    papers, records = corpus(
        {
            "p1": [
                m(CONCEPT, "graph sparsification"),
                m(CONCEPT, "mode connectivity"),
                m(METHOD, "solonet", "SoloNet", role="proposes"),
                m(DATASET, "tinyset", "TinySet", sentence=1),
            ],
            "p2": [m(CONCEPT, "mode connectivity")],
        },
        sentences=("s0", "We report results on TinySet."),  # a sentence that calls it data (kg.build.context_types)
    )
    G = build_graph(papers, records)
    rare = node_id(CONCEPT, "graph sparsification")
    assert papers_of(G, rare) == ["p1"]  # the fact is kept, linked to its paper
    assert not passes(G.nodes[rare])  # below the default cut of corpus views
    for shown in (node_id(CONCEPT, "mode connectivity"), node_id(METHOD, "solonet"), node_id(DATASET, "tinyset")):
        assert passes(G.nodes[shown]), shown
    G1 = build_graph(papers, records, BuildConfig(min_concept_papers=1))
    assert passes(G1.nodes[rare])


def test_a_concept_in_almost_every_paper_is_hidden_in_a_large_corpus_but_kept_on_its_papers():
    spec = {
        f"p{i:02d}": [m(CONCEPT, "neural collapse")] + ([m(CONCEPT, "grokking dynamics")] if i < 5 else [])
        for i in range(60)
    }
    papers, records = corpus(spec)
    G = build_graph(papers, records)
    hub = node_id(CONCEPT, "neural collapse")
    assert len(papers_of(G, hub)) == 60 and not passes(G.nodes[hub])
    assert passes(G.nodes[node_id(CONCEPT, "grokking dynamics")])
    assert passes(build_graph(papers, records, BuildConfig(max_share=1.0)).nodes[hub])


@pytest.mark.parametrize("n, concept, entity, cooc", [(20, 2, 1, 1), (200, 2, 1, 2), (100_000, 20, 2, 10)])
def test_automatic_thresholds_scale_with_the_corpus(n, concept, entity, cooc):
    cfg = BuildConfig().resolved(n)
    assert (cfg.min_concept_papers, cfg.min_entity_papers, cfg.min_cooccurrence_papers) == (concept, entity, cooc)
    assert BuildConfig(min_concept_papers=7).resolved(n).min_concept_papers == 7


def test_derived_mentions_need_a_direct_mention_somewhere():
    papers, records = corpus(
        {
            "p1": [
                m(CONCEPT, "robustness", "robust", derived=True),
                m(CONCEPT, "invariance", "invariant", derived=True),
            ],
            "p2": [m(CONCEPT, "invariance")],
        }
    )
    G = build_graph(papers, records)
    assert papers_of(G, node_id(CONCEPT, "invariance")) == ["p1", "p2"]
    assert node_id(CONCEPT, "robustness") not in G


# --- edges ---------------------------------------------------------------------------------------


def test_paper_edges_carry_count_and_evidence_sentences():
    sentences = [f"Sentence {i} about CIFAR-10." for i in range(5)]
    papers, records = corpus(
        {
            "p1": [m(DATASET, "cifar10", "CIFAR-10", sentence=i, start=10 * i) for i in range(5)],
        },
        sentences=sentences,
    )
    G = build_graph(papers, records)
    edge = G.edges["Paper:p1", node_id(DATASET, "cifar10"), EVALUATES_ON]
    assert edge["type"] == EVALUATES_ON and edge["count"] == 5
    assert edge["evidence"] == sentences[:MAX_EVIDENCE]


def test_cooccurrence_is_stored_once_with_shared_papers_and_association_strength():
    spec = {
        "p1": [m(CONCEPT, "diffusion"), m(CONCEPT, "label noise"), m(DATASET, "cifar10")],
        "p2": [m(CONCEPT, "diffusion"), m(CONCEPT, "label noise")],
        "p3": [m(CONCEPT, "diffusion"), m(DATASET, "cifar10")],
        "p4": [m(CONCEPT, "label noise"), m(DATASET, "cifar10")],
        "p5": [m(CONCEPT, "diffusion"), m(CONCEPT, "label noise"), m(DATASET, "imagenet")],
    }
    papers, records = corpus(spec)
    G = build_graph(papers, records, BuildConfig(min_cooccurrence_papers=2))
    co = [(u, v, d) for u, v, k, d in G.edges(keys=True, data=True) if k == CO_OCCURS]
    assert co, "expected CO_OCCURS edges"
    n = len(papers)
    for u, v, d in co:
        assert u < v and not G.has_edge(v, u, key=CO_OCCURS)
        pu, pv = set(papers_of(G, u)), set(papers_of(G, v))
        assert d["papers"] == len(pu & pv) >= 2
        assert d["strength"] == pytest.approx(d["papers"] * n / (len(pu) * len(pv)), abs=1e-6)
    pairs = {(u, v) for u, v, _ in co}
    assert ("Concept:diffusion", "Concept:label noise") in pairs  # 3 shared papers
    assert not any("imagenet" in u + v for u, v in pairs)  # in one paper only: below the threshold


def test_each_entity_keeps_only_its_strongest_links():
    ents = {f"E:{i}": [f"p{j}" for j in range(10)] for i in range(6)}
    cfg = BuildConfig(max_cooccurrences_per_entity=2).resolved(10)
    links = cooccurrences(ents, 10, cfg)
    assert len(cooccurrences(ents, 10, BuildConfig().resolved(10))) == 15  # all pairs without a tight budget
    assert 0 < len(links) < 15
    assert links == sorted(links)


def test_build_is_deterministic_and_independent_of_paper_order():
    spec = {
        "p1": [m(CONCEPT, "diffusion", "diffusion models"), m(METHOD, "unet", "U-Net")],
        "p2": [m(CONCEPT, "diffusion", "Diffusion"), m(METHOD, "unet", "UNet")],
    }
    papers, records = corpus(spec)
    g1, g2 = build_graph(papers, records), build_graph(papers, records)
    assert list(g1.nodes(data=True)) == list(g2.nodes(data=True)) and list(g1.edges(keys=True, data=True)) == list(
        g2.edges(keys=True, data=True)
    )
    a, b = build_graph(papers, records), build_graph(list(reversed(papers)), records)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=repr) == sorted(b.edges(keys=True, data=True), key=repr)
    G = build_graph(papers, records)
    assert G.nodes[node_id(METHOD, "unet")]["aliases"] == ["U-Net", "UNet"]
    assert G.edges["Paper:p1", node_id(CONCEPT, "diffusion"), MENTIONS]["count"] == 1


# --- text relations ------------------------------------------------------------------------------


def test_text_relations_become_method_edges_with_papers_and_sentences():
    from extract.record import Relation
    from queries.schema import OUTPERFORMS

    papers, records = corpus(
        {
            "p1": [m(METHOD, "quillnet", "QuillNet", role=PROPOSES), m(METHOD, "bert", "BERT", sentence=1)],
            "p2": [m(METHOD, "quillnet", "QuillNet"), m(METHOD, "bert", "BERT", sentence=1), m(CONCEPT, "noise")],
        }
    )
    for rec in records.values():
        rec.relations = [Relation(OUTPERFORMS, "quillnet", "bert", 1), Relation(OUTPERFORMS, "quillnet", "noise", 1)]
    G = build_graph(papers, records)
    edge = G.edges[node_id(METHOD, "quillnet"), node_id(METHOD, "bert"), OUTPERFORMS]
    assert (edge["papers"], edge["paper_ids"], edge["evidence"]) == (2, ["p1", "p2"], ["s1"])
    # a relation to something that is not a kept Method is dropped
    assert not any(k == OUTPERFORMS for _, v, k in G.edges(keys=True) if not v.startswith("Method:"))


def test_a_method_is_never_renamed_after_a_derived_concept():
    """ "robust training" (a Method) also yields the derived "training robustness"; a paper that
    names training robustness confirms that key, but the Method keeps its own name and papers."""
    papers, records = corpus(
        {
            "p1": [
                m(METHOD, "robust training", "robust training"),
                m(CONCEPT, "training robustness", "robust training", derived=True),
            ],
            "p2": [
                m(METHOD, "robust training", "robust training"),
                m(CONCEPT, "training robustness", "robust training", derived=True),
            ],
            "p3": [m(CONCEPT, "training robustness", "training robustness")],
        }
    )
    G = build_graph(papers, records, BuildConfig(min_concept_papers=1))
    assert papers_of(G, node_id(METHOD, "robust training")) == ["p1", "p2"]
    assert papers_of(G, node_id(CONCEPT, "training robustness")) == ["p3"]


def test_entities_carry_the_year_of_their_earliest_paper():
    spec = {
        "p1": [m(CONCEPT, "label noise"), m(DATASET, "cifar10")],
        "p2": [m(CONCEPT, "label noise")],
        "p3": [m(CONCEPT, "label noise"), m(DATASET, "cifar10")],
    }
    papers, records = corpus(spec)
    papers[0].year, papers[1].year = 2021, 2019  # p3 has no year
    G = build_graph(papers, records, BuildConfig(min_concept_papers=1, min_entity_papers=1))
    assert G.nodes["Concept:label noise"]["first_year"] == 2019 and G.nodes["Dataset:cifar10"]["first_year"] == 2021
    papers[0].year = None
    G = build_graph(papers, records, BuildConfig(min_concept_papers=1, min_entity_papers=1))
    assert "first_year" not in G.nodes["Dataset:cifar10"]  # no paper of it has a year


def test_a_title_variant_joins_the_derived_key_its_own_abstract_confirms():
    """ "Noisy Labels" in a title and "noisy labels" (derived: label noise) in the abstract are one thing;
    kept as a node of its own it would be a second node for label noise on the paper's card."""
    papers, records = corpus(
        {
            "p1": [
                m(CONCEPT, "noisy label", "Noisy Labels", start=0),
                m(CONCEPT, "label noise", "noisy labels", derived=True, start=40),
            ],
            "p2": [m(CONCEPT, "label noise", "label noise")],
        }
    )
    G = build_graph(papers, records)
    assert node_id(CONCEPT, "noisy label") not in G
    assert papers_of(G, node_id(CONCEPT, "label noise")) == ["p1", "p2"]
