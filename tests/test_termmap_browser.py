"""The term map (``kg map``) in a real headless Chromium, with networking cut off."""

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from bench.support.browser import available, chromium, network_requests, wait_for
from kg.present.termmap import make_term_map
from kg.present.termmap.layout import silhouette
from tests.fixtures.termgraphs import TOPICS, make_topic_graph
from tests.test_viz_browser import _external, _move_to

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", autouse=True)
def _needs_chromium():
    """Fail (not skip) without Chromium: the CI image installs both (scripts/install.sh test).
    A fixture, not a check at import, so a run that leaves ``browser`` out never needs it."""
    if available():
        pytest.fail(f"browser test needs Chromium: {available()}", pytrace=False)


def overlapping(boxes):
    return [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("termmap") / "terms.html"
    make_term_map(make_topic_graph(), path)
    return path


@pytest.fixture(scope="module")
def browser():
    with chromium(width=1400, height=900, offline=True) as driver:
        yield driver


def _open(driver, path):
    network_requests(driver)
    driver.get(path.as_uri())
    wait_for(driver, "window.paperkg && window.paperkg.ready", timeout=60)


def _labels(driver):
    return driver.execute_script("return paperkg.labels.map(function (l) { return [l.name].concat(l.box); })")


def _zoom(driver, factor):
    driver.execute_script("network.moveTo({scale: network.getScale() * arguments[0]}); network.redraw();", factor)
    time.sleep(0.2)


def test_labels_never_overlap_and_more_appear_on_zoom(browser, page):
    _open(browser, page)
    labels = _labels(browser)
    boxes = [lab[1:] for lab in labels]
    assert len(labels) >= 12
    assert overlapping(boxes) == []
    # the labels are drawn by priority: the most frequent term of the map is labelled
    top = browser.execute_script("return paperkg.data.terms[0].name")
    assert top in {lab[0] for lab in labels}
    # the boxes are where the text is: the canvas has dark ink at each label's centre row
    ink = browser.execute_script(
        """var c = document.querySelector('#mynetwork canvas'), ctx = c.getContext('2d'), r = window.devicePixelRatio || 1;
           return paperkg.labels.slice(0, 10).map(function (l) {
             var y = Math.round((l.box[1] + l.box[3]) / 2 * r), x0 = Math.round(l.box[0] * r), w = Math.round((l.box[2] - l.box[0]) * r);
             var d = ctx.getImageData(x0, y - 2, Math.max(1, w), 5).data, n = 0;
             for (var i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && d[i] < 80 && d[i + 1] < 80 && d[i + 2] < 80) n++;
             return n; });"""
    )
    assert all(n > 3 for n in ink)
    # at every zoom level no two drawn labels overlap; zoomed in, small terms get labels too
    seen = {lab[0] for lab in labels}
    for factor in (0.5, 4.0, 2.0):
        _zoom(browser, factor)
        zoomed = _labels(browser)
        assert overlapping([lab[1:] for lab in zoomed]) == []
        seen |= {lab[0] for lab in zoomed}
    assert len(seen) > len(labels)


def test_clusters_are_separated_in_the_layout(browser, page):
    _open(browser, page)
    rows = browser.execute_script(
        "var pos = network.getPositions();"
        "return paperkg.data.terms.map(function (t, i) { return [t.id, t.cluster, pos[i].x, pos[i].y]; })"
    )
    pos = {r[0]: (r[2], r[3]) for r in rows}
    cluster = {r[0]: r[1] for r in rows}
    assert len(set(cluster.values())) == 4
    assert silhouette(pos, cluster) >= 0.3
    for _, terms in TOPICS.values():  # each made-up topic is one cluster
        assert len({cluster[f"{label}:{key}"] for label, key in terms}) == 1


def test_overlay_and_density_switches(browser, page):
    _open(browser, page)
    legend = {
        v: browser.find_element(By.CSS_SELECTOR, f"section[data-legend='{v}']")
        for v in ("clusters", "overlay", "density")
    }
    assert legend["clusters"].is_displayed() and not legend["overlay"].is_displayed()

    browser.find_element(By.CSS_SELECTOR, "input[name='kg-view'][value='overlay']").click()
    time.sleep(0.2)
    assert browser.execute_script("return paperkg.view") == "overlay"
    assert legend["overlay"].is_displayed() and not legend["clusters"].is_displayed()
    assert browser.find_element(By.ID, "colour-bar").size["width"] > 100
    ticks = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "section[data-legend='overlay'] .ticks span")]
    assert len(ticks) == 5 and ticks[0].startswith("≤ 201") and ticks[-1].startswith("≥ 202")
    rows = browser.execute_script(
        "return paperkg.data.terms.map(function (t, i) { return [t.id, paperkg.nodes.get(i).color.background, t.colors.overlay]; })"
    )
    assert all(shown == want for _, shown, want in rows)
    colour = {r[0]: r[1] for r in rows}
    assert colour["Task:image segmentation"] != colour["Method:message passing"]  # 2016-18 papers vs 2022-24

    # density: the nodes turn transparent, the links hide, the density picture is drawn under the labels
    def coloured_around_top_term():
        """Share of canvas pixels on three rings around the top term that are strongly coloured."""
        return browser.execute_script(
            """var t = paperkg.data.terms[0], p = network.canvasToDOM({x: t.x, y: t.y}), r = window.devicePixelRatio || 1;
               var ctx = document.querySelector('#mynetwork canvas').getContext('2d'), n = 0;
               for (var ring = 1; ring <= 3; ring++) {
                 var rad = t.r * network.getScale() + 10 * ring;
                 for (var k = 0; k < 48; k++) {
                   var a = 2 * Math.PI * k / 48;
                   var d = ctx.getImageData(Math.round((p.x + rad * Math.cos(a)) * r), Math.round((p.y + rad * Math.sin(a)) * r), 1, 1).data;
                   if (d[3] > 150 && Math.max(d[0], d[1], d[2]) - Math.min(d[0], d[1], d[2]) > 30) n++;
                 }
               }
               return n / 144;"""
        )

    before = coloured_around_top_term()
    browser.find_element(By.CSS_SELECTOR, "input[name='kg-view'][value='density']").click()
    wait_for(browser, "paperkg.view === 'density'", timeout=5)
    time.sleep(0.3)
    assert legend["density"].is_displayed() and not legend["overlay"].is_displayed()
    assert browser.execute_script("return paperkg.edges.get().every(function (e) { return e.hidden; })")
    assert browser.execute_script(
        "return paperkg.nodes.get().every(function (n) { return n.color.background === 'rgba(0,0,0,0)'; })"
    )
    after = coloured_around_top_term()
    assert before < 0.4 and after > 0.5, (before, after)  # the density picture now fills the term's surroundings
    assert overlapping([lab[1:] for lab in _labels(browser)]) == []

    browser.find_element(By.CSS_SELECTOR, "input[name='kg-view'][value='clusters']").click()
    time.sleep(0.2)
    assert browser.execute_script("return paperkg.edges.get().every(function (e) { return !e.hidden; })")


