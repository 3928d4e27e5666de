"""The public query API the CLI calls: names in, plain JSON-able results out.

Every function takes a :class:`queries.backend.QueryBackend`, resolves
user-typed names (raising :class:`queries.errors.NotFound` with suggestions)
and returns the backend's result shapes.

>>> from kg.core.examples import small_graph
>>> from kg.store import MemoryStore
>>> from queries.cypher_backend import CypherBackend
>>> b = CypherBackend(MemoryStore(small_graph()))
>>> [r["name"] for r in top(b, "dataset", n=2)]
['ImageNet', 'CIFAR-10']
>>> resolve(b, "cifar10")["id"]
'Dataset:cifar10'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from queries.backend import SHOW_LIMIT, QueryBackend, check_page
from queries.claims import claim_rows_flat, group_claims, predicate_of
from queries.errors import NotFound, QueryError
from queries.quality import DEFAULT_MIN_CONFIDENCE, DEFAULT_MIN_QUALITY
from queries.schema import BIB_LABELS, CLAIM_RELS, ENTITY_LABELS

#: papers a page of :func:`papers_page` holds unless asked for more (an entity card: ``SHOW_LIMIT``)
PAPERS_LIMIT = SHOW_LIMIT
#: CLI type names → node labels
TYPES = {label.lower(): label for label in ENTITY_LABELS}
#: type names ``top`` also takes: authors and venues
TOP_TYPES = {**TYPES, **{label.lower(): label for label in BIB_LABELS}}


def label_of(type_name: str | None, types: dict[str, str] = TYPES) -> str | None:
    """``"method"`` → ``"Method"``; None stays None; anything else is an error (``types``: the
    names accepted, :data:`TYPES` or :data:`TOP_TYPES`)."""
    if type_name is None:
        return None
    label = types.get(type_name.strip().lower()) or types.get(type_name.strip().lower().rstrip("s"))
    if label is None:
        raise QueryError(f"unknown type {type_name!r}; choose one of {', '.join(types)}")
    return label


def resolve(backend: QueryBackend, name: str, label: str | None = None) -> dict:
    """The entity ``name`` means, preferring ``label`` but accepting any label; else NotFound."""
    if not name or not name.strip():
        raise QueryError("an entity name is required")
    hit = backend.resolve(name, label) if label else None
    hit = hit or backend.resolve(name)
    if hit is None:
        raise NotFound(name, backend.suggest(name, 5, label) or backend.suggest(name, 5), label)
    return hit


def top(
    backend: QueryBackend, type_name: str | None = None, n: int = 20, min_quality: float | None = DEFAULT_MIN_QUALITY
) -> list[dict]:
    """The ``n`` entities with most papers (of one type, or all entity types) among those of quality at
    least ``min_quality`` (:mod:`queries.quality`; None: every entity); ``"author"`` and ``"venue"`` list
    authors and venues instead (never mixed into the entity list; no quality cut)."""
    if n < 1:
        raise QueryError("n must be at least 1")
    return backend.top(label_of(type_name, TOP_TYPES), n, min_quality)


def resolve_author(backend: QueryBackend, name: str) -> dict:
    """The Author ``name`` means: an ORCID, "Lindqvist, Maïja", "Maïja Lindqvist", "Lindqvist M"
    (surname and initial) or a surname alone when only one author has it; QueryError listing
    the candidates when several authors fit, NotFound when none does."""
    return _one(
        backend.find_authors(name) if name and name.strip() else [],
        name,
        "author",
        "give the first initial or the ORCID too",
    )


def resolve_venue(backend: QueryBackend, name: str) -> dict:
    """The Venue ``name`` means: its name in any case and punctuation, or a part of the name only
    one venue has; QueryError listing the candidates when several fit, NotFound when none does."""
    return _one(backend.find_venues(name) if name and name.strip() else [], name, "venue", "give more of the name")


def _one(found: list[dict], name: str, what: str, hint: str) -> dict:
    if not name or not name.strip():
        raise QueryError(f"an {what} name is required")
    if not found:
        raise NotFound(name, [], what.capitalize())
    if len(found) > 1:
        listed = "; ".join(f"{f['name']} ({f['papers']} papers)" for f in found[:8])
        raise QueryError(f"{name!r} names {len(found)} {what}s: {listed}{'; …' if len(found) > 8 else ''} — {hint}")
    return found[0]


def show(
    backend: QueryBackend, name: str, n_related: int = 10, limit: int | None = SHOW_LIMIT, offset: int = 0
) -> dict:
    """An entity card: ``{"entity", "papers", "papers_total", "related", "claims", "claim_groups"}`` (see the
    backend protocol): the ``limit`` newest papers after the first ``offset`` (``None``: every paper), and how
    many there are; its best-supported claims, and those grouped by predicate and direction
    (:func:`queries.claims.group_claims`: "used for", "evaluated with/on", "kinds", "broader terms", …)."""
    check_page(limit, offset)
    card = backend.show(resolve(backend, name)["id"], n_related, limit, offset)
    return {**card, "claim_groups": group_claims(card["entity"]["id"], card.get("claims", []))}


def claims(
    backend: QueryBackend,
    name: str | None = None,
    predicate: str | Sequence[str] | None = None,
    min_papers: int = 1,
    limit: int | None = None,
    min_confidence: float | None = DEFAULT_MIN_CONFIDENCE,
    min_quality: float | None = DEFAULT_MIN_QUALITY,
) -> list[dict]:
    """Claims to or from the entity ``name`` (every claim when None), of one predicate or several
    (``"used for"``, ``"USED_FOR"``, …; None: all), stated by at least ``min_papers`` papers: backend
    ``ClaimRow`` dicts, best supported first (:meth:`queries.backend.QueryBackend.claims`). By default only
    claims the classifier thinks more likely than not, between entities above the quality cut
    (:mod:`queries.quality`; ``min_confidence=None, min_quality=None``: every claim).

    >>> from tests.fixtures.graphs import make_small_graph
    >>> from kg.store import MemoryStore
    >>> from queries.cypher_backend import CypherBackend
    >>> claims(CypherBackend(MemoryStore(make_small_graph())), predicate="outperforms")
    []
    """
    if min_papers < 1:
        raise QueryError("min_papers must be at least 1")
    if limit is not None and limit < 0:
        raise QueryError("the limit must be at least 0 (or None for every claim)")
    names = [predicate] if isinstance(predicate, str) else list(predicate or ())
    types = [predicate_of(p) for p in names] if names else list(CLAIM_RELS)
    node = resolve(backend, name)["id"] if name is not None else None
    return backend.claims(node, types, min_papers, limit, min_confidence, min_quality)


def resolve_filters(backend: QueryBackend, **names_by_type: Iterable[str]) -> list[dict]:
    """Resolve ``concept=[...]``, ``method=[...]`` … filters to entities (type preferred)."""
    out = []
    for type_name, names in names_by_type.items():
        for name in names or ():
            out.append(resolve(backend, name, label_of(type_name)))
    return out


def papers(
    backend: QueryBackend,
    concept: Sequence[str] = (),
    method: Sequence[str] = (),
    dataset: Sequence[str] = (),
    task: Sequence[str] = (),
    metric: Sequence[str] = (),
    year_from: int | None = None,
    year_to: int | None = None,
    limit: int | None = None,
    offset: int = 0,
    author: Sequence[str] = (),
    venue: Sequence[str] = (),
) -> list[dict]:
    """Papers linked to every named entity, written by every named ``author`` and appeared in
    the ``venue`` (:func:`resolve_author`, :func:`resolve_venue`), within the year range, newest
    first: the ``limit`` first after ``offset`` (``None``: all of them; :func:`papers_page` also counts them)."""
    check_page(limit, offset)
    ids = _filter_ids(backend, concept, method, dataset, task, metric, year_from, year_to, author, venue)
    return backend.papers(ids, year_from, year_to, limit, offset)


def papers_page(
    backend: QueryBackend,
    concept: Sequence[str] = (),
    method: Sequence[str] = (),
    dataset: Sequence[str] = (),
    task: Sequence[str] = (),
    metric: Sequence[str] = (),
    year_from: int | None = None,
    year_to: int | None = None,
    limit: int | None = PAPERS_LIMIT,
    offset: int = 0,
    author: Sequence[str] = (),
    venue: Sequence[str] = (),
) -> dict:
    """One page of :func:`papers`: ``{"total", "offset", "limit", "papers"}``, ``total`` counting
    every matching paper (counted in the store, not fetched), ``limit`` ``None`` for all of them.

    >>> from kg.core.examples import small_graph
    >>> from kg.store import MemoryStore
    >>> from queries.cypher_backend import CypherBackend
    >>> page = papers_page(CypherBackend(MemoryStore(small_graph())), dataset=["ImageNet"], limit=1)
    >>> page["total"], [p["id"] for p in page["papers"]]
    (3, ['Paper:p5'])
    """
    check_page(limit, offset)
    ids = _filter_ids(backend, concept, method, dataset, task, metric, year_from, year_to, author, venue)
    return {
        "total": backend.count_papers(ids, year_from, year_to),
        "offset": offset,
        "limit": limit,
        "papers": backend.papers(ids, year_from, year_to, limit, offset),
    }


def _filter_ids(
    backend: QueryBackend,
    concept,
    method,
    dataset,
    task,
    metric,
    year_from: int | None,
    year_to: int | None,
    author=(),
    venue=(),
) -> list[str]:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise QueryError(f"the year range {year_from}–{year_to} is empty (from is after to)")
    entities = resolve_filters(backend, concept=concept, method=method, dataset=dataset, task=task, metric=metric)
    entities += [resolve_author(backend, name) for name in author or ()]
    entities += [resolve_venue(backend, name) for name in venue or ()]
    return list(dict.fromkeys(e["id"] for e in entities))


def related(
    backend: QueryBackend,
    name: str,
    type_name: str | None = None,
    n: int = 20,
    min_quality: float | None = DEFAULT_MIN_QUALITY,
) -> list[dict]:
    """Entities co-occurring with ``name``, strongest association first, among those of quality at
    least ``min_quality`` (:mod:`queries.quality`; None: every entity)."""
    if n < 1:
        raise QueryError("n must be at least 1")
    return backend.related(resolve(backend, name)["id"], label_of(type_name), n, min_quality)


def path(backend: QueryBackend, a: str, b: str, max_hops: int = 6) -> dict:
    """The shortest chain from ``a`` to ``b``: ``{"source", "target", "nodes", "hops", "basis"}``; a chain
    of claims (``basis`` ``"claims"``) when one is at most a hop longer than the paper chain
    (``"papers"``), see :meth:`queries.backend.QueryBackend.path`."""
    source, target = resolve(backend, a), resolve(backend, b)
    result = backend.path(source["id"], target["id"], max_hops)
    if result is None:
        raise QueryError(f"no connection between {source['name']!r} and {target['name']!r} within {max_hops} papers")
    return {"source": source, "target": target, **result}


def link_sentences(hop: dict) -> list[str]:
    """The sentences that make one hop: those naming both entities, else the first for each side."""
    shared = [x for x in hop["source_evidence"] if x in hop["target_evidence"]]
    return shared or list(dict.fromkeys(hop["source_evidence"][:1] + hop["target_evidence"][:1]))


def claim_link(hop: dict, claim: dict) -> str:
    """How one claim of a claim hop reads from the hop's source: ``USED_FOR →`` or ``← OUTPERFORMS``."""
    return f"{claim['predicate']} →" if claim["head"]["id"] == hop["source"]["id"] else f"← {claim['predicate']}"


