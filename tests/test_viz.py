import json
import re

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.core.graph import add_entity, add_paper, link_paper
from kg.core.papers import Paper
from kg.present.html import vis_asset
from kg.present.select import Selection, select
from kg.present.viz import DEFAULT_TOP, make_map
from kg.present.viz.community import communities
from kg.present.viz.page import PageError, render_page
from kg.store import EmbeddedStore

runner = CliRunner()


def _payload(html: str) -> dict:
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_page_is_self_contained(small_graph):
    html, _ = render_page(select(small_graph), small_graph)
    # vis-network is inlined verbatim from pyvis's bundled copy ...
    vis_js, vis_css = vis_asset("vis-network.min.js"), vis_asset("vis-network.css")
    assert vis_js in html and vis_css in html
    assert "url(http" not in vis_css and "@import" not in vis_css
    # ... and the rest of the page loads nothing: no src/href/@import/url() at all
    rest = html.replace(vis_js, "").replace(vis_css, "")
    rest = re.sub(r'<script id="kg-data".*?</script>', "", rest, flags=re.S)  # the data (paper URLs are data)
    assert not re.search(r"\b(src|href)\s*=|@import|url\(", rest)
    assert "default-src 'none'" in html and "connect-src 'none'" in html
    assert "bootstrap" not in html.lower()
    assert "vis-network" in html and "new vis.Network(" in html


def test_page_data_matches_selection(small_graph):
    sub = select(small_graph, Selection(around=["invariance"]))
    html, extra = render_page(sub, small_graph, seeds=["Concept:invariance"])
    data = _payload(html)
    assert {n["id"] for n in data["nodes"]} == set(sub.nodes)
    assert len(data["edges"]) == sub.number_of_edges()
    by_id = {n["id"]: n for n in data["nodes"]}
    # size by paper count, shape and colour by type, seed outlined
    assert by_id["Dataset:imagenet"]["value"] == 3 and by_id["Dataset:imagenet"]["shape"] == "diamond"
    assert by_id["Concept:invariance"]["kg_seed"] is True
    assert by_id["Paper:p4"]["kg_url"] == "https://example.org/p4"
    # hover: aliases and papers; edge hover: the evidence sentence
    assert "2024 · FlowNet: Invariance for Forecasting" in by_id["Concept:invariance"]["title"]
    ev = next(e for e in data["edges"] if e["id"] == "Paper:p4|PROPOSES|Method:flownet")
    assert "We introduce FlowNet, enforcing invariance" in ev["title"]
    co = [e for e in data["edges"] if e["kg_type"] == "CO_OCCURS"]
    assert co and all(e["value"] > 0 for e in co)  # width by strength
    assert {t["label"] for t in extra["types"]} == {d["label"] for _, d in sub.nodes(data=True)}


def test_labels_are_the_pages_with_ranks_and_papers_have_short_titles():
    """vis draws no labels (the page does, by ``kg_rank``); a paper's hover starts with its title cut at a word,
    then year, first author and venue; its label is the name before the colon or its first words."""
    from tests.fixtures.graphs import make_dense_graph

    G = make_dense_graph()
    html, _ = render_page(G, G, seeds=["Concept:label noise"])
    data = _payload(html)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert not any("label" in n for n in data["nodes"])
    claims = [e for e in data["edges"] if "kg_label" in e]
    assert len(claims) == 3  # nodes and claims share one order of placement, claims after the entities
    ranks = sorted(x["kg_rank"] for x in data["nodes"] + claims)
    assert ranks == list(range(len(by_id) + len(claims)))
    ranked = sorted(data["nodes"], key=lambda n: n["kg_rank"])
    assert ranked[0]["id"] == "Concept:label noise" and ranked[0]["kg_font"] >= 20
    kinds = [n["kg_type"] == "Paper" for n in ranked]
    assert kinds == sorted(kinds)  # every entity before every paper, the claims between them
    first_paper = min(n["kg_rank"] for n in ranked if n["kg_type"] == "Paper")
    last_entity = max(n["kg_rank"] for n in ranked if n["kg_type"] != "Paper")
    assert all(last_entity < e["kg_rank"] < first_paper for e in claims)
    entities = [n for n in ranked[1:] if n["kg_type"] != "Paper"]
    assert [n["value"] for n in entities] == sorted((n["value"] for n in entities), reverse=True)
    assert entities[0]["kg_font"] > entities[-1]["kg_font"]  # bigger entities, bigger labels
    p = by_id["Paper:ln4"]
    first, second = p["title"].splitlines()[:2]
    title = G.nodes["Paper:ln4"]["title"]
    assert len(title) > 100 and first.endswith("…") and len(first) <= 100  # cut at a word, not mid-word
    assert title.startswith(first[:-1]) and title[len(first) - 1] == " "
    assert second == "2019 · Lindqvist M."
    assert p["kg_label"] == "Learning with noisy…" and len(p["kg_label"]) <= 24
    small = _payload(render_page(*[make_dense_graph(n_papers=3)] * 2)[0])
    assert {n["kg_label"] for n in small["nodes"] if n["kg_type"] == "Paper"} == {"Learning with noisy…"}


def test_paper_label_prefers_the_name_before_a_colon(small_graph):
    html, _ = render_page(small_graph, small_graph)
    labels = {n["id"]: n["kg_label"] for n in _payload(html)["nodes"]}
    assert labels["Paper:p1"] == "NoiseNet"
    assert all(0 < len(t) <= 32 for t in labels.values())


def test_hover_text_cannot_inject_html(small_graph):
    G = small_graph
    p = add_paper(G, Paper(id="evil", title="</script><script>alert(1)</script>", abstract="x", year=2020))
    m = add_entity(G, "Method", "evil", "<img src=x onerror=alert(1)>", papers=1)
    link_paper(G, p, m, "PROPOSES", evidence=["</script> & <b>"])
    html, _ = render_page(select(G), G)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    data = _payload(html)
    assert any(n["title"].startswith("</script><script>alert(1)</script>") for n in data["nodes"])


