"""A synthetic paperkg corpus of any size, built the way ``kg build`` builds a real one.

Vocabulary and sentences are generated here (syllable recombination and sentence
templates), never copied from real abstracts. Entity popularity is Zipf-like, so a few
entities are hubs, as in a real corpus.

Each paper is a JSON Lines record (DOI, title, abstract, year, date, URL, authors, venue,
references) and its *extraction record* (:class:`extract.record.Extraction`: sentences,
typed mentions with character offsets, "long form (SF)" abbreviations, a few relations),
which is what spaCy would give for that text. :func:`write_store` puts the records into the
store's extraction cache under the key ``kg build`` computes (:func:`kg.build.cache.content_hash`
of :func:`extract.fingerprint.fingerprint`), writes the JSON Lines, and runs
:func:`kg.build.pipeline.build` on it: every step but spaCy runs as for a user (reading,
merging, curation, quality, co-occurrence, claims, bibliography, the store write), and the
build checks that no paper needed parsing.

    python -m bench.synthetic 20000 /tmp/synth-store   # write an embedded store (kg build's path)

:func:`make_synthetic_graph` gives the same graph in memory (reader and
:func:`kg.build.builder.build_graph`, no store).
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import networkx as nx

from extract.fingerprint import fingerprint
from extract.normalise import canonical_key
from extract.record import Extraction, Mention, Relation
from queries.schema import (
    COMPARED_WITH,
    CONCEPT,
    DATASET,
    EVALUATES,
    METHOD,
    METRIC,
    OUTPERFORMS,
    TASK,
    USED_FOR,
)

_SYL = ["flo", "nar", "vex", "tri", "lum", "qua", "zen", "mor", "pix", "dra", "sel", "kor", "bri", "tal", "gen", "ros"]
_WORDS = [
    "sparse",
    "robust",
    "latent",
    "causal",
    "spectral",
    "graph",
    "neural",
    "adaptive",
    "contrastive",
    "invariant",
    "noisy",
    "temporal",
    "federated",
    "implicit",
    "stochastic",
    "hierarchical",
    "visual",
    "token",
]
_NOUNS = [
    "attention",
    "diffusion",
    "invariance",
    "regularization",
    "alignment",
    "calibration",
    "sparsity",
    "distillation",
    "augmentation",
    "segmentation",
    "retrieval",
    "forecasting",
    "generalization",
    "noise",
]
_TASK_NOUNS = ["classification", "segmentation", "detection", "forecasting", "retrieval", "translation", "parsing"]
_METRIC_NOUNS = ["accuracy", "error rate", "F1", "recall", "BLEU", "AUROC", "perplexity"]

#: (label, vocabulary size, mentions per paper (min, max))
PLAN = [
    (METHOD, 3000, (1, 3)),
    (DATASET, 600, (1, 2)),
    (TASK, 300, (1, 1)),
    (METRIC, 80, (0, 1)),
    (CONCEPT, 2500, (2, 4)),
]
#: the DOI prefix of synthetic papers; paper i is ``10.9999/s{i:06d}`` (id ``doi:10.9999/s…``)
DOI_PREFIX = "10.9999/s"


def _names(rng: random.Random, label: str, n: int) -> list[tuple[str, str]]:
    """``n`` (canonical key, surface form) pairs for one label, distinct keys."""
    out: dict[str, str] = {}
    i = 0
    while len(out) < n:
        i += 1
        if label == METHOD:
            name = "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3))).capitalize() + rng.choice(
                ["Net", "Former", "GAN", "", "-X"]
            )
        elif label == DATASET:
            name = "".join(rng.choice(_SYL) for _ in range(2)).upper() + "-" + str(rng.choice([10, 100, 1000, 2, 3]))
        elif label == TASK:
            name = f"{rng.choice(_WORDS)} {rng.choice(_NOUNS)} {rng.choice(_TASK_NOUNS)}"
        elif label == METRIC:
            name = f"{rng.choice(_WORDS)} {rng.choice(_METRIC_NOUNS)}" if i > 7 else _METRIC_NOUNS[i - 1]
        else:
            words = [rng.choice(_WORDS)] + ([rng.choice(_SYL) + rng.choice(_SYL)] if rng.random() < 0.9 else [])
            name = " ".join(words + [rng.choice(_NOUNS)]) if i > len(_NOUNS) else _NOUNS[i - 1]
        out.setdefault(canonical_key(name), name)
    return list(out.items())


def _zipf_pick(rng: random.Random, n: int) -> int:
    """An index in [0, n) with probability roughly proportional to 1/(i+1)."""
    return min(n - 1, int(n ** rng.random()) - 1)


def _syllables(number: int, length: int = 3) -> str:
    """``number`` spelled in base 16 with the syllables: unique, pronounceable, synthetic."""
    out = []
    while number or len(out) < length:
        number, digit = divmod(number, len(_SYL))
        out.append(_SYL[digit])
    return "".join(out)


@dataclass(frozen=True)
class Vocab:
    """The generated names of one seed: per label, (key, name) pairs, and the venues."""

    names: dict[str, list[tuple[str, str]]]
    venues: list[str]


@lru_cache(maxsize=4)
def vocabulary(seed: int = 7) -> Vocab:
    rng = random.Random(seed)
    names = {label: _names(rng, label, size) for label, size, _ in PLAN}
    venues = [f"Journal of {rng.choice(_WORDS).capitalize()} {rng.choice(_NOUNS).capitalize()} {i}" for i in range(300)]
    return Vocab(names, venues)


@lru_cache(maxsize=1 << 16)
def _surname(seed: int, j: int) -> str:
    rng = random.Random(f"{seed}:author:{j}")
    return "".join(rng.choice(_SYL) for _ in range(2)).capitalize() + rng.choice(["son", "ova", "ez", "i", ""])


def _short_form(name: str) -> str:
    """Initials of a multi-word name, upper case: "sparse florar attention" -> "SFA"."""
    return "".join(w[0] for w in name.split()).upper()


class _Text:
    """An abstract being written: sentences with the mentions placed in them, offsets into
    ``title + "\\n\\n" + abstract`` (the text the extractor reads)."""

    def __init__(self, title_parts: list) -> None:
        self.sentences: list[str] = []
        self.mentions: list[Mention] = []
        self.offset = 0
        self.add(title_parts)
        self.title = self.sentences[0]
        self.offset = len(self.title) + 2

    def add(self, parts: list) -> int:
        """One sentence from strings and ``(name, label, key, role, confidence)`` tuples; its index."""
        index = len(self.sentences)
        text = ""
        for part in parts:
            if isinstance(part, str):
                text += part
                continue
            name, label, key, role, confidence = part
            start = self.offset + len(text)
            self.mentions.append(Mention(label, key, name, start, start + len(name), index, role, False, confidence))
            text += name
        self.sentences.append(text)
        self.offset += len(text) + 1  # the space before the next sentence
        return index

    @property
    def abstract(self) -> str:
        return " ".join(self.sentences[1:])


def synthetic_paper(i: int, seed: int = 7, corpus_size: int = 20000, tail: int = 0, bibliography: bool = True):
    """Paper ``i`` of a synthetic corpus: (JSON Lines record, its extraction record).

    A pure function of its arguments: paper ``i`` is the same whatever the corpus around it,
    so papers added later (``i >= corpus_size``) extend a store. ``corpus_size`` sizes the
    pool of authors; ``tail``: Concepts and Tasks this paper alone names.
    """
    vocab = vocabulary(seed)
    rng = random.Random(f"{seed}:paper:{i}")
    year = 2015 + _zipf_pick(rng, 11) if rng.random() < 0.5 else 2025 - _zipf_pick(rng, 11)

    def conf() -> float:
        return round(rng.uniform(0.2, 1.0) if rng.random() < 0.05 else rng.uniform(0.6, 1.0), 3)

    picked: dict[str, list[tuple[str, str]]] = {}
    for label, _, (lo, hi) in PLAN:
        table = vocab.names[label]
        chosen = {table[_zipf_pick(rng, len(table))] for _ in range(rng.randint(lo, hi))}
        picked[label] = sorted(chosen)
    methods, datasets, tasks, metrics, concepts = (picked[label] for label, _, _ in PLAN)
    main, task = methods[0], tasks[0]
    proposes = rng.random() < 0.1

    def m(entry: tuple[str, str], label: str, role: str | None = None, name: str | None = None):
        return (name or entry[1], label, entry[0], role, conf())

    text = _Text([m(main, METHOD, "proposes" if proposes else None), " for ", m(task, TASK)])
    relations: list[Relation] = []
    abbreviations: dict[str, str] = {}
    verb = "We propose" if proposes else "We study"
    first = concepts[0]
    short = _short_form(first[1])
    defined = len(first[1].split()) >= 2 and rng.random() < 0.3  # "long form (SF)": the short form resolves to it
    parts = [f"{verb} ", m(main, METHOD, "proposes" if proposes else None), ", which relies on ", m(first, CONCEPT)]
    if defined:
        abbreviations[canonical_key(short)] = first[0]
        parts += [" (", m(first, CONCEPT, name=short), ")"]
    s = text.add([*parts, " for ", m(task, TASK), "."])
    relations.append(Relation(USED_FOR, main[0], task[0], s, 1.0, "rule"))
    for concept in concepts[1:]:
        if rng.random() < 0.15 and len(concept[1].split()) >= 2:  # a bare short form, defined elsewhere
            text.add(["It also uses ", m(concept, CONCEPT, name=_short_form(concept[1])), "."])
            text.mentions[-1].key = canonical_key(_short_form(concept[1]))
        else:
            text.add(["Our analysis of ", m(concept, CONCEPT), " explains the gains."])
    if rng.random() < 0.05:  # "the FlonarNet model": a variant of the method's name
        text.add(["The ", m(main, METHOD, name=f"{main[1]} model"), " is simple."])
        text.mentions[-1].key = canonical_key(f"{main[1]} model")
    for other in methods[1:]:
        s = text.add([m(main, METHOD), " outperforms ", m(other, METHOD), " on ", m(task, TASK), "."])
        kind = OUTPERFORMS if rng.random() < 0.7 else COMPARED_WITH
        relations.append(Relation(kind, main[0], other[0], s, round(rng.uniform(0.5, 0.99), 3), "model"))
    parts: list = ["Experiments on "]
    for j, dataset in enumerate(datasets):
        parts += [" and " if j else "", m(dataset, DATASET)]
    if metrics:
        parts += [" measure ", m(metrics[0], METRIC), "."]
    else:
        parts += [" confirm this."]
    s = text.add(parts)
    relations.append(Relation(EVALUATES, datasets[0][0], main[0], s, round(rng.uniform(0.5, 0.99), 3), "model"))
    for j in range(tail):
        label = CONCEPT if j % 2 == 0 else TASK
        name = f"{_WORDS[(i + j) % len(_WORDS)]} {_syllables(i * max(tail, 1) + j)} {rng.choice(_NOUNS)}"
        text.add(["We also touch on ", m((canonical_key(name), name), label), "."])

    doi = f"{DOI_PREFIX}{i:06d}"
    row: dict = {
        "doi": doi,
        "title": text.title,
        "abstract": text.abstract,
        "year": year,
        "date": f"{year}-0{1 + i % 9}-1{i % 10}",
        "url": f"https://example.org/s{i:06d}",
    }
    if bibliography:
        pool = max(corpus_size // 3, 10)
        row["authors"] = sorted(
            {
                f"{_surname(seed, _zipf_pick(rng, pool))}, {rng.choice('ABCDEFGHJKLMNPRST')}."
                for _ in range(rng.randint(1, 6))
            }
        )
        row["venue"] = vocab.venues[_zipf_pick(rng, len(vocab.venues))]
        refs = [
            f"https://doi.org/{DOI_PREFIX}{i - 1 - _zipf_pick(rng, i):06d}"
            if i and rng.random() < 0.33
            else f"https://doi.org/10.8888/x{rng.randrange(20 * corpus_size)}"
            for _ in range(rng.randint(10, 40))
        ]
        row["references"] = list(dict.fromkeys(refs))
        row["n_references"] = len(row["references"]) + rng.randint(0, 5)
    record = Extraction(
        paper_id=f"doi:{doi}",
        sentences=text.sentences,
        mentions=sorted(text.mentions, key=lambda x: (x.start, x.end, x.key)),
        relations=relations,
        abbreviations=abbreviations,
    )
    return row, record


def synthetic_corpus(
    n_papers: int,
    seed: int = 7,
    start: int = 0,
    corpus_size: int | None = None,
    tail: int = 0,
    bibliography: bool = True,
) -> Iterator[tuple[dict, Extraction]]:
    """Papers ``start`` … ``start + n_papers - 1`` (see :func:`synthetic_paper`)."""
    size = corpus_size or start + n_papers
    for i in range(start, start + n_papers):
        yield synthetic_paper(i, seed, size, tail, bibliography)


def write_corpus(
    path: str | Path,
    cache_path: str | Path,
    n_papers: int,
    seed: int = 7,
    start: int = 0,
    corpus_size: int | None = None,
    tail: int = 0,
    bibliography: bool = True,
    model: str | None = None,
) -> Path:
    """Write papers ``start`` … as JSON Lines to ``path`` and their records into the extraction
    cache at ``cache_path``, under the key ``kg build`` computes for each (so it parses none)."""
    from kg.build.cache import ExtractionCache, content_hash

    fp = fingerprint(model)
    cache = ExtractionCache(cache_path)
    path = Path(path)
    try:
        with path.open("w", encoding="utf-8") as out:
            batch = []
            for row, record in synthetic_corpus(n_papers, seed, start, corpus_size, tail, bibliography):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                batch.append((content_hash(fp, row["title"], row["abstract"]), record))
                if len(batch) >= 5000:
                    cache.put_many(batch)
                    batch.clear()
            cache.put_many(batch)
    finally:
        cache.close()
    return path


def write_store(
    n_papers: int,
    store,
    seed: int = 7,
    start: int = 0,
    corpus_size: int | None = None,
    tail: int = 0,
    bibliography: bool = True,
    jsonl: str | Path | None = None,
    **build_settings,
):
    """Add synthetic papers ``start`` … to ``store`` (a path or a :class:`kg.store.base.GraphStore`)
    through :func:`kg.build.pipeline.build`, their records cached first; returns the build report.

    ``jsonl``: where to keep the JSON Lines (default: a temporary file, removed).
    Raises RuntimeError when the build had to parse a paper (a record was not found where
    ``kg build`` looks: the synthetic text and the reader disagree).
    """
    from kg.build.pipeline import BuildOptions, build, default_cache_path
    from kg.store import open_store

    store = open_store(str(store)) if isinstance(store, (str, Path)) else store
    options = BuildOptions(**build_settings)
    cache_path = options.cache_path or default_cache_path(store)
    with tempfile.TemporaryDirectory(prefix="synthetic-") as tmp:
        path = Path(jsonl) if jsonl else Path(tmp) / "papers.jsonl"
        write_corpus(path, cache_path, n_papers, seed, start, corpus_size, tail, bibliography, options.model)
        report = build([path], store, options)
    if report.extracted:
        raise RuntimeError(f"{report.extracted} synthetic papers were not found in the extraction cache")
    return report


def make_synthetic_graph(
    n_papers: int = 20000,
    seed: int = 7,
    min_shared: int | None = None,
    bibliography: bool = True,
    tail: int = 0,
) -> nx.MultiDiGraph:
    """The graph ``kg build`` makes of ``n_papers`` synthetic papers, in memory (no store, no cache).

    The papers are read back by the JSON Lines reader, as a build reads them, and built by
    :func:`kg.build.builder.build_graph` from their records. ``min_shared``: the shared papers a
    CO_OCCURS link needs (None: the build's automatic value); ``bibliography``: authors, venues and
    references (CITES between synthetic papers); ``tail``: Concepts and Tasks each paper alone
    names (the long tail a build keeps, below the default quality cut).
    """
    from kg.build.builder import BuildConfig, build_graph
    from kg.readers import read_sources

    records = {}
    with tempfile.TemporaryDirectory(prefix="synthetic-") as tmp:
        path = Path(tmp) / "papers.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for row, record in synthetic_corpus(n_papers, seed, tail=tail, bibliography=bibliography):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                records[record.paper_id] = record
        read = read_sources([path])
    missing = [p.id for p in read.papers if p.id not in records]
    if missing:
        raise RuntimeError(f"synthetic papers read back under other ids: {missing[:3]}")
    return build_graph(read.papers, records, BuildConfig(min_cooccurrence_papers=min_shared))


def main(argv: list[str]) -> None:
    from kg.core.graph import graph_stats

    n = int(argv[1]) if len(argv) > 1 else 20000
    if len(argv) > 2:
        report = write_store(n, argv[2])
        print(json.dumps(report.stats))
    else:
        print(graph_stats(make_synthetic_graph(n)))


if __name__ == "__main__":
    main(sys.argv)
