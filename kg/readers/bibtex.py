"""BibTeX and BibLaTeX files (JabRef, Zotero, Google Scholar), parsed with bibtexparser 2.

LaTeX accents and braces are decoded (``{\\"U}ber`` → ``Über``), ``@string``
macros resolved, authors split on ``and``. An entry that does not parse is
one skipped record at its line; the entries after it are still read. The
arXiv id comes from ``eprint`` (with ``archivePrefix = arXiv``), an
``arxivid`` field, or a ``journal = {arXiv preprint arXiv:…}``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import bibtexparser
from bibtexparser import middlewares, model

from kg.readers.report import Problem, Record, Skip
from kg.readers.textio import LineReader

logging.getLogger("bibtexparser").addHandler(logging.NullHandler())  # failures are reported as Skips instead
_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]*(\d{4}\.\d{4,5}|[a-z-]+/\d{7})", re.IGNORECASE)


#: values longer than this are not LaTeX-decoded (pylatexenc's time grows faster than
#: linearly: 1 MB takes ~45 s); the record checks then skip them as too long
MAX_DECODED_CHARS = 100_000


class _BoundedLatexDecoding(middlewares.LatexDecodingMiddleware):
    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        if len(python_string) > MAX_DECODED_CHARS:
            return python_string, ""
        return super()._transform_python_value_string(python_string)


def _parse(text: str) -> bibtexparser.Library:
    return bibtexparser.parse_string(text, append_middleware=[_BoundedLatexDecoding(), middlewares.SeparateCoAuthors()])


def _start(block: model.Block) -> int:
    """The block's first line, 0-based (set on every block the parser returns; typed optional)."""
    return block.start_line or 0


def read_bibtex(lines: LineReader) -> Iterator[Record | Skip | Problem]:
    """One record per entry, located at the entry's first line."""
    text = lines.text()
    if text is None:  # too large to read whole (reported by the reader)
        return
    try:
        library = _parse(text)
    except Exception as err:  # bibtexparser's own failure: report it, never end the run
        yield Problem(lines.name, f"BibTeX could not be parsed ({type(err).__name__}: {str(err)[:120]}); file skipped")
        return
    found: list[tuple[int, Record | Skip]] = []
    for entry in library.entries:
        found.append((_start(entry), Record(lines.source(_start(entry) + 1), entry_fields(entry))))
    for block in library.failed_blocks:
        source = lines.source(_start(block) + 1)
        duplicate = getattr(block, "ignore_error_block", None)
        if isinstance(duplicate, model.Entry):  # a repeated key: the entry itself is fine
            try:
                again = _parse(duplicate.raw or "").entries
            except Exception:
                again = []
            if again:
                found.append((_start(block), Record(source, entry_fields(again[0]))))
                continue
        error = getattr(block, "error", None)
        reason = " ".join(str(getattr(error, "abort_reason", None) or error or "").split())
        found.append((_start(block), Skip(source, "malformed BibTeX entry", reason[:160])))
    for _, item in sorted(found, key=lambda pair: pair[0]):
        yield item


def entry_fields(entry: model.Entry) -> dict:
    """Field names for one entry (lower-cased keys; the citation key as ``id``)."""
    f = {k.lower(): v for k, v in ((field.key, field.value) for field in entry.fields)}
    out: dict[str, Any] = {k: v for k, v in f.items() if isinstance(v, (str, list))}
    out["id"] = entry.key
    out["entry_type"] = entry.entry_type
    out["authors"] = f.get("author") if isinstance(f.get("author"), list) else f.get("author")
    out.pop("author", None)
    out["venue"] = f.get("journal") or f.get("booktitle") or f.get("journaltitle")
    if str(f.get("archiveprefix", "")).lower() == "arxiv" and f.get("eprint"):
        out["arxiv_id"] = f["eprint"]
    elif not f.get("arxivid") and (m := _ARXIV_IN_TEXT.search(str(f.get("journal") or ""))):
        out["arxiv_id"] = m[1]
    else:
        out["arxiv_id"] = f.get("arxivid")
    out.pop("eprint", None)
    if f.get("month") and f.get("year") and not f.get("date"):
        out["date"] = f"{f['year']} {str(f['month'])[:3]}"
    return out
