"""Where a name written in an abstract begins and ends: name tokens ("BERT", "LRS3"), runs of capitalised
words ("Naive Bayes classifier"), versions ("wav2vec 2.0"), names joined by "to"/"of" ("Document to Sequence
Kelp"), and text that gives no names (web addresses, sentences in capitals). :mod:`extract.components.mentions`
uses these to keep a name whole and never make a piece of one a mention."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

#: Penn Treebank brackets as the tokenizer may write them: no name
PTB_BRACKETS = {"-LRB-", "-RRB-", "-LSB-", "-RSB-", "-LCB-", "-RCB-"}


def is_name_token(tok: Token) -> bool:
    """CamelCase, ALL-CAPS or letter+digit tokens: "FlowState", "BERT", "LRS3", "V-ASR"
    (not Penn Treebank brackets such as "-LRB-")."""
    s = tok.text
    if len(s) < 2 or not any(c.isalpha() for c in s) or s[0].isdigit() or s in PTB_BRACKETS:
        return False
    parts = [p for p in s.replace("‐", "-").split("-") if p]
    if len(parts) > 1 and all(p.islower() or (p[0].isupper() and p[1:].islower()) for p in parts):
        return False  # a title-case compound ("In-Context", "Out-of-Distribution") is no name
    if sum(c.isupper() for c in s) >= 2:
        return True
    return any(c.isdigit() for c in s)


#: a version written after a name: "wav2vec 2.0", "Marlin v2", "KELP III" ("I", "V", "X" alone are letters of their own)
VERSION = re.compile(r"\d{1,2}\.\d{1,2}|v\d+(?:\.\d+)?|II|III|IV|VI|VII|VIII|IX|XI|XII")
#: a bare number that can number a name ("OffensEval 2", "Track 4"), not a count ("BERT 100 times")
NAME_NUMBER = re.compile(r"\d{1,2}")
#: what makes a whitespace-delimited piece of text a web address
URL = re.compile(r"\S*(?:://|www\.)\S*")


def capitalised_word(tok: Token) -> bool:
    """A word written with a capital inside a sentence of the abstract (not its first word, not in the
    title, where every word is capitalised): in "a Naive Bayes classifier" both "Naive" and "Bayes"."""
    return (
        tok.text[:1].isupper()
        and any(c.isalpha() for c in tok.text)
        and not tok.is_sent_start
        and tok.i >= tok.doc._.title_end
        and tok.text not in PTB_BRACKETS
    )


def glued_stop(tok: Token) -> bool:
    """A token that carries the full stop of its sentence ("ADE20K." when the parser missed the sentence end):
    no name runs on past it."""
    return len(tok.text) > 1 and tok.text[-1] in ".!?"


def name_run_word(tok: Token, end: int) -> bool:
    """A capitalised word that begins a name with the capitalised word after it ("Naive | Bayes classifier",
    "Fully | Connected Network", "Wide | ResNets", "Named | Entity Recognition"): not a modifier to strip."""
    nxt = tok.i + 1
    return (
        nxt < end
        and tok.is_alpha
        and tok.pos_ in ("ADJ", "ADV", "NOUN", "PROPN", "VERB")
        and capitalised_word(tok)
        and bool(tok.whitespace_)
        and not glued_stop(tok)
        and tok.doc[nxt].text[:1].isupper()
    )


def name_piece(tok: Token) -> bool:
    """A name token written just before more capitalised words of one name ("RObust | Algorithmic Recourse",
    "EXtended | Reef Tracker"): a piece of that name, no name of its own."""
    doc = tok.doc
    nxt = tok.i + 1
    return (
        nxt < len(doc)
        and tok.i >= doc._.title_end
        and bool(tok.whitespace_)
        and not glued_stop(tok)
        and doc[nxt].is_alpha
        and capitalised_word(doc[nxt])
    )


def inner_piece(tok: Token) -> bool:
    """A name token inside a longer phrase that goes on with more of its name: capitalised words or a
    number ("EXtended Reef Tracker", "R&D 500 index"), not a head ("ImageNet classification")."""
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is not None and bool(tok.whitespace_) and (name_piece(tok) or nxt.like_num)


def with_version(span: Span) -> Span:
    """The span with the version written after its name: "wav2vec | 2.0", "Marlin | v2", "OffensEval | 2"
    (a bare number only after a name or capitalised word, and not when it counts the noun after it:
    "BERT 3 times")."""
    doc = span.doc
    e = span.end
    if e >= len(doc) or not span[-1].whitespace_ or glued_stop(span[-1]):
        return span
    last, nxt = span[-1], doc[e]
    if not (is_name_token(last) or capitalised_word(last) or last.pos_ in ("NOUN", "PROPN")) or not any(
        c.isalpha() for c in last.text
    ):
        return span
    after = doc[e + 1] if e + 1 < len(doc) else None
    if after is not None and (after.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or after.text in ("%", "-")):
        return span  # a count or a measure of what follows: "wav2vec 2.0 hours", "Track 4 percent"
    if VERSION.fullmatch(nxt.text) or (
        NAME_NUMBER.fullmatch(nxt.text) and (is_name_token(last) or capitalised_word(last))
    ):
        return doc[span.start : e + 1]
    return span


def _name_word_at(doc: Doc, i: int) -> bool:
    """Token ``i`` is a capitalised word that can continue a name (the tagger reads "Challenges" as a verb)."""
    tok = doc[i]
    return tok.is_alpha and tok.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and capitalised_word(tok)


def name_rest(span: Span, max_tokens: int, left: bool = False) -> Span:
    """A span that ends inside a capitalised name runs on to the name's end: "the Dialogue System Technology |
    Challenges", "a Reef Tracker | Network" (capitalised words inside a sentence of the abstract); with ``left``
    it also runs back to the name's start where the parser cut it: "(Aligned | Multilingual Bidirectional EncodeR)"."""
    doc = span.doc
    first = span[0]
    s = span.start
    if left and first.is_alpha and capitalised_word(first):  # not "English | text-to-SQL tasks"
        while (
            s > 0
            and span.end - (s - 1) <= max_tokens
            and doc[s - 1].whitespace_
            and not glued_stop(doc[s - 1])
            and _name_word_at(doc, s - 1)
        ):
            s -= 1
    span = doc[s : span.end]
    last = span[-1]
    if not (capitalised_word(last) or (is_name_token(last) and last.i >= doc._.title_end)):
        return span
    e = span.end
    while (
        e < len(doc)
        and e - span.start < max_tokens
        and doc[e - 1].whitespace_
        and not glued_stop(doc[e - 1])
        and _name_word_at(doc, e)
    ):
        e += 1
    return doc[span.start : e]


