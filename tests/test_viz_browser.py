"""The concept map in a real headless Chromium, with networking cut off."""

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from bench.support.browser import available, chromium, network_requests, wait_for
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
             return {id: e.id, type: e.kg_type, label: e.label || null, to: !!(e.arrows && e.arrows.to && e.arrows.to.enabled),
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
    # vis-network drew the arrows: its edge objects for claims have an arrow head at the "to" end
    assert (
        browser.execute_script(
            "var e = network.body.edges['Method:noisenet|USED_FOR|Concept:label noise']; return e.options.arrows.to.enabled && e.labelModule.lineCount;"
        )
        == 1
    )
    legend = browser.execute_script("return document.getElementById('legend-claims').innerText")
    assert "CLAIMS (ARROWS)" in legend.upper()
    for text in ("used for, evaluates", "compared with, outperforms"):
        assert text in legend
    browser.execute_script("window.paperkg.setColorMode('community')")
    assert browser.execute_script("return document.getElementById('legend-claims').hidden") is False
