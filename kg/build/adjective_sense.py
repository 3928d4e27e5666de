"""A noun the build made from an everyday adjective, which the papers use only as that adjective.

The extractor turns a property adjective into its noun ("invariant features" → invariance,
:func:`extract.normalise.derived_nouns`), so that a paper about invariant features meets the concept of
invariance. In another field the same rule turns "concurrent treatment" into *concurrence*, "ambient air"
into *ambience* and "predominant bacteria" into *predominance*: the adjective is everyday English that says
something of the noun it modifies, not a concept of the paper. Two facts, neither a list of words, tell them
apart:

* the adjective is everyday English (wordfreq Zipf ≥ :data:`EVERYDAY_ADJECTIVE_ZIPF`) and clearly commoner
  than its noun (by :data:`NOUN_MARGIN`): a rare adjective names the concept itself ("senescent" cells,
  "equivariant" maps), and a noun about as common as its adjective is a word of its own ("fluorescence");
* the papers seldom write the noun: fewer direct mentions of it than papers that have it, so most of its papers
  only wrote the adjective ("robustness", "invariance" are written as nouns where they are the topic).
"""

from __future__ import annotations

from collections.abc import Mapping

from extract.normalise import derived_nouns
from extract.vocab import Vocabulary, default_vocabulary

#: an adjective at least this frequent in general English (wordfreq Zipf) is everyday, not a term
EVERYDAY_ADJECTIVE_ZIPF = 3.2
#: how much commoner (Zipf) the adjective must be than its noun: "fluorescent" 3.37 and "fluorescence" 3.24 are
#: both words of their own; "competent" 3.92 against "competence" 3.58 is the adjective's sense
NOUN_MARGIN = 0.3
#: noun endings the extractor derives from adjectives in "-ant", "-ent", "-able", "-ible"
_ENDINGS = (("ance", ("ant",)), ("ence", ("ent",)), ("ility", ("le",)))


def source_adjectives(noun: str) -> list[str]:
    """The adjectives :func:`~extract.normalise.derived_nouns` turns into ``noun``.

    >>> source_adjectives("concurrence"), source_adjectives("interpretability"), source_adjectives("noise")
    (['concurrent'], ['interpretable'], [])
    """
    out = []
    for ending, adjective_endings in _ENDINGS:
        if noun.endswith(ending):
            stem = noun[: -len(ending)]
            out += [stem + a for a in adjective_endings if noun in derived_nouns(stem + a)]
    return out


def adjective_only(key: str, forms: Mapping[str, int], papers: int, vocab: Vocabulary | None = None) -> bool:
    """Whether a one-word Concept is a noun made from an everyday adjective that its papers seldom write as the
    noun (module docstring); ``forms``: its direct mentions by text, ``papers``: the papers that have it.

    >>> adjective_only("concurrence", {"concurrence": 1}, 9), adjective_only("concurrence", {"concurrence": 9}, 9)
    (True, False)
    >>> adjective_only("senescence", {"senescence": 1}, 3), adjective_only("fluorescence", {}, 5)
    (False, False)
    """
    if " " in key or sum(forms.values()) >= papers:
        return False
    v = vocab or default_vocabulary()
    noun = v.zipf(key)
    return any(v.zipf(a) >= max(EVERYDAY_ADJECTIVE_ZIPF, noun + NOUN_MARGIN) for a in source_adjectives(key))
