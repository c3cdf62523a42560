"""Suggestions as users see them: partners for an organisation, solvers for a challenge,
challenges for a solver — each with its reasons, scoped to what the viewer may see, and
without what that subject dismissed before."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from marketplace import access
from marketplace.matching import documents
from marketplace.matching.explanations import reason_names, reason_text
from marketplace.matching.models import SuggestionFeedback, Verdict
from marketplace.matching.store import current_engine
from marketplace.models import Challenge, Organisation, PersonProfile, User

MAX_LIMIT = 50
# The engine ranks every kind of entry together; ask for more and keep the wanted kind.
OVERFETCH = 8


@dataclass
class ProductSuggestion:
    kind: str  # "organisation" | "person" | "challenge"
    ref: str
    obj: Any
    score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)


def subject_for_organisation(organisation: Organisation) -> str:
    return documents.organisation_ref(organisation)


def subject_for_challenge(challenge: Challenge) -> str:
    return documents.challenge_ref(challenge.pk)


def _feedback(subject: str) -> dict[str, float]:
    values: dict[str, float] = {Verdict.ACCEPTED: 1.0, Verdict.DISMISSED: -1.0}
    return {
        candidate: values[verdict]
        for candidate, verdict in SuggestionFeedback.objects.filter(subject=subject).values_list(
            "candidate", "verdict"
        )
    }


def _split(ref: str) -> tuple[str, int | str]:
    prefix, _sep, rest = ref.partition(":")
    if prefix in {"org", "person", "challenge"} and rest.isdigit():
        return prefix, int(rest)
    return "ref", ref


# A value-chain link below this share of inputs is true but not worth a user's attention.
MIN_VALUE_CHAIN_SHARE = 0.01


def _worth_saying(code: str, params: dict[str, Any]) -> bool:
    if code == "value_chain":
        return float(params.get("share") or 0) >= MIN_VALUE_CHAIN_SHARE
    return True


def _resolve(
    raw: list[Any], viewer: User | Any, kinds: set[str], limit: int
) -> list[ProductSuggestion]:
    """Engine answers → model objects the viewer may see, best first."""
    org_pks, org_refs, person_pks, challenge_pks = set(), set(), set(), set()
    for s in raw:
        kind, key = _split(s.org)
        if kind == "org":
            org_pks.add(key)
        elif kind == "ref":
            org_refs.add(key)
        elif kind == "person":
            person_pks.add(key)
        elif kind == "challenge":
            challenge_pks.add(key)
    orgs: dict[str, Organisation] = {}
    if "organisation" in kinds:
        found = access.organisations_visible_to(viewer).filter(
            pk__in=org_pks
        ) | access.organisations_visible_to(viewer).filter(ref__in=org_refs)
        orgs = {documents.organisation_ref(o): o for o in found.select_related("nuts")}
    people: dict[str, PersonProfile] = {}
    if "person" in kinds and person_pks:
        # Consent is checked again here: the index may predate a withdrawal.
        found_people = access.people_visible_to(viewer).matchable().filter(pk__in=person_pks)
        people = {documents.person_ref(p.pk): p for p in found_people.select_related("user")}
    challenges: dict[str, Challenge] = {}
    if "challenge" in kinds and challenge_pks:
        found_challenges = access.challenges_visible_to(viewer).filter(
            pk__in=challenge_pks, status__in=documents.LISTED_STATUSES
        )
        challenges = {
            documents.challenge_ref(c.pk): c
            for c in found_challenges.select_related("organisation")
        }
    out: list[ProductSuggestion] = []
    for s in raw:
        obj: Any
        if s.org in orgs:
            kind, obj = "organisation", orgs[s.org]
        elif s.org in people:
            kind, obj = "person", people[s.org]
        elif s.org in challenges:
            kind, obj = "challenge", challenges[s.org]
        else:
            continue
        reasons = [r.as_dict() for r in s.reasons if _worth_saying(r.code, r.params)]
        out.append(ProductSuggestion(kind, s.org, obj, s.score, reasons))
        if len(out) >= limit:
            break
    names = reason_names([r for item in out for r in item.reasons])
    for item in out:
        for reason in item.reasons:
            reason["text"] = reason_text(reason, names)
    return out


def _run(
    query: dict[str, Any], subject: str, viewer: Any, kinds: set[str], limit: int
) -> list[ProductSuggestion]:
    from marketplace.matching import QueryError

    limit = max(1, min(limit, MAX_LIMIT))
    feedback = _feedback(subject)
    try:
        raw = current_engine().suggest(
            query, limit=limit * OVERFETCH, feedback=feedback, unknown_org="ignore"
        )
    except QueryError:
        return []  # nothing to match on yet (no text, no track record)
    dismissed = {c for c, v in feedback.items() if v < 0}
    raw = [s for s in raw if s.org not in dismissed]
    return _resolve(raw, viewer, kinds, limit)


def partners_for_organisation(
    *, organisation: Organisation, viewer: Any, limit: int = 10, text: str = ""
) -> list[ProductSuggestion]:
    """Suppliers, customers, complementary technology and knowledge partners."""
    ref = documents.organisation_ref(organisation)
    query = {"org": ref, "text": text or organisation.description, "exclude": [ref]}
    return _run(query, ref, viewer, {"organisation"}, limit)


def solvers_for_challenge(
    *, challenge: Challenge, viewer: Any, limit: int = 10
) -> list[ProductSuggestion]:
    """Organisations and consenting people who could solve the challenge (public text only)."""
    owner = documents.organisation_ref(challenge.organisation)
    labels = [t.label_en for t in challenge.technologies.all()]
    text = "\n".join([challenge.title, challenge.summary, challenge.goal, challenge.scope, *labels])
    query = {
        "org": owner,
        "text": text,
        "exclude": [owner, documents.challenge_ref(challenge.pk)],
    }
    return _run(
        query, documents.challenge_ref(challenge.pk), viewer, {"organisation", "person"}, limit
    )


def challenges_for_organisation(
    *, organisation: Organisation, viewer: Any, limit: int = 10
) -> list[ProductSuggestion]:
    ref = documents.organisation_ref(organisation)
    query = {"org": ref, "text": organisation.description, "exclude": [ref]}
    return _run(query, f"{ref}:challenges", viewer, {"challenge"}, limit)


def challenges_for_person(
    *, person: PersonProfile, viewer: Any, limit: int = 10
) -> list[ProductSuggestion]:
    ref = documents.person_ref(person.pk)
    text = "\n".join([person.headline, person.bio, person.programme])
    query = {"org": ref, "text": text, "exclude": [ref]}
    return _run(query, f"{ref}:challenges", viewer, {"challenge"}, limit)


def feedback_record(
    *, user: User, subject: str, candidate: str, verdict: str, reason: str, note: str = ""
) -> SuggestionFeedback:
    """Store (or replace) the subject's reaction to a suggested candidate."""
    with transaction.atomic():
        feedback, _created = SuggestionFeedback.objects.update_or_create(
            subject=subject,
            candidate=candidate,
            defaults={"verdict": verdict, "reason": reason, "note": note, "user": user},
        )
    return feedback
