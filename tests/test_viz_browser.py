"""The concept map in a real headless Chromium, with networking cut off."""

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from bench.support.browser import available, chromium, network_requests, wait_for
from extract.normalise import canonical_key
from kg.present.select import Selection, select
from kg.present.viz import make_map

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", autouse=True)
def _needs_chromium():
    """Fail (not skip) without Chromium: the CI image installs both (scripts/install.sh test).
    A fixture, not a check at import, so a run that leaves ``browser`` out never needs it."""
    if available():
        pytest.fail(f"browser test needs Chromium: {available()}", pytrace=False)


def _external(urls):
    return [u for u in urls if not u.startswith(("file://", "data:", "blob:", "about:"))]


def _open(driver, path):
    network_requests(driver)  # drop what the browser did at start-up
    driver.get(path.as_uri())
    wait_for(driver, "window.paperkg && window.paperkg.stabilized", timeout=60)


def _dom_pos(driver, node_id):
    return driver.execute_script(
        "var p = network.getPositions([arguments[0]])[arguments[0]]; return network.canvasToDOM(p);", node_id
    )


def _move_to(driver, node_id):
    canvas = driver.find_element(By.CSS_SELECTOR, "#mynetwork canvas")
    pos = _dom_pos(driver, node_id)
    rect = driver.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", canvas)
    chain = ActionChains(driver)
    chain.move_to_element_with_offset(canvas, int(pos["x"] - rect[0] / 2), int(pos["y"] - rect[1] / 2))
    return chain


@pytest.fixture(scope="module")
def browser():
    with chromium(width=1400, height=900, offline=True) as driver:
        yield driver


def test_page_draws_offline_with_the_selection(browser, small_graph, tmp_path):
    spec = Selection(around=["diffusion"], depth=1)
    sub = select(small_graph, spec)
    page = tmp_path / "map.html"
    make_map(small_graph, spec, page)
    _open(browser, page)

    # vis network exists and has drawn onto a canvas
    assert browser.execute_script("return window.network instanceof vis.Network")
    assert browser.execute_script("return window.paperkg.drawn") > 0
    size = browser.execute_script(
        "var c = document.querySelector('#mynetwork canvas'); return c ? [c.width, c.height] : null;"
    )
    assert size and size[0] > 500 and size[1] > 400
    inked = browser.execute_script(
        """var c = document.querySelector('#mynetwork canvas');
           var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
           for (var i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++; }
           return n;"""
    )
    assert inked > 2000

    # the page's data is exactly the selection
    assert browser.execute_script("return window.paperkg.nodes.length") == sub.number_of_nodes()
    assert browser.execute_script("return window.paperkg.edges.length") == sub.number_of_edges()
    assert set(browser.execute_script("return window.paperkg.nodes.getIds()")) == set(sub.nodes)
    assert set(browser.execute_script("return window.paperkg.edges.getIds()")) == {
        f"{u}|{k}|{v}" for u, v, k in sub.edges(keys=True)
    }
    assert len(browser.execute_script("return Object.keys(network.getPositions())")) == sub.number_of_nodes()

    # nothing was fetched but the file itself
    assert browser.execute_script("return navigator.onLine") is False
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )
    assert _external(resources) == []
    requests = network_requests(browser)
    assert page.as_uri() in requests
    assert _external(requests) == []

    shot = tmp_path / "map.png"
    assert browser.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") >= 1000 and len(data) > 20_000


def test_hover_shows_aliases_and_papers_click_opens_paper(browser, small_graph, tmp_path):
    page = tmp_path / "map.html"
    make_map(small_graph, Selection(), page)
    _open(browser, page)

    _move_to(browser, "Dataset:cifar10").perform()
    text = wait_for(
        browser,
        "(function(){var t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility !== 'hidden' && t.innerText.indexOf('CIFAR') >= 0 ? t.innerText : '';})()",
        timeout=10,
    )
    assert "also: CIFAR10" in text
    assert "2021 · NoiseNet: Robust Training under Label Noise" in text

    browser.execute_script(
        "window.__opened = []; window.open = function (u) { window.__opened.push(u); return null; };"
    )
    _move_to(browser, "Paper:p1").click().perform()
    assert wait_for(browser, "window.__opened.length && window.__opened", timeout=5) == ["https://example.org/p1"]


def test_colour_switch_uses_communities(browser, small_graph, tmp_path):
    page = tmp_path / "map.html"
    make_map(small_graph, Selection(), page, color="type")
    _open(browser, page)
    browser.find_element(By.CSS_SELECTOR, "input[name='kg-color'][value='community']").click()
    time.sleep(0.1)
    rows = browser.execute_script(
        "return window.paperkg.nodes.get().map(function (n) { return [n.color, n.kg_colors.community]; })"
    )
    assert all(a == b for a, b in rows if isinstance(a, str))
    assert browser.find_element(By.CSS_SELECTOR, "section[data-legend='community']").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "section[data-legend='type']").is_displayed()


