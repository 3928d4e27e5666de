"""Per-mention quality: whether a candidate phrase names a thing, from the phrase's structure.

Used by ``paperkg_mentions`` on every candidate (proposed span, noun chunk, name)
before it becomes a mention. Nothing here is a list of bad phrases; the decisions
read the phrase's shape, so they carry over to a field the lists never saw:

* **head class** — the last word's class: a generic head ("model", "approach",
  "framework", "module", "solution", "tools", "datasets", "phenomena", "study",
  :data:`GENERIC_THING_HEADS`) names nothing on its own; a head that names
  people, organisations, venues or events ("annotators", "translation firms",
  ``agent_heads.txt``) is never a Method, Dataset or Concept;
* **specific modifier** — a phrase with a generic head is a term only with a
  name token (acronym, CamelCase, letter+digit), a proper noun, a noun modifier
  that is not everyday English ("subsampling techniques", "attention
  mechanism"), or when the whole phrase is a known term (Papers with Code task,
  CSO topic); adjectives alone ("classical approaches", "convolutional models",
  "parameter-efficient solution", "plug-and-play module") make a class, not a thing;
* **head of a result** — a name before a head that is a result, not a thing
  ("SSIM gains", "GAN outputs") is a mention of the name only;
* **shared-task campaigns** — "SemEval-2020 Task 1", "subtask B";
* **broken strings** — unbalanced brackets, a leading or trailing conjunction,
  preposition or comma ("(subtask B), and offense target identification").

:func:`reject_reason` returns why a candidate is no term (``None``: keep it); all reasons
but ``"generic head"`` drop the candidate.

**Confidence.** Every kept candidate gets a calibrated probability that it is a term,
:func:`confidence`: a logistic scorer over :func:`features` (whether the span model
proposed it and with which type, length, names, digits, head class, general-English
frequency of its words, known-term support, title position). Its weights,
``vocabulary/mention_scorer.txt``, are fitted by ``scripts/train_mention_scorer.py`` on
SciERC train (gold spans against wrong candidates) and its thresholds chosen on SciERC dev.
A phrase with only a generic head and adjectives ("classical approaches") is capped at
:data:`GENERIC_CAP`: SciERC annotates such phrases as spans, so ``kg eval`` still sees
them, but the builder makes no node of them (:data:`extract.record.MIN_NODE_CONFIDENCE`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span, Token

from extract.components.name_runs import is_name_token
from extract.head_words import EMPTY_MODIFIERS, GENERIC_THING_HEADS, RESULT_HEADS
from extract.lexicon import Lexicon
from extract.normalise import canonical_key, singular
from extract.vocab import default_vocabulary, fitted_weights, logistic, word_list

#: Zipf frequency from which a noun modifier is everyday English ("language phenomena")
EVERYDAY_MODIFIER_ZIPF = 4.9
_CAMPAIGN = re.compile(r"\b(sub)?task\s*\d|\bsubtask\s+[a-z]\b|\btrack\s*\d", re.IGNORECASE)
_EDGE_WORDS = {"and", "or", "but", "nor", "of", "for", "with", "in", "on", "to", "by", "from", "as", "at", "via"}


@lru_cache(maxsize=1)
def agent_heads() -> frozenset[str]:
    """Singular heads of people, organisations, venues and events (``agent_heads.txt``)."""
    return frozenset(singular(w.lower()) for w in word_list("agent_heads.txt"))


def name_like(tok: Token) -> bool:
    """An acronym, CamelCase or letter+digit token ("BERT", "WideResNet", "LRS3"), or a proper noun
    inside the sentence."""

    return is_name_token(tok) or (tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_sent_start)


def unbalanced(text: str) -> bool:
    """Whether brackets open and close unevenly: "subtask B), and offense".

    >>> unbalanced("subtask B), and offense target identification"), unbalanced("ResNet (50)")
    (True, False)
    """
    depth = 0
    for c in text:
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


def specific_modifier(tok: Token, lex: Lexicon) -> bool:
    """Whether a modifier word makes a generic head specific: a name (not a language, platform
    or organisation: "Python library"), or a noun that is neither generic nor everyday English."""
    if name_like(tok):
        return canonical_key(tok.text) not in default_vocabulary().not_entities
    low = tok.lower_
    if tok.pos_ not in ("NOUN", "PROPN") or low in EMPTY_MODIFIERS:
        return False
    word = singular(low)
    if word in lex.generic_heads or word in GENERIC_THING_HEADS:
        return False
    parts = [p for p in re.split(r"[-‐‑]", low) if p]
    return min(default_vocabulary().zipf(p) for p in parts) < EVERYDAY_MODIFIER_ZIPF


def known_phrase(key: str) -> bool:
    """A Papers with Code task or CSO topic ("data augmentation", "neural network")."""
    v = default_vocabulary()
    return (key in v.pwc_tasks or key in v.cso_topics) and key not in v.generic_terms


def reject_reason(span: Span, key: str | None, lex: Lexicon) -> str | None:
    """Why the candidate ``span`` (cleaned, with canonical ``key``; ``None``: computed when needed)
    is no term, or ``None``.

    Reasons: ``"broken"``, ``"campaign"``, ``"agent"``, ``"result of a name"``, ``"generic head"``.
    """
    text = span.text
    if unbalanced(text) or span[0].lower_ in _EDGE_WORDS or span[-1].lower_ in _EDGE_WORDS:
        return "broken"
    if _CAMPAIGN.search(text) or (
        singular(span[-1].lower_) in ("task", "subtask", "track")
        and any(
            any(c.isdigit() for c in t.text) or canonical_key(t.text) in default_vocabulary().not_entities for t in span
        )
    ):
        return "campaign"  # "SemEval-2020 Task 1", "the WMT shared task"
    doc = span.doc
    if span.start >= 2 and doc[span.start - 1].lower_ == "of" and singular(doc[span.start - 2].lower_) in agent_heads():
        return "agent"  # "(University of) California Riverside"
    head = singular(span[-1].lower_)
    if head in agent_heads() or any(
        singular(t.lower_) in agent_heads() and t.nbor(1).lower_ == "of" for t in span[:-1]
    ):
        return "agent"  # "annotators", "translation firms", "University of X"
    mods = [t for t in span[:-1] if t.text not in "-‐‑,"]
    if head in RESULT_HEADS and mods and all(name_like(t) for t in mods):
        return "result of a name"  # "SSIM gains": the name is mentioned on its own
    if head in GENERIC_THING_HEADS and not name_like(span[-1]):
        words = (key if key is not None else canonical_key(span.text)).split()
        if any(known_phrase(" ".join(words[i:])) for i in range(len(words) - 1)):
            return None  # "pre-trained language models": an established technique ("language model")
        if not any(specific_modifier(t, lex) for t in mods):
            return "generic head"  # "classical approaches", "plug-and-play module", "Python library" has a name
    return None


#: the confidence of a generic head with adjectives only ("convolutional models"): a span, no node
GENERIC_CAP = 0.2
FEATURES = (
    "bias",
    "proposed",
    "proposed_method",
    "proposed_dataset",
    "proposed_task",
    "proposed_metric",
    "proposed_concept",
    "label_method",
    "label_dataset",
    "label_task",
    "label_metric",
    "tokens",
    "one_token",
    "name",
    "digit",
    "head_generic_thing",
    "head_generic",
    "generic_only",
    "plural_head",
    "min_zipf",
    "mean_zipf",
    "known",
    "in_title",
    "proper_only",
)


def features(
    span: Span,
    key: str,
    label: str,
    proposed: str | None,
    lex: Lexicon,
    in_title: bool,
    reason: str | None | bool = False,
) -> dict[str, float]:
    """The scorer's inputs for one candidate (names in :data:`FEATURES`); ``reason``: its
    :func:`reject_reason` when the caller has it (``False``: compute it)."""
    v = default_vocabulary()
    words = [w for w in re.split(r"[\s\-‐‑]+", span.text.lower()) if w.isalpha()]
    zipfs = [v.zipf(w) for w in words] or [0.0]
    head = span[-1].lower_
    f = dict.fromkeys(FEATURES, 0.0)
    f["bias"] = 1.0
    if proposed:
        f["proposed"] = 1.0
        f[f"proposed_{proposed.lower()}"] = 1.0
    if label != "Concept":
        f[f"label_{label.lower()}"] = 1.0
    f["tokens"] = min(len(span), 8) / 8
    f["one_token"] = float(len(span) == 1)
    f["name"] = float(any(name_like(t) for t in span))
    f["digit"] = float(any(c.isdigit() for c in span.text))
    f["head_generic_thing"] = float(singular(head) in GENERIC_THING_HEADS)
    f["head_generic"] = float(singular(head) in lex.generic_heads)
    f["generic_only"] = float((reject_reason(span, key, lex) if reason is False else reason) == "generic head")
    f["plural_head"] = float(singular(head) != head)
    f["min_zipf"] = min(zipfs) / 8
    f["mean_zipf"] = sum(zipfs) / len(zipfs) / 8
    f["known"] = float(known_phrase(key))
    f["in_title"] = float(in_title)
    f["proper_only"] = float(all(t.pos_ == "PROPN" for t in span) and not any(is_acronym(t) for t in span))
    return f


def is_acronym(tok: Token) -> bool:

    return is_name_token(tok)


@lru_cache(maxsize=1)
def scorer_weights() -> dict[str, float] | None:
    """Fitted weights from ``vocabulary/mention_scorer.txt`` (``None`` when not shipped)."""
    return fitted_weights("mention_scorer.txt")


#: candidates below this confidence are no mention at all (chosen on SciERC dev, see the weights' header)
def drop_threshold() -> float:
    w = scorer_weights()
    return (w or {}).get("__drop__", 0.0)


def confidence(feats: dict[str, float]) -> float:
    """The calibrated probability that the candidate is a term (1.0 without fitted weights)."""
    w = scorer_weights()
    if w is None:
        p = 1.0
    else:
        p = logistic(feats, w)
    if feats.get("generic_only"):
        p = min(p, GENERIC_CAP)
    return round(p, 3)
