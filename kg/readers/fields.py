"""Turn a record's fields, under any accepted spelling, into a checked Paper.

Every value is checked before it reaches a Paper: text without lone
surrogates or control characters, numbers in range, lengths capped. What
cannot be kept either drops the field with a warning or skips the record with
a reason; nothing raises.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from extract.normalise import unbracket
from kg.core.identifiers import MAX_ID_CHARS, arxiv_from_doi, normalise_arxiv, normalise_doi, normalise_pmid
from kg.core.identity import preferred_id
from kg.core.kinds import normalise_kind
from kg.core.papers import Paper, find_code_url
from kg.core.references import normalise_orcid, reference_list
from kg.readers.report import Skip
from queries.authors import author_key

MAX_ABSTRACT_CHARS = 100_000
MAX_TITLE_CHARS = 2_000
MAX_SHORT_CHARS = 2_000  # venue, url, one author name, one keyword
MAX_LIST_ITEMS = 1_000  # authors, keywords kept per paper
MAX_COUNT = 10**9  # upvotes, n_authors

# canonical field -> accepted keys (lowercase), first non-empty one wins
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "document title", "article title"),
    "abstract": ("abstract", "summary", "abstracttext", "abstract_text", "abstract note", "description", "text"),
    "id": ("id", "paper_id", "paperid", "key"),
    "doi": ("doi",),
    "arxiv_id": ("arxiv_id", "arxivid", "arxiv", "eprint"),
    "pmid": ("pmid", "pubmed_id", "pubmed id"),
    "source_ids": ("source_ids",),
    "year": ("year", "publication year", "publication_year"),
    "date": ("date", "published", "publication_date", "pub_date"),
    "authors": ("authors", "author", "author full names"),
    "n_authors": ("n_authors",),
    "venue": ("venue", "journal", "publication title", "source title", "container-title", "booktitle", "journal_name"),
    "keywords": ("keywords", "keyword", "tags", "author keywords", "manual tags", "automatic tags", "index keywords"),
    "url": ("url", "link", "pdf_url", "html_url"),
    "code_url": ("code_url", "code", "repo", "github"),
    "upvotes": ("upvotes",),
    "extra": ("extra",),  # Zotero's "Extra" column: "arXiv: 2101.00001", "PMID: 123"
    "kind": (
        "kind",
        "entry_type",
        "type",
        "document type",
        "item type",
        "publication type",
        "publicationtypes",
    ),
    # reference lists: OpenAlex, Semantic Scholar, Scopus CSV, Web of Science (CR), CSL-JSON / Crossref
    "references": ("references", "referenced_works", "cited references", "cr", "reference"),
    "n_references": ("n_references", "referenced_works_count", "referencecount", "nr", "cited reference count"),
    "orcids": ("orcids", "oi", "orcid"),  # a list beside the authors, or "Name/ORCID; …" (Web of Science OI)
}
#: keys holding a source's own global id, and the namespace it is given
SOURCE_ID_KEYS = {"eid": "scopus", "ut": "wos", "openalex_id": "openalex", "s2_id": "s2"}
_LIST_FIELDS = ("keywords",)  # every alias contributes, not only the first

_DATE_FORMATS = (
    "%Y/%m/%d",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%d %B %Y",
    "%Y %b %d",
    "%Y %b",
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SCOPUS_NO_ABSTRACT = "[no abstract available]"
_COPYRIGHT_TAIL = re.compile(r"\s*(?:©|\(c\)|Copyright ©?)\s*(?:\d{4}|the authors?)\b[^©]{0,300}$", re.IGNORECASE)
_EXTRA_ID = re.compile(r"^\s*(arXiv|PMID|DOI)\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def canonical_fields(record: dict) -> dict:
    """Pick each canonical field from its aliases, matching keys case-insensitively.

    >>> canonical_fields({"Title": "T", "abstractText": "A", "paperId": 7, "text": "x"})
    {'title': 'T', 'abstract': 'A', 'id': 7}
    >>> canonical_fields({"Author Keywords": "a; b", "Index Keywords": "c", "EID": "2-s2.0-1"})
    {'keywords': ['a; b', 'c'], 'source_ids': ['scopus:2-s2.0-1']}
    """
    lowered: dict = {}
    for key, value in record.items():
        lowered.setdefault(str(key).strip().lower(), value)
    out: dict = {}
    for name, keys in ALIASES.items():
        values = [lowered[k] for k in keys if not _empty(lowered.get(k))]
        if values:
            out[name] = values if name in _LIST_FIELDS else values[0]
    for key, namespace in SOURCE_ID_KEYS.items():
        value = _text(lowered.get(key)).strip()
        if value.lower().startswith(namespace + ":"):
            value = value[len(namespace) + 1 :]  # "WOS:000123" -> "wos:000123"
        if value:
            out.setdefault("source_ids", [])
            out["source_ids"] = list(out["source_ids"]) + [f"{namespace}:{value}"]
    return out


def has_field(keys, name: str) -> bool:
    """Whether any of ``keys`` (e.g. a CSV header) is an alias of ``name``."""
    return any(str(k).strip().lower() in ALIASES[name] for k in keys)


def parse_date(value) -> tuple[str | None, int | None]:
    """``(ISO date or None, year or None)`` from a date-ish value.

    >>> parse_date("2024-06-17T10:00:00Z"), parse_date("Jun 17, 2024"), parse_date("2023"), parse_date("soon")
    (('2024-06-17', 2024), ('2024-06-17', 2024), (None, 2023), (None, None))
    >>> parse_date("2021/3"), parse_date("2020 Mar 5"), parse_date(10**5000)
    ((None, 2021), ('2020-03-05', 2020), (None, None))
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return (None, value) if 1000 <= value <= 2999 else (None, None)
    text = " ".join(str(value)[:100].split())
    if m := re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])", text):
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d.isoformat(), d.year
        except ValueError:
            return None, None
    if m := re.fullmatch(r"(\d{4})(?:[-/]\d{1,2})?", text):
        return parse_date(int(m[1]))
    for fmt in _DATE_FORMATS:
        try:
            d = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return (d.isoformat(), d.year) if fmt != "%Y %b" else (None, d.year)
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
        return [" ".join(str(n).split()) for n in names if isinstance(n, (str, int)) and not _empty(n)]
    text = _text(value)
    if ";" in text:
        parts = text.split(";")
    else:
        parts = re.split(r"\s+and\s+", text)
        if not (len(parts) > 1 and all(p.count(",") == 1 for p in parts)):
            parts = [name for p in parts for name in p.split(",")]
    return [" ".join(p.split()) for p in parts if p.strip()]


