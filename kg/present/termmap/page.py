"""The term-map page: one offline HTML file with three views and its own labels.

The page holds vis-network (from the copy inside the installed pyvis
package), the laid-out terms and links, the papers, and the density picture.
vis draws nodes and links; the page draws the labels itself, by priority,
skipping any label whose box would overlap one already drawn, on every frame.
"""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
from markupsafe import Markup

from kg.present.html import environment, short, vis_asset
from kg.present.termmap.density import density_image
from kg.present.termmap.network import Link, TermNetwork, thin
from kg.present.viz.style import MISSING, YEAR_RAMP, community_colour, year_colour

VIEWS = ("clusters", "overlay", "density")
MIN_RADIUS, MAX_RADIUS = 7.0, 48.0
HOVER_PAPERS = 3
HOVER_ALIASES = 6


def radius(papers: int, lo: int, hi: int) -> float:
    """Node radius in map pixels: grows with the square root of the paper count.

    >>> radius(1, 1, 100), radius(100, 1, 100)
    (7.0, 48.0)
    """
    if hi <= lo:
        return round((MIN_RADIUS + MAX_RADIUS) / 2, 2)
    f = (math.sqrt(papers) - math.sqrt(lo)) / (math.sqrt(hi) - math.sqrt(lo))
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * f, 2)


def year_range(years: list[float]) -> tuple[float, float]:
    """The overlay's colour range: 10th to 90th percentile of the terms' average years
    (VOSviewer-like: a few outlying terms do not wash out the rest), whole years if wide enough.

    >>> year_range([2010, 2018, 2018.5, 2019, 2019.5, 2020, 2020, 2021, 2021, 2021, 2030])
    (2018.0, 2021.0)
    """
    if not years:
        return 0.0, 0.0
    ys = sorted(years)
    lo, hi = ys[int(0.1 * (len(ys) - 1) + 0.5)], ys[int(0.9 * (len(ys) - 1) + 0.5)]
    if hi - lo < 0.5:
        lo, hi = ys[0], ys[-1]
    return float(lo), float(hi)


def drawn_links(links: list[Link], per_term: int = 2, limit: int = 2000) -> list[Link]:
    """The links the page draws: each term's ``per_term`` strongest, then the strongest ``limit``."""
    kept = sorted(thin(links, per_term), key=lambda k: (-k.strength, -k.papers, k.a, k.b))
    return kept[:limit]


def _paper_line(info: dict) -> str:
    return f"{info.get('year') or 'n.d.'} · {short(info.get('title') or '', 90)}"


def term_hover(net: TermNetwork, t, cluster_names: dict[int, list[str]]) -> str:
    """Plain-text hover: name, type, aliases, papers, average year, cluster, a few papers."""
    lines = [f"{t.name} — {t.type}"]
    aliases = [a for a in t.aliases if a.casefold() != t.name.casefold()]
    if aliases:
        lines.append("also: " + ", ".join(aliases[:HOVER_ALIASES]) + (" …" if len(aliases) > HOVER_ALIASES else ""))
    lines.append(
        f"{t.papers} paper{'s' if t.papers != 1 else ''}" + (f" · average year {t.year:.1f}" if t.year else "")
    )
    if t.cluster is not None:
        lines.append(f"cluster {t.cluster}: {', '.join(cluster_names.get(t.cluster, []))}")
    recent = sorted(t.paper_ids, key=lambda p: (-(net.paper_info[p].get("year") or 0), p))
    lines += [_paper_line(net.paper_info[p]) for p in recent[:HOVER_PAPERS]]
    lines.append("click to list all its papers")
    return "\n".join(lines)


def shared_sentence(G: nx.MultiDiGraph, a: str, b: str, papers: list[str]) -> str | None:
    """A sentence that is evidence for both terms in one of ``papers``, if any."""
    for p in papers:
        ev_a = {s for k in G[p].get(a, {}) for s in G.edges[p, a, k].get("evidence") or []}
        for k in G[p].get(b, {}):
            for s in G.edges[p, b, k].get("evidence") or []:
                if s in ev_a:
                    return s
    return None


def link_hover(
    G: nx.MultiDiGraph, net: TermNetwork, name: dict[str, str], papers_of: dict[str, list[str]], lk: Link
) -> str:
    """Plain-text hover for a link: the pair, shared papers, strength, a sentence naming both, the claims behind it."""
    shared = sorted(
        set(papers_of[lk.a]) & set(papers_of[lk.b]), key=lambda p: (-(net.paper_info[p].get("year") or 0), p)
    )
    lines = [
        f"{name[lk.a]} — {name[lk.b]}",
        f"together in {lk.papers} paper{'s' if lk.papers != 1 else ''} · association strength {lk.strength:.3g}",
    ]
    sentence = shared_sentence(G, lk.a, lk.b, shared)
    if sentence:
        lines.append(f"“{short(sentence, 240)}”")
    lines += [_paper_line(net.paper_info[p]) for p in shared[:2]]
    if lk.claims:
        lines.append("claims:")
        lines += [
            f"  {name.get(c['head'], c['head'])} — {c['predicate'].lower().replace('_', ' ')} → "
            f"{name.get(c['tail'], c['tail'])} ({c['papers']} paper{'s' if c['papers'] != 1 else ''})"
            for c in lk.claims
        ]
    return "\n".join(lines)


