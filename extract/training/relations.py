"""Train the relation classifier on SciERC train, choose it on dev, install it into the package.

    python -m extract.training.relations                      # ../shared SciERC → extract/models/scierc_rel
    python -m extract.training.relations --fold-span-models build/train/fold0/model-best,build/train/fold1/model-best

Each gold document is parsed by the extractor's English pipeline (the text
``kg eval`` rebuilds: tokens joined by single spaces). Every two gold
mentions of one gold sentence (``Generic`` ones left out, as in evaluation)
make one example: its :func:`extract.relation_features.pair_features` and its
class (``"USED_FOR>"``, ``"IS_A<"``, ``"CONJUNCTION"``, or ``"NONE"``). So do
every two mentions the extractor itself finds in a sentence (a pair is a gold
relation only when both spans are exact), so the classifier also learns to
reject pairs of wrong mentions, as it meets them in use. Those mentions come
from span models that did not see the document (``--fold-span-models``: model
k trained on the train documents whose index modulo the number of models is
not k, made by :mod:`extract.training.train`): the shipped span model has
learnt train by heart (98% of its train mentions are exact, 74% on dev), so
its mentions on train would teach the classifier to trust every mention.
Without folds the shipped model's train mentions are used (the older recipe).
A multinomial logistic regression (scikit-learn, needed for training only) is
fitted on train for each regularisation strength of ``--c``; the strength and
the probability threshold with the best end-to-end dev relation F1 (the
extractor's mentions, SciERC's strict match) among those keeping the F1 with
gold mentions at ``--min-gold-f1`` or more are kept. Weights go out as JSON +
NumPy (:class:`extract.relation_model.RelationModel`), never pickled.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from extract.components.relation_model import candidate_pairs, classify
from extract.gold import GoldDoc, GoldRelation, comparable, read_gold
from extract.labels import SYMMETRIC_RELATIONS
from extract.model import PACKAGED_RELATION_MODEL
from extract.relation_features import pair_features, proposals
from extract.relation_model import BACKWARD, FORWARD, NONE, RelationModel

REPO = Path(__file__).resolve().parents[2]


def mention_pipeline(model: str | None = None, span_model: str | None = None):
    """The extractor's pipeline up to its mentions (``doc._.kg_mentions``): no relation model, no record;
    ``span_model``: another span proposer than the packaged one."""
    from extract.model import load_model
    from extract.pipeline import COMPONENTS

    nlp = load_model(model)
    for name, where in COMPONENTS:
        if name not in ("paperkg_relation_model", "paperkg_record"):
            config = {"model": span_model} if name == "paperkg_spans" and span_model else {}
            nlp.add_pipe(name, config=config, **where)
    return nlp


def fold_examples(golds: list[GoldDoc], span_models: list[str], model: str | None = None):
    """Examples of the extractor's mention pairs on train, each document's mentions found with the span
    model of its fold (model k for the documents whose index modulo ``len(span_models)`` is k)."""
    X: list[list[str]] = []
    y: list[str] = []
    for k, span_model in enumerate(span_models):
        part = [g for i, g in enumerate(golds) if i % len(span_models) == k]
        docs = list(mention_pipeline(model, span_model).pipe(g.text for g in part))
        Xk, yk = examples(docs, part, predicted_sentences)
        X, y = X + Xk, y + yk
    return X, y


def _tokens(gold: GoldDoc, start: int, end: int) -> tuple[int, int] | None:
    hit = [i for i, (s, e) in enumerate(gold.offsets) if s < end and e > start]
    return (hit[0], hit[-1]) if hit else None


def predicted_sentences(doc, gold: GoldDoc):
    """Per sentence of the doc: the extractor's mentions as spans (sorted), their labels and gold token spans."""
    groups: dict[int, list] = {}
    for m in doc._.kg_mentions:
        span = None if m.derived else doc.char_span(m.start, m.end, alignment_mode="expand")
        tokens = _tokens(gold, m.start, m.end)
        if span is not None and len(span) and tokens is not None:
            groups.setdefault(m.sentence, []).append((span, m.label, tokens))
    for items in groups.values():
        items = sorted({(s.start, s.end, label, tokens) for s, label, tokens in items})
        yield [doc[s:e] for s, e, _, _ in items], [it[2] for it in items], [it[3] for it in items]


