"""Termhood: how much a Concept or Task says, scored on the corpus.

Two parts, multiplied into one ``relevance`` in [0, 1] stored on the node:

* **concentration**, in the spirit of VOSviewer's relevance score (van Eck &
  Waltman 2011): the Kullback–Leibler divergence between the distribution of a
  term's co-occurrences over the other entities and the corpus-wide
  distribution of entity occurrences. "training data" co-occurs with
  everything in proportion (low); "label noise" with a few methods and
  datasets (high). Smoothed with a prior of ``prior`` co-occurrences toward
  the corpus distribution, so a rare term is not relevant just for being
  rare; then turned into a percentile rank among all scored terms;
* **specificity** against general English (:mod:`extract.vocab`, wordfreq Zipf
  frequencies): 1 for phrases and rare words, falling to 0.2 for everyday
  words ("context", Zipf 4.6).

>>> from collections import Counter
>>> ep = {"a": {"p1", "p2"}, "b": {"p1", "p2"}, "c": {"p1", "p2", "p3", "p4"}, "d": {"p3", "p4"}}
>>> pairs = pair_counts(ep)
>>> kl = concentration(ep, pairs, ["a", "c"], prior=0.0)
>>> kl["a"] > kl["c"]
True
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from itertools import combinations

from extract.vocab import Vocabulary, default_vocabulary
from kg.build.config import MIN_RELEVANCE  # noqa: F401  (the default BuildConfig.min_relevance, kept here too)


def pair_counts(entity_papers: Mapping[str, Collection[str]], max_per_paper: int | None = None) -> Counter:
    """Shared-paper counts of every pair of entities, ``(a, b)`` with ``a < b``.

    ``max_per_paper`` caps the entities counted from one paper (the most frequent
    in the corpus first dropped last), so one paper listing thousands of names
    costs at most ``max_per_paper²/2`` pairs.
    """
    by_paper: dict[str, list[str]] = defaultdict(list)
    for ent, pids in entity_papers.items():
        for pid in pids:
            by_paper[pid].append(ent)
    size = {e: len(p) for e, p in entity_papers.items()}
    counts: Counter = Counter()
    for ents in by_paper.values():
        if max_per_paper is not None and len(ents) > max_per_paper:
            ents = sorted(ents, key=lambda e: (-size[e], e))[:max_per_paper]
        counts.update(combinations(sorted(ents), 2))
    return counts


#: how many of the most frequent entities :func:`concentration` takes as contexts
CONTEXTS = 500


def context_entities(df: Mapping[str, int], contexts: int = CONTEXTS) -> list[str]:
    """The ``contexts`` most frequent entities of ``df`` (entity → papers), the contexts of :func:`concentration`:
    only the pairs of a scored entity with one of these count for its relevance."""
    return sorted(df, key=lambda e: (-df[e], e))[:contexts]


def concentration(
    entity_papers: Mapping[str, Collection[str]],
    pairs: Counter,
    scored: Iterable[str],
    prior: float = 10.0,
    contexts: int = CONTEXTS,
) -> dict[str, float]:
    """KL divergence, for each entity in ``scored``, of its co-occurrences over the
    ``contexts`` most frequent entities from those contexts' corpus distribution
    (smoothed toward it by ``prior`` co-occurrences)."""
    df = {e: len(p) for e, p in entity_papers.items()}
    context = context_entities(df, contexts)
    total = sum(df[c] for c in context) or 1
    q = {c: df[c] / total for c in context}
    wanted = set(scored)
    row: dict[str, dict[str, int]] = defaultdict(dict)
    for (a, b), c in pairs.items():
        if b in q and a in wanted:
            row[a][b] = c
        if a in q and b in wanted:
            row[b][a] = c
    out = {}
    for e in wanted:
        cooc = row.get(e, {})
        rest = 1.0 - q.get(e, 0.0)  # the background without the entity itself
        denom = sum(cooc.values()) + prior
        if denom == 0 or rest <= 0:
            out[e] = 0.0
            continue
        kl, seen = 0.0, 0.0
        for j, c in sorted(cooc.items()):  # one order of summing, whatever order the papers came in
            qj = q[j] / rest
            p = (c + prior * qj) / denom
            kl += p * math.log(p / qj)
            seen += qj
        if prior:  # every unseen context has p = prior·q / denom
            ratio = prior / denom
            kl += ratio * max(0.0, 1.0 - seen) * math.log(ratio)
        out[e] = max(kl, 0.0)
    return out


def specificity(key: str, vocab: Vocabulary | None = None) -> float:
    """1.0 for a phrase or a rare word, down to 0.2 for an everyday word.

    >>> specificity("label noise"), specificity("invariance"), specificity("context")
    (1.0, 1.0, 0.2)
    """
    words = key.split()
    if len(words) != 1:
        return 1.0
    z = (vocab or default_vocabulary()).zipf(words[0])
    return round(min(1.0, max(0.2, (4.6 - z) / 1.5)), 4)


def percentile_ranks(scores: Mapping[str, float]) -> dict[str, float]:
    """Each score's rank among all, scaled to (0, 1] (ties share the higher rank).

    >>> percentile_ranks({"a": 0.1, "b": 0.5, "c": 0.5, "d": 2.0})
    {'a': 0.25, 'b': 0.75, 'c': 0.75, 'd': 1.0}
    """
    ordered = sorted(scores.values())
    n = len(ordered)
    rank: dict[float, float] = {}
    for i, s in enumerate(ordered, start=1):
        rank[s] = i / n
    return {k: rank[s] for k, s in scores.items()}


def frequency_adjusted(scores: Mapping[str, float], df: Mapping[str, int]) -> dict[str, float]:
    """Each score divided by the median score of entities with a similar paper count
    (bins of doubling frequency): concentration falls with frequency for every term, so a
    term is judged against its peers.

    >>> frequency_adjusted({"a": 2.0, "b": 1.0, "c": 0.2, "d": 0.4}, {"a": 3, "b": 3, "c": 40, "d": 40})
    {'a': 1.3333, 'b': 0.6667, 'c': 0.6667, 'd': 1.3333}
    """
    bins: dict[int, list[float]] = defaultdict(list)
    bin_of = {e: int(math.log2(max(df[e], 1))) for e in scores}
    for e, s in scores.items():
        bins[bin_of[e]].append(s)
    median = {
        b: sorted(v)[len(v) // 2] if len(v) % 2 else sum(sorted(v)[len(v) // 2 - 1 : len(v) // 2 + 1]) / 2
        for b, v in bins.items()
    }
    return {e: round(s / median[bin_of[e]], 4) if median[bin_of[e]] > 0 else 0.0 for e, s in scores.items()}


def relevance(
    entity_papers: Mapping[str, Collection[str]],
    pairs: Counter,
    scored: Iterable[str],
    prior: float = 10.0,
    vocab: Vocabulary | None = None,
) -> dict[str, float]:
    """``relevance`` of each entity (canonical key) in ``scored``: percentile of its
    frequency-adjusted concentration among ``scored`` × specificity, rounded to 4 places."""
    scored = list(scored)
    kl = concentration(entity_papers, pairs, scored, prior)
    adjusted = frequency_adjusted({e: kl[e] for e in scored}, {e: len(entity_papers[e]) for e in scored})
    ranks = percentile_ranks(adjusted)
    return {e: round(ranks[e] * specificity(e, vocab), 4) for e in scored}
