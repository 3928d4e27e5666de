"""The Paper record: what every reader produces and the builder consumes.

Fields are plain typed data (str, int, list[str]) so every store can hold them
as properties; see :mod:`kg.core.identity` for how ids are chosen and papers merged.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from extract.normalise import normalise_text


@dataclass
class Paper:
    """One abstract with its bibliographic fields.

    ``id`` comes from the paper's stable identifiers (``doi:…``, ``arxiv:…``,
    ``pmid:…``, a source's own id such as ``openalex:W…`` or ``papers.csv#7``)
    or, without one, from a hash of its normalised title, first author and
    year (see :func:`kg.core.identity.preferred_id`).
    """

    id: str
    title: str
    abstract: str
    year: int | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when known
    authors: list[str] = field(default_factory=list)
    n_authors: int | None = None
    venue: str | None = None  # journal, conference or archive
    doi: str | None = None  # lower case, no resolver prefix
    arxiv_id: str | None = None  # without version
    pmid: str | None = None
    source_ids: list[str] = field(default_factory=list)  # "openalex:W…", "papers.csv#7"
    keywords: list[str] = field(default_factory=list)
    url: str | None = None
    code_url: str | None = None
    upvotes: int | None = None
    orcids: list[str] = field(default_factory=list)  # beside ``authors``: "0000-0002-1825-0097" or ""
    references: int | None = None  # how many references the source lists (those without an identifier too)
    reference_ids: list[str] = field(default_factory=list)  # "doi:…", "arxiv:…", "pmid:…", "openalex:W…", "s2:…"
    source: str = ""  # "file:line" the record came from
    kind: str | None = None  # journal-article, conference-paper, preprint, … (kg.core.kinds.KINDS)

    def to_dict(self) -> dict:
        """The fields as a dict, lists copied (what :func:`dataclasses.asdict` gives for these flat fields, 10× faster:
        a build turns every stored paper into a dict)."""
        return {name: _copied(getattr(self, name)) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict) -> Paper:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})


def _copied(value):
    return [_copied(v) for v in value] if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def normalise_title(title: str) -> str:
    """The form titles are compared in (see :func:`normalise_text`)."""
    return normalise_text(title)


def paper_id_from_title(title: str, first_author: str = "", year: int | None = None) -> str:
    """A short stable id from the normalised title, first author's surname and year.

    Never the hash of an empty string: a title with no letters or digits is
    hashed as written.

    >>> paper_id_from_title("A Title") == paper_id_from_title("a  title.")
    True
    >>> paper_id_from_title("深度学习用于图像分割") != paper_id_from_title("Нейронные сети для перевода")
    True
    >>> paper_id_from_title("?!") != paper_id_from_title("...")
    True
    """
    key = normalise_title(title) or " ".join(title.split())
    parts = [key, surname_key(first_author), str(year or "")]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:12]


_INITIALS = re.compile(r"(?:[A-Z]\.?[- ]?){1,3}")


def surname_key(name: str) -> str:
    """The normalised surname of an author name in any usual spelling.

    >>> [surname_key(n) for n in ("Müller, Jörg", "Jörg Müller", "Muller J.", "J. Muller", "Muller JA", "")]
    ['muller', 'muller', 'muller', 'muller', 'muller', '']
    """
    name = " ".join(str(name or "").split())
    if "," in name:
        surname = name.split(",")[0]
    else:
        words = name.split()
        if len(words) > 1 and _INITIALS.fullmatch(words[-1]):
            surname = words[0]  # "Smith JA" (PubMed, Scopus)
        else:
            surname = words[-1] if words else ""
    return normalise_text(surname)


_CODE_URL = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co|bitbucket\.org)/[^\s)\]>,;\"']+")


def find_code_url(text: str) -> str | None:
    """The first code-hosting URL in a text, without trailing punctuation.

    >>> find_code_url("Code is available at https://github.com/google-research/uda.")
    'https://github.com/google-research/uda'
    """
    m = _CODE_URL.search(text or "")
    return m.group(0).rstrip(".") if m else None
