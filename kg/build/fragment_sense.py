"""A Concept its sentences always write before the same noun: a piece of a longer name, not a name.

The span model sometimes ends a span before the noun the phrase is about, most often where an abbreviation is
defined for the modifier alone: "natural killer (NK) cells", "abdominal aortic (AA) aneurysm", "the
hypothalamic-pituitary-adrenal (HPA) axis"; the key is "natural killer", an adjective phrase with its short form.
What the sentences show tells it apart from a name, without a list of words: the word right after each direct
mention (after the short form in brackets, :func:`next_word`). A Concept whose every direct mention, two or more,
is followed by the same lower-case word that continues the phrase ("cells", "aneurysm", "axis") is that word's
modifier (:func:`fragment`); "oxidative stress", written before "induced", "levels", "and" or a full stop, is not.
"""

from __future__ import annotations

import re
from collections import Counter

#: a short form in brackets right after a mention ("natural killer (NK) cells")
_BRACKET = re.compile(r"^\s*\([^()]{1,30}\)")
#: the first word after a mention (and its bracket): joined by a space or a dash ("NK-cell")
_NEXT = re.compile(r"^(?:\s+|\s*[-‐‑])([a-z][a-z-]*)\b")
#: characters of the sentence read after a mention
_WINDOW = 60
#: words that end a noun phrase rather than continue it: function words, auxiliaries, link words and the commonest
#: verbs of a finding ("X remains the treatment of choice")
_ENDS_PHRASE = frozenset(
    "a an the and or but nor than as at by for from in into of on onto over per to with within without via versus "
    "vs among between during after before under upon through across against toward towards which that who whom "
    "whose where when while whereas because since although though if not also only both either neither such "
    "these those this its their our is are was were be been being has have had can could may might will would "
    "should must do does did alone remain remains play plays show shows appear appears seem seems become becomes "
    "represent represents include includes lead leads cause causes occur occurs".split()
)
#: fewest direct mentions that show the pattern (one mention followed by a noun says nothing)
MIN_MENTIONS = 2


def next_word(key: str, text: str, sentence: str) -> str | None:
    """The lower-case word that continues the phrase after the mention ``text`` (its first occurrence in the
    sentence, past a short form in brackets), or None when a function word, a participle, an adverb, a capital or
    punctuation follows (the phrase ends there); ``key`` is unused (the vote's signature).

    >>> next_word("natural killer", "natural killer", "The natural killer (NK) cells rose.")
    'cells'
    >>> next_word("nk", "NK", "NK-cell counts rose."), next_word("oxidative stress", "oxidative stress", "Oxidative stress induced it.")
    ('cell', None)
    >>> next_word("kelp", "kelp", "kelp and reef"), next_word("kelp", "kelp", "the kelp.")
    (None, None)
    """
    at = sentence.find(text)
    if at < 0:
        return None
    after = sentence[at + len(text) : at + len(text) + _WINDOW]
    after = _BRACKET.sub("", after, count=1)
    found = _NEXT.match(after)
    if not found:
        return None
    word = found.group(1).rstrip("-")
    if word in _ENDS_PHRASE or word.endswith(("ed", "ly")):
        return None
    return word


def fragment(nexts: Counter | None, mentions: int) -> bool:
    """Whether the Concept is a piece of a longer name: one word (``nexts``: :func:`next_word` votes of its direct
    mentions) follows every one of its ``mentions`` direct mentions, two or more.

    >>> fragment(Counter({"cells": 3}), 3), fragment(Counter({"cells": 2}), 3), fragment(Counter({"cells": 1}), 1)
    (True, False, False)
    """
    if not nexts or mentions < MIN_MENTIONS:
        return False
    return nexts.most_common(1)[0][1] >= mentions