def page_payload(
    G: nx.MultiDiGraph,
    net: TermNetwork,
    cluster_names: dict[int, list[str]],
    view: str = "clusters",
    max_links: int = 2000,
) -> dict:
    """Everything the page draws, as JSON-ready data."""
    terms = sorted(net.terms, key=lambda t: (-t.priority, t.id))
    index = {t.id: i for i, t in enumerate(terms)}
    papers = sorted({p for t in terms for p in t.paper_ids})
    pindex = {p: i for i, p in enumerate(papers)}
    lo = min((t.papers for t in terms), default=1)
    hi = max((t.papers for t in terms), default=1)
    years = [t.year for t in terms if t.year is not None]
    ylo, yhi = year_range(years)
    name = {t.id: t.name for t in terms}
    papers_of = {t.id: t.paper_ids for t in terms}
    links = drawn_links(net.links, limit=max_links)
    ranks = sorted({lk.strength for lk in links})
    srank = {s: i / max(1, len(ranks) - 1) for i, s in enumerate(ranks)}
    out_terms = []
    for t in terms:
        w = 0.0 if hi <= lo else (math.sqrt(t.papers) - math.sqrt(lo)) / (math.sqrt(hi) - math.sqrt(lo))
        out_terms.append(
            {
                "id": t.id,
                "name": t.name,
                "type": t.type,
                "papers": t.papers,
                "year": t.year,
                "cluster": t.cluster,
                "x": t.x,
                "y": t.y,
                "r": radius(t.papers, lo, hi),
                "w": round(w, 3),
                "colors": {
                    "clusters": community_colour(None if t.cluster is None else t.cluster - 1),
                    "overlay": year_colour(t.year, ylo, yhi),
                },
                "hover": term_hover(net, t, cluster_names),
                "pp": [pindex[p] for p in t.paper_ids],
            }
        )
    out_links = [
        {
            "a": index[lk.a],
            "b": index[lk.b],
            "papers": lk.papers,
            "strength": lk.strength,
            "width": round(0.6 + 3.4 * srank[lk.strength], 2),
            "hover": link_hover(G, net, name, papers_of, lk),
            "claims": [[index[c["head"]], c["predicate"], index[c["tail"]], c["papers"]] for c in lk.claims],
        }
        for lk in links
    ]
    clusters = [
        {"n": c, "colour": community_colour(c - 1), "names": names, "count": sum(1 for t in terms if t.cluster == c)}
        for c, names in sorted(cluster_names.items())
    ]
    return {
        "view": view,
        "terms": out_terms,
        "links": out_links,
        "papers": [[net.paper_info[p]["title"], net.paper_info[p]["year"], net.paper_info[p]["url"]] for p in papers],
        "clusters": clusters,
        "unclustered": sum(1 for t in terms if t.cluster is None),
        "missing": MISSING,
        "years": {"lo": ylo, "hi": yhi} if years else None,
        "ramp": list(YEAR_RAMP),
        "density": density_image([(t.x, t.y, t.papers) for t in terms]) if terms else None,
    }


def render_term_page(payload: dict, title: str, n_papers: int) -> str:
    """The HTML of the term-map page for ``payload`` (see :func:`page_payload`)."""
    if payload["view"] not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {payload['view']!r}")
    years = payload["years"]
    ticks = []
    if years:
        span = years["hi"] - years["lo"]
        ticks = [f"{years['lo'] + span * i / 4:.1f}" for i in range(5)]
        ticks[0], ticks[-1] = "≤ " + ticks[0], "≥ " + ticks[-1]
    return (
        environment()
        .get_template("termmap.html")
        .render(
            title=title,
            payload=payload,
            n_terms=len(payload["terms"]),
            n_links=len(payload["links"]),
            n_papers=n_papers,
            ticks=ticks,
            vis_js=Markup(vis_asset("vis-network.min.js")),
            vis_css=Markup(vis_asset("vis-network.css")),
        )
    )


def write_term_page(path: str | Path, html: str) -> int:
    """Write the page atomically; return its size in bytes."""
    from kg.present.export.io import atomic_write_text

    return atomic_write_text(path, html)
