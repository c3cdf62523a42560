"""Suggestions as users see them: partners for an organisation, solvers for a challenge,
challenges for a solver — each with its reasons, scoped to what the viewer may see, and
without what that subject dismissed before."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace import access
from marketplace.matching import documents
from marketplace.matching.analysis import analyze
from marketplace.matching.explanations import project_links, reason_names, reason_text
from marketplace.matching.learning import current_reranking
from marketplace.matching.models import SuggestionFeedback, Verdict
from marketplace.matching.reactions import add_reaction_facts
from marketplace.matching.shown import shown_react
from marketplace.matching.store import current_engine
from marketplace.matching.strength import MIN_CONFIDENCE, Strength, strength_of
from marketplace.models import (
    Capability,
    Challenge,
    Organisation,
    PersonProfile,
    Technology,
    User,
)
from marketplace.models.organisations import KNOWLEDGE_KINDS

if TYPE_CHECKING:
    from marketplace.matching.engine import Ranking

MAX_LIMIT = 50
SHOWN_ORGANISATION_FIELDS = ("pk", "ref", "name", "kind")
# The engine keeps only the wanted kinds; ask for a few more for what the viewer may not see.
OVERFETCH = 2


# How a suggested partner relates to the organisation asking, strongest evidence first.
RELATIONS = {
    "supplier": _("Supplier"),
    "customer": _("Customer"),
    "knowledge_partner": _("Knowledge partner"),
    "technology_partner": _("Technology partner"),
    "past_partner": _("Past partner"),
    "partner": _("Partner"),
}


@dataclass
class ProductSuggestion:
    kind: str  # "organisation" | "person" | "challenge"
    ref: str
    obj: Any
    score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)
    relation: str = ""  # partners for an organisation: a key of RELATIONS
    capability: Capability | None = None  # solvers: their capability that fits best
    confidence: float = 0.0  # the fitted chance that such a suggestion becomes a partner
    # Already marked relevant for this subject (by anyone asking for it, an invitation too):
    # the page shows that instead of offering the same mark again.
    accepted: bool = False
    invited: bool = False  # solvers: the challenge already invited them (reactions.py)

    @property
    def relation_label(self) -> str:
        return str(RELATIONS.get(self.relation, ""))

    @property
    def strength(self) -> Strength:
        return strength_of(self.confidence)


def relation_of(item: ProductSuggestion, asking: Organisation) -> str:
    """Supplier, customer, knowledge, technology or past partner, from the suggestion's reasons
    (a value-chain link first: it is what an SME asks about most)."""
    by_code = {r["code"]: r.get("evidence") or {} for r in item.reasons}
    link = by_code.get("value_chain", {})
    # A link within one sector (furniture makers buying from furniture makers, universities
    # from universities) makes a peer, which the table cannot tell supplier from customer.
    if link.get("direction") in {"supplier", "customer"} and link.get(
        "supplier_sector"
    ) != link.get("customer_sector"):
        return str(link["direction"])
    kind = getattr(item.obj, "kind", "")
    if kind in KNOWLEDGE_KINDS and asking.kind not in KNOWLEDGE_KINDS:
        return "knowledge_partner"
    if "shared_concepts" in by_code:
        return "technology_partner"
    if "past_partner" in by_code:
        return "past_partner"
    return "partner"


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


_KIND_OF_REF = {
    "org": "organisation",
    "ref": "organisation",
    "person": "person",
    "challenge": "challenge",
}


def _resolve(
    ranking: Ranking,
    viewer: User | Any,
    kinds: set[str],
    limit: int,
    asking: Organisation | None = None,
    relation: str = "",
    listed: set[str] | None = None,
    subject: str = "",
) -> list[ProductSuggestion]:
    """Engine answers → model objects the viewer may see, best first.

    With ``asking``, each suggestion says how it relates to that organisation, and with
    ``relation`` only suggestions of that relation are kept. ``listed`` holds the technologies
    the seeker listed, so that a reason tells them apart from those found in the text.
    Reasons are worked out only for what is shown (all visible ones when a relation is asked
    for: the relation follows from them).
    """
    ranked = ranking.refs
    org_pks, org_refs, person_pks, challenge_pks = set(), set(), set(), set()
    for ref in ranked:
        kind, key = documents.split_ref(ref)
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
        # What a suggestion shows of an organisation (its name, kind and page): whole rows of
        # twenty organisations cost a partner request more than its SQL.
        orgs = {documents.organisation_ref(o): o for o in found.only(*SHOWN_ORGANISATION_FIELDS)}
    people: dict[str, PersonProfile] = {}
    if "person" in kinds and person_pks:
        # Consent is checked again here: the index may predate a withdrawal.
        found_people = access.people_visible_to(viewer).matchable().filter(pk__in=person_pks)
        people = {documents.person_ref(p.pk): p for p in found_people.select_related("user")}
    challenges: dict[str, Challenge] = {}
    if "challenge" in kinds and challenge_pks:
        # Only challenges that still take proposals: the index may predate a deadline.
        found_challenges = (
            access.challenges_visible_to(viewer)
            .filter(pk__in=challenge_pks, status__in=documents.LISTED_STATUSES)
            .exclude(deadline__lte=timezone.now())
        )
        challenges = {
            documents.challenge_ref(c.pk): c
            for c in found_challenges.select_related("organisation")
        }
    objects: dict[str, tuple[str, Any]] = {
        **{ref: ("organisation", o) for ref, o in orgs.items()},
        **{ref: ("person", p) for ref, p in people.items()},
        **{ref: ("challenge", c) for ref, c in challenges.items()},
    }
    visible = [ref for ref in ranked if ref in objects]
    out: list[ProductSuggestion] = []
    for s in ranking.suggestions(only=visible if relation else visible[:limit]):
        kind, obj = objects[s.org]
        # Value-chain links below valuechain.MIN_SHARE are never reasons: the engine drops them.
        reasons = [r.as_dict() for r in s.reasons]
        if listed is not None:
            for reason in reasons:
                if reason["code"] == "shared_concepts":
                    evidence = reason["evidence"]
                    evidence["listed"] = [t for t in evidence["technologies"] if t in listed]
        item = ProductSuggestion(kind, s.org, obj, s.score, reasons, confidence=s.confidence)
        if asking is not None:
            item.relation = relation_of(item, asking)
            if relation and item.relation != relation:
                continue
        out.append(item)
        if len(out) >= limit:
            break
    add_reaction_facts(subject, out, viewer)
    names = reason_names([r for item in out for r in item.reasons])
    for item in out:
        for reason in item.reasons:
            reason["text"] = reason_text(reason, names, item.kind)
            reason["links"] = project_links(reason, names)
    return out


class SuggestionList(list[ProductSuggestion]):
    """Suggestions, best first; ``held_back`` counts those left out as too weak to show."""

    held_back: int = 0

    @property
    def needs_more(self) -> bool:
        """Would the asker's next steps help: nothing shown, some left out, or only weak
        matches shown (kept for a named fact, but unlikely to become partners)?"""
        return not self or self.held_back > 0 or all(item.strength.key == "weak" for item in self)


def _run(
    query: dict[str, Any],
    subject: str,
    viewer: Any,
    kinds: set[str],
    limit: int,
    asking: Organisation | None = None,
    relation: str = "",
    listed: set[str] | None = None,
) -> SuggestionList:
    from marketplace.matching import QueryError

    limit = max(1, min(limit, MAX_LIMIT))
    feedback = _feedback(subject)
    # One relation is a slice of all partners: look further down the ranking for it.
    fetch = limit * OVERFETCH * (len(RELATIONS) if relation else 1)
    try:
        ranking = current_engine().rank(
            query,
            limit=fetch,
            feedback=feedback,
            unknown_org="ignore",
            keep=lambda ref: _KIND_OF_REF[documents.split_ref(ref)[0]] in kinds,
            rerank=current_reranking(),  # the engine also leaves out what was dismissed
        )
    except QueryError:
        return SuggestionList()  # nothing to match on yet (no text, no track record)
    found = _resolve(ranking, viewer, kinds, limit, asking, relation, listed, subject)
    for item in found:
        item.accepted = feedback.get(item.ref, 0.0) > 0
    shown = SuggestionList(item for item in found if worth_showing(item))
    shown.held_back = len(found) - len(shown)
    return shown


# Reasons that tie a candidate to this asker or this need by a named fact of substance; being
# active, nearby, of another kind or at a stage alone does not.
SUBSTANTIVE = frozenset(
    {
        "past_partner",
        "partner_of_partner",
        "partner_of_similar_teams",
        "shared_topics",
        "same_call_topic",
        "shared_concepts",
        "value_chain",
    }
)


def worth_showing(item: ProductSuggestion) -> bool:
    """Confident enough by the calibrated chance, or tied to the asker by a substantive fact
    (a value-chain link matters to an SME although past consortia cannot weigh it)."""
    if item.confidence >= MIN_CONFIDENCE:
        return True
    for reason in item.reasons:
        if reason["code"] in SUBSTANTIVE:
            return True
        evidence = reason["evidence"]
        if reason["code"] == "similar_work" and (
            evidence.get("projects") or len(evidence.get("words") or []) >= MIN_COMMON_WORDS
        ):
            return True
    return False


def own_refs(*, organisations: Iterable[Organisation] = (), users: Iterable[int] = ()) -> list[str]:
    """Refs the index knows for the asker itself: its organisations (and those the asking
    users are members of), the people who are members of them (or are the asking users), and
    the organisations' own challenges — never to be suggested to themselves."""
    mine = list(organisations)
    user_ids = set(users)
    if user_ids:
        mine += Organisation.objects.filter(memberships__user_id__in=user_ids).only("pk", "ref")
    org_ids = {o.pk for o in mine}
    refs = [documents.organisation_ref(o) for o in mine]
    members = PersonProfile.objects.filter(
        Q(user__memberships__organisation_id__in=org_ids) | Q(user_id__in=user_ids)
    ).values_list("pk", flat=True)
    refs += [documents.person_ref(pk) for pk in members.distinct()]
    own_challenges = Challenge.objects.filter(organisation_id__in=org_ids).values_list(
        "pk", flat=True
    )
    refs += [documents.challenge_ref(pk) for pk in own_challenges]
    return list(dict.fromkeys(refs))


