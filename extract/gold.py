"""SciERC-format gold annotations: read, checked, each document's text rebuilt.

Gold: JSON Lines, one document per line with ``doc_key``, ``sentences`` (lists
of tokens) and ``ner`` (per sentence, ``[start, end, type]`` with *inclusive*
token offsets over the flattened document). Each document's text is rebuilt
as its tokens joined by single spaces (PTB bracket tokens as brackets).
Used by the span model's training data (:mod:`extract.training.scierc`) and
by ``kg eval`` (:mod:`kg.quality.evaluate`).

Type map (the project's mapping of SciERC types): Method→Method, Task→Task, Material→Dataset,
Metric→Metric, OtherScientificTerm→Concept; ``Generic`` spans are dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from extract.normalise import PTB_BRACKETS

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
