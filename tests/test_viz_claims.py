"""kg viz draws claims (issue 18, deliverable 3): labelled arrows styled by predicate family, in the legend;
the page's data checked here, the drawn page in tests/test_viz_browser.py."""

from __future__ import annotations

import json
import re

from kg.present.select import Selection, select
from kg.present.viz.page import render_page
from kg.present.viz.style import CLAIM_FAMILIES
from queries.schema import CLAIM_RELS
from tests.fixtures.graphs import CLAIMS, make_claims_graph


def _payload(html: str) -> dict:
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))


def test_claims_are_labelled_arrows_styled_apart_from_other_links():
    G = make_claims_graph()
    html, extra = render_page(select(G, Selection()), G)
    edges = {e["id"]: e for e in _payload(html)["edges"]}
    claims = {i: e for i, e in edges.items() if e["kg_type"] in CLAIM_RELS}
    assert len(claims) == len(CLAIMS)
    assert set(claims) == {f"{u}|{k}|{v}" for u, v, k in G.edges(keys=True) if k in CLAIM_RELS}
    used = claims["Method:noisenet|USED_FOR|Concept:label noise"]
    # the page draws the predicate (``kg_label``) with the node labels, never overlapping; vis draws no label
    assert (used["from"], used["to"], used["kg_label"]) == ("Method:noisenet", "Concept:label noise", "used for")
    assert "label" not in used and used["kg_rank"] >= 0
    assert used["arrows"]["to"]["enabled"] and "from" not in used["arrows"]
    assert used["title"].startswith("NoiseNet — used for → label noise\n2 papers · confidence 0.96\n“We propose")
    # a symmetric claim points both ways; families differ in colour and dash
    assert claims["Method:bert|COMPARED_WITH|Method:noisenet"]["arrows"]["from"]["enabled"]
    out = claims["Method:noisenet|OUTPERFORMS|Method:bert"]
    assert (out["color"]["color"], out["dashes"]) == CLAIM_FAMILIES["comparison"]
    assert used["dashes"] is False and used["color"]["color"] != out["color"]["color"]
    others = [e for i, e in edges.items() if i not in claims]
    assert all(not e["arrows"]["to"]["enabled"] and "label" not in e and "kg_label" not in e for e in others)
    assert {e["color"]["color"] for e in others}.isdisjoint({c for c, _ in CLAIM_FAMILIES.values()})
    # the legend: one row per family drawn, its predicates and arrow count
    assert [(r["family"], r["predicates"], r["count"]) for r in extra["claims"]] == [
        ("use and evaluation", ["used for", "evaluates"], 4),
        ("kinds and parts", ["is a", "feature of"], 2),
        ("comparison", ["compared with", "outperforms"], 2),
    ]
    assert 'id="legend-claims"' in html and "used for, evaluates" in html and 'stroke-dasharray="10 4"' in html


def test_a_map_without_claims_has_no_claim_legend(small_graph):
    html, extra = render_page(select(small_graph, Selection()), small_graph)
    assert extra["claims"] == [] and 'id="legend-claims"' not in html
