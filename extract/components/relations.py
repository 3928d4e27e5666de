"""Rule relations stated in a sentence: ``paperkg_relations``.

"X outperforms / surpasses / beats Y" → OUTPERFORMS, "X extends / generalizes Y"
→ EXTENDS, and Hearst's patterns for IS_A: "X such as Y", "X, including Y"
and "Y and other X" → Y IS_A X (for each Y of a list "Y1, Y2 and Y3"), checked by
:func:`hearst`: a kind of "methods" is a Method, a kind of "datasets" a Dataset (the
hypernym's head noun, :data:`KIND_NOUNS`); "the components of X, including Y" makes
Y PART_OF X, "methods for X, such as Y" makes Y USED_FOR X; a listed name that is only
the front of a longer noun phrase ("Value Iteration" of "Value Iteration Networks") is left out.
For the verbs, X is a Method mention in the verb's subject; when the subject is the
paper itself ("our method", "our approach", "it", "we") X is the one Method
the paper proposes. Y is every Method mention in the object noun phrase
(with its conjuncts and appositions, not its prepositional phrases, so "on
ImageNet" stays out), unless the paper owns it ("we extend our representation"). Sets ``doc._.kg_relations`` to a list of
:class:`extract.record.Relation`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract.components.roles import PROPOSES, noun_phrase_spans
from extract.labels import COMPATIBLE, EXTENDS, IS_A, KIND_NOUNS, METHOD, OUTPERFORMS, PART_NOUNS, PART_OF, USED_FOR
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


def kind_of(word: Token) -> str | None:
    """The label a head noun names as a kind (:data:`KIND_NOUNS`), or None."""
    return KIND_NOUNS.get(word.lemma_.lower()) or KIND_NOUNS.get(word.lower_)


def fragment(span: Span) -> bool:
    """Whether a mention is only the front of a longer noun phrase: its head word modifies a noun after
    it ("Value Iteration" in "Value Iteration Networks"), so the mention does not name the listed thing."""
    root = span.root
    return root.dep_ in ("compound", "amod", "nmod") and root.head.i >= span.end


def hearst(doc: Doc, sent: Span, mentions: list[Mention]) -> list[tuple[str, str, str]]:
    """``(type, hyponym, hypernym)`` keys of the Hearst patterns in one sentence: ``IS_A`` when every
    check holds, ``PART_OF`` / ``USED_FOR`` when the hypernym hangs off a noun of parts / of methods
    ("components of X, including Y", "algorithms for X, such as Y")."""
    if not any(t.lower_ in ("such", "including", "other") for t in sent):
        return []  # no pattern here: most sentences (the mention spans below cost more than this look)
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
        while True:
            if i not in starting and i < sent.end and doc[i].dep_ == "det":
                i += 1  # "including the feature pyramid network": the determiner is not part of the name
            if i not in starting:
                break
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

    def span_of(m: Mention) -> Span:
        start, end = bounds[id(m)]
        return doc[start:end]

    pairs: list[tuple[str, str, str]] = []
    for tok in sent:
        i = tok.i
        attach: Token | None = None  # the word "such as" / "including" hangs from
        if tok.lower_ == "such" and i + 1 < sent.end and doc[i + 1].lower_ == "as":
            hyper, hypos, attach = before(i), run_after(i + 2), doc[i + 1].head
        elif tok.lower_ == "including":
            hyper, hypos, attach = before(i), run_after(i + 1), tok.head
        elif tok.lower_ == "other" and i - 1 >= sent.start and doc[i - 1].lower_ in ("and", "or"):
            hyper, hypos = starting.get(i + 1), run_before(i - 2)
        else:
            continue
        if hyper is None:
            continue
        rel, hyper_span = IS_A, span_of(hyper)
        if hyper_span[0].pos_ == "VERB":
            continue  # "by revisiting old approximations such as Y": the hypernym is no noun phrase
        head = doc[hyper_span.end - 1]  # head-final noun phrases: the hypernym's last word is its head noun
        root = hyper_span.root
        # the noun the list belongs to when that is not the hypernym: "successes in RL, such as Y" (the
        # parser hangs "such as" from "successes"), "the components of X, including Y" (X is a pobj)
        outer = None
        if attach is not None and attach.pos_ in ("NOUN", "PROPN") and attach.i < hyper_span.start:
            outer = attach
        elif root.dep_ == "pobj" and root.head.i < hyper_span.start:
            noun = root.head.head  # "X" hangs from a noun of kinds or parts: the list may belong to that noun
            if noun.pos_ in ("NOUN", "PROPN") and (kind_of(noun) or noun.lemma_.lower() in PART_NOUNS):
                outer = noun
        if outer is not None:
            preposition = root.head.lower_ if root.dep_ == "pobj" else ""
            if outer.lemma_.lower() in PART_NOUNS:
                rel = PART_OF  # Y is one of the components of X, not a kind of X
            elif kind_of(outer) == METHOD and preposition == "for":
                rel = USED_FOR  # "algorithms for X, such as Y": Y is an algorithm used for X
            else:
                continue  # "models of X such as Y", "successes in X such as Y": Y is not a kind of X
        allowed = COMPATIBLE.get(hyper.label, {hyper.label})
        kind = kind_of(head)
        if rel == IS_A and kind is not None:
            allowed = COMPATIBLE.get(kind, {kind})
        if rel == IS_A and head.lemma_.lower() in PART_NOUNS:
            continue  # "pipeline stages such as Y": parts, said of no whole here
        for m in hypos:
            if m.key == hyper.key or fragment(span_of(m)):
                continue
            if rel == IS_A and m.label not in allowed:
                continue  # "clustering tasks including fairness constraints": not a kind of the head noun
            pairs.append((rel, m.key, hyper.key))
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
            # "we extend our knowledge representation": the paper's own thing is not a method it extends or beats
            objects = [o for o in objects if not any(c.dep_ == "poss" and c.lower_ == "our" for c in o.children)]
            tails = [m.key for m in _methods_in([sp for o in objects for sp in noun_phrase_spans(o)], mentions)]
            for head in heads:
                for tail in tails:
                    if head != tail:
                        found.setdefault((rel, head, tail), Relation(rel, head, tail, si))
        for rel, hypo, hyper in hearst(doc, sent, mentions):
            found.setdefault((rel, hypo, hyper), Relation(rel, hypo, hyper, si))
    doc._.kg_relations = list(found.values())
    return doc
