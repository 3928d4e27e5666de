"""What sort of publication a paper is (``Paper.kind``), from the type a source gives it.

Every reader passes its source's own type on (a BibTeX entry type, RIS ``TY``,
CSL ``type``, OpenAlex ``type``/``type_crossref``, Semantic Scholar
``publicationTypes``, Web of Science ``DT``, Scopus "Document Type", Zotero
"Item Type"); :func:`normalise_kind` maps it onto one small vocabulary,
:data:`KINDS`. A type it does not know gives ``None`` (the BibTeX export then
writes ``@misc``).
"""

from __future__ import annotations

import re

JOURNAL_ARTICLE = "journal-article"
CONFERENCE_PAPER = "conference-paper"
PREPRINT = "preprint"
BOOK = "book"
BOOK_CHAPTER = "book-chapter"
THESIS = "thesis"
REPORT = "report"
#: the values ``Paper.kind`` takes (or None)
KINDS = (JOURNAL_ARTICLE, CONFERENCE_PAPER, PREPRINT, BOOK, BOOK_CHAPTER, THESIS, REPORT)

#: source type, folded (lower case, letters and digits only) -> kind
_BY_TYPE = {
    # BibTeX / biblatex entry types
    "article": JOURNAL_ARTICLE,
    "inproceedings": CONFERENCE_PAPER,
    "conference": CONFERENCE_PAPER,
    "proceedings": CONFERENCE_PAPER,
    "book": BOOK,
    "incollection": BOOK_CHAPTER,
    "inbook": BOOK_CHAPTER,
    "phdthesis": THESIS,
    "mastersthesis": THESIS,
    "thesis": THESIS,
    "techreport": REPORT,
    "report": REPORT,
    "unpublished": PREPRINT,
    "online": PREPRINT,
    # RIS TY codes
    "jour": JOURNAL_ARTICLE,
    "ejour": JOURNAL_ARTICLE,
    "jfull": JOURNAL_ARTICLE,
    "mgzn": JOURNAL_ARTICLE,
    "conf": CONFERENCE_PAPER,
    "cpaper": CONFERENCE_PAPER,
    "chap": BOOK_CHAPTER,
    "echap": BOOK_CHAPTER,
    "ebook": BOOK,
    "edbook": BOOK,
    "thes": THESIS,
    "rprt": REPORT,
    "unpb": PREPRINT,
    # CSL, Crossref and OpenAlex types
    "articlejournal": JOURNAL_ARTICLE,
    "journalarticle": JOURNAL_ARTICLE,
    "paperconference": CONFERENCE_PAPER,
    "proceedingsarticle": CONFERENCE_PAPER,
    "chapter": BOOK_CHAPTER,
    "bookchapter": BOOK_CHAPTER,
    "bookpart": BOOK_CHAPTER,
    "booksection": BOOK_CHAPTER,
    "monograph": BOOK,
    "dissertation": THESIS,
    "postedcontent": PREPRINT,
    "preprint": PREPRINT,
    "review": JOURNAL_ARTICLE,
    "letter": JOURNAL_ARTICLE,
    # Semantic Scholar publicationTypes, Web of Science DT, Scopus and Zotero types
    "conferencepaper": CONFERENCE_PAPER,
    "proceedingspaper": CONFERENCE_PAPER,
    "conferencereview": CONFERENCE_PAPER,
    "articleinpress": JOURNAL_ARTICLE,
    "earlyaccess": JOURNAL_ARTICLE,
    "articleproceedingspaper": CONFERENCE_PAPER,
    "reviewarticle": JOURNAL_ARTICLE,
}


def normalise_kind(value: object) -> str | None:
    """The kind of publication a source's type names, or None when it names none of :data:`KINDS`.

    A list (Semantic Scholar's ``publicationTypes``) gives its first known type;
    ``Article; Proceedings Paper`` (Web of Science) counts as a conference paper.

    >>> [normalise_kind(t) for t in ("article", "INPROCEEDINGS", "JOUR", "paper-conference", "posted-content")]
    ['journal-article', 'conference-paper', 'journal-article', 'conference-paper', 'preprint']
    >>> normalise_kind(["Review", "JournalArticle"]), normalise_kind("Article; Proceedings Paper")
    ('journal-article', 'conference-paper')
    >>> normalise_kind("misc") is None
    True
    """
    if isinstance(value, (list, tuple)):
        return next((k for k in map(normalise_kind, value) if k), None)
    if not isinstance(value, str) or len(value) > 100:
        return None
    folded = re.sub(r"[^a-z0-9]", "", value.lower())
    return _BY_TYPE.get(folded) or (CONFERENCE_PAPER if "proceedings" in folded or "conference" in folded else None)