def _offered_trl(capabilities: Any) -> list[list[int]]:
    return documents.capability_trl(list(capabilities.all()))


def partners_for_organisation(
    *,
    organisation: Organisation,
    viewer: Any,
    limit: int = 10,
    text: str = "",
    relation: str = "",
) -> SuggestionList:
    """Suppliers, customers, complementary technology and knowledge partners, each labelled
    with its relation (``relation`` keeps only one of RELATIONS)."""
    if relation and relation not in RELATIONS:
        raise ValueError(f"unknown relation {relation!r}")
    ref = documents.organisation_ref(organisation)
    query = partners_query(organisation, text)
    return _run(query, ref, viewer, {"organisation"}, limit, organisation, relation)


def partners_query(organisation: Organisation, text: str = "") -> dict[str, Any]:
    # Partners are organisations: of the asker's own refs (own_refs) only its own can come up
    # (its people and challenges are never suggested as partners), so the two queries that
    # find those are saved.
    return {
        "org": documents.organisation_ref(organisation),
        "text": text or organisation.description,
        "exclude": [documents.organisation_ref(organisation)],
    }


def solvers_for_challenge(*, challenge: Challenge, viewer: Any, limit: int = 10) -> SuggestionList:
    """Organisations and consenting people who could solve the challenge (public text only),
    never the challenge's own organisation or its members."""
    technologies = list(challenge.technologies.all())
    query = solvers_query(challenge, technologies)
    found = _run(
        query,
        documents.challenge_ref(challenge.pk),
        viewer,
        {"organisation", "person"},
        limit,
        listed={f"tech:{t.slug}" for t in technologies},
    )
    _attach_capabilities(found, challenge, viewer)
    return found


