"""Hyphenated compounds as one token: "in-context", "few-shot", "out-of-distribution", "RNN--SVAE".

spaCy's English tokenizer splits "in-context" into three tokens and the parser
then reads "in" as a preposition, so noun chunks lose the first part
("context learning", "shot learning"). ``paperkg_compounds`` runs after the
parser and merges every run of word-hyphen-word tokens written without spaces
into one token, which keeps the syntactic head and dependency of the run, so
the noun chunk becomes "in-context learning" (a run headed by a function word
is tagged as an adjective).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

HYPHENS = {"-", "‐", "‑"}
#: suffixes that stay apart: "diffusion-based" is read as "diffusion" + "based" (a derived concept)
SEPARATE_SUFFIXES = {"based", "like", "style", "level", "wise", "related", "specific"}
#: a compound led by a function word ("in-context", "out-of-distribution") modifies like an adjective
#: (fine-grained tags: the coarse POS is set later, by the attribute ruler)
FUNCTION_TAGS = {"IN", "DT", "RB", "RP", "CC", "TO", "PRP", "CD", "HYPH", "WDT", "WRB", "MD", "EX", "PDT", "XX"}


def _capitals(text: str) -> bool:
    """Written with two capitals or more, as names are ("RNN", "SVAE")."""
    return sum(c.isupper() for c in text) >= 2


def _joins(doc: Doc, j: int) -> bool:
    """Token ``j + 1`` joins tokens ``j`` and ``j + 2`` into one name: a hyphen, or a double hyphen between
    names in capitals ("RNN--SVAE")."""
    sep = doc[j + 1].text
    return sep in HYPHENS or (sep == "--" and _capitals(doc[j].text) and _capitals(doc[j + 2].text))


def compound_runs(doc: Doc) -> list[tuple[int, int]]:
    """``(start, end)`` token ranges of hyphenated compounds written without spaces."""
    runs, i = [], 0
    while i < len(doc) - 2:
        j = i
        while (
            j + 2 < len(doc)
            and _joins(doc, j)
            and not doc[j].whitespace_
            and not doc[j + 1].whitespace_
            and doc[j].text[-1:].isalnum()
            and doc[j + 2].text[:1].isalnum()
            and doc[j + 2].lower_ not in SEPARATE_SUFFIXES
        ):
            j += 2
        if j > i:
            runs.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return runs


@Language.component("paperkg_compounds")
def merge_compounds(doc: Doc) -> Doc:
    """Merge hyphenated compounds into single tokens (see module docstring)."""
    runs = compound_runs(doc)
    if not runs:
        return doc
    title_end = doc._.title_end
    removed_before_title = sum(e - s - 1 for s, e in runs if e <= title_end)
    with doc.retokenize() as retokenizer:
        for start, end in runs:
            span = doc[start:end]
            attrs: dict[str | int, str] = {"TAG": "JJ", "POS": "ADJ"} if span.root.tag_ in FUNCTION_TAGS else {}
            retokenizer.merge(span, attrs=attrs)
    doc._.title_end = title_end - removed_before_title
    return doc
