"""BibTeX of the papers in a subgraph, built and written with bibtexparser 2.

Each paper becomes one ``@misc`` entry: ``title``, ``author`` (when names are
known), ``year``, ``date``, ``journal`` (the venue), ``doi``, ``eprint`` (arXiv),
``pmid``, ``url``,
``note`` (the code link), ``abstract`` and ``keywords`` (the paper's entities).
Text fields are LaTeX-encoded with pylatexenc (``&`` → ``\\&``, ``Ü`` → ``{\\"U}``),
so braces stay balanced and the file compiles; control characters are
dropped; characters LaTeX has no name for (CJK) are kept as UTF-8; URLs are
kept verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import bibtexparser
import networkx as nx
from bibtexparser import model
from pylatexenc.latexencode import RULE_DICT, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from kg.present.export.io import atomic_write_text
from queries.schema import PAPER

# LaTeX specials and non-ASCII are encoded; a straight double quote is fine inside {…}
_encoder = UnicodeToLatexEncoder(conversion_rules=[UnicodeToLatexConversionRule(RULE_DICT, {ord('"'): '"'}), "defaults"], non_ascii_only=False, unknown_char_policy="keep",
                                 unknown_char_warning=False, replacement_latex_protection="braces-almost-all")
#: control characters and bidi controls (no meaning in LaTeX; BibTeX tools choke on them), lone surrogates
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_URL_UNSAFE = re.compile("[\x00-\x20\x7f-\x9f{}\\\\\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_STOP = {"a", "an", "the", "on", "of", "for", "and", "in", "to", "with", "via", "towards", "toward", "is", "are"}


def latex(text: str) -> str:
    """Text as LaTeX that BibTeX can hold.

    >>> latex("Q&A for {x}: 50% of Übung")
    'Q{\\\\&}A for {\\\\{}x{\\\\}}: 50{\\\\%} of {\\\\"U}bung'
    """
    return _encoder.unicode_to_latex(" ".join(_CONTROL.sub("", str(text)).split()))


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
    last = _ascii_words(authors[0].split(",")[0] if "," in authors[0] else authors[0].split()[-1]) if authors and authors[0].strip() else []
    if last:
        return last[-1] + year + words[0]
    return "".join(words[:2]) + year


def paper_entities(context: nx.MultiDiGraph, paper: str) -> list[str]:
    """Display names of the entities a paper links to, ordered by type then name."""
    if paper not in context:
        return []
    found = {(context.nodes[v].get("label", ""), str(context.nodes[v].get("name", v))) for v in context.successors(paper)}
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
        if d.get("venue"):
            fields.append(model.Field("journal", latex(d["venue"])))
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
        lib.add(model.Entry("misc", key, fields))
    return lib


def bibtex(G: nx.MultiDiGraph, context: nx.MultiDiGraph | None = None) -> str:
    """The BibTeX text for the papers in ``G``."""
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    return bibtexparser.write_string(build_library(G, context), bibtex_format=fmt)


def write_bibtex(G: nx.MultiDiGraph, path: str | Path, context: nx.MultiDiGraph | None = None) -> None:
    atomic_write_text(path, bibtex(G, context))
