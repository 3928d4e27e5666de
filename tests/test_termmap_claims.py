"""The term map's link hover names the claims behind a link (issue 18, deliverable 3)."""

from __future__ import annotations

from kg.present.termmap import build_term_map
from kg.present.termmap.network import link_claims
from kg.present.termmap.page import page_payload
from tests.fixtures.graphs import make_claims_graph, make_small_graph


def test_links_carry_their_claims_in_both_directions():
    G = make_claims_graph()
    links = {(lk.a, lk.b): lk for lk in build_term_map(G).net.links}
    assert links[("Concept:label noise", "Method:noisenet")].claims == [
        {"head": "Method:noisenet", "predicate": "USED_FOR", "tail": "Concept:label noise", "papers": 2}
    ]
    assert [c["predicate"] for c in links[("Method:bert", "Method:noisenet")].claims] == [
        "COMPARED_WITH",
        "OUTPERFORMS",
    ]
    assert links[("Dataset:cifar10", "Dataset:imagenet")].claims == []  # co-occurrence only
    assert link_claims(G, "Method:noisenet", "Method:noisenet") == []


def test_link_hover_and_data_name_the_claims():
    G = make_claims_graph()
    tm = build_term_map(G)
    payload = page_payload(G, tm.net, tm.names)
    ids = [t["id"] for t in payload["terms"]]
    by_pair = {frozenset((ids[lk["a"]], ids[lk["b"]])): lk for lk in payload["links"]}
    bert = by_pair[frozenset(("Method:bert", "Method:noisenet"))]
    assert bert["hover"].endswith(
        "claims:\n  BERT — compared with → NoiseNet (1 paper)\n  NoiseNet — outperforms → BERT (1 paper)"
    )
    assert [[ids[h], p, ids[t], n] for h, p, t, n in bert["claims"]] == [
        ["Method:bert", "COMPARED_WITH", "Method:noisenet", 1],
        ["Method:noisenet", "OUTPERFORMS", "Method:bert", 1],
    ]
    plain = [lk for lk in payload["links"] if not lk["claims"]]
    assert plain and all("claims:" not in lk["hover"] for lk in plain)


def test_a_graph_without_claims_has_no_claim_lines():
    G = make_small_graph()
    tm = build_term_map(G)
    assert all(lk["claims"] == [] and "claims:" not in lk["hover"] for lk in page_payload(G, tm.net, tm.names)["links"])
