"""The extractor: a spaCy pipeline with paperkg's components, text in, records out."""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

import extract.components  # noqa: F401  (registers the factories)
from extract.fingerprint import fingerprint  # noqa: F401  (re-exported)
from extract.limits import MAX_MENTIONS, cap_sentence, cap_text, clean_text
from extract.model import load_model, model_name
from extract.record import Extraction, Mention

COMPONENTS = (
    ("paperkg_title_boundary", {"before": "parser"}),
    ("paperkg_compounds", {"after": "parser"}),
    ("paperkg_abbreviations", {"last": True}),
    ("paperkg_mentions", {"last": True}),
    ("paperkg_roles", {"last": True}),
    ("paperkg_relations", {"last": True}),
)


def compose(title: str, abstract: str) -> str:
    """The text the extractor reads: title, blank line, abstract (or just the abstract),
    cleaned and capped as :mod:`extract.limits` says.

    >>> compose("T", "A.")
    'T\\n\\nA.'
    >>> compose("", "A \\ud83d.")
    'A \\ufffd.'
    """
    title = cap_sentence(clean_text(title).strip())
    abstract = cap_text(clean_text(abstract).strip())
    return f"{title}\n\n{abstract}" if title else abstract


def add_components(nlp: Language) -> Language:
    """Add paperkg's registered components to a loaded pipeline."""
    for name, where in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, **where)
    return nlp


def to_record(doc: Doc, paper_id: str) -> Extraction:
    """The JSON-serialisable record of one processed doc."""
    seen: dict[tuple[int, int, str], Mention] = {}
    for m in doc._.kg_mentions:
        k = (m.start, m.end, m.key)
        if k not in seen or (m.role and not seen[k].role):
            seen[k] = m
    return Extraction(
        paper_id=paper_id,
        sentences=[cap_sentence(s.text.strip()) for s in doc.sents],
        mentions=sorted(seen.values(), key=lambda m: (m.start, m.end, m.key))[:MAX_MENTIONS],
        relations=list(doc._.kg_relations),
        abbreviations=dict(doc._.kg_abbreviations),
    )


class Extractor:
    """Extract typed mentions from papers.

    >>> ex = Extractor()                                     # doctest: +SKIP
    >>> rec = ex.extract("FlowState: Forecasting", "We introduce FlowState.")  # doctest: +SKIP
    """

    def __init__(self, model: str | None = None):
        self.model = model_name(model)
        self.nlp = add_components(load_model(self.model))

    def extract(self, title: str, abstract: str, paper_id: str = "") -> Extraction:
        return next(self.extract_many([(paper_id, title, abstract)]))

    def extract_many(
        self, items: Iterable[tuple[str, str, str]], batch_size: int = 64, n_process: int = 1
    ) -> Iterator[Extraction]:
        """Records for ``(paper_id, title, abstract)`` items, in order, batched through ``nlp.pipe``."""
        stream = ((compose(title, abstract), pid) for pid, title, abstract in items)
        for doc, pid in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield to_record(doc, pid)
