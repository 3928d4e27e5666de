"""XML exports: arXiv API Atom feeds and PubMed efetch XML.

Parsed as a stream (``xml.etree.ElementTree.XMLPullParser``, whose expat
refuses entity-expansion bombs and never fetches external DTDs), one line at a
time, so each record keeps the line it starts on. When the XML breaks, the
error is reported at its line and reading resumes at the next record's start
tag, so the records after a damaged one are still read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any, cast

from kg.readers.report import Problem, Record, Skip
from kg.readers.textio import LineReader

MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
MAX_XML_ERRORS = 20  # per file; after that the rest of the file is skipped


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def iter_elements(lines: LineReader, record_tag: str) -> Iterator[tuple[int, ET.Element] | Problem]:
    """``(start line, element)`` for every ``record_tag`` element, resuming after XML errors."""
    namespaces: dict[str, str] = {}
    root: str | None = None
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start-ns", "start", "end"))
    starts: dict[int, int] = {}
    errors, broken = 0, False
    opener = re.compile(r"<(?:[\w.-]+:)?" + record_tag + r"[\s>/]")
    for number, line in lines:
        if broken:
            m = opener.search(line)
            if not m:
                continue
            parser = ET.XMLPullParser(events=("start", "end"))
            starts.clear()
            declared = "".join(f' xmlns{":" + k if k else ""}="{v}"' for k, v in namespaces.items())
            parser.feed(f"<{root or 'root'}{declared}>")
            parser.read_events()
            broken, line = False, line[m.start() :]
        try:
            parser.feed(line)
            # the events asked for come as pairs: (event, (prefix, uri)) for "start-ns", else (event, Element)
            for event, elem in cast("Iterator[tuple[str, Any]]", parser.read_events()):
                if event == "start-ns":
                    if root is None:
                        namespaces[elem[0]] = elem[1].replace('"', "&quot;")
                elif event == "start":
                    root = root or _local(elem.tag)
                    if _local(elem.tag) == record_tag:
                        starts[id(elem)] = number
                elif _local(elem.tag) == record_tag:
                    yield starts.pop(id(elem), number), elem
                    elem.clear()
        except ET.ParseError as err:
            errors += 1
            yield Problem(
                lines.source(number),
                f"malformed XML ({str(err).split(':')[0]}); reading resumes at the next <{record_tag}>",
            )
            if errors >= MAX_XML_ERRORS:
                yield Problem(lines.name, f"more than {MAX_XML_ERRORS} XML errors; rest of file skipped")
                return
            broken = True
    if not broken:
        try:
            parser.close()
        except ET.ParseError:
            yield Problem(
                lines.name, "XML ends before its closing tags (file cut short?); the records before it were read"
            )


def read_arxiv_atom(lines: LineReader) -> Iterator[Record | Skip | Problem]:
    """One record per ``<entry>`` of an arXiv API Atom feed."""
    for item in iter_elements(lines, "entry"):
        if isinstance(item, Problem):
            yield item
            continue
        number, entry = item
        source = lines.source(number)
        fields = atom_fields(entry)
        if "/api/errors" in str(fields.get("id") or ""):
            yield Skip(source, "arXiv API error entry", str(fields.get("abstract") or "")[:120])
        else:
            yield Record(source, fields)


def atom_fields(entry: ET.Element) -> dict:
    children: dict[str, list[ET.Element]] = {}
    for child in entry:
        children.setdefault(_local(child.tag), []).append(child)

    def text(name: str) -> str | None:
        el = children.get(name, [None])[0]
        return " ".join("".join(el.itertext()).split()) if el is not None else None

    links = children.get("link", [])
    url = next((el.get("href") for el in links if el.get("rel") == "alternate"), None) or text("id")
    authors = [
        " ".join("".join(n.itertext()).split())
        for a in children.get("author", [])
        for n in a
        if _local(n.tag) == "name"
    ]
    return {
        "id": text("id"),
        "arxiv_id": text("id"),
        "title": text("title"),
        "abstract": text("summary"),
        "date": text("published") or text("updated"),
        "authors": authors,
        "doi": text("doi"),
        "venue": text("journal_ref"),
        "url": url,
        "keywords": [el.get("term") for el in children.get("category", []) if el.get("term")],
        "kind": "preprint",
    }


def read_pubmed_xml(lines: LineReader) -> Iterator[Record | Problem]:
    """One record per ``<PubmedArticle>`` of an efetch result."""
    for item in iter_elements(lines, "PubmedArticle"):
        if isinstance(item, Problem):
            yield item
        else:
            number, article = item
            yield Record(lines.source(number), pubmed_fields(article))


def pubmed_fields(article: ET.Element) -> dict:
    """Fields of one PubmedArticle; a structured abstract keeps its labels
    ("BACKGROUND: … METHODS: …")."""

    def text(el: ET.Element | None) -> str:
        return " ".join("".join(el.itertext()).split()) if el is not None else ""

    pmid = text(article.find("MedlineCitation/PMID"))
    art = article.find("MedlineCitation/Article")
    art = art if art is not None else ET.Element("Article")
    parts = []
    for el in art.findall("Abstract/AbstractText"):
        label = el.get("Label")
        body = text(el)
        if body:
            parts.append(f"{label}: {body}" if label else body)
    authors, orcids = [], []
    for a in art.findall("AuthorList/Author"):
        last, first = text(a.find("LastName")), text(a.find("ForeName")) or text(a.find("Initials"))
        name = f"{last}, {first}" if last and first else last or text(a.find("CollectiveName"))
        if name:
            authors.append(name)
            orcids.append(next((text(i) for i in a.findall("Identifier") if i.get("Source") == "ORCID"), ""))
    doi = next(
        (text(el) for el in article.findall("PubmedData/ArticleIdList/ArticleId") if el.get("IdType") == "doi"), None
    )
    doi = doi or next((text(el) for el in art.findall("ELocationID") if el.get("EIdType") == "doi"), None)
    keywords = [text(k) for k in article.findall("MedlineCitation/KeywordList/Keyword")]
    keywords += [text(d) for d in article.findall("MedlineCitation/MeshHeadingList/MeshHeading/DescriptorName")]
    date, year = _pubmed_date(art)
    return {
        "pmid": pmid,
        "title": text(art.find("ArticleTitle")) or text(art.find("VernacularTitle")),
        "abstract": "\n".join(parts),
        "authors": authors,
        "venue": text(art.find("Journal/Title")) or None,
        "doi": doi,
        "date": date,
        "year": year,
        "keywords": [k for k in keywords if k],
        "url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/" if pmid.isdigit() else None,
        "kind": "journal-article",
        "orcids": orcids,
        "references": _pubmed_references(article, text),
    }


def _pubmed_references(article: ET.Element, text) -> list[dict] | None:
    """``PubmedData/ReferenceList/Reference`` as ``{"pmid", "doi", "citation"}`` (None when there is no list)."""
    refs = article.findall("PubmedData/ReferenceList/Reference")
    if not refs:
        return None
    out = []
    for ref in refs:
        ids = {el.get("IdType"): text(el) for el in ref.findall("ArticleIdList/ArticleId")}
        out.append({"pmid": ids.get("pubmed"), "doi": ids.get("doi"), "citation": text(ref.find("Citation"))})
    return out


def _pubmed_date(art: ET.Element) -> tuple[str | None, str | None]:
    """The electronic ArticleDate when whole, else the issue's PubDate (``MedlineDate`` gives a year)."""
    for el in [*art.findall("ArticleDate"), art.find("Journal/JournalIssue/PubDate")]:
        if el is None:
            continue
        year, month, day = (
            ("".join(part.itertext()).strip() if (part := el.find(t)) is not None else "")
            for t in ("Year", "Month", "Day")
        )
        month = str(MONTHS.get(month[:3].lower(), month))
        if year.isdigit() and month.isdigit() and day.isdigit():
            return f"{year}-{int(month):02d}-{int(day):02d}" if len(month) <= 2 and len(day) <= 2 else None, year
        if year:
            return None, year
        medline = el.find("MedlineDate")
        if medline is not None and (m := re.match(r"\s*(\d{4})", medline.text or "")):
            return None, m[1]
    return None, None
