"""The term network of a graph: entities only, papers folded into link weights.

Terms are entities (Method, Dataset, Task, Metric, Concept). Two terms are
linked by the number of papers that mention both (co-occurrence, counted
from the Paper→entity edges, so it reflects any thesaurus merge); each link
carries VOSviewer's association strength ``c(a,b) * N / (p(a) * p(b))``.
Links are thinned to each term's strongest ones: layout, clusters, drawing
and export all use the same thinned, weighted links.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from queries.quality import DEFAULT_MIN_QUALITY, passes
from queries.schema import CLAIM_RELS, ENTITY_LABELS, PAPER


@dataclass
class Term:
    """One node of the term map (``cluster``/``x``/``y`` are filled by clustering and layout)."""

    id: str
    name: str
    type: str
    papers: int
    relevance: float | None = None
    aliases: list[str] = field(default_factory=list)
    paper_ids: list[str] = field(default_factory=list)
    year: float | None = None
    priority: float = 0.0
    cluster: int | None = None
    x: float = 0.0
    y: float = 0.0


@dataclass
class Link:
    """An undirected term–term link: shared papers and association strength."""

    a: str
    b: str
    papers: int
    strength: float
    #: the claims between the two terms, either direction: ``{"head", "predicate", "tail", "papers"}``
    #: (head/tail node ids), most supported first (filled by :func:`term_network`)
    claims: list[dict] = field(default_factory=list)


@dataclass
class TermNetwork:
    """Terms (by priority, highest first), links, and the papers they came from."""

    terms: list[Term]
    links: list[Link]
    n_papers: int
    paper_info: dict[str, dict] = field(default_factory=dict)

    def graph(self) -> nx.Graph:
        """Undirected weighted graph (``weight`` = association strength), nodes and edges sorted."""
        H: nx.Graph = nx.Graph()
        H.add_nodes_from(sorted(t.id for t in self.terms))
        for lk in sorted(self.links, key=lambda k: (k.a, k.b)):
            H.add_edge(lk.a, lk.b, weight=lk.strength, papers=lk.papers)
        return H


def _percentiles(values: dict[str, float]) -> dict[str, float]:
    """Rank of each value in [0, 1] (ties share the lower rank)."""
    if not values:
        return {}
    order = sorted(set(values.values()))
    if len(order) == 1:
        return dict.fromkeys(values, 1.0)
    rank = {v: i / (len(order) - 1) for i, v in enumerate(order)}
    return {k: rank[v] for k, v in values.items()}


def priorities(papers: dict[str, int], relevance: dict[str, float]) -> dict[str, float]:
    """Label and selection priority: papers, boosted by relevance where the graph has it.

    ``papers * (0.5 + r)`` with ``r`` the relevance percentile in [0, 1]; a term
    without relevance counts as the median (r = 0.5), so without any relevance
    the order is by papers alone.

    >>> priorities({"a": 10, "b": 10, "c": 4}, {"a": 0.1, "b": 0.9})
    {'a': 5.0, 'b': 15.0, 'c': 4.0}
    """
    pct = _percentiles(relevance)
    return {n: p * (0.5 + pct.get(n, 0.5)) for n, p in papers.items()}


def term_papers(
    G: nx.MultiDiGraph, types=ENTITY_LABELS, year_from: int | None = None, year_to: int | None = None
) -> dict[str, list[str]]:
    """Entity node id → sorted paper node ids that link to it (papers within the years)."""

    def in_years(d: dict) -> bool:
        y = d.get("year")
        if y is None:
            return year_from is None and year_to is None
        return (year_from is None or y >= year_from) and (year_to is None or y <= year_to)

    out: dict[str, set[str]] = defaultdict(set)
    for p, d in G.nodes(data=True):
        if d.get("label") != PAPER or not in_years(d):
            continue
        for e in G.successors(p):
            if G.nodes[e].get("label") in types:
                out[e].add(p)
    return {e: sorted(ps) for e, ps in out.items()}


def cooccurrence_counts(papers_of: dict[str, list[str]]) -> Counter:
    """(a, b) with a < b → number of papers mentioning both.

    >>> cooccurrence_counts({"x": ["p1", "p2"], "y": ["p2"], "z": ["p1", "p2"]})
    Counter({('x', 'z'): 2, ('x', 'y'): 1, ('y', 'z'): 1})
    """
    by_paper: dict[str, list[str]] = defaultdict(list)
    for t in sorted(papers_of):
        for p in papers_of[t]:
            by_paper[p].append(t)
    counts: Counter = Counter()
    for ts in by_paper.values():
        counts.update(combinations(ts, 2))
    return counts


def thin(links: list[Link], per_term: int) -> list[Link]:
    """Keep each term's ``per_term`` strongest links (a link stays if either end keeps it).

    >>> ls = [Link("a", "b", 1, 3.0), Link("a", "c", 1, 2.0), Link("a", "d", 1, 1.0), Link("c", "d", 1, 0.5)]
    >>> [(k.a, k.b) for k in thin(ls, 1)]
    [('a', 'b'), ('a', 'c'), ('a', 'd')]
    """
    ranked = sorted(links, key=lambda k: (-k.strength, -k.papers, k.a, k.b))
    kept_by: dict[str, int] = Counter()
    keep = set()
    for i, k in enumerate(ranked):
        if kept_by[k.a] < per_term or kept_by[k.b] < per_term:
            keep.add(i)
        kept_by[k.a] += 1
        kept_by[k.b] += 1
    return sorted((ranked[i] for i in keep), key=lambda k: (k.a, k.b))


def default_links_per_term(n_terms: int) -> int:
    """Links each term keeps by default: 10, or 30 from 2,000 terms on (a large map is mostly
    rare terms, whose strongest links go to other rare terms: the frequent terms need more
    links for clusters to hold together).

    >>> default_links_per_term(1000), default_links_per_term(5000)
    (10, 30)
    """
    return 10 if n_terms < 2000 else 30


def term_network(
    G: nx.MultiDiGraph,
    max_terms: int = 1000,
    types=ENTITY_LABELS,
    min_papers: int | None = None,
    min_cooccurrence: int = 1,
    links_per_term: int | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    min_quality: float | None = DEFAULT_MIN_QUALITY,
) -> TermNetwork:
    """The term network of ``G`` (see module docstring).

    Terms are the ``max_terms`` entities of highest :func:`priorities` among
    those in at least ``min_papers`` papers (default: 1 below 100 papers, else 2)
    and of quality at least ``min_quality`` (:mod:`queries.quality`; None: any);
    each keeps its ``links_per_term`` strongest links (default: :func:`default_links_per_term`).

    >>> from kg.core.examples import small_graph
    >>> net = term_network(small_graph(), max_terms=5)
    >>> [t.name for t in net.terms][:2], len(net.terms)
    (['ImageNet', 'diffusion'], 5)
    """
    types = tuple(types)
    papers_of = term_papers(G, types, year_from, year_to)
    n_papers = len({p for ps in papers_of.values() for p in ps})
    if min_papers is None:
        min_papers = 1 if n_papers < 100 else 2
    papers_of = {
        e: ps for e, ps in papers_of.items() if len(ps) >= max(1, min_papers) and passes(G.nodes[e], min_quality)
    }
    relevance = {e: float(G.nodes[e]["relevance"]) for e in papers_of if G.nodes[e].get("relevance") is not None}
    prio = priorities({e: len(ps) for e, ps in papers_of.items()}, relevance)
    chosen = sorted(papers_of, key=lambda e: (-prio[e], e))[:max_terms]
    papers_of = {e: papers_of[e] for e in chosen}

    paper_info: dict[str, dict] = {}
    for ps in papers_of.values():
        for p in ps:
            if p not in paper_info:
                d = G.nodes[p]
                paper_info[p] = {
                    "title": d.get("title") or d.get("name") or p,
                    "year": d.get("year"),
                    "url": d.get("url") or d.get("code_url"),
                }
    terms = []
    for e in chosen:
        d = G.nodes[e]
        years = [paper_info[p]["year"] for p in papers_of[e] if paper_info[p]["year"] is not None]
        terms.append(
            Term(
                id=e,
                name=str(d.get("name") or d.get("key") or e),
                type=str(d.get("label")),
                papers=len(papers_of[e]),
                relevance=relevance.get(e),
                aliases=list(d.get("aliases") or []),
                paper_ids=papers_of[e],
                year=round(sum(years) / len(years), 2) if years else None,
                priority=round(prio[e], 4),
            )
        )
    size = {e: len(ps) for e, ps in papers_of.items()}
    links = [
        Link(a, b, c, round(c * n_papers / (size[a] * size[b]), 6))
        for (a, b), c in cooccurrence_counts(papers_of).items()
        if c >= min_cooccurrence
    ]
    per_term = links_per_term or default_links_per_term(len(terms))
    kept = thin(links, per_term)
    for lk in kept:
        lk.claims = link_claims(G, lk.a, lk.b)
    return TermNetwork(terms=terms, links=kept, n_papers=n_papers, paper_info=paper_info)


def link_claims(G: nx.MultiDiGraph, a: str, b: str) -> list[dict]:
    """The claims between entities ``a`` and ``b`` in ``G`` (either direction), most supported first.

    >>> from tests.fixtures.graphs import make_claims_graph
    >>> [(c["predicate"], c["head"]) for c in link_claims(make_claims_graph(), "Method:bert", "Method:noisenet")]
    [('COMPARED_WITH', 'Method:bert'), ('OUTPERFORMS', 'Method:noisenet')]
    """
    out = []
    for head, tail in ((a, b), (b, a)):
        data = G.get_edge_data(head, tail) or {}
        out += [
            {"head": head, "predicate": k, "tail": tail, "papers": int(data[k].get("papers") or 0)}
            for k in CLAIM_RELS
            if k in data
        ]
    return sorted(out, key=lambda c: (-c["papers"], c["predicate"], c["head"]))
