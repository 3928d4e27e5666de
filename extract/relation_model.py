"""The relation classifier's weights: a multinomial logistic regression over pair features.

A model directory (``extract/models/scierc_rel``, made by ``scripts/train.sh``
through :mod:`extract.training.relations`) holds ``meta.json`` (classes,
feature names, threshold, training scores) and ``weights.npz`` (NumPy arrays,
read with ``allow_pickle=False``). Classes are ``"NONE"``, a relation type
with its direction (``"USED_FOR>"``: the first mention in the text is the
head; ``"USED_FOR<"``: the second is) or a symmetric type alone
(``"COMPARED_WITH"``). Prediction needs NumPy only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

NONE = "NONE"
FORWARD, BACKWARD = ">", "<"


class RelationModelError(RuntimeError):
    """A relation model directory is missing or unreadable."""


@dataclass
class RelationModel:
    """Weights (features × classes), bias and the threshold a relation's probability must reach."""

    classes: list[str]
    features: list[str]
    weights: np.ndarray
    bias: np.ndarray
    threshold: float = 0.5
    info: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {f: i for i, f in enumerate(self.features)}

    def probabilities(self, pairs: list[list[str]]) -> np.ndarray:
        """Class probabilities, one row per pair of feature strings (unknown features are ignored)."""
        scores = np.tile(self.bias, (len(pairs), 1))
        for row, feats in enumerate(pairs):
            rows = [self.index[f] for f in set(feats) if f in self.index]
            if rows:
                scores[row] += self.weights[rows].sum(axis=0)
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        return scores / scores.sum(axis=1, keepdims=True)

    def decide(self, pairs: list[list[str]]) -> list[tuple[str, float] | None]:
        """Per pair: the most probable relation class and its probability when that reaches the threshold."""
        if not pairs:
            return []
        probs = self.probabilities(pairs)
        none = self.classes.index(NONE)
        probs[:, none] = -1.0
        best = probs.argmax(axis=1)
        return [
            (self.classes[b], float(probs[i, b])) if probs[i, b] >= self.threshold else None for i, b in enumerate(best)
        ]

    def to_disk(self, directory: str | Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        meta = {"classes": self.classes, "threshold": self.threshold, "features": self.features, **self.info}
        (directory / "meta.json").write_text(json.dumps(meta, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        np.savez_compressed(
            directory / "weights.npz", weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32)
        )

    @classmethod
    def from_disk(cls, directory: str | Path) -> RelationModel:
        directory = Path(directory)
        try:
            meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
            with np.load(directory / "weights.npz", allow_pickle=False) as arrays:
                weights, bias = arrays["weights"], arrays["bias"]
        except (OSError, ValueError, KeyError) as exc:
            raise RelationModelError(
                f"relation model at {directory} cannot be read ({exc.__class__.__name__}: {exc}); rebuild it with "
                "scripts/train.sh (docs/extraction.md) or point KG_RELATION_MODEL at a trained one"
            ) from None
        info = {k: v for k, v in meta.items() if k not in ("classes", "threshold", "features")}
        if weights.shape != (len(meta["features"]), len(meta["classes"])) or bias.shape != (len(meta["classes"]),):
            raise RelationModelError(f"relation model at {directory}: weights do not match meta.json")
        return cls(
            list(meta["classes"]),
            list(meta["features"]),
            weights.astype(np.float64),
            bias.astype(np.float64),
            float(meta["threshold"]),
            info,
        )