def test_hover_and_click_open_the_terms_papers(browser, page):
    _open(browser, page)
    node = browser.execute_script(
        "return paperkg.data.terms.findIndex(function (t) { return t.id === 'Task:image segmentation'; })"
    )
    _move_to(browser, node).perform()
    text = wait_for(
        browser,
        "(function(){var t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility !== 'hidden' && t.innerText.indexOf('image segmentation') >= 0 ? t.innerText : '';})()",
        timeout=10,
    )
    assert "also: image-segmentation" in text and "papers" in text and "cluster" in text
    assert browser.execute_script("return paperkg.hover") == node

    browser.execute_script(
        "window.__opened = []; window.open = function (u) { window.__opened.push(u); return null; };"
    )
    _move_to(browser, node).click().perform()
    panel = browser.find_element(By.ID, "papers")
    wait_for(browser, "!document.getElementById('papers').hidden", timeout=5)
    n_papers = browser.execute_script("return paperkg.data.terms[arguments[0]].papers", node)
    items = panel.find_elements(By.CSS_SELECTOR, "li a")
    assert len(items) == n_papers and "image segmentation" in panel.find_element(By.TAG_NAME, "h2").text
    hrefs = [a.get_attribute("href") for a in items]
    G = make_topic_graph()
    want = {G.nodes[p]["url"] for p in G.predecessors("Task:image segmentation")}
    assert set(hrefs) == want
    years = [int(a.text.split(" · ")[0]) for a in items]
    assert years == sorted(years, reverse=True)  # newest first
    items[0].click()
    opened = wait_for(browser, "window.__opened.length && window.__opened", timeout=5)
    assert opened == [hrefs[0]]


def test_hovering_a_link_shows_its_evidence(browser, page):
    _open(browser, page)
    # the drawn link that is longest on screen, hovered at its middle
    mid = browser.execute_script(
        """var best = null, pos = network.getPositions();
           paperkg.data.links.forEach(function (l, i) {
             var a = network.canvasToDOM(pos[l.a]), b = network.canvasToDOM(pos[l.b]);
             var len = Math.hypot(a.x - b.x, a.y - b.y);
             if (a.x > 320 && b.x > 320 && (!best || len > best.len)) best = { i: i, len: len, x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
           });
           return best;"""
    )
    assert mid and mid["len"] > 60
    canvas = browser.find_element(By.CSS_SELECTOR, "#mynetwork canvas")
    w, h = browser.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", canvas)
    ActionChains(browser).move_to_element_with_offset(canvas, int(mid["x"] - w / 2), int(mid["y"] - h / 2)).perform()
    text = wait_for(
        browser,
        "(function(){var t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility !== 'hidden' && t.innerText.indexOf('together in') >= 0 ? t.innerText : '';})()",
        timeout=10,
    )
    link = browser.execute_script("return paperkg.data.links[arguments[0]]", mid["i"])
    assert text.strip() == link["hover"].strip()
    assert "association strength" in text and "“We study" in text  # a sentence that names both terms


def test_nothing_is_requested(browser, page):
    _open(browser, page)
    assert browser.execute_script("return navigator.onLine") is False
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )
    assert _external(resources) == []
    requests = network_requests(browser)
    assert page.as_uri() in requests and _external(requests) == []
