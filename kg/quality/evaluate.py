"""Score an extractor against SciERC-format gold annotations (read by :mod:`extract.gold`).

Each gold document's text is its tokens joined by single spaces; predicted
mentions (character spans) are snapped to the tokens they overlap and
compared as token spans.

Two matching rules, each typed and untyped, micro-averaged:

* **exact** — same first and last token (and same type when typed);
* **head** — same head token, where the head of a span is its *last* token
  (SciERC spans are mostly head-final English noun phrases), so "neural
  network" matches gold "recurrent neural network". Two spans that share
  their last token always overlap. Matching is one-to-one: exact pairs
  first, then the remaining pairs by largest overlap, so each gold span
  is counted at most once.

Relations (when the gold has them): a predicted relation matches a gold one when both
argument spans are exact and the type is the same (SciERC's strict "Rel" match;
COMPARED_WITH and CONJUNCTION in either direction). ``end_to_end`` scores the
relations of the records (between the mentions the extractor found): a model
relation's ``spans`` are its arguments; a rule relation names them by key and
sentence, so each is the mention of that key in that sentence (the closest pair
when a key occurs twice). ``gold_entities``
scores the relations the extractor's classifier gives between the gold mentions,
when the extractor offers ``relations_between`` (see :class:`extract.pipeline.Extractor`).
Gold relations with a ``Generic`` argument are left out (counted in
``relations.generic_dropped``); OUTPERFORMS and EXTENDS have no SciERC type and are not scored.

``evaluate(gold, extractor)`` takes any object with
``extract_many(items, batch_size=...)`` yielding :class:`extract.record.Extraction`
records in input order (dependency injection: tests pass a fake).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

from extract.gold import (  # noqa: F401 (kg.quality.evaluate's API)
    GOLD_TYPE_MAP,
    SCIERC_RELATION_MAP,
    Gold,
    GoldDoc,
    GoldError,
    GoldRelation,
    Span,
    TypedSpan,
    comparable,
    read_gold,
    rebuild_text,
)
from extract.record import Extraction, Mention

#: Entity labels scored, in report order.
LABELS: tuple[str, ...] = ("Method", "Dataset", "Task", "Metric", "Concept")
#: Relation types scored (SciERC's seven, by paperkg's names), in report order.
RELATION_TYPES: tuple[str, ...] = tuple(SCIERC_RELATION_MAP.values())


class ExtractorLike(Protocol):
    def extract_many(self, items: Iterable[tuple[str, str, str]], batch_size: int = ...) -> Iterable[Extraction]: ...


def char_span_to_tokens(offsets: list[tuple[int, int]], start: int, end: int) -> Span | None:
    """Token span (inclusive) of the tokens overlapping chars [start, end); None if none."""
    hit = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
    return (hit[0], hit[-1]) if hit else None


def predicted_spans(doc: GoldDoc, extraction: Extraction) -> set[TypedSpan]:
    """Typed token spans of an extraction's text mentions (``derived`` ones ignored)."""
    out: set[TypedSpan] = set()
    for m in extraction.mentions:
        if m.derived:
            continue
        span = char_span_to_tokens(doc.offsets, m.start, m.end)
        if span is not None:
            out.add((span[0], span[1], m.label))
    return out


def predicted_relations(doc: GoldDoc, extraction: Extraction) -> set[GoldRelation]:
    """Comparable token tuples of an extraction's scored relations: a model relation's ``spans``, else
    each argument the mention of its key in its sentence (the closest head/tail pair when a key occurs
    more than once there)."""
    spans: dict[tuple[str, int], list[Span]] = {}
    for m in extraction.mentions:
        span = None if m.derived else char_span_to_tokens(doc.offsets, m.start, m.end)
        if span is not None:
            spans.setdefault((m.key, m.sentence), []).append(span)
    out: set[GoldRelation] = set()
    for r in extraction.relations:
        if r.type in RELATION_TYPES and r.spans is not None:  # the classifier's own pair of mentions
            head = char_span_to_tokens(doc.offsets, r.spans[0], r.spans[1])
            tail = char_span_to_tokens(doc.offsets, r.spans[2], r.spans[3])
            if head is not None and tail is not None:
                out.add(comparable((head[0], head[1], tail[0], tail[1], r.type)))
            continue
        heads, tails = spans.get((r.head, r.sentence), []), spans.get((r.tail, r.sentence), [])
        if r.type not in RELATION_TYPES or not heads or not tails:
            continue
        pairs = [(abs(h[0] - t[0]), h, t) for h in heads for t in tails if h != t]
        if pairs:
            _, h, t = min(pairs)
            out.add(comparable((h[0], h[1], t[0], t[1], r.type)))
    return out


def gold_relations(doc: GoldDoc) -> set[GoldRelation]:
    return {comparable(r) for r in doc.relations}


