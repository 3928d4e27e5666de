"""The query-backend protocol: one interface, implemented in Cypher for every store
(:class:`queries.cypher_backend.CypherBackend`).

Every method returns plain JSON-able data (dicts, lists, str, int, float,
bool, None) so the CLI prints them the same way for any store, and two
backends holding the same graph return **identical** results: each method
below states its result shape and its complete ordering (with explicit
tie-breaks). Strings compare by Unicode code point (Python ``<``, Cypher
``ORDER BY``). ``None`` years sort last.

Node ids are the NetworkX ids of :mod:`queries.schema`: ``"<Label>:<key>"``
(``"Method:sparse autoencoder"``, ``"Paper:p1"``). A Neo4j backend builds them
from the node label and its ``key`` property.

Shapes used below:

``Entity``
    ``{"id", "label", "key", "name", "aliases": [str], "papers": int}`` —
    ``aliases`` in stored order, ``papers`` the node's stored ``papers`` count.
``PaperRef``
    ``{"id", "title", "year", "date", "url", "authors"}`` — ``id`` is the node id, ``authors``
    the names as read.
``Neighbour``
    ``Entity`` plus ``"shared": int`` (the CO_OCCURS ``papers`` value) and
    ``"strength": float`` (the CO_OCCURS ``strength`` value).

Name resolution is shared: implementations should answer :meth:`resolve` and
:meth:`suggest` with :class:`queries.names.NameIndex` built from all entity
nodes, so both backends resolve a name to the same node.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypedDict, runtime_checkable

from queries.errors import QueryError

# The result shapes, by name (see above). The methods below are annotated with plain dicts, as
# the backends build them; each docstring names its shape.


class Entity(TypedDict):
    id: str
    label: str
    key: str
    name: str
    aliases: list[str]
    papers: int


class Neighbour(Entity):
    shared: int
    strength: float


class PaperRef(TypedDict):
    id: str
    title: str
    year: int | None
    date: str | None
    url: str | None
    authors: list[str]


def paper_ref(node: str, data: dict) -> dict:
    """The backend ``PaperRef`` shape of one Paper node."""
    return {
        "id": node,
        "title": data.get("title") or data.get("name"),
        "year": data.get("year"),
        "date": data.get("date"),
        "url": data.get("url"),
        "authors": list(data.get("authors") or []),
    }


class PaperEvidence(PaperRef):
    rels: list[str]
    evidence: list[str]


class ClaimRow(TypedDict):
    predicate: str
    head: Entity
    tail: Entity
    papers: int
    paper_ids: list[str]
    evidence: list[str]
    confidence: float
    sources: list[str]


class Card(TypedDict):
    entity: Entity
    papers: list[PaperEvidence]
    papers_total: int
    related: list[Neighbour]
    claims: list[ClaimRow]


def paper_sort_key(props: dict) -> tuple:
    """Where a Paper node (its properties) comes in a list of papers: year descending (no year
    last), then the title shown (its ``name`` when it has none), then ``key``.

    >>> papers = [{"key": "a", "year": 2020, "title": "Z"}, {"key": "b", "year": None, "title": "A"},
    ...           {"key": "c", "year": 2021, "title": "Y"}, {"key": "d", "year": 2020, "title": "B"}]
    >>> [p["key"] for p in sorted(papers, key=paper_sort_key)]
    ['c', 'd', 'a', 'b']
    """
    year = props.get("year")
    year = year if isinstance(year, int) and not isinstance(year, bool) else None
    return (year is None, -(year or 0), props.get("title") or props.get("name") or "", str(props.get("key")))


#: papers an entity card lists unless asked for more (a hub entity has tens of thousands;
#: the card carries their number, ``papers_total``)
SHOW_LIMIT = 20


def check_page(limit: int | None, offset: int) -> None:
    """A page request is ``limit`` ≥ 0 (or None: every paper) rows after ``offset`` ≥ 0 rows."""
    if limit is not None and int(limit) < 0:
        raise QueryError("the limit must be at least 0 (or None for every paper)")
    if int(offset) < 0:
        raise QueryError("the offset must be at least 0")


class Hop(TypedDict):
    source: Entity
    target: Entity
    paper: PaperRef
    source_rels: list[str]
    target_rels: list[str]
    source_evidence: list[str]
    target_evidence: list[str]


class PathResult(TypedDict):
    nodes: list[str]
    hops: list[Hop]


@runtime_checkable
class QueryBackend(Protocol):
    """Read-only questions over one paperkg graph.

    Methods take node ids (already resolved with :meth:`resolve`) and raise
    :class:`queries.errors.QueryError` subclasses for bad input; they never
    modify the store.
    """

    #: human-readable store location, never containing a password
    location: str

    def entities(self, label: str | None = None) -> list[dict]:
        """All entity nodes (not Papers), of ``label`` if given, ordered by id."""

    def resolve(self, name: str, label: str | None = None) -> dict | None:
        """The entity a user-typed name means, or ``None``.

        ``name`` matches a node id exactly, or its ``key`` / ``name`` /
        any alias after :func:`extract.normalise.canonical_key` (case, plural,
        hyphen, underscore and letter–digit insensitive). When several nodes
        match: key matches before name matches before alias matches, then
        ``papers`` descending, then id ascending. ``label`` (e.g. ``"Method"``)
        restricts the candidates.
        """

    def suggest(self, name: str, n: int = 5, label: str | None = None) -> list[str]:
        """Up to ``n`` display names closest to ``name`` (difflib ratio on
        normalised forms ≥ 0.5), ordered by ratio descending, then name, deduplicated."""

    def top(self, label: str | None = None, n: int = 20, min_quality: float | None = 0.7) -> list[dict]:
        """The ``n`` entities (of ``label``, or of every entity label) with the
        most papers: ``papers`` descending, then ``key`` ascending, then id ascending;
        only entities of ``quality`` at least ``min_quality`` (None: all; an entity without
        ``quality`` counts as 1.0: :mod:`queries.quality`, the default is its ``DEFAULT_MIN_QUALITY``).
        ``label`` may also be ``Author`` or ``Venue`` (no quality cut)."""

    def find_authors(self, name: str) -> list[dict]:
        """Author nodes ``name`` means (``Entity`` dicts with ``orcid``): those whose key (ORCID or name key) or name key equals
        the typed name's :func:`queries.authors.author_key`, else those whose name key starts
        with the typed surname; in key order."""

    def find_venues(self, name: str) -> list[dict]:
        """Venue nodes whose key equals the typed name normalised, else those whose key contains it."""

    def show(self, node_id: str, n_related: int = 10, limit: int | None = SHOW_LIMIT, offset: int = 0) -> dict:
        """An entity card: ``{"entity", "papers", "papers_total", "related"}``.

        ``papers``: the papers linked to the entity, as ``PaperRef`` plus
        ``rels`` (sorted relationship types from that paper to the entity) and
        ``evidence`` (the edges' evidence sentences, deduplicated, in rels
        order), ordered by year descending (None last), then title, then id;
        the first ``offset`` skipped and at most ``limit`` listed (``None``: all).
        ``papers_total``: how many papers are linked (counted, not listed).
        ``related``: ``related(node_id, None, n_related)``.
        ``claims``: ``claims(node_id, CLAIM_RELS, 1, queries.claims.CARD_CLAIMS)``.
        Raises :class:`queries.errors.NotFound` for an unknown id.
        """

    def papers(
        self,
        entity_ids: Sequence[str] = (),
        year_from: int | None = None,
        year_to: int | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict]:
        """Papers linked to **every** entity in ``entity_ids`` (any relationship
        type; an Author id: papers it WROTE; a Venue id: papers PUBLISHED_IN it),
        with ``year_from <= year <= year_to`` when given (papers without a
        year are then excluded). ``rels``: sorted types of the edges to the filter
        entities; ``evidence``: their sentences deduplicated, in filter order then
        rels order. Ordered by year descending (None last), then title, then id;
        the first ``offset`` skipped and at most ``limit`` returned (``None``: all).
        No ``entity_ids`` means all papers in the year range.
        """

    def count_papers(
        self, entity_ids: Sequence[str] = (), year_from: int | None = None, year_to: int | None = None
    ) -> int:
        """How many papers :meth:`papers` would return without a limit (counted in the store)."""

    def related(
        self, node_id: str, label: str | None = None, n: int = 20, min_quality: float | None = 0.7
    ) -> list[dict]:
        """Up to ``n`` entities sharing a CO_OCCURS edge with ``node_id`` (either
        direction), of ``label`` if given, of ``quality`` at least ``min_quality`` (as in
        :meth:`top`): ``strength`` descending, then ``shared`` descending, then key, then id."""

    def path(self, source_id: str, target_id: str, max_hops: int = 6) -> dict | None:
        """The shortest entity–paper–entity chain from ``source_id`` to ``target_id``.

        Walks Paper→entity edges in either direction (not CO_OCCURS), so every
        hop is explained by one paper. Among all shortest chains, the one whose
        sequence of node ids is lexicographically smallest. ``nodes``: the node
        ids, entity, paper, entity, …; ``hops``: one per paper, with both
        entities, the paper, the relationship types and evidence on each side.
        ``None`` when no chain has at most ``max_hops`` papers;
        ``{"nodes": [id], "hops": [], "basis": "papers"}`` when source == target.
        ``basis``: ``"papers"`` for such a chain.

        A chain of claims (entity, entity, … over :data:`queries.schema.CLAIM_RELS`, either
        direction) wins when one has at most one hop more than the paper chain (and at most
        ``max_hops``; any within ``max_hops`` when there is no paper chain): the shortest such,
        lexicographically smallest, with ``basis`` ``"claims"``, ``nodes`` the entities, and
        ``hops`` ``{"source", "target", "claims"}`` (every claim between the two, ``ClaimRow``).
        """

    def claims(
        self,
        node_id: str | None = None,
        predicates: Sequence[str] = (),
        min_papers: int = 1,
        limit: int | None = None,
        min_confidence: float | None = 0.5,
        min_quality: float | None = 0.7,
    ) -> list[dict]:
        """Claims (entity→entity relationships of :data:`queries.schema.CLAIM_RELS`) of the types in
        ``predicates``, stated by at least ``min_papers`` papers, to or from ``node_id`` when given (else
        all): ``{"predicate", "head", "tail", "papers", "paper_ids", "evidence", "confidence", "sources"}``,
        ``head``/``tail`` ``Entity``; ordered by papers ↓, confidence ↓, predicate, head id, tail id;
        at most ``limit`` (``None``: all). Only claims of ``confidence`` at least ``min_confidence`` whose
        ends reach ``min_quality`` (:mod:`queries.quality`; None: no cut of that kind)."""

    def cypher(
        self, query: str, params: dict[str, Any] | None = None, write: bool = False, isolated: bool = True
    ) -> list[dict[str, Any]]:
        """Run a Cypher query with parameters (read-only unless ``write``; ``isolated``:
        typed by a user, so run where an engine crash cannot end the caller); one dict per row,
        keys = RETURN column names in RETURN order. Nodes and relationships come
        back as their property dicts; lists stay lists. Raises
        :class:`queries.errors.CypherError` (with a message naming the problem)
        for invalid, unsupported or write queries."""

    def close(self) -> None:
        """Release connections (nothing to do for NetworkX)."""