def split_references(value) -> list | None:
    """A reference list: a list as given, a string split on ";" (Scopus, Web of Science tab-delimited).

    >>> split_references("Smith J., Kites (2019) Nature; Doe A., Kites II, DOI: 10.1/x"), split_references(None)
    (['Smith J., Kites (2019) Nature', 'Doe A., Kites II, DOI: 10.1/x'], None)
    """
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.strip():
        return [r.strip() for r in value[:10_000_000].split(";") if r.strip()]
    return None


def align_orcids(value, authors: list[str]) -> list[str]:
    """ORCIDs beside ``authors`` ("" where unknown; [] when none is known): from a list in author
    order, or from "Name/ORCID" pairs separated by ";" matched to authors by :func:`author_key`.

    >>> align_orcids("Lindqvist, Maija/0000-0002-1825-0097", ["Okonkwo, C", "Lindqvist, M"])
    ['', '0000-0002-1825-0097']
    >>> align_orcids(["https://orcid.org/0000-0001-5109-3700", None], ["A B", "C D"]), align_orcids(None, ["A"])
    (['0000-0001-5109-3700', ''], [])
    """
    if isinstance(value, list):
        out = [normalise_orcid(v) for v in value[: len(authors)]]
        out += [""] * (len(authors) - len(out))
    elif isinstance(value, str):
        by_name: dict[str, str] = {}
        for pair in value[:100_000].split(";"):
            name, _, orcid = pair.rpartition("/")
            if normalise_orcid(orcid):
                by_name.setdefault(author_key(name), normalise_orcid(orcid))
        out = [by_name.get(author_key(a), "") for a in authors]
    else:
        return []
    return out if any(out) else []