def path_rows(result: dict) -> list[dict]:
    """One table row per hop of a :func:`path` result (``paper``/``year`` empty and ``claims`` set
    on a claim hop: its predicates as read from ``from``)."""
    rows = []
    for i, h in enumerate(result["hops"], 1):
        if "claims" in h:
            rows.append(
                {
                    "hop": i,
                    "from": h["source"]["name"],
                    "paper": None,
                    "year": None,
                    "to": h["target"]["name"],
                    "evidence": list(dict.fromkeys(s for c in h["claims"] for s in c["evidence"][:1])),
                    "claims": [claim_link(h, c) for c in h["claims"]],
                }
            )
        else:
            rows.append(
                {
                    "hop": i,
                    "from": h["source"]["name"],
                    "paper": h["paper"]["title"],
                    "year": h["paper"]["year"],
                    "to": h["target"]["name"],
                    "evidence": link_sentences(h),
                    "claims": [],
                }
            )
    return rows


def explain_path(result: dict) -> list[str]:
    """The path as sentences, one hop per line group."""
    src, dst = result["source"], result["target"]
    if not result["hops"]:
        return [f"{src['name']} ({src['label']}) is {dst['name']}: nothing to connect."]
    if result.get("basis") == "claims":
        lines = [f"{src['name']} ({src['label']}) → {dst['name']} ({dst['label']}) in {len(result['hops'])} claim(s):"]
        for i, h in enumerate(result["hops"], 1):
            links = ", ".join(
                f"{claim_link(h, c)} ({c['papers']} paper{'s' * (c['papers'] != 1)})" for c in h["claims"]
            )
            lines.append(f"{i}. {h['source']['name']} [{links}] {h['target']['name']}")
            lines += [
                f"     “{sentence}”"
                for sentence in dict.fromkeys(c["evidence"][0] for c in h["claims"] if c["evidence"])
            ]
        return lines
    lines = [f"{src['name']} ({src['label']}) → {dst['name']} ({dst['label']}) in {len(result['hops'])} paper(s):"]
    for i, h in enumerate(result["hops"], 1):
        p = h["paper"]
        year = f", {p['year']}" if p.get("year") is not None else ""
        lines.append(
            f"{i}. {h['source']['name']} [{'/'.join(h['source_rels'])}] — “{p['title']}”{year} — "
            f"[{'/'.join(h['target_rels'])}] {h['target']['name']}"
        )
        for sentence in link_sentences(h):
            lines.append(f"     “{sentence}”")
    return lines


