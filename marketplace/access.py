"""Who may see or change what in the marketplace — the one place that answers it.

API views, page views and (later) websocket consumers call these helpers; each fetches the
object and decides in one call. Objects a user may not see raise Http404, so that an outsider
never learns that they exist; visible objects a user may not change raise PermissionDenied.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from marketplace.models import Capability, Organisation, PersonProfile
from marketplace.models.organisations import Role

MANAGERS = {Role.OWNER, Role.ADMIN}


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Organisation profiles are public: the marketplace exists to make them findable."""
    return Organisation.objects.all()


def organisation_role(user: Any, organisation: Organisation) -> str | None:
    return organisation.role_of(user) if _authenticated(user) else None


def organisation_for_view(user: Any, pk: Any) -> Organisation:
    try:
        return organisations_visible_to(user).get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def organisation_for_members(user: Any, pk: Any) -> Organisation:
    """Member lists and track-record details are for members (and staff)."""
    organisation = organisation_for_view(user, pk)
    if user.is_staff or organisation_role(user, organisation):
        return organisation
    raise PermissionDenied


def organisation_for_change(user: Any, pk: Any) -> Organisation:
    """Editing the profile, inviting and managing members: owners and administrators."""
    organisation = organisation_for_view(user, pk)
    if user.is_staff or organisation_role(user, organisation) in MANAGERS:
        return organisation
    raise PermissionDenied


def organisation_for_owner(user: Any, pk: Any) -> Organisation:
    """Deleting, exporting and transferring ownership: owners only."""
    organisation = organisation_for_view(user, pk)
    if organisation_role(user, organisation) == Role.OWNER:
        return organisation
    raise PermissionDenied


def can_change_organisation(user: Any, organisation: Organisation) -> bool:
    return _authenticated(user) and (
        user.is_staff or organisation_role(user, organisation) in MANAGERS
    )


def managed_organisations(user: Any) -> QuerySet[Organisation]:
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=list(MANAGERS))


def people_visible_to(user: Any) -> QuerySet[PersonProfile]:
    return PersonProfile.objects.listed_for(user)


def person_for_view(user: Any, pk: Any) -> PersonProfile:
    try:
        return people_visible_to(user).get(pk=pk)
    except (PersonProfile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def capabilities_visible_to(user: Any) -> QuerySet[Capability]:
    """Capabilities of organisations are public; a person's capabilities follow the person's
    profile (hidden with the profile, gone when the account is deactivated)."""
    people = people_visible_to(user)
    return Capability.objects.filter(owner_person__isnull=True) | Capability.objects.filter(
        owner_person__in=people
    )


def capability_for_view(user: Any, pk: Any) -> Capability:
    try:
        return capabilities_visible_to(user).get(pk=pk)
    except (Capability.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_change_capability(user: Any, capability: Capability) -> bool:
    if not _authenticated(user):
        return False
    if user.is_staff:
        return True
    if capability.owner_person is not None:
        return bool(capability.owner_person.user_id == user.pk)
    assert capability.owner_organisation is not None
    return organisation_role(user, capability.owner_organisation) in MANAGERS


def capability_for_change(user: Any, pk: Any) -> Capability:
    capability = capability_for_view(user, pk)
    if can_change_capability(user, capability):
        return capability
    raise PermissionDenied
