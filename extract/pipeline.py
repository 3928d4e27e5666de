"""The extractor: a spaCy pipeline with paperkg's components, text in, records out."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

import extract.components  # noqa: F401  (registers the factories)
from extract.fingerprint import fingerprint  # noqa: F401  (re-exported)
from extract.limits import cap_sentence, cap_text, clean_text
from extract.model import load_model, model_name
from extract.record import Extraction

COMPONENTS = (
    ("paperkg_title_boundary", {"before": "parser"}),
    ("paperkg_compounds", {"after": "parser"}),
    ("paperkg_spans", {"before": "paperkg_compounds"}),  # on the tokens it was trained on
    ("paperkg_abbreviations", {"last": True}),
    ("paperkg_mentions", {"last": True}),
    ("paperkg_roles", {"last": True}),
    ("paperkg_relations", {"last": True}),
    ("paperkg_relation_model", {"last": True}),  # after the rules: it skips claims they made
    ("paperkg_record", {"last": True}),
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


def add_components(nlp: Language, span_model: str | None = None, relation_model: str | None = None) -> Language:
    """Add paperkg's registered components to a loaded pipeline.

    ``span_model`` / ``relation_model``: the trained span proposer's and relation classifier's
    directories (default: ``$KG_SPAN_MODEL`` / ``$KG_RELATION_MODEL`` or the ones shipped in the package).
    """
    config = {
        "paperkg_spans": {"model": str(span_model) if span_model else None},
        "paperkg_relation_model": {"model": str(relation_model) if relation_model else None},
    }
    for name, where in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, config=config.get(name, {}), **where)
    return nlp


def statistical_pipeline(model: str | None = None, span_model: str | None = None) -> Language:
    """The trained parts alone: the English model's enabled components and the span proposer,
    without paperkg's rule components (what benchmarks compare the extractor with)."""
    nlp = load_model(model)
    nlp.add_pipe("paperkg_spans", config={"model": str(span_model) if span_model else None})
    return nlp


def to_record(doc: Doc, paper_id: str) -> Extraction:
    """The JSON-serialisable record of one processed doc (``doc._.kg_record`` plus the id)."""
    return Extraction.from_dict({**doc._.kg_record, "paper_id": paper_id})


class Extractor:
    """Extract typed mentions from papers.

    >>> ex = Extractor()                                     # doctest: +SKIP
    >>> rec = ex.extract("FlowState: Forecasting", "We introduce FlowState.")  # doctest: +SKIP
    """

    def __init__(self, model: str | None = None, span_model: str | None = None, relation_model: str | None = None):
        self.model = model_name(model)
        self.span_model = span_model
        self.relation_model = relation_model
        self.nlp = add_components(load_model(self.model), span_model, relation_model)

    def extract(self, title: str, abstract: str, paper_id: str = "") -> Extraction:
        return next(self.extract_many([(paper_id, title, abstract)]))

    def extract_many(
        self, items: Iterable[tuple[str, str, str]], batch_size: int = 64, n_process: int = 1
    ) -> Iterator[Extraction]:
        """Records for ``(paper_id, title, abstract)`` items, in order, batched through ``nlp.pipe``.

        With ``n_process > 1`` the work goes to forked worker processes that share
        the loaded pipeline and send back records, not Docs (see :func:`_parallel_records`).
        """
        stream = ((compose(title, abstract), pid) for pid, title, abstract in items)
        if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
            yield from _parallel_records(self.nlp, stream, batch_size, n_process)
            return
        # one process, or no fork (Windows): spaCy's own workers, which ship Docs back
        for doc, pid in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
            yield to_record(doc, pid)

    def relations_between(
        self, items: Iterable[tuple[str, list[list[tuple[int, int, str]]]]], batch_size: int = 64
    ) -> Iterator[list[tuple[int, int, int, int, str, float]]]:
        """Relations the trained classifier gives between given mentions, per ``(text, groups)`` item:
        each group holds one sentence's ``(start, end, label)`` character spans. Used by ``kg eval``
        to score relations apart from mention finding; see :func:`extract.components.relation_model.relations_among`."""
        from extract.components.relation_model import relations_among

        model = self.nlp.get_pipe("paperkg_relation_model").model  # type: ignore[attr-defined]  # our component object, not a function
        # the span proposer stays: a pair's features say whether each mention is exactly one of its spans
        keep = {
            "paperkg_spans",
            "tok2vec",
            "tagger",
            "parser",
            "attribute_ruler",
            "lemmatizer",
            "paperkg_title_boundary",
            "paperkg_compounds",
        }
        disable = [p for p in self.nlp.pipe_names if p not in keep]
        stream = ((text, groups) for text, groups in items)
        for doc, groups in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size, disable=disable):
            yield relations_among(model, doc, groups)


#: the pipeline a forked worker runs (set in the worker by :func:`_start_worker`)
_worker_nlp: Language | None = None


def _start_worker(nlp: Language) -> None:
    global _worker_nlp
    _worker_nlp = nlp
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _records_of(chunk: list[tuple[str, str]]) -> list[Extraction]:
    assert _worker_nlp is not None, "a worker process runs _start_worker first"
    return [to_record(doc, pid) for doc, pid in _worker_nlp.pipe(chunk, as_tuples=True, batch_size=len(chunk))]


def _parallel_records(
    nlp: Language, stream: Iterable[tuple[str, str]], batch_size: int, n_process: int
) -> Iterator[Extraction]:
    """Records of ``(text, paper_id)`` pairs from ``n_process`` forked workers, in input order.

    Why not ``nlp.pipe(n_process=...)``: spaCy sends every parsed Doc back to the
    parent, which deserialises it only for us to reduce it to a small record;
    on 2 cores that left the parent busy and the speed-up at 1.56x. Here each
    worker inherits the loaded pipeline by ``fork`` (no second model load; the
    weights stay shared copy-on-write) and returns plain records. Chunks are half
    a batch: spaCy parses a chunk as one batch, and batches of 8 cost 7% more CPU
    than batches of 32 (measured on the arXiv corpus), while at the end one
    worker waits at most one chunk for the other.
    """
    chunk_size = max(1, batch_size // 2)
    chunks = iter(lambda: list(islice(stream, chunk_size)), [])
    context = multiprocessing.get_context("fork")
    with context.Pool(n_process, initializer=_start_worker, initargs=(nlp,)) as pool:
        for records in pool.imap(_records_of, chunks):
            yield from records
