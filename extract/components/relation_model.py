"""Trained relations between the mentions of a sentence: ``paperkg_relation_model``.

For every two mentions of one sentence (not overlapping, different keys) the
classifier (:mod:`extract.relation_model`, trained on SciERC train) gives a
typed, directed relation or none, with its probability as ``confidence``. It
adds :class:`extract.record.Relation` objects (``source="model"``) to
``doc._.kg_relations`` beside the rule relations of ``paperkg_relations``
(a claim a rule already made is not repeated). The symmetric types
(COMPARED_WITH, CONJUNCTION) are emitted once, head key < tail key.

Two cues in the words between the mentions overrule the classifier (:func:`cue`): a
comparison ("X performs as well as Y", "X outperforms approaches using Y", "more than")
makes any other type but EVALUATES ("higher accuracy than Y") COMPARED_WITH when both mentions
have one label and drops it otherwise;
a negation ("does not require Y", "without Y") drops it.

    nlp.add_pipe("paperkg_relation_model", config={"model": "/path/to/scierc_rel", "threshold": 0.4})
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.labels import COMPARED_WITH, EVALUATES, SYMMETRIC_RELATIONS
from extract.model import relation_model_path
from extract.record import Mention, Relation
from extract.relation_features import pair_features, proposals
from extract.relation_model import BACKWARD, FORWARD, RelationModel, RelationModelError

#: mentions of one sentence considered (the rest of a very long list is ignored)
MAX_SENTENCE_MENTIONS = 40


def candidate_pairs(spans: list[Span]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, span i ending before span j starts (spans sorted by start)."""
    return [(i, j) for i in range(len(spans)) for j in range(i + 1, len(spans)) if spans[i].end <= spans[j].start]


#: lemmas between two mentions that put them side by side for comparison, not in a typed relation
COMPARISON_WORDS = frozenset(
    {"than", "equally", "outperform", "surpass", "beat", "versus", "vs", "vs.", "compare", "comparable"}
)
#: lemmas between two mentions that deny the relation the classifier sees ("does not require")
NEGATION_WORDS = frozenset({"not", "no", "without", "n't", "never", "neither", "nor"})


def cue(between: Span) -> str | None:
    """``"compare"`` or ``"negate"`` when the words between two mentions compare them or deny a relation.

    Spelled as lemmas (:data:`COMPARISON_WORDS`, :data:`NEGATION_WORDS`) plus "as well as" / "as good as"
    used as a comparison (not the "and" sense: "X as well as Y" after a verb of performing)."""
    lemmas = [t.lemma_.lower() or t.lower_ for t in between]
    if NEGATION_WORDS.intersection(lemmas):
        return "negate"
    if COMPARISON_WORDS.intersection(lemmas):
        return "compare"
    for k in range(len(lemmas) - 2):
        if (
            lemmas[k] == "as"
            and lemmas[k + 2] == "as"
            and k > 0
            and lemmas[k - 1] in ("perform", "almost", "equally", "just")
        ):
            return "compare"
    return None


def classify(model: RelationModel, doc: Doc, spans: list[Span], labels: list[str]) -> list[tuple[int, int, str, float]]:
    """Relations among ``spans`` (one sentence, sorted by start): ``(head, tail, type, probability)`` by index."""
    pairs = candidate_pairs(spans)
    proposed = proposals(doc)
    feats = [pair_features(doc, spans[i], spans[j], labels[i], labels[j], j - i - 1, proposed) for i, j in pairs]
    out = []
    for (i, j), decision in zip(pairs, model.decide(feats), strict=True):
        if decision is None:
            continue
        cls, prob = decision
        rtype = cls.rstrip(FORWARD + BACKWARD)
        if rtype not in SYMMETRIC_RELATIONS:
            said = cue(doc[spans[i].end : spans[j].start])
            if said == "compare" and rtype == EVALUATES:
                said = None  # "higher accuracy than X": a metric compares what it evaluates
            if said == "negate" or (said == "compare" and labels[i] != labels[j]):
                continue
            if said == "compare":
                cls = COMPARED_WITH
        if cls.endswith(BACKWARD):
            out.append((j, i, cls[:-1], prob))
        else:
            out.append((i, j, cls.removesuffix(FORWARD), prob))
    return out


CharSpan = tuple[int, int, str]  # [start, end) characters and entity label


def relations_among(
    model: RelationModel, doc: Doc, groups: list[list[CharSpan]]
) -> list[tuple[int, int, int, int, str, float]]:
    """Relations the model gives between given mentions (each group: the mentions of one sentence), as
    ``(head start, head end, tail start, tail end, type, probability)`` in characters: what ``kg eval``
    scores with gold mentions."""
    out = []
    for group in groups:
        items = [
            (span, (s, e, label))
            for s, e, label in group
            for span in [doc.char_span(s, e, alignment_mode="expand")]
            if span is not None and len(span)
        ]
        items.sort(key=lambda it: (it[0].start, it[0].end))
        spans, chars = [it[0] for it in items], [it[1] for it in items]
        for h, t, rtype, prob in classify(model, doc, spans, [c[2] for c in chars]):
            out.append((chars[h][0], chars[h][1], chars[t][0], chars[t][1], rtype, prob))
    return out


class RelationClassifier:
    """The pipeline component: loads the model once, classifies each sentence's mention pairs."""

    def __init__(self, model: str | None, threshold: float | None):
        where = relation_model_path(model)
        if not (where / "meta.json").is_file():
            raise RelationModelError(
                f"relation model not found at {where} (no meta.json). Reinstall paperkg, rebuild it with "
                "scripts/train.sh (docs/extraction.md), or point KG_RELATION_MODEL at a trained one."
            )
        self.model = RelationModel.from_disk(where)
        if threshold is not None:
            self.model.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        mentions: list[Mention] = [m for m in doc._.kg_mentions if not m.derived]
        relations: list[Relation] = list(doc._.kg_relations)
        seen = {(r.type, r.head, r.tail, r.sentence) for r in relations}
        found: dict[tuple[str, str, str, int], Relation] = {}
        by_sentence: dict[int, list[tuple[Span, Mention]]] = {}
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span):
                by_sentence.setdefault(m.sentence, []).append((span, m))
        for si, items in by_sentence.items():
            items = sorted(items, key=lambda it: (it[0].start, it[0].end))[:MAX_SENTENCE_MENTIONS]
            spans, ms = [s for s, _ in items], [m for _, m in items]
            for h, t, rtype, prob in classify(self.model, doc, spans, [m.label for m in ms]):
                head, tail = ms[h].key, ms[t].key
                if head == tail:
                    continue
                spans_ = [ms[h].start, ms[h].end, ms[t].start, ms[t].end]
                if rtype in SYMMETRIC_RELATIONS and head > tail:
                    head, tail = tail, head
                    spans_ = spans_[2:] + spans_[:2]
                key = (rtype, head, tail, si)
                if key in seen or (key in found and found[key].confidence >= prob):
                    continue
                found[key] = Relation(rtype, head, tail, si, round(prob, 4), "model", spans_)
        doc._.kg_relations = relations + list(found.values())
        return doc


@Language.factory("paperkg_relation_model", default_config={"model": None, "threshold": None})
def make_relation_classifier(nlp: Language, name: str, model: str | None, threshold: float | None):
    """``model``: a trained relation model directory (``None`` = ``$KG_RELATION_MODEL`` or the packaged one);
    ``threshold``: the probability a relation must reach (``None`` = the one chosen on SciERC dev)."""
    return RelationClassifier(model, threshold)
