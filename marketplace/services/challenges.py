"""Operations on challenges: authoring, the lifecycle and the rubric."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.languages import in_every_language
from marketplace.models import (
    Challenge,
    ChallengeTransition,
    ChallengeTypeGuide,
    Organisation,
    RubricCriterion,
    Technology,
    User,
)
from marketplace.models.challenges import ChallengeType, Status
from marketplace.models.judging import CriterionKind
from marketplace.models.organisations import Role
from marketplace.payments.ledger import funding_required_for_open
from marketplace.payments.services import on_cancel
from marketplace.services.notifications import notify

# Used when no type guide was loaded; `load_challenge_content` loads richer ones per type.
DEFAULT_CRITERIA: list[dict[str, Any]] = [
    {
        "key": "relevance",
        "label": gettext_lazy("Fit with the challenge"),
        "weight": 3,
        "prompt": gettext_lazy("How does your proposal answer the goal of the challenge?"),
    },
    {
        "key": "feasibility",
        "label": gettext_lazy("Feasibility and team"),
        "weight": 3,
        "prompt": gettext_lazy("Who does the work, with which experience, in which steps?"),
    },
    {
        "key": "value",
        "label": gettext_lazy("Value for money"),
        "weight": 2,
        "prompt": gettext_lazy("What does it cost and what does the seeker get for it?"),
    },
    {
        "key": "impact_on_work",
        "label": gettext_lazy("Impact on work"),
        "weight": 2,
        "kind": CriterionKind.IMPACT_ON_WORK,
        "prompt": gettext_lazy(
            "How are workers involved, and what changes for their jobs, skills and safety?"
        ),
    },
]

# What can still change once the challenge is open; nothing changes after the deadline.
EDITABLE_WHEN_OPEN = {
    "summary",
    "goal",
    "scope",
    "confidential_detail",
    "deadline",
    "feedback_deadline",
    "technologies",
    "impact_work_organisation",
    "impact_skills",
    "impact_safety",
    "impact_privacy",
    "prize_description",
}


def managers_of(organisation: Organisation) -> list[User]:
    return [
        m.user
        for m in organisation.memberships.filter(role__in=[Role.OWNER, Role.ADMIN]).select_related(
            "user"
        )
    ]


def _check_dates(challenge: Challenge, changed: Iterable[str]) -> None:
    errors: dict[str, str] = {}
    now = timezone.now()
    if "deadline" in changed and challenge.deadline is not None and challenge.deadline <= now:
        errors["deadline"] = _("The deadline must be in the future.")
    if (
        challenge.deadline is not None
        and challenge.feedback_deadline is not None
        and challenge.feedback_deadline < timezone.localdate(challenge.deadline)
    ):
        errors["feedback_deadline"] = _("The feedback date must come after the deadline.")
    if errors:
        raise ValidationError(errors)


def _check_partner_kinds(kinds: Any) -> None:
    from marketplace.models.organisations import OrganisationKind

    if not isinstance(kinds, list) or any(k not in OrganisationKind.values for k in kinds):
        raise ValidationError({"wanted_partner_kinds": _("Unknown organisation kind.")})


def _per_language(text: Any) -> dict[str, str]:
    """A default criterion's text in every interface language: a guide's {"nl": …} as given
    (English filling the gaps), a lazy translatable text translated."""
    if isinstance(text, dict):
        return {code: str(text.get(code) or text.get("en", "")) for code, _ in settings.LANGUAGES}
    return in_every_language(partial(str, text))


def _default_rubric(challenge: Challenge) -> None:
    guide = ChallengeTypeGuide.objects.filter(type=challenge.type).first()
    items = guide.default_criteria if guide and guide.default_criteria else DEFAULT_CRITERIA
    for position, item in enumerate(items):
        labels = _per_language(item["label"])
        prompts = _per_language(item.get("prompt", ""))
        language = challenge.language if challenge.language in labels else settings.LANGUAGE_CODE
        RubricCriterion.objects.create(
            challenge=challenge,
            key=item["key"],
            label=labels[language],
            prompt=prompts[language],
            texts={"label": labels, "prompt": prompts},
            weight=item.get("weight", 1),
            kind=item.get("kind", CriterionKind.GENERAL),
            position=position,
        )


def challenge_create(
    *,
    actor: User,
    organisation: Organisation,
    type: str,
    title: str,
    technologies: Iterable[Technology] | None = None,
    **fields: Any,
) -> Challenge:
    """Start a draft for `organisation` (the caller checked that `actor` manages it), with the
    default rubric of its type."""
    if type not in ChallengeType.values:
        raise ValidationError({"type": _("Unknown challenge type.")})
    if "wanted_partner_kinds" in fields:
        _check_partner_kinds(fields["wanted_partner_kinds"])
    with transaction.atomic():
        challenge = Challenge(
            organisation=organisation, created_by=actor, type=type, title=title, **fields
        )
        _check_dates(challenge, fields)
        challenge.full_clean(exclude=["technologies", "search_vector"])
        challenge.save()
        if technologies is not None:
            challenge.technologies.set(technologies)
            challenge.refresh_search_vector()
        _default_rubric(challenge)
    return challenge


def challenge_update(*, actor: User, challenge: Challenge, **fields: Any) -> Challenge:
    """Change the brief. Drafts change freely; an open challenge only in its texts and dates
    (and only before the deadline); later, nothing."""
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.status == Status.OPEN:
            locked = sorted(set(fields) - EDITABLE_WHEN_OPEN)
            if locked:
                raise ValidationError(
                    {f: _("This cannot change once the challenge is published.") for f in locked}
                )
            if not challenge.accepts_proposals:
                raise ValidationError(_("The deadline has passed; the brief is final."))
        elif challenge.status != Status.DRAFT:
            raise ValidationError(_("Only draft and open challenges can be changed."))
        if "wanted_partner_kinds" in fields:
            _check_partner_kinds(fields["wanted_partner_kinds"])
        technologies = fields.pop("technologies", None)
        for name, value in fields.items():
            setattr(challenge, name, value)
        _check_dates(challenge, fields)
        challenge.full_clean(exclude=["technologies", "search_vector"])
        challenge.save()
        if technologies is not None:
            challenge.technologies.set(technologies)
            challenge.refresh_search_vector()
    return challenge


def _people_following(challenge: Challenge) -> list[User]:
    """Submitters of proposals (not drafts) hear about status changes."""
    from marketplace.models import Proposal

    return [
        p.created_by
        for p in Proposal.objects.filter(challenge=challenge)
        .exclude(status="draft")
        .select_related("created_by")
        if p.created_by
    ]


def transition_blockers(challenge: Challenge, to: str) -> list[str]:
    """Why `challenge` cannot move to `to` now (empty when it can): its own lifecycle rules
    (`Challenge.transition_errors`) and the ledger's: a money prize is funded, for the award
    places it has now, before the challenge opens. Pages show these; `challenge_transition`
    refuses with them."""
    errors = challenge.transition_errors(to)
    if to == Status.OPEN and to in challenge.allowed_transitions():
        unfunded = funding_required_for_open(challenge)
        if unfunded:
            errors.append(unfunded)
    return errors


def challenge_transition(
    *, actor: User | None, challenge: Challenge, to: str, note: str = ""
) -> Challenge:
    """Move a challenge along its lifecycle (see `TRANSITIONS`), log it and tell the people
    involved. `actor` is None when the platform itself moves it."""
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        errors = transition_blockers(challenge, to)
        if errors:
            raise ValidationError({"to": errors})
        previous = challenge.status
        challenge.status = to
        fields = ["status", "updated_at"]
        if to == Status.OPEN:
            challenge.published_at = timezone.now()
            fields.append("published_at")
        challenge.save(update_fields=fields)
        ChallengeTransition.objects.create(
            challenge=challenge, from_status=previous, to_status=to, by=actor, note=note[:500]
        )
        if to == Status.CANCELLED:
            on_cancel(challenge)  # refunds the sponsor by the terms, after commit
        recipients = _people_following(challenge)
        if to != Status.OPEN:
            recipients += managers_of(challenge.organisation)
        notify(
            users=[u for u in recipients if actor is None or u.pk != actor.pk],
            kind="challenge_status",
            challenge=challenge,
            title=gettext_lazy("“%(title)s” now has the status %(status)s"),
            params={"title": challenge.title, "status": Status(to).label},
            url=challenge.get_absolute_url(),
        )
    return challenge


def challenges_close_expired(*, now: datetime | None = None) -> int:
    """Open challenges whose deadline passed move to evaluating (logged without an actor)."""
    now = now or timezone.now()
    moved = 0
    for challenge in Challenge.objects.filter(status=Status.OPEN, deadline__lte=now):
        challenge_transition(
            actor=None, challenge=challenge, to=Status.EVALUATING, note="deadline passed"
        )
        moved += 1
    return moved


def rubric_replace(
    *, challenge: Challenge, criteria: list[dict[str, Any]]
) -> list[RubricCriterion]:
    """Replace the rubric. Possible until the first proposal is submitted, so every proposal is
    judged on the rubric it answered."""
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if challenge.status not in {Status.DRAFT, Status.OPEN}:
            raise ValidationError(_("The rubric is fixed once judging starts."))
        if challenge.proposals.exclude(status="draft").exists():
            raise ValidationError(_("The rubric is fixed once a proposal was submitted."))
        if not criteria:
            raise ValidationError({"criteria": _("A rubric needs at least one criterion.")})
        keys = [c["key"] for c in criteria]
        if len(set(keys)) != len(keys):
            raise ValidationError({"criteria": _("Each criterion needs its own key.")})
        before = {c.key: c for c in challenge.criteria.all()}
        challenge.criteria.all().delete()
        created = [
            RubricCriterion.objects.create(
                challenge=challenge, position=i, texts=_texts_kept(before, item), **item
            )
            for i, item in enumerate(criteria)
        ]
    return created


def _texts_kept(before: dict[str, RubricCriterion], item: dict[str, Any]) -> dict[str, Any]:
    """A default criterion keeps its texts in every language while its words are unchanged;
    rewritten, the owner's own words are what everyone reads."""
    old = before.get(item["key"])
    if old is None or old.label != item.get("label") or old.prompt != item.get("prompt", ""):
        return {}
    return old.texts