def test_request_detector_catches_an_external_request(browser, tmp_path):
    """The offline checks above can fail: a page that does fetch is caught."""
    page = tmp_path / "leaky.html"
    page.write_text('<html><body><img src="https://example.org/x.png"></body></html>')
    network_requests(browser)
    browser.get(page.as_uri())
    time.sleep(0.5)
    assert "https://example.org/x.png" in _external(network_requests(browser))


def test_claims_are_drawn_as_labelled_arrows_with_a_legend(browser, tmp_path):
    """The vis-network DataSet holds the claims as labelled arrows, styled apart from paper and co-occurrence
    links, and the legend lists their predicates (issue 18)."""
    from tests.fixtures.graphs import make_claims_graph

    G = make_claims_graph()
    page = tmp_path / "claims.html"
    make_map(G, Selection(around=["NoiseNet"], depth=1), page)
    _open(browser, page)
    edges = browser.execute_script(
        """return network.body.data.edges.get().map(function (e) {
             return {id: e.id, type: e.kg_type, label: e.kg_label || null, visLabel: e.label || null, to: !!(e.arrows && e.arrows.to && e.arrows.to.enabled),
                     colour: e.color && e.color.color, dashes: e.dashes};
           });"""
    )
    claims = {e["id"]: e for e in edges if e["label"]}
    assert set(claims) == {
        "Method:noisenet|USED_FOR|Concept:label noise",
        "Method:noisenet|OUTPERFORMS|Method:bert",
        "Method:bert|COMPARED_WITH|Method:noisenet",
        "Dataset:imagenet|EVALUATES|Method:noisenet",
        "Metric:accuracy|EVALUATES|Method:noisenet",
    }
    assert {e["label"] for e in claims.values()} == {"used for", "outperforms", "compared with", "evaluates"}
    assert all(e["to"] for e in claims.values())
    others = [e for e in edges if not e["label"]]
    assert others and not any(e["to"] for e in others)
    assert {e["colour"] for e in claims.values()}.isdisjoint({e["colour"] for e in others})
    # vis-network drew the arrows (an arrow head at the "to" end) and the page their labels, beside the
    # node labels: one per pair of nodes at least (two claims between the same two share a middle)
    assert browser.execute_script(
        "return network.body.edges['Method:noisenet|USED_FOR|Concept:label noise'].options.arrows.to.enabled"
    )
    assert not any(e["visLabel"] for e in edges)
    pairs = {tuple(sorted(i.split("|")[::2])) for i in claims}
    labelled = set()
    for a, b in sorted(pairs):  # zoomed in on each arrow, its label is drawn, and no label overlaps another
        browser.execute_script(
            """var p = network.getPositions([arguments[0], arguments[1]]);
               network.moveTo({position: {x: (p[arguments[0]].x + p[arguments[1]].x) / 2,
                                          y: (p[arguments[0]].y + p[arguments[1]].y) / 2},
                               scale: 4 * paperkg.scale0, animation: false});""",
            a,
            b,
        )
        labels = _labels_now(browser)
        assert _overlaps(labels) == []
        drawn = browser.execute_script("return paperkg.labels.filter(function (l) { return l.kind === 'edge'; })")
        assert {lab["text"] for lab in drawn} <= {e["label"] for e in claims.values()}
        labelled |= {tuple(sorted(lab["id"].split("|")[::2])) for lab in drawn}
    assert labelled == pairs
    legend = browser.execute_script("return document.getElementById('legend-claims').innerText")
    assert "CLAIMS (ARROWS)" in legend.upper()
    for text in ("used for, evaluates", "compared with, outperforms"):
        assert text in legend
    browser.execute_script("window.paperkg.setColorMode('community')")
    assert browser.execute_script("return document.getElementById('legend-claims').hidden") is False


# ------------------------------------------------------------ labels on a dense neighbourhood (issue 21)

#: every label the page shows, as [who, left, top, right, bottom] in CSS pixels of the canvas:
#: those vis-network draws itself (its label modules, when ``visible()``: not too small to draw) and
#: those the page draws (``paperkg.labels``), so the check holds whoever draws them
VISIBLE_LABELS = """
var out = [], body = network.body;
function add(who, obj) {
  var lm = obj.labelModule;
  if (obj.options.hidden || !lm || !lm.visible()) return;
  var a = network.canvasToDOM({x: lm.size.left, y: lm.size.top});
  var b = network.canvasToDOM({x: lm.size.left + lm.size.width, y: lm.size.top + lm.size.height});
  out.push([who, a.x, a.y, b.x, b.y]);
}
Object.keys(body.nodes).forEach(function (id) { if (body.nodeIndices.indexOf(id) >= 0) add('node ' + id, body.nodes[id]); });
Object.keys(body.edges).forEach(function (id) { if (body.edgeIndices.indexOf(id) >= 0) add('edge ' + id, body.edges[id]); });
(window.paperkg.labels || []).forEach(function (l) { out.push([l.kind + ' ' + l.id].concat(l.box)); });
return out;
"""


