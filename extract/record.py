"""Extraction records: the JSON-serialisable output of extracting one paper.

A record is a pure function of (paper text, extractor config), which is what
makes it cacheable by content hash and safe to compute in parallel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: mentions below this confidence are spans, not nodes (see :class:`Mention`)
MIN_NODE_CONFIDENCE = 0.25


@dataclass
class Mention:
    """One typed mention of an entity in a paper.

    ``start``/``end`` are character offsets into the extracted text
    (title, blank line, abstract); ``sentence`` indexes
    :attr:`Extraction.sentences`. ``role`` is ``"proposes"`` when the paper
    introduces the entity, ``None`` otherwise. ``derived`` marks mentions
    inferred from another phrase ("invariant features" → invariance); the
    builder keeps those only for keys the corpus also mentions directly.
    ``confidence`` is the per-mention quality (:mod:`extract.components.mention_quality`): the
    calibrated probability that the phrase names a thing; the builder makes no node of a
    mention below :data:`MIN_NODE_CONFIDENCE` ("classical approaches", "convolutional models"),
    while ``kg eval`` still scores it as a span. Records cached before the field load with 1.0.
    """

    label: str
    key: str
    text: str
    start: int
    end: int
    sentence: int
    role: str | None = None
    derived: bool = False
    confidence: float = 1.0


@dataclass
class Relation:
    """A relation stated in one sentence between two mentioned entities, by key:
    ``Relation("OUTPERFORMS", "flowstate", "patchtst", 3)``.

    ``type`` is one of :data:`extract.labels.RELATION_TYPES`; ``head``/``tail`` are
    :attr:`Mention.key` values; ``sentence`` indexes :attr:`Extraction.sentences`.
    ``confidence`` is the model's probability (1.0 for rules); ``source`` is
    ``"rule"`` or ``"model"``. ``spans`` (model relations): ``[head start, head end, tail start,
    tail end]``, the characters of the two mentions the classifier related, which tells them apart
    when a key occurs twice in the sentence ("convolutional networks (CNNs)"); ``None`` for rules.
    Records cached before these fields load with the defaults.
    """

    type: str
    head: str
    tail: str
    sentence: int
    confidence: float = 1.0
    source: str = "rule"
    spans: list[int] | None = None


@dataclass
class Extraction:
    """Everything extracted from one paper."""

    paper_id: str
    sentences: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: short form → long form, from "long form (SF)" definitions in the text
    abbreviations: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """The record as plain JSON data (what :func:`dataclasses.asdict` gives, without its deep copies:
        a third of the cost of writing the extraction cache)."""
        return {
            "paper_id": self.paper_id,
            "sentences": list(self.sentences),
            "mentions": [_fields(m) for m in self.mentions],
            "relations": [_fields(r) for r in self.relations],
            "abbreviations": dict(self.abbreviations),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Extraction:
        return cls(
            paper_id=data["paper_id"],
            sentences=list(data.get("sentences", [])),
            mentions=[Mention(**m) for m in data.get("mentions", [])],
            relations=[Relation(**r) for r in data.get("relations", [])],
            abbreviations=dict(data.get("abbreviations", {})),
        )


def _fields(record: Mention | Relation) -> dict:
    """A mention's or relation's fields as a dict (lists copied)."""
    return {k: list(v) if isinstance(v, list) else v for k, v in vars(record).items()}
