"""The learned decision on what a paper proposes: the rules of :mod:`extract.components.roles` give the
candidates and one vote, a logistic regression over a few features of each candidate entity decides.

A candidate is one entity of the paper (its mentions by key, a short form counted with the long form it
stands for) that the rules marked, or that is written as a name (a coined token, a capitalised phrase,
an acronym's long form, the title's prefix). Its features (:data:`FEATURES`) say where and how the paper
writes it: before the title's colon, a coined token, defined with an acronym, how close to the verb of
a sentence where the authors propose something, after "called / named", after "our / the proposed",
the subject of a sentence that proposes nothing ("TideSep reduces the error"), how often and how early,
whether the vocabulary knows it, whether it starts with a lowercase word, one word or several, and
whether the rules proposed it (alone, or in a paper where they proposed nothing). The features are few
and general on purpose: each sheet left out of the fit scores best with these (the others, such as the
noun after the name or the title's words, fitted the sheets the rules were written from). The weights,
``vocabulary/contribution_scorer.txt``, are fitted by ``extract/training/contributions.py`` over the
hand-annotated contribution sheets (read at run time; none of their text is in the package). Without
the file the rules decide alone.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from spacy.tokens import Doc, Span

from extract.components.name_runs import is_name_token
from extract.record import Mention
from extract.vocab import fitted_weights, logistic

FEATURES = (
    "bias",
    "rule",
    "rule_named",
    "title_prefix",
    "coined",
    "acronym",
    "verb_near",
    "named",
    "ours",
    "subject",
    "mentions",
    "first_sentence",
    "established",
    "described",
    "one_word",
    "rule_alone",
    "rule_none",
)
#: a sentence's facts by its first token: whether the authors propose in it, the proposal verbs' indices
Memo = dict[int, tuple[bool, list[int]]]
#: extract/training/contributions.py switches the decision off to collect the rules' own output
ENABLED = True
NAMING = {"called", "named", "termed", "dubbed", "coined", "call", "term", "as"}


@lru_cache(maxsize=1)
def scorer_weights() -> dict[str, float] | None:
    """Fitted weights from ``vocabulary/contribution_scorer.txt`` (``None`` when not shipped)."""
    return fitted_weights("contribution_scorer.txt")


def entity_of(doc: Doc) -> dict[str, str]:
    """Mention key → the key of its entity in this paper: a defined short form goes with its long form."""
    return dict(doc._.kg_abbreviations or {})


def candidates(doc: Doc, mentions: list[Mention]) -> dict[str, list[Mention]]:
    """The paper's candidate contributions: entity key → its direct mentions."""

    to = entity_of(doc)
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        if not m.derived:
            groups.setdefault(to.get(m.key, m.key), []).append(m)
    title_end = doc[doc._.title_end - 1].idx + 1 if doc._.title_end else 0
    out = {}
    for key, ms in groups.items():
        if any(m.role for m in ms) or key in to.values() or any(m.start < title_end for m in ms):
            out[key] = ms
            continue
        spans = [doc.char_span(m.start, m.end, alignment_mode="expand") for m in ms]
        if any(s is not None and any(is_name_token(t) for t in s) for s in spans):
            out[key] = ms
    return out


def rule_count(found: dict[str, list[Mention]]) -> int:
    """How many candidates the rules proposed."""
    from extract.components.roles import PROPOSES

    return sum(any(m.role == PROPOSES for m in ms) for ms in found.values())


def _sentence_facts(sent: Span, memo: Memo) -> tuple[bool, list[int]]:
    """Whether the authors propose in the sentence and the proposal verbs' token indices; worked out once
    per sentence (``memo`` by its start), not once per candidate."""
    from extract.components import roles

    facts = memo.get(sent.start)
    if facts is None:
        proposes = roles._proposes(sent)
        verbs = [t.i for t in sent if t.lemma_ in roles.PROPOSE_VERBS and t.pos_ == "VERB"] if proposes else []
        facts = memo[sent.start] = (proposes, verbs)
    return facts


