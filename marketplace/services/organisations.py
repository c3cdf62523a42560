"""Operations on organisations that touch several rows or send e-mail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from marketplace.models import Invitation, Membership, Organisation, User
from marketplace.models.organisations import Role
from marketplace.tasks import email_send


def organisation_create(*, user: User, name: str, **fields: Any) -> Organisation:
    """Create an organisation with `user` as its first owner."""
    nace = fields.pop("nace", None)
    with transaction.atomic():
        organisation = Organisation(name=name, **fields)
        organisation.full_clean(exclude=["nace"])
        organisation.save()
        if nace is not None:
            organisation.nace.set(nace)
        Membership.objects.create(organisation=organisation, user=user, role=Role.OWNER)
    return organisation


def _lock_memberships(organisation: Organisation) -> list[Membership]:
    # Lock every membership row of the organisation so two concurrent demotions cannot both
    # see "another owner remains" and leave the organisation without one.
    return list(
        Membership.objects.select_for_update().filter(organisation=organisation).order_by("id")
    )


def _owners_after(memberships: list[Membership], change: Membership, new_role: str | None) -> int:
    owners = 0
    for membership in memberships:
        role = new_role if membership.pk == change.pk else membership.role
        owners += role == Role.OWNER
    return owners


def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Change a member's role. Only owners grant or take away ownership; the last owner stays."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        memberships = _lock_memberships(membership.organisation)
        membership = next(m for m in memberships if m.pk == membership.pk)
        actor_role = next((m.role for m in memberships if m.user_id == actor.pk), None)
        if (role == Role.OWNER or membership.role == Role.OWNER) and actor_role != Role.OWNER:
            raise ValidationError({"role": _("Only an owner can grant or withdraw ownership.")})
        if _owners_after(memberships, membership, role) == 0:
            raise ValidationError(
                {"role": _("An organisation needs at least one owner. Transfer ownership first.")}
            )
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, actor: User, membership: Membership) -> None:
    """Remove a member (or leave, when actor is the member). The last owner cannot go."""
    with transaction.atomic():
        memberships = _lock_memberships(membership.organisation)
        membership = next(m for m in memberships if m.pk == membership.pk)
        actor_role = next((m.role for m in memberships if m.user_id == actor.pk), None)
        leaving = membership.user_id == actor.pk
        if not leaving and membership.role == Role.OWNER and actor_role != Role.OWNER:
            raise ValidationError(_("Only an owner can remove another owner."))
        if _owners_after(memberships, membership, None) == 0:
            raise ValidationError(
                _("An organisation needs at least one owner. Transfer ownership first.")
            )
        membership.delete()


def ownership_transfer(*, actor: User, organisation: Organisation, to_user: User) -> None:
    """Make `to_user` (a member already) an owner and the acting owner an administrator."""
    with transaction.atomic():
        memberships = _lock_memberships(organisation)
        by_user = {m.user_id: m for m in memberships}
        current = by_user.get(actor.pk)
        target = by_user.get(to_user.pk)
        if current is None or current.role != Role.OWNER:
            raise ValidationError(_("Only an owner can transfer ownership."))
        if target is None:
            raise ValidationError(
                {"user": _("Ownership can only go to a member of the organisation.")}
            )
        if target.pk == current.pk:
            raise ValidationError({"user": _("You are already an owner.")})
        target.role = Role.OWNER
        target.save(update_fields=["role"])
        current.role = Role.ADMIN
        current.save(update_fields=["role"])


def invitation_send(
    *, actor: User, organisation: Organisation, email: str, role: str
) -> Invitation:
    """Invite someone by e-mail. Only owners may invite owners."""
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role == Role.OWNER and organisation.role_of(actor) != Role.OWNER:
        raise ValidationError({"role": _("Only an owner can invite another owner.")})
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    with transaction.atomic():
        open_invitations = Invitation.objects.select_for_update().filter(
            organisation=organisation,
            email__iexact=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        )
        for old in open_invitations:
            if not old.is_expired:
                raise ValidationError({"email": _("An invitation to this address is still open.")})
            old.revoked_at = timezone.now()
            old.save(update_fields=["revoked_at"])
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, role=role, invited_by=actor
        )
        link = settings.SITE_URL + reverse("invitation_accept", args=[invitation.token])
        with override(actor.preferred_language):
            subject = _("You are invited to join %(org)s on Kruispunt") % {"org": organisation.name}
            body = _(
                "%(who)s invites you to join %(org)s on Kruispunt as %(role)s.\n\n"
                "Accept the invitation (valid until %(until)s):\n%(link)s\n"
            ) % {
                "who": actor.display_name,
                "org": organisation.name,
                "role": Role(role).label,
                "until": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d"),
                "link": link,
            }
        transaction.on_commit(lambda: email_send.enqueue(to=email, subject=subject, body=body))
    return invitation


def invitation_accept(*, user: User, token: str) -> Membership:
    """Accept an open invitation. The invitation is bound to the address it was sent to."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(token=token)
            .select_related("organisation")
        ).first()
        if invitation is None or invitation.revoked_at is not None:
            raise ValidationError(_("This invitation does not exist or was withdrawn."))
        if invitation.accepted_at is not None:
            raise ValidationError(_("This invitation has already been accepted."))
        if invitation.is_expired:
            raise ValidationError(_("This invitation has expired. Ask for a new one."))
        if invitation.email.lower() != user.email.lower():
            raise ValidationError(
                _("This invitation was sent to another e-mail address. Sign in with that address.")
            )
        membership, created = Membership.objects.get_or_create(
            organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
        )
        if not created:
            raise ValidationError(_("You are already a member of this organisation."))
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
