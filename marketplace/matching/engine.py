"""The partner-matching engine: index + fitted model → ranked, explained suggestions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from marketplace.matching.features import compute
from marketplace.matching.index import MatchingIndex
from marketplace.matching.model import RankingModel
from marketplace.matching.query import Query, QueryError, UnknownOrganisationError
from marketplace.matching.reasons import Reason, explain_all

UnknownOrgPolicy = Literal["error", "ignore"]


@dataclass(frozen=True)
class Suggestion:
    """One suggested organisation: ``score`` in [0, 1] and its reasons, strongest first."""

    org: str
    score: float
    reasons: list[Reason] = field(default_factory=list)
    confidence: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"org", "score", "reasons": [{"code", "params", "contribution"}]}``."""
        return {
            "org": self.org,
            "score": self.score,
            "reasons": [r.as_dict() for r in self.reasons],
        }


class MatchingEngine:
    """Answers partner queries against one :class:`MatchingIndex` with one model.

    Thread-safe for concurrent reads: nothing is mutated after construction.
    """

    def __init__(self, index: MatchingIndex, model: RankingModel | None = None) -> None:
        self.index = index
        self.model = model or RankingModel.load()

    def suggest(
        self,
        query: Query | Mapping[str, Any],
        *,
        limit: int = 20,
        feedback: Mapping[str, float] | None = None,
        unknown_org: UnknownOrgPolicy = "error",
        keep: Callable[[str], bool] | None = None,
        rerank: np.ndarray | None = None,
    ) -> list[Suggestion]:
        """Rank partner suggestions for one query, best first.

        ``feedback`` maps candidate refs to the query organisation's past reactions, in
        [-1, 1]: -1 = dismissed (never suggested again), 1 = accepted (boosted); values in
        between shift the candidate's logit proportionally. ``unknown_org="ignore"`` answers a
        query whose ``org`` is not indexed from its text and tags alone (as if it had no org);
        the default raises :class:`UnknownOrganisationError`.

        ``keep`` (a test on candidate refs) leaves out what the caller does not want before
        the ranking is cut at ``limit``, so that reasons are only worked out for those.
        ``rerank`` (one weight per feature, rerank.py) adds the installation's re-ranking,
        learnt from its users' reactions, to each logit.

        Raises :class:`QueryError` for an invalid query.
        """
        if limit < 1:
            raise QueryError("limit must be at least 1")
        q = query if isinstance(query, Query) else Query.from_dict(query)
        if q.org is not None and q.org not in self.index.org_pos:
            if unknown_org == "error" or not q.text:
                raise UnknownOrganisationError(q.org)
            q = replace(q, org=None)
        feedback = feedback or {}
        dismissed = {ref for ref, v in feedback.items() if v <= -1.0}
        if dismissed:
            q = replace(q, exclude=q.exclude | dismissed)

        block = compute(self.index, q, self.model.settings)
        scorer = self.model.with_org if q.org is not None else self.model.text_only
        contributions = scorer.contributions(block.X)
        logits = scorer.bias + contributions.sum(axis=1)
        if rerank is not None:
            logits = logits + block.X @ rerank
        boost = np.zeros(len(block.candidates), dtype=np.float32)
        if feedback:
            for i, cand in enumerate(block.candidates):
                boost[i] = float(feedback.get(self.index.org_refs[cand], 0.0))
            logits = logits + self.model.feedback_weight * boost
        wanted = np.arange(len(logits))
        if keep is not None:
            refs = self.index.org_refs
            wanted = np.array(
                [i for i, c in enumerate(block.candidates) if keep(refs[c])], dtype=np.int64
            )
        if len(wanted) > limit:
            top = wanted[np.argpartition(-logits[wanted], limit)[:limit]]
        else:
            top = wanted
        top = top[np.lexsort((block.candidates[top], -logits[top]))]
        reasons = explain_all(
            self.index,
            block.context,
            block.candidates[top],
            contributions[top],
            feedback=boost[top],
            feedback_weight=self.model.feedback_weight,
        )
        scores = 1.0 / (1.0 + np.exp(-logits[top]))
        return [
            Suggestion(
                self.index.org_refs[int(block.candidates[i])], round(float(p), 6), r, float(p)
            )
            for i, p, r in zip(top, scores, reasons, strict=True)
        ]

    def rows(self, query: Query | Mapping[str, Any], refs: Iterable[str]) -> dict[str, Any]:
        """Feature row and model logit of each of ``refs`` that is a candidate for ``query``
        (for fitting the re-ranking on what users accepted and dismissed)."""
        q = query if isinstance(query, Query) else Query.from_dict(query)
        if q.org is not None and q.org not in self.index.org_pos:
            q = replace(q, org=None)
        block = compute(self.index, q, self.model.settings)
        scorer = self.model.with_org if q.org is not None else self.model.text_only
        logits = scorer.logits(block.X)
        position = {self.index.org_refs[int(c)]: i for i, c in enumerate(block.candidates)}
        return {
            ref: (block.X[position[ref]], float(logits[position[ref]]))
            for ref in refs
            if ref in position
        }

    def answer(
        self,
        query: Mapping[str, Any],
        *,
        limit: int = 20,
        feedback: Mapping[str, float] | None = None,
        unknown_org: UnknownOrgPolicy = "error",
    ) -> dict[str, Any]:
        """One bulk answer line: ``{"id", "suggestions": [...]}`` or ``{"id", "error"}``.

        Never raises for a bad query, so a bulk run goes on past bad lines.
        """
        qid = query.get("id") if isinstance(query, Mapping) else None
        try:
            found = self.suggest(query, limit=limit, feedback=feedback, unknown_org=unknown_org)
        except QueryError as exc:
            return {"id": qid, "error": str(exc)}
        return {"id": qid, "suggestions": [s.as_dict() for s in found]}

    def answer_all(
        self,
        queries: Iterable[Mapping[str, Any]],
        *,
        limit: int = 20,
        unknown_org: UnknownOrgPolicy = "error",
    ) -> Iterable[dict[str, Any]]:
        """:meth:`answer` for each query, lazily, in order."""
        for query in queries:
            yield self.answer(query, limit=limit, unknown_org=unknown_org)
