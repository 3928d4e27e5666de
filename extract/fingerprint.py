"""The extractor's fingerprint: part of every extraction-cache key. No spaCy import."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from extract.model import model_name

#: bump when extraction output changes in a way the code hash does not show
EXTRACTOR_VERSION = "1"


def fingerprint(model: str | None = None) -> str:
    """Identifies (model name + version, extractor code and lexicons) without loading the model.

    Part of every cache key: changing the model, the code or a lexicon re-extracts.
    """
    return _fingerprint(model_name(model))  # resolved first: $KG_SPACY_MODEL may change


@lru_cache(maxsize=8)
def _fingerprint(name: str) -> str:
    try:
        version = metadata.version(name)
    except metadata.PackageNotFoundError:
        version = "?"
    h = hashlib.sha1(f"{EXTRACTOR_VERSION}|{name}|{version}".encode())
    root = Path(__file__).parent
    for path in sorted([*root.rglob("*.py"), *root.glob("lexicon/*.txt")]):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]
