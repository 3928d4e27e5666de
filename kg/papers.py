"""The Paper record: what every reader produces and the builder consumes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field


@dataclass
class Paper:
    """One abstract with its bibliographic fields.

    ``id`` is stable across files: the given id, or one derived from the
    normalised title (see :func:`paper_id_from_title`), so the same paper read
    from two pages is one paper.
    """

    id: str
    title: str
    abstract: str
    year: int | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when known
    authors: list[str] = field(default_factory=list)
    n_authors: int | None = None
    url: str | None = None
    code_url: str | None = None
    upvotes: int | None = None
    source: str = ""  # "file:line" the record came from

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Paper":
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})


def normalise_title(title: str) -> str:
    """Lowercase alphanumerics only, for comparing titles.

    >>> normalise_title("FlowState: Sampling-Rate  Invariant!")
    'flowstate sampling rate invariant'
    """
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def paper_id_from_title(title: str) -> str:
    """A short stable id derived from the normalised title.

    >>> paper_id_from_title("A Title") == paper_id_from_title("a  title.")
    True
    """
    return hashlib.sha1(normalise_title(title).encode()).hexdigest()[:12]


_CODE_URL = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com|huggingface\.co|bitbucket\.org)/[^\s)\]>,;\"']+")


def find_code_url(text: str) -> str | None:
    """The first code-hosting URL in a text, without trailing punctuation.

    >>> find_code_url("Code is available at https://github.com/google-research/uda.")
    'https://github.com/google-research/uda'
    """
    m = _CODE_URL.search(text or "")
    return m.group(0).rstrip(".") if m else None
