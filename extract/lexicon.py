"""Word lists that drive typing and termhood, kept as plain text in extract/lexicon/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extract.normalise import canonical_key


def _load(name: str) -> frozenset[str]:
    text = resources.files("extract").joinpath("lexicon", name).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


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
        datasets=frozenset(canonical_key(name) for name in _load("datasets.txt")),
    )
