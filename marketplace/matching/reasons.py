"""Reasons: a suggestion's largest positive contributions, as codes with parameters.

The caller renders text from ``code`` + ``params`` (translatable); parameters hold refs
(organisations, projects), counts, concept ids and shares, never prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from marketplace.matching.features import FEATURES, QueryContext
from marketplace.matching.index import MatchingIndex
from marketplace.matching.readiness import ranges
from marketplace.matching.vectors import tag_keys

# Feature -> reason code; features sharing a code are summed into one reason.
REASON_CODE = {
    "partner": "past_partner",
    "partner_recent": "past_partner",
    "partner_topic": "partner_on_similar_project",
    "partner_tags": "partner_on_similar_project",
    "partner_strength": "past_partner",
    "partner_share": "past_partner",
    "partner_led": "past_partner",
    "led_by_candidate": "past_partner",
    "walk2": "partner_of_partner",
    "text_walk": "partner_of_similar_teams",
    "text_profile": "similar_work",
    "text_projects": "similar_work",
    "tag_exact": "shared_topics",
    "tag_profile": "shared_topics",
    "tag_projects": "shared_topics",
    "concepts": "shared_concepts",
    "value_chain": "value_chain",
    "kind_fit": "typical_for_topic",
    "country_fit": "typical_for_topic",
    "role": "complementary_role",
    "same_country": "same_region",
    "same_region": "same_region",
    "topic_family": "same_call_topic",
    "walk_part": "partner_of_partner",
    "text_best": "similar_work",
    "partner_best": "partner_on_similar_project",
    "partner_led_topic": "partner_on_similar_project",
    "activity": "active_track_record",
    "dormancy": "active_track_record",
    "trl_fit": "readiness_fit",
    "sme_experience": "works_with_smes",
    "meaning_projects": "similar_work",
    "meaning_best": "similar_work",
    "meaning_profile": "similar_work",
    "meaning_walk": "partner_of_similar_teams",
}
FEEDBACK_CODE = "accepted_before"


@dataclass(frozen=True)
class Reason:
    """Why a candidate is suggested: ``code`` + ``params``, and its share of the logit."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)
    contribution: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"code": self.code, "params": self.params, "contribution": self.contribution}


def explain_all(
    index: MatchingIndex,
    context: QueryContext,
    candidates: np.ndarray,
    contributions: np.ndarray,
    feedback: np.ndarray | None = None,
    feedback_weight: float = 0.0,
    limit: int = 5,
) -> list[list[Reason]]:
    """Reasons for each of ``candidates`` (rows of ``contributions``), strongest first.

    Each list holds the ``limit`` largest positive contributions grouped by reason code.
    Per-query lookups (shared partners, tag matches) are computed once for all candidates.
    """
    codes = [REASON_CODE[name] for name in FEATURES]
    chosen: list[list[tuple[float, str]]] = []
    for row, _cand in enumerate(candidates):
        totals: dict[str, float] = {}
        for code, value in zip(codes, contributions[row], strict=True):
            totals[code] = totals.get(code, 0.0) + float(value)
        if feedback is not None and feedback[row] > 0:
            totals[FEEDBACK_CODE] = float(feedback[row]) * feedback_weight
        chosen.append(sorted(((v, c) for c, v in totals.items() if v > 1e-6), reverse=True)[:limit])
    lookups = _Lookups(index, context, candidates)
    out = []
    for row, cand in enumerate(candidates):
        fb = float(feedback[row]) if feedback is not None else 0.0
        reasons = []
        for v, code in chosen[row]:
            params = _params(index, context, lookups, row, int(cand), code, fb)
            if params is not None:
                reasons.append(Reason(code, params, round(v, 4)))
        out.append(reasons)
    return out


class _Lookups:
    """Per-query data shared by the candidates' reasons, computed on first use."""

    def __init__(self, index: MatchingIndex, ctx: QueryContext, candidates: np.ndarray) -> None:
        self.index, self.ctx, self.candidates = index, ctx, candidates
        self._via: tuple[np.ndarray, np.ndarray] | None = None
        self._tag_orgs: dict[int, np.ndarray] = {}

    def via(self, row: int) -> tuple[list[int], int]:
        """The query org's partners that also worked with candidate ``row`` (best first)."""
        if self._via is None:
            partners = np.flatnonzero(self.ctx.partner_mass > 0)
            partners = partners[np.argsort(-self.ctx.partner_mass[partners], kind="stable")]
            partners = partners[:500]  # enough to name the strongest few
            shared = (self.index.BT[self.candidates] @ self.index.BT[partners].T).toarray()
            self._via = (partners, shared)
        partners, shared = self._via
        hit = np.flatnonzero(shared[row] > 0)
        hit = hit[partners[hit] != self.candidates[row]]
        return [int(p) for p in partners[hit[:3]]], len(hit)

    def orgs_with_tag_key(self, key: int) -> np.ndarray:
        """Boolean per org: has a project carrying tag key ``key``."""
        if key not in self._tag_orgs:
            on = np.zeros(len(self.index.proj_refs), dtype=np.float32)
            on[_row(self.index.proj_tags, key)] = 1.0
            self._tag_orgs[key] = np.asarray(self.index.BT @ on).ravel() > 0
        return self._tag_orgs[key]


