"""What makes one sentence's model claim weak: an atypical pair of types, or another mention between its ends.

The relation classifier states claims sentence by sentence with a probability. Blind judges and
SciERC agree on where it errs most, and :mod:`kg.build.claims` caps such a statement's confidence
at :data:`WEAK_CAP`, below the default view cut (:data:`queries.quality.DEFAULT_MIN_CONFIDENCE`):
it still is a claim (``kg claims --all``, a paper's card), and support from another paper
(noisy-or: two papers at 0.4 give 0.64) brings it into view.

* **Atypical types** (:func:`typical`): the label pair a predicate joins is rare in SciERC
  train (:data:`SCIERC_TRAIN_PAIRS`, made by :mod:`extract.training.claim_types`): under
  :data:`MIN_PAIR_SHARE` of that predicate's relations. "object detection (Task) USED_FOR
  convolutional networks (Method)" is the classifier reading "networks require examples for
  object detection" backwards: Task → Method is 0.9% of SciERC's USED_FOR. ``IS_A`` is left to
  :func:`kg.build.claims._typed` (a Method may be a kind of a Concept: "SPARQL is a query language").
* **A mention between the ends** (:data:`BETWEEN_SENSITIVE`): "applies Bayesian inference to
  dynamics modeling and model predictive control" — the sentence lists what a method does, and the
  classifier links its first item with a later one. On the SciERC dev USED_FOR the classifier
  gives (probability ≥ 0.3, gold mentions) 33% are right with a mention between against 69%
  without; on the arXiv sample the default view showed, 5 of 10 against 55 of 65. Kinds
  ("such as X, Y and Z"), comparisons and evaluations cross lists correctly and are not capped.
"""

from __future__ import annotations

from extract.labels import FEATURE_OF, IS_A, PART_OF, SYMMETRIC_RELATIONS, USED_FOR

#: a statement of this kind can reach at most this confidence from one paper (below the 0.5 view cut)
WEAK_CAP = 0.4
#: a label pair under this share of a predicate's SciERC train relations is atypical for it
MIN_PAIR_SHARE = 0.02
#: predicates whose statement is weak when another mention lies between its two mentions
BETWEEN_SENSITIVE = frozenset({USED_FOR, PART_OF, FEATURE_OF})
#: predicates whose types :func:`kg.build.claims._typed` checks itself
UNCHECKED = frozenset({IS_A})