def test_colour_modes(small_graph):
    sub = select(small_graph)
    comm = communities(sub)
    for mode in ("type", "community", "year"):
        html, extra = render_page(sub, small_graph, color=mode)
        data = _payload(html)
        assert data["color"] == mode
        assert all(n["color"] == n["kg_colors"][mode] for n in data["nodes"])
    # nodes in one cluster share a colour; different clusters differ
    by_id = {n["id"]: n["kg_colors"]["community"] for n in data["nodes"]}
    assert by_id["Concept:label noise"] == by_id["Dataset:cifar10"]
    assert len({by_id[n] for n in by_id if comm[n] is not None}) == len({c for c in comm.values() if c is not None})
    # year: 2021 paper and 2024 paper get the two ends of the ramp
    years = {n["id"]: n["kg_colors"]["year"] for n in data["nodes"]}
    assert years["Paper:p1"] == "#440154" and years["Paper:p5"] == "#fde725"
    with pytest.raises(PageError, match="`color` must be one of") as err:  # the parameter, not the CLI flag
        render_page(sub, small_graph, color="rainbow")
    assert "--" not in str(err.value)


def test_communities_are_deterministic(small_graph):
    """The same graph with its nodes and edges inserted in reverse order gives the same clusters."""
    import networkx as nx

    reversed_graph = nx.MultiDiGraph()
    reversed_graph.add_nodes_from(reversed(list(small_graph.nodes(data=True))))
    reversed_graph.add_edges_from(reversed(list(small_graph.edges(keys=True, data=True))))
    assert list(reversed_graph) != list(small_graph)
    comm = communities(small_graph)
    assert comm == communities(reversed_graph)
    assert len({c for c in comm.values() if c is not None}) >= 2  # a real clustering, not one blob


def test_layout_modes(small_graph):
    sub = select(small_graph)
    html, extra = render_page(sub, small_graph, layout="python")
    data = _payload(html)
    assert extra["physics"] is False and data["options"]["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    html, extra = render_page(sub, small_graph, layout="auto")
    opts = _payload(html)["options"]["physics"]
    assert extra["physics"] and opts["stabilization"]["iterations"] > 0


def test_make_map_caps_by_default(small_graph, tmp_path):
    for i in range(DEFAULT_TOP + 20):
        add_entity(small_graph, "Concept", f"c{i}", f"c{i}", papers=1)
        link_paper(small_graph, "Paper:p1", f"Concept:c{i}", "MENTIONS")
    info = make_map(small_graph, None, tmp_path / "m.html")
    assert info.nodes == DEFAULT_TOP
    info = make_map(small_graph, Selection(top=400), tmp_path / "m.html")
    assert info.nodes == small_graph.number_of_nodes()


@pytest.fixture
def store(small_graph, tmp_path):
    s = EmbeddedStore(tmp_path / "store")
    s.write_graph(small_graph)
    return str(s.path)


def test_cli_viz(store, tmp_path):
    out = tmp_path / "map.html"
    r = runner.invoke(
        app,
        [
            "viz",
            "--store",
            store,
            "--around",
            "label noise",
            "--no-papers",
            "--color",
            "community",
            "-o",
            str(out),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    data = _payload(out.read_text())
    assert info["nodes"] == len(data["nodes"]) == 5
    assert not any(n["kg_type"] == "Paper" for n in data["nodes"])
    assert "around label noise" in out.read_text()

    r = runner.invoke(app, ["viz", "--store", store, "--from", "2024", "-t", "method", "-t", "paper", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "Wrote" in r.stdout and "5 nodes" in r.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--around", "nosuchthing"], "no entity named 'nosuchthing'"),
        (["--type", "Gadget"], "unknown type 'Gadget'"),
        (["--color", "rainbow"], "--color must be one of"),
        (["--via", "air"], "via must be one of"),
        (["--param", "novalue"], "expected NAME=VALUE"),
        (["--from", "1990", "--to", "1991"], "nothing in the graph matches"),
    ],
)
@pytest.mark.slow  # about a second or more
def test_cli_viz_bad_input_is_one_error_line(store, tmp_path, args, message):
    r = runner.invoke(app, ["viz", "--store", store, "-o", str(tmp_path / "m.html"), *args])
    assert r.exit_code == 1
    assert message in r.output
    assert "Traceback" not in r.output
    assert not (tmp_path / "m.html").exists()


def test_cli_viz_empty_store(tmp_path):
    r = runner.invoke(app, ["viz", "--store", str(tmp_path / "nothing"), "-o", str(tmp_path / "m.html")])
    assert r.exit_code == 1 and "graph is empty" in r.output


@pytest.mark.slow
def test_page_is_reproducible_across_processes(tmp_path):
    """Selection, clusters and layout do not depend on Python's string-hash seed."""
    from tests.hashseeds import outputs_across_hash_seeds

    code = (
        "import json, re, sys\n"
        "from tests.fixtures.graphs import make_small_graph\n"
        "from kg.present.select import Selection, select\n"
        "from kg.present.viz.page import render_page\n"
        "G = make_small_graph()\n"
        "html, _ = render_page(select(G, Selection(around=['accuracy'], via='cooccurs')), G, color='community', layout='python')\n"
        'sys.stdout.write(re.search(r\'<script id="kg-data" type="application/json">(.*?)</script>\', html, re.S).group(1))\n'
    )
    outs = outputs_across_hash_seeds(code)
    assert outs[0] == outs[1] == outs[2]
    assert len(json.loads(outs[0])["nodes"]) == 4
