"""``kg trend``: papers per year for a few entities, as an offline chart and terminal sparklines.

The counts come from the store by one parameterised Cypher query per entity
(:func:`trend_query`): the distinct papers linked to it, grouped by year. Names
resolve as ``kg show`` resolves them (key, name or alias; case-, plural- and
hyphen-insensitive). The chart is one self-contained SVG (or an HTML page holding
it and a table of the counts): no script, no fonts or styles from elsewhere.

>>> from kg.core.examples import small_graph
>>> from kg.store import MemoryStore
>>> from queries.cypher_backend import CypherBackend
>>> t = trend(CypherBackend(MemoryStore(small_graph())), ["noisy labels", "noisenet"])
>>> [(s.name, s.total, s.first, s.last) for s in t.series]
[('label noise', 2, 2021, 2023), ('NoiseNet', 2, 2021, 2024)]
>>> t.years
[2021, 2022, 2023, 2024]
>>> for line in sparkline_rows(t): print(line)
label noise  Concept  2021 █·█· 2024  1 → 0 papers/year, 2 in all
NoiseNet     Method   2021 █··█ 2024  1 → 1 papers/year, 2 in all
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape as _escape
from pathlib import Path

from kg.core.errors import ExportError
from kg.core.safe_text import xml_text
from queries import api
from queries.backend import QueryBackend
from queries.errors import QueryError
from queries.schema import ENTITY_LABELS, PAPER, PAPER_RELS


def escape(text: object) -> str:
    """Text for SVG/HTML: escaped, and characters XML 1.0 cannot hold shown as escapes (the SVG stays well-formed)."""
    return _escape(xml_text(str(text)))


#: at most this many entities in one chart (one colour each)
MAX_SERIES = 8
#: series colours: Okabe–Ito (colour-blind safe), black instead of its yellow (unreadable on white)
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#999999")
#: sparkline levels, lowest to highest; a year without papers is ZERO
BARS = "▁▂▃▄▅▆▇█"
ZERO = "·"
FORMATS = {".svg": "svg", ".html": "html", ".htm": "html"}


def trend_query(label: str) -> str:
    """The Cypher of an entity's papers per year (``$key``: the entity's key; the label is checked
    against the schema, never taken from input). A ``year`` of null counts the undated papers.

    >>> print(trend_query("Method"))  # doctest: +NORMALIZE_WHITESPACE
    MATCH (p:Paper)-[:PROPOSES|USES|EVALUATES_ON|ADDRESSES|REPORTS|MENTIONS]->(e:Method {key: $key})
    RETURN p.year AS year, count(DISTINCT p) AS papers
    """
    if label not in ENTITY_LABELS:
        raise QueryError(f"not an entity label: {label!r}")
    return (
        f"MATCH (p:{PAPER})-[:{'|'.join(PAPER_RELS)}]->(e:{label} {{key: $key}})\n"
        "RETURN p.year AS year, count(DISTINCT p) AS papers"
    )


@dataclass
class Series:
    """One entity's papers per year."""

    id: str
    name: str
    label: str
    counts: dict[int, int] = field(default_factory=dict)  # year -> papers, every year of the chart (zeros too)
    undated: int = 0  # papers without a year

    @property
    def total(self) -> int:
        """Papers in the chart's years, plus the undated ones."""
        return sum(self.counts.values()) + self.undated

    @property
    def first(self) -> int | None:
        """The first year with a paper."""
        return min((y for y, n in self.counts.items() if n), default=None)

    @property
    def last(self) -> int | None:
        """The last year with a paper."""
        return max((y for y, n in self.counts.items() if n), default=None)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "counts": {str(y): n for y, n in sorted(self.counts.items())},
            "undated": self.undated,
            "total": self.total,
        }


@dataclass
class Trend:
    """Papers per year for a few entities, over the same years (every year from the first to the last)."""

    years: list[int]
    series: list[Series]

    def to_dict(self) -> dict:
        return {"years": self.years, "series": [s.to_dict() for s in self.series]}


