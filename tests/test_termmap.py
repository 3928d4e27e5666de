"""The term map (kg.present.termmap), the thesaurus (kg.build.thesaurus) and ``kg map``, without a browser."""

import json
import re
from collections import Counter
from itertools import combinations

import pytest
from typer.testing import CliRunner

from kg.build.thesaurus import apply_thesaurus, parse_thesaurus, read_thesaurus
from kg.cli import app
from kg.present.termmap import build_term_map, make_term_map
from kg.present.termmap.network import Link, term_network, thin
from kg.present.termmap.page import link_hover, page_payload
from kg.present.termmap.vosviewer import read_vosviewer_files, read_vosviewer_json, write_vosviewer
from kg.store import open_store
from queries.schema import CO_OCCURS, PAPER
from tests.fixtures.termgraphs import TOPICS, make_topic_graph

runner = CliRunner()


@pytest.fixture(scope="module")
def topic_graph():
    return make_topic_graph()


def _papers_of(G, n):
    return {p for p in G.predecessors(n) if G.nodes[p]["label"] == PAPER}


def test_terms_are_entities_and_links_count_shared_papers(topic_graph):
    G = topic_graph
    net = term_network(G, links_per_term=1000)
    assert {t.type for t in net.terms} <= {"Method", "Dataset", "Task", "Metric", "Concept"}
    assert len(net.terms) == 48 and net.n_papers == 120
    for t in net.terms:
        assert t.papers == len(_papers_of(G, t.id)) == len(t.paper_ids)
    size = {t.id: t.papers for t in net.terms}
    expected = {}
    for a, b in combinations(sorted(size), 2):
        shared = len(_papers_of(G, a) & _papers_of(G, b))
        if shared:
            expected[(a, b)] = shared
    assert {(lk.a, lk.b): lk.papers for lk in net.links} == expected
    for lk in net.links:
        assert lk.strength == pytest.approx(lk.papers * 120 / (size[lk.a] * size[lk.b]), rel=1e-5)


def test_links_are_thinned_to_each_terms_strongest(topic_graph):
    full = term_network(topic_graph, links_per_term=1000).links
    kept = term_network(topic_graph, links_per_term=3).links
    assert len(kept) < len(full)
    for t in {lk.a for lk in full} | {lk.b for lk in full}:
        mine = sorted((lk for lk in full if t in (lk.a, lk.b)), key=lambda k: (-k.strength, -k.papers, k.a, k.b))
        kept_pairs = {(lk.a, lk.b) for lk in kept}
        assert {(lk.a, lk.b) for lk in mine[:3]} <= kept_pairs
    assert thin([Link("a", "b", 1, 1.0)], 0) == []


def test_selection_by_papers_relevance_and_years(topic_graph):
    G = topic_graph.copy()
    for d in G.nodes.values():
        d.pop("relevance", None)
    net = term_network(G, max_terms=5)
    everything = term_network(G)
    assert [t.papers for t in net.terms] == sorted((t.papers for t in everything.terms), reverse=True)[:5]
    least = everything.terms[-1]
    peers = [t.id for t in everything.terms if t.papers == least.papers]
    G.nodes[least.id]["relevance"] = 0.9  # the only term with a relevance: it outranks its peers
    ranked = term_network(G).terms
    mine = next(t for t in ranked if t.id == least.id)
    assert mine.priority == least.papers * 1.5 and mine.relevance == 0.9
    assert [t.id for t in ranked].index(least.id) < min([t.id for t in ranked].index(p) for p in peers if p != least.id)
    only_2022 = term_network(G, year_from=2022)
    assert only_2022.n_papers == 30 and all(t.year >= 2022 for t in only_2022.terms)
    assert {t.type for t in term_network(G, types=("Dataset",)).terms} == {"Dataset"}


def test_clusters_recover_the_topics_and_are_seeded(topic_graph):
    tm = build_term_map(topic_graph)
    cluster = {t.id: t.cluster for t in tm.net.terms}
    by_topic = {topic: {cluster[f"{label}:{key}"] for label, key in terms} for topic, (_, terms) in TOPICS.items()}
    assert all(len(cs) == 1 for cs in by_topic.values())
    assert len({next(iter(cs)) for cs in by_topic.values()}) == 4
    assert sorted(Counter(cluster.values())) == [1, 2, 3, 4]
    again = build_term_map(topic_graph)
    assert [(t.id, t.cluster, t.x, t.y) for t in again.net.terms] == [(t.id, t.cluster, t.x, t.y) for t in tm.net.terms]
    assert tm.silhouette >= 0.3
    # each cluster is named after its own terms
    for c, names in tm.names.items():
        assert len(names) == 3 and all(cluster[t.id] == c for t in tm.net.terms if t.name in names)


