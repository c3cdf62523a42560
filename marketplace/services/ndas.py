"""NDA acceptance and revocation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.models import Challenge, NdaAcceptance, NdaRevocation, NdaTerms, Organisation, User
from marketplace.models.challenges import Status
from marketplace.services.notifications import notify
from marketplace.signals import nda_revoked


def nda_accept(
    *,
    user: User,
    challenge: Challenge,
    terms_version: str,
    organisation: Organisation | None = None,
) -> NdaAcceptance:
    """Record that `user` (for `organisation`, if given) accepts the current NDA terms for this
    challenge. The caller made sure the user may see the challenge."""
    terms = NdaTerms.objects.current()
    if terms is None:
        raise ValidationError(_("No NDA terms are published yet."))
    if terms_version != terms.version:
        raise ValidationError(
            {
                "terms_version": _("The NDA terms changed. Read version %(v)s and accept that.")
                % {"v": terms.version}
            }
        )
    if challenge.status in {Status.DRAFT, Status.COMPLETED, Status.CANCELLED}:
        raise ValidationError(_("This challenge does not take NDA acceptances."))
    if organisation is not None and organisation.role_of(user) is None:
        raise ValidationError({"organisation": _("You can only sign for your own organisation.")})
    if challenge.nda_acceptances.filter(user=user).exists():
        raise ValidationError(_("You already accepted the NDA for this challenge."))
    try:
        with transaction.atomic():
            return NdaAcceptance.objects.create(
                challenge=challenge,
                user=user,
                signer_email=user.email,
                organisation=organisation,
                terms=terms,
            )
    except IntegrityError:
        raise ValidationError(_("You already accepted the NDA for this challenge.")) from None


def nda_revoke(*, actor: User, acceptance: NdaAcceptance, reason: str = "") -> NdaRevocation:
    """The challenge owner withdraws someone's access to the confidential detail."""
    with transaction.atomic():
        acceptance = (
            NdaAcceptance.objects.select_for_update()
            .select_related("challenge")
            .get(pk=acceptance.pk)
        )
        if NdaRevocation.objects.filter(acceptance=acceptance).exists():
            raise ValidationError(_("This NDA acceptance is already revoked."))
        revocation = NdaRevocation.objects.create(
            acceptance=acceptance, revoked_by=actor, reason=reason
        )
        if acceptance.user is not None:
            nda_revoked.send(
                sender=NdaAcceptance, challenge=acceptance.challenge, user=acceptance.user
            )
            notify(
                users=[acceptance.user],
                kind="nda_revoked",
                challenge=acceptance.challenge,
                title=gettext_lazy(
                    "Your access to the confidential detail of “%(title)s” was withdrawn"
                ),
                params={"title": acceptance.challenge.title},
                url=acceptance.challenge.get_absolute_url(),
            )
    return revocation
