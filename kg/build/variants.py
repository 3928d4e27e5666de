"""One node per thing: variants of a name that the canonical key does not join, and aliases
that must not be attached.

Used by :func:`kg.build.builder.build_graph` on the corpus' records, before labels are voted:

* :func:`node_mentions` — mentions below :data:`extract.record.MIN_NODE_CONFIDENCE`
  ("classical approaches", "convolutional models") are spans, not nodes;
* :func:`variant_keys` — a key merges into another key the corpus mentions directly when
  it is that key with a generic head ("convolutional neural network models",
  "transformer-based methods" → the Method), with an abbreviation written out
  ("POS tagging" → "part-of-speech tagging" where a paper defines POS), or with a
  relational adjective for its noun ("distributional shift" ↔ "distribution shift": the
  less mentioned joins the more, so a slip such as "convolution neural network" joins
  "convolutional neural network");
  plural/singular, hyphens and "pre-trained"/"pretrained" already meet in the key
  (:func:`extract.normalise.canonical_key`), listed synonyms in curation;
* :func:`gazetteer_conflict` — a short form that the gazetteers know as a metric or a
  dataset ("mAP") is not resolved across the corpus to another long form ("maximum a
  posteriori"): the paper that defines it keeps its own meaning.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping

from extract.labels import METHOD
from extract.record import MIN_NODE_CONFIDENCE, Extraction
from extract.schwartz_hearst import initials_aligned
from extract.vocab import Vocabulary, default_vocabulary

#: heads that add nothing to a Method's name ("LSTM baselines", "CNN models")
VARIANT_HEADS = frozenset(
    "model baseline method approach framework technique algorithm architecture variant network backbone".split()
)


#: a token with two capitals or a capital and a digit: "LINT", "GraphFlow", "Seq2CNN" (not "Python library")
_NAME_TOKEN = re.compile(r"\b\w*[A-Z]\w*[A-Z0-9]\w*\b")


def node_mentions(records: Mapping[str, Extraction]) -> dict[str, Extraction]:
    """The records without the mentions too unsure to make a node (direct mentions below
    :data:`MIN_NODE_CONFIDENCE`, unless the paper proposes them under a name such as "LINT",
    "Seq2CNN" or "Gem": its own contribution is named on purpose); records with none are passed on as they are."""
    out = {}
    for pid, rec in records.items():
        kept = [
            m
            for m in rec.mentions
            if m.derived or m.confidence >= MIN_NODE_CONFIDENCE or (m.role and proposed_name(m.text))
        ]
        if len(kept) == len(rec.mentions):
            out[pid] = rec
        else:
            out[pid] = Extraction(rec.paper_id, rec.sentences, kept, rec.relations, rec.abbreviations)
    return out


def proposed_name(form: str) -> bool:
    """Whether a proposed mention is written as a name: a token with two capitals or a digit
    ("LINT", "Seq2CNN") or capitalised words only ("Gem", "Self-supervised Aggregation of Diverse
    Experts"); not a generic head after a capitalised word ("Python library").

    >>> proposed_name("Gem"), proposed_name("MP-SAE"), proposed_name("a new strategy"), proposed_name("Python library")
    (True, True, False, False)
    """
    words = [w for w in form.split() if w not in ("of", "for", "and", "with", "in", "on", "to", "via")]
    return bool(_NAME_TOKEN.search(form)) or (bool(words) and all(w[:1].isupper() for w in words))


def acronym_needs_head(key: str, stem: str, shorts) -> bool:
    """Whether a short form defined as ``key`` takes letters from the words ``stem`` lacks: "Value Decomposition
    Network (VDN)" is no variant of "value decomposition" (its N is the network's), though "CNN models" is of CNN.

    >>> acronym_needs_head("value decomposition network", "value decomposition", ["vdn"])
    True
    >>> acronym_needs_head("graph attention network", "graph attention", ["gat"])
    False
    """
    for short in shorts:
        whole, cut = initials_aligned(short, key), initials_aligned(short, stem)
        if whole is not None and (cut is None or cut < whole):
            return True
    return False


def gazetteer_conflict(short: str, long: str, vocab: Vocabulary | None = None) -> bool:
    """Whether ``short`` is a known metric or dataset name whose long form is not ``long``.

    >>> gazetteer_conflict("map", "maximum a posteriori"), gazetteer_conflict("map", "mean average precision")
    (True, False)
    """
    v = vocab or default_vocabulary()
    for table in (v.metric_keys, v.dataset_keys):
        if short in table and table.get(long) != table[short]:
            return True
    return False


def _label_votes(records: list[Extraction], aliases: Mapping[str, str]) -> dict[str, Counter]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        for m in rec.mentions:
            if not m.derived:
                votes[aliases.get(m.key, m.key)][m.label] += 1
    return votes


def variant_keys(records: list[Extraction], aliases: Mapping[str, str]) -> dict[str, str]:
    """Key → the key it is a variant of (see module docstring), both mentioned directly.

    >>> from extract.record import Mention
    >>> m = lambda key, label="Method": Mention(label, key, key, 0, 1, 0)
    >>> recs = [Extraction("a", mentions=[m("convolutional neural network"), m("convolutional neural network model")]),
    ...         Extraction("b", mentions=[m("language model"), m("language", "Concept")])]
    >>> variant_keys(recs, {})
    {'convolutional neural network model': 'convolutional neural network'}
    """
    return variants_of(_label_votes(records, aliases), aliases)


def label_majority(votes: Mapping[str, Counter]) -> dict[str, str]:
    """Each key's commonest label (equally common: the first in sorted order), as :func:`variant_keys` votes."""
    return {k: min(c, key=lambda lab: (-c[lab], lab)) for k, c in votes.items()}


def variants_of(votes: Mapping[str, Counter], aliases: Mapping[str, str]) -> dict[str, str]:
    """:func:`variant_keys` from the directly mentioned keys' label votes (key → Counter of labels)."""
    labels = label_majority(votes)
    mentions = {k: sum(c.values()) for k, c in votes.items()}
    shorts = {short: long for short, long in aliases.items() if " " not in short}
    defined: dict[str, list[str]] = defaultdict(list)  # long form -> the short forms defined as it
    for short, long in aliases.items():
        defined[long].append(short)
    out: dict[str, str] = {}
    for key in sorted(labels):
        words = key.split()
        if len(words) < 2:
            continue
        target = None
        if words[-1] in VARIANT_HEADS:
            stem = words[:-2] if words[-2] == "based" else words[:-1]
            cand = " ".join(stem)
            if (
                cand in labels
                and labels[cand] == METHOD
                and labels[key] == METHOD
                and not acronym_needs_head(key, cand, defined.get(key, ()))
            ):
                target = cand  # "convolutional neural network models", "transformer-based methods"
        expanded = " ".join(shorts.get(w, w) for w in words)
        if target is None and expanded != key and expanded in labels:
            target = expanded  # "pos tagging" -> "part of speech tagging"
        adjective = False  # the variant is the key with a relational adjective for a noun
        if target is None:
            for i, w in enumerate(words[:-1]):
                if w.endswith("al") and len(w) > 6:
                    cand = " ".join([*words[:i], w[:-2], *words[i + 1 :]])
                    if cand in labels and labels[cand] == labels[key]:
                        target, adjective = cand, True  # "distributional shift" -> "distribution shift"
                        break
        if target is not None and target != key:
            if adjective and mentions[target] < mentions[key]:
                out.setdefault(target, key)  # the relational adjective is the commoner spelling: the noun joins it
            else:
                out[key] = target
    return out
