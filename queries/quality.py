"""The view-time cut: which entities the corpus views show by default.

Every entity node carries ``quality`` in [0, 1] (computed by the builder,
:mod:`kg.build.entity_quality`). A paper's card lists all of its entities; the corpus views
(``kg top``, ``kg related`` and an entity card's related list, ``kg viz``, ``kg map``,
``kg export``) show only entities with ``quality >= DEFAULT_MIN_QUALITY`` unless given
``min_quality=None`` (the CLI's ``--all``). This module is the one place the cut is spelled:
Cypher through :func:`quality_condition` (a parameter, ``$min_quality``), Python graphs through
:func:`passes`. An entity without a score (a graph built by hand, a store written before
entities were scored) counts as :data:`UNSCORED` = 1.0: shown, as every entity such a graph
holds passed the thresholds of its time.

>>> quality_condition("e")
'coalesce(e.quality, 1.0) >= $min_quality'
>>> passes({"quality": 0.4}), passes({"quality": 0.4}, None), passes({})
(False, True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: the node property holding an entity's quality score
QUALITY = "quality"
#: the default cut of corpus views (see :mod:`kg.build.entity_quality` for how it was chosen)
DEFAULT_MIN_QUALITY = 0.7
#: the quality an entity without a score counts as
UNSCORED = 1.0
#: the Cypher parameter the cut reads
PARAM = "min_quality"
#: the default cut of claims in views (``kg claims``, an entity card, ``kg viz``, ``kg path``, the map's
#: link hover): the classifier thinks the claim more likely than not (rules give 1.0), and both ends pass
#: the entity cut. A paper's card and ``--all`` show every claim.
DEFAULT_MIN_CONFIDENCE = 0.5
#: the Cypher parameter the claim cut reads
CONFIDENCE_PARAM = "min_confidence"


def quality_condition(var: str) -> str:
    """The Cypher condition keeping node ``var`` when its quality reaches ``$min_quality``."""
    return f"coalesce({var}.{QUALITY}, {UNSCORED}) >= ${PARAM}"


def cut_params(min_quality: float | None) -> dict[str, float]:
    """The parameter of :func:`quality_condition`: ``min_quality``, or 0 (every entity) for None."""
    return {PARAM: 0.0 if min_quality is None else float(min_quality)}


def claim_condition(rel: str, head: str, tail: str) -> str:
    """The Cypher condition keeping claim ``rel`` from ``head`` to ``tail`` (see :data:`DEFAULT_MIN_CONFIDENCE`).

    >>> claim_condition("r", "a", "b")
    'coalesce(r.confidence, 1.0) >= $min_confidence AND coalesce(a.quality, 1.0) >= $min_quality AND coalesce(b.quality, 1.0) >= $min_quality'
    """
    return f"coalesce({rel}.confidence, 1.0) >= ${CONFIDENCE_PARAM} AND {quality_condition(head)} AND {quality_condition(tail)}"


def claim_cut_params(min_confidence: float | None, min_quality: float | None) -> dict[str, float]:
    """The parameters of :func:`claim_condition` (None: no cut of that kind)."""
    return {CONFIDENCE_PARAM: 0.0 if min_confidence is None else float(min_confidence), **cut_params(min_quality)}


def claim_passes(
    claim: Mapping[str, Any],
    min_confidence: float | None = DEFAULT_MIN_CONFIDENCE,
    min_quality: float | None = DEFAULT_MIN_QUALITY,
    head: Mapping[str, Any] | None = None,
    tail: Mapping[str, Any] | None = None,
) -> bool:
    """Whether a claim (its properties, and its ends' when given) is shown by a view cut.

    >>> claim_passes({"confidence": 0.3}), claim_passes({"confidence": 0.3}, None), claim_passes({"confidence": 0.9}, head={"quality": 0.2})
    (False, True, False)
    """
    confidence = claim.get("confidence")
    if min_confidence is not None and (1.0 if confidence is None else float(confidence)) < min_confidence:
        return False
    return all(passes(end, min_quality) for end in (head, tail) if end is not None)


def quality_of(props: Mapping[str, Any]) -> float:
    """An entity's stored quality (:data:`UNSCORED` when it has none)."""
    q = props.get(QUALITY)
    return UNSCORED if q is None else float(q)


def passes(props: Mapping[str, Any], min_quality: float | None = DEFAULT_MIN_QUALITY) -> bool:
    """Whether an entity (its properties) is shown by a view cut at ``min_quality`` (None: everything)."""
    return min_quality is None or quality_of(props) >= min_quality
