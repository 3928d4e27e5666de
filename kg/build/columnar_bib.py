"""The papers' rows and their bibliography for only what a change touches (docs/scale.md, "Rows for what
changed").

A build that adds (or changes, or removes) a few papers of a store that keeps a row digest
(:mod:`kg.store.ladybug_diff`) need not make the Paper, Author and Venue rows and the CITES, WROTE and
PUBLISHED_IN rows of every paper: :func:`bibliography_delta` works out which rows the change can touch,
computes those with :mod:`kg.core.bibliography`'s own functions over the papers they depend on, and
names the rest as carried over (a :class:`kg.store.ladybug_diff.Scope`), so the write takes their
digests from the store's.

What a changed paper (new, changed or gone; ``D``) can touch:

* **Paper rows**: its own, and the ``citations`` count of the papers it cites, now or before. Those
  counts are computed over every paper citing them (found by identifier), so they are whole.
* **CITES**: the edges from or to a paper of ``D``.
* **Author rows and WROTE**: the authors under the name keys of ``D``'s author lists (before and now),
  over every paper with an author of one of those keys. An ORCID changes which key an author gets
  (a name key one ORCID holds is that author): when a paper of ``D`` carries an ORCID, or another
  paper gives one to an author under a touched name key, there is no delta and every row is made.
* **Venue rows and PUBLISHED_IN**: the venues of ``D`` (before and now) over their papers; the
  edges from papers of ``D``.

Paper list positions (``_order``) are given for every paper (:attr:`Scope.order`), as 10 new papers
move the positions of the papers listed after them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyarrow as pa

from kg.core.bibliography import _authors_of, add_authors, add_citations, add_venues, venue_key
from kg.core.papers import Paper
from kg.core.references import paper_identifiers
from kg.store.ladybug_diff import Scope
from queries.authors import author_key
from queries.backend import paper_sort_key
from queries.schema import AUTHOR, CITES, PAPER, PUBLISHED_IN, VENUE, WROTE, node_id, split_node_id


@dataclass
class Delta:
    """The rows :func:`bibliography_delta` computed: Paper nodes (node id, properties; their ``citations``
    set), Author and Venue nodes, CITES, WROTE and PUBLISHED_IN edges (from, to, type, properties), and
    the scope of the tables they stand for."""

    papers: list[tuple[str, dict]]
    nodes: list[tuple[str, dict]]
    edges: list[tuple[str, str, str, dict]]
    scope: Scope


class Rows:
    """What :mod:`kg.core.bibliography`'s functions add, as lists (each adds a node or an edge once)."""

    def __init__(self) -> None:
        self.nodes: list[tuple[str, dict]] = []
        self.edges: list[tuple[str, str, str, dict]] = []

    def add_node(self, n: str, **data) -> None:
        self.nodes.append((n, data))

    def add_edge(self, u: str, v: str, key: str, **data) -> None:
        self.edges.append((u, v, key, data))


def paper_order(papers: list[Paper]) -> dict[str, int]:
    """Paper id → its position in the order paper lists are shown in (as the Paper table's rows are written)."""
    ranked = sorted(papers, key=lambda p: paper_sort_key({"year": p.year, "title": p.title, "key": p.id}))
    return {p.id: i for i, p in enumerate(ranked)}


