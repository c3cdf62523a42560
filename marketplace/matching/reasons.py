"""Reasons: a suggestion's largest positive contributions, each with the fact that shows it.

Every reason is a checkable fact (DESIGN.md): ``evidence`` holds the fact as data — ``projects``
(refs of the candidate's past projects that show it; for a past partnership the projects both
took part in), ``via`` (organisations that worked with both), ``nuts`` (a region both are in,
NUTS level 2 or finer) or ``country``, ``tags`` / ``topics`` / ``technologies`` / ``words``
(what the query and the candidate both have), ``count`` and ``year`` (a track record: the number
of projects and the start year of the last one). A contribution whose fact cannot be named
gives no reason. The caller renders text from ``code`` + ``evidence`` (translatable);
evidence holds refs, codes, counts and words, never prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from marketplace.matching.analysis import detect_language, stem, words
from marketplace.matching.features import FEATURES, QueryContext
from marketplace.matching.index import MatchingIndex
from marketplace.matching.readiness import ranges
from marketplace.matching.stopwords import GENERIC
from marketplace.matching.vectors import row_entries, tag_keys

# Feature -> reason code; features sharing a code are summed into one reason. A code listed in
# UNSTATED weighs in the score but is never shown: its fact is a statistic about whole
# populations (the kind or country usual under a topic), not something the reader can check.
REASON_CODE = {
    "partner": "past_partner",
    "partner_recent": "past_partner",
    "partner_topic": "past_partner",
    "partner_tags": "past_partner",
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
    "partner_best": "past_partner",
    "partner_led_topic": "past_partner",
    "activity": "active_track_record",
    "dormancy": "active_track_record",
    "trl_fit": "readiness_fit",
    "sme_experience": "works_with_smes",
    "meaning_projects": "similar_work",
    "meaning_best": "similar_work",
    "meaning_profile": "similar_work",
    "meaning_walk": "partner_of_similar_teams",
}
UNSTATED = frozenset({"typical_for_topic"})
FEEDBACK_CODE = "accepted_before"
MAX_PROJECTS = 3  # projects named per reason
MAX_VIA = 3


@dataclass(frozen=True)
class Reason:
    """Why a candidate is suggested: ``code`` + ``evidence``, and its share of the logit."""

    code: str
    evidence: dict[str, Any] = field(default_factory=dict)
    contribution: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"code": self.code, "evidence": self.evidence, "contribution": self.contribution}


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

    Each list holds up to ``limit`` of the largest positive contributions grouped by reason
    code, leaving out those whose fact cannot be named. Per-query lookups (shared partners, tag
    matches) are computed once for all candidates.
    """
    codes = [REASON_CODE.get(name, name) for name in FEATURES]
    ranked: list[list[tuple[float, str]]] = []
    for row in range(len(candidates)):
        totals: dict[str, float] = {}
        for code, value in zip(codes, contributions[row], strict=True):
            totals[code] = totals.get(code, 0.0) + float(value)
        if feedback is not None and feedback[row] > 0:
            totals[FEEDBACK_CODE] = float(feedback[row]) * feedback_weight
        ranked.append(
            sorted(((v, c) for c, v in totals.items() if v > 1e-6 and c not in UNSTATED))[::-1]
        )
    lookups = _Lookups(index, context, candidates)
    out = []
    for row, cand in enumerate(candidates):
        reasons: list[Reason] = []
        for v, code in ranked[row]:
            if len(reasons) >= limit:
                break
            evidence = _evidence(index, context, lookups, row, int(cand), code)
            if evidence:
                reasons.append(Reason(code, evidence, round(v, 4)))
        out.append(_without_repeats(reasons))
    return out


def _without_repeats(reasons: list[Reason]) -> list[Reason]:
    """Without "similar work" that only names joint projects the past-partner reason already
    names: the same projects said twice tell the reader nothing new."""
    joint = next((set(r.evidence["projects"]) for r in reasons if r.code == "past_partner"), None)
    if not joint:
        return reasons
    return [
        r
        for r in reasons
        if not (r.code == "similar_work" and set(r.evidence.get("projects") or ()) <= joint)
    ]