def trend(
    backend: QueryBackend, names: Sequence[str], year_from: int | None = None, year_to: int | None = None
) -> Trend:
    """Papers per year for the entities ``names`` (as ``kg show`` resolves them; an unknown name is
    :class:`queries.errors.NotFound` with the closest names). Years run from the first to the last
    year any of them has a paper, within ``year_from``–``year_to`` when given; a name that means an
    entity already named is counted once."""
    names = [n for n in names if n is not None]
    if not names:
        raise QueryError("name at least one entity")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise QueryError(f"`year_from` {year_from} is after `year_to` {year_to}")
    entities: list[dict] = []
    for name in names:
        hit = api.resolve(backend, name)
        if hit["id"] not in {e["id"] for e in entities}:
            entities.append(hit)
    if len(entities) > MAX_SERIES:
        raise QueryError(f"at most {MAX_SERIES} entities in one chart, not {len(entities)}")
    raw: list[tuple[dict, dict[int, int], int]] = []
    for e in entities:
        per_year: dict[int, int] = {}
        undated = 0
        for row in api.cypher(backend, trend_query(e["label"]), {"key": e["key"]}):
            year, papers = row["year"], int(row["papers"] or 0)
            if year is None:
                undated += papers
            else:
                per_year[int(year)] = per_year.get(int(year), 0) + papers
        raw.append((e, per_year, undated))
    known = [y for _, per_year, _ in raw for y, n in per_year.items() if n]
    lo = max(min(known), year_from) if known and year_from is not None else (min(known) if known else None)
    hi = min(max(known), year_to) if known and year_to is not None else (max(known) if known else None)
    years = list(range(lo, hi + 1)) if lo is not None and hi is not None and lo <= hi else []
    series = [
        Series(e["id"], str(e["name"]), str(e["label"]), {y: per_year.get(y, 0) for y in years}, undated)
        for e, per_year, undated in raw
    ]
    return Trend(years, series)


# ---------------------------------------------------------------- terminal


def sparkline(values: Sequence[int]) -> str:
    """One character per value, scaled to the largest: ``▁`` … ``█``, and ``·`` for zero.

    >>> sparkline([0, 1, 2, 4, 8])
    '·▁▂▄█'
    """
    top = max(values, default=0)
    if top <= 0:
        return ZERO * len(values)
    return "".join(ZERO if v <= 0 else BARS[max(0, math.ceil(v / top * len(BARS)) - 1)] for v in values)


def sparkline_rows(t: Trend) -> list[str]:
    """One line per entity: name, type, first year, sparkline, last year, papers in the first and the
    last year, and in all (the chart's first and last years, so the lines line up)."""
    width = max((len(s.name) for s in t.series), default=0)
    lwidth = max((len(s.label) for s in t.series), default=0)
    rows = []
    for s in t.series:
        counts = [s.counts.get(y, 0) for y in t.years]
        undated = f" ({s.undated} undated)" if s.undated else ""
        if not t.years:
            rows.append(f"{s.name:<{width}}  {s.label:<{lwidth}}  no dated papers, {s.total} in all{undated}")
            continue
        rows.append(
            f"{s.name:<{width}}  {s.label:<{lwidth}}  {t.years[0]} {sparkline(counts)} {t.years[-1]}  "
            f"{counts[0]} → {counts[-1]} papers/year, {s.total} in all{undated}"
        )
    return rows


# ---------------------------------------------------------------- chart

W, H = 760, 380
LEFT, RIGHT, TOP, BOTTOM = 56, 210, 44, 44


def _nice_max(v: int) -> tuple[int, int]:
    """An axis top ≥ ``v`` and its tick step (1, 2 or 5 × a power of ten; about 4–5 ticks).

    >>> _nice_max(7), _nice_max(23), _nice_max(0)
    ((8, 2), (25, 5), (1, 1))
    """
    if v <= 0:
        return 1, 1
    raw = v / 5
    mag = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
    step = max(1, int(step))
    return step * math.ceil(v / step), step


