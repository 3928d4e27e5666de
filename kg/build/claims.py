"""Claims: the relations records state in sentences, merged across papers into entity→entity edges.

A record's :class:`extract.record.Relation` names its ends by mention key; the builder's
``key_of`` maps a mention key to the kept entity key (aliases, variants and curation
applied), so "SAE" in one paper and "sparse autoencoders" in another give one claim.

Per claim ``(type, head node, tail node)``:

* ``paper_ids``: the papers stating it, sorted; ``papers`` their number (support);
* ``confidence``: noisy-or over the papers, ``1 - Π (1 - c_p)``, ``c_p`` the highest
  confidence one paper gives it (rules give 1.0), so support raises belief and one sure
  statement is enough;
* ``evidence``: up to :data:`queries.schema.MAX_EVIDENCE` distinct sentences, the most
  confident first (equal ones in sorted order);
* ``sources``: what found it (``rule``, ``model``), sorted.

``CONJUNCTION`` ("X and Y") and unknown types are not claims; a claim whose ends are not a
pair :data:`queries.schema.REL_ENDPOINTS` allows is dropped, except an ``EVALUATES`` stated
the other way round (Method → Dataset), which is turned around. ``USED_FOR`` names a purpose:
a Metric "used for" a Method or Task evaluates it (it becomes ``EVALUATES``), and nothing is
"used for" a Metric or a Dataset (a metric is measured, a dataset evaluated on: such a pair
is dropped; blind judges found these wrong). Types must fit the predicate (:func:`_typed`):
a kind of a thing has its type (``IS_A`` joins equal labels, Method and Concept standing for
each other, or a hyponym of the type its hypernym's head noun names: "segmentation benchmarks"
→ Dataset), except that a Method "is a" Task only as a method for it ("a video prediction
model": ``USED_FOR``) and a Dataset "is a" Task as its benchmark (``EVALUATES``); compared
things are of one type (``COMPARED_WITH``, ``OUTPERFORMS``, ``EXTENDS``); a Method whose head
noun names a part ("graph encoder module", :data:`extract.labels.PART_NOUNS`) "used for" a model,
network, framework … or a one-word name is ``PART_OF`` it. A mention naming a list
("XGBoost and LightGBM models", :func:`list_mentions`) is not one thing and makes no claim. Symmetric claims
(``COMPARED_WITH``) take their ends in node-id order. Everything is computed in paper-id and
sorted order, so the result does not depend on the order records come in.

A model statement (``source="model"``) whose two mentions are parts of one name the paper defines
("Tidal Echo Pooling for Sonar Mapping (TEPSM)": :func:`parts_of_one_name`) is no
claim; one that :mod:`kg.build.claim_priors` finds weak (an atypical pair of types for its
predicate, or another mention between the ends of a USED_FOR) counts at most
:data:`kg.build.claim_priors.WEAK_CAP` (:func:`weak`), so that it needs another paper's support
to reach the default view.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from extract.labels import (
    COMPARED_WITH,
    COMPATIBLE,
    DATASET,
    EXTENDS,
    IS_A,
    KIND_NOUNS,
    METHOD,
    METRIC,
    OUTPERFORMS,
    PART_NOUNS,
    PART_OF,
    TASK,
)
from extract.record import Extraction, Relation
from kg.build.claim_priors import BETWEEN_SENSITIVE, WEAK_CAP, typical
from queries.schema import CLAIM_RELS, EVALUATES, MAX_EVIDENCE, REL_ENDPOINTS, SYMMETRIC_CLAIMS, USED_FOR, node_id

#: labels nothing is used for: a Metric is measured and a Dataset evaluated on, not a purpose
NOT_A_PURPOSE = frozenset({METRIC, DATASET})
#: predicates joining two things of one type (compared, outperformed, extended)
SAME_TYPE = frozenset({COMPARED_WITH, OUTPERFORMS, EXTENDS})
#: an IS_A from the first label to the second says something else: "a video prediction model" is a
#: Method used for the Task, "two semantic parsing tasks, SCAN and COGS" Datasets evaluating it
IS_A_RETYPED = {(METHOD, TASK): USED_FOR, (DATASET, TASK): EVALUATES}
#: a word joining a list, standing alone (not inside "branch-and-bound")
_LIST_WORD = re.compile(r"(?<![-\w])(?:and|or|&|and/or)(?![-\w])", re.IGNORECASE)


def names_a_list(text: str) -> bool:
    """Whether a mention's text names a list rather than one thing (a comma alone may join adjectives).

    >>> names_a_list("XGBoost and LightGBM models"), names_a_list("branch-and-bound"), names_a_list("fast, exact search")
    (True, False, False)
    """
    return _LIST_WORD.search(text) is not None


def list_mentions(rec: Extraction) -> set[str]:
    """Mention keys a record gives only to lists ("FNN and CFNN networks"): no claim is about them. A name
    the record defines an abbreviation for is one thing even with an "and" in it ("Synergistic Image and
    Feature Adaptation (SIFA)")."""
    named = set(rec.abbreviations.values()) | set(rec.abbreviations)
    lists = {m.key for m in rec.mentions if names_a_list(m.text)}
    return lists - named - {m.key for m in rec.mentions if not names_a_list(m.text)}


def _kind_label(key: str) -> str | None:
    """The label the head noun (last word) of an entity key names as a kind: "segmentation benchmark" →
    Dataset."""
    return KIND_NOUNS.get(_last_word(key))


def _typed(rel: str, head: tuple[str, str], tail: tuple[str, str]) -> str | None:
    """The predicate a claim of type ``rel`` between labelled keys keeps once its types are checked, or None.

    >>> _typed("IS_A", ("Dataset", "cityscapes"), ("Method", "segmentation benchmark"))
    'IS_A'
    >>> _typed("IS_A", ("Method", "pca"), ("Task", "dimensionality reduction"))
    'USED_FOR'
    >>> _typed("COMPARED_WITH", ("Concept", "rkhs"), ("Method", "neural network")) is None
    True
    >>> _typed("USED_FOR", ("Method", "graph encoder module"), ("Method", "pcpl"))
    'PART_OF'
    """
    if rel == IS_A:
        if tail[0] in COMPATIBLE.get(head[0], {head[0]}) or _kind_label(tail[1]) == head[0]:
            return IS_A
        return IS_A_RETYPED.get((head[0], tail[0]))
    if rel in SAME_TYPE and head[0] != tail[0]:
        return None
    if rel == USED_FOR and head[0] == METHOD == tail[0] and _last_word(head[1]) in PART_NOUNS and _whole(tail[1]):
        return PART_OF  # "a graph encoder module" used in a framework is one of its parts
    return rel


def _whole(key: str) -> bool:
    """Whether a Method key names something with parts: a model, network, framework … (its head noun) or a
    one-word name ("PCPL"), not a result such as "diversified representations"."""
    return _kind_label(key) == METHOD or len(key.split()) == 1


def _last_word(key: str) -> str:
    words = key.split()
    return words[-1] if words else ""


_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
_SPACES = re.compile(r"[\s-]+")


def _plain(text: str) -> str:
    """Lower case, hyphens and runs of space as one space, a trailing "(…)" dropped."""
    return _SPACES.sub(" ", _PARENTHESIS.sub("", text).lower()).strip()


def _mention_texts(rec: Extraction, r: Relation) -> tuple[str, str] | None:
    """The texts of the two mentions a model relation links (by its character spans), or None."""
    if not r.spans or len(r.spans) != 4:
        return None
    by_span = {(m.start, m.end): m.text for m in rec.mentions}
    head, tail = by_span.get((r.spans[0], r.spans[1])), by_span.get((r.spans[2], r.spans[3]))
    return None if head is None or tail is None else (head, tail)


def parts_of_one_name(rec: Extraction, r: Relation) -> bool:
    """Whether the two mentions of a model relation both lie inside one long form the paper defines: the
    classifier read "Tidal Echo Pooling for Sonar Mapping (TEPSM)" as one thing used for
    another.

    >>> from extract.record import Mention
    >>> rec = Extraction("p", ["."], [Mention("Method", "tep", "Tidal Echo Pooling", 0, 18, 0),
    ...     Mention("Method", "tepsm", "Sonar Mapping (TEPSM)", 23, 44, 0)], [],
    ...     {"TEPSM": "Tidal Echo Pooling for Sonar Mapping"})
    >>> parts_of_one_name(rec, Relation("USED_FOR", "tep", "tepsm", 0, 0.9, "model", [0, 18, 23, 44]))
    True

    The named thing and a part of its name are two things ("Kelp Canopy Graph Forecasting (KCGF)" used
    for graph forecasting).
    """
    texts = _mention_texts(rec, r)
    if texts is None:
        return False
    head, tail = (_plain(t) for t in texts)
    if not head or not tail:
        return False
    for long_form in rec.abbreviations.values():
        name = _plain(long_form)
        if name not in (head, tail) and f" {head} " in f" {name} " and f" {tail} " in f" {name} ":
            return True  # two proper parts: the named thing itself may well be used for a part of its name
    return False


def mentions_between(rec: Extraction, r: Relation) -> int:
    """How many mentions (not derived) of the relation's sentence lie between its two mentions (0 when the
    relation has no character spans, as rules)."""
    if not r.spans or len(r.spans) != 4:
        return 0
    first_end = r.spans[1] if r.spans[0] < r.spans[2] else r.spans[3]
    second_start = r.spans[2] if r.spans[0] < r.spans[2] else r.spans[0]
    return sum(
        1
        for m in rec.mentions
        if m.sentence == r.sentence and not m.derived and m.start >= first_end and m.end <= second_start
    )


def weak(rec: Extraction, r: Relation, rel: str, head_label: str, tail_label: str) -> bool:
    """Whether a model statement, kept as claim ``rel`` between these labels, is weak
    (:mod:`kg.build.claim_priors`): an atypical pair of types for ``rel``, or another mention between the ends
    of a USED_FOR, PART_OF or FEATURE_OF the classifier gave. Rules are never weak."""
    if r.source != "model":
        return False
    if not typical(rel, head_label, tail_label):
        return True
    return r.type in BETWEEN_SENSITIVE and mentions_between(rec, r) > 0


@dataclass
class Claim:
    """One merged claim: ``type`` from ``head`` to ``tail`` (node ids)."""

    type: str
    head: str
    tail: str
    paper_ids: list[str]
    evidence: list[str]
    confidence: float
    sources: list[str]


@dataclass
class _Votes:
    by_paper: dict[str, float] = field(default_factory=dict)  # paper id -> highest confidence there
    sentences: dict[str, float] = field(default_factory=dict)  # sentence -> highest confidence
    sources: set[str] = field(default_factory=set)


def noisy_or(confidences: Iterable[float]) -> float:
    """``1 - Π (1 - c)``, rounded to 6 places.

    >>> noisy_or([0.5, 0.5]), noisy_or([1.0, 0.2]), noisy_or([])
    (0.75, 1.0, 0.0)
    """
    rest = 1.0
    for c in confidences:
        rest *= 1.0 - c
    return round(1.0 - rest, 6)


def _confidence(value: object) -> float:
    """A record's confidence clamped to [0, 1] (not a number: 1.0, as rules give)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return 1.0
    return min(max(float(value), 0.0), 1.0)


def _fit(rel: str, head: tuple[str, str], tail: tuple[str, str]) -> tuple[str, str, str] | None:
    """``(type, head id, tail id)`` of a claim between labelled keys, retyped or turned around where its
    labels say so, or None when they do not fit.

    >>> _fit("USED_FOR", ("Metric", "bleu"), ("Task", "translation"))
    ('EVALUATES', 'Metric:bleu', 'Task:translation')
    >>> _fit("USED_FOR", ("Method", "bert"), ("Metric", "accuracy")) is None
    True
    """
    typed = _typed(rel, head, tail)
    if typed is None:
        return None
    rel = typed
    if rel == USED_FOR:
        if tail[0] in NOT_A_PURPOSE:
            return None
        if head[0] == METRIC:
            rel = EVALUATES
    ends = _ends(rel, head, tail)
    return None if ends is None else (rel, *ends)


def _ends(rel: str, head: tuple[str, str], tail: tuple[str, str]) -> tuple[str, str] | None:
    """The (head, tail) node ids of a claim between labelled keys, or None when the labels do not fit."""
    pairs = REL_ENDPOINTS[rel]
    if (head[0], tail[0]) not in pairs:
        if rel == EVALUATES and (tail[0], head[0]) in pairs:
            head, tail = tail, head
        else:
            return None
    h, t = node_id(*head), node_id(*tail)
    return tuple(sorted((h, t))) if rel in SYMMETRIC_CLAIMS else (h, t)  # type: ignore[return-value]


def merge_claims(
    records: Iterable[Extraction], key_of: Callable[[str], str | None], labels: dict[str, str]
) -> list[Claim]:
    """The claims of ``records`` between kept entities, sorted by (type, head, tail).

    ``key_of``: mention key → kept entity key, or None when the entity is not kept;
    ``labels``: kept key → its label.
    """
    return claims_from_votes(claim_votes(records, key_of, labels))


#: the votes of each claim ``(type, head id, tail id)`` so far (:func:`claim_votes`)
ClaimVotes = dict[tuple[str, str, str], _Votes]
#: one paper's vote for one claim: (claim ``(type, head id, tail id)``, paper id, confidence, sentence, source)
ClaimVote = tuple[tuple[str, str, str], str, float, str, str]


def claim_votes(
    records: Iterable[Extraction],
    key_of: Callable[[str], str | None],
    labels: dict[str, str],
    votes: ClaimVotes | None = None,
) -> ClaimVotes:
    """The first half of :func:`merge_claims`: the votes of ``records`` added to ``votes`` (a new dict if
    None). Each vote is a maximum or a set member, so records given in several calls, in any order, give the
    votes of one call with all of them (the columnar build gives them a batch of papers at a time)."""
    return add_votes(vote_rows(records, key_of, labels), votes)


def vote_rows(
    records: Iterable[Extraction], key_of: Callable[[str], str | None], labels: dict[str, str]
) -> Iterator[ClaimVote]:
    """Each vote of ``records`` for a claim between kept entities, one row per relation that makes one."""
    for rec in records:
        lists = list_mentions(rec)
        for r in rec.relations:
            if r.type not in CLAIM_RELS or r.head in lists or r.tail in lists:
                continue
            head, tail = key_of(r.head), key_of(r.tail)
            if head is None or tail is None or head == tail:
                continue
            fit = _fit(r.type, (labels[head], head), (labels[tail], tail))
            if fit is None or (r.source == "model" and parts_of_one_name(rec, r)):
                continue
            conf = _confidence(r.confidence)
            if weak(rec, r, fit[0], fit[1].split(":", 1)[0], fit[2].split(":", 1)[0]):
                conf = min(conf, WEAK_CAP)
            sentence = rec.sentences[r.sentence] if 0 <= r.sentence < len(rec.sentences) else ""
            yield fit, rec.paper_id, conf, sentence, str(r.source or "rule")


def add_votes(rows: Iterable[ClaimVote], votes: ClaimVotes | None = None) -> ClaimVotes:
    """``rows`` (:func:`vote_rows`) added to ``votes`` (a new dict if None), in any order."""
    votes = {} if votes is None else votes
    for fit, paper_id, conf, sentence, source in rows:
        v = votes.setdefault(fit, _Votes())
        v.by_paper[paper_id] = max(conf, v.by_paper.get(paper_id, 0.0))
        if sentence:
            v.sentences[sentence] = max(conf, v.sentences.get(sentence, 0.0))
        v.sources.add(source)
    return votes


def claims_from_votes(votes: ClaimVotes) -> list[Claim]:
    """The second half of :func:`merge_claims`: the claims of ``votes``, sorted by (type, head, tail)."""
    out = []
    for (rel, head, tail), v in sorted(votes.items()):
        pids = sorted(v.by_paper)
        evidence = sorted(v.sentences, key=lambda s: (-v.sentences[s], s))[:MAX_EVIDENCE]
        out.append(Claim(rel, head, tail, pids, evidence, noisy_or(v.by_paper[p] for p in pids), sorted(v.sources)))
    return out
