"""``kg trend``: papers per year for a few entities, from the store; the chart file and the sparklines."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from extract.normalise import canonical_key
from kg.cli import app
from kg.core.graph import add_paper, link_paper
from kg.core.papers import Paper
from kg.present.trend import MAX_SERIES, chart_format, render_html, render_svg, sparkline, trend, write_trend
from kg.store import EmbeddedStore
from queries import CypherBackend
from queries.errors import NotFound, QueryError
from queries.named_queries import run_named
from queries.schema import PAPER, node_id
from tests.fixtures.graphs import DENSE_TERMS, make_dense_graph

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"


def dense_graph():
    """The dense fixture graph plus one undated paper on "label noise"."""
    G = make_dense_graph()
    pid = add_paper(G, Paper(id="undated", title="A paper without a year", abstract="Made up."))
    link_paper(G, pid, "Concept:label noise", "MENTIONS", evidence=["Label noise."])
    return G


def expected_counts(G, node):
    """Papers per year linked to ``node``, counted from the graph itself."""
    out = {}
    for p in {p for p in G.predecessors(node) if G.nodes[p]["label"] == PAPER}:
        y = G.nodes[p].get("year")
        out[y] = out.get(y, 0) + 1
    return out


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("trend") / "store"
    s = EmbeddedStore(path)
    s.write_graph(dense_graph())
    s.close()
    return str(path)


@pytest.fixture
def backend(store_path):
    b = CypherBackend(EmbeddedStore(store_path))
    yield b
    b.close()


def test_counts_per_year_match_the_graph(backend):
    G = dense_graph()
    names = ["label noise", "co-teaching with two networks", "Clothing1M web images"]
    t = trend(backend, names)
    assert [s.id for s in t.series] == [
        node_id(label, canonical_key(name)) for label, name in zip(("Concept", "Method", "Dataset"), names, strict=True)
    ]
    assert t.years == list(range(2015, 2025))
    for s in t.series:
        want = expected_counts(G, s.id)
        assert s.undated == want.pop(None, 0)
        assert {y: n for y, n in s.counts.items() if n} == want
        assert set(s.counts) == set(t.years)  # zero years are there too
        assert s.total == sum(expected_counts(G, s.id).values())
    assert t.series[0].undated == 1 and t.series[0].total == 61
    # the concept's counts are those of the catalogue's concept_timeline query
    rows = run_named(backend, "concept_timeline", {"concept": "label noise"})
    assert {r["year"]: r["papers"] for r in rows} == {y: n for y, n in t.series[0].counts.items() if n}


def test_names_resolve_like_kg_show(backend):
    t = trend(backend, ["Noisy Labels", "Label Smoothing", "label noise"])
    assert [s.id for s in t.series] == ["Concept:label noise", "Method:label smoothing"]  # counted once
    with pytest.raises(NotFound) as exc:
        trend(backend, ["label noise", "no such thing at all"])
    assert "'no such thing at all' not found" in str(exc.value)
    with pytest.raises(NotFound, match="closest: .*label noise"):
        trend(backend, ["label noisy things"])


def test_years_and_limits(backend):
    t = trend(backend, ["label noise"], year_from=2018, year_to=2020)
    assert t.years == [2018, 2019, 2020] and sum(t.series[0].counts.values()) == 18
    with pytest.raises(QueryError, match="`year_from` 2021 is after `year_to` 2020"):
        trend(backend, ["label noise"], year_from=2021, year_to=2020)
    with pytest.raises(QueryError, match="at least one"):
        trend(backend, [])
    too_many = [name for _, name in DENSE_TERMS[: MAX_SERIES + 1]]
    with pytest.raises(QueryError, match=f"at most {MAX_SERIES}"):
        trend(backend, too_many)


def test_sparkline():
    assert sparkline([0, 1, 2, 4, 8]) == "·▁▂▄█"
    assert sparkline([3, 3]) == "██" and sparkline([0, 0]) == "··" and sparkline([]) == ""
    assert sparkline([1, 100]) == "▁█"


def _series(root):
    return [g for g in root.iter(SVG + "g") if g.get("class") == "series"]


def test_svg_is_well_formed_with_one_series_per_entity(backend):
    t = trend(backend, ["label noise", "label smoothing", "mixup augmentation"])
    svg = render_svg(t, title='Noise <&> "trends"')
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == SVG + "svg"
    series = _series(root)
    assert [g.get("data-entity") for g in series] == [s.id for s in t.series]
    for g, s in zip(series, t.series, strict=True):
        dots = g.findall(SVG + "circle")
        assert len(dots) == len(t.years) and len(g.findall(SVG + "polyline")) == 1
        tips = [d.find(SVG + "title").text for d in dots]
        assert tips[0] == f"{s.name}, {t.years[0]}: {s.counts[t.years[0]]} paper" + "s" * (s.counts[t.years[0]] != 1)
        # higher counts are drawn higher (smaller y)
        ys = {s.counts[y]: float(d.get("cy")) for y, d in zip(t.years, dots, strict=True)}
        ordered = [ys[n] for n in sorted(ys)]
        assert ordered == sorted(ordered, reverse=True)
    assert root.find(SVG + "title").text == 'Noise <&> "trends"'
    # self-contained: nothing to fetch
    assert "href" not in svg and "src=" not in svg and "url(" not in svg and "@import" not in svg
    assert svg.count("http") == 1 and 'xmlns="http://www.w3.org/2000/svg"' in svg


def test_hostile_names_keep_the_chart_well_formed():
    from kg.present.trend import Series, Trend

    bad = "a\x01b <script>&\ud800 \u202e"
    t = Trend([2020, 2021], [Series("Concept:" + bad, bad, "Concept", {2020: 1, 2021: 3})])
    root = ET.fromstring(render_svg(t, title=bad))
    assert _series(root)[0].get("data-name") == "a\\x01b <script>&\\ud800 \u202e"
    assert "<script" not in render_html(t, title=bad).replace("&lt;script", "")


def test_html_holds_the_chart_and_a_table(backend):
    t = trend(backend, ["label noise", "label smoothing"])
    html = render_html(t)

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tags, self.open = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))
            if tag != "meta":
                self.open.append(tag)

        def handle_startendtag(self, tag, attrs):
            self.tags.append((tag, dict(attrs)))

        def handle_endtag(self, tag):
            assert self.open and self.open[-1] == tag, (self.open[-3:], tag)
            self.open.pop()

    c = Collect()
    c.feed(html)
    assert c.open == []  # every element closed, in order
    assert sum(1 for tag, a in c.tags if tag == "g" and a.get("class") == "series") == 2
    assert any(tag == "meta" and "default-src 'none'" in a.get("content", "") for tag, a in c.tags)
    assert sum(1 for tag, _ in c.tags if tag == "tr") == 1 + len(t.years) + 1  # header, years, undated
    assert not any("src" in a or "href" in a for _, a in c.tags)
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    assert len(_series(ET.fromstring(svg))) == 2


def test_write_trend_by_suffix(backend, tmp_path):
    t = trend(backend, ["label noise"])
    info = write_trend(t, tmp_path / "t.svg")
    assert info.format == "svg" and info.bytes == (tmp_path / "t.svg").stat().st_size
    assert write_trend(t, tmp_path / "t.HTML").format == "html"
    assert chart_format("x.htm") == "html"
    from kg.core.errors import ExportError

    with pytest.raises(ExportError, match="x.png: the chart is written as .svg or .html"):
        write_trend(t, tmp_path / "x.png")


def test_cli_trend_default_file_and_sparklines(store_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["trend", "--store", store_path, "label noise", "Label Smoothing"], terminal_width=200)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("label noise      Concept  2015 ") and "2024  6 → 6 papers/year, 61 in all" in lines[0]
    assert "(1 undated)" in lines[0]
    smoothing = trend(CypherBackend(EmbeddedStore(store_path)), ["label smoothing"]).series[0]
    spark = sparkline([smoothing.counts[y] for y in range(2015, 2025)])
    assert lines[1].startswith("label smoothing  Method   2015 " + spark + " 2024")
    assert "Wrote trend.svg (svg, 2 series" in r.stdout
    assert len(_series(ET.parse(tmp_path / "trend.svg").getroot())) == 2


def test_cli_trend_json_and_html(store_path, tmp_path):
    out = tmp_path / "t.html"
    r = runner.invoke(
        app,
        ["trend", "-s", store_path, "label noise", "Mixup Augmentation", "-o", str(out), "--json", "--from", "2016"],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["path"] == str(out) and data["format"] == "html" and out.exists()
    assert data["years"] == list(range(2016, 2025))
    noise, mixup = data["series"]
    assert noise["id"] == "Concept:label noise" and mixup["name"] == "mixup augmentation"
    assert list(noise["counts"]) == [str(y) for y in range(2016, 2025)] and noise["undated"] == 1
    assert noise["total"] == sum(noise["counts"].values()) + 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["nosuchthing"], "error: 'nosuchthing' not found"),
        (["label noise", "-o", "chart.png"], "chart.png: the chart is written as .svg or .html"),
        (["label noise", "--from", "2022", "--to", "2020"], "--from 2022 is after --to 2020"),
    ],
)
def test_cli_trend_bad_input_is_one_error_line(store_path, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["trend", "--store", store_path, *args])
    assert r.exit_code == 1
    assert message in r.output and "Traceback" not in r.output
    assert list(tmp_path.iterdir()) == []  # no file written
