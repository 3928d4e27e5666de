"""Screening a review: tag papers include / exclude with a note (``kg tag``), filter and export by tag.

The tags are kept by :mod:`kg.store.tags` beside the graph, so they survive
rebuilds and ``kg remove``. Papers are named the way ``kg show`` names them
(id, DOI, arXiv id, ``pmid:N``, title).

>>> import tempfile
>>> from kg.store import EmbeddedStore
>>> from tests.fixtures.graphs import make_small_graph
>>> store = EmbeddedStore(tempfile.mkdtemp())
>>> store.write_graph(make_small_graph())
>>> report = tag_papers(store, ["p1", "p2"], decision="include", note="core")
>>> [t["decision"] for t in report.tagged], sorted(paper_tags(store))
(['include', 'include'], ['p1', 'p2'])
>>> sorted(tagged_ids(store, "include")), sorted(tagged_ids(store, "untagged"))
(['Paper:p1', 'Paper:p2'], ['Paper:p3', 'Paper:p4', 'Paper:p5'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import cast

from kg.core.errors import SelectionError
from kg.present.paper_card import find_paper
from kg.store.tags import DECISIONS, MAX_NOTE, Tag, read_tags, tags_lock, tags_path, write_tags
from queries.backend import QueryBackend
from queries.errors import QueryError
from queries.schema import PAPER, node_id, split_node_id

#: what ``kg papers --tag`` filters on: a decision, any tag, or no decision yet
TAG_FILTERS = (*DECISIONS, "tagged", "untagged")


@dataclass
class TagReport:
    """What :func:`tag_papers` changed: one dict per paper (``id``, ``title``, ``decision``, ``note``)."""

    path: str
    tagged: list[dict] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"path": self.path, "tagged": self.tagged, "unmatched": self.unmatched}


def paper_tags(store) -> dict[str, Tag]:
    """Every tag of ``store`` by paper id (``Paper.key``)."""
    return read_tags(tags_path(store))


def tag_papers(
    store, papers: list[str], decision: str | None = None, note: str | None = None, clear: bool = False
) -> TagReport:
    """Set ``decision`` ("include" / "exclude") and/or ``note`` on each paper ``papers`` names;
    ``clear`` removes both first (``note=""`` removes the note only). Names that match no paper
    are listed in ``unmatched``; the others are tagged in one write."""
    if decision is not None and decision not in DECISIONS:
        raise SelectionError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    if decision is None and note is None and not clear:
        raise SelectionError("nothing to tag: give a decision (include or exclude), a note, or clear")
    if note is not None and len(note) > MAX_NOTE:
        raise SelectionError(f"the note is longer than {MAX_NOTE:,} characters")
    found, unmatched = _find(store, papers)
    path = tags_path(store)
    report = TagReport(str(path), unmatched=unmatched)
    if not found:
        return report
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with tags_lock(path).hold():
        tags = read_tags(path)
        for pid, title in found.items():
            tag = Tag(title=title) if clear else tags.get(pid, Tag(title=title))
            if decision is not None:
                tag.decision = decision
            if note is not None:
                tag.note = " ".join(note.split()) or None
            tag.title, tag.updated = title, now
            tags[pid] = tag
            report.tagged.append({"id": pid, "title": title, "decision": tag.decision, "note": tag.note})
        write_tags(path, tags)
    return report


def _find(store, papers: list[str]) -> tuple[dict[str, str], list[str]]:
    """{paper id: title} of the papers named, and the names that match none."""
    from queries.cypher_backend import CypherBackend  # noqa: PLC0415 (not on every kg start-up)

    # CypherBackend answers the QueryBackend protocol with plain dicts where it names TypedDicts
    backend = cast(QueryBackend, CypherBackend(store, owns=False))
    found: dict[str, str] = {}
    unmatched = []
    for text in papers:
        try:
            paper = find_paper(backend, text)
        except QueryError as exc:  # a title naming several papers
            raise SelectionError(str(exc)) from None
        if paper is None:
            unmatched.append(text)
        else:
            found[paper.id] = paper.title
    return found, unmatched


def tagged_ids(store, which: str) -> set[str]:
    """Node ids (``Paper:…``) of the papers ``which`` selects (see :data:`TAG_FILTERS`); for
    "untagged", every paper of the store without a decision."""
    if which not in TAG_FILTERS:
        raise SelectionError(f"the tag filter must be one of {', '.join(TAG_FILTERS)}, not {which!r}")
    tags = paper_tags(store)
    if which == "untagged":
        decided = {pid for pid, t in tags.items() if t.decision}
        rows = store.run(f"MATCH (p:{PAPER}) RETURN p.key AS k")
        return {node_id(PAPER, r["k"]) for r in rows if r["k"] not in decided}
    if which in DECISIONS:
        return {node_id(PAPER, pid) for pid, t in tags.items() if t.decision == which}
    return {node_id(PAPER, pid) for pid, t in tags.items() if not t.empty()}


def tag_fields(tag: Tag | None) -> dict:
    """``{"decision", "note"}`` of a tag (None values without one)."""
    return {"decision": tag.decision if tag else None, "note": tag.note if tag else None}


def apply_tags(G, tags: dict[str, Tag]) -> None:
    """Set ``decision`` and ``note`` on the Paper nodes of ``G`` that carry a tag (graph exports)."""
    for n, d in G.nodes(data=True):
        label, key = split_node_id(n)
        tag = tags.get(key) if d.get("label") == PAPER or label == PAPER else None
        if tag is None or tag.empty():
            continue
        for name, value in tag_fields(tag).items():
            if value:
                d[name] = value
