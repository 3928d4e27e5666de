"""BibTeX of the papers in a subgraph, built and written with bibtexparser 2.

Each paper becomes one entry of the type its source gave (``Paper.kind``):
``@article`` for a journal article, ``@inproceedings`` for a conference paper,
``@incollection``, ``@book``, ``@techreport``, and ``@misc`` otherwise (a
preprint, or when the source said nothing). Fields: ``title``, ``author``
(when names are known), ``year``, ``date``, the venue (``journal``, or
``booktitle`` for a conference paper or chapter), ``doi``, ``eprint`` (arXiv),
``pmid``, ``url``, ``note`` (the code link), ``abstract`` and ``keywords`` (the
paper's entities). Text is written as it is, Unicode included (biber and
bibtex8 read UTF-8): only LaTeX's special characters ``& % $ # _ { } ~ ^ \\``
are escaped, so braces stay balanced and the file compiles; control characters
are dropped; URLs are kept verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import bibtexparser
import networkx as nx
from bibtexparser import model

from kg.core.kinds import BOOK, BOOK_CHAPTER, CONFERENCE_PAPER, JOURNAL_ARTICLE, REPORT
from kg.present.export.io import atomic_write_text
from queries.schema import PAPER

#: Paper.kind -> (BibTeX entry type, the field the venue goes in); anything else is @misc with a journal
ENTRY_TYPES = {
    JOURNAL_ARTICLE: ("article", "journal"),
    CONFERENCE_PAPER: ("inproceedings", "booktitle"),
    BOOK_CHAPTER: ("incollection", "booktitle"),
    BOOK: ("book", "publisher"),
    REPORT: ("techreport", "institution"),
}
MISC = ("misc", "journal")
#: LaTeX's special characters and how they are written in text
_SPECIALS = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\\": r"\textbackslash{}",
}
#: control characters and bidi controls (no meaning in LaTeX; BibTeX tools choke on them), lone surrogates
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_URL_UNSAFE = re.compile("[\x00-\x20\x7f-\x9f{}\\\\\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_STOP = {"a", "an", "the", "on", "of", "for", "and", "in", "to", "with", "via", "towards", "toward", "is", "are"}


def latex(text: str) -> str:
    """Text as LaTeX that BibTeX can hold: the special characters escaped, everything else as it is.

    A brace without its partner is written ``\\textbraceleft{}`` / ``\\textbraceright{}`` so that the
    field's braces still balance.

    >>> print(latex("Q&A for {x}: 50% of Übung, CORES$^2 ~ a_b"))
    Q\\&A for \\{x\\}: 50\\% of Übung, CORES\\$\\textasciicircum{}2 \\textasciitilde{} a\\_b
    >>> print(latex("x } y {"))
    x \\textbraceright{} y \\textbraceleft{}
    """
    text = " ".join(_CONTROL.sub("", str(text)).split())
    unpaired = _unpaired_braces(text)
    out = []
    for i, ch in enumerate(text):
        if i in unpaired:
            out.append(r"\textbraceleft{}" if ch == "{" else r"\textbraceright{}")
        else:
            out.append(_SPECIALS.get(ch, ch))
    return "".join(out)


def _unpaired_braces(text: str) -> set[int]:
    """Positions of the braces in ``text`` that close nothing or are never closed."""
    opened: list[int] = []
    unpaired: set[int] = set()
    for i, ch in enumerate(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}":
            if opened:
                opened.pop()
            else:
                unpaired.add(i)
    return unpaired | set(opened)


def safe_url(url: str) -> str:
    r"""A URL with braces, backslashes, white space and control characters percent-encoded.

    >>> safe_url("http://x/{a} b\\c\x1b")
    'http://x/%7Ba%7D%20b%5Cc%1B'
    """
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "replace")), url)


def _ascii_words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded.lower())


def citation_key(d: dict) -> str:
    """``<first author's last name><year><first title word>``, or title words when no authors.

    >>> citation_key({"title": "The NoiseNet Model", "year": 2021, "authors": ["Ada Lovelace"]})
    'lovelace2021noisenet'
    >>> citation_key({"title": "On Diffusion Models", "year": None})
    'diffusionmodels'
    """
    words = [w for w in _ascii_words(d.get("title") or "") if w not in _STOP] or ["paper"]
    year = str(d["year"]) if d.get("year") is not None else ""
    authors = d.get("authors") or []
    last = (
        _ascii_words(authors[0].split(",")[0] if "," in authors[0] else authors[0].split()[-1])
        if authors and authors[0].strip()
        else []
    )
    if last:
        return last[-1] + year + words[0]
    return "".join(words[:2]) + year


def paper_entities(context: nx.MultiDiGraph, paper: str) -> list[str]:
    """Display names of the entities a paper links to, ordered by type then name."""
    if paper not in context:
        return []
    found = {
        (context.nodes[v].get("label", ""), str(context.nodes[v].get("name", v))) for v in context.successors(paper)
    }
    return [n for _, n in sorted(found)]


def papers_of(G: nx.MultiDiGraph) -> list[str]:
    """Paper node ids in ``G``, by year then title."""
    ps = [n for n, d in G.nodes(data=True) if d.get("label") == PAPER]
    return sorted(ps, key=lambda n: (G.nodes[n].get("year") or 0, str(G.nodes[n].get("title") or ""), n))


def build_library(G: nx.MultiDiGraph, context: nx.MultiDiGraph | None = None) -> bibtexparser.Library:
    """A bibtexparser Library with one entry per paper in ``G`` (keys made unique with a, b, …)."""
    context = context if context is not None else G
    lib = bibtexparser.Library()
    used: set[str] = set()
    for n in papers_of(G):
        d = G.nodes[n]
        key = base = citation_key(d)
        suffix = 0
        while key in used:
            key = base + "abcdefghijklmnopqrstuvwxyz"[suffix % 26] * (suffix // 26 + 1)
            suffix += 1
        used.add(key)
        fields = [model.Field("title", latex(d.get("title") or d.get("name") or ""))]
        authors = [a for a in d.get("authors") or [] if str(a).strip()]
        if authors:
            fields.append(model.Field("author", " and ".join(latex(a) for a in authors)))
        if d.get("year") is not None:
            fields.append(model.Field("year", str(d["year"])))
        if d.get("date"):
            fields.append(model.Field("date", latex(d["date"])))
        entry_type, venue_field = ENTRY_TYPES.get(d.get("kind") or "", MISC)
        if d.get("venue"):
            fields.append(model.Field(venue_field, latex(d["venue"])))
        if d.get("doi"):
            fields.append(model.Field("doi", safe_url(d["doi"])))
        if d.get("arxiv_id"):
            fields += [model.Field("eprint", safe_url(d["arxiv_id"])), model.Field("archiveprefix", "arXiv")]
        if d.get("pmid"):
            fields.append(model.Field("pmid", safe_url(d["pmid"])))
        if d.get("url"):
            fields.append(model.Field("url", safe_url(d["url"])))
        if d.get("code_url"):
            fields.append(model.Field("note", "Code: \\url{" + safe_url(d["code_url"]) + "}"))
        if d.get("abstract"):
            fields.append(model.Field("abstract", latex(d["abstract"])))
        keywords = paper_entities(context, n)
        if keywords:
            fields.append(model.Field("keywords", ", ".join(latex(k) for k in keywords)))
        lib.add(model.Entry(entry_type, key, fields))
    return lib


def bibtex(G: nx.MultiDiGraph, context: nx.MultiDiGraph | None = None) -> str:
    """The BibTeX text for the papers in ``G``."""
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    return bibtexparser.write_string(build_library(G, context), bibtex_format=fmt)


def write_bibtex(G: nx.MultiDiGraph, path: str | Path, context: nx.MultiDiGraph | None = None) -> None:
    atomic_write_text(path, bibtex(G, context))
