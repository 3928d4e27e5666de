"""The ``quality`` score of an entity: how sure the corpus is that the node is a real thing.

The builder keeps every typed mention that passes per-mention quality (extraction and
:mod:`kg.build.curation`) as a Paper→entity link; it no longer deletes entities a corpus
threshold would drop. Instead every entity carries ``quality`` in [0, 1], and corpus views
(``kg top``, ``kg related``, ``kg viz``, ``kg map``, ``kg export``) show only entities with
``quality >= queries.schema.DEFAULT_MIN_QUALITY`` (0.7) unless asked for ``--all``
(:mod:`queries.quality`). A paper's card lists all of its entities whatever their quality.

The formula (every part in [0, 1])::

    quality  = 0.7 · corpus + 0.3 · name
    corpus   = support · termhood            (0 for a generic entity: in more than
                                              max_share of the papers, from 50 papers on)
    support  = min(1, papers / need)         need: the old automatic paper minimum of the
                                              label (BuildConfig: Concept/Task max(2, N // 5000),
                                              others 1, or 2 from 5,000 papers on); 1 for an
                                              entity a paper proposes or a gazetteer lists
    termhood = min(1, relevance / min_relevance) for a Concept or Task of a corpus of 50+
                                              papers (relevance: kg.build.termhood); its
                                              specificity against general English when the
                                              entity has too few papers to be scored; 1 for
                                              Methods, Datasets, Metrics and listed entities
    name     = (confidence + agreement + shape) / 3
    confidence = mean per-mention confidence of the entity's direct mentions (the calibrated
                probability that the phrase names a thing, extract.components.mention_quality;
                1.0 for records cached before mentions carried it)
    agreement = share of the entity's direct mentions typed with its final label (how sure
                the extractor is of the type, as the corpus sees it: 1 when every mention agrees)
    shape    = 1 for a name ("BERT", "CIFAR-10", "ResNet50": two capitals or a digit),
               0.75 for a phrase of two or more words, 0.5 for a rare single word,
               0.25 for an everyday single word (general-English Zipf ≥ 4)

Why 0.7 and 0.3, and the cut at 0.7: ``corpus`` is 1 exactly for the entities the former
build thresholds kept (papers, share, relevance; proposals and gazetteer entries always),
so every one of them has quality ≥ 0.7 and the default views show what they showed before;
an entity with half the papers it needs scores at most 0.35 + 0.3 = 0.65 and is hidden; just
below the relevance cut, the name decides (relevance 0.2 of 0.25: shown with name ≥ 0.47).

>>> entity_quality(support=1.0, termhood=1.0, agreement=1.0, shape=0.75)
0.975
>>> entity_quality(support=0.5, termhood=1.0, agreement=1.0, shape=1.0)
0.65
"""

from __future__ import annotations

import re

from extract.vocab import Vocabulary, default_vocabulary
from queries.schema import CONCEPT, DATASET, METHOD, METRIC, TASK

#: weight of the corpus evidence (support × termhood) in :func:`entity_quality`; the rest is the name's
CORPUS_WEIGHT = 0.7
#: a single word at least this frequent in general English is an everyday word
EVERYDAY_ZIPF = 4.0
#: a part of a name (between spaces and hyphens) with two capitals, or a letter and a digit
_NAME_PART = re.compile(r"[^\W\d_a-z][^\s-]*[^\W\d_a-z]|[^\W\d_][^\s-]*\d|\d[^\s-]*[^\W\d_]")


def entity_quality(
    support: float, termhood: float, agreement: float, shape: float, generic: bool = False, confidence: float = 1.0
) -> float:
    """``0.7 · support · termhood + 0.3 · (confidence + agreement + shape) / 3``, rounded to 4 places
    (see module docstring)."""
    corpus = 0.0 if generic else _unit(support) * _unit(termhood)
    name = (_unit(confidence) + _unit(agreement) + _unit(shape)) / 3
    return round(CORPUS_WEIGHT * corpus + (1 - CORPUS_WEIGHT) * name, 4)


def _unit(x: float) -> float:
    return min(1.0, max(0.0, float(x)))


def shape_score(forms: list[str], key: str, vocab: Vocabulary | None = None) -> float:
    """How much the commonest surface form (else the key) looks like the name of one thing.

    >>> shape_score(["BERT"], "bert"), shape_score(["label noise"], "label noise")
    (1.0, 0.75)
    >>> shape_score(["invariance"], "invariance"), shape_score(["results"], "result")
    (0.5, 0.25)
    >>> shape_score(["CIFAR-10"], "cifar10"), shape_score(["End-to-End"], "end to end"), shape_score(["x2"], "x2")
    (1.0, 0.75, 1.0)
    """
    form = forms[0] if forms else key
    if _NAME_PART.search(form):
        return 1.0
    words = key.split()
    if len(words) >= 2:
        return 0.75
    return 0.25 if (vocab or default_vocabulary()).zipf(words[0] if words else key) >= EVERYDAY_ZIPF else 0.5


def listed(key: str, label: str, vocab: Vocabulary | None = None) -> bool:
    """Whether a gazetteer shipped with paperkg lists ``key`` as a thing of ``label``: a known
    dataset or metric, a Papers with Code task, a model family, a listed concept or property.

    >>> listed("cifar10", "Dataset"), listed("semantic segmentation", "Task"), listed("frobnication", "Task")
    (True, True, False)
    """
    v = vocab or default_vocabulary()
    if label == DATASET:
        return key in v.dataset_names or key in v.dataset_keys
    if label == METRIC:
        return key in v.metric_names or key in v.metric_keys
    if label == TASK:
        return key in v.pwc_tasks
    if label == METHOD:
        return key in v.model_families
    if label == CONCEPT:
        return key in v.concepts or key in v.ml_properties or key in v.problem_settings
    return False