def test_page_payload_and_hover(topic_graph):
    tm = build_term_map(topic_graph)
    payload = page_payload(topic_graph, tm.net, tm.names, max_links=30)
    assert len(payload["links"]) <= 30 and len(payload["terms"]) == 48
    assert [t["id"] for t in payload["terms"]] == [
        t.id for t in sorted(tm.net.terms, key=lambda t: (-t.priority, t.id))
    ]
    seg = next(t for t in payload["terms"] if t["id"] == "Task:image segmentation")
    assert "also: image-segmentation" in seg["hover"] and f"{seg['papers']} papers" in seg["hover"]
    assert sorted(payload["papers"][i][0] for i in seg["pp"]) == sorted(
        topic_graph.nodes[p]["title"] for p in _papers_of(topic_graph, seg["id"])
    )
    assert payload["years"]["lo"] < payload["years"]["hi"]
    assert payload["density"]["src"].startswith("data:image/png;base64,")
    lk = next(lk for lk in tm.net.links if {lk.a, lk.b} == {"Task:image segmentation", "Dataset:street scenes"})
    text = link_hover(
        topic_graph, tm.net, {t.id: t.name for t in tm.net.terms}, {t.id: t.paper_ids for t in tm.net.terms}, lk
    )
    assert f"together in {lk.papers} papers" in text and "“We study" in text and "image segmentation" in text


def test_page_is_offline_and_escapes_names(topic_graph, tmp_path):
    G = topic_graph.copy()
    G.nodes["Task:image segmentation"]["name"] = "</script><b>seg</b>"
    info = make_term_map(G, tmp_path / "t.html")
    html = (tmp_path / "t.html").read_text()
    assert "</script><b>" not in html and "https://cdn" not in html and 'http-equiv="Content-Security-Policy"' in html
    payload = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert any(t["name"] == "</script><b>seg</b>" for t in payload["terms"])
    assert info.terms == 48 and info.clusters == 4 and info.bytes == len(html.encode())


THESAURUS = "label\treplace by\nstreet-scenes\tindoor rooms\nMean Overlap\t\nbeam search\tdecoding\nno such term\tanything\nbroken line\n"


def test_thesaurus_merges_renames_and_drops(topic_graph, tmp_path):
    G = topic_graph.copy()
    path = tmp_path / "thesaurus.txt"
    path.write_text(THESAURUS, encoding="utf-8")
    th = read_thesaurus(path)
    assert th.problems == [f"{path}:6: no tab between label and replacement"]
    street, rooms = "Dataset:street scenes", "Dataset:indoor rooms"
    union = _papers_of(G, street) | _papers_of(G, rooms)
    report = apply_thesaurus(G, th)
    assert report.merged == {street: rooms} and report.dropped == ["Metric:mean overlap"]
    assert report.renamed == {"Concept:beam search": "decoding"} and report.unmatched == ["no such term"]
    assert street not in G and "Metric:mean overlap" not in G
    assert _papers_of(G, rooms) == union and G.nodes[rooms]["papers"] == len(union)
    assert "street scenes" in G.nodes[rooms]["aliases"] and "street-scenes" in G.nodes[rooms]["aliases"]
    assert G.nodes["Concept:beam search"]["name"] == "decoding"
    # CO_OCCURS recomputed on the merged terms, like the builder
    co = {(u, v): d for u, v, k, d in G.edges(keys=True, data=True) if k == CO_OCCURS}
    assert all(street not in pair for pair in co)
    seg = "Task:image segmentation"
    pair = tuple(sorted((seg, rooms)))
    assert co[pair]["papers"] == len(_papers_of(G, seg) & _papers_of(G, rooms))
    # the term map with the thesaurus shows the merged term only, on a copy of the graph
    tm = build_term_map(topic_graph, thesaurus=th)
    names = {t.name for t in tm.net.terms}
    assert "street scenes" not in names and "mean overlap" not in names and "decoding" in names
    assert next(t for t in tm.net.terms if t.id == rooms).papers == len(union)
    assert street in topic_graph  # the caller's graph is untouched


@pytest.mark.slow
def test_thesaurus_applies_at_build_time(tmp_path, reuse_extractor):
    from pathlib import Path

    from kg.build.pipeline import build

    corpus = Path(__file__).parent / "fixtures" / "corpus"
    store = open_store(str(tmp_path / "plain"))
    build([corpus / "papers.jsonl", corpus / "daily.txt"], store)
    G = store.read_graph()
    target = next(n for n, d in G.nodes(data=True) if d["label"] == "Concept" and d["papers"] >= 2)
    other = next(n for n, d in G.nodes(data=True) if d["label"] == "Method" and n != target)
    th = parse_thesaurus(
        f"label\treplace by\n{G.nodes[target]['name']}\t\n{G.nodes[other]['name']}\tmy merged method\n"
    )
    merged_store = open_store(str(tmp_path / "merged"))
    build([corpus / "papers.jsonl", corpus / "daily.txt"], merged_store, thesaurus=th)
    H = merged_store.read_graph()
    assert target in G and target not in H
    assert H.nodes[other]["name"] == "my merged method"
    assert not any(target in (u, v) for u, v in H.edges())


