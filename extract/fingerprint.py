"""The extractor's fingerprint: part of every extraction-cache key. No spaCy import."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from extract.model import model_name, relation_model_path, span_model_path

#: bump when extraction output changes in a way the code hash does not show
EXTRACTOR_VERSION = "1"


def fingerprint(model: str | None = None, span_model: str | None = None, relation_model: str | None = None) -> str:
    """Identifies (model name + version, span and relation model files, extractor code, lexicons and name lists)
    without loading a model.

    Part of every cache key: changing a model, the code or a lexicon re-extracts.
    """
    # resolved first: $KG_SPACY_MODEL / $KG_SPAN_MODEL may change between calls, and so may the
    # span model's files (a retrained model in the same place): their sizes and times are in the key
    directory = span_model_path(span_model).resolve()
    relations = relation_model_path(relation_model).resolve()
    return _fingerprint(
        model_name(model), str(directory), _file_stats(directory), str(relations), _file_stats(relations)
    )


def _file_stats(directory: Path) -> tuple:
    if not directory.is_dir():
        return ()
    return tuple(
        (str(p), st.st_size, st.st_mtime_ns) for p in sorted(directory.rglob("*")) if p.is_file() for st in [p.stat()]
    )


@lru_cache(maxsize=8)
def _fingerprint(name: str, span_model: str, _stats: tuple, relation_model: str = "", _rel_stats: tuple = ()) -> str:
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        version = "?"
    h = hashlib.sha1(f"{EXTRACTOR_VERSION}|{name}|{version}".encode())
    h.update(span_model_digest(Path(span_model)).encode())
    if relation_model:
        h.update(span_model_digest(Path(relation_model)).encode())
    h.update(code_digest(Path(__file__).parent).encode())
    return h.hexdigest()[:16]


def code_digest(root: Path) -> str:
    """Hash of the extractor's code and shipped lists under ``root`` (the ``extract`` package): every
    module but the training scripts (not how it is made), and every ``vocabulary/*.txt``, which holds the
    fitted weights too (``mention_scorer.txt``, ``contribution_scorer.txt``): refitting them re-extracts."""
    h = hashlib.sha1()
    code = [p for p in root.rglob("*.py") if "training" not in p.relative_to(root).parts]
    for path in sorted([*code, *root.glob("vocabulary/*.txt")]):
        h.update(path.read_bytes())
    return h.hexdigest()


def span_model_digest(directory: Path) -> str:
    """Hash of every file of a trained model directory (meta, config, weights, vocab), by relative path."""
    h = hashlib.sha1()
    if directory.is_dir():
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            h.update(path.relative_to(directory).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()