def gold_sentences(doc, gold: GoldDoc):
    """Per gold sentence: its mentions as doc spans (sorted, overlaps dropped), their labels and gold token spans."""
    for _, typed in gold.sentences:
        items = []
        for s, e, label in typed:
            span = doc.char_span(gold.offsets[s][0], gold.offsets[e][1], alignment_mode="expand")
            if span is not None and len(span):
                items.append((span, label, (s, e)))
        items.sort(key=lambda it: (it[0].start, it[0].end))
        yield [it[0] for it in items], [it[1] for it in items], [it[2] for it in items]


def examples(docs, golds: list[GoldDoc], sentences=gold_sentences) -> tuple[list[list[str]], list[str]]:
    """Feature lists and classes of every mention pair of every sentence (``sentences``: gold's or the extractor's)."""
    X, y = [], []
    for doc, gold in zip(docs, golds, strict=True):
        rel_of = {(s1, e1, s2, e2): t for s1, e1, s2, e2, t in gold.relations}
        proposed = proposals(doc)
        for spans, labels, tokens in sentences(doc, gold):
            for i, j in candidate_pairs(spans):
                X.append(pair_features(doc, spans[i], spans[j], labels[i], labels[j], j - i - 1, proposed))
                fwd, bwd = rel_of.get((*tokens[i], *tokens[j])), rel_of.get((*tokens[j], *tokens[i]))
                if fwd:
                    y.append(fwd if fwd in SYMMETRIC_RELATIONS else fwd + FORWARD)
                elif bwd:
                    y.append(bwd if bwd in SYMMETRIC_RELATIONS else bwd + BACKWARD)
                else:
                    y.append(NONE)
    return X, y


def predicted_relations(
    model: RelationModel, docs, golds: list[GoldDoc], sentences=gold_sentences
) -> list[set[GoldRelation]]:
    """Per document: the relations the model gives between the mentions of ``sentences``, as comparable token tuples."""
    out = []
    for doc, gold in zip(docs, golds, strict=True):
        found: set[GoldRelation] = set()
        for spans, labels, tokens in sentences(doc, gold):
            for h, t, rtype, _ in classify(model, doc, spans, labels):
                found.add(comparable((*tokens[h], *tokens[t], rtype)))
        out.append(found)
    return out


