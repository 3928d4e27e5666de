"""Abbreviation detection: "long form (SF)" pairs, after Schwartz & Hearst (2003),
as scispaCy's AbbreviationDetector does, in one small component.

Sets ``doc._.abbreviations``: a list of ``[[long_start, long_end], [short_start, short_end]]``
token offsets (plain data, so docs cross process boundaries); :func:`abbreviation_spans`
turns them back into spans.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.normalise import canonical_key
from extract.schwartz_hearst import find_long_form

if not Doc.has_extension("abbreviations"):
    Doc.set_extension("abbreviations", default=[])


def initials_start(short: str, window: Span) -> int | None:
    """Token index where the last words of ``window`` spell ``short`` by their initials, or None.

    Schwartz & Hearst take the *shortest* long form, which for "adaptive
    augmentation policy (AAP)" is "augmentation policy"; when every letter of
    the short form is the initial of one of the last words, those words win.
    """
    letters = [c.lower() for c in short if c.isalpha()]
    if len(letters) < 2 or any(c.isdigit() for c in short):
        return None
    words = [t for t in window if t.is_alpha]
    if len(words) < len(letters):
        return None
    tail = words[-len(letters) :]
    if [t.lower_[0] for t in tail] != letters:
        return None
    return tail[0].i


def inner_letters(short: str, long_text: str) -> int:
    """How many letters of ``short`` no word initial of ``long_text`` gives (matched in order).

    >>> inner_letters("DAGA", "data augmentation"), inner_letters("SAE", "sparse autoencoders")
    (2, 1)
    """
    initials = [w[0].lower() for w in long_text.replace("-", " ").split() if w[:1].isalnum()]
    matched, i = 0, 0
    for c in (c.lower() for c in short if c.isalpha()):
        j = next((k for k in range(i, len(initials)) if initials[k] == c), None)
        if j is not None:
            matched, i = matched + 1, j + 1
    return sum(c.isalpha() for c in short) - matched


def names_a_variant(short: str, long_text: str) -> bool:
    """Whether "long form (SF)" gives one specific method's name after an established term:
    "data augmentation (DAGA)" — an acronym two of whose letters come from inside words of a
    Papers with Code task or CSO topic — rather than the term's abbreviation."""
    from extract.vocab import default_vocabulary

    if not _strip_plural(short).isupper() or inner_letters(_strip_plural(short), long_text) < 2:
        return False
    v = default_vocabulary()
    key = canonical_key(long_text)
    return key in v.pwc_tasks or key in v.cso_topics


def _valid_short(text: str) -> bool:
    return (
        2 <= len(text) <= 12
        and text[0].isalnum()
        and any(c.isupper() for c in text)
        and sum(c.isalpha() for c in text) >= 2
        and text.count(" ") <= 1
    )


def _strip_plural(short: str) -> str:
    return short[:-1] if len(short) > 2 and short.endswith("s") and short[-2].isupper() else short


def detect(doc: Doc, max_short_tokens: int = 4) -> list[tuple[Span, Span]]:
    """All ``(long_span, short_span)`` pairs written as "long form (SF)"."""
    pairs = []
    for open_tok in doc:
        if open_tok.text != "(":
            continue
        close = next((t for t in doc[open_tok.i + 1 : open_tok.i + 2 + max_short_tokens] if t.text == ")"), None)
        if close is None or close.i == open_tok.i + 1:
            continue
        short = doc[open_tok.i + 1 : close.i]
        if not _valid_short(short.text):
            continue
        n = len(_strip_plural(short.text))
        sent_start = open_tok.sent.start
        window_start = max(sent_start, open_tok.i - min(n + 5, 2 * n))
        window = doc[window_start : open_tok.i]
        if not window.text:
            continue
        start = find_long_form(_strip_plural(short.text), window.text)
        if start is None:
            continue
        long_span = window.char_span(start, len(window.text), alignment_mode="expand")
        by_initials = initials_start(_strip_plural(short.text), window)
        if long_span is not None and by_initials is not None and by_initials < long_span.start:
            long_span = doc[by_initials : window.end]
        if long_span is None or len(long_span) == 0 or long_span.text.lower() == short.text.lower():
            continue
        if names_a_variant(short.text, long_span.text) or any(t.text in "()[]" for t in long_span):
            continue  # "(subtask B), and offense target identification (subtask C)" defines nothing
        if any(t.tag_ == "VBZ" and t.is_lower and t.nbor().pos_ == "DET" for t in long_span[1:-1]):
            continue  # "The X employs a pre-trained ... network (NTN-DIV)": a clause, no name (letters out of order)
        pairs.append((long_span, short))
    return pairs


def abbreviation_spans(doc: Doc) -> list[tuple[Span, Span]]:
    """``doc._.abbreviations`` as ``(long_span, short_span)`` pairs."""
    return [(doc[ls:le], doc[ss:se]) for (ls, le), (ss, se) in doc._.abbreviations]


@Language.factory("paperkg_abbreviations", default_config={"max_short_tokens": 4})
def make_abbreviation_detector(nlp: Language, name: str, max_short_tokens: int):
    def component(doc: Doc) -> Doc:
        doc._.abbreviations = [[[lf.start, lf.end], [sf.start, sf.end]] for lf, sf in detect(doc, max_short_tokens)]
        return doc

    return component
