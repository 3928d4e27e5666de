"""Method→Method relations stated in a sentence: ``paperkg_relations``.

"X outperforms / surpasses / beats Y" → OUTPERFORMS, "X extends / generalizes Y"
→ EXTENDS. X is a Method mention in the verb's subject; when the subject is the
paper itself ("our method", "our approach", "it", "we") X is the one Method
the paper proposes. Y is every Method mention in the object noun phrase
(with its conjuncts and appositions, not its prepositional phrases, so "on
ImageNet" stays out). Sets ``doc._.kg_relations`` to a list of
:class:`extract.record.Relation`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components.roles import PROPOSES, noun_phrase_spans
from extract.record import Mention, Relation
from extract.labels import EXTENDS, METHOD, OUTPERFORMS

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=[])

RELATION_VERBS = {
    "outperform": OUTPERFORMS, "surpass": OUTPERFORMS, "beat": OUTPERFORMS,
    "extend": EXTENDS, "generalize": EXTENDS, "generalise": EXTENDS,
}
#: a subject that stands for the paper's own method
SELF_WORDS = {"we", "it", "method", "approach", "model", "framework", "technique", "algorithm", "system", "architecture"}


def _methods_in(spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    return [
        m for m in mentions
        if m.label == METHOD and not m.derived and any(s.start_char <= m.start and m.end <= s.end_char for s in spans)
    ]


@Language.component("paperkg_relations")
def relations(doc: Doc) -> Doc:
    mentions: list[Mention] = doc._.kg_mentions
    proposed = sorted({m.key for m in mentions if m.role == PROPOSES and m.label == METHOD})
    found: dict[tuple[str, str, str], Relation] = {}
    for si, sent in enumerate(doc.sents):
        for verb in sent:
            rel = RELATION_VERBS.get(verb.lemma_) if verb.pos_ == "VERB" else None
            if rel is None:
                continue
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            objects = [c for c in verb.children if c.dep_ == "dobj"]
            if not subjects or not objects:
                continue
            heads = [m.key for m in _methods_in([doc[s.left_edge.i : s.right_edge.i + 1] for s in subjects], mentions)]
            if not heads and len(proposed) == 1 and any(s.lemma_.lower() in SELF_WORDS for s in subjects):
                heads = proposed
            tails = [m.key for m in _methods_in([sp for o in objects for sp in noun_phrase_spans(o)], mentions)]
            for head in heads:
                for tail in tails:
                    if head != tail:
                        found.setdefault((rel, head, tail), Relation(rel, head, tail, si))
    doc._.kg_relations = list(found.values())
    return doc