# Past projects closest to the query that "similar teams" reasons look through.
NEAR = 50


class _Lookups:
    """Per-query data shared by the candidates' reasons, computed on first use."""

    def __init__(self, index: MatchingIndex, ctx: QueryContext, candidates: np.ndarray) -> None:
        self.index, self.ctx, self.candidates = index, ctx, candidates
        self._via: tuple[np.ndarray, Any] | None = None
        self._near: np.ndarray | None = None
        self._near_members: tuple[np.ndarray, np.ndarray] | None = None
        self._tag_projects: dict[int, np.ndarray] = {}
        self._sme_in_project: np.ndarray | None = None
        self._words: dict[str, str] | None = None

    def via(self, row: int) -> tuple[list[int], int]:
        """The query org's partners that also worked with candidate ``row`` (best first)."""
        if self._via is None:
            partners = np.flatnonzero(self.ctx.partner_mass > 0)
            partners = partners[np.argsort(-self.ctx.partner_mass[partners], kind="stable")]
            partners = partners[:500]  # enough to name the strongest few
            shared = (self.index.BT[self.candidates] @ self.index.BT[partners].T).tocsr()
            self._via = (partners, shared)
        partners, shared = self._via
        hit = _row(shared, row)
        hit = hit[np.argsort(hit, kind="stable")]  # column order = partner strength order
        hit = hit[partners[hit] != self.candidates[row]]
        return [int(p) for p in partners[hit[:MAX_VIA]]], len(hit)

    def near_projects(self) -> np.ndarray:
        """The past projects closest to the query's text, best first."""
        if self._near is None:
            sims = self.ctx.text_sim
            top = np.flatnonzero(sims > 0)
            if len(top) > NEAR:  # keep the NEAR best (and ties) before sorting
                cut = len(top) - NEAR
                top = top[sims[top] >= np.partition(sims[top], cut)[cut]]
            top = top[np.argsort(-sims[top], kind="stable")][:NEAR]
            self._near = top
        return self._near

    def near_members(self) -> tuple[np.ndarray, np.ndarray]:
        """The members of :meth:`near_projects`, project by project (each project's in
        ascending order), and for each the position of its project in that list."""
        if self._near_members is None:
            near = self.near_projects()
            entries, lengths = row_entries(self.index.B, near)
            owner = np.repeat(np.arange(len(near)), lengths)
            members = self.index.B.indices[entries]
            order = np.lexsort((members, owner))
            self._near_members = (members[order], owner[order])
        return self._near_members

    def projects_with_tag_key(self, key: int) -> np.ndarray:
        """Projects carrying tag key ``key``."""
        if key not in self._tag_projects:
            self._tag_projects[key] = _row(self.index.proj_tags, key)
        return self._tag_projects[key]

    def smes_in_project(self) -> np.ndarray:
        """Per project: how many of its participants are SMEs."""
        if self._sme_in_project is None:
            index = self.index
            self._sme_in_project = np.asarray(index.B @ index.org_sme.astype(np.float32)).ravel()
        return self._sme_in_project

    def query_words(self) -> dict[str, str]:
        """The query text's stems → the first word of the text that has that stem."""
        if self._words is None:
            tokens = words(self.ctx.query.text)
            language = detect_language(tokens) if tokens else "en"
            found: dict[str, str] = {}
            for w in tokens:
                found.setdefault(stem(w, language), w)
            self._words = found
        return self._words


def _year(t: float) -> int:
    return int(np.floor(t))


def _row(m: Any, i: int) -> np.ndarray:
    """Column indices of row ``i`` of a CSR matrix (no scipy indexing overhead)."""
    return m.indices[m.indptr[i] : m.indptr[i + 1]]


def _refs(index: MatchingIndex, projects: np.ndarray, score: np.ndarray) -> list[str]:
    """Refs of the best-scoring ``projects`` (positive score only), best first."""
    projects = projects[score[projects] > 0]
    order = projects[np.lexsort((-index.proj_time[projects], -score[projects]))]
    return [index.proj_refs[int(p)] for p in order[:MAX_PROJECTS]]


