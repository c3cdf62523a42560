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

A signal may also weigh by a monotone piecewise-linear curve instead of one slope: ``knots``
(fitted quantiles of the signal's positive values) cut its range into segments, each with its
own non-negative slope (``ramp_weights``: below the first knot, between knots, above the last),
so that e.g. the first joint project can count more than the tenth. Slopes share the signal's
sign bound, so the curve is still monotone; the signal's raw ``weight`` is then 0.

Scorers ``with_org_meaning`` / ``text_only_meaning`` also weigh the text-vector signals
(features.MEANING_FEATURES); they serve when the index and the query have text vectors, the
two without them otherwise (the model-free fallback).

Each scorer carries a ``calibration``: ``confidence = sigmoid(a · logit + b · (logit − the
query's best logit) + c)``, with a, b ≥ 0, fitted on held-out training queries (train.py): the
chance that a candidate ranked so is one of the query's partners. It rises with the logit and
never exceeds [0, 1]; the score keeps its meaning (the listwise logit through the sigmoid).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from marketplace.matching.features import FEATURES, F, Settings

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


def ramps(x: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """``x`` split at ``knots`` into len(knots) + 1 segment columns that sum back to ``x``.

    Column 0 is ``min(x, knots[0])``, column j the part of ``x`` between knots j-1 and j, the
    last the part above the last knot; a weight per column is the curve's slope there.
    """
    cols = [np.minimum(x, knots[0])]
    for lo, hi in itertools.pairwise(knots):
        cols.append(np.clip(x - lo, 0.0, hi - lo))
    cols.append(np.maximum(x - knots[-1], 0.0))
    return np.column_stack(cols).astype(np.float32)


@dataclass(frozen=True)
class LinearScorer:
    """``logit = bias + X @ weights + relative(X, floor) @ relative_weights``; sigmoid → prob.

    ``X`` holds all candidates of one query: the relative term depends on the whole set.
    """

    bias: float
    weights: np.ndarray  # aligned with FEATURES
    relative_weights: np.ndarray  # aligned with FEATURES
    relative_floor: np.ndarray  # aligned with FEATURES
    # Feature index → (knots, slopes): signals weighed by a monotone curve (see module doc).
    curves: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    # (a, b, c) of the confidence (module doc); None: the plain sigmoid of the logit.
    calibration: tuple[float, float, float] | None = None

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """Per-candidate, per-feature contribution to the logit (rows of one query)."""
        rel = relative(X, self.relative_floor)
        out = X * self.weights[np.newaxis, :] + rel * self.relative_weights[np.newaxis, :]
        for i, (knots, slopes) in self.curves.items():
            out[:, i] += ramps(X[:, i], knots) @ slopes
        return out

    def logits(self, X: np.ndarray) -> np.ndarray:
        """Logit per candidate row (rows of one query)."""
        return self.bias + self.contributions(X).sum(axis=1)

    def confidence(self, logits: np.ndarray, best: float | None = None) -> np.ndarray:
        """Calibrated chance of being a partner, per logit of one query's candidates; ``best``
        is the query's largest logit (default: the largest of ``logits``)."""
        logits = np.asarray(logits, dtype=np.float64)
        if len(logits) == 0:
            return logits
        top = float(logits.max()) if best is None else best
        a, b, c = self.calibration or (1.0, 0.0, 0.0)
        z = a * logits + b * (logits - top) + c
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


@dataclass(frozen=True)
class RankingModel:
    """Scorers plus the settings that must match between training and serving."""

    with_org: LinearScorer
    text_only: LinearScorer
    settings: Settings
    feedback_weight: float
    raw: dict[str, Any]
    with_org_meaning: LinearScorer | None = None
    text_only_meaning: LinearScorer | None = None

    def scorer(self, with_org: bool, meaning: bool) -> LinearScorer:
        """The scorer for a query with or without an organisation, with or without vectors."""
        if meaning:
            chosen = self.with_org_meaning if with_org else self.text_only_meaning
            if chosen is not None:
                return chosen
        return self.with_org if with_org else self.text_only

    @property
    def has_meaning(self) -> bool:
        return self.with_org_meaning is not None and self.text_only_meaning is not None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RankingModel:
        """Build from the parsed model.json; features missing from the file weigh 0."""
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"model version {data.get('version')} is not {MODEL_VERSION}")

        def aligned(weights: dict[str, float]) -> np.ndarray:
            return np.array([float(weights.get(name, 0.0)) for name in FEATURES], dtype=np.float32)

        def scorer(part: dict[str, Any]) -> LinearScorer:
            curves = {
                F[name]: (
                    np.array(knots, dtype=np.float32),
                    np.array(part["ramp_weights"][name], dtype=np.float32),
                )
                for name, knots in part.get("knots", {}).items()
                if name in F and knots
            }
            calibration = part.get("calibration")
            return LinearScorer(
                float(part["bias"]),
                aligned(part["weights"]),
                aligned(part.get("relative_weights", {})),
                aligned(part.get("relative_floor", {})),
                curves,
                (
                    (
                        float(calibration["logit"]),
                        float(calibration["gap"]),
                        float(calibration["bias"]),
                    )
                    if calibration
                    else None
                ),
            )

        models = data["models"]
        return cls(
            with_org=scorer(models["with_org"]),
            text_only=scorer(models["text_only"]),
            settings=Settings(**data.get("settings", {})),
            feedback_weight=float(data.get("feedback_weight", 2.0)),
            raw=data,
            with_org_meaning=scorer(models["with_org_meaning"])
            if "with_org_meaning" in models
            else None,
            text_only_meaning=scorer(models["text_only_meaning"])
            if "text_only_meaning" in models
            else None,
        )

    @classmethod
    def load(cls, path: str | Path = MODEL_PATH) -> RankingModel:
        """Read a model file (default: the versioned ``marketplace/matching/model.json``)."""
        with open(path, encoding="utf-8") as f:
            return cls.from_dict(json.load(f))
