"""DOIs, arXiv ids and PubMed ids in their canonical form, from bare ids or URLs.

Every reader passes what it found through these, so the same paper read from
BibTeX, RIS, OpenAlex or PubMed carries identical identifiers.
"""

from __future__ import annotations

import re

_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)
_ARXIV_NEW = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?")
_ARXIV_OLD = re.compile(r"([a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE)
_ARXIV_PREFIX = re.compile(r"^(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:\s*)", re.IGNORECASE)
_PMID_URL = re.compile(
    r"^(?:https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/|pmid:\s*)", re.IGNORECASE
)
MAX_ID_CHARS = 200


def normalise_doi(value) -> str | None:
    """A DOI in lower case without resolver prefix, or None (arXiv DOIs are arXiv ids).

    >>> normalise_doi("https://doi.org/10.1234/ABC.5"), normalise_doi("doi: 10.1000/x."), normalise_doi("n/a")
    ('10.1234/abc.5', '10.1000/x', None)
    >>> normalise_doi("10.48550/arXiv.2101.00001") is None
    True
    """
    text = _DOI_PREFIX.sub("", str(value or "").strip())
    m = _DOI.match(text)
    if not m or len(m[0]) > MAX_ID_CHARS or _ARXIV_DOI.match(m[0]):
        return None
    return m[0].rstrip(".,;").lower()


def normalise_arxiv(value) -> str | None:
    """An arXiv id without version or URL, or None.

    >>> normalise_arxiv("http://arxiv.org/abs/2101.00001v2"), normalise_arxiv("arXiv:hep-th/9901001v1")
    ('2101.00001', 'hep-th/9901001')
    >>> normalise_arxiv("10.48550/arXiv.2101.00001"), normalise_arxiv("12.5")
    ('2101.00001', None)
    """
    text = str(value or "").strip()
    if m := _ARXIV_DOI.match(_DOI_PREFIX.sub("", text)):
        text = m[1]
    text = _ARXIV_PREFIX.sub("", text).removesuffix(".pdf")
    m = _ARXIV_NEW.fullmatch(text) or _ARXIV_OLD.fullmatch(text)
    return m[1] if m else None


def arxiv_from_doi(value) -> str | None:
    """The arXiv id inside an arXiv DOI (``10.48550/arXiv.…``), else None.

    >>> arxiv_from_doi("https://doi.org/10.48550/ARXIV.2101.00001"), arxiv_from_doi("10.1/x")
    ('2101.00001', None)
    """
    m = _ARXIV_DOI.match(_DOI_PREFIX.sub("", str(value or "").strip()))
    return normalise_arxiv(m[1]) if m else None


def normalise_pmid(value) -> str | None:
    """A PubMed id as digits, or None.

    >>> normalise_pmid("https://pubmed.ncbi.nlm.nih.gov/29456894"), normalise_pmid(" PMID: 123 "), normalise_pmid("x1")
    ('29456894', '123', None)
    """
    if isinstance(value, bool):
        return None
    text = _PMID_URL.sub("", str(value if value is not None else "").strip()).rstrip("/")
    return text.lstrip("0") or None if text.isascii() and text.isdigit() and len(text) <= 12 else None