def _year(t: float) -> int:
    return int(np.floor(t))


def _top_projects(index: MatchingIndex, projects: np.ndarray, score: np.ndarray, k: int = 3):
    order = projects[np.argsort(-score[projects], kind="stable")]
    return [index.proj_refs[p] for p in order[:k] if score[p] > 0]


def _row(m: Any, i: int) -> np.ndarray:
    """Column indices of row ``i`` of a CSR matrix (no scipy indexing overhead)."""
    return m.indices[m.indptr[i] : m.indptr[i + 1]]


def _params(
    index: MatchingIndex,
    ctx: QueryContext,
    lookups: _Lookups,
    row: int,
    cand: int,
    code: str,
    feedback: float,
) -> dict[str, Any] | None:
    """Parameters of one reason; None when there is nothing concrete to show for it."""
    projects = _row(index.BT, cand)
    if code == "past_partner":
        joint = np.intersect1d(projects, ctx.query_projects, assume_unique=True)
        last = joint[np.argmax(index.proj_time[joint])] if len(joint) else None
        return {
            "joint_projects": len(joint),
            "last_project": index.proj_refs[last] if last is not None else None,
            "last_year": _year(index.proj_time[last]) if last is not None else None,
        }
    if code == "partner_on_similar_project":
        joint = np.intersect1d(projects, ctx.query_projects, assume_unique=True)
        return {"projects": _top_projects(index, joint, ctx.text_sim + ctx.tag_sim)}
    if code == "partner_of_partner":
        via, count = lookups.via(row)
        if not count:
            return None  # the walk only came back through the candidate's own projects
        return {"via": [index.org_refs[v] for v in via], "shared_partners": count}
    if code == "similar_work":
        return {"projects": _top_projects(index, projects, ctx.text_sim)}
    if code == "shared_topics":
        return {
            "tags": _shared_tags(index, ctx, lookups, cand),
            "projects": _top_projects(index, projects, ctx.tag_sim),
        }
    if code == "same_call_topic":
        family = ctx.extra.get("family_projects")
        if family is None:
            return None
        mine = projects[family[projects] > 0]
        return {
            "families": [k[1:] for k in ctx.extra.get("family_keys", [])],
            "projects": _top_projects(index, mine, index.proj_time - index.proj_time.min() + 1.0),
        }
    if code == "shared_concepts":
        mine = {index.concepts.concepts[c] for c in index.org_concepts[:, cand].nonzero()[0]}
        return {"concepts": sorted(ctx.concepts & mine)}
    if code == "value_chain":
        link = index.value_chain.best_link(
            ctx.query_sectors, index.org_sectors[cand].indices.tolist()
        )
        return link.as_dict() if link else {}
    if code == "complementary_role":
        assert ctx.org is not None
        return {
            "query_kind": index.kinds[index.org_kind[ctx.org]],
            "candidate_kind": index.kinds[index.org_kind[cand]],
        }
    if code == "same_region":
        assert ctx.org is not None
        mine, theirs = index.org_nuts[ctx.org], index.org_nuts[cand]
        shared = ""
        for k in range(min(len(mine), len(theirs)), 2, -1):
            if mine[:k] == theirs[:k]:
                shared = mine[:k]
                break
        return {"country": index.countries[index.org_country[cand]], "nuts": shared or None}
    if code == "active_track_record":
        last = index.org_last[cand]
        return {
            "projects": len(projects),
            "last_year": _year(last) if np.isfinite(last) else None,
        }
    if code == "readiness_fit":
        both = int(index.org_trl[cand]) & ctx.query.trl
        return {"levels": [list(r) for r in ranges(both)]} if both else None
    if code == "works_with_smes":
        return {"projects": int(index.org_sme_projects[cand])}
    if code == FEEDBACK_CODE:
        return {"feedback": feedback}
    return {}


def _shared_tags(
    index: MatchingIndex, ctx: QueryContext, lookups: _Lookups, cand: int
) -> list[dict[str, str]]:
    """Query tags that the candidate's projects share, with the most specific shared key."""
    out = []
    for tag in ctx.query.tags:
        for key in tag_keys(tag):  # most specific first
            j = index.tag_space.position.get(key)
            if j is not None and lookups.orgs_with_tag_key(j)[cand]:
                out.append({"tag": tag, "match": key[1:]})
                break
    return out
