"""References and ORCIDs as readers find them, in one normalised form.

A reference becomes one identifier, ``doi:…``, ``arxiv:…``, ``pmid:…``,
``openalex:W…`` or ``s2:…`` (the forms paper ids and source ids take, see
:mod:`kg.core.identity`), or None when it names none (a Web of Science ``CR``
line without a DOI, a Scopus reference in prose): such references still count.
"""

from __future__ import annotations

import re

from kg.core.identifiers import arxiv_from_doi, normalise_arxiv, normalise_doi, normalise_pmid

MAX_REFERENCES = 5_000  # per paper; the rest are counted, not kept

_OPENALEX = re.compile(r"^(?:https?://(?:api\.)?openalex\.org/(?:works/)?|openalex:\s*)?(W\d{1,15})$", re.IGNORECASE)
_S2 = re.compile(r"^(?:s2:\s*)?([0-9a-f]{40})$", re.IGNORECASE)
_DOI_IN_TEXT = re.compile(r"\b(?:doi[:\s]*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s,;\]]+)", re.IGNORECASE)
_ARXIV_IN_TEXT = re.compile(r"\barxiv[:\s.]*(?:abs/)?(\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})", re.IGNORECASE)
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.IGNORECASE)


def reference_id(value) -> str | None:
    """The identifier a reference names: a bare id or URL, a ``{"DOI": …}`` / ``{"paperId": …}`` dict,
    or reference text holding a DOI or arXiv id; None when it names none.

    >>> reference_id("https://openalex.org/W2741809807"), reference_id("https://doi.org/10.1000/ABC")
    ('openalex:W2741809807', 'doi:10.1000/abc')
    >>> reference_id("Lovelace A, 2019, J KITES, V3, P10, DOI 10.1000/kites.3")
    'doi:10.1000/kites.3'
    >>> reference_id({"paperId": "649def34f8be52c8b66281af98ae884c09aef38b"}), reference_id("Smith J, 2019, NATURE")
    ('s2:649def34f8be52c8b66281af98ae884c09aef38b', None)
    >>> reference_id("arXiv:2101.00001v2"), reference_id("https://doi.org/10.48550/arXiv.2101.00001")
    ('arxiv:2101.00001', 'arxiv:2101.00001')
    """
    if isinstance(value, dict):
        return next(iter(_dict_ids(value)), None)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())[:2_000]
    if not text:
        return None
    if m := _OPENALEX.match(text):
        return "openalex:" + m[1].upper()
    if m := _S2.match(text):
        return "s2:" + m[1].lower()
    if arxiv := arxiv_from_doi(text) or normalise_arxiv(text):
        return "arxiv:" + arxiv
    if doi := normalise_doi(text):
        return "doi:" + doi
    if text.lower().startswith("pmid:") and (pmid := normalise_pmid(text)):
        return "pmid:" + pmid
    if m := _DOI_IN_TEXT.search(text):
        found = m[1].rstrip(".")
        if arxiv := arxiv_from_doi(found):
            return "arxiv:" + arxiv
        return "doi:" + doi if (doi := normalise_doi(found)) else None
    if m := _ARXIV_IN_TEXT.search(text):
        return "arxiv:" + arxiv if (arxiv := normalise_arxiv(m[1])) else None
    return None


def reference_ids(value) -> list[str]:
    """Every identifier one reference carries (a dict may give a DOI, an arXiv id, a PMID and a
    Semantic Scholar id of one paper), best first.

    >>> reference_ids({"paperId": "649def34f8be52c8b66281af98ae884c09aef38b", "externalIds": {"DOI": "10.1000/X"}})
    ['doi:10.1000/x', 's2:649def34f8be52c8b66281af98ae884c09aef38b']
    """
    if isinstance(value, dict):
        return _dict_ids(value)
    found = reference_id(value)
    return [found] if found else []


def _dict_ids(item: dict) -> list[str]:
    """A reference given as a dict: Semantic Scholar (``paperId``, ``externalIds``), Crossref/CSL
    (``DOI``, ``unstructured``), PubMed (``pmid``, ``doi``, ``citation``)."""
    lowered = {str(k).lower(): v for k, v in item.items()}
    ext_ids = lowered.get("externalids")
    ext = {str(k).lower(): v for k, v in ext_ids.items()} if isinstance(ext_ids, dict) else {}
    out = []
    if doi := normalise_doi(_s(lowered.get("doi") or ext.get("doi"))):
        out.append("doi:" + doi)
    if arxiv := normalise_arxiv(_s(lowered.get("arxiv") or ext.get("arxiv"))):
        out.append("arxiv:" + arxiv)
    if pmid := normalise_pmid(_s(lowered.get("pmid") or lowered.get("pubmed") or ext.get("pubmed"))):
        out.append("pmid:" + pmid)
    for key in ("paperid", "id", "unstructured", "citation", "text"):
        if (found := reference_id(_s(lowered.get(key)))) and found not in out:
            out.append(found)
    return out


def reference_list(values, count=None) -> tuple[list[str], int | None]:
    """(distinct identifiers in the order given, how many references there are) for a list of
    references; ``count`` is a count the source gives itself (``referenced_works_count``), taken
    when it is the larger. ``(…, None)`` when the source gives no list and no count.

    >>> reference_list(["https://openalex.org/W1", "https://openalex.org/W1", "Smith J, 2019, NATURE"])
    (['openalex:W1'], 3)
    >>> reference_list(None), reference_list([], 7)
    (([], None), ([], 7))
    """
    items = values if isinstance(values, list) else None
    total = len(items) if items is not None else None
    if isinstance(count, int) and not isinstance(count, bool) and 0 <= count < 10**7:
        total = max(total or 0, count)
    ids: list[str] = []
    seen: set[str] = set()
    for item in (items or [])[:MAX_REFERENCES]:
        for rid in reference_ids(item):
            if rid not in seen:
                seen.add(rid)
                ids.append(rid)
    return ids, total


def normalise_orcid(value) -> str:
    """An ORCID iD as ``0000-0002-1825-0097`` (from a bare id or an orcid.org URL), else "".

    >>> normalise_orcid("https://orcid.org/0000-0002-1825-009x"), normalise_orcid("n/a")
    ('0000-0002-1825-009X', '')
    """
    m = _ORCID.search(value) if isinstance(value, str) else None
    return m[1].upper() if m else ""


def paper_identifiers(data: dict) -> list[str]:
    """Every identifier a reference can name a paper by, from a Paper's fields (a dict):
    its DOI, arXiv id, PMID and global source ids (``openalex:…``, ``s2:…``).

    >>> paper_identifiers({"doi": "10.1/x", "arxiv_id": None, "pmid": "7", "source_ids": ["openalex:W1", "a.csv#3"]})
    ['doi:10.1/x', 'pmid:7', 'openalex:W1']
    """
    out = [
        prefix + data[name]
        for name, prefix in (("doi", "doi:"), ("arxiv_id", "arxiv:"), ("pmid", "pmid:"))
        if data.get(name)
    ]
    out += [s for s in data.get("source_ids") or () if isinstance(s, str) and s.split(":", 1)[0] in ("openalex", "s2")]
    return out


def _s(value) -> str:
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else ""