def score_relations(pairs: Iterable[tuple[set[GoldRelation], set[GoldRelation]]]) -> dict[str, Any]:
    """Micro-averaged P/R/F1 over (predicted, gold) relation sets, overall and per type."""
    tp: dict[str, int] = dict.fromkeys(RELATION_TYPES, 0)
    n_pred, n_gold = dict(tp), dict(tp)
    for pred, gold in pairs:
        for counts, items in ((tp, pred & gold), (n_pred, pred), (n_gold, gold)):
            for *_, rtype in items:
                counts[rtype] = counts.get(rtype, 0) + 1
    result: dict[str, Any] = dict(prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())))
    result["by_type"] = {t: prf(tp.get(t, 0), n_pred.get(t, 0), n_gold.get(t, 0)) for t in n_gold}
    return result


# --- matching and scoring -------------------------------------------------


def head_matches(pred: list[Span], gold: list[Span]) -> int:
    """One-to-one head-match count: same last (head) token; exact pairs first, then largest overlap."""
    free_gold = set(gold)
    free_pred = []
    for p in pred:
        if p in free_gold:
            free_gold.discard(p)
        else:
            free_pred.append(p)
    matched = len(pred) - len(free_pred)
    candidates = []
    for p in free_pred:
        for g in free_gold:
            if p[1] == g[1]:
                overlap = min(p[1], g[1]) - max(p[0], g[0]) + 1
                candidates.append((-overlap, p, g))
    used_pred: set[Span] = set()
    for _, p, g in sorted(candidates):
        if p not in used_pred and g in free_gold:
            used_pred.add(p)
            free_gold.discard(g)
            matched += 1
    return matched


def prf(tp: int, predicted: int, gold: int) -> dict[str, float | int]:
    """Precision/recall/F1 (0.0 when undefined) plus the raw counts."""
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f1, "tp": tp, "predicted": predicted, "gold": gold}


class _Counts:
    def __init__(self) -> None:
        self.exact = self.head = self.predicted = self.gold = 0

    def add(self, pred: set[Span], gold: set[Span]) -> None:
        self.exact += len(pred & gold)
        self.head += head_matches(sorted(pred), sorted(gold))
        self.predicted += len(pred)
        self.gold += len(gold)

    def result(self) -> dict[str, dict]:
        return {"exact": prf(self.exact, self.predicted, self.gold), "head": prf(self.head, self.predicted, self.gold)}


def score(pairs: Iterable[tuple[set[TypedSpan], set[TypedSpan]]]) -> dict[str, Any]:
    """Micro-averaged scores over (predicted, gold) typed-span sets, one pair per document."""
    untyped, typed = _Counts(), _Counts()
    per_type = {label: _Counts() for label in LABELS}
    documents = 0
    for pred, gold in pairs:
        documents += 1
        untyped.add({(s, e) for s, e, _ in pred}, {(s, e) for s, e, _ in gold})
        for label in sorted({t for *_, t in pred} | {t for *_, t in gold}):
            counts = per_type.setdefault(label, _Counts())
            counts.add({(s, e) for s, e, t in pred if t == label}, {(s, e) for s, e, t in gold if t == label})
    for counts in per_type.values():
        typed.exact += counts.exact
        typed.head += counts.head
        typed.predicted += counts.predicted
        typed.gold += counts.gold
    return {
        "untyped": untyped.result(),
        "typed": typed.result(),
        "per_type": {label: c.result() for label, c in per_type.items()},
        "documents": documents,
    }


# --- running an extractor ---------------------------------------------------


def _as_gold(gold: Gold | str | Path, limit: int | None) -> Gold:
    if isinstance(gold, Gold):
        return gold if limit is None else Gold(gold.path, gold.docs[:limit], gold.problems, gold.generic_dropped)
    return read_gold(gold, limit=limit)


def _run(gold: Gold, extractor: ExtractorLike, batch_size: int) -> Iterator[tuple[GoldDoc, Extraction]]:
    items = ((doc.key, "", doc.text) for doc in gold.docs)
    results = iter(extractor.extract_many(items, batch_size=batch_size))
    for doc in gold.docs:
        extraction = next(results, None)
        if extraction is None:
            raise RuntimeError(f"extractor returned fewer records than the {len(gold.docs)} documents sent")
        if extraction.paper_id != doc.key:
            raise RuntimeError(
                f"extractor returned {extraction.paper_id!r} where {doc.key!r} was expected (order lost)"
            )
        yield doc, extraction


