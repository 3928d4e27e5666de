"""The builder's thresholds (:class:`BuildConfig`), apart from the builder itself.

Commands that only take the thresholds as options (``kg build``, ``kg remove``) read
their defaults here without importing :mod:`kg.build.builder` and NetworkX.
"""

from __future__ import annotations

from dataclasses import dataclass

#: default termhood a Concept or Task needs to be kept (:mod:`kg.build.termhood` scores it)
MIN_RELEVANCE = 0.25
#: corpora smaller than this keep every Concept and Task whatever their relevance
MIN_PAPERS_FOR_RELEVANCE = 50


@dataclass
class BuildConfig:
    """Thresholds. ``None`` means automatic, scaled by the corpus size N:

    * ``min_concept_papers`` (Concepts and Tasks): max(2, N // 5000) — 2 for 200 papers, 20 for 100 000;
    * ``min_entity_papers``: 1 for Method/Dataset/Metric until N ≥ 5000, then 2;
    * ``min_cooccurrence_papers``: 1 below 50 papers (a handful of abstracts rarely repeats a pair),
      then max(2, N // 10000);
    * ``max_share``: entities in more than this share of papers are too
      generic to link anything (applied when N ≥ 50; proposed ones are kept);
    * ``max_cooccurrences_per_entity``: keep each entity's strongest links only;
    * ``min_relevance``: Concepts and Tasks below this :mod:`kg.build.termhood` relevance
      are too generic to keep (0 keeps all; proposed ones are kept; applied from 50 papers on);
    * ``max_entities_per_paper``: co-occurrences count at most this many entities of
      one paper (its most frequent in the corpus), so cost stays linear in the input.
    """

    min_concept_papers: int | None = None
    min_entity_papers: int | None = None
    min_cooccurrence_papers: int | None = None
    max_share: float = 0.25
    max_cooccurrences_per_entity: int = 50
    min_relevance: float = MIN_RELEVANCE
    max_entities_per_paper: int = 200

    def resolved(self, n_papers: int) -> BuildConfig:
        return BuildConfig(
            min_concept_papers=self.min_concept_papers or max(2, n_papers // 5000),
            min_entity_papers=self.min_entity_papers or (1 if n_papers < 5000 else 2),
            min_cooccurrence_papers=self.min_cooccurrence_papers
            or (1 if n_papers < MIN_PAPERS_FOR_RELEVANCE else max(2, n_papers // 10000)),
            max_share=self.max_share,
            max_cooccurrences_per_entity=self.max_cooccurrences_per_entity,
            min_relevance=self.min_relevance,
            max_entities_per_paper=self.max_entities_per_paper,
        )