def parse_keywords(value) -> list[str]:
    """Keywords from a list or from strings separated by ``;`` (or ``,`` when there is no ``;``).

    >>> parse_keywords(["label noise; segmentation", "CIFAR-10"]), parse_keywords("a, b")
    (['label noise', 'segmentation', 'CIFAR-10'], ['a', 'b'])
    """
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("display_name") or item.get("name")
        if isinstance(item, list):
            out += parse_keywords(item)
            continue
        text = _text(item)
        out += [" ".join(k.split()) for k in re.split(";" if ";" in text else ",", text) if k.strip()]
    first: dict[str, str] = {}  # casefolded → the first spelling
    for k in out:
        first.setdefault(k.casefold(), k)
    return list(first.values())


class _Checker:
    """Cleans values for one record, collecting warnings; raises _Bad to skip it."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def text(self, name: str, value, limit: int = MAX_SHORT_CHARS) -> str:
        text = _text(value)
        surrogate = _SURROGATE.search(text)
        if surrogate:
            raise _Bad("invalid Unicode", f"lone surrogate U+{ord(surrogate[0]):04X} in {name}")
        if _CONTROL.search(text):
            self.warnings.append(f"control characters in {name} replaced by spaces")
            text = _CONTROL.sub(" ", text)
        if len(text) > limit and name not in ("title", "abstract"):
            self.warnings.append(f"{name} longer than {limit:,} characters; left empty")
            return ""
        return text

    def line(self, name: str, value, limit: int = MAX_SHORT_CHARS) -> str:
        return " ".join(self.text(name, value, limit).split())

    def names(self, name: str, values: list[str]) -> list[str]:
        if len(values) > MAX_LIST_ITEMS:
            self.warnings.append(f"{len(values):,} {name}; the first {MAX_LIST_ITEMS:,} kept")
            values = values[:MAX_LIST_ITEMS]
        return [v for v in (self.line(name, v) for v in values) if v]

    def count(self, name: str, value) -> int | None:
        if _empty(value):
            return None
        number = _int(value)
        if number is None or not 0 <= number < MAX_COUNT:
            self.warnings.append(f"{name} {_short(value)} is not a count; left empty")
            return None
        return number


class _Bad(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def make_paper(record: dict, source: str, scope: str = "") -> tuple[Paper | Skip, list[str]]:
    """Build a Paper from a raw record, or a Skip saying why not.

    ``scope`` (the file name) qualifies the record's own id: ``papers.csv#7``.
    Also returns warnings about values that were dropped or cleaned.

    >>> paper, warnings = make_paper({"Title": " A  Title ", "summary": "Code: https://github.com/a/b."}, "x.csv:2")
    >>> paper.title, paper.code_url, paper.source, warnings
    ('A Title', 'https://github.com/a/b', 'x.csv:2', [])
    >>> make_paper({"title": "T", "abstract": " "}, "x.csv:3")[0].reason
    'empty abstract'
    >>> make_paper({"title": "T\\ud83d", "abstract": "A"}, "x.jsonl:4")[0].problem().message
    'invalid Unicode (lone surrogate U+D83D in title); record skipped'
    """
    try:
        return _make_paper(canonical_fields(record), source, scope)
    except _Bad as bad:
        return Skip(source, bad.reason, bad.detail), []


def _make_paper(f: dict, source: str, scope: str) -> tuple[Paper | Skip, list[str]]:
    check = _Checker()
    title = check.line("title", unbracket(_text(f.get("title"))), MAX_TITLE_CHARS)
    abstract = unbracket(check.text("abstract", f.get("abstract"), MAX_ABSTRACT_CHARS)).strip()
    if not title:
        return Skip(source, "missing title"), []
    if len(title) > MAX_TITLE_CHARS:
        return Skip(source, "title too long", f"{len(title):,} characters; limit {MAX_TITLE_CHARS:,}"), []
    if abstract.lower() == _SCOPUS_NO_ABSTRACT:
        abstract = ""
    abstract = _COPYRIGHT_TAIL.sub("", abstract)
    if not abstract:
        return Skip(source, "empty abstract"), []
    if len(abstract) > MAX_ABSTRACT_CHARS:
        return Skip(source, "abstract too long", f"{len(abstract):,} characters; limit {MAX_ABSTRACT_CHARS:,}"), []

    iso, year = None, None
    if "date" in f:
        iso, year = parse_date(f["date"])
        if iso is None and year is None:
            check.warnings.append(f"unrecognised date {_short(f['date'])}; left empty")
    if "year" in f:
        given = _int(f["year"])
        if given is not None and 1000 <= given <= 2999:
            year = given
        elif year is None:
            check.warnings.append(f"unrecognised year {_short(f['year'])}; left empty")
    authors = parse_authors(f.get("authors"))
    n_authors = check.count("n_authors", f.get("n_authors")) or len(authors) or None
    doi, arxiv_id, pmid, source_ids = _identifiers(f, check, scope)
    reference_ids, n_references = reference_list(
        split_references(f.get("references")), check.count("n_references", f.get("n_references"))
    )
    authors = check.names("authors", authors)
    paper = Paper(
        id="",
        title=title,
        abstract=abstract,
        year=year,
        date=iso,
        authors=authors,
        n_authors=n_authors,
        venue=check.line("venue", f.get("venue")) or None,
        doi=doi,
        arxiv_id=arxiv_id,
        pmid=pmid,
        source_ids=source_ids,
        keywords=check.names("keywords", parse_keywords(f.get("keywords") or [])),
        url=check.line("url", f.get("url")) or None,
        code_url=check.line("code_url", f.get("code_url")) or find_code_url(abstract),
        upvotes=check.count("upvotes", f.get("upvotes")),
        orcids=align_orcids(f.get("orcids"), authors),
        references=n_references,
        reference_ids=[r for r in reference_ids if len(r) <= 2 * MAX_ID_CHARS and r.isprintable()],
        source=source,
        kind=normalise_kind(f.get("kind")),
    )
    paper.id = preferred_id(paper)
    return paper, check.warnings


def _identifiers(f: dict, check: _Checker, scope: str) -> tuple[str | None, str | None, str | None, list[str]]:
    """DOI, arXiv id, PMID and source ids; a generic id that is a DOI or arXiv id counts as one."""
    given = check.line("id", f.get("id"), 10 * MAX_ID_CHARS)
    extra = {k.lower(): v for k, v in _EXTRA_ID.findall(_text(f.get("extra"))[:10_000])}
    raw_doi = f.get("doi") or extra.get("doi")
    doi = normalise_doi(check.line("doi", raw_doi)) or normalise_doi(given)
    arxiv_id = (
        normalise_arxiv(check.line("arxiv_id", f.get("arxiv_id") or extra.get("arxiv")))
        or arxiv_from_doi(raw_doi)
        or normalise_arxiv(given)
    )
    pmid = normalise_pmid(check.line("pmid", f.get("pmid") or extra.get("pmid")))
    source_ids = [check.line("source id", s) for s in (f.get("source_ids") or []) if isinstance(s, str)]
    if given and not (doi and normalise_doi(given)) and not (arxiv_id and normalise_arxiv(given)):
        if len(given) > MAX_ID_CHARS:
            check.warnings.append(f"id longer than {MAX_ID_CHARS} characters; not used")
        else:
            source_ids.append(f"{scope}#{given}" if scope else given)
    return doi, arxiv_id, pmid, [s for s in source_ids if s and len(s) <= 2 * MAX_ID_CHARS]


def _empty(value) -> bool:
    return value is None or (
        isinstance(value, (str, list, dict)) and not (value.strip() if isinstance(value, str) else value)
    )


def _text(value) -> str:
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and abs(value) >= 10**100:
        return ""
    return str(value)


def _int(value) -> int | None:
    """An integer from an int, an integral float or a short numeric string; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    text = _text(value).strip()
    if not text or len(text) > 30:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)  # "2024.0" (pandas exports)
    except ValueError:
        return None
    return int(number) if math.isfinite(number) and number.is_integer() else None


def _short(value) -> str:
    text = repr(
        value[:40]
        if isinstance(value, str)
        else value
        if not isinstance(value, int) or abs(value) < 10**30
        else "<huge number>"
    )
    return text if len(text) <= 40 else text[:37] + "..."