def _overlaps(labels, slack=0.5):
    """Pairs of labels whose boxes overlap by more than ``slack`` pixels both ways."""
    return [
        (a[0], b[0])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a[1] + slack < b[3] and b[1] + slack < a[3] and a[2] + slack < b[4] and b[2] + slack < a[4]
    ]


def _on_screen(labels, driver):
    w, h = driver.execute_script(
        "var c = document.getElementById('mynetwork'); return [c.clientWidth, c.clientHeight];"
    )
    return [lab for lab in labels if lab[3] > 0 and lab[4] > 0 and lab[1] < w and lab[2] < h]


@pytest.fixture(scope="module")
def dense_page(tmp_path_factory):
    """``kg viz --around "label noise"`` on a store holding a dense neighbourhood (the CLI, a real store)."""
    from typer.testing import CliRunner

    from kg.cli import app
    from kg.store import EmbeddedStore
    from tests.fixtures.graphs import make_dense_graph

    folder = tmp_path_factory.mktemp("dense")
    store = EmbeddedStore(folder / "store")
    store.write_graph(make_dense_graph())
    store.close()
    page = folder / "viz.html"
    r = CliRunner().invoke(app, ["viz", "--store", str(folder / "store"), "--around", "label noise", "-o", str(page)])
    assert r.exit_code == 0, r.output
    return page


def _labels_now(driver):
    """The labels of a frame drawn now (``network.redraw()`` draws at once)."""
    driver.execute_script("network.redraw();")
    return _on_screen(driver.execute_script(VISIBLE_LABELS), driver)


def test_labels_never_overlap_on_a_dense_neighbourhood(browser, dense_page):
    _open(browser, dense_page)
    labels = _labels_now(browser)
    names = [lab[0] for lab in labels]
    assert len(labels) >= 12, names
    assert _overlaps(labels) == []
    # the seed and the best-connected entities are labelled first
    assert any("Concept:label noise" in n for n in names)
    assert any(f"Method:{canonical_key('co-teaching with two networks')}" in n for n in names)
    # at every zoom level no two labels overlap, and zoomed in more of them fit
    seen = set(names)
    for factor in (3.0, 0.5, 1.6):
        browser.execute_script("network.moveTo({scale: network.getScale() * arguments[0], animation: false});", factor)
        zoomed = _labels_now(browser)
        assert _overlaps(zoomed) == []
        seen |= {lab[0] for lab in zoomed}
    assert len(seen) > len(labels)
    # no label is drawn under the legend
    legend = browser.execute_script(
        "var l = document.getElementById('legend').getBoundingClientRect(), c = document.getElementById('mynetwork')"
        ".getBoundingClientRect(); return ['legend', l.left - c.left, l.top - c.top, l.right - c.left, l.bottom - c.top];"
    )
    assert _overlaps([legend, *_labels_now(browser)]) == []
    # papers get labels once zoomed in, where there is room
    assert any(n.startswith("node Paper:") for n in seen) and not any(n.startswith("node Paper:") for n in names)


def test_labels_are_drawn_where_the_page_says(browser, dense_page):
    """The page's label boxes are where its text is: dark ink along each box's middle row."""
    _open(browser, dense_page)
    browser.execute_script("network.redraw();")
    ink = browser.execute_script(
        """var c = document.querySelector('#mynetwork canvas'), ctx = c.getContext('2d'), r = window.devicePixelRatio || 1;
           return paperkg.labels.filter(function (l) { return l.kind === 'node'; }).slice(0, 12).map(function (l) {
             var y = Math.round((l.box[1] + l.box[3]) / 2 * r), x0 = Math.round(l.box[0] * r), w = Math.round((l.box[2] - l.box[0]) * r);
             var d = ctx.getImageData(x0, y - 2, Math.max(1, w), 5).data, n = 0;
             for (var i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] < 90 && d[i + 1] < 90 && d[i + 2] < 90) n++;
             return n; });"""
    )
    assert len(ink) == 12 and all(n > 3 for n in ink)


def test_hover_on_a_paper_shows_its_short_title_year_and_label(browser, dense_page):
    _open(browser, dense_page)
    browser.execute_script("network.redraw();")
    shown = set(browser.execute_script("return paperkg.labels.map(function (l) { return l.id; })"))
    paper = "Paper:ln3"
    assert paper not in shown  # unlabelled at the fitted zoom: the hover shows it
    _move_to(browser, paper).perform()
    text = wait_for(
        browser,
        "(function(){var t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility !== 'hidden' && t.innerText.indexOf('study 3:') >= 0 ? t.innerText : '';})()",
        timeout=10,
    )
    lines = text.splitlines()
    title = "Learning with noisy labels, study 3: robust training of deep networks under corrupted annotations from"
    assert lines[0].startswith("Learning with noisy labels, study 3: robust training") and lines[0].endswith("…")
    assert len(lines[0]) <= 100 and title.startswith(lines[0][:-1])
    assert lines[1] == "2018 · Lindqvist M. et al. · NeurIPS"
    hover = wait_for(browser, "paperkg.hoverLabel", timeout=5)
    assert hover["id"] == paper and hover["text"] == "Learning with noisy…"
