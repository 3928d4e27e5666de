"""The name lists behind corpus-level curation, shipped in ``extract/vocabulary/``.

Each list is plain text, one entry a line, ``#`` comments; every file names its
source and licence in its header (see README, "How extraction works"):

* ``datasets.txt`` — well-known datasets; ``display | alias | alias`` per line;
* ``metrics.txt`` — evaluation measures, in the same format;
* ``synonyms.txt`` — other entities whose spellings the canonical key does not join, same format;
* ``model_families.txt`` — model and algorithm families (key prefixes: "resnet" → ResNet34);
* ``not_entities.txt`` — languages, organisations, venues, platforms, fields: never an entity;
* ``generic_terms.txt`` — phrases too generic for any type ("training data", "loss function");
* ``concepts.txt`` — kinds of data (EEG, MRI, RGB) and phenomena (diffusion, label noise): always Concepts;
* ``ml_properties.txt`` — property nouns that are ML concepts (robustness); other "-ity" words are not;
* ``problem_settings.txt`` — learning settings that are problems (continual, few-shot learning): Tasks;
* ``pwc_tasks.txt`` — Papers with Code task names (CC BY-SA 4.0);
* ``cso_topics.txt`` — Computer Science Ontology 3.4.1 topic labels (CC BY 4.0);
* ``english_frequent.txt`` — general-English word frequencies from wordfreq (CC BY-SA 4.0).

The extractor's typing lists in the same folder (``generic_heads.txt``, ``method_heads.txt``,
``dataset_gazetteer.txt``, …) are read by :mod:`extract.lexicon` through :func:`word_list`, and
so are ``agent_heads.txt`` (heads of people, organisations, venues) and ``mention_scorer.txt``
(the per-mention scorer's weights), read by :mod:`extract.components.mention_quality`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extract.normalise import canonical_key


def word_list(name: str) -> list[str]:
    """The entries of ``extract/vocabulary/NAME``: stripped lines, without blanks and ``#`` comments."""
    text = resources.files("extract").joinpath("vocabulary", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def fitted_weights(name: str) -> dict[str, float] | None:
    """Weights of a fitted logistic model, ``feature<TAB>weight`` lines of ``extract/vocabulary/NAME``
    (``None`` when the file is not shipped)."""
    try:
        lines = word_list(name)
    except FileNotFoundError:
        return None
    return {feature.strip(): float(value) for feature, _, value in (line.partition("\t") for line in lines)}


def logistic(feats: dict[str, float], weights: dict[str, float]) -> float:
    """The probability a logistic model with ``weights`` gives the features ``feats`` (unknown ones weigh 0).

    >>> logistic({"bias": 1.0, "x": 2.0}, {"bias": -1.0, "x": 0.5})
    0.5
    """
    z = sum(weights.get(name, 0.0) * x for name, x in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _keys(name: str) -> frozenset[str]:
    return frozenset(filter(None, (canonical_key(line) for line in word_list(name))))


def _names(name: str) -> tuple[dict[str, str], dict[str, str]]:
    """From a ``display | alias | …`` list: (key of any spelling → main key, main key → display)."""
    keys: dict[str, str] = {}
    names: dict[str, str] = {}
    for line in word_list(name):
        spellings = [n.strip() for n in line.split("|") if n.strip()]
        main = canonical_key(spellings[0])
        names[main] = spellings[0]
        for spelling in spellings:
            keys.setdefault(canonical_key(spelling), main)
    return keys, names


def _capitalised_keys(name: str) -> frozenset[str]:
    """Keys of a ``display | alias`` list's one-word spellings that are never written in lower case
    ("mAP", "SPICE", "IS"; not "precision")."""
    spellings = [s.strip() for line in word_list(name) for s in line.split("|") if s.strip()]
    lower = {canonical_key(s) for s in spellings if s == s.lower()}
    return frozenset(canonical_key(s) for s in spellings if " " not in s and canonical_key(s) not in lower)


@dataclass(frozen=True)
class Vocabulary:
    #: canonical key of any spelling → canonical key of the dataset's display name
    dataset_keys: dict[str, str]
    #: canonical key of the display name → display name
    dataset_names: dict[str, str]
    metric_keys: dict[str, str]
    metric_names: dict[str, str]
    #: keys of one-word metric names only ever written with a capital ("map" for mAP)
    capitalised_metrics: frozenset[str]
    #: canonical key of a listed synonym → canonical key of its main name
    synonym_keys: dict[str, str]
    model_families: frozenset[str]
    not_entities: frozenset[str]
    generic_terms: frozenset[str]
    concepts: frozenset[str]
    problem_settings: frozenset[str]
    ml_properties: frozenset[str]
    pwc_tasks: frozenset[str]
    cso_topics: frozenset[str]
    #: lowercase word → Zipf frequency in general English (absent: rarer than 3.0)
    english_zipf: dict[str, float]

    def display_name(self, key: str) -> str | None:
        """The listed display name of a known dataset or metric key ("squad" → "SQuAD")."""
        return self.dataset_names.get(key) or self.metric_names.get(key)

    def everyday_word_not_metric(self, key: str, form: str) -> bool:
        """Whether ``form`` is the everyday word a capitalised metric name is spelt like: "maps" is no mAP,
        "spice" no SPICE; "mAP", "MAP" and "precision" are metrics.

        >>> v = default_vocabulary()
        >>> v.everyday_word_not_metric("map", "maps"), v.everyday_word_not_metric("map", "mAP")
        (True, False)
        >>> v.everyday_word_not_metric("precision", "precision")
        False
        """
        return key in self.capitalised_metrics and self.zipf(key) >= 3.0 and sum(c.isupper() for c in form) < 2

    def zipf(self, word: str) -> float:
        """General-English Zipf frequency of one word (0.0 when rarer than the list goes)."""
        return self.english_zipf.get(word.lower(), 0.0)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped with paperkg (loaded once)."""
    dataset_keys, dataset_names = _names("datasets.txt")
    metric_keys, metric_names = _names("metrics.txt")
    synonym_keys, _ = _names("synonyms.txt")
    zipf = {}
    for line in word_list("english_frequent.txt"):
        word, _, value = line.partition("\t")
        zipf[word] = float(value)
    return Vocabulary(
        dataset_keys=dataset_keys,
        dataset_names=dataset_names,
        metric_keys=metric_keys,
        metric_names=metric_names,
        capitalised_metrics=_capitalised_keys("metrics.txt"),
        synonym_keys=synonym_keys,
        model_families=_keys("model_families.txt"),
        not_entities=_keys("not_entities.txt"),
        generic_terms=_keys("generic_terms.txt"),
        concepts=_keys("concepts.txt"),
        problem_settings=_keys("problem_settings.txt"),
        ml_properties=_keys("ml_properties.txt"),
        pwc_tasks=_keys("pwc_tasks.txt"),
        cso_topics=_keys("cso_topics.txt"),
        english_zipf=zipf,
    )
