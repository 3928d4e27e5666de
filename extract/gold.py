"""SciERC-format gold annotations: read, checked, each document's text rebuilt.

Gold: JSON Lines, one document per line with ``doc_key``, ``sentences`` (lists
of tokens), ``ner`` (per sentence, ``[start, end, type]`` with *inclusive*
token offsets over the flattened document) and, optionally, ``relations`` (per
sentence, ``[start1, end1, start2, end2, TYPE]``, same offsets). Each document's text is rebuilt
as its tokens joined by single spaces (PTB bracket tokens as brackets).
Used by the span model's training data (:mod:`extract.training.scierc`) and
by ``kg eval`` (:mod:`kg.quality.evaluate`).

Type map (the project's mapping of SciERC types): Method→Method, Task→Task, Material→Dataset,
Metric→Metric, OtherScientificTerm→Concept; ``Generic`` spans are dropped, and so are
the relations with a ``Generic`` argument (the extractor has no such mentions).
Relation types map as :data:`SCIERC_RELATION_MAP` says, direction kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from extract.labels import COMPARED_WITH, CONJUNCTION, EVALUATES, FEATURE_OF, IS_A, PART_OF, USED_FOR
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

#: SciERC relation type → paperkg relation type (same head and tail)
SCIERC_RELATION_MAP: dict[str, str] = {
    "USED-FOR": USED_FOR,
    "EVALUATE-FOR": EVALUATES,
    "PART-OF": PART_OF,
    "HYPONYM-OF": IS_A,
    "FEATURE-OF": FEATURE_OF,
    "COMPARE": COMPARED_WITH,
    "CONJUNCTION": CONJUNCTION,
}

Span = tuple[int, int]  # inclusive token offsets
TypedSpan = tuple[int, int, str]
#: (head start, head end, tail start, tail end, paperkg relation type), inclusive token offsets
GoldRelation = tuple[int, int, int, int, str]


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
    relations: set[GoldRelation] = field(default_factory=set)
    #: per gold sentence: its [first, last] token and its typed spans (what relations may link)
    sentences: list[tuple[Span, list[TypedSpan]]] = field(default_factory=list)
    generic_relations: int = 0


@dataclass
class Gold:
    """Gold documents of one file plus the problems met while reading it."""

    path: str
    docs: list[GoldDoc]
    problems: list[str] = field(default_factory=list)  # "file:line: message"
    generic_dropped: int = 0

    @property
    def generic_relations_dropped(self) -> int:
        return sum(d.generic_relations for d in self.docs)


def comparable(rel: GoldRelation) -> GoldRelation:
    """The form relations are compared in: a symmetric one (COMPARED_WITH, CONJUNCTION) with its
    arguments in text order, so either direction matches."""
    s1, e1, s2, e2, rtype = rel
    if rtype in (COMPARED_WITH, CONJUNCTION) and (s2, e2) < (s1, e1):
        return s2, e2, s1, e1, rtype
    return rel


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
                isinstance(item, list)
                and len(item) == 3
                and isinstance(item[0], int)
                and isinstance(item[1], int)
                and isinstance(item[2], str)
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
    doc = GoldDoc(key=key, line=line, tokens=tokens, text=text, offsets=offsets, spans=spans)
    _parse_relations(doc, data.get("relations"), [len(s) for s in sentences], ner)
    return doc, generic


def _parse_relations(doc: GoldDoc, relations: object, lengths: list[int], ner: list) -> None:
    """Fill ``doc.sentences`` and ``doc.relations`` (an absent ``relations`` field means none)."""
    if relations is None:
        relations = [[] for _ in lengths]
    if not isinstance(relations, list) or len(relations) != len(lengths):
        raise ValueError(f"'relations' must be a list with one entry per sentence ({len(lengths)})")
    types = {(s, e): t for sent in ner for s, e, t in sent}
    first = 0
    for length, sent_ner, sent_rel in zip(lengths, ner, relations, strict=True):
        mapped = [(s, e, label) for s, e, t in sent_ner if (label := GOLD_TYPE_MAP[t]) is not None]
        doc.sentences.append(((first, first + length - 1), sorted(mapped)))
        first += length
        if not isinstance(sent_rel, list):
            raise ValueError("each 'relations' entry must be a list of [start1, end1, start2, end2, type]")
        for item in sent_rel:
            if not (
                isinstance(item, list)
                and len(item) == 5
                and all(isinstance(x, int) for x in item[:4])
                and item[4] in SCIERC_RELATION_MAP
            ):
                raise ValueError(
                    f"bad relation {item!r}: expected [start1, end1, start2, end2, TYPE] "
                    f"with TYPE one of {', '.join(SCIERC_RELATION_MAP)}"
                )
            s1, e1, s2, e2, rtype = item
            if not (0 <= s1 <= e1 < len(doc.tokens) and 0 <= s2 <= e2 < len(doc.tokens)):
                raise ValueError(f"relation {item!r} outside the {len(doc.tokens)} tokens")
            if types.get((s1, e1)) == "Generic" or types.get((s2, e2)) == "Generic":
                doc.generic_relations += 1
                continue
            doc.relations.add((s1, e1, s2, e2, SCIERC_RELATION_MAP[rtype]))


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
