"""SciERC JSON Lines → spaCy DocBin, for training the span proposer.

    python -m extract.training.scierc ../shared/eval/scierc/train.jsonl corpus/train.spacy

Each document's text is its tokens joined by single spaces, exactly as
``kg eval`` rebuilds it, and is re-tokenized by spaCy's English tokenizer (the
one the extractor runs), so the model learns on the tokens it will see.
Gold spans become character spans, widened to whole tokens; SciERC types map
to paperkg labels (:data:`extract.gold.GOLD_TYPE_MAP`, ``Generic`` dropped);
where spans overlap (a few dozen in SciERC) the longest is kept, since NER
predicts flat spans.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from extract.gold import GOLD_TYPE_MAP, read_gold


def to_docs(path: str | Path, nlp=None) -> list[Doc]:
    """One spaCy Doc with gold ``ents`` per SciERC document."""
    nlp = nlp or spacy.blank("en")
    gold = read_gold(path)
    for problem in gold.problems:
        print(f"skipped {problem}", file=sys.stderr)
    docs = []
    for g in gold.docs:
        doc = nlp.make_doc(g.text)
        spans = []
        for start, end, label in sorted(g.spans):
            span = doc.char_span(g.offsets[start][0], g.offsets[end][1], label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        docs.append(doc)
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="SciERC-format .jsonl")
    parser.add_argument("target", help="output .spacy file")
    args = parser.parse_args(argv)
    docs = to_docs(args.source)
    Path(args.target).parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=False).to_disk(args.target)
    print(
        f"{args.target}: {len(docs)} docs, {sum(len(d.ents) for d in docs)} spans "
        f"(labels: {', '.join(sorted(v for v in GOLD_TYPE_MAP.values() if v))})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