#: lower-case words that join the capitalised parts of one name: "Document to Sequence Kelp", "Bank of Reefs"
#: (not "for": "a CNN for Sonar Reef Crack Segmentation" is a method and its task)
NAME_JOINERS = {"to", "of"}


def joined_names(doc: Doc, max_tokens: int) -> list[Span]:
    """Capitalised names with a joining word inside ("Document to Sequence Kelp"): at least three capitalised
    words inside a sentence of the abstract around "to" or "of" (not "we compare Kelp to Reef": two names)."""
    out: list[Span] = []
    for tok in doc:
        i = tok.i
        if tok.lower_ not in NAME_JOINERS or i == 0 or i + 1 >= len(doc) or i < doc._.title_end:
            continue
        left, right = doc[i - 1], doc[i + 1]
        if not (
            left.pos_ in ("NOUN", "PROPN", "ADJ")
            and left.is_alpha
            and capitalised_word(left)
            and (capitalised_word(right) or is_name_token(right))
            and left.whitespace_
            and tok.whitespace_
            and not glued_stop(left)
        ):
            continue
        s = i - 1
        while s - 1 >= doc._.title_end and capitalised_word(doc[s - 1]) and not glued_stop(doc[s - 1]):
            s -= 1
        if tok.lower_ == "to" and s > 0 and doc[s - 1].lower_ == "from":
            continue  # a range: "from Kelp Filter to Reef Forests" names two things
        e = i + 1
        while (
            e < len(doc)
            and (capitalised_word(doc[e]) or is_name_token(doc[e]))
            and doc[e - 1].whitespace_
            and not glued_stop(doc[e - 1])
        ):
            e += 1
        if e - s - 1 >= 3 and e - s <= max_tokens:
            out.append(doc[s:e])
    return out


def url_tokens(doc: Doc) -> set[int]:
    """Tokens of web addresses, whatever the tokenizer made of them ("\\url{https://github.com/kelpy/Reef_Net}"):
    no piece of an address is a name."""
    out: set[int] = set()
    for m in URL.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            out.update(range(span.start, span.end))
    return out


def shouted_tokens(doc: Doc) -> set[int]:
    """Tokens of sentences written in capitals throughout ("ABSTRACT CUT SHORT FOR REEF LIMIT"):
    their words are not names for being in capitals."""
    out: set[int] = set()
    for sent in doc.sents:
        words = [t for t in sent if t.is_alpha]
        if len(words) >= 3 and all(t.text.isupper() for t in words):
            out.update(range(sent.start, sent.end))
    return out