@pytest.mark.parametrize("suffix", [".json", ".txt"])
def test_vosviewer_export_round_trip(topic_graph, tmp_path, suffix):
    tm = build_term_map(topic_graph)
    written = write_vosviewer(tm.net, tmp_path / f"terms{suffix}")
    if suffix == ".json":
        items, links = read_vosviewer_json((tmp_path / "terms.json").read_text())
    else:
        assert written == [str(tmp_path / "terms.txt"), str(tmp_path / "terms_network.txt")]
        items, links = read_vosviewer_files(
            (tmp_path / "terms.txt").read_text(), (tmp_path / "terms_network.txt").read_text()
        )
    by_id = {i.id: i for i in items}
    assert [(i.label, i.cluster, i.occurrences) for i in items] == [(t.name, t.cluster, t.papers) for t in tm.net.terms]
    name = {t.id: t.name for t in tm.net.terms}
    assert sorted((tuple(sorted((by_id[a].label, by_id[b].label))), s) for a, b, s in links) == sorted(
        (tuple(sorted((name[lk.a], name[lk.b]))), lk.papers) for lk in tm.net.links
    )
    assert all(-1 <= i.x <= 1 and -1 <= i.y <= 1 for i in items)
    t0, i0 = tm.net.terms[0], items[0]
    assert i0.year == t0.year and i0.links == sum(1 for lk in tm.net.links if t0.id in (lk.a, lk.b))


def _store_with(G, tmp_path):
    store = open_store(str(tmp_path / "store"))
    store.write_graph(G)
    store.close()
    return str(tmp_path / "store")


def test_cli_map(topic_graph, tmp_path):
    store = _store_with(topic_graph, tmp_path)
    th = tmp_path / "th.txt"
    th.write_text("label\treplace by\nstreet scenes\tindoor rooms\n")
    out = tmp_path / "terms.html"
    r = runner.invoke(
        app,
        [
            "map",
            "--store",
            store,
            "-o",
            str(out),
            "--view",
            "overlay",
            "--thesaurus",
            str(th),
            "--vosviewer",
            str(tmp_path / "terms.json"),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert (info["terms"], info["clusters"], info["view"], info["merged"]) == (47, 4, "overlay", 1)
    assert out.exists() and (tmp_path / "terms.json").exists()
    r = runner.invoke(app, ["map", "--store", store, "-o", str(out), "-t", "dataset", "-n", "5"])
    assert r.exit_code == 0 and "5 terms" in r.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--view", "sideways"], "--view must be one of"),
        (["--type", "Paper"], "--type must be among"),
        (["--thesaurus", "/no/such/file.txt"], "/no/such/file.txt"),
        (["--from", "2100"], "no terms to map"),
    ],
)
@pytest.mark.slow  # about a second or more
def test_cli_map_bad_input_is_one_error_line(topic_graph, tmp_path, args, message):
    store = _store_with(topic_graph, tmp_path)
    r = runner.invoke(app, ["map", "--store", store, "-o", str(tmp_path / "t.html"), *args])
    assert r.exit_code != 0 and message in r.output


@pytest.mark.slow
def test_term_map_is_reproducible_across_processes():
    """Terms, clusters and positions do not depend on Python's string-hash seed."""
    from tests.hashseeds import outputs_across_hash_seeds

    code = (
        "import sys\n"
        "from tests.fixtures.termgraphs import make_topic_graph\n"
        "from kg.present.termmap import build_term_map\n"
        "tm = build_term_map(make_topic_graph())\n"
        "sys.stdout.write(repr([(t.id, t.cluster, t.x, t.y) for t in tm.net.terms]))\n"
    )
    outs = outputs_across_hash_seeds(code)
    assert outs[0] == outs[1] == outs[2] and outs[0].count("Task:") == 7


def test_a_merge_keeps_one_relationship_per_paper_and_entity():
    """A paper linked to both merged entities keeps one relationship to the result (PROPOSES wins,
    as in the builder), so counting a paper's relationships counts it once."""
    from kg.core.graph import add_entity, add_paper, link_paper, new_graph
    from kg.core.papers import Paper

    G = new_graph()
    p = add_paper(G, Paper(id="p1", title="SAEs", abstract="", year=2024))
    sae = add_entity(G, "Method", "sparse autoencoder", "sparse autoencoder", aliases=["sparse autoencoder"], papers=1)
    saes = add_entity(G, "Method", "saes", "SAEs", aliases=["SAEs"], papers=1)
    link_paper(G, p, sae, "USES", count=1, evidence=["We use a sparse autoencoder."])
    link_paper(G, p, saes, "PROPOSES", count=2, evidence=["We propose SAEs."])
    apply_thesaurus(G, parse_thesaurus("SAEs\tsparse autoencoder\n"), cooccurrence=False)
    assert saes not in G
    assert list(G[p][sae]) == ["PROPOSES"]
    edge = G.edges[p, sae, "PROPOSES"]
    assert edge["type"] == "PROPOSES" and edge["count"] == 3
    assert edge["evidence"] == ["We use a sparse autoencoder.", "We propose SAEs."]
    assert G.nodes[sae]["papers"] == 1