def _latest(index: MatchingIndex, projects: np.ndarray) -> list[str]:
    order = projects[np.argsort(-index.proj_time[projects], kind="stable")]
    return [index.proj_refs[int(p)] for p in order[:MAX_PROJECTS]]


def _track_record(index: MatchingIndex, projects: np.ndarray) -> dict[str, Any]:
    """``count`` and ``year`` (start of the latest) of a set of projects, and the latest few."""
    times = index.proj_time[projects]
    finite = times[np.isfinite(times)]
    out: dict[str, Any] = {"count": len(projects), "projects": _latest(index, projects)}
    if len(finite):
        out["year"] = _year(float(finite.max()))
    return out


def _evidence(
    index: MatchingIndex, ctx: QueryContext, lookups: _Lookups, row: int, cand: int, code: str
) -> dict[str, Any] | None:
    """The fact behind one reason; None when it cannot be named."""
    projects = _row(index.BT, cand)
    if code == "past_partner":
        # One reason for the whole shared history: how many projects, the last year, and the
        # joint projects closest to the query first (the most recent when none is close).
        joint = np.intersect1d(projects, ctx.query_projects, assume_unique=True)
        if not len(joint):
            return None
        evidence = _track_record(index, joint)
        close = _refs(index, joint, ctx.text_sim + ctx.tag_sim)
        evidence["projects"] = list(dict.fromkeys([*close, *evidence["projects"]]))[:MAX_PROJECTS]
        return evidence
    if code == "partner_of_partner":
        via, count = lookups.via(row)
        if not count:
            return None  # the walk only came back through the candidate's own projects
        return {"via": [index.org_refs[v] for v in via], "count": count}
    if code == "partner_of_similar_teams":
        return _similar_teams(index, ctx, lookups, cand, projects)
    if code == "similar_work":
        refs = _refs(index, projects, ctx.text_sim)
        if refs:
            return {"projects": refs}
        return _shared_words(index, lookups, cand)
    if code == "shared_topics":
        return _shared_tags(index, ctx, lookups, projects)
    if code == "same_call_topic":
        return _same_topic_family(index, ctx, projects)
    if code == "shared_concepts":
        mine = {index.concepts.concepts[c] for c in index.org_concepts[:, cand].nonzero()[0]}
        shared = sorted(ctx.concepts & mine)
        return {"technologies": shared} if shared else None
    if code == "value_chain":
        link = index.value_chain.best_link(
            ctx.query_sectors, index.org_sectors[cand].indices.tolist()
        )
        return dict(link.as_dict()) if link else None
    if code == "complementary_role":
        if ctx.org is None:
            return None
        return {
            "query_kind": index.kinds[index.org_kind[ctx.org]],
            "kind": index.kinds[index.org_kind[cand]],
        }
    if code == "same_region":
        return _shared_place(index, ctx, cand)
    if code == "active_track_record":
        return _track_record(index, projects) if len(projects) else None
    if code == "readiness_fit":
        both = int(index.org_trl[cand]) & ctx.query.trl
        return {"levels": [list(r) for r in ranges(both)]} if both else None
    if code == "works_with_smes":
        # Other SMEs than the candidate itself, and than the asking SME: working with the
        # asker is the past-partner reason, not experience with other small firms.
        smes = lookups.smes_in_project()[projects] - float(index.org_sme[cand])
        if ctx.org is not None and index.org_sme[ctx.org]:
            smes = smes - np.isin(projects, ctx.query_projects)
        with_smes = projects[smes > 0]
        return _track_record(index, with_smes) if len(with_smes) else None
    if code == FEEDBACK_CODE:
        return {"verdict": "accepted"}
    return None


