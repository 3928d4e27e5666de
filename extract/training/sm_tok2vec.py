"""Write the tok2vec weights of en_core_web_sm's NER to a file, for ``[paths] init_tok2vec``.

    python -m extract.training.sm_tok2vec corpus/sm_ner_tok2vec.bin

en_core_web_sm's NER has its own tok2vec with exactly the architecture of
``extract/training/ner.cfg`` (NORM/PREFIX/SUFFIX/SHAPE hash embeddings, a
4-layer width-96 CNN), trained on OntoNotes: a warm start for the span
proposer. The model is the one installed with paperkg (no download).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from extract.model import DEFAULT_MODELS, model_name


def main(argv: list[str] | None = None) -> int:
    import spacy

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target")
    parser.add_argument("--model", default=None, help=f"spaCy model (default: first installed of {DEFAULT_MODELS})")
    args = parser.parse_args(argv)
    nlp = spacy.load(model_name(args.model), exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])
    Path(args.target).parent.mkdir(parents=True, exist_ok=True)
    ner = nlp.get_pipe("ner")
    # the EntityRecognizer has a model; spaCy types get_pipe as a plain Doc -> Doc callable
    Path(args.target).write_bytes(ner.model.get_ref("tok2vec").to_bytes())  # type: ignore[attr-defined]
    print(f"{args.target}: tok2vec of {nlp.meta['name']} {nlp.meta['version']} NER")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
