"""The ranking model: a linear scorer per query type, read from ``model.json``.

Linear so that every suggestion's score splits into per-signal contributions (its reasons).
``with_org`` scores queries that name an organisation, ``text_only`` the others.

Each signal weighs twice: by its value, and by its value relative to the strongest candidate
of the same query (value ÷ the largest value among the query's candidates). The second term
lets evidence count by how it compares within the query: three joint projects matter more
for a coordinator whose closest partner has four than for one whose closest has forty, which a
single weight on the raw value cannot express. The divisor is at least the signal's ``floor``
(the typical largest value of a training query), so that weak evidence does not look strong
merely because nothing better was found (a small index, a vague query). Both weights share the
sign bound of the signal, so a signal's contribution ``x × (w + w_rel / max(top, floor))``
still never falls as ``x`` grows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from marketplace.matching.features import FEATURES, Settings

MODEL_PATH = Path(__file__).resolve().parent / "model.json"
MODEL_VERSION = 1


def relative(X: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """Each column of one query's candidate rows ÷ max(its largest value, ``floor``).

    Columns whose divisor is not positive are divided by 1.
    """
    if len(X) == 0:
        return X
    top = np.maximum(X.max(axis=0), floor)
    return X / np.where(top > 0, top, 1.0)[np.newaxis, :]


@dataclass(frozen=True)
class LinearScorer:
    """``logit = bias + X @ weights + relative(X, floor) @ relative_weights``; sigmoid → prob.

    ``X`` holds all candidates of one query: the relative term depends on the whole set.
    """

    bias: float
    weights: np.ndarray  # aligned with FEATURES
    relative_weights: np.ndarray  # aligned with FEATURES
    relative_floor: np.ndarray  # aligned with FEATURES

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-candidate, per-feature contribution to the logit (rows of one query)."""
        rel = relative(X, self.relative_floor)
        return X * self.weights[np.newaxis, :] + rel * self.relative_weights[np.newaxis, :]

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Logit per candidate row (rows of one query)."""
        return self.bias + self.contributions(X).sum(axis=1)


@dataclass(frozen=True)
class RankingModel:
    """Scorers plus the settings that must match between training and serving."""

    with_org: LinearScorer
    text_only: LinearScorer
    settings: Settings
    feedback_weight: float
    raw: dict[str, Any]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RankingModel:
        """Build from the parsed model.json; features missing from the file weigh 0."""
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"model version {data.get('version')} is not {MODEL_VERSION}")

        def aligned(weights: dict[str, float]) -> np.ndarray:
            return np.array([float(weights.get(name, 0.0)) for name in FEATURES], dtype=np.float32)

        def scorer(part: dict[str, Any]) -> LinearScorer:
            return LinearScorer(
                float(part["bias"]),
                aligned(part["weights"]),
                aligned(part.get("relative_weights", {})),
                aligned(part.get("relative_floor", {})),
            )

        return cls(
            with_org=scorer(data["models"]["with_org"]),
            text_only=scorer(data["models"]["text_only"]),
            settings=Settings(**data.get("settings", {})),
            feedback_weight=float(data.get("feedback_weight", 2.0)),
            raw=data,
        )

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> RankingModel:
        """Read a model file (default: the versioned ``marketplace/matching/model.json``)."""
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))
