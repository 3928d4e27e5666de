"""Questions about papers rather than entities: find a paper by id, DOI or title, its card
(entities by type with evidence), and full-text search over titles and abstracts.

Plain Cypher with parameters (the same spelling on the embedded store and Neo4j);
matching is done in Python with the readers' normalisation, so ``doi:10.1/X``,
``https://doi.org/10.1/x`` and the title in another case all find the paper.

>>> from kg.core.examples import small_graph
>>> from kg.store import MemoryStore
>>> from queries.cypher_backend import CypherBackend
>>> b = CypherBackend(MemoryStore(small_graph()))
>>> card = paper_card(b, "p1")
>>> card["paper"]["id"], sorted(card["entities"])[:2]
('p1', ['Concept', 'Dataset'])
>>> [r["id"] for r in search_papers(b, "cifar-10 noisy")]
['Paper:p2']
"""

from __future__ import annotations

import re
from typing import Any

from extract.normalise import normalise_text
from kg.core.identifiers import normalise_arxiv, normalise_doi, normalise_pmid
from kg.core.identity import paper_matches
from kg.core.papers import Paper
from kg.store.search_query import terms_of
from queries.backend import SHOW_LIMIT, QueryBackend, paper_ref
from queries.errors import NotFound, QueryError
from queries.schema import CITES, PAPER, PAPER_RELS, REL_ENDPOINTS, node_id

