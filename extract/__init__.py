"""spaCy-based extraction of typed mentions from abstracts.

>>> from extract import Extractor                     # doctest: +SKIP
>>> Extractor().extract("Title", "We evaluate on CIFAR-10.").mentions  # doctest: +SKIP
"""

from extract.model import ModelNotFound, load_model
from extract.normalise import canonical_key
from extract.pipeline import Extractor, compose
from extract.record import Extraction, Mention

__all__ = ["Extractor", "Extraction", "Mention", "ModelNotFound", "canonical_key", "compose", "load_model"]