def render_svg(t: Trend, title: str | None = None) -> str:
    """The chart as a standalone SVG document: one line (with a dot per year) per entity, a legend,
    year and paper axes; each series is a ``<g class="series" data-entity="ID">`` whose dots carry
    ``<title>`` tooltips. Nothing in it is fetched from elsewhere."""
    title = title or "Papers per year"
    years = t.years or [0]
    top, step = _nice_max(max((n for s in t.series for n in s.counts.values()), default=0))
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(year: int) -> float:
        return LEFT + (pw / 2 if len(years) == 1 else (year - years[0]) / (years[-1] - years[0]) * pw)

    def y(n: float) -> float:
        return TOP + ph - n / top * ph

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="12" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{W}" height="{H}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="24" font-size="15" font-weight="bold" fill="#1d1d1d">{escape(title)}</text>',
        '<g class="axes" stroke="#d0d0d0" stroke-width="1">',
    ]
    for tick in range(0, top + 1, step):
        out.append(f'<line x1="{LEFT}" y1="{y(tick):.1f}" x2="{LEFT + pw}" y2="{y(tick):.1f}"/>')
    out.append("</g>")
    out.append('<g class="ticks" fill="#555555">')
    for tick in range(0, top + 1, step):
        out.append(f'<text x="{LEFT - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    every = max(1, math.ceil(len(years) / 12))
    for i, year in enumerate(years if t.years else []):
        if i % every == 0 or year == years[-1] and (len(years) - 1) % every >= every / 2:
            out.append(f'<text x="{x(year):.1f}" y="{TOP + ph + 18}" text-anchor="middle">{year}</text>')
    out.append(
        f'<text x="14" y="{TOP + ph / 2:.1f}" transform="rotate(-90 14 {TOP + ph / 2:.1f})" '
        'text-anchor="middle">papers</text>'
    )
    out.append("</g>")
    for i, s in enumerate(t.series):
        colour = COLOURS[i % len(COLOURS)]
        pts = [(x(yr), y(s.counts.get(yr, 0)), yr, s.counts.get(yr, 0)) for yr in t.years]
        out.append(
            f'<g class="series" data-entity="{escape(s.id)}" data-name="{escape(s.name)}" '
            f'stroke="{colour}" fill="{colour}">'
        )
        if len(pts) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke-width="2.2" stroke-linejoin="round"/>')
        for px, py, yr, n in pts:
            out.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.2" stroke="#ffffff" stroke-width="1">'
                f"<title>{escape(s.name)}, {yr}: {n} paper{'s' * (n != 1)}</title></circle>"
            )
        out.append("</g>")
    out.append(f'<g class="legend" transform="translate({W - RIGHT + 16} {TOP})">')
    for i, s in enumerate(t.series):
        colour = COLOURS[i % len(COLOURS)]
        row = i * 36
        out.append(
            f'<line x1="0" y1="{row + 6}" x2="22" y2="{row + 6}" stroke="{colour}" stroke-width="3"/>'
            f'<text x="30" y="{row + 10}" fill="#1d1d1d">{escape(_cut(s.name, 24))}</text>'
            f'<text x="30" y="{row + 25}" fill="#666666" font-size="11">'
            f"{escape(s.label)} · {s.total} paper{'s' * (s.total != 1)}</text>"
        )
    out.append("</g>")
    if not t.years:
        out.append(f'<text x="{LEFT + pw / 2}" y="{TOP + ph / 2}" text-anchor="middle">no dated papers</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render_html(t: Trend, title: str | None = None) -> str:
    """An offline HTML page: the SVG chart inline and a table of the counts (a Content-Security-Policy
    forbids every request)."""
    title = title or "Papers per year"
    head = "".join(f"<th>{escape(s.name)}</th>" for s in t.series)
    rows = "".join(
        f"<tr><th>{y}</th>" + "".join(f"<td>{s.counts.get(y, 0)}</td>" for s in t.series) + "</tr>\n" for y in t.years
    )
    if any(s.undated for s in t.series):
        rows += "<tr><th>n.d.</th>" + "".join(f"<td>{s.undated}</td>" for s in t.series) + "</tr>\n"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{escape(title)}</title>\n"
        "<style>body{font-family:Helvetica,Arial,sans-serif;color:#1d1d1d;margin:24px}"
        "table{border-collapse:collapse;margin-top:16px;font-size:13px}"
        "th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}</style>\n</head>\n<body>\n"
        + render_svg(t, title)
        + f"<table>\n<tr><th>year</th>{head}</tr>\n{rows}</table>\n</body>\n</html>\n"
    )


@dataclass
class TrendInfo:
    """What :func:`write_trend` wrote."""

    path: str
    format: str
    bytes: int
    trend: Trend

    def to_dict(self) -> dict:
        return {"path": self.path, "format": self.format, "bytes": self.bytes, **self.trend.to_dict()}


def chart_format(path: str | Path) -> str:
    """``"svg"`` or ``"html"`` from the file name's suffix; anything else is an :class:`ExportError`.

    >>> chart_format("trend.svg"), chart_format("out/Trend.HTML")
    ('svg', 'html')
    """
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ExportError(f"{path}: the chart is written as .svg or .html; name the file so")
    return fmt


def write_trend(t: Trend, path: str | Path, title: str | None = None) -> TrendInfo:
    """Write the chart of ``t`` to ``path`` (SVG or HTML by its suffix, atomically)."""
    from kg.present.export.io import atomic_write_text

    fmt = chart_format(path)
    text = render_svg(t, title) if fmt == "svg" else render_html(t, title)
    size = atomic_write_text(path, text)
    return TrendInfo(str(path), fmt, size, t)


__all__ = [
    "MAX_SERIES",
    "Series",
    "Trend",
    "TrendInfo",
    "trend",
    "trend_query",
    "sparkline",
    "sparkline_rows",
    "render_svg",
    "render_html",
    "write_trend",
    "chart_format",
]
