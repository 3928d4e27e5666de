"""spaCy-based extraction of typed mentions from abstracts.

>>> from extract import Extractor                     # doctest: +SKIP
>>> Extractor().extract("Title", "We evaluate on CIFAR-10.").mentions  # doctest: +SKIP

Names are imported on first use, so ``extract.record`` and
``extract.normalise`` are available without importing spaCy.
"""

from importlib import import_module

_EXPORTS = {
    "Extractor": "extract.pipeline",
    "compose": "extract.pipeline",
    "ModelNotFound": "extract.model",
    "load_model": "extract.model",
    "canonical_key": "extract.normalise",
    "Extraction": "extract.record",
    "Mention": "extract.record",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
