"""Citations, authors and venues: the bibliographic part of a graph, computed from its Paper nodes.

:func:`add_bibliography` (re)computes, over every Paper node of a graph:

* ``(:Paper)-[:CITES]->(:Paper)`` where a paper's ``reference_ids`` name another paper of the
  graph by DOI, arXiv id, PMID, OpenAlex or Semantic Scholar id, so a reference to a paper added
  by a later build becomes a link then;
* ``Author`` nodes, keyed by ORCID when a reader gave one, else by
  :func:`queries.authors.author_key` ("lindqvist m" for "Lindqvist, Maïja", "Maïja Lindqvist"
  and "Lindqvist M"), with that name key as ``name_key``; a name key held by exactly one ORCID
  author in the graph is that author. ``(:Author)-[:WROTE {position}]->(:Paper)``;
* ``Venue`` nodes keyed by the normalised venue name, ``(:Paper)-[:PUBLISHED_IN]->(:Venue)``.

Every choice depends on the set of papers only, never on their order.

>>> from kg.core.graph import add_paper, new_graph
>>> from kg.core.papers import Paper
>>> G = new_graph()
>>> _ = add_paper(G, Paper(id="a", title="A", abstract="x", authors=["Lindqvist, Maïja"], venue="J. Kites",
...                        reference_ids=["doi:10.1/b"], references=2))
>>> _ = add_paper(G, Paper(id="b", title="B", abstract="y", doi="10.1/b", authors=["M. Lindqvist"]))
>>> add_bibliography(G)
>>> for edge in sorted((u, v, k) for u, v, k in G.edges(keys=True)):
...     print(*edge)
Author:lindqvist m Paper:a WROTE
Author:lindqvist m Paper:b WROTE
Paper:a Paper:b CITES
Paper:a Venue:j kites PUBLISHED_IN
>>> G.nodes["Author:lindqvist m"]["name"], G.nodes["Author:lindqvist m"]["papers"]
('Lindqvist, Maïja', 2)
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from extract.normalise import normalise_text
from kg.core.references import normalise_orcid, paper_identifiers
from queries.authors import author_key, split_name
from queries.schema import AUTHOR, BIB_LABELS, BIB_RELS, CITES, PAPER, PUBLISHED_IN, VENUE, WROTE, node_id


def _full_form(name: str) -> tuple[str, str]:
    """(display form "Surname, Given", given names) of one spelling."""
    surname, given = split_name(name)
    return (f"{surname}, {given}" if given else surname), given


def _display(spellings: Counter) -> str:
    """The fullest spelling: the longest given names, then the commonest, then one not in capitals
    and with its accents ("Maïja" over "Maija"), then the first in order."""
    forms: Counter = Counter()
    for spelling, n in spellings.items():
        forms[_full_form(spelling)] += n

    def rank(form: tuple[str, str]) -> tuple:
        return -len(form[1]), -forms[form], form[0].isupper(), -sum(not c.isascii() for c in form[0]), form[0]

    return min(forms, key=rank)[0]


def clear_bibliography(G: nx.MultiDiGraph) -> None:
    """Remove every Author and Venue node and every CITES edge."""
    G.remove_nodes_from([n for n, d in G.nodes(data=True) if d.get("label") in BIB_LABELS])
    G.remove_edges_from([(u, v, k) for u, v, k in G.edges(keys=True) if k in BIB_RELS])


def add_bibliography(G: nx.MultiDiGraph) -> None:
    """(Re)compute the Author and Venue nodes and the CITES, WROTE and PUBLISHED_IN edges of
    ``G`` from its Paper nodes (see the module docstring)."""
    clear_bibliography(G)
    papers = sorted((n, d) for n, d in G.nodes(data=True) if d.get("label") == PAPER)
    add_citations(G, papers)
    add_authors(G, papers)
    add_venues(G, papers)


def add_citations(G: nx.MultiDiGraph, papers: list[tuple[str, dict]]) -> None:
    """CITES edges from each paper to the papers of ``G`` its ``reference_ids`` name, and on each
    cited paper ``citations``: how many papers of ``G`` cite it (read by ``kg query most_cited``
    without counting links; unset on a paper no stored paper cites)."""
    owner: dict[str, set[str]] = defaultdict(set)
    for n, d in papers:
        for ident in paper_identifiers(d):
            owner[ident].add(n)
    citations: Counter = Counter()
    for n, d in papers:
        cited = {m for rid in d.get("reference_ids") or () for m in owner.get(rid, ())}
        for m in sorted(cited - {n}):
            G.add_edge(n, m, key=CITES, type=CITES)
            citations[m] += 1
    for n, d in papers:  # set where a stored paper cites it, else left out
        if citations[n]:
            d["citations"] = citations[n]
        else:
            d.pop("citations", None)


def add_authors(G: nx.MultiDiGraph, papers: list[tuple[str, dict]]) -> None:
    """Author nodes and WROTE edges (``position``: 1 for the first author)."""
    by_orcid_name: dict[str, set[str]] = defaultdict(set)  # name key -> ORCIDs seen with it
    for _, d in papers:
        for name, orcid in _authors_of(d):
            if orcid:
                by_orcid_name[author_key(name)].add(orcid)
    spellings: dict[str, Counter] = defaultdict(Counter)
    orcid_of: dict[str, str] = {}
    wrote: list[tuple[str, str, int]] = []
    for n, d in papers:
        seen: set[str] = set()
        for position, (name, orcid) in enumerate(_authors_of(d), 1):
            name_key = author_key(name)
            if not name_key:
                continue
            owners = by_orcid_name.get(name_key, set())
            key = orcid or (next(iter(owners)) if len(owners) == 1 else name_key)
            if key in seen:
                continue
            seen.add(key)
            spellings[key][name] += 1
            if orcid or len(owners) == 1:
                orcid_of[key] = key
            wrote.append((key, n, position))
    counts = Counter(key for key, _, _ in wrote)
    for key in sorted(spellings):
        name = _display(spellings[key])
        data = {
            "label": AUTHOR,
            "key": key,
            "name": name,
            "aliases": sorted(spellings[key]),
            "papers": counts[key],
            "name_key": author_key(name),
        }
        if key in orcid_of:
            data["orcid"] = orcid_of[key]
        G.add_node(node_id(AUTHOR, key), **data)
    for key, n, position in wrote:
        G.add_edge(node_id(AUTHOR, key), n, key=WROTE, type=WROTE, position=position)


def _authors_of(d: dict) -> list[tuple[str, str]]:
    names = [a for a in d.get("authors") or () if isinstance(a, str)]
    orcids = list(d.get("orcids") or ())
    return [(name, normalise_orcid(orcids[i]) if i < len(orcids) else "") for i, name in enumerate(names)]


def venue_key(name) -> str:
    """The key of a venue: its normalised name ("J. Kites" → "j kites")."""
    return normalise_text(name) if isinstance(name, str) else ""


def add_venues(G: nx.MultiDiGraph, papers: list[tuple[str, dict]]) -> None:
    """Venue nodes (named by their commonest spelling) and PUBLISHED_IN edges."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    links = []
    for n, d in papers:
        key = venue_key(d.get("venue"))
        if key:
            spellings[key][" ".join(d["venue"].split())] += 1
            links.append((n, key))
    for key in sorted(spellings):
        name = min(spellings[key], key=lambda s: (-spellings[key][s], s.isupper(), s))
        G.add_node(
            node_id(VENUE, key),
            label=VENUE,
            key=key,
            name=name,
            aliases=sorted(spellings[key]),
            papers=sum(spellings[key].values()),
        )
    for n, key in links:
        G.add_edge(n, node_id(VENUE, key), key=PUBLISHED_IN, type=PUBLISHED_IN)