def solvers_query(
    challenge: Challenge, technologies: list[Technology] | None = None
) -> dict[str, Any]:
    if technologies is None:
        technologies = list(challenge.technologies.all())
    labels = [t.label_en for t in technologies]
    text = "\n".join([challenge.title, challenge.summary, challenge.goal, challenge.scope, *labels])
    stage = challenge.trl_range()
    return {
        "org": documents.organisation_ref(challenge.organisation),
        "text": text,
        "exclude": own_refs(organisations=[challenge.organisation]),
        "trl": list(stage) if stage else [],
    }


# A capability with no listed technology of the challenge must share at least this many words
# with it: one common word ("quality", "line") is not a fit worth pointing at.
MIN_COMMON_WORDS = 2


def _attach_capabilities(items: list[ProductSuggestion], challenge: Challenge, viewer: Any) -> None:
    """Give each solver the capability of theirs that fits the challenge best: the most shared
    technologies, then the most shared words (stemmed, any of nl/en/fr), then a fitting TRL."""
    if not items:
        return
    org_pks = [i.obj.pk for i in items if i.kind == "organisation"]
    person_pks = [i.obj.pk for i in items if i.kind == "person"]
    offered = (
        access.capabilities_visible_to(viewer)
        .filter(Q(owner_organisation_id__in=org_pks) | Q(owner_person_id__in=person_pks))
        .prefetch_related("technologies")
    )
    wanted = set(challenge.technologies.values_list("pk", flat=True))
    words = set(analyze("\n".join([challenge.title, challenge.summary, challenge.goal])))
    stage = challenge.trl_range()

    def fit(capability: Capability) -> tuple[int, int, bool]:
        shared = len(wanted & {t.pk for t in capability.technologies.all()})
        common = len(words & set(analyze(f"{capability.title}\n{capability.description}")))
        at_stage = stage is None or (
            capability.trl_min <= stage[1] and capability.trl_max >= stage[0]
        )
        return shared, common, at_stage

    best: dict[tuple[str, int | None], tuple[tuple[int, int, bool], Capability]] = {}
    for capability in offered:
        key = (
            ("organisation", capability.owner_organisation_id)
            if capability.owner_organisation_id
            else ("person", capability.owner_person_id)
        )
        score = fit(capability)
        if score[0] == 0 and score[1] < MIN_COMMON_WORDS:
            continue  # nothing in common with the challenge: not worth pointing at
        if key not in best or score > best[key][0]:
            best[key] = (score, capability)
    for item in items:
        chosen = best.get((item.kind, item.obj.pk))
        item.capability = chosen[1] if chosen else None