#: Paper fields a card shows (in this order)
CARD_FIELDS = (
    "id",
    "title",
    "year",
    "date",
    "authors",
    "venue",
    "kind",
    "doi",
    "arxiv_id",
    "pmid",
    "url",
    "code_url",
    "source",
    "references",
)
#: the paper ref a card lists for a citing or cited paper (the backend's ``PaperRef``)
_REF = (
    "q.key AS key, q.title AS title, q.name AS name, q.year AS year, q.date AS date, q.url AS url, q.authors AS authors"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def all_papers(backend: QueryBackend) -> list[Paper]:
    """Every Paper in the store as a :class:`kg.core.papers.Paper`."""
    return [
        Paper.from_dict(dict(r["p"], id=r["p"].get("key") or r["p"].get("id")))
        for r in backend.cypher(f"MATCH (p:{PAPER}) RETURN p AS p", {}, isolated=False)
    ]


def find_paper(backend: QueryBackend, text: str) -> Paper | None:
    """The paper ``text`` names (id, ``Paper:`` node id, DOI, arXiv id, ``pmid:N``, source id
    or title), or None. A title that names several papers is an error. Identifiers are looked
    up in the store first (an identifier wins over another paper's title); only a title or a
    file name reads every paper."""
    if not text or not text.strip():
        raise QueryError("a paper id, DOI or title is required")
    found = [p for p in _by_identifier(backend, text) if paper_matches(p, text) and not _only_by_file(p, text)]
    if not found:
        found = [p for p in all_papers(backend) if paper_matches(p, text) and not _only_by_file(p, text)]
    if len(found) > 1:
        raise QueryError(
            f"{text!r} names {len(found)} papers: " + "; ".join(f"{p.id} ({p.title[:40]})" for p in found[:5])
        )
    return found[0] if found else None


def _by_identifier(backend: QueryBackend, text: str) -> list[Paper]:
    """Papers whose id, source id, DOI, arXiv id or PMID equals what ``text`` normalises to
    (compared in the store, as :func:`kg.core.identity.paper_matches` compares them)."""
    t = text.strip()
    params = {
        "key": t.removeprefix("Paper:"),
        "text": t,
        "doi": normalise_doi(t) or "",
        "arxiv": normalise_arxiv(t) or "",
        "pmid": (normalise_pmid(t) or "") if t.lower().startswith("pmid:") else "",
    }
    # the id as `kg show` prints it (or the key a DOI, arXiv id or PMID gives): one primary-key lookup
    keys = [
        k
        for k in (params["key"], "doi:" + params["doi"], "arxiv:" + params["arxiv"], "pmid:" + params["pmid"])
        if not k.endswith(":")
    ]
    rows = backend.cypher(
        f"UNWIND $keys AS k MATCH (p:{PAPER} {{key: k}}) RETURN p AS p", {"keys": keys}, isolated=False
    )
    if rows:
        return [Paper.from_dict(dict(r["p"], id=r["p"].get("key") or r["p"].get("id"))) for r in rows[:1]]
    rows = backend.cypher(
        f"MATCH (p:{PAPER}) WHERE p.key = $key OR $text IN p.source_ids OR p.doi = $doi "
        "OR p.arxiv_id = $arxiv OR p.pmid = $pmid RETURN p AS p",
        params,
        isolated=False,
    )
    return [Paper.from_dict(dict(r["p"], id=r["p"].get("key") or r["p"].get("id"))) for r in rows]


def _only_by_file(paper: Paper, text: str) -> bool:
    """A source file names many papers: `kg show` wants one paper, so a file does not count."""
    return paper.source.rsplit(":", 1)[0] == text.strip() and normalise_text(text) != normalise_text(paper.title)


def paper_card(backend: QueryBackend, text: str, limit: int | None = SHOW_LIMIT) -> dict:
    """``{"paper": fields, "node", "entities": {label: [{"name", "key", "rel", "count", "evidence", "quality"}]},
    "cites": [PaperRef], "cites_total", "cited_by": [PaperRef], "cited_by_total"}``: ``entities`` are every
    entity the paper links to, whatever its quality (``quality``: the entity's score, None when unscored;
    corpus views hide those below :data:`queries.quality.DEFAULT_MIN_QUALITY`); ``cites`` and
    ``cited_by`` are the newest ``limit`` papers of the store this one cites and that cite it
    (None: all), ``…_total`` how many there are; ``paper["references"]`` counts every reference the
    source listed, in the store or not."""
    paper = find_paper(backend, text)
    if paper is None:
        raise NotFound(text, [p.title for p in all_papers(backend) if _close(text, p.title)][:5], PAPER)
    entities: dict[str, list[dict]] = {}
    for rel in PAPER_RELS:
        for _, label in REL_ENDPOINTS[rel]:
            rows = backend.cypher(
                f"MATCH (p:{PAPER} {{key: $key}})-[r:{rel}]->(e:{label}) "
                "RETURN e.key AS key, e.name AS name, r.count AS count, r.evidence AS evidence, e.quality AS quality",
                {"key": paper.id},
                isolated=False,
            )
            for r in rows:
                entities.setdefault(label, []).append(
                    {
                        "name": r["name"],
                        "key": r["key"],
                        "rel": rel,
                        "count": r["count"],
                        "evidence": list(r["evidence"] or []),
                        "quality": r["quality"],
                    }
                )
    for items in entities.values():
        items.sort(key=lambda e: (-(e["count"] or 0), str(e["name"]).casefold()))
    fields = paper.to_dict()
    return {
        "paper": {k: fields[k] for k in CARD_FIELDS},
        "node": node_id(PAPER, paper.id),
        "entities": dict(sorted(entities.items())),
        **_citations(backend, paper.id, "cites", f"(p)-[:{CITES}]->(q:{PAPER})", limit),
        **_citations(backend, paper.id, "cited_by", f"(p)<-[:{CITES}]-(q:{PAPER})", limit),
    }


def _citations(backend: QueryBackend, key: str, name: str, pattern: str, limit: int | None) -> dict:
    """``{name: PaperRefs, name_total: count}`` of the papers ``pattern`` reaches from paper ``key``:
    the newest ``limit`` (None: all; no year last, then title, key), ordered and cut in the store."""
    match = f"MATCH (p:{PAPER} {{key: $key}}) MATCH {pattern}"
    total = backend.cypher(f"{match} RETURN count(*) AS n", {"key": key}, isolated=False)[0]["n"]
    cut = "" if limit is None else f" LIMIT {int(limit)}"
    rows = backend.cypher(
        f"{match} RETURN {_REF} ORDER BY year IS NULL, year DESC, title, key{cut}", {"key": key}, isolated=False
    )
    return {name: [paper_ref(node_id(PAPER, r["key"]), r) for r in rows], f"{name}_total": int(total)}


def _close(text: str, title: str) -> bool:
    words = set(normalise_text(text).split())
    return bool(words) and len(words & set(normalise_text(title).split())) >= max(1, len(words) // 2)


def search_page(
    backend: Any,
    text: str,
    year_from: int | None = None,
    year_to: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> dict:
    """``{"total", "offset", "limit", "papers"}``: papers matching the search query ``text``
    (:mod:`kg.store.search_query`: phrases, AND/OR/NOT, ``title:``/``abstract:``), best match
    first (BM25 over a full-text index, :mod:`kg.store.search_index`); each row's ``evidence`` holds
    the abstract sentences with a searched word or phrase in them (at most 2), ``score`` its relevance.
    ``backend``: a query backend, or a store that keeps its own index (the embedded store: no
    backend is needed to read it)."""
    from kg.store.search_index import search

    terms = terms_of(text)  # parses: a bad query is an error before any index is opened
    db = search_index_of(backend)
    try:
        total, rows = search(db, text, year_from, year_to, limit, offset)
    finally:
        db.close()
    return {"total": total, "offset": offset, "limit": limit, "papers": [_hit(r, terms) for r in rows]}


def search_papers(
    backend: QueryBackend, text: str, year_from: int | None = None, year_to: int | None = None
) -> list[dict]:
    """Every paper :func:`search_page` finds, best match first."""
    return search_page(backend, text, year_from, year_to)["papers"]


def search_index_of(backend: Any):
    """The store's full-text index (the embedded store keeps one beside the graph); other stores
    (Neo4j) get one built in memory from every paper, for this search. ``backend``: a query
    backend, or a store itself."""
    store: Any = getattr(backend, "conn", backend)
    if hasattr(store, "search_index"):
        return store.search_index()
    import sqlite3

    from kg.store.search_index import fill_index

    db = sqlite3.connect(":memory:")
    fill_index(db, (dict(p.to_dict(), key=p.id) for p in all_papers(backend)), "memory")
    return db


def _hit(row: dict, terms: list[str]) -> dict:
    words = [normalise_text(t) for t in terms]
    sentences = [s for s in _SENTENCE.split(row["abstract"] or "") if any(w and w in normalise_text(s) for w in words)]
    return {
        "id": row["id"],
        "title": row["title"],
        "year": row["year"],
        "date": row["date"],
        "url": row["url"],
        "rels": [],
        "evidence": sentences[:2],
        "score": row["score"],
    }