def _similar_teams(
    index: MatchingIndex, ctx: QueryContext, lookups: _Lookups, cand: int, projects: np.ndarray
) -> dict[str, Any] | None:
    """Organisations the candidate worked with (other than the asker) that took part in
    projects close to the query."""
    near = lookups.near_projects()
    if not len(near) or not len(projects):
        return None
    members, owner = lookups.near_members()
    # Near projects the candidate took part in itself are its own work, not a team's.
    own_project = np.zeros(len(near), dtype=bool)
    own_project[owner[members == cand]] = True
    # Boolean lookups instead of np.isin: these run for every suggestion shown.
    partner = np.zeros(index.n_orgs, dtype=bool)
    partner[index.B.indices[row_entries(index.B, projects)[0]]] = True
    hit = partner[members] & ~own_project[owner] & (members != cand)
    if ctx.org is not None:
        hit &= members != ctx.org
    via: list[str] = []
    shown: list[str] = []
    named = -1
    for i in np.flatnonzero(hit):
        if owner[i] == named:
            continue  # one partner per project: its first (lowest) in the index's order
        named = int(owner[i])
        ref = index.org_refs[int(members[i])]
        if ref not in via:
            via.append(ref)
            shown.append(index.proj_refs[int(near[named])])
        if len(via) >= MAX_VIA - 1:
            break
    return {"via": via, "via_projects": shown} if via else None


@cache
def _generic_stems() -> frozenset[str]:
    """The stems of stopwords.GENERIC in every language (a query's stems are its own
    language's; an English word in a Dutch brief is stemmed as Dutch)."""
    return frozenset(
        stem(word, language) for word in set().union(*GENERIC.values()) for language in GENERIC
    )


def _shared_words(index: MatchingIndex, lookups: _Lookups, cand: int) -> dict[str, Any] | None:
    """Words of the query that the candidate's own profile text also uses, rarest first;
    never words nearly every text uses (stopwords.GENERIC)."""
    query_words = lookups.query_words()
    if not query_words:
        return None
    row = index.org_text_rows[cand]
    terms = index.text_space.terms
    generic = _generic_stems()
    shared = [
        (float(index.text_space.idf[t]), terms[t])
        for t in row.indices
        if terms[t] in query_words and terms[t] not in generic
    ]
    shared.sort(reverse=True)
    found = [query_words[t] for _idf, t in shared[:4]]
    return {"words": found} if found else None


def _shared_tags(
    index: MatchingIndex, ctx: QueryContext, lookups: _Lookups, projects: np.ndarray
) -> dict[str, Any] | None:
    """The query's tags that the candidate's projects carry too (``tags``: the same tag;
    ``topics``: the same call topic without its year, or its family), with those projects."""
    tags: list[str] = []
    topics: list[str] = []
    shown: set[int] = set()
    for tag in ctx.query.tags:
        for key in tag_keys(tag):  # most specific first
            j = index.tag_space.position.get(key)
            if j is None:
                continue
            hits = np.intersect1d(lookups.projects_with_tag_key(j), projects, assume_unique=True)
            if len(hits):
                if key.startswith("="):
                    tags.append(tag)
                elif key[1:].upper() not in topics:
                    topics.append(key[1:].upper())
                shown.update(int(p) for p in hits)
                break
    if not tags and not topics:
        return None
    out: dict[str, Any] = {"projects": _latest(index, np.array(sorted(shown), dtype=np.int64))}
    if tags:
        out["tags"] = tags
    if topics:
        out["topics"] = topics
    return out


def _same_topic_family(
    index: MatchingIndex, ctx: QueryContext, projects: np.ndarray
) -> dict[str, Any] | None:
    family = ctx.extra.get("family_projects")
    keys = ctx.extra.get("family_keys") or []
    if family is None or not keys:
        return None
    mine = projects[family[projects] > 0]
    if not len(mine):
        return None
    return {"topics": [str(k)[1:].upper() for k in keys], "projects": _latest(index, mine)}


def _shared_place(index: MatchingIndex, ctx: QueryContext, cand: int) -> dict[str, Any] | None:
    """The finest NUTS region (level 2 or finer) both are in, else the shared country."""
    if ctx.org is None:
        return None
    mine, theirs = index.org_nuts[ctx.org], index.org_nuts[cand]
    for k in range(min(len(mine), len(theirs)), 3, -1):
        if mine[:k] == theirs[:k]:
            return {"nuts": mine[:k]}
    country = index.countries[index.org_country[cand]]
    if country and country == index.countries[index.org_country[ctx.org]]:
        return {"country": country}
    return None
