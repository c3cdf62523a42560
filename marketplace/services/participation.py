"""Invitations to invited-only challenges, worker co-authors and endorsements, coaching."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.models import (
    BriefCoachingRequest,
    Challenge,
    ChallengeCoauthor,
    ChallengeEndorsement,
    ChallengeInvitee,
    Organisation,
    User,
)
from marketplace.models.challenges import Status
from marketplace.models.organisations import OrganisationKind
from marketplace.services.challenges import managers_of
from marketplace.services.notifications import notify

COACH_KINDS = {OrganisationKind.INTERMEDIARY, OrganisationKind.KNOWLEDGE_CENTRE}


def invitee_add(
    *,
    actor: User,
    challenge: Challenge,
    user: User | None = None,
    organisation: Organisation | None = None,
) -> ChallengeInvitee:
    """Give one person or one organisation access to an invited-only challenge."""
    if (user is None) == (organisation is None):
        raise ValidationError(_("Invite one person or one organisation."))
    if challenge.status in {Status.COMPLETED, Status.CANCELLED}:
        raise ValidationError(_("This challenge is closed."))
    try:
        with transaction.atomic():
            invitee = ChallengeInvitee.objects.create(
                challenge=challenge, user=user, organisation=organisation, invited_by=actor
            )
            if challenge.status != Status.DRAFT:
                people = [user] if user else [m.user for m in organisation.memberships.all()]  # type: ignore[union-attr]
                notify(
                    users=people,
                    kind="challenge_invitation",
                    challenge=challenge,
                    title=gettext_lazy("You are invited to the challenge “%(title)s”"),
                    params={"title": challenge.title},
                    url=challenge.get_absolute_url(),
                )
    except IntegrityError:
        raise ValidationError(_("Already invited.")) from None
    return invitee


def coauthor_add(*, actor: User, challenge: Challenge, user: User) -> ChallengeCoauthor:
    """Co-authors are members of the posting organisation (e.g. shop-floor workers)."""
    if challenge.organisation.role_of(user) is None:
        raise ValidationError(
            {"user": _("Only members of the posting organisation can co-author.")}
        )
    try:
        with transaction.atomic():
            return ChallengeCoauthor.objects.create(challenge=challenge, user=user, added_by=actor)
    except IntegrityError:
        raise ValidationError({"user": _("Already a co-author.")}) from None


def endorsement_add(
    *, user: User, challenge: Challenge, anonymous: bool = False, comment: str = ""
) -> ChallengeEndorsement:
    """A member of the posting organisation supports the challenge, optionally anonymously."""
    if challenge.organisation.role_of(user) is None:
        raise ValidationError(_("Only people of the posting organisation can endorse it."))
    if challenge.status in {Status.COMPLETED, Status.CANCELLED}:
        raise ValidationError(_("This challenge is closed."))
    try:
        with transaction.atomic():
            endorsement = ChallengeEndorsement.objects.create(
                challenge=challenge, user=user, anonymous=anonymous, comment=comment
            )
            notify(
                users=[u for u in managers_of(challenge.organisation) if u.pk != user.pk],
                kind="endorsement",
                challenge=challenge,
                title=gettext_lazy("A colleague endorsed “%(title)s”"),
                params={"title": challenge.title},
                url=challenge.get_absolute_url(),
            )
    except IntegrityError:
        raise ValidationError(_("You already endorsed this challenge.")) from None
    return endorsement


def coaching_request(
    *, actor: User, challenge: Challenge, intermediary: Organisation, message: str = ""
) -> BriefCoachingRequest:
    """Ask an intermediary to coach the brief; its members may read the draft meanwhile."""
    if intermediary.kind not in COACH_KINDS:
        raise ValidationError(
            {"intermediary": _("Choose an intermediary or a sector knowledge centre.")}
        )
    if challenge.status != Status.DRAFT:
        raise ValidationError(_("Coaching is for briefs that are not published yet."))
    try:
        with transaction.atomic():
            request = BriefCoachingRequest.objects.create(
                challenge=challenge, intermediary=intermediary, requested_by=actor, message=message
            )
            notify(
                users=[m.user for m in intermediary.memberships.select_related("user")],
                kind="coaching",
                challenge=challenge,
                title=gettext_lazy("%(org)s asks you to coach the brief “%(title)s”"),
                params={"org": challenge.organisation.name, "title": challenge.title},
                url=challenge.get_absolute_url(),
            )
    except IntegrityError:
        raise ValidationError(_("This intermediary is already coaching the brief.")) from None
    return request


MAX_ANSWER_CHARS = 2_000


def coaching_close(
    *, actor: User, coaching: BriefCoachingRequest, as_coach: bool, answer: str = ""
) -> BriefCoachingRequest:
    """End a coaching request: the coach hands back their advice (`as_coach`), or the firm
    withdraws the request. The coach's members can no longer read the draft from then on; the
    other side is told. The caller checked that `actor` may close it, and in which role
    (access.coaching_for_close)."""
    answer = answer.strip()
    if len(answer) > MAX_ANSWER_CHARS:
        raise ValidationError(
            {"answer": _("At most %(count)d characters.") % {"count": MAX_ANSWER_CHARS}}
        )
    with transaction.atomic():
        coaching = (
            BriefCoachingRequest.objects.select_for_update(of=("self",))
            .select_related("challenge__organisation", "intermediary")
            .get(pk=coaching.pk)
        )
        if coaching.closed_at is not None:
            raise ValidationError(_("This coaching request is already closed."))
        challenge, intermediary = coaching.challenge, coaching.intermediary
        coaching.closed_at, coaching.closed_by, coaching.answer = timezone.now(), actor, answer
        coaching.save(update_fields=["closed_at", "closed_by", "answer"])
        params = {"org": intermediary.name, "title": challenge.title, "answer": answer}
        if as_coach:
            notify(
                users=[u for u in managers_of(challenge.organisation) if u.pk != actor.pk],
                kind="coaching",
                challenge=challenge,
                title=gettext_lazy("%(org)s finished coaching the brief “%(title)s”"),
                body=gettext_lazy("Their advice: %(answer)s") if answer else "",
                params=params,
                url=reverse("challenge_coaching", args=[challenge.pk]),
            )
        else:
            notify(
                users=[
                    m.user
                    for m in intermediary.memberships.select_related("user")
                    if m.user_id != actor.pk
                ],
                kind="coaching",
                challenge=challenge,
                title=gettext_lazy("%(org)s: the request to coach “%(title)s” was withdrawn"),
                params={**params, "org": challenge.organisation.name},
                url=reverse("coaching_requests"),
            )
    return coaching
