"""One subgraph selector shared by ``kg viz``, ``kg export`` and Python code.

A :class:`Selection` describes *which part* of a paperkg graph to take;
:func:`select` applies it and returns a copy (a :class:`networkx.MultiDiGraph`
in the :mod:`queries.schema` shape). Steps, in this order:

1. **base filters** — ``years`` drops papers outside the range (and papers
   without a year), then entities left without any paper; ``min_quality``
   drops entities below the quality cut (:mod:`queries.quality`; default
   :data:`queries.quality.DEFAULT_MIN_QUALITY`, None keeps all; named ``around``
   entities always stay) and with them claims below
   :data:`queries.quality.DEFAULT_MIN_CONFIDENCE`; ``min_papers`` drops entities with fewer papers; ``min_strength`` / ``min_shared`` drop
   weaker CO_OCCURS edges;
2. **cypher / query** — keep only the nodes a Cypher query (or a named query
   from ``queries/``) returns;
3. **around** — keep the named entities and what lies within ``depth`` entity
   steps of them, walking through shared papers and/or CO_OCCURS edges;
4. **types** — keep only nodes of these labels (Paper is a label too); without ``types``
   (and without a query), Author and Venue nodes are left out: ask for them by type;
5. **top** — keep the ``top`` best-connected nodes (seeds first) and, with
   ``max_edges``, the strongest CO_OCCURS edges.

>>> from kg.core.examples import small_graph
>>> G = small_graph()
>>> sub = select(G, Selection(around=["label noise"], via="cooccurs", types=("Concept", "Method", "Dataset")))
>>> sorted(sub)
['Concept:diffusion', 'Concept:label noise', 'Dataset:cifar10', 'Dataset:imagenet', 'Method:noisenet']
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from kg.core.errors import SelectionError
from kg.store import MemoryStore, StoreError
from queries.cypher_backend import CypherBackend
from queries.errors import QueryError
from queries.named_queries import run_named
from queries.names import NameIndex, entity_dict
from queries.quality import DEFAULT_MIN_QUALITY, claim_passes, passes
from queries.schema import (
    AUTHOR,
    CITES,
    CLAIM_RELS,
    CO_OCCURS,
    ENTITY_LABELS,
    NODE_LABELS,
    PAPER,
    PAPER_RELS,
    VIEW_LABELS,
    node_id,
    split_node_id,
)

VIA = ("papers", "cooccurs", "both")


@dataclass
class Selection:
    """Which subgraph to take; every field is optional (the default is the whole graph above the
    default quality cut: ``min_quality=None`` for all of it)."""

    around: Sequence[str] = ()  #: entity names, aliases or node ids to centre on
    depth: int = 1  #: entity steps from ``around`` (0 = only the named entities and their papers)
    via: str = "both"  #: walk through shared "papers", "cooccurs" edges, or "both"
    types: Sequence[str] | None = None  #: node labels to keep (e.g. ("Method", "Concept")); None = all but Author/Venue
    min_strength: float | None = None  #: drop CO_OCCURS edges weaker than this
    min_shared: int | None = None  #: drop CO_OCCURS edges with fewer shared papers
    min_papers: int | None = None  #: drop entities in fewer papers
    min_quality: float | None = DEFAULT_MIN_QUALITY  #: drop entities of lower quality (None: keep all)
    year_from: int | None = None  #: keep papers with year >= this
    year_to: int | None = None  #: keep papers with year <= this
    top: int | None = None  #: keep at most this many nodes (seeds first, then best connected)
    max_edges: int | None = None  #: keep at most this many CO_OCCURS edges (strongest first)
    cypher: str | None = None  #: a read-only Cypher query whose returned nodes form the selection
    query: str | None = None  #: a named query from queries/ (instead of ``cypher``)
    params: dict[str, Any] = field(default_factory=dict)  #: parameters for ``cypher`` / ``query``
    nodes: Sequence[str] | None = None  #: keep only these node ids (what a query already returned)

    def validate(self) -> None:
        """Raise :class:`SelectionError` for an option that makes no sense."""
        if self.via not in VIA:
            raise SelectionError(f"via must be one of {', '.join(VIA)}, not {self.via!r}")
        if self.depth < 0:
            raise SelectionError(f"depth must be >= 0, not {self.depth}")
        for t in self.types or ():
            if t not in NODE_LABELS:
                raise SelectionError(f"unknown type {t!r}; types are {', '.join(NODE_LABELS)}")
        for name in ("top", "max_edges"):
            v = getattr(self, name)
            if v is not None and v < 1:
                raise SelectionError(f"{name} must be >= 1, not {v}")
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise SelectionError(f"year range {self.year_from}-{self.year_to} is empty")
        if self.cypher and self.query:
            raise SelectionError("give either a Cypher query or a named query, not both")


# ---------------------------------------------------------------- names


def resolve_name(G: nx.MultiDiGraph, name: str) -> str:
    """The entity node id a user-typed name means, by the query layer's shared name
    index (:mod:`queries.names`): an exact node id, else key, name or alias.

    >>> from kg.core.examples import small_graph
    >>> resolve_name(small_graph(), "noisy labels")
    'Concept:label noise'
    """
    if name in G and G.nodes[name].get("label") in ENTITY_LABELS:
        return name
    index = NameIndex(entity_dict(n, d) for n, d in G.nodes(data=True) if d.get("label") in ENTITY_LABELS)
    hit = index.resolve(name)
    if hit is None:
        raise SelectionError(_not_found(name, index.suggest(name)))
    return hit["id"]


def _not_found(name: str, suggestions: Iterable[str]) -> str:
    msg = f"no entity named {name!r} in the graph"
    suggestions = list(suggestions)
    return msg + ("; closest: " + ", ".join(suggestions) if suggestions else "")


# ---------------------------------------------------------------- steps


def filter_years(G: nx.MultiDiGraph, year_from: int | None, year_to: int | None) -> nx.MultiDiGraph:
    """Papers within the year range, and only the entities linked to one of them.

    >>> from kg.core.examples import small_graph
    >>> sub = filter_years(small_graph(), 2024, None)
    >>> sorted(n for n in sub if n.startswith("Paper:"))
    ['Paper:p4', 'Paper:p5']
    >>> "Concept:label noise" in sub
    False
    """
    if year_from is None and year_to is None:
        return G
    lo = year_from if year_from is not None else -(10**9)
    hi = year_to if year_to is not None else 10**9
    papers = {
        n
        for n, d in G.nodes(data=True)
        if d.get("label") == PAPER and d.get("year") is not None and lo <= d["year"] <= hi
    }
    entities = {v for p in papers for v in G.successors(p) if G.nodes[v].get("label") != PAPER}
    authors = {a for p in papers for a in G.predecessors(p) if G.nodes[a].get("label") == AUTHOR}
    return G.subgraph(papers | entities | authors)


def filter_thresholds(
    G: nx.MultiDiGraph,
    min_strength: float | None = None,
    min_shared: int | None = None,
    min_papers: int | None = None,
) -> nx.MultiDiGraph:
    """Drop entities in fewer than ``min_papers`` papers and weaker CO_OCCURS edges.

    >>> from kg.core.examples import small_graph
    >>> sub = filter_thresholds(small_graph(), min_shared=2)
    >>> sorted((u, v) for u, v, k in sub.edges(keys=True) if k == "CO_OCCURS")
    [('Concept:diffusion', 'Dataset:imagenet'), ('Concept:label noise', 'Dataset:cifar10')]
    """
    if min_papers is not None:
        keep = [n for n, d in G.nodes(data=True) if d.get("label") == PAPER or int(d.get("papers") or 0) >= min_papers]
        G = G.subgraph(keep)
    if min_strength is None and min_shared is None:
        return G

    def weak(u: str, v: str, k: str) -> bool:
        if k != CO_OCCURS:
            return False
        d = G.edges[u, v, k]
        return (min_strength is not None and d.get("strength", 0.0) < min_strength) or (
            min_shared is not None and d.get("papers", 0) < min_shared
        )

    # edge keys are relationship types: the stubs type a multigraph's keys as int
    return nx.subgraph_view(G, filter_edge=lambda u, v, k: not weak(u, v, k))  # type: ignore[arg-type]


def neighbourhood(G: nx.MultiDiGraph, seeds: Sequence[str], depth: int = 1, via: str = "both") -> set[str]:
    """Node ids within ``depth`` entity steps of ``seeds``.

    One step goes from an entity through a paper it shares with another entity
    (``via="papers"``, the papers are included), along a CO_OCCURS edge
    (``via="cooccurs"``), or either (``"both"``). The seeds' own papers are
    always included when walking through papers.

    >>> from kg.core.examples import small_graph
    >>> sorted(neighbourhood(small_graph(), ["Task:time series forecasting"], 1, "papers"))
    ['Concept:invariance', 'Method:flownet', 'Paper:p4', 'Task:time series forecasting']
    """
    use_papers = via in ("papers", "both")
    use_co = via in ("cooccurs", "both")
    seen = set(seeds)
    frontier = set(seeds)
    papers: set[str] = set()
    for step in range(depth + 1):
        nxt: set[str] = set()
        for n in frontier:
            if use_papers:
                for p in G.predecessors(n):
                    if G.nodes[p].get("label") == PAPER and p not in papers and (step < depth or step == 0):
                        papers.add(p)
                        if step < depth:
                            nxt.update(v for v in G.successors(p) if G.nodes[v].get("label") in ENTITY_LABELS)
            if use_co and step < depth:
                nxt.update(_co_neighbours(G, n))
        frontier = nxt - seen
        seen |= nxt
        if not frontier and step >= depth:
            break
    return seen | papers


def _co_neighbours(G: nx.MultiDiGraph, n: str) -> Iterable[str]:
    for _, v, k in G.out_edges(n, keys=True):
        if k == CO_OCCURS:
            yield v
    for u, _, k in G.in_edges(n, keys=True):
        if k == CO_OCCURS:
            yield u


def node_weight(G: nx.MultiDiGraph, n: str) -> tuple[int, int]:
    """How strongly a node is tied into ``G``: (edges in ``G``, stored paper count)."""
    return G.degree(n), int(G.nodes[n].get("papers") or 0)


def cap(
    G: nx.MultiDiGraph, top: int | None, max_edges: int | None = None, seeds: Sequence[str] = ()
) -> nx.MultiDiGraph:
    """Keep the ``top`` best-connected nodes and the ``max_edges`` strongest CO_OCCURS edges.

    Nodes rank by: seed first, then degree in ``G``, then paper count, then id.
    CO_OCCURS edges rank by strength, then shared papers. Nodes that lose all
    their edges to the cap are dropped (seeds stay).

    >>> from kg.core.examples import small_graph
    >>> sorted(cap(small_graph(), 3))
    ['Concept:diffusion', 'Concept:invariance', 'Dataset:imagenet']
    """
    seedset = set(seeds)
    out = G
    if top is not None and G.number_of_nodes() > top:
        ranked = sorted(G, key=lambda n: (n not in seedset, *(-w for w in node_weight(G, n)), n))
        out = G.subgraph(ranked[:top])
    if max_edges is not None:
        co = [(u, v, k) for u, v, k in out.edges(keys=True) if k == CO_OCCURS]
        if len(co) > max_edges:
            co.sort(key=lambda e: (-out.edges[e].get("strength", 0.0), -out.edges[e].get("papers", 0), e))
            drop = set(co[max_edges:])
            out = nx.subgraph_view(out, filter_edge=lambda u, v, k: (u, v, k) not in drop)
    lost = [n for n in out if out.degree(n) == 0 and G.degree(n) > 0 and n not in seedset]
    return out.subgraph([n for n in out if n not in set(lost)]) if lost else out


def query_nodes(G: nx.MultiDiGraph, cypher: str | None, query: str | None, params: dict[str, Any]) -> set[str]:
    """Node ids returned by a read-only Cypher query, or by a named query of the ``queries/`` catalogue,
    run on ``G`` loaded into an in-memory LadybugDB database."""
    backend = CypherBackend(MemoryStore(G))
    try:
        rows = run_named(backend, query, params) if query else backend.cypher(cypher or "", params)
    except (QueryError, StoreError) as exc:
        raise SelectionError(str(exc) if query else f"Cypher: {exc}") from exc
    finally:
        backend.close()
    return nodes_in_rows(G, rows)


def nodes_in_rows(G: nx.MultiDiGraph, rows: Iterable[dict[str, Any]]) -> set[str]:
    """Node ids found in query result rows: node property dicts (label + key), node-id
    strings, or strings equal to an entity's name or a paper's title (what the named
    queries return, e.g. ``m.name AS method``).

    >>> from kg.core.examples import small_graph
    >>> rows = [{"m": {"label": "Method", "key": "bert"}, "x": "Paper:p5", "n": 3}, {"method": "FlowNet"}]
    >>> sorted(nodes_in_rows(small_graph(), rows))
    ['Method:bert', 'Method:flownet', 'Paper:p5']
    """
    ids, texts = row_references(rows)
    by_name: dict[str, list[str]] = {}
    for n, d in G.nodes(data=True):
        for text in {d.get("name"), d.get("title")}:
            if isinstance(text, str):
                by_name.setdefault(text, []).append(n)
    found = {i for i in ids | texts if i in G}
    for text in texts - found:
        found.update(by_name.get(text, ()))
    return found


def row_references(rows: Iterable[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """(node ids of the node dicts in query rows, every other string in them).

    >>> row_references([{"m": {"label": "Method", "key": "bert"}, "names": ["FlowNet"], "n": 3}])
    ({'Method:bert'}, {'FlowNet'})
    """
    ids: set[str] = set()
    texts: set[str] = set()

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            label, key = value.get("label"), value.get("key")
            if isinstance(label, str) and isinstance(key, str):
                ids.add(node_id(label, key))
            else:
                for v in value.values():
                    visit(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                visit(v)
        elif isinstance(value, str):
            texts.add(value)

    for row in rows:
        visit(row)
    return ids, texts


# ---------------------------------------------------------------- select


def select(G: nx.MultiDiGraph, spec: Selection | None = None) -> nx.MultiDiGraph:
    """Apply ``spec`` to ``G``; return the selected subgraph as an independent copy.

    >>> from kg.core.examples import small_graph
    >>> sub = select(small_graph(), Selection(year_from=2024, types=("Paper", "Method")))
    >>> sorted(sub), sub.number_of_edges()
    (['Method:bert', 'Method:flownet', 'Method:noisenet', 'Paper:p4', 'Paper:p5'], 4)
    """
    spec = spec or Selection()
    spec.validate()
    seeds = [resolve_name(G, name) for name in spec.around]
    view = filter_years(G, spec.year_from, spec.year_to)
    view = filter_thresholds(view, spec.min_strength, spec.min_shared, spec.min_papers)
    if spec.min_quality is not None:
        view = view.subgraph(
            [
                n
                for n, d in view.nodes(data=True)
                if d.get("label") == PAPER or n in seeds or passes(d, spec.min_quality)
            ]
        )
        shown = view  # claims the classifier thinks less likely than not are cut with the entities
        view = nx.subgraph_view(
            shown,
            filter_edge=lambda u, v, k: k not in CLAIM_RELS or claim_passes(shown.edges[u, v, k], min_quality=None),
        )
    if spec.cypher or spec.query:
        view = view.subgraph(query_nodes(G, spec.cypher, spec.query, spec.params) & set(view))
    if spec.nodes is not None:
        view = view.subgraph(set(spec.nodes) & set(view))
    if seeds:
        missing = [s for s in seeds if s not in view]
        if missing:
            raise SelectionError(f"{', '.join(missing)} is filtered out by the other options")
        view = view.subgraph(neighbourhood(view, seeds, spec.depth, spec.via))
    asked = spec.cypher or spec.query or spec.nodes is not None  # a query's nodes are kept whatever their label
    types = spec.types or (None if asked else VIEW_LABELS)
    if types:
        view = view.subgraph([n for n, d in view.nodes(data=True) if d.get("label") in types])
    view = cap(view, spec.top, spec.max_edges, seeds)
    out: nx.MultiDiGraph = nx.MultiDiGraph()
    out.graph.update(G.graph)
    # sorted by node id: the same selection gives the same files whatever order the store
    # returned the graph in (a subgraph view would iterate a small selection in hash order)
    out.add_nodes_from((n, copy.deepcopy(G.nodes[n])) for n in sorted(view))
    out.add_edges_from(  # (u, v, key, data): the stubs know only a plain graph's (u, v[, data])
        (u, v, k, copy.deepcopy(G.edges[u, v, k]))  # type: ignore[misc]
        for u, v, k in sorted((u, v, k) for n in out for u, v, k in G.out_edges(n, keys=True) if view.has_edge(u, v, k))
    )
    out.graph["seeds"] = seeds
    return out


# ---------------------------------------------------------------- from a store


def graph_for_selection(store, spec: Selection | None = None) -> tuple[nx.MultiDiGraph, Selection]:
    """The part of ``store``'s graph that ``spec`` can reach, and the spec to apply to it.

    With ``around``, the named entities, every entity within ``depth`` steps and
    all their papers are fetched by Cypher; with ``cypher`` / ``query``, the query
    runs on the store and the nodes it returns (with their papers) are fetched, and
    the returned spec keeps exactly those nodes. Otherwise the whole graph is read.
    ``select(*graph_for_selection(store, spec))`` equals ``select(store.read_graph(), spec)``.
    """
    spec = spec or Selection()
    spec.validate()
    if not reads_part(store, spec):
        return store.read_graph(), spec
    backend = CypherBackend(store, owns=False)
    try:
        if spec.cypher or spec.query:
            rows = (
                run_named(backend, spec.query, spec.params)
                if spec.query
                else backend.cypher(spec.cypher or "", spec.params)
            )
            keep = region_nodes_in_rows(store, rows)
            G = fetch_subgraph(store, keep | linked_papers(store, keep))
            return G, replace(spec, cypher=None, query=None, params={}, nodes=sorted(keep))
        seeds = []
        for name in spec.around:
            hit = backend.resolve(name)
            if hit is None:
                raise SelectionError(_not_found(name, backend.suggest(name)))
            seeds.append(hit["id"])
        entities = entity_region(store, seeds, spec.depth, spec.via)
        G = fetch_subgraph(store, entities | linked_papers(store, entities))
        return G, replace(spec, around=seeds)
    except (QueryError, StoreError) as exc:
        raise SelectionError(str(exc) if not spec.cypher else f"Cypher: {exc}") from exc


def reads_part(store, spec: Selection | None) -> bool:
    """Whether :func:`graph_for_selection` fetches only a region of ``store`` for ``spec`` (else all of it)."""
    return (
        getattr(store, "dialect", None) == "ladybug"
        and spec is not None
        and bool(spec.around or spec.cypher or spec.query)
    )


def paper_context(store, papers: Iterable[str]) -> nx.MultiDiGraph:
    """The Paper nodes ``papers`` (node ids), every entity they link to, the papers they cite, and those
    links, read from ``store`` (what a review table or BibTeX needs of papers a region selection reached)."""
    papers = [p for p in papers if p.startswith(PAPER + ":")]
    cited = {
        node_id(PAPER, row["k"])
        for row in store.run(
            f"UNWIND $keys AS k MATCH (:{PAPER} {{key: k}})-[:{CITES}]->(o:{PAPER}) RETURN DISTINCT o.key AS k",
            {"keys": sorted(split_node_id(p)[1] for p in papers)},
        )
    }
    return fetch_subgraph(store, set(papers) | cited | _neighbours(store, papers, "|".join(PAPER_RELS), False))


def select_from_store(store, spec: Selection | None = None) -> nx.MultiDiGraph:
    """:func:`select` on ``store`` without reading the whole graph when the selection is local."""
    return select(*graph_for_selection(store, spec))


def _by_label(ids) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for nid in ids:
        label, key = split_node_id(nid)
        if label in NODE_LABELS:
            out.setdefault(label, []).append(key)
    return out


def _neighbours(store, ids, rels: str, paper_side: bool) -> set[str]:
    """Node ids one relationship of ``rels`` away from ``ids`` (either direction)."""
    found: set[str] = set()
    for label, keys in _by_label(ids).items():
        other = "(o:Paper)" if paper_side else "(o)"
        for row in store.run(
            f"UNWIND $keys AS k MATCH (n:{label} {{key: k}})-[:{rels}]-{other} "
            "RETURN DISTINCT label(o) AS l, o.key AS k",
            {"keys": keys},
        ):
            found.add(node_id(row["l"], row["k"]))
    return found


def linked_papers(store, ids) -> set[str]:
    """The papers linked to any of the entity ``ids``."""
    return _neighbours(store, [i for i in ids if not i.startswith(PAPER + ":")], "|".join(PAPER_RELS), True)


def entity_region(store, seeds, depth: int, via: str) -> set[str]:
    """Entity ids within ``depth`` entity steps of ``seeds`` (see :func:`neighbourhood`)."""
    seen, frontier = set(seeds), set(seeds)
    for _ in range(depth):
        nxt: set[str] = set()
        if via in ("papers", "both"):
            nxt |= {
                n
                for n in _neighbours(store, linked_papers(store, frontier), "|".join(PAPER_RELS), False)
                if not n.startswith(PAPER + ":")
            }
        if via in ("cooccurs", "both"):
            nxt |= _neighbours(store, frontier, CO_OCCURS, False)
        frontier = nxt - seen
        seen |= nxt
        if not frontier:
            break
    return seen


def region_nodes_in_rows(store, rows: Iterable[dict[str, Any]]) -> set[str]:
    """Node ids in query rows (as :func:`nodes_in_rows`), looked up in the store by id, name or title."""
    ids, texts = row_references(rows)
    found: set[str] = set()
    for label, keys in _by_label(ids | texts).items():
        for row in store.run(f"MATCH (n:{label}) WHERE n.key IN $keys RETURN n.key AS k", {"keys": sorted(keys)}):
            found.add(node_id(label, row["k"]))
    if texts:
        for row in store.run(
            "MATCH (n) WHERE n.name IN $texts OR n.title IN $texts RETURN label(n) AS l, n.key AS k",
            {"texts": sorted(texts)},
        ):
            found.add(node_id(row["l"], row["k"]))
    return found


def fetch_subgraph(store, ids) -> nx.MultiDiGraph:
    """The subgraph of ``store`` induced by node ``ids``, nodes in id order."""
    ids = set(ids)
    G: nx.MultiDiGraph = nx.MultiDiGraph()
    for label, keys in sorted(_by_label(ids).items()):
        for row in store.run(f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) RETURN n", {"keys": sorted(keys)}):
            G.add_node(node_id(label, row["n"]["key"]), **row["n"])
    G = nx.MultiDiGraph(G.subgraph(sorted(G)))
    for label, keys in sorted(_by_label(ids).items()):
        rows = store.run(
            f"UNWIND $keys AS k MATCH (a:{label} {{key: k}})-[r]->(b) "
            "RETURN a.key AS ka, label(b) AS lb, b.key AS kb, r",
            {"keys": sorted(keys)},
        )
        for row in rows:
            v = node_id(row["lb"], row["kb"])
            if v in G:
                G.add_edge(node_id(label, row["ka"]), v, key=row["r"]["type"], **row["r"])
    return G


def select_nonempty(G: nx.MultiDiGraph, spec: Selection | None = None) -> nx.MultiDiGraph:
    """:func:`select`, but an empty result is a :class:`SelectionError` (for commands that write files)."""
    out = select(G, spec)
    if out.number_of_nodes() == 0:
        raise SelectionError("nothing in the graph matches the selection options")
    return out