def parse_params(pairs: Iterable[str]) -> dict[str, Any]:
    """``["k=v", …]`` → dict; a value is JSON when it parses (numbers, true, lists), else a string.

    >>> parse_params(["n=5", "name=label noise", "ks=[\\"a\\", \\"b\\"]", "q=\\"7\\""])
    {'n': 5, 'name': 'label noise', 'ks': ['a', 'b'], 'q': '7'}
    """
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise QueryError(f"parameter {pair!r}: expected NAME=VALUE")
        try:
            out[key] = json.loads(raw, parse_constant=_no_constant)
        except ValueError:
            out[key] = raw
        except RecursionError:
            raise QueryError(f"parameter {key}: the JSON value is nested too deeply") from None
    return out


def _no_constant(name: str):
    raise ValueError(name)  # NaN / Infinity stay strings


def cypher(backend: QueryBackend, query: str, params: dict[str, Any] | None = None) -> list[dict]:
    """Rows of a read-only Cypher query, keyed by RETURN column names (the backend refuses
    queries too large for a parser: :func:`queries.dialect.shape_problem`)."""
    if not query or not query.strip():
        raise QueryError("an empty query")
    return backend.cypher(query, params or {})


__all__ = [
    "TYPES",
    "TOP_TYPES",
    "SHOW_LIMIT",
    "PAPERS_LIMIT",
    "label_of",
    "resolve",
    "resolve_author",
    "resolve_venue",
    "top",
    "show",
    "papers",
    "papers_page",
    "related",
    "path",
    "path_rows",
    "explain_path",
    "claim_link",
    "link_sentences",
    "parse_params",
    "cypher",
    "resolve_filters",
    "NotFound",
    "QueryError",
    "claims",
    "claim_rows_flat",
]
