"""Build the concept-map page: pyvis network data in paperkg's own offline template.

The page holds everything it needs inline (vis-network's JS and CSS from the
copy bundled inside the installed pyvis package, the data as JSON) and a
Content-Security-Policy that forbids any request, so it opens offline.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network

from kg.core.author_names import short_name
from kg.core.errors import PageError
from kg.present.html import environment, short, short_words, vis_asset
from kg.present.viz.claims import claim_edge_options, claim_legend
from kg.present.viz.community import average_years, communities, community_names, entity_papers
from kg.present.viz.layout import positions
from kg.present.viz.style import TYPE_STYLE, community_colour, type_style, year_colour
from queries.schema import CLAIM_RELS, CO_OCCURS, PAPER

COLOR_MODES = ("type", "community", "year")
LAYOUTS = ("auto", "physics", "python")
#: above this many nodes ``layout="auto"`` fixes Python positions instead of running physics
PHYSICS_MAX_NODES = 300
MAX_HOVER_PAPERS = 8
#: a paper's hover shows its title cut (at a word) to this many characters; its label to PAPER_LABEL
PAPER_HOVER_TITLE = 100
PAPER_LABEL = 24
#: label font sizes in CSS pixels at the fitted zoom: entities by papers (square root), seeds, papers, claims
ENTITY_FONT = (12.0, 22.0)
SEED_FONT = 20.0
PAPER_FONT = 11.0
CLAIM_FONT = 11.0


@dataclass
class PageInfo:
    """What :func:`write_page` wrote."""

    path: str
    nodes: int
    edges: int
    bytes: int
    color: str
    layout: str  # "physics" or "python" (resolved from "auto")
    communities: int


def _year(y: object) -> str:
    return str(y) if y is not None else "n.d."


def _paper_line(d: dict) -> str:
    return f"{_year(d.get('year'))} · {short(d.get('title') or d.get('name') or '', 90)}"


def node_hover(G: nx.MultiDiGraph, context: nx.MultiDiGraph, n: str) -> str:
    """Plain-text hover for a node (vis shows strings as text, never as HTML).

    >>> from kg.core.examples import small_graph
    >>> G = small_graph()
    >>> print(node_hover(G, G, "Dataset:cifar10"))
    CIFAR-10 — Dataset
    also: CIFAR10
    2 papers:
    2023 · Diffusion Models for Label Noise
    2021 · NoiseNet: Robust Training under Label Noise
    """
    d = G.nodes[n]
    if d.get("label") == PAPER:
        lines = [short_words(d.get("title") or d.get("name") or n, PAPER_HOVER_TITLE), paper_byline(d)]
        if d.get("url"):
            lines.append(f"url: {d['url']}")
        if d.get("code_url"):
            lines.append(f"code: {d['code_url']}")
        if d.get("url") or d.get("code_url"):
            lines.append("click to open")
        return "\n".join(lines)
    name = d.get("name") or n
    lines = [f"{name} — {d.get('label')}"]
    aliases = [a for a in d.get("aliases") or [] if a != name]
    if aliases:
        lines.append("also: " + ", ".join(aliases[:8]))
    papers = sorted(entity_papers(context, n), key=lambda p: (-(context.nodes[p].get("year") or 0), p))
    count = d.get("papers", len(papers))
    lines.append(f"{count} paper{'s' if count != 1 else ''}:")
    lines += [_paper_line(context.nodes[p]) for p in papers[:MAX_HOVER_PAPERS]]
    if len(papers) > MAX_HOVER_PAPERS:
        lines.append(f"… and {len(papers) - MAX_HOVER_PAPERS} more")
    return "\n".join(lines)


def paper_byline(d: dict) -> str:
    """A paper's year, first author and venue on one line (what is known of them).

    >>> paper_byline({"year": 2023, "authors": ["Maïja Lindqvist", "Chidi Okonkwo"], "venue": "NeurIPS"})
    '2023 · Lindqvist M. et al. · NeurIPS'
    >>> paper_byline({})
    'n.d.'
    """
    parts = [_year(d.get("year"))]
    authors = [a for a in d.get("authors") or [] if str(a).strip()]
    if authors:
        parts.append(short_name(str(authors[0])) + (" et al." if len(authors) > 1 else ""))
    if d.get("venue"):
        parts.append(short(str(d["venue"]), 40))
    return " · ".join(parts)


def paper_label(d: dict) -> str:
    """A paper's short label: the name before a colon in its title (``"NoiseNet: Robust …"`` →
    ``"NoiseNet"``) when that is short, else its first words, cut at a word.

    >>> paper_label({"title": "NoiseNet: Robust Training under Label Noise"})
    'NoiseNet'
    >>> paper_label({"title": "Diffusion Models for Label Noise in the Wild"})
    'Diffusion Models for…'
    """
    title = " ".join(str(d.get("title") or d.get("name") or "").split())
    head, colon, _ = title.partition(":")
    if colon and 3 <= len(head.strip()) <= PAPER_LABEL:
        return head.strip()
    return short_words(title, PAPER_LABEL)


def label_ranks(G: nx.MultiDiGraph, seeds: Sequence[str] = ()) -> dict[str, int]:
    """The order in which the page places labels (0 first); a label that would overlap one placed
    before it is moved beside its node or left out. Node ids and claim edge ids
    (``"head|PREDICATE|tail"``) as keys: seeds first, then entities by papers, claims by papers,
    then papers by their links in the selection.

    >>> from kg.core.examples import small_graph
    >>> ranks = label_ranks(small_graph(), seeds=["Dataset:cifar10"])
    >>> ranks["Dataset:cifar10"], ranks["Concept:label noise"] < ranks["Paper:p1"]
    (0, True)
    """
    seedset = set(seeds)
    keys: list[tuple] = []
    for n, d in G.nodes(data=True):
        name = str(d.get("name") or n)
        if n in seedset:
            keys.append(((0, 0, name), n))
        elif d.get("label") == PAPER:
            keys.append(((3, -G.degree(n), -(d.get("year") or 0), name), n))
        else:
            keys.append(((1, -int(d.get("papers") or 0), name), n))
    for u, v, k, d in G.edges(keys=True, data=True):
        if k in CLAIM_RELS:
            keys.append(((2, -int(d.get("papers") or 0), f"{u}|{k}|{v}"), f"{u}|{k}|{v}"))
    return {item: i for i, (_, item) in enumerate(sorted(keys, key=lambda t: (t[0], t[1])))}


def entity_font(papers: int, lo: int, hi: int) -> float:
    """An entity label's font size (CSS pixels at the fitted zoom): grows with the square root of its papers.

    >>> entity_font(1, 1, 100), entity_font(100, 1, 100)
    (12.0, 22.0)
    """
    small, big = ENTITY_FONT
    if hi <= lo:
        return small
    f = (math.sqrt(max(papers, lo)) - math.sqrt(lo)) / (math.sqrt(hi) - math.sqrt(lo))
    return round(small + (big - small) * min(1.0, f), 1)


def edge_hover(G: nx.MultiDiGraph, u: str, v: str, k: str) -> str:
    """Plain-text hover for an edge: evidence for Paper→entity, counts for CO_OCCURS."""
    d = G.edges[u, v, k]
    if k == CO_OCCURS:
        return (
            f"{G.nodes[u].get('name', u)} — {G.nodes[v].get('name', v)}\n"
            f"co-occur in {d.get('papers', 0)} papers · strength {float(d.get('strength') or 0):.3g}"
        )
    lines = [f"{k}: {short(G.nodes[u].get('title') or u, 70)} → {G.nodes[v].get('name', v)}"]
    lines += [f"“{short(s, 300)}”" for s in d.get("evidence") or []]
    return "\n".join(lines)


def paper_link(d: dict) -> str | None:
    """Where clicking a paper goes: its URL, else its code link (http(s) only)."""
    for url in (d.get("url"), d.get("code_url")):
        if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
            return url
    return None


def build_network(
    G: nx.MultiDiGraph,
    context: nx.MultiDiGraph | None = None,
    color: str = "type",
    layout: str = "auto",
    seeds: Sequence[str] = (),
) -> tuple[Network, dict]:
    """The pyvis network for selection ``G`` and the page's extra data (legend, modes).

    ``context`` is the graph ``G`` was selected from; hover texts list an
    entity's papers from it. Every node carries its colour in each mode
    (``kg_colors``) so the page can switch colouring without a reload.
    """
    if color not in COLOR_MODES:
        raise PageError(f"`color` must be one of {', '.join(COLOR_MODES)}, not {color!r}")
    if layout not in LAYOUTS:
        raise PageError(f"`layout` must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    context = context if context is not None else G
    n_nodes = G.number_of_nodes()
    physics = layout == "physics" or (layout == "auto" and n_nodes <= PHYSICS_MAX_NODES)
    comm = communities(G)
    comm_names = community_names(G, comm)
    years = average_years(G, context)
    known = [y for y in years.values() if y is not None]
    lo, hi = (min(known), max(known)) if known else (0, 0)
    pos = positions(G)
    seedset = set(seeds)
    ranks = label_ranks(G, seeds)
    counts = [int(d.get("papers") or 1) for _, d in G.nodes(data=True) if d.get("label") != PAPER]
    plo, phi = (min(counts), max(counts)) if counts else (1, 1)

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for n, d in G.nodes(data=True):
        label = d.get("label", "")
        tcolour, shape = type_style(label)
        colours = {
            "type": tcolour,
            "community": community_colour(comm.get(n)),
            "year": year_colour(years.get(n), lo, hi),
        }
        # the page draws the labels itself (``kg_label``, by ``kg_rank``, never overlapping): vis draws none
        opts: dict = {
            "title": node_hover(G, context, n),
            "x": pos[n][0],
            "y": pos[n][1],
            "kg_type": label,
            "kg_colors": colours,
            "kg_community": comm.get(n),
            "kg_year": years.get(n),
            "kg_rank": ranks[n],
        }
        if label == PAPER:
            opts.update(size=7, kg_url=paper_link(d), kg_label=paper_label(d), kg_font=PAPER_FONT)
        else:
            papers = max(1, int(d.get("papers") or 1))
            opts.update(value=papers, kg_label=short(d.get("name") or n, 32), kg_font=entity_font(papers, plo, phi))
        if n in seedset:
            opts.update(
                borderWidth=4,
                kg_seed=True,
                kg_font=max(SEED_FONT, opts["kg_font"]),
                color={"background": colours[color], "border": "#111111"},
            )
            net.add_node(n, shape=shape, **opts)
        else:
            net.add_node(n, shape=shape, color=colours[color], **opts)
        net.nodes[-1].pop("label", None)  # pyvis labels a node with its id when given no label
    # pyvis's add_edge scans every node and edge per call (quadratic); its Edge
    # class builds the same dict directly.
    for u, v, k, d in G.edges(keys=True, data=True):
        opts = {
            "id": f"{u}|{k}|{v}",
            "title": edge_hover(G, u, v, k),
            "kg_type": k,
            "arrows": {"to": {"enabled": False}},
        }
        inside = comm.get(u) is not None and comm.get(u) == comm.get(v)
        if not inside:
            opts["physics"] = False  # only links inside a cluster pull, so clusters settle apart
        if k == CO_OCCURS:
            opts.update(
                value=float(d.get("strength") or 0.0), color={"color": "#6f6f6f", "opacity": 0.6 if inside else 0.2}
            )
        elif k in CLAIM_RELS:
            opts.update(claim_edge_options(G, u, v, k), kg_rank=ranks[f"{u}|{k}|{v}"], kg_font=CLAIM_FONT)
        else:
            opts.update(width=1, color={"color": "#a9a9a9", "opacity": 0.7 if inside else 0.3}, dashes=[3, 4])
        net.edges.append(Edge(u, v, True, **opts).options)

    net.options = _vis_options(n_nodes, physics)
    present = sorted(
        {d.get("label") for _, d in G.nodes(data=True)},
        key=lambda lbl: list(TYPE_STYLE).index(lbl) if lbl in TYPE_STYLE else 99,
    )
    extra = {
        "physics": physics,
        "color": color,
        "types": [
            {
                "label": lbl,
                "colour": type_style(lbl)[0],
                "shape": type_style(lbl)[1],
                "count": sum(1 for _, d in G.nodes(data=True) if d.get("label") == lbl),
            }
            for lbl in present
        ],
        "communities": [
            {
                "index": i,
                "colour": community_colour(i),
                "name": name,
                "count": sum(1 for m, c in comm.items() if c == i and G.nodes[m].get("label") != PAPER),
            }
            for i, name in comm_names.items()
        ],
        "years": {"lo": lo, "hi": hi} if known else None,
        "claims": claim_legend(G),
    }
    return net, extra


def _vis_options(n_nodes: int, physics: bool) -> dict:
    big = n_nodes > 500
    options: dict = {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            # no vis labels: the page draws them (map.html: by rank, never overlapping)
            "chosen": {"label": False},
            "scaling": {"min": 8, "max": 40, "label": {"enabled": False}},
        },
        "edges": {
            "smooth": False,
            "selectionWidth": 2,
            "hoverWidth": 1.5,
            "scaling": {"min": 1, "max": 9, "label": {"enabled": False}},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
            "navigationButtons": False,
        },
        "layout": {"improvedLayout": False, "randomSeed": 42},
    }
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -45,
                "centralGravity": 0.012,
                "springLength": 70,
                "springConstant": 0.05,
                "damping": 0.5,
                "avoidOverlap": 0.5,
            },
            "minVelocity": 1.0,
            "maxVelocity": 40,
            "stabilization": {
                "enabled": True,
                "iterations": 300 if n_nodes <= 150 else 200,
                "updateInterval": 20,
                "fit": True,
            },
        }
    else:
        options["physics"] = {"enabled": False}
    return options


def render_page(
    G: nx.MultiDiGraph,
    context: nx.MultiDiGraph | None = None,
    color: str = "type",
    layout: str = "auto",
    title: str | None = None,
    seeds: Sequence[str] = (),
) -> tuple[str, dict]:
    """The HTML of the concept-map page for selection ``G``, and its extra data."""
    net, extra = build_network(G, context, color, layout, seeds)
    nodes, edges, _heading, _h, _w, options = net.get_network_data()
    payload = {"nodes": nodes, "edges": edges, "options": net.options, "physics": extra["physics"], "color": color}
    html = (
        environment()
        .get_template("map.html")
        .render(
            title=title or "paperkg concept map",
            payload=payload,
            extra=extra,
            n_nodes=len(nodes),
            n_edges=len(edges),
            seeds=[G.nodes[s].get("name", s) for s in seeds if s in G],
            vis_js=Markup(vis_asset("vis-network.min.js")),
            vis_css=Markup(vis_asset("vis-network.css")),
        )
    )
    return html, extra


def write_page(
    G: nx.MultiDiGraph,
    path: str | Path,
    context: nx.MultiDiGraph | None = None,
    color: str = "type",
    layout: str = "auto",
    title: str | None = None,
    seeds: Sequence[str] = (),
) -> PageInfo:
    """Write the page for selection ``G`` to ``path`` (atomically); return what was written."""
    from kg.present.export.io import atomic_write_text

    html, extra = render_page(G, context, color, layout, title, seeds)
    size = atomic_write_text(path, html)  # the file's size: a lone surrogate in a title is written as U+FFFD
    return PageInfo(
        path=str(path),
        nodes=G.number_of_nodes(),
        edges=G.number_of_edges(),
        bytes=size,
        color=color,
        layout="physics" if extra["physics"] else "python",
        communities=len(extra["communities"]),
    )
