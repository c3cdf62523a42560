"""Learning from use: refit the installation's re-ranking on accepted and dismissed
suggestions (on a schedule, in the worker), keep it only when the offline check does not get
worse, and serve the one in force.

See rerank.py for the fit and the guard. A fit needs enough reactions of both kinds; until
then the model as trained ranks alone.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from typing import Any

import numpy as np

from marketplace.matching.models import RerankFit, SuggestionFeedback, Verdict

MIN_EACH = 10  # accepted and dismissed reactions needed before a fit means anything
CACHE_SECONDS = 60.0
_in_force: dict[str, Any] = {"at": -1e9, "weights": None}


def current_reranking() -> np.ndarray | None:
    """Weights of the accepted fit in force (re-read at most once a minute per process), or
    None when there is none or it was fitted for other signals than the model's."""
    now = time.monotonic()
    if now - _in_force["at"] < CACHE_SECONDS:
        return _in_force["weights"]
    from marketplace.matching.features import FEATURES

    fit = RerankFit.objects.filter(outcome=RerankFit.Outcome.ACCEPTED).first()
    weights = None
    if fit is not None and list(fit.features) == list(FEATURES):
        weights = np.asarray(fit.weights, dtype=np.float32)
    _in_force.update(at=now, weights=weights)
    return weights


def forget_reranking() -> None:
    _in_force.update(at=-1e9, weights=None)


def _training_rows() -> tuple[list[np.ndarray], list[int], list[float], Counter[str]]:
    """Feature rows, verdicts and model logits of every reaction whose candidate is still a
    candidate for its subject's query."""
    from marketplace.matching.store import current_engine
    from marketplace.matching.suggestions import query_for_subject

    by_subject: dict[str, dict[str, str]] = defaultdict(dict)
    reasons: Counter[str] = Counter()
    for subject, candidate, verdict, reason in SuggestionFeedback.objects.values_list(
        "subject", "candidate", "verdict", "reason"
    ):
        by_subject[subject][candidate] = verdict
        reasons[reason] += 1
    engine = current_engine()
    X, y, offset = [], [], []
    for subject, verdicts in by_subject.items():
        query = query_for_subject(subject)
        if query is None:
            continue
        query["exclude"] = []  # dismissed candidates are what we learn from
        for ref, (row, logit) in engine.rows(query, verdicts).items():
            X.append(row)
            y.append(1 if verdicts[ref] == Verdict.ACCEPTED else 0)
            offset.append(logit)
    return X, y, offset, reasons


def rerank_refit() -> RerankFit:
    """Fit the re-ranking on all reactions so far and record the outcome with its figures."""
    from marketplace.matching import rerank
    from marketplace.matching.features import FEATURES
    from marketplace.matching.model import RankingModel

    X, y, offset, reasons = _training_rows()
    accepted, dismissed = sum(y), len(y) - sum(y)
    base = {"accepted": accepted, "dismissed": dismissed, "reasons": dict(reasons)}
    if accepted < MIN_EACH or dismissed < MIN_EACH:
        return RerankFit.objects.create(
            outcome=RerankFit.Outcome.TOO_LITTLE,
            accepted=accepted,
            dismissed=dismissed,
            figures=base,
            note=f"needs {MIN_EACH} accepted and {MIN_EACH} dismissed suggestions",
        )
    Xa, ya, oa = np.vstack(X), np.array(y), np.array(offset)
    weights = rerank.fit(Xa, ya, oa)
    model = RankingModel.load()
    check = rerank.OfflineCheck.load()
    before = check.evaluate(model)
    after = check.evaluate(model, weights)
    figures = {
        **base,
        "offline_before": before,
        "offline_after": after,
        "feedback_log_loss_before": round(rerank.log_loss(ya, oa), 4),
        "feedback_log_loss_after": round(rerank.log_loss(ya, oa + Xa @ weights), 4),
    }
    losses = rerank.worse(before, after)
    stale = check.features != list(FEATURES) or check.model != rerank.model_fingerprint()
    if stale:
        losses.append("the offline check was built for another model; rebuild it")
    fit = RerankFit.objects.create(
        outcome=RerankFit.Outcome.REFUSED if losses else RerankFit.Outcome.ACCEPTED,
        accepted=accepted,
        dismissed=dismissed,
        features=list(FEATURES),
        weights=[round(float(w), 6) for w in weights],
        figures=figures,
        note="; ".join(losses),
    )
    forget_reranking()
    return fit
