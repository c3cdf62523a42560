"""Help while authoring: the brief-quality check and similar-challenge detection.

Both only read. The quality check scores a brief out of 100 with concrete hints; a low score
never blocks publishing, it explains. Similar challenges are found across nl/en/fr through
stemmed words and Industry 4.0 concepts with multilingual keywords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.access import published_challenges_visible_to
from marketplace.amounts import format_eur
from marketplace.matching import stopwords
from marketplace.matching.analysis import analyze, words
from marketplace.matching.concepts import ConceptMatcher
from marketplace.models import Challenge, ChallengeTypeGuide, GoodPracticeCase, Technology
from marketplace.models.challenges import ChallengeType, IpRegime
from marketplace.models.good_practices import GoodPracticeQuerySet

QUALITY_THRESHOLD = 60

# (lowest sensible budget, highest, minimum weeks open) per type, when no guide is loaded.
TYPE_NORMS: dict[str, tuple[int | None, int | None, int]] = {
    ChallengeType.IDEA: (0, 10_000, 2),
    ChallengeType.PROOF_OF_CONCEPT: (5_000, 60_000, 4),
    ChallengeType.PROTOTYPE: (15_000, 250_000, 6),
    ChallengeType.PARTNER_SEARCH: (None, None, 3),
    ChallengeType.COURSE_PROJECT: (0, 5_000, 4),
    ChallengeType.MICRO_ASSIGNMENT: (300, 7_500, 1),
}
_MEASURABLE = re.compile(
    r"\d|%|procent|percent|pour ?cent|halve|halveren|verdubbel|minder|minimaal|maximaal|"
    r"reduce|increase|at least|at most|réduire|diminuer|augmenter|au moins",
    re.IGNORECASE,
)


@dataclass
class QualityHint:
    code: str
    message: str
    points: int
    earned: int


@dataclass
class BriefQuality:
    score: int
    threshold: int
    below_threshold: bool
    hints: list[QualityHint] = field(default_factory=list)
    advice: str = ""


def _norms(challenge: Challenge) -> tuple[int | None, int | None, int]:
    guide = ChallengeTypeGuide.objects.filter(type=challenge.type).first()
    if guide is not None:
        return guide.budget_min_eur, guide.budget_max_eur, guide.min_weeks_open
    return TYPE_NORMS.get(challenge.type, (None, None, 2))


def _shared_phrase(a: str, b: str, length: int = 6) -> bool:
    """Whether `a` repeats a run of `length` words from `b` (confidential text leaking into
    the public summary)."""
    wa, wb = a.lower().split(), b.lower().split()
    grams = {tuple(wb[i : i + length]) for i in range(len(wb) - length + 1)}
    return any(tuple(wa[i : i + length]) in grams for i in range(len(wa) - length + 1))


def brief_quality(*, challenge: Challenge) -> BriefQuality:
    """Score the brief and say what would make it better."""
    hints: list[QualityHint] = []

    def check(code: str, points: int, ok: float, message: str) -> None:
        earned = round(points * max(0.0, min(1.0, ok)))
        hints.append(QualityHint(code, "" if earned == points else message, points, earned))

    goal = challenge.goal.strip()
    check(
        "goal_measurable",
        20,
        1.0 if goal and _MEASURABLE.search(goal) else 0.4 if goal else 0,
        _("Make the goal measurable: what number should change, by how much, by when?"),
    )
    check(
        "summary",
        10,
        min(1.0, len(challenge.summary.strip()) / 200),
        _(
            "Write a public summary of at least 200 characters that a solver understands "
            "without your internal jargon."
        ),
    )
    check(
        "scope_deliverables",
        15,
        min(1.0, len(challenge.scope.strip()) / 150),
        _("State the scope and the deliverables: what must a solver hand over?"),
    )

    low, high, weeks = _norms(challenge)
    budget = challenge.budget_eur
    if low is None and high is None:
        budget_ok = 1.0
    elif budget is None:
        budget_ok = 0.0
    else:
        budget_ok = 1.0 if (low or 0) <= budget <= (high or budget) else 0.3
    check(
        "budget_realistic",
        15,
        budget_ok,
        _("Give a budget or prize that fits a %(type)s: usually %(low)s to %(high)s.")
        % {
            "type": ChallengeType(challenge.type).label,
            "low": format_eur(low or 0),
            "high": format_eur(high) if high else "…",
        },
    )

    start = challenge.published_at or timezone.now()
    deadline_ok = 0.0
    if challenge.deadline is not None:
        deadline_ok = 1.0 if challenge.deadline - start >= timedelta(weeks=weeks) else 0.3
    if deadline_ok and challenge.feedback_deadline and challenge.deadline:
        wait = challenge.feedback_deadline - timezone.localdate(challenge.deadline)
        if wait > timedelta(weeks=8):
            deadline_ok = 0.5
    check(
        "deadline_realistic",
        10,
        deadline_ok,
        _(
            "Leave solvers at least %(weeks)d weeks, and give feedback within 8 weeks after "
            "the deadline."
        )
        % {"weeks": weeks},
    )

    confidential = challenge.confidential_detail.strip()
    separated = 1.0
    message = _(
        "Keep sensitive details out of the public summary; put them in the "
        "confidential detail, shown only after the NDA."
    )
    if confidential and _shared_phrase(challenge.summary + " " + challenge.goal, confidential):
        separated = 0.0
    if confidential and challenge.ip_regime == IpRegime.NON_CONFIDENTIAL:
        separated = 0.0
        message = _(
            "You added confidential detail but chose the non-confidential IP regime. "
            "Choose a regime that protects it, or move the text to the summary."
        )
    check("confidential_separated", 10, separated, message)

    filled = sum(
        bool(x.strip())
        for x in (
            challenge.impact_work_organisation,
            challenge.impact_skills,
            challenge.impact_safety,
            challenge.impact_privacy,
        )
    )
    check(
        "impact_on_work",
        15,
        filled / 4,
        _(
            "Describe the impact on work: work organisation, skills and training, ergonomics "
            "and safety, privacy. Involve the people on the shop floor."
        ),
    )
    has_tech = challenge.pk is not None and challenge.technologies.exists()
    check(
        "technologies",
        5,
        1.0 if has_tech and challenge.sector else 0.5 if has_tech or challenge.sector else 0,
        _("Choose the sector and the technologies, so solvers find it."),
    )

    score = sum(h.earned for h in hints)
    below = score < QUALITY_THRESHOLD
    return BriefQuality(
        score=score,
        threshold=QUALITY_THRESHOLD,
        below_threshold=below,
        hints=[h for h in hints if h.message],
        advice=_("You can publish anyway, or ask an intermediary to coach your brief.")
        if below
        else "",
    )


# --- similar challenges ----------------------------------------------------------------------


def _concepts() -> ConceptMatcher:
    lexicon: dict[str, list[str]] = {}
    for tech in Technology.objects.all():
        phrases = [tech.label_nl, tech.label_en, tech.label_fr]
        for keywords in (tech.keywords or {}).values():
            phrases += list(keywords)
        lexicon[tech.slug] = [p for p in phrases if p]
    return ConceptMatcher(lexicon)


@dataclass
class SimilarChallenge:
    challenge: Challenge
    score: float
    shared: list[str]


def _profile(
    text: str, language: str | None, technologies: set[str], matcher: ConceptMatcher
) -> tuple[set[str], set[str]]:
    terms = analyze(text, language=language)
    return set(terms), set(technologies) | matcher.find(terms)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def similar_challenges(
    *,
    candidates: Any,
    title: str,
    summary: str = "",
    language: str | None = None,
    sector: str = "",
    technologies: set[str] | None = None,
    exclude_pk: int | None = None,
    limit: int = 5,
) -> list[SimilarChallenge]:
    """Challenges among `candidates` (a queryset the caller scoped to what the user may see)
    that look like the given brief, best first, with the concepts they share."""
    matcher = _concepts()
    terms, concepts = _profile(f"{title} {summary}", language, technologies or set(), matcher)
    if not terms and not concepts:
        return []
    raw = [w for w in words(f"{title} {summary}") if len(w) > 3 and w not in stopwords.ALL]
    query = " ".join(sorted(set(raw))[:12])
    narrowed = Q(technologies__slug__in=concepts) | (Q(sector=sector) if sector else Q(pk=None))
    matched_ids = (
        list(candidates.search(query, every_word=False).values_list("pk", flat=True)[:200])
        if query
        else []
    )
    pool = (
        candidates.filter(narrowed | Q(pk__in=matched_ids))
        .exclude(pk=exclude_pk)
        .prefetch_related("technologies")
        .distinct()
        .order_by("-id")[:300]
    )
    results = []
    for other in pool:
        other_terms, other_concepts = _profile(
            f"{other.title} {other.summary}",
            other.language,
            {t.slug for t in other.technologies.all()},
            matcher,
        )
        score = (
            0.5 * _jaccard(terms, other_terms)
            + 0.4 * _jaccard(concepts, other_concepts)
            + (0.1 if sector and other.sector == sector else 0.0)
        )
        if score >= 0.12:
            results.append(
                SimilarChallenge(other, round(score, 3), sorted(concepts & other_concepts))
            )
    results.sort(key=lambda r: (-r.score, r.challenge.pk))
    return results[:limit]


def similar_to_challenge(*, viewer: Any, challenge: Challenge) -> list[SimilarChallenge]:
    """Published challenges that `viewer` may see and that resemble `challenge` (nl/en/fr)."""
    return similar_challenges(
        candidates=published_challenges_visible_to(viewer),
        title=challenge.title,
        summary=challenge.summary,
        language=challenge.language,
        sector=challenge.sector,
        technologies=set(challenge.technology_slugs),
        exclude_pk=challenge.pk,
    )


def good_practice_library(
    *, text: str = "", sector: str = "", technology: str = ""
) -> GoodPracticeQuerySet:
    """The good-practice library by sector and title, narrowed to a search (nl/en/fr), a
    sector and a technology (slug) when given."""
    cases = GoodPracticeCase.objects.prefetch_related("technologies").order_by("sector", "title")
    if text:
        cases = cases.search(text)
    if sector:
        cases = cases.filter(sector=sector)
    if technology:
        cases = cases.filter(technologies__slug=technology)
    return cases


def good_practices_for(challenge: Challenge, limit: int = 5) -> list[GoodPracticeCase]:
    """“Firms like you solved this with…”: cases of the same sector or technologies, the ones
    sharing most technologies first."""
    slugs = list(challenge.technologies.values_list("slug", flat=True))
    ranked = (
        GoodPracticeCase.objects.filter(
            Q(sector=challenge.sector) | Q(technologies__slug__in=slugs)
        )
        .annotate(shared=Count("technologies", filter=Q(technologies__slug__in=slugs)))
        .order_by("-shared", "title")
        .distinct()
        .prefetch_related("technologies")[:limit]
    )
    return list(ranked)
