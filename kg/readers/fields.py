"""Turn a record's fields, under any accepted spelling, into a Paper."""

from __future__ import annotations

import re
from datetime import date, datetime

from extract.normalise import unbracket
from kg.papers import Paper, find_code_url, paper_id_from_title
from kg.readers.report import Skip

MAX_ABSTRACT_CHARS = 100_000
MAX_TITLE_CHARS = 2_000

# canonical field -> accepted keys (lowercase), first non-empty one wins
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "abstract": ("abstract", "summary", "abstracttext", "abstract_text", "description", "text"),
    "id": ("id", "paper_id", "arxiv_id", "doi", "paperid"),
    "year": ("year",),
    "date": ("date", "published", "publication_date", "pub_date"),
    "authors": ("authors", "author"),
    "n_authors": ("n_authors",),
    "url": ("url", "link", "pdf_url", "html_url"),
    "code_url": ("code_url", "code", "repo", "github"),
    "upvotes": ("upvotes",),
}

_DATE_FORMATS = ("%Y/%m/%d", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d %b %Y", "%d %B %Y")


def canonical_fields(record: dict) -> dict:
    """Pick each canonical field from its aliases, matching keys case-insensitively.

    >>> canonical_fields({"Title": "T", "abstractText": "A", "paperId": 7, "text": "x"})
    {'title': 'T', 'abstract': 'A', 'id': 7}
    """
    lowered: dict = {}
    for key, value in record.items():
        lowered.setdefault(str(key).strip().lower(), value)
    out = {}
    for name, keys in ALIASES.items():
        for key in keys:
            if not _empty(lowered.get(key)):
                out[name] = lowered[key]
                break
    return out


def has_field(keys, name: str) -> bool:
    """Whether any of ``keys`` (e.g. a CSV header) is an alias of ``name``."""
    return any(str(k).strip().lower() in ALIASES[name] for k in keys)


def parse_date(value) -> tuple[str | None, int | None]:
    """``(ISO date or None, year or None)`` from a date-ish value.

    >>> parse_date("2024-06-17T10:00:00Z"), parse_date("Jun 17, 2024"), parse_date("2023"), parse_date("soon")
    (('2024-06-17', 2024), ('2024-06-17', 2024), (None, 2023), (None, None))
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return (None, value) if 1000 <= value <= 2999 else (None, None)
    text = " ".join(str(value).split())
    if m := re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])", text):
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d.isoformat(), d.year
        except ValueError:
            return None, None
    if m := re.fullmatch(r"(\d{4})(?:-\d{1,2})?", text):
        return parse_date(int(m[1]))
    for fmt in _DATE_FORMATS:
        try:
            d = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return d.isoformat(), d.year
    return None, None


def parse_authors(value) -> list[str]:
    """Author names from a list (of names or ``{"name": ...}``) or a string.

    A string splits on ";", else on " and " and ",", keeping "Last, First" pairs.

    >>> parse_authors("Ada Lovelace, Alan Turing and Grace Hopper")
    ['Ada Lovelace', 'Alan Turing', 'Grace Hopper']
    >>> parse_authors("Lovelace, Ada and Turing, Alan")
    ['Lovelace, Ada', 'Turing, Alan']
    >>> parse_authors([{"name": "Ada"}, "Alan", None])
    ['Ada', 'Alan']
    """
    if _empty(value):
        return []
    if isinstance(value, list):
        names = [v.get("name") if isinstance(v, dict) else v for v in value]
        return [" ".join(str(n).split()) for n in names if not _empty(n)]
    text = str(value)
    if ";" in text:
        parts = text.split(";")
    else:
        parts = re.split(r"\s+and\s+", text)
        if not (len(parts) > 1 and all(p.count(",") == 1 for p in parts)):
            parts = [name for p in parts for name in p.split(",")]
    return [" ".join(p.split()) for p in parts if p.strip()]


def make_paper(record: dict, source: str) -> tuple[Paper | Skip, list[str]]:
    """Build a Paper from a raw record, or a Skip saying why not.

    Also returns warnings about fields that were dropped (e.g. an unreadable date).

    >>> paper, warnings = make_paper({"Title": " A  Title ", "summary": "Code: https://github.com/a/b."}, "x.csv:2")
    >>> paper.title, paper.code_url, paper.source, warnings
    ('A Title', 'https://github.com/a/b', 'x.csv:2', [])
    >>> make_paper({"title": "T", "abstract": " "}, "x.csv:3")[0].reason
    'empty abstract'
    """
    f = canonical_fields(record)
    title = " ".join(unbracket(_text(f.get("title"))).split())
    abstract = unbracket(_text(f.get("abstract"))).strip()
    if not title:
        return Skip(source, "missing title"), []
    if len(title) > MAX_TITLE_CHARS:
        return Skip(source, "title too long", f"{len(title):,} characters; limit {MAX_TITLE_CHARS:,}"), []
    if not abstract:
        return Skip(source, "empty abstract"), []
    if len(abstract) > MAX_ABSTRACT_CHARS:
        return Skip(source, "abstract too long", f"{len(abstract):,} characters; limit {MAX_ABSTRACT_CHARS:,}"), []

    warnings = []
    iso, year = None, None
    if "date" in f:
        iso, year = parse_date(f["date"])
        if iso is None and year is None:
            warnings.append(f"unrecognised date {_short(f['date'])}; left empty")
    if "year" in f:
        given = _int(f["year"])
        if given is not None and 1000 <= given <= 2999:
            year = given
        else:
            warnings.append(f"unrecognised year {_short(f['year'])}; left empty")
    authors = parse_authors(f.get("authors"))
    n_authors = _int(f.get("n_authors")) or len(authors) or None
    paper = Paper(
        id=" ".join(_text(f.get("id")).split()) or paper_id_from_title(title),
        title=title,
        abstract=abstract,
        year=year,
        date=iso,
        authors=authors,
        n_authors=n_authors,
        url=_text(f.get("url")).strip() or None,
        code_url=_text(f.get("code_url")).strip() or find_code_url(abstract),
        upvotes=_int(f.get("upvotes")),
        source=source,
    )
    return paper, warnings


def _empty(value) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not (value.strip() if isinstance(value, str) else value))


def _text(value) -> str:
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return str(value)


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    try:
        number = float(str(value).strip())  # "2024" and "2024.0" (pandas exports)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
