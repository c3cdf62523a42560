"""GDPR: a person's data export and account erasure; an organisation's data export."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Capability, Membership, Organisation, PersonProfile, User
from marketplace.models.organisations import Role
from marketplace.services.privacy_challenges import (
    organisation_challenge_data,
    person_challenge_data,
)


def _capability_data(capability: Capability) -> dict[str, Any]:
    return {
        "id": capability.pk,
        "title": capability.title,
        "description": capability.description,
        "language": capability.language,
        "technologies": [t.slug for t in capability.technologies.all()],
        "skills": [s.uri for s in capability.skills.all()],
        "sectors": [n.code for n in capability.sectors.all()],
        "trl_min": capability.trl_min,
        "trl_max": capability.trl_max,
        "region": capability.nuts_id,
        "created_at": capability.created_at.isoformat(),
        "updated_at": capability.updated_at.isoformat(),
    }


def person_export(*, user: User) -> dict[str, Any]:
    """Everything Kruispunt stores about a person, as plain JSON-ready data."""
    profile = PersonProfile.objects.filter(user=user).first()
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user)
            ],
        },
        "memberships": [
            {
                "organisation": m.organisation.name,
                "organisation_id": m.organisation_id,
                "role": m.role,
                "since": m.created_at.isoformat(),
            }
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "profile": None,
        "capabilities": [],
    }
    if profile is not None:
        data["profile"] = {
            "kind": profile.kind,
            "headline": profile.headline,
            "bio": profile.bio,
            "discipline": profile.discipline_id,
            "institution": profile.institution.name if profile.institution else None,
            "programme": profile.programme,
            "skills": [s.uri for s in profile.skills.all()],
            "languages": profile.languages,
            "availability": profile.availability,
            "career_stage": profile.career_stage,
            "visibility": profile.visibility,
            "listed_publicly": profile.listed_publicly,
            "matching_consent": profile.matching_consent,
            "matching_consent_changed_at": (
                profile.matching_consent_changed_at.isoformat()
                if profile.matching_consent_changed_at
                else None
            ),
        }
        data["capabilities"] = [_capability_data(c) for c in profile.capabilities.all()]
    data["challenge_marketplace"] = person_challenge_data(user=user)
    return data


def sole_owner_organisations(user: User) -> list[Organisation]:
    owned = Organisation.objects.filter(memberships__user=user, memberships__role=Role.OWNER)
    return [
        org
        for org in owned
        if org.memberships.filter(role=Role.OWNER).exclude(user=user).count() == 0
    ]


def account_erase(*, user: User) -> None:
    """Delete the account and everything personal with it. Refused while the person is the
    only owner of an organisation, so no organisation is left without an owner."""
    with transaction.atomic():
        # Lock the memberships of the person's organisations (as the membership services do),
        # so two co-owners erasing their accounts at once cannot both see the other as owner.
        list(
            Membership.objects.select_for_update()
            .filter(organisation__memberships__user=user)
            .order_by("id")
        )
        blocking = sole_owner_organisations(user)
        if blocking:
            names = ", ".join(org.name for org in blocking)
            raise ValidationError(
                _(
                    "You are the only owner of %(names)s. Transfer ownership or delete the "
                    "organisation before you delete your account."
                )
                % {"names": names}
            )
        user.delete()


def organisation_export(*, organisation: Organisation) -> dict[str, Any]:
    """The organisation's data for its owners: profile, members, invitations, capabilities,
    track record."""
    return {
        "exported_at": timezone.now().isoformat(),
        "organisation": {
            "id": organisation.pk,
            "ref": organisation.ref,
            "name": organisation.name,
            "kind": organisation.kind,
            "enterprise_number": organisation.enterprise_number,
            "vat_number": organisation.vat_number,
            "country": organisation.country,
            "region": organisation.nuts_id,
            "nace": [n.code for n in organisation.nace.all()],
            "staff_headcount": organisation.staff_headcount,
            "annual_turnover_eur": organisation.annual_turnover_eur,
            "balance_sheet_eur": organisation.balance_sheet_eur,
            "size_class": organisation.size_class,
            "languages": organisation.languages,
            "website": organisation.website,
            "description": organisation.description,
            "equipment": organisation.equipment,
        },
        "members": [
            {
                "name": m.user.get_full_name(),
                "email": m.user.email,
                "role": m.role,
                "since": m.created_at.isoformat(),
            }
            for m in organisation.memberships.select_related("user")
        ],
        "invitations": [
            {
                "email": i.email,
                "role": i.role,
                "created_at": i.created_at.isoformat(),
                "expires_at": i.expires_at.isoformat(),
                "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
                "revoked_at": i.revoked_at.isoformat() if i.revoked_at else None,
            }
            for i in organisation.invitations.all()
        ],
        "capabilities": [_capability_data(c) for c in organisation.capabilities.all()],
        "collaborations": [
            {
                "ref": p.collaboration.ref,
                "title": p.collaboration.title,
                "role": p.role,
                "start": p.collaboration.start.isoformat() if p.collaboration.start else None,
            }
            for p in organisation.participations.select_related("collaboration")
        ],
        "challenge_marketplace": organisation_challenge_data(organisation=organisation),
    }
