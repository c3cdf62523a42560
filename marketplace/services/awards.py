"""Granting and revoking award places. The place row is locked so two owners clicking at once
cannot both award it; a partial unique constraint backs that up."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.matching.shown import shown_answered, shown_award_revoked
from marketplace.models import Award, AwardPlace, Challenge, Proposal, User
from marketplace.models.awards import PaymentState
from marketplace.models.challenges import Status
from marketplace.models.proposals import ProposalStatus
from marketplace.payments.ledger import place_change_error
from marketplace.payments.services import on_award
from marketplace.services.notifications import notify
from marketplace.signals import award_granted

# Places can be set up until the awarding is over.
PLACES_EDITABLE = {Status.DRAFT, Status.OPEN, Status.EVALUATING}


def award_place_add(*, challenge: Challenge, **fields: Any) -> AwardPlace:
    """Add a prize place. Refused once awarding is over, and once the prize money is funded
    (the places are what the sponsor paid for)."""
    if challenge.status not in PLACES_EDITABLE:
        raise ValidationError(_("Award places are fixed now."))
    funded = place_change_error(challenge)
    if funded:
        raise ValidationError(funded)
    if challenge.award_places.filter(rank=fields.get("rank", 1)).exists():
        raise ValidationError({"rank": _("This place exists already.")})
    return AwardPlace.objects.create(challenge=challenge, **fields)


def award_grant(*, actor: User, place: AwardPlace, proposal: Proposal) -> Award:
    try:
        with transaction.atomic():
            place = (
                AwardPlace.objects.select_for_update().select_related("challenge").get(pk=place.pk)
            )
            challenge = place.challenge
            if challenge.status != Status.EVALUATING:
                raise ValidationError(_("Awards are granted while the challenge is evaluating."))
            if proposal.challenge_id != challenge.pk:
                raise ValidationError({"proposal": _("This proposal answers another challenge.")})
            if proposal.status != ProposalStatus.SUBMITTED:
                raise ValidationError({"proposal": _("Only submitted proposals can win.")})
            if place.awards.filter(revoked_at__isnull=True).exists():
                raise ValidationError({"place": _("This place has already been awarded.")})
            award = Award.objects.create(
                place=place,
                proposal=proposal,
                awarded_by=actor,
                payment_state=PaymentState.PENDING
                if place.is_monetary
                else PaymentState.NOT_APPLICABLE,
            )
            award_granted.send(sender=Award, award=award, actor=actor)
            shown_answered(proposal=proposal, field="won_at", at=award.awarded_at)
            on_award(award)  # a money prize is paid out after commit
            notify(
                users=[u for u in [proposal.created_by] if u is not None],
                kind="award",
                challenge=challenge,
                title=gettext_lazy("Your proposal won “%(place)s” in “%(title)s”"),
                params={"place": place.title, "title": challenge.title},
                url=f"/proposals/{proposal.pk}/",
            )
    except IntegrityError:
        raise ValidationError({"place": _("This place has already been awarded.")}) from None
    return award


def award_revoke(*, actor: User, award: Award) -> Award:
    with transaction.atomic():
        award = (
            Award.objects.select_for_update().select_related("place__challenge").get(pk=award.pk)
        )
        if award.revoked_at is not None:
            raise ValidationError(_("This award is already revoked."))
        if award.place.challenge.status != Status.EVALUATING:
            raise ValidationError(
                _("Awards can only be revoked while the challenge is evaluating.")
            )
        if award.payment_state == PaymentState.PAID:
            raise ValidationError(_("A paid award cannot be revoked."))
        award.revoked_at = timezone.now()
        award.revoked_by = actor
        award.save(update_fields=["revoked_at", "revoked_by"])
        shown_award_revoked(proposal=award.proposal)
    return award
