"""Features of a pair of mentions in one sentence, for the relation classifier.

A pair is two non-overlapping token spans of a parsed spaCy Doc, first one
first in the text, each with its entity label. Its features are strings
(``"l=Method|Task"``, ``"bw=for"``, ``"path=nsubj<dobj>"``): the labels, the
spans' head lemmas, the words before, between and after, the distance, the
mentions in between and the dependency path between the two heads; and the
shape of each mention (its length, its first word's part of speech, whether the
span proposer gave exactly that span), which tells how likely a mention found by
the extractor is a whole SciERC mention. Training
(:mod:`extract.training.relations`) and the pipeline component
(:mod:`extract.components.relation_model`) both call :func:`pair_features`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

#: dependency paths longer than this are one feature, "path=long"
MAX_PATH = 6
#: the words between the two mentions are also one feature when there are at most this many
MAX_BETWEEN_SEQ = 4


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower() if tok.lemma_ else tok.lower_


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-6" if n < 7 else ("7-10" if n < 11 else "11+"))


def _ancestors(tok: Token) -> list[Token]:
    """``tok`` and its heads up to the sentence root (spaCy makes a new Token object on each
    ``.head``: the root is its own head by index, not by identity)."""
    chain = [tok]
    while len(chain) < 50:
        head = chain[-1].head
        if head.i == chain[-1].i:
            break
        chain.append(head)
    return chain


def dependency_path(a: Token, b: Token) -> tuple[str, str]:
    """The path from ``a`` up to the lowest common ancestor and down to ``b``: dependency labels
    (``"nsubj<dobj>"``) and the same with the lemmas of the tokens on the way
    (``"nsubj<use>dobj>"``); ``("none", "none")`` across sentences, ``("long", "long")`` past :data:`MAX_PATH`
    or through the sentence root (so the shipped classifier was trained: retrained with paths through the
    root it scored end-to-end F1 0.306 and gold-mention F1 0.541 on SciERC dev, against 0.304 and 0.564)."""
    up_a, up_b = _ancestors(a), _ancestors(b)
    index_b = {t.i: n for n, t in enumerate(up_b)}
    common = next((n for n, t in enumerate(up_a) if t.i in index_b), None)
    if common is None:
        return "none", "none"
    if up_a[common].head.i == up_a[common].i:
        return "long", "long"  # through the sentence root: the classifier was fitted with these as long
    up, down = up_a[:common], list(reversed(up_b[: index_b[up_a[common].i]]))
    if len(up) + len(down) > MAX_PATH:
        return "long", "long"
    labels = [f"{t.dep_}<" for t in up] + [f"{t.dep_}>" for t in down]
    lca = up_a[common]
    middle = [_lemma(t) for t in up[1:]] + ([_lemma(lca)] if lca.i not in (a.i, b.i) else [])
    middle += [_lemma(t) for t in down[:-1]]
    return "".join(labels) or "self", "".join(labels) + "|" + "_".join(middle)


def proposals(doc: Doc) -> frozenset[tuple[int, int]]:
    """The token spans the span proposer gave (``doc.ents``), for :func:`pair_features`."""
    return frozenset((e.start, e.end) for e in doc.ents)


def mention_features(span: Span, which: str, proposed: frozenset[tuple[int, int]]) -> list[str]:
    """The shape of one mention: ``src1=ner`` when the span proposer gave exactly this span (``other``
    when rules made or trimmed it), its length in tokens (5 = five or more) and its first word's POS."""
    return [
        f"src{which}={'ner' if (span.start, span.end) in proposed else 'other'}",
        f"len{which}={min(len(span), 5)}",
        f"p0{which}={span[0].pos_}",
    ]


def pair_features(
    doc: Doc,
    first: Span,
    second: Span,
    label1: str,
    label2: str,
    between_mentions: int,
    proposed: frozenset[tuple[int, int]] | None = None,
) -> list[str]:
    """Feature strings of the pair (``first`` ends before ``second`` starts); ``proposed``: the
    span proposer's spans (default: ``doc.ents``, see :func:`proposals`)."""
    if proposed is None:
        proposed = proposals(doc)
    h1, h2 = first.root, second.root
    labels = f"{label1}|{label2}"
    feats = [
        f"l1={label1}",
        f"l2={label2}",
        f"l={labels}",
        f"h1={_lemma(h1)}",
        f"h2={_lemma(h2)}",
        f"h1l={label1}|{_lemma(h1)}",
        f"h2l={label2}|{_lemma(h2)}",
    ]
    between = doc[first.end : second.start]
    words = [_lemma(t) for t in between]
    feats.append(f"nb={_bucket(len(words))}")
    feats.append(f"nm={min(between_mentions, 3)}")
    feats.append(f"l_nm={labels}|{min(between_mentions, 3)}")
    feats.extend(f"bw={w}" for w in set(words))
    if words:
        feats.append(f"bw0={words[0]}")
        feats.append(f"bw-1={words[-1]}")
        feats.append(f"l_bw0={labels}|{words[0]}")
    if len(words) <= MAX_BETWEEN_SEQ:
        seq = "_".join(words)
        feats.append(f"bws={seq}")
        feats.append(f"l_bws={labels}|{seq}")
    verbs = [w for t, w in zip(between, words, strict=True) if t.pos_ in ("VERB", "AUX")]
    feats.extend(f"bv={v}" for v in set(verbs))
    feats.append(f"pre1={_lemma(doc[first.start - 1]) if first.start > 0 else '<s>'}")
    feats.append(f"post2={_lemma(doc[second.end]) if second.end < len(doc) else '</s>'}")
    feats.append(f"d1={h1.dep_}")
    feats.append(f"d2={h2.dep_}")
    feats.append(f"hh1={_lemma(h1.head)}")
    feats.append(f"hh2={_lemma(h2.head)}")
    path, lex_path = dependency_path(h1, h2)
    feats.append(f"path={path}")
    feats.append(f"lpath={lex_path}")
    feats.append(f"l_path={labels}|{path}")
    if h2.head.i == h1.i or h1.head.i == h2.i:
        feats.append("direct")
    shape1, shape2 = mention_features(first, "1", proposed), mention_features(second, "2", proposed)
    feats += shape1 + shape2
    feats.append(f"srcs={shape1[0][5:]}|{shape2[0][5:]}")
    if len(words) <= 2 and any(w in ("and", "or", ",", "/") for w in words):
        feats.append(f"coord={labels}")
    feats.append(f"l_pre1={labels}|{_lemma(doc[first.start - 1]) if first.start > 0 else '<s>'}")
    feats.append(f"l_nb={labels}|{_bucket(len(words))}")
    return feats
