"""``kg map``: a VOSviewer-style term map of the whole graph, as one offline page.

Steps, each its own module: the term network (:mod:`.network`: entities only,
papers folded into co-occurrence links with association strength, thinned
to each term's strongest), clusters (:mod:`.clusters`: seeded Louvain on those
links, named after their most relevant terms), positions (:mod:`.layout`:
cluster by cluster, packed apart), the density picture (:mod:`.density`), the
page (:mod:`.page`, template ``kg/present/templates/termmap.html``) and the VOSviewer
export (:mod:`.vosviewer`). A thesaurus (:mod:`kg.build.thesaurus`) can merge and
drop terms first.

>>> import tempfile, pathlib
>>> from kg.core.examples import topic_graph
>>> out = pathlib.Path(tempfile.mkdtemp()) / "terms.html"
>>> info = make_term_map(topic_graph(), out)
>>> info.terms, info.clusters, info.silhouette > 0.3, out.read_text().count("https://cdn")
(48, 4, True, 0)
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.build.thesaurus import Thesaurus, ThesaurusReport, apply_thesaurus
from kg.present.termmap.clusters import cluster_names, cluster_terms
from kg.present.termmap.layout import lay_out, silhouette
from kg.present.termmap.network import TermNetwork, term_network
from kg.present.termmap.page import VIEWS, page_payload, render_term_page, write_term_page
from kg.present.termmap.vosviewer import write_vosviewer
from queries.quality import DEFAULT_MIN_QUALITY
from queries.schema import ENTITY_LABELS

DEFAULT_TERMS = 1000


@dataclass
class TermMap:
    """A laid-out, clustered term network and what it took to make."""

    net: TermNetwork
    names: dict[int, list[str]]
    silhouette: float
    seconds: dict[str, float] = field(default_factory=dict)
    thesaurus: ThesaurusReport | None = None


@dataclass
class TermMapInfo:
    """What :func:`make_term_map` wrote."""

    path: str
    terms: int
    links: int
    drawn_links: int
    clusters: int
    papers: int
    silhouette: float
    bytes: int
    view: str
    seconds: dict[str, float]
    vosviewer: list[str] = field(default_factory=list)
    merged: int = 0
    dropped: int = 0


def build_term_map(
    G: nx.MultiDiGraph,
    max_terms: int = DEFAULT_TERMS,
    types=ENTITY_LABELS,
    min_papers: int | None = None,
    min_cooccurrence: int = 1,
    links_per_term: int | None = None,
    resolution: float = 1.0,
    year_from: int | None = None,
    year_to: int | None = None,
    thesaurus: Thesaurus | None = None,
    seed: int = 42,
    min_quality: float | None = DEFAULT_MIN_QUALITY,
) -> TermMap:
    """Term network, clusters and layout of ``G`` (left unchanged; a thesaurus applies to a copy);
    terms are the entities of quality at least ``min_quality`` (:mod:`queries.quality`; None: all)."""
    seconds: dict[str, float] = {}
    report = None
    t0 = time.perf_counter()
    if thesaurus is not None and len(thesaurus):
        G = copy.deepcopy(G)
        report = apply_thesaurus(G, thesaurus, cooccurrence=False)
        seconds["thesaurus"] = time.perf_counter() - t0
    t = time.perf_counter()
    net = term_network(
        G, max_terms, types, min_papers, min_cooccurrence, links_per_term, year_from, year_to, min_quality
    )
    seconds["network"] = time.perf_counter() - t
    t = time.perf_counter()
    cluster_terms(net, resolution=resolution, seed=seed)
    names = cluster_names(net)
    seconds["clusters"] = time.perf_counter() - t
    t = time.perf_counter()
    pos = lay_out(net, seed=seed)
    seconds["layout"] = time.perf_counter() - t
    score = silhouette(pos, {t.id: t.cluster for t in net.terms})
    return TermMap(net=net, names=names, silhouette=score, seconds=seconds, thesaurus=report)


def make_term_map(
    G: nx.MultiDiGraph,
    path: str | Path,
    view: str = "clusters",
    title: str | None = None,
    max_links: int = 2000,
    vosviewer: str | Path | None = None,
    **options,
) -> TermMapInfo:
    """Build the term map of ``G`` (``options``: see :func:`build_term_map`) and write the page
    (and, with ``vosviewer``, the VOSviewer export)."""
    if view not in VIEWS:
        raise ValueError(f"`view` must be one of {', '.join(VIEWS)}, not {view!r}")
    tm = build_term_map(G, **options)
    if not tm.net.terms:
        raise ValueError(
            "no terms to map: the graph has no entities linked to papers (check `types`, `min_papers`, `year_from`/`year_to`, the quality cut)"
        )
    t = time.perf_counter()
    payload = page_payload(G, tm.net, tm.names, view, max_links)
    html = render_term_page(payload, title or f"paperkg term map: {len(tm.net.terms)} terms", tm.net.n_papers)
    size = write_term_page(path, html)
    tm.seconds["page"] = time.perf_counter() - t
    written = write_vosviewer(tm.net, vosviewer) if vosviewer else []
    rep = tm.thesaurus
    return TermMapInfo(
        path=str(path),
        terms=len(tm.net.terms),
        links=len(tm.net.links),
        drawn_links=len(payload["links"]),
        clusters=len(tm.names),
        papers=tm.net.n_papers,
        silhouette=tm.silhouette,
        bytes=size,
        view=view,
        seconds={k: round(v, 3) for k, v in tm.seconds.items()},
        vosviewer=written,
        merged=len(rep.merged) if rep else 0,
        dropped=len(rep.dropped) if rep else 0,
    )


__all__ = ["build_term_map", "make_term_map", "TermMap", "TermMapInfo", "VIEWS", "DEFAULT_TERMS"]
