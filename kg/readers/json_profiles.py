"""The JSON shapes of known services, mapped to canonical fields.

Each record is recognised by its own keys, so one file may mix shapes:

* OpenAlex works (API pages ``{"meta", "results"}`` and snapshot lines):
  ``abstract_inverted_index`` rebuilt into text in word order;
* Semantic Scholar Graph API papers (``paperId``, ``externalIds``);
* the arXiv metadata snapshot (``authors_parsed``, ``versions``);
* CSL-JSON from Zotero, Mendeley, Paperpile (``issued``, ``container-title``,
  authors as ``{"family", "given"}``).

Anything else keeps its own keys (matched by :data:`kg.readers.fields.ALIASES`).
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from kg.core.identifiers import normalise_arxiv

MAX_INDEX_POSITIONS = 200_000


def to_fields(obj: dict) -> dict:
    """Canonical fields for one JSON record, by its shape."""
    if "abstract_inverted_index" in obj or str(obj.get("id", "")).startswith("https://openalex.org/"):
        return openalex_work(obj)
    if "paperId" in obj or "externalIds" in obj:
        return semantic_scholar_paper(obj)
    if "authors_parsed" in obj or ("versions" in obj and "categories" in obj):
        return arxiv_snapshot_record(obj)
    if _is_csl(obj):
        return csl_item(obj)
    return obj


def rebuild_inverted_index(index) -> str:
    """The text an OpenAlex ``abstract_inverted_index`` encodes, words in position order.

    >>> rebuild_inverted_index({"models": [1, 4], "Diffusion": [0], "denoise.": [5], "learn": [2], "to": [3]})
    'Diffusion models learn to models denoise.'
    >>> rebuild_inverted_index(None), rebuild_inverted_index({"a": "x", "b": [-1, True, 10**9]})
    ('', '')
    """
    placed: list[tuple[int, str]] = []
    for word, positions in _dict(index).items():
        for pos in _list(positions)[:MAX_INDEX_POSITIONS]:
            if isinstance(pos, int) and not isinstance(pos, bool) and 0 <= pos < MAX_INDEX_POSITIONS:
                placed.append((pos, str(word)))
        if len(placed) > MAX_INDEX_POSITIONS:
            break
    return " ".join(word for _, word in sorted(placed))


def openalex_work(w: dict) -> dict:
    ids = _dict(w.get("ids"))
    location = _dict(w.get("primary_location"))
    venue = _dict(location.get("source")).get("display_name") or _dict(w.get("host_venue")).get("display_name")
    pairs = [
        (_dict(a.get("author")).get("display_name") or a.get("raw_author_name"), _dict(a.get("author")).get("orcid"))
        for a in _dicts(w.get("authorships"))
    ]
    pairs = [(name, orcid) for name, orcid in pairs if isinstance(name, str) and name.strip()]
    arxiv = None
    for loc in [location, *_dicts(w.get("locations"))]:
        arxiv = arxiv or normalise_arxiv(_str(loc.get("landing_page_url")))
    work_id = _str(w.get("id") or ids.get("openalex")).rsplit("/", 1)[-1]
    return {
        "title": w.get("title") or w.get("display_name"),
        "abstract": rebuild_inverted_index(w.get("abstract_inverted_index")) or w.get("abstract"),
        "year": w.get("publication_year"),
        "date": w.get("publication_date"),
        "authors": [name for name, _ in pairs],
        "orcids": [orcid for _, orcid in pairs],
        "venue": venue,
        "doi": w.get("doi") or ids.get("doi"),
        "pmid": ids.get("pmid"),
        "arxiv_id": arxiv,
        "source_ids": [f"openalex:{work_id}"] if work_id else [],
        "url": location.get("landing_page_url") or w.get("id"),
        "keywords": [k for k in (_dict(k).get("display_name") for k in _list(w.get("keywords"))) if isinstance(k, str)],
        "kind": _openalex_kind(w, _dict(location.get("source")).get("type")),
        "references": w.get("referenced_works"),
        "n_references": w.get("referenced_works_count"),
    }


def semantic_scholar_paper(p: dict) -> dict:
    ext = _dict(p.get("externalIds"))
    paper_id = _str(p.get("paperId"))
    fields = [_dict(f).get("category") for f in _list(p.get("s2FieldsOfStudy"))] or _list(p.get("fieldsOfStudy"))
    return {
        "title": p.get("title"),
        "abstract": p.get("abstract"),
        "year": p.get("year"),
        "date": p.get("publicationDate"),
        "authors": [a.get("name") for a in _dicts(p.get("authors"))],
        "venue": p.get("venue") or _dict(p.get("journal")).get("name"),
        "doi": ext.get("DOI"),
        "arxiv_id": ext.get("ArXiv"),
        "pmid": ext.get("PubMed"),
        "source_ids": [f"s2:{paper_id}"] if paper_id else [],
        "url": p.get("url"),
        "keywords": [f for f in fields if isinstance(f, str)],
        "kind": _list(p.get("publicationTypes")),
        "references": p.get("references"),
        "n_references": p.get("referenceCount"),
    }


def arxiv_snapshot_record(r: dict) -> dict:
    parsed = [_list(a) for a in _list(r.get("authors_parsed"))]
    authors = [" ".join(str(x) for x in (a[1:2] + a[:1]) if str(x).strip()) for a in parsed if a] or r.get("authors")
    created = next((_dict(v).get("created") for v in _list(r.get("versions"))), None)
    arxiv_id = normalise_arxiv(_str(r.get("id")))
    return {
        "title": r.get("title"),
        "abstract": r.get("abstract"),
        "date": _rfc2822_date(created) or r.get("update_date"),
        "authors": authors,
        "arxiv_id": arxiv_id,
        "doi": r.get("doi"),
        "venue": r.get("journal-ref"),
        "url": f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else None,
        "keywords": _str(r.get("categories")).split(),
        "kind": "preprint",
    }


def csl_item(c: dict) -> dict:
    authors, orcids = [], []
    for a in _dicts(c.get("author")):
        name = a.get("literal") or ", ".join(str(x) for x in (a.get("family"), a.get("given")) if x)
        if isinstance(name, str) and name.strip():
            authors.append(name)
            orcids.append(a.get("ORCID") or a.get("orcid"))
    issued = _dict(c.get("issued"))
    parts = next(iter(_list(issued.get("date-parts"))), None)
    date_parts = [int(p) for p in _list(parts) if _small_number(p)][:3]
    date = "-".join(f"{int(p):02d}" for p in date_parts) if len(date_parts) == 3 else None
    archive = _str(c.get("archive") or c.get("publisher")).lower()
    return {
        "title": c.get("title"),
        "abstract": c.get("abstract"),
        "date": date or issued.get("raw") or issued.get("literal"),
        "year": date_parts[0] if date_parts else None,
        "authors": authors,
        "orcids": orcids,
        "venue": c.get("container-title"),
        "doi": c.get("DOI"),
        "pmid": c.get("PMID"),
        "arxiv_id": c.get("number") if archive == "arxiv" else None,
        "id": c.get("citation-key") or c.get("id"),
        "url": c.get("URL"),
        "keywords": c.get("keyword"),
        "kind": c.get("type"),
        "references": c.get("reference"),  # Crossref-style [{"DOI": …, "unstructured": …}], when present
        "n_references": c.get("references-count"),
    }


def _openalex_kind(w: dict, source_type) -> object:
    """OpenAlex's ``type_crossref``, else its ``type``; an "article" in a conference source is a conference paper."""
    kind = w.get("type_crossref") or w.get("type")
    if kind == "article" and source_type in ("conference", "repository"):
        return "paper-conference" if source_type == "conference" else "preprint"
    return kind


def _is_csl(obj: dict) -> bool:
    if any(k in obj for k in ("issued", "container-title", "citation-key")):
        return True
    authors = _list(obj.get("author"))
    return bool(authors) and isinstance(authors[0], dict) and ("family" in authors[0] or "literal" in authors[0])


def _small_number(p) -> bool:
    if isinstance(p, int) and not isinstance(p, bool):
        return 0 <= p < 10_000
    return isinstance(p, str) and p.isascii() and p.isdigit() and len(p) <= 4


def _rfc2822_date(value) -> str | None:
    try:
        return parsedate_to_datetime(_str(value)).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dicts(value) -> list[dict]:
    return [v for v in _list(value) if isinstance(v, dict)]


def _str(value) -> str:
    return value if isinstance(value, str) else ""
