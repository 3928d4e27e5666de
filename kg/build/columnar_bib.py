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
from dataclasses import dataclass, field

import pyarrow as pa

from kg.build.paper_set import PaperSet
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
    set), Author and Venue nodes, CITES, WROTE and PUBLISHED_IN edges (from, to, type, properties), the
    scope of the tables they stand for, and the properties of every node those edges join (node id → them)."""

    papers: list[tuple[str, dict]]
    nodes: list[tuple[str, dict]]
    edges: list[tuple[str, str, str, dict]]
    scope: Scope
    node_data: dict[str, dict] = field(default_factory=dict)


@dataclass
class Change:
    """What a build changes in the stored papers: ``before``, the stored version of each changed or gone
    paper (id → paper); ``changed``, the ids of the papers new or changed; ``gone``, those removed."""

    before: dict[str, Paper]
    changed: list[str]
    gone: list[str]

    @classmethod
    def between(cls, old: list[Paper], papers: list[Paper]) -> Change:
        """The change from the stored papers ``old`` to ``papers`` (every paper compared)."""
        before = {p.id: p for p in old}
        now = {p.id for p in papers}
        changed = sorted(p.id for p in papers if before.get(p.id) != p)
        gone = sorted(pid for pid in before if pid not in now)
        return cls({pid: before[pid] for pid in (*changed, *gone) if pid in before}, changed, gone)


class Rows:
    """What :mod:`kg.core.bibliography`'s functions add, as lists (each adds a node or an edge once)."""

    def __init__(self) -> None:
        self.nodes: list[tuple[str, dict]] = []
        self.edges: list[tuple[str, str, str, dict]] = []

    def add_node(self, n: str, **data) -> None:
        self.nodes.append((n, data))

    def add_edge(self, u: str, v: str, key: str, **data) -> None:
        self.edges.append((u, v, key, data))


def paper_order(papers: PaperSet) -> dict[str, int]:
    """Paper id → its position in the order paper lists are shown in (as the Paper table's rows are written)."""
    ranked = sorted(
        papers.rows("id", "year", "title"), key=lambda r: paper_sort_key({"year": r[1], "title": r[2], "key": r[0]})
    )
    return {r[0]: i for i, r in enumerate(ranked)}


def bibliography_delta(change: Change, papers: PaperSet) -> Delta | None:
    """The bibliography rows ``change`` touches among ``papers`` (the papers after it; see the module's
    docstring). Every paper's authors, venue, identifiers and references are read as columns; only the
    papers whose rows are made become node dicts. None when nothing changed or when an ORCID is involved
    (every row is then made)."""
    if not change.changed and not change.gone:
        return None
    was = {
        node_id(PAPER, pid): {"label": PAPER, "key": pid, "name": p.title, **p.to_dict()}
        for pid, p in sorted(change.before.items())
    }
    new_ids = {node_id(PAPER, pid) for pid in change.changed}
    delta_ids = new_ids | {node_id(PAPER, pid) for pid in change.gone}
    now = dict(papers.nodes(change.changed))
    touched = [now[n] for n in sorted(new_ids)] + [was[n] for n in sorted(was)]

    # authors: the name keys of the changed papers' authors, unless an ORCID decides a key
    if any(orcid for d in touched for _, orcid in _authors_of(d)):
        return None
    name_keys = {author_key(name) for d in touched for name, _ in _authors_of(d)} - {""}
    if papers.distinct("orcids") - {None, ""}:  # another paper's ORCID may decide a touched key
        for names, orcids in papers.rows("authors", "orcids"):
            if any(orcids or ()) and any(
                orcid and author_key(name) in name_keys
                for name, orcid in _authors_of({"authors": names, "orcids": orcids})
            ):
                return None
    names = {name for name in papers.distinct("authors") if isinstance(name, str) and author_key(name) in name_keys}
    author_papers = papers.fields_of(papers.having("authors", names), ("authors", "orcids"))
    authors = Rows()
    add_authors(authors, author_papers)  # type: ignore[arg-type]

    # venues: the changed papers' venues (before and now), over every paper of them
    venues = {venue_key(d.get("venue")) for d in touched} - {""}
    spelt = {v for v in papers.distinct("venue") if isinstance(v, str) and venue_key(v) in venues}
    venue_papers = papers.fields_of(papers.having("venue", spelt), ("venue",))
    venue_rows = Rows()
    add_venues(venue_rows, venue_papers)  # type: ignore[arg-type]

    # citations: the changed papers and those they cite (now or before), with every paper citing those
    wanted = {rid for d in touched for rid in d.get("reference_ids") or ()}
    named = set()  # the papers holding an identifier the changed papers name
    for name, prefix in (("doi", "doi:"), ("arxiv_id", "arxiv:"), ("pmid", "pmid:")):
        named.update(papers.having(name, {w[len(prefix) :] for w in wanted if w.startswith(prefix)}))
    named.update(papers.having("source_ids", wanted))
    owner: dict[str, set[str]] = defaultdict(set)
    for n, d in papers.nodes(named):
        for ident in paper_identifiers(d):
            if ident in wanted:
                owner[ident].add(n)
    counted = set(new_ids)
    for d in touched:
        counted.update(m for rid in d.get("reference_ids") or () for m in owner.get(rid, ()))
    cited = {ident for _, d in papers.nodes(split_node_id(n)[1] for n in counted) for ident in paper_identifiers(d)}
    citers = {node_id(PAPER, pid) for pid in papers.having("reference_ids", cited)}
    copies = papers.nodes(split_node_id(n)[1] for n in counted | citers)  # add_citations sets their "citations"
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
    node_data = {
        **dict(author_papers),
        **dict(venue_papers),
        **dict(copies),
        **dict(authors.nodes),
        **dict(venue_rows.nodes),
    }
    return Delta(paper_rows, bib_nodes, edges, scope, node_data)


def _order_table(papers: PaperSet) -> pa.Table:
    order = paper_order(papers)
    return pa.table({"key": pa.array(list(order), pa.string()), "ord": pa.array(list(order.values()), pa.int64())})