def bibliography_delta(old: list[Paper], papers: list[Paper], nodes: list[tuple[str, dict]]) -> Delta | None:
    """The bibliography rows a change from the stored papers ``old`` to ``papers`` touches (see the module's
    docstring); ``nodes``: the Paper nodes of ``papers`` (node id, properties), sorted by id. None when
    nothing changed or when an ORCID is involved (every row is then made)."""
    before = {p.id: p for p in old}
    now = {p.id: p for p in papers}
    changed = sorted(pid for pid, p in now.items() if before.get(pid) != p)
    gone = sorted(pid for pid in before if pid not in now)
    if not changed and not gone:
        return None
    props = dict(nodes)
    was = {
        node_id(PAPER, pid): {"label": PAPER, "key": pid, "name": before[pid].title, **before[pid].to_dict()}
        for pid in (*changed, *gone)
        if pid in before
    }
    new_ids = {node_id(PAPER, pid) for pid in changed}
    delta_ids = new_ids | {node_id(PAPER, pid) for pid in gone}
    touched = [props[n] for n in sorted(new_ids)] + [was[n] for n in sorted(was)]

    # authors: the name keys of the changed papers' authors, unless an ORCID decides a key
    if any(orcid for d in touched for _, orcid in _authors_of(d)):
        return None
    name_keys = {author_key(name) for d in touched for name, _ in _authors_of(d)} - {""}
    for _, d in nodes:
        if any(d.get("orcids") or ()) and any(
            orcid and author_key(name) in name_keys for name, orcid in _authors_of(d)
        ):
            return None
    key_of: dict[str, str] = {}
    by_authors = []
    for n, d in nodes:
        for name in d.get("authors") or ():
            if isinstance(name, str):
                if name not in key_of:
                    key_of[name] = author_key(name)
                if key_of[name] in name_keys:
                    by_authors.append((n, d))
                    break
    authors = Rows()
    add_authors(authors, by_authors)  # type: ignore[arg-type]

    # venues: the changed papers' venues (before and now), over every paper of them
    venues = {venue_key(d.get("venue")) for d in touched} - {""}
    vkey: dict[str, str] = {}
    by_venue = []
    for n, d in nodes:
        v = d.get("venue")
        if isinstance(v, str):
            if v not in vkey:
                vkey[v] = venue_key(v)
            if vkey[v] in venues:
                by_venue.append((n, d))
    venue_rows = Rows()
    add_venues(venue_rows, by_venue)  # type: ignore[arg-type]

    # citations: the changed papers and those they cite (now or before), with every paper citing those
    wanted = {rid for d in touched for rid in d.get("reference_ids") or ()}
    owner: dict[str, set[str]] = defaultdict(set)  # of the identifiers the changed papers name
    for n, d in nodes:
        for ident in paper_identifiers(d):
            if ident in wanted:
                owner[ident].add(n)
    counted = set(new_ids)
    for d in touched:
        counted.update(m for rid in d.get("reference_ids") or () for m in owner.get(rid, ()))
    counted &= set(props)
    cited = {ident for m in counted for ident in paper_identifiers(props[m])}
    with_citers = counted | {n for n, d in nodes if not cited.isdisjoint(d.get("reference_ids") or ())}
    copies = [(n, dict(props[n])) for n in sorted(with_citers)]  # add_citations sets their "citations"
    cites = Rows()
    add_citations(cites, copies)  # type: ignore[arg-type]

    paper_rows = [(n, d) for n, d in copies if n in counted]
    scope = Scope(
        nodes={
            PAPER: sorted(split_node_id(n)[1] for n in delta_ids | counted),
            AUTHOR: sorted(name_keys),
            VENUE: sorted(venues),
        },
        rels={
            CITES: (sorted(split_node_id(n)[1] for n in delta_ids), sorted(split_node_id(n)[1] for n in delta_ids)),
            WROTE: (sorted(name_keys), []),
            PUBLISHED_IN: (sorted(split_node_id(n)[1] for n in delta_ids), []),
        },
        order=_order_table(papers),
        fresh=[split_node_id(n)[1] for n in sorted(new_ids)],
    )
    edges = [e for e in cites.edges if e[0] in delta_ids or e[1] in delta_ids]
    edges += [e for e in authors.edges if split_node_id(e[0])[1] in name_keys]
    edges += [e for e in venue_rows.edges if e[0] in delta_ids]
    bib_nodes = [(n, d) for n, d in authors.nodes if d["key"] in name_keys] + venue_rows.nodes
    return Delta(paper_rows, bib_nodes, edges, scope)


def _order_table(papers: list[Paper]) -> pa.Table:
    order = paper_order(papers)
    return pa.table({"key": pa.array(list(order), pa.string()), "ord": pa.array(list(order.values()), pa.int64())})
