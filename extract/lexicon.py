"""Word lists that drive the extractor's typing, kept as plain text in ``extract/vocabulary/``
(read by :func:`extract.vocab.word_list`, like every list there)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from extract.normalise import canonical_key
from extract.vocab import word_list


def _load(name: str) -> frozenset[str]:
    return frozenset(word_list(name))


@dataclass(frozen=True)
class Lexicon:
    generic_heads: frozenset[str]
    generic_modifiers: frozenset[str]
    method_heads: frozenset[str]
    dataset_heads: frozenset[str]
    task_heads: frozenset[str]
    metrics: frozenset[str]
    datasets: frozenset[str]


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with paperkg."""
    return Lexicon(
        generic_heads=_load("generic_heads.txt"),
        generic_modifiers=_load("generic_modifiers.txt"),
        method_heads=_load("method_heads.txt"),
        dataset_heads=_load("dataset_heads.txt"),
        task_heads=_load("task_heads.txt"),
        metrics=_load("metric_heads.txt"),
        datasets=frozenset(canonical_key(name) for name in _load("dataset_gazetteer.txt")),
    )
