"""The partner-matching engine: index + fitted model → ranked, explained suggestions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np

from marketplace.matching.features import FeatureBlock, QueryContext, compute
from marketplace.matching.index import MatchingIndex
from marketplace.matching.model import LinearScorer, RankingModel
from marketplace.matching.query import Query, QueryError, UnknownOrganisationError
from marketplace.matching.reasons import Reason, explain_all

UnknownOrgPolicy = Literal["error", "ignore"]


# Text → its vector, or None when none is at hand (the caller computes it elsewhere, later).
VectorLookup = Callable[[str], "np.ndarray | None"]


@dataclass(frozen=True)
class Suggestion:
    """One suggested organisation: ``score`` in [0, 1] and its reasons, strongest first.

    ``confidence`` in [0, 1] is the calibrated chance that such a candidate ends up a partner
    (fitted on held-out history queries, model.py); it rises with the score within a query.
    """

    org: str
    score: float
    reasons: list[Reason] = field(default_factory=list)
    confidence: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"org", "score", "confidence", "reasons": [{"code", "params",
        "contribution"}]}``."""
        return {
            "org": self.org,
            "score": self.score,
            "confidence": self.confidence,
            "reasons": [r.as_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class Ranking:
    """One query's best candidates, best first, with what their reasons are worked out from."""

    engine: MatchingEngine
    context: QueryContext
    candidates: np.ndarray  # org indices
    contributions: np.ndarray  # per candidate and feature
    logits: np.ndarray
    boost: np.ndarray  # feedback per candidate, in [-1, 1]
    confidence: np.ndarray

    @property
    def refs(self) -> list[str]:
        """The candidates' refs, best first."""
        return [self.engine.index.org_refs[int(c)] for c in self.candidates]

    def suggestions(self, only: Iterable[str] | None = None) -> list[Suggestion]:
        """The candidates (those in ``only``, when given) with their reasons, best first."""
        rows = np.arange(len(self.candidates))
        if only is not None:
            wanted = set(only)
            refs = self.refs
            rows = np.array([i for i in rows if refs[i] in wanted], dtype=np.int64)
        engine = self.engine
        reasons = explain_all(
            engine.index,
            self.context,
            self.candidates[rows],
            self.contributions[rows],
            feedback=self.boost[rows],
            feedback_weight=engine.model.feedback_weight,
        )
        scores = 1.0 / (1.0 + np.exp(-self.logits[rows]))
        return [
            Suggestion(
                engine.index.org_refs[int(self.candidates[i])],
                round(float(p), 6),
                r,
                round(float(c), 4),
            )
            for i, p, r, c in zip(rows, scores, reasons, self.confidence[rows], strict=True)
        ]


class MatchingEngine:
    """Answers partner queries against one :class:`MatchingIndex` with one model.

    Thread-safe for concurrent reads: nothing is mutated after construction.

    ``vectors`` looks up a query text's vector (embedding.py) where one was computed ahead;
    it must not compute one (that takes up to a second): without a vector a text query is
    ranked by its words alone.
    """

    def __init__(
        self,
        index: MatchingIndex,
        model: RankingModel | None = None,
        vectors: VectorLookup | None = None,
    ) -> None:
        self.index = index
        self.model = model or RankingModel.load()
        self.vectors = vectors

    def suggest(self, query: Query | Mapping[str, Any], **options: Any) -> list[Suggestion]:
        """Rank partner suggestions for one query, best first, each with its reasons.

        ``options`` are those of :meth:`rank`; this is ``rank(query, **options).suggestions()``.
        """
        return self.rank(query, **options).suggestions()

    def rank(
        self,
        query: Query | Mapping[str, Any],
        *,
        limit: int = 20,
        feedback: Mapping[str, float] | None = None,
        unknown_org: UnknownOrgPolicy = "error",
        keep: Callable[[str], bool] | None = None,
        vector: np.ndarray | None = None,
        rerank: np.ndarray | None = None,
    ) -> Ranking:
        """The best ``limit`` candidates for one query, best first, not yet explained: the
        caller picks those it will show and asks :meth:`Ranking.suggestions` for their reasons
        (working out reasons costs more than ranking them).

        ``vector`` is the query text's vector when the caller has it (else the engine's
        ``vectors`` lookup is asked).

        ``feedback`` maps candidate refs to the query organisation's past reactions, in
        [-1, 1]: -1 = dismissed (never suggested again), 1 = accepted (boosted); values in
        between shift the candidate's logit proportionally. ``unknown_org="ignore"`` answers a
        query whose ``org`` is not indexed from its text and tags alone (as if it had no org);
        the default raises :class:`UnknownOrganisationError`.

        ``keep`` (a test on candidate refs) leaves out what the caller does not want before
        the ranking is cut at ``limit``. ``rerank`` (one weight per feature, rerank.py) adds
        the installation's re-ranking, learnt from its users' reactions, to each logit.

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

        block, scorer = self._block(q, vector)
        contributions = scorer.contributions(block.X)
        logits = scorer.bias + contributions.sum(axis=1)
        if rerank is not None:
            logits = logits + block.X @ rerank
        boost = np.zeros(len(block.candidates), dtype=np.float32)
        if feedback:
            for i, cand in enumerate(block.candidates):
                boost[i] = float(feedback.get(self.index.org_refs[cand], 0.0))
            logits = logits + self.model.feedback_weight * boost
        order = np.lexsort((block.candidates, -logits))  # best first; ties by position
        if keep is None:
            top = order[:limit]
        else:
            # Asked only down the ranking until ``limit`` are kept (there are thousands).
            refs = self.index.org_refs
            kept: list[int] = []
            for i in order:
                if keep(refs[block.candidates[i]]):
                    kept.append(int(i))
                    if len(kept) == limit:
                        break
            top = np.array(kept, dtype=np.int64)
        best = float(logits[top[0]]) if len(top) else 0.0
        return Ranking(
            engine=self,
            context=block.context,
            candidates=block.candidates[top],
            contributions=contributions[top],
            logits=logits[top],
            boost=boost[top],
            confidence=scorer.confidence(logits[top], best),
        )

    def _block(self, q: Query, vector: np.ndarray | None) -> tuple[FeatureBlock, LinearScorer]:
        """The query's candidates and features, and the scorer that fits what is known of it."""
        if vector is None and q.text and self.vectors is not None and self.index.has_vectors:
            vector = self.vectors(q.text)
        own_profile = False
        if vector is None and q.org is not None and self.index.org_vec is not None:
            # No text, or no vector for it yet: the organisation's own profile vector (its
            # description and projects) stands for what it seeks partners for.
            own_profile = bool(np.asarray(self.index.org_vec[self.index.org_pos[q.org]]).any())
        meaning = self.index.has_vectors and (vector is not None or own_profile)
        block = compute(
            self.index,
            q,
            self.model.settings,
            vector if meaning else None,
            own_profile=own_profile,
        )
        return block, self.model.scorer(q.org is not None, meaning)

    def rows(self, query: Query | Mapping[str, Any], refs: Iterable[str]) -> dict[str, Any]:
        """Feature row and model logit of each of ``refs`` that is a candidate for ``query``
        (for fitting the re-ranking on what users accepted and dismissed)."""
        q = query if isinstance(query, Query) else Query.from_dict(query)
        if q.org is not None and q.org not in self.index.org_pos:
            q = replace(q, org=None)
        block, scorer = self._block(q, None)
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
        vector: np.ndarray | None = None,
    ) -> dict[str, Any]:
        """One bulk answer line: ``{"id", "suggestions": [...]}`` or ``{"id", "error"}``.

        Never raises for a bad query, so a bulk run goes on past bad lines.
        """
        qid = query.get("id") if isinstance(query, Mapping) else None
        try:
            found = self.suggest(
                query, limit=limit, feedback=feedback, unknown_org=unknown_org, vector=vector
            )
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
