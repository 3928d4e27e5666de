"""Score an extractor against SciERC-format gold annotations.

Gold: JSON Lines, one document per line with ``doc_key``, ``sentences`` (lists
of tokens) and ``ner`` (per sentence, ``[start, end, type]`` with *inclusive*
token offsets over the flattened document). Each document's text is rebuilt
as its tokens joined by single spaces; predicted mentions (character spans)
are snapped to the tokens they overlap and compared as token spans.

Type map (DESIGN.md): Method→Method, Task→Task, Material→Dataset,
Metric→Metric, OtherScientificTerm→Concept; ``Generic`` spans are dropped.

Two matching rules, each typed and untyped, micro-averaged:

* **exact** — same first and last token (and same type when typed);
* **head** — same head token, where the head of a span is its *last* token
  (SciERC spans are mostly head-final English noun phrases), so "neural
  network" matches gold "recurrent neural network". Two spans that share
  their last token always overlap. Matching is one-to-one: exact pairs
  first, then the remaining pairs by largest overlap, so each gold span
  is counted at most once.

``evaluate(gold, extractor)`` takes any object with
``extract_many(items, batch_size=...)`` yielding :class:`extract.record.Extraction`
records in input order (dependency injection: tests pass a fake).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol

from extract.normalise import PTB_BRACKETS
from extract.record import Extraction, Mention

#: Entity labels scored, in report order.
LABELS: tuple[str, ...] = ("Method", "Dataset", "Task", "Metric", "Concept")

#: SciERC type → paperkg label; ``None`` means "not an entity here".
GOLD_TYPE_MAP: dict[str, str | None] = {
    "Method": "Method",
    "Task": "Task",
    "Material": "Dataset",
    "Metric": "Metric",
    "OtherScientificTerm": "Concept",
    "Generic": None,
}

Span = tuple[int, int]  # inclusive token offsets
TypedSpan = tuple[int, int, str]


class GoldError(ValueError):
    """The gold file cannot be used at all (missing, or no valid document)."""


class ExtractorLike(Protocol):
    def extract_many(self, items: Iterable[tuple[str, str, str]], batch_size: int = ...) -> Iterable[Extraction]: ...


@dataclass
class GoldDoc:
    """One gold document: rebuilt text, token→char offsets, typed gold spans."""

    key: str
    line: int
    tokens: list[str]
    text: str
    offsets: list[tuple[int, int]]  # per token: [start, end) in text
    spans: set[TypedSpan] = field(default_factory=set)


@dataclass
class Gold:
    """Gold documents of one file plus the problems met while reading it."""

    path: str
    docs: list[GoldDoc]
    problems: list[str] = field(default_factory=list)  # "file:line: message"
    generic_dropped: int = 0


def rebuild_text(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Join tokens with single spaces (PTB bracket tokens as brackets: "-LRB-" → "(");
    return the text and each token's [start, end)."""
    tokens = [PTB_BRACKETS.get(t, t) for t in tokens]
    offsets, pos = [], 0
    for tok in tokens:
        offsets.append((pos, pos + len(tok)))
        pos += len(tok) + 1
    return " ".join(tokens), offsets


def _parse_doc(raw: str, line: int) -> tuple[GoldDoc, int]:
    """Parse one JSON line into a GoldDoc; raise ValueError with a short reason."""
    try:
        data = json.loads(raw.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    for name in ("sentences", "ner"):
        if name not in data:
            raise ValueError(f"missing field {name!r}")
    sentences, ner = data["sentences"], data["ner"]
    if not isinstance(sentences, list) or not all(
        isinstance(s, list) and all(isinstance(t, str) for t in s) for s in sentences
    ):
        raise ValueError("'sentences' must be a list of token lists")
    if not isinstance(ner, list) or len(ner) != len(sentences):
        raise ValueError(f"'ner' must be a list with one entry per sentence ({len(sentences)})")
    tokens = [t for s in sentences for t in s]
    spans: set[TypedSpan] = set()
    generic = 0
    for sent_ner in ner:
        if not isinstance(sent_ner, list):
            raise ValueError("each 'ner' entry must be a list of [start, end, type]")
        for item in sent_ner:
            if not (
                isinstance(item, list) and len(item) == 3
                and isinstance(item[0], int) and isinstance(item[1], int) and isinstance(item[2], str)
            ):
                raise ValueError(f"bad ner item {item!r}: expected [start, end, type]")
            start, end, typ = item
            if not 0 <= start <= end < len(tokens):
                raise ValueError(f"ner span [{start}, {end}] outside the {len(tokens)} tokens")
            if typ not in GOLD_TYPE_MAP:
                raise ValueError(f"unknown entity type {typ!r}")
            label = GOLD_TYPE_MAP[typ]
            if label is None:
                generic += 1
            else:
                spans.add((start, end, label))
    text, offsets = rebuild_text(tokens)
    key = str(data.get("doc_key", f"line-{line}"))
    return GoldDoc(key=key, line=line, tokens=tokens, text=text, offsets=offsets, spans=spans), generic


def read_gold(path: str | Path, limit: int | None = None) -> Gold:
    """Read a SciERC-format JSONL file; malformed lines are skipped and reported.

    Raises :class:`GoldError` when the file cannot be read or holds no valid document.
    """
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise GoldError(f"{path}: cannot read gold file ({exc.strerror or exc})") from None
    gold = Gold(path=str(path), docs=[])
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            if limit is not None and len(gold.docs) >= limit:
                break
            if not raw.strip():
                continue
            try:
                doc, generic = _parse_doc(raw, lineno)
            except ValueError as exc:
                gold.problems.append(f"{path}:{lineno}: {exc}")
                continue
            gold.docs.append(doc)
            gold.generic_dropped += generic
    if not gold.docs:
        detail = f" ({len(gold.problems)} malformed lines; first: {gold.problems[0]})" if gold.problems else ""
        raise GoldError(f"{path}: no valid gold documents{detail}")
    return gold


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
            raise RuntimeError(f"extractor returned {extraction.paper_id!r} where {doc.key!r} was expected (order lost)")
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

    def pairs() -> Iterator[tuple[set[TypedSpan], set[TypedSpan]]]:
        for n, (doc, extraction) in enumerate(_run(gold, extractor, batch_size), start=1):
            yield predicted_spans(doc, extraction), doc.spans
            if progress is not None:
                progress(n)

    result = score(pairs())
    result["seconds"] = round(time.perf_counter() - started, 3)
    result["skipped"] = len(gold.problems)
    result["problems"] = list(gold.problems)
    result["generic_dropped"] = gold.generic_dropped
    return result


# --- the DESIGN.md noun-chunk baseline ---------------------------------------

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
        for (paper_id, _, _), doc in zip(items, self.nlp.pipe(texts, batch_size=batch_size)):
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


def noun_chunk_baseline(gold: Gold | str | Path, nlp: Any, *, limit: int | None = None, batch_size: int = 64,
                        progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Score the noun-chunk baseline of DESIGN.md (read the ``untyped`` part)."""
    return evaluate(gold, NounChunkExtractor(nlp), limit=limit, batch_size=batch_size, progress=progress)