def challenges_for_organisation(
    *, organisation: Organisation, viewer: Any, limit: int = 10
) -> SuggestionList:
    """Open challenges the organisation could solve, never its own."""
    ref = documents.organisation_ref(organisation)
    query = organisation_challenges_query(organisation)
    return _run(query, f"{ref}:challenges", viewer, {"challenge"}, limit)


def organisation_challenges_query(organisation: Organisation) -> dict[str, Any]:
    return {
        "org": documents.organisation_ref(organisation),
        "text": organisation.description,
        "exclude": own_refs(organisations=[organisation]),
        "trl": _offered_trl(organisation.capabilities),
    }


def challenges_for_person(*, person: PersonProfile, viewer: Any, limit: int = 10) -> SuggestionList:
    """Open challenges for a person, never those of the organisations they are a member of."""
    query = person_challenges_query(person)
    return _run(query, subject_for_person(person), viewer, {"challenge"}, limit)


def subject_for_person(person: PersonProfile) -> str:
    """What reactions to the challenges suggested to ``person`` are filed under."""
    return documents.person_ref(person.pk) + ":challenges"


def challenges_for_user(
    *, user: Any, viewer: Any, limit: int = 10
) -> tuple[PersonProfile, str, SuggestionList]:
    """The user's profile, the subject to react with and the challenges suggested to them.

    The profile is looked up, never created: looking is not onboarding (a profile counts as
    set up). Without one the profile is a blank, unsaved one (for its next steps), the
    subject is empty and nothing is suggested: there is nothing to match on yet.
    """
    person = PersonProfile.objects.filter(user=user).first()
    if person is None:
        return PersonProfile(user=user), "", SuggestionList()
    found = challenges_for_person(person=person, viewer=viewer, limit=limit)
    return person, subject_for_person(person), found


def person_challenges_query(person: PersonProfile) -> dict[str, Any]:
    return {
        "org": documents.person_ref(person.pk),
        "text": "\n".join([person.headline, person.bio, person.programme]),
        "exclude": own_refs(users=[person.user_id]),
        "trl": _offered_trl(person.capabilities),
    }


def query_for_subject(subject: str) -> dict[str, Any] | None:
    """The query whose suggestions ``subject`` reacted to, as it would be asked now; None when
    the subject is gone."""
    base = subject.removesuffix(":challenges")
    kind, key = documents.split_ref(base)
    if kind == "challenge":
        challenge = Challenge.objects.filter(pk=key).first()
        return solvers_query(challenge) if challenge else None
    if kind == "person":
        person = PersonProfile.objects.filter(pk=key).first()
        return person_challenges_query(person) if person else None
    lookup = {"pk": key} if kind == "org" else {"ref": key}
    organisation = Organisation.objects.filter(**lookup).first()
    if organisation is None:
        return None
    if subject.endswith(":challenges"):
        return organisation_challenges_query(organisation)
    return partners_query(organisation)


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
        shown_react(subject=subject, candidate=candidate, verdict=verdict, reason=reason)
    return feedback


def invitee_for(ref: str) -> tuple[PersonProfile | None, Organisation | None]:
    """The person or the organisation a suggested solver's ref stands for, to invite them to a
    challenge; (None, None) for a ref that stands for neither (any more): an unknown
    organisation, or a person who withdrew their consent to be suggested."""
    kind, key = documents.split_ref(ref)
    if kind == "person":
        profile = PersonProfile.objects.matchable().filter(pk=key).select_related("user").first()
        return profile, None
    if kind == "org":
        return None, Organisation.objects.filter(pk=key).first()
    if kind == "ref":
        return None, Organisation.objects.filter(ref=key).first()
    return None, None
