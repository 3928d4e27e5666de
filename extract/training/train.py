"""Train the span proposer and install it into the package: what ``scripts/train.sh`` runs.

    python -m extract.training.train                 # SciERC from ../shared, en_core_web_sm warm start
    python -m extract.training.train --init none     # a fresh tok2vec instead
    python -m extract.training.train --init pretrain --pretrain-epochs 3   # + `spacy pretrain` on the arXiv corpus
    python -m extract.training.train --relations-only  # only the relation classifier (extract.training.relations)

Steps: SciERC train/dev → DocBin (:mod:`extract.training.scierc`); the NER's
tok2vec initial weights (``--init``: en_core_web_sm's NER tok2vec, a
``spacy pretrain`` run on the arXiv abstracts starting from those, or
nothing); ``spacy train extract/training/ner.cfg`` (dev picks the best
checkpoint); the best pipeline is copied to ``extract/models/scierc_ner``.
Third-party data is read from ``--shared`` at run time and never copied into
the repository; intermediate files go to ``--work`` (default ``build/train``).
Then the relation classifier is trained (:mod:`extract.training.relations`,
into ``extract/models/scierc_rel``), reading the same SciERC files. It learns
from the mentions the extractor finds on train documents, found with span
models that did not see them: ``--folds`` span models (default 2), model k
trained like the shipped one but on the train documents i with i % folds != k
and for ``--fold-epochs`` epochs, kept in ``--work``/folds and reused by later
runs (delete that folder to retrain them).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("ner.cfg")
TARGET = REPO / "extract" / "models" / "scierc_ner"


def run(*args: str) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run([sys.executable, *args], check=True)


def raw_text(corpus: Path, target: Path) -> Path:
    """The corpus' titles and abstracts as ``{"text": ...}`` lines, for ``spacy pretrain``."""
    with corpus.open(encoding="utf-8") as src, target.open("w", encoding="utf-8") as out:
        for line in src:
            rec = json.loads(line)
            out.write(json.dumps({"text": f"{rec.get('title', '')}\n\n{rec.get('abstract', '')}".strip()}) + "\n")
    return target


def forget_paths(config: Path) -> None:
    """Set the [paths] of a trained pipeline's config to null: where it was trained is not part of the model
    (and would change the cache key from one machine to the next)."""
    from spacy.util import load_config

    cfg = load_config(config, interpolate=False)
    for name in cfg["paths"]:
        cfg["paths"][name] = None
    cfg.to_disk(config)


def fold_span_models(scierc: Path, work: Path, folds: int, epochs: int) -> list[Path]:
    """Span models for the relation classifier's training: model k trained on the SciERC train documents
    i with i % folds != k (dev picks the checkpoint), from en_core_web_sm's NER tok2vec; made once."""
    out = work / "folds"
    out.mkdir(parents=True, exist_ok=True)
    models = [out / f"ner{k}" / "model-best" for k in range(folds)]
    if all((m / "meta.json").is_file() for m in models):
        return models
    lines = (scierc / "train.jsonl").read_text(encoding="utf-8").splitlines()
    run("-m", "extract.training.scierc", str(scierc / "dev.jsonl"), str(out / "dev.spacy"))
    init = out / "sm_ner_tok2vec.bin"
    run("-m", "extract.training.sm_tok2vec", str(init))
    for k, model in enumerate(models):
        if (model / "meta.json").is_file():
            continue
        part = out / f"train{k}.jsonl"
        part.write_text("".join(line + "\n" for i, line in enumerate(lines) if i % folds != k), encoding="utf-8")
        run("-m", "extract.training.scierc", str(part), str(out / f"train{k}.spacy"))
        shutil.rmtree(model.parent, ignore_errors=True)
        run(
            "-m",
            "spacy",
            "train",
            str(CONFIG),
            "--output",
            str(model.parent),
            "--paths.train",
            str(out / f"train{k}.spacy"),
            "--paths.dev",
            str(out / "dev.spacy"),
            "--paths.init_tok2vec",
            str(init),
            f"--training.max_epochs={epochs}",
            "--training.eval_frequency=300",
        )
    return models


def train_relations(shared: Path, work: Path, folds: int, epochs: int) -> None:
    """The relation classifier (:mod:`extract.training.relations`), with held-out span models' mentions."""
    models = fold_span_models(shared / "eval" / "scierc", work, folds, epochs)
    run(
        "-m",
        "extract.training.relations",
        "--shared",
        str(shared),
        "--fold-span-models",
        ",".join(str(m) for m in models),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared"), help="the shared data folder (SciERC, corpus)")
    parser.add_argument("--work", default=str(REPO / "build" / "train"), help="intermediate files")
    parser.add_argument(
        "--init",
        choices=("sm", "pretrain", "none"),
        default="sm",
        help="initial tok2vec weights (default: en_core_web_sm's NER tok2vec)",
    )
    parser.add_argument("--pretrain-epochs", type=int, default=3)
    parser.add_argument("--target", default=str(TARGET), help="where the trained pipeline goes")
    parser.add_argument(
        "--relations-only",
        action="store_true",
        help="train only the relation classifier (extract/models/scierc_rel), keep the span model",
    )
    parser.add_argument("--folds", type=int, default=2, help="held-out span models for the relation classifier")
    parser.add_argument("--fold-epochs", type=int, default=10, help="training epochs of each held-out span model")
    parser.add_argument("spacy_args", nargs="*", help="extra `spacy train` overrides, e.g. --training.max_epochs=30")
    args = parser.parse_args(argv)
    shared, work = Path(args.shared), Path(args.work)
    if args.relations_only:
        train_relations(shared, work, args.folds, args.fold_epochs)
        return 0
    work.mkdir(parents=True, exist_ok=True)
    scierc = shared / "eval" / "scierc"
    run("-m", "extract.training.scierc", str(scierc / "train.jsonl"), str(work / "train.spacy"))
    run("-m", "extract.training.scierc", str(scierc / "dev.jsonl"), str(work / "dev.spacy"))
    overrides = ["--paths.train", str(work / "train.spacy"), "--paths.dev", str(work / "dev.spacy")]
    init = None
    if args.init in ("sm", "pretrain"):
        init = work / "sm_ner_tok2vec.bin"
        run("-m", "extract.training.sm_tok2vec", str(init))
    if args.init == "pretrain":
        text = raw_text(shared / "corpus" / "arxiv_ml_5k.jsonl", work / "pretrain.jsonl")
        out = work / "pretrain"
        shutil.rmtree(out, ignore_errors=True)
        run(
            "-m",
            "spacy",
            "pretrain",
            str(CONFIG),
            str(out),
            "--paths.raw_text",
            str(text),
            "--pretraining.max_epochs",
            str(args.pretrain_epochs),
            "--resume-path",
            str(init),
            "--epoch-resume",
            "0",
        )
        init = out / f"model{args.pretrain_epochs - 1}.bin"
    if init is not None:
        overrides += ["--paths.init_tok2vec", str(init)]
    trained = work / "ner"
    run("-m", "spacy", "train", str(CONFIG), "--output", str(trained), *overrides, *args.spacy_args)
    target = Path(args.target)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(trained / "model-best", target)
    forget_paths(target / "config.cfg")
    meta = json.loads((target / "meta.json").read_text())
    print(
        f"span model -> {target}: dev ents_f {meta['performance']['ents_f']:.3f} "
        f"(p {meta['performance']['ents_p']:.3f}, r {meta['performance']['ents_r']:.3f})"
    )
    train_relations(shared, work, args.folds, args.fold_epochs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