def evaluate(
    gold: Gold | str | Path,
    extractor: ExtractorLike,
    *,
    limit: int | None = None,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Run ``extractor`` over every gold document in one batched call and score it.

    ``progress(n)`` is called after each document with the number done so far.
    Extra keys beside the required shape: ``skipped`` and ``problems`` (malformed
    gold lines), ``generic_dropped`` and ``seconds`` (extraction + scoring).
    """
    gold = _as_gold(gold, limit)
    started = time.perf_counter()
    relation_pairs: list[tuple[set[GoldRelation], set[GoldRelation]]] = []

    def pairs() -> Iterator[tuple[set[TypedSpan], set[TypedSpan]]]:
        for n, (doc, extraction) in enumerate(_run(gold, extractor, batch_size), start=1):
            relation_pairs.append((predicted_relations(doc, extraction), gold_relations(doc)))
            yield predicted_spans(doc, extraction), doc.spans
            if progress is not None:
                progress(n)

    result = score(pairs())
    result["relations"] = relation_scores(gold, extractor, relation_pairs, batch_size)
    result["seconds"] = round(time.perf_counter() - started, 3)
    result["skipped"] = len(gold.problems)
    result["problems"] = list(gold.problems)
    result["generic_dropped"] = gold.generic_dropped
    return result


def relations_with_gold_mentions(gold: Gold, extractor: Any, batch_size: int = 64) -> Iterator[set[GoldRelation]]:
    """Per gold document: the relations ``extractor.relations_between`` gives between its gold mentions."""
    items = (
        [[(doc.offsets[s][0], doc.offsets[e][1], label) for s, e, label in typed] for _, typed in doc.sentences]
        for doc in gold.docs
    )
    found = extractor.relations_between(
        ((doc.text, groups) for doc, groups in zip(gold.docs, items, strict=True)), batch_size=batch_size
    )
    for doc, rels in zip(gold.docs, found, strict=False):  # a short answer: the rest scores as none
        out: set[GoldRelation] = set()
        for hs, he, ts, te, rtype, _ in rels:
            head, tail = char_span_to_tokens(doc.offsets, hs, he), char_span_to_tokens(doc.offsets, ts, te)
            if head is not None and tail is not None and rtype in RELATION_TYPES:
                out.add(comparable((head[0], head[1], tail[0], tail[1], rtype)))
        yield out


def _overall(scores: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in scores.items() if k != "by_type"}


def relation_scores(
    gold: Gold, extractor: Any, end_to_end: list[tuple[set[GoldRelation], set[GoldRelation]]], batch_size: int = 64
) -> dict[str, Any]:
    """The ``relations`` part of a result: ``end_to_end`` and ``gold_entities`` (``None`` when the
    extractor has no ``relations_between``), each P/R/F1 with counts, and ``by_type`` of both."""
    e2e = score_relations(end_to_end)
    with_gold = None
    if hasattr(extractor, "relations_between"):
        predicted = list(relations_with_gold_mentions(gold, extractor, batch_size))
        predicted += [set()] * (len(gold.docs) - len(predicted))
        with_gold = score_relations(zip(predicted, (gold_relations(d) for d in gold.docs), strict=True))
    by_type = {
        t: {"end_to_end": scores, "gold_entities": with_gold["by_type"][t] if with_gold else None}
        for t, scores in e2e["by_type"].items()
    }
    return {
        "end_to_end": _overall(e2e),
        "gold_entities": _overall(with_gold) if with_gold else None,
        "by_type": by_type,
        "generic_dropped": gold.generic_relations_dropped,
    }


# --- the noun-chunk baseline (spaCy noun chunks alone: untyped F1 ≈ 0.40 on SciERC dev) ---------------------------------------

#: Leading tokens with these coarse POS tags are stripped from noun chunks.
STRIP_POS = frozenset({"DET", "PRON"})


class NounChunkExtractor:
    """Baseline "extractor": every spaCy noun chunk, leading determiners/pronouns stripped.

    All chunks are labelled Concept, so only its *untyped* scores mean anything.
    """

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def extract_many(self, items: Iterable[tuple[str, str, str]], batch_size: int = 64) -> Iterator[Extraction]:
        items = list(items)
        texts = ((title + "\n\n" + abstract) if title else abstract for _, title, abstract in items)
        for (paper_id, _, _), doc in zip(items, self.nlp.pipe(texts, batch_size=batch_size), strict=True):
            mentions = []
            for chunk in doc.noun_chunks:
                toks = list(chunk)
                while toks and toks[0].pos_ in STRIP_POS:
                    toks.pop(0)
                if not toks:
                    continue
                start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
                text = doc.text[start:end]
                mentions.append(Mention("Concept", text.lower(), text, start, end, 0))
            yield Extraction(paper_id=paper_id, mentions=mentions)


def noun_chunk_baseline(
    gold: Gold | str | Path,
    nlp: Any,
    *,
    limit: int | None = None,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Score the noun-chunk baseline: every spaCy noun chunk a mention (read the ``untyped`` part)."""
    return evaluate(gold, NounChunkExtractor(nlp), limit=limit, batch_size=batch_size, progress=progress)