def features(
    doc: Doc,
    key: str,
    ms: list[Mention],
    ruled: int = 0,
    sentences: int = 0,
    memo: Memo | None = None,
) -> dict[str, float]:
    """The features (:data:`FEATURES`) of one candidate entity, from the doc after the rules ran;
    ``ruled``: how many of the paper's candidates the rules proposed; ``sentences``: how many sentences the
    doc has (counted here when 0; a caller scoring every candidate counts them once); ``memo``: the
    sentences' facts, shared by a caller scoring every candidate of the doc."""
    from extract.components import roles

    title_end_tok = doc._.title_end or 0
    title_end = doc[title_end_tok - 1].idx + 1 if title_end_tok else 0
    spans = [s for s in (doc.char_span(m.start, m.end, alignment_mode="expand") for m in ms) if s is not None]
    n_sents = sentences or sum(1 for _ in doc.sents)
    f = dict.fromkeys(FEATURES, 0.0)
    f["bias"] = 1.0
    f["rule"] = float(any(m.role == roles.PROPOSES for m in ms))
    named = set(doc.user_data.get("paperkg_named", ()))  # the rules' names given outright (roles.py)
    f["rule_named"] = float(bool(f["rule"]) and any(m.key in named for m in ms))
    colon = re.match(r"\s*([^:\n]{1,60}?)\s*(:| --| —| –)", doc[:title_end_tok].text[:title_end])
    prefix_end = colon.end(1) if colon else None  # "Name:" or "Name --" before the subtitle
    f["title_prefix"] = float(prefix_end is not None and any(m.start == 0 and m.end >= prefix_end - 1 for m in ms))
    f["coined"] = float(any(roles._has_coined_token(s) for s in spans))
    abbreviations = doc._.kg_abbreviations or {}
    f["acronym"] = float(key in abbreviations.values() or key in abbreviations)
    texts = [m.text for m in ms]
    f["one_word"] = float(max((len(t.split()) for t in texts), default=1) == 1)
    f["described"] = float(all(roles._described(t) for t in texts))
    f["established"] = float(roles.established(key) or any(roles.established(m.key) for m in ms))
    f["mentions"] = math.log1p(len(ms))
    f["rule_alone"] = float(bool(f["rule"]) and ruled == int(f["rule"]))
    f["rule_none"] = float(ruled == 0)
    body = [m for m in ms if m.start >= title_end]
    if body and n_sents > 1:
        first = min(m.sentence for m in body)
        f["first_sentence"] = first / max(n_sents - 1, 1)
    elif body:  # an abstract of one sentence says nothing of where a name comes: the middle, neutral
        f["first_sentence"] = 0.5
    memo = {} if memo is None else memo
    for s in spans:
        proposes, verbs = _sentence_facts(s.sent, memo)
        if verbs:
            d = min(abs(s.start - v) for v in verbs)
            f["verb_near"] = max(f["verb_near"], 1.0 / (1.0 + d / 3.0))
        if s.start >= title_end_tok and not proposes and s.root.dep_ in ("nsubj", "nsubjpass"):
            f["subject"] = 1.0  # "TideSep reduces the error": the paper speaks of its own thing as the actor
        before = [t.lower_ for t in doc[max(s.start - 4, 0) : s.start]]
        if any(w in NAMING for w in before) and ("as" not in before or "refer" in before or "to" in before):
            f["named"] = 1.0
        if any(w in ("our", "proposed") for w in before):
            f["ours"] = 1.0
    return f


def decide(doc: Doc, mentions: list[Mention], weights: dict[str, float]) -> None:
    """Set ``role`` on every candidate's mentions by the fitted decision (``__threshold__`` in the weights)."""
    from extract.components.roles import PROPOSES

    threshold = weights.get("__threshold__", 0.5)
    found = candidates(doc, mentions)
    ruled, sentences = rule_count(found), sum(1 for _ in doc.sents)
    memo: Memo = {}
    for key, ms in found.items():
        keep = logistic(features(doc, key, ms, ruled, sentences, memo), weights) >= threshold
        marked = [m for m in ms if m.role == PROPOSES]
        if keep and not marked:
            for m in ms:
                m.role = PROPOSES
        elif not keep:
            for m in marked:
                m.role = None
