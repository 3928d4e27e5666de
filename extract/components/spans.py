"""The statistical span proposer: ``paperkg_spans``, a spaCy NER trained on SciERC.

It wraps the ``ner`` component of a trained pipeline (by default the one that
ships in ``extract/models/scierc_ner``, made by ``scripts/train.sh``) and sets
``doc.ents`` to typed spans labelled Method, Dataset, Task, Metric or Concept.
The NER carries its own tok2vec, so it runs in any English pipeline after the
tagger and parser without touching them. ``paperkg_mentions`` then confirms,
retypes or rejects what it proposes.

    nlp.add_pipe("paperkg_spans", config={"model": "/path/to/trained/pipeline"})
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from extract.model import load_span_model


class SpanProposer:
    """Runs the trained NER on docs made by another pipeline (same tokenizer rules)."""

    def __init__(self, nlp: Language, model: str | None):
        self.ner: Any = load_span_model(model).get_pipe("ner")  # an EntityRecognizer (spaCy types pipes as callables)
        for label in self.labels:  # the host vocab must know the span labels
            nlp.vocab.strings.add(label)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.ner.labels)

    def __call__(self, doc: Doc) -> Doc:
        return self.ner(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        yield from self.ner.pipe(docs, batch_size=batch_size)


@Language.factory("paperkg_spans", default_config={"model": None})
def make_span_proposer(nlp: Language, name: str, model: str | None):
    """``model``: a trained pipeline directory; ``None`` = ``$KG_SPAN_MODEL`` or the packaged one."""
    return SpanProposer(nlp, model)
