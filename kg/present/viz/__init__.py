"""``kg viz``: an offline pyvis concept map of a selected subgraph.

>>> import tempfile, pathlib
>>> from kg.core.examples import small_graph
>>> out = pathlib.Path(tempfile.mkdtemp()) / "map.html"
>>> info = make_map(small_graph(), Selection(around=["diffusion"]), out)
>>> info.nodes, info.layout, out.read_text().count("https://cdn")
(8, 'physics', 0)
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import networkx as nx

from kg.present.select import Selection, resolve_name, select_nonempty
from kg.present.viz.page import COLOR_MODES, LAYOUTS, PageError, PageInfo, build_network, render_page, write_page

#: ``kg viz`` keeps at most this many nodes unless told otherwise (readability)
DEFAULT_TOP = 150


def make_map(
    G: nx.MultiDiGraph,
    spec: Selection | None,
    path: str | Path,
    color: str = "type",
    layout: str = "auto",
    title: str | None = None,
) -> PageInfo:
    """Select from ``G`` (capped at :data:`DEFAULT_TOP` nodes unless ``spec.top`` is set) and write the page."""
    spec = spec or Selection()
    if spec.top is None:
        spec = replace(spec, top=DEFAULT_TOP)
    sub = select_nonempty(G, spec)
    seeds = [resolve_name(G, a) for a in spec.around]
    if title is None and seeds:
        title = "paperkg: around " + ", ".join(G.nodes[s].get("name", s) for s in seeds)
    return write_page(sub, path, context=G, color=color, layout=layout, title=title, seeds=seeds)


__all__ = [
    "make_map",
    "write_page",
    "render_page",
    "build_network",
    "PageInfo",
    "PageError",
    "COLOR_MODES",
    "LAYOUTS",
    "DEFAULT_TOP",
]
