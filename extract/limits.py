"""Per-paper caps: what one record can cost, whatever its text holds. No spaCy import.

A normal abstract is far below every cap (arXiv allows 1,920 characters;
journal abstracts rarely pass 3,000), so the caps change nothing for real
papers; they bound the damage of a 99 KB "abstract" listing 12,000 names
(134 s and 7.3 GB before the caps), so build time and memory grow linearly
with the number of papers:

* :data:`MAX_TEXT_CHARS`: the extractor reads the title and at most this many
  characters of the abstract, cut at the last sentence end (else word
  boundary) before the cap; the stored abstract is not shortened;
* :data:`MAX_SENTENCE_CHARS`: evidence sentences kept in a record are cut to
  this length (with ``…``);
* :data:`MAX_MENTIONS`: mentions kept per record, in text order, so one
  paper links to at most 500 entities; :mod:`kg.build.builder` then counts
  co-occurrences among at most ``BuildConfig.max_entities_per_paper`` (200)
  of them, at most 19,900 pairs per paper.

``bench/bench_limits.py`` measures it: k giant papers next to k normal ones.

The text is also made safe to parse: lone UTF-16 surrogates (which crash
spaCy) become U+FFFD, control characters become spaces, and a run of more
than :data:`MAX_WORD_CHARS` characters without white space gets a space
every 200 characters (spaCy's tokenizer peels prefixes and suffixes off a
word one at a time, which is quadratic: 4,000 emoji in a row took 24 s).
"""

from __future__ import annotations

import re

from extract.surrogates import no_lone_surrogates

MAX_TEXT_CHARS = 10_000
MAX_SENTENCE_CHARS = 1_000
MAX_MENTIONS = 500
MAX_WORD_CHARS = 200

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS}}}(?=\S)")


#: "Shift(GWS)", "Networks(Seq2CNN)": a word, then a bracket holding one token with two capitals
_GLUED_ABBREVIATION = re.compile(r"(?<=[A-Za-z]{3})~?\((?=[\w-]*[A-Z][\w-]*[A-Z][\w-]*\))")


def clean_text(text: str) -> str:
    """Text spaCy can parse: lone surrogates as U+FFFD, control characters as spaces,
    words longer than :data:`MAX_WORD_CHARS` broken with spaces, and a space before an
    abbreviation's bracket glued to its long form (the tokenizer keeps "Shift(GWS" one token), or tied
    to it by a LaTeX "~".

    >>> clean_text("bad \\ud83d and \\x00nul")
    'bad \\ufffd and  nul'
    >>> [len(w) for w in clean_text("x" * 450).split()]
    [200, 200, 50]
    >>> clean_text("Gradual Weight Shift(GWS) and f(x)")
    'Gradual Weight Shift (GWS) and f(x)'
    >>> clean_text("a kelp prompt network~(KPNet) and ~(x)")
    'a kelp prompt network (KPNet) and ~(x)'
    """
    text = _LONG_WORD.sub(lambda m: m.group() + " ", _CONTROL.sub(" ", no_lone_surrogates(text or "")))
    return _GLUED_ABBREVIATION.sub(" (", text)


def cap_text(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """At most ``limit`` characters of ``text``, cut after the last sentence end
    (else the last space) in the second half of the window.

    >>> cap_text("One. Two three. Four five six.", 20)
    'One. Two three.'
    >>> cap_text("nospaceatall" * 3, 10)
    'nospacea…'
    """
    if len(text) <= limit:
        return text
    window = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] >= limit // 2:
        return window[: ends[-1]]
    space = window.rfind(" ")
    return window[:space] if space >= limit // 2 else window[: limit - 2] + "…"


def cap_sentence(sentence: str, limit: int = MAX_SENTENCE_CHARS) -> str:
    """At most ``limit`` characters of ``sentence`` (the last one ``…`` when cut).

    >>> cap_sentence("a" * 12, 10)
    'aaaaaaaaa…'
    """
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"
