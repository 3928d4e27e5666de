"""Rule relations stated in a sentence: ``paperkg_relations``.

"X outperforms / surpasses / beats Y" → OUTPERFORMS, "X extends / generalizes Y"
→ EXTENDS, and Hearst's patterns for IS_A: "X such as Y", "X, including Y"
and "Y and other X" → Y IS_A X (for each Y of a list "Y1, Y2 and Y3").
For the verbs, X is a Method mention in the verb's subject; when the subject is the
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
from extract.labels import EXTENDS, IS_A, METHOD, OUTPERFORMS
from extract.record import Mention, Relation

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=[])

RELATION_VERBS = {
    "outperform": OUTPERFORMS,
    "surpass": OUTPERFORMS,
    "beat": OUTPERFORMS,
    "extend": EXTENDS,
    "generalize": EXTENDS,
    "generalise": EXTENDS,
}
#: a subject that stands for the paper's own method
SELF_WORDS = {
    "we",
    "it",
    "method",
    "approach",
    "model",
    "framework",
    "technique",
    "algorithm",
    "system",
    "architecture",
}


#: list separators between the hyponyms of a Hearst pattern
LIST_WORDS = {",", "and", "or"}


def hearst(doc: Doc, sent: Span, mentions: list[Mention]) -> list[tuple[str, str]]:
    """``(hyponym, hypernym)`` keys of the Hearst patterns in one sentence."""
    starting: dict[int, Mention] = {}
    ending: dict[int, Mention] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if m.derived or span is None or not len(span) or not (sent.start <= span.start and span.end <= sent.end):
            continue
        starting.setdefault(span.start, m)
        ending.setdefault(span.end - 1, m)
    bounds = {
        id(m): (s.start, s.end)
        for m in mentions
        for s in [doc.char_span(m.start, m.end, alignment_mode="expand")]
        if s is not None
    }

    def run_after(i: int) -> list[Mention]:
        out: list[Mention] = []
        while i in starting:
            m = starting[i]
            out.append(m)
            i = bounds[id(m)][1]
            if i >= sent.end or doc[i].lower_ not in LIST_WORDS:
                break
            while i < sent.end and doc[i].lower_ in LIST_WORDS:
                i += 1
        return out

    def run_before(i: int) -> list[Mention]:
        out: list[Mention] = []
        while i in ending:
            m = ending[i]
            out.append(m)
            i = bounds[id(m)][0] - 1
            if i < sent.start or doc[i].text != ",":
                break
            i -= 1
        return out

    def before(i: int) -> Mention | None:
        i = i - 1 if i - 1 >= sent.start and doc[i - 1].text == "," else i
        return ending.get(i - 1)

    pairs: list[tuple[str, str]] = []
    for tok in sent:
        i = tok.i
        if tok.lower_ == "such" and i + 1 < sent.end and doc[i + 1].lower_ == "as":
            hyper, hypos = before(i), run_after(i + 2)
        elif tok.lower_ == "including":
            hyper, hypos = before(i), run_after(i + 1)
        elif tok.lower_ == "other" and i - 1 >= sent.start and doc[i - 1].lower_ in ("and", "or"):
            hyper, hypos = starting.get(i + 1), run_before(i - 2)
        else:
            continue
        if hyper is not None:
            pairs.extend((m.key, hyper.key) for m in hypos if m.key != hyper.key)
    return pairs


def _methods_in(spans: list[Span], mentions: list[Mention]) -> list[Mention]:
    return [
        m
        for m in mentions
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
        for hypo, hyper in hearst(doc, sent, mentions):
            found.setdefault((IS_A, hypo, hyper), Relation(IS_A, hypo, hyper, si))
    doc._.kg_relations = list(found.values())
    return doc
