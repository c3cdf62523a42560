"""The ranking model: a linear scorer per query type, read from ``model.json``.

Linear so that every suggestion's score splits into per-signal contributions (its reasons).
``with_org`` scores queries that name an organisation, ``text_only`` the others.
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


@dataclass(frozen=True)
class LinearScorer:
    """``logit = bias + X @ weights``; probability = sigmoid(logit)."""

    bias: float
    weights: np.ndarray  # aligned with FEATURES

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-candidate, per-feature contribution to the logit."""
        return X * self.weights[np.newaxis, :]

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Logit per candidate row."""
        return self.bias + X @ self.weights


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

        def scorer(part: dict[str, Any]) -> LinearScorer:
            weights = np.array(
                [float(part["weights"].get(name, 0.0)) for name in FEATURES], dtype=np.float32
            )
            return LinearScorer(float(part["bias"]), weights)

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