def f1(predicted: list[set[GoldRelation]], golds: list[GoldDoc]) -> tuple[float, float, float]:
    tp = sum(len(p & {comparable(r) for r in g.relations}) for p, g in zip(predicted, golds, strict=True))
    n_pred, n_gold = sum(map(len, predicted)), sum(len(g.relations) for g in golds)
    p, r = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fit(X: list[list[str]], y: list[str], c: float, min_count: int) -> RelationModel:
    """A logistic regression over the features seen at least ``min_count`` times in training."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats in X for f in set(feats))
    rows = [{f: 1 for f in feats if counts[f] >= min_count} for feats in X]
    vec = DictVectorizer()
    matrix = vec.fit_transform(rows)
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(matrix, y)
    return RelationModel(
        list(clf.classes_), list(vec.get_feature_names_out()), clf.coef_.T.copy(), clf.intercept_.copy(), 0.5
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"), help="the shared data folder (SciERC)")
    parser.add_argument("--target", default=str(PACKAGED_RELATION_MODEL), help="where the trained model goes")
    parser.add_argument("--model", default=None, help="spaCy English model that parses (default: the extractor's)")
    parser.add_argument("--c", default="0.1,0.3", help="regularisation strengths tried (comma-separated)")
    parser.add_argument("--min-count", type=int, default=3, help="features seen fewer times in train are dropped")
    parser.add_argument(
        "--fold-span-models",
        default=None,
        help="span models trained on folds of train (comma-separated; model k without the documents i with "
        "i %% n == k), whose mentions on their held-out documents train the classifier",
    )
    parser.add_argument(
        "--thresholds", default="0.1,0.15,0.2,0.25,0.3,0.35,0.4,0.5", help="probability thresholds tried"
    )
    parser.add_argument(
        "--min-gold-f1", type=float, default=0.5, help="dev F1 with gold mentions a chosen setting must keep"
    )
    parser.add_argument(
        "--gold-mentions-only",
        action="store_true",
        help="train on the gold mentions' pairs only (not also on the extractor's)",
    )
    args = parser.parse_args(argv)
    scierc = Path(args.shared) / "eval" / "scierc"
    train, dev = read_gold(scierc / "train.jsonl"), read_gold(scierc / "dev.jsonl")
    for problem in train.problems + dev.problems:
        print(f"skipped {problem}", file=sys.stderr)
    nlp = mention_pipeline(args.model)
    train_docs = list(nlp.pipe(g.text for g in train.docs))
    dev_docs = list(nlp.pipe(g.text for g in dev.docs))
    X, y = examples(train_docs, train.docs)
    print(f"train: {len(train.docs)} docs, {len(X)} gold-mention pairs, {sum(c != NONE for c in y)} relations")
    folds = args.fold_span_models.split(",") if args.fold_span_models else []
    if not args.gold_mentions_only:
        if folds:
            Xp, yp = fold_examples(train.docs, folds, args.model)
            source = f"the extractor's mentions with {len(folds)} held-out span models"
        else:
            Xp, yp = examples(train_docs, train.docs, predicted_sentences)
            source = "the extractor's mentions with the shipped span model"
        print(f"       {len(Xp)} pairs of {source}, {sum(c != NONE for c in yp)} relations", flush=True)
        X, y = X + Xp, y + yp
    best: tuple[tuple[bool, float], RelationModel | None, tuple] = ((False, -1.0), None, ())
    for c in (float(v) for v in args.c.split(",")):
        model = fit(X, y, c, args.min_count)
        for threshold in (float(v) for v in args.thresholds.split(",")):
            model.threshold = threshold
            gold_prf = f1(predicted_relations(model, dev_docs, dev.docs), dev.docs)
            e2e_prf = f1(predicted_relations(model, dev_docs, dev.docs, predicted_sentences), dev.docs)
            print(
                f"C={c:<5} threshold={threshold:.2f}  dev gold mentions P {gold_prf[0]:.3f} R {gold_prf[1]:.3f} "
                f"F1 {gold_prf[2]:.3f}; end to end P {e2e_prf[0]:.3f} R {e2e_prf[1]:.3f} F1 {e2e_prf[2]:.3f}",
                flush=True,
            )
            rank = (gold_prf[2] >= args.min_gold_f1, e2e_prf[2])
            if rank > best[0]:
                best = (rank, model, (c, threshold, gold_prf, e2e_prf))
                model = RelationModel(model.classes, model.features, model.weights, model.bias, threshold)
    _, chosen, (c, threshold, gold_prf, e2e_prf) = best
    assert chosen is not None
    model = chosen
    model.threshold = threshold
    scores = {
        name: {"p": round(v[0], 4), "r": round(v[1], 4), "f1": round(v[2], 4)}
        for name, v in (("gold_mentions", gold_prf), ("end_to_end", e2e_prf))
    }
    model.info = {
        "trained_on": "SciERC train (gold mentions, Generic left out"
        + (")" if args.gold_mentions_only else f"; and {source})"),
        "C": c,
        "min_count": args.min_count,
        "dev": scores,
    }
    model.to_disk(args.target)
    print(f"relation model -> {args.target}: C={c} threshold={threshold} dev {scores}; {len(model.features)} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