# Made by `python -m extract.training.claim_types` (SciERC train: Material→Dataset,
# OtherScientificTerm→Concept, Generic dropped; symmetric types in sorted label order).
SCIERC_TRAIN_PAIRS: dict[str, dict[tuple[str, str], int]] = {
    "COMPARED_WITH": {
        ("Concept", "Concept"): 17,
        ("Concept", "Dataset"): 2,
        ("Dataset", "Dataset"): 4,
        ("Dataset", "Task"): 1,
        ("Method", "Method"): 50,
        ("Metric", "Metric"): 2,
        ("Task", "Task"): 4,
    },
    "CONJUNCTION": {
        ("Concept", "Concept"): 113,
        ("Concept", "Dataset"): 4,
        ("Concept", "Method"): 23,
        ("Concept", "Metric"): 3,
        ("Concept", "Task"): 1,
        ("Dataset", "Dataset"): 49,
        ("Dataset", "Method"): 4,
        ("Dataset", "Metric"): 1,
        ("Method", "Method"): 65,
        ("Method", "Metric"): 1,
        ("Method", "Task"): 3,
        ("Metric", "Metric"): 24,
        ("Task", "Task"): 83,
    },
    "EVALUATES": {
        ("Concept", "Method"): 2,
        ("Dataset", "Method"): 19,
        ("Dataset", "Metric"): 4,
        ("Dataset", "Task"): 8,
        ("Method", "Concept"): 2,
        ("Method", "Method"): 4,
        ("Method", "Metric"): 1,
        ("Metric", "Concept"): 14,
        ("Metric", "Dataset"): 2,
        ("Metric", "Method"): 59,
        ("Metric", "Task"): 21,
        ("Task", "Concept"): 2,
        ("Task", "Method"): 10,
        ("Task", "Metric"): 3,
        ("Task", "Task"): 3,
    },
    "FEATURE_OF": {
        ("Concept", "Concept"): 53,
        ("Concept", "Dataset"): 11,
        ("Concept", "Method"): 20,
        ("Concept", "Metric"): 3,
        ("Concept", "Task"): 18,
        ("Dataset", "Concept"): 7,
        ("Dataset", "Dataset"): 9,
        ("Dataset", "Method"): 1,
        ("Dataset", "Task"): 3,
        ("Method", "Concept"): 4,
        ("Method", "Method"): 1,
        ("Method", "Task"): 1,
        ("Metric", "Concept"): 1,
        ("Metric", "Dataset"): 1,
        ("Metric", "Method"): 1,
        ("Metric", "Metric"): 1,
        ("Metric", "Task"): 4,
        ("Task", "Method"): 3,
        ("Task", "Task"): 2,
    },
    "IS_A": {
        ("Concept", "Concept"): 66,
        ("Concept", "Dataset"): 3,
        ("Concept", "Method"): 4,
        ("Concept", "Task"): 1,
        ("Dataset", "Concept"): 3,
        ("Dataset", "Dataset"): 22,
        ("Dataset", "Task"): 3,
        ("Method", "Concept"): 2,
        ("Method", "Method"): 55,
        ("Method", "Task"): 1,
        ("Metric", "Concept"): 1,
        ("Metric", "Metric"): 7,
        ("Task", "Task"): 31,
    },
    "PART_OF": {
        ("Concept", "Concept"): 18,
        ("Concept", "Dataset"): 12,
        ("Concept", "Method"): 17,
        ("Concept", "Metric"): 1,
        ("Concept", "Task"): 7,
        ("Dataset", "Dataset"): 4,
        ("Dataset", "Task"): 1,
        ("Method", "Concept"): 5,
        ("Method", "Method"): 31,
        ("Method", "Task"): 2,
        ("Task", "Task"): 13,
    },
    "USED_FOR": {
        ("Concept", "Concept"): 93,
        ("Concept", "Dataset"): 9,
        ("Concept", "Method"): 92,
        ("Concept", "Metric"): 6,
        ("Concept", "Task"): 52,
        ("Dataset", "Concept"): 20,
        ("Dataset", "Dataset"): 14,
        ("Dataset", "Method"): 71,
        ("Dataset", "Metric"): 1,
        ("Dataset", "Task"): 47,
        ("Method", "Concept"): 153,
        ("Method", "Dataset"): 38,
        ("Method", "Method"): 140,
        ("Method", "Metric"): 4,
        ("Method", "Task"): 246,
        ("Metric", "Concept"): 11,
        ("Metric", "Dataset"): 1,
        ("Metric", "Method"): 5,
        ("Metric", "Task"): 4,
        ("Task", "Concept"): 16,
        ("Task", "Dataset"): 5,
        ("Task", "Method"): 10,
        ("Task", "Metric"): 1,
        ("Task", "Task"): 42,
    },
}


def pair_share(rel: str, head_label: str, tail_label: str) -> float | None:
    """The share of SciERC train's ``rel`` relations joining these labels (in this order; either order for a
    symmetric type), or None when SciERC has no such type.

    >>> round(pair_share("USED_FOR", "Method", "Task"), 3), round(pair_share("USED_FOR", "Task", "Method"), 3)
    (0.228, 0.009)
    """
    pairs = SCIERC_TRAIN_PAIRS.get(rel)
    if not pairs:
        return None
    key = tuple(sorted((head_label, tail_label))) if rel in SYMMETRIC_RELATIONS else (head_label, tail_label)
    return pairs.get(key, 0) / sum(pairs.values())  # type: ignore[arg-type]


def typical(rel: str, head_label: str, tail_label: str) -> bool:
    """Whether a claim ``rel`` from a ``head_label`` to a ``tail_label`` has types SciERC often gives it.

    >>> typical("USED_FOR", "Method", "Task"), typical("USED_FOR", "Task", "Method"), typical("IS_A", "Method", "Concept")
    (True, False, True)
    >>> typical("OUTPERFORMS", "Method", "Method"), typical("COMPARED_WITH", "Method", "Method")
    (True, True)
    """
    if rel in UNCHECKED:
        return True
    share = pair_share(rel, head_label, tail_label)
    return share is None or share >= MIN_PAIR_SHARE
