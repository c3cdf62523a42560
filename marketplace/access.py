"""Who may see or change what in the marketplace — the one place that answers it.

API views, page views and (later) websocket consumers call these helpers; each fetches the
object and decides in one call. Objects a user may not see raise Http404, so that an outsider
never learns that they exist; visible objects a user may not change raise PermissionDenied.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from marketplace.models import (
    Capability,
    Membership,
    Organisation,
    PersonProfile,
    User,
    is_signed_in,
)
from marketplace.models.capabilities import CapabilityQuerySet
from marketplace.models.organisations import OrganisationKind, Role
from marketplace.models.people import PersonProfileQuerySet
from marketplace.numbers import whole_number

MANAGERS = {Role.OWNER, Role.ADMIN}


def active_user_by_email(email: str) -> User | None:
    """The account with this e-mail address (any case, surrounding spaces ignored), or None.
    Deactivated accounts are not found: nobody can invite, add or assign them."""
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    """Organisation profiles are public: the marketplace exists to make them findable."""
    return Organisation.objects.all()


def organisation_role(user: Any, organisation: Organisation) -> str | None:
    return organisation.role_of(user) if is_signed_in(user) else None


def _organisation_or_404(found: QuerySet[Organisation], pk: Any) -> Organisation:
    try:
        return found.get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def organisation_for_view(user: Any, pk: Any) -> Organisation:
    return _organisation_or_404(organisations_visible_to(user), pk)


def _organisation_and_role(user: Any, pk: Any) -> tuple[Organisation, str | None]:
    """The organisation (404 when not visible) and the user's role in it, in one query."""
    found = organisations_visible_to(user)
    if is_signed_in(user):
        role = Membership.role_in(OuterRef("pk"), user)
        found = found.annotate(viewer_role=Subquery(role))
    organisation = _organisation_or_404(found, pk)
    return organisation, getattr(organisation, "viewer_role", None)


def organisation_for_members(user: Any, pk: Any) -> Organisation:
    """Member lists and track-record details are for members (and staff)."""
    organisation, role = _organisation_and_role(user, pk)
    if user.is_staff or role:
        return organisation
    raise PermissionDenied


def organisation_for_change(user: Any, pk: Any) -> Organisation:
    """Editing the profile, inviting and managing members: owners and administrators."""
    organisation, role = _organisation_and_role(user, pk)
    if user.is_staff or role in MANAGERS:
        return organisation
    raise PermissionDenied


def organisation_for_owner(user: Any, pk: Any) -> Organisation:
    """Deleting, exporting and transferring ownership: owners only."""
    organisation = organisation_for_view(user, pk)
    if organisation_role(user, organisation) == Role.OWNER:
        return organisation
    raise PermissionDenied


def can_change_organisation(user: Any, organisation: Organisation) -> bool:
    return is_signed_in(user) and (
        user.is_staff or organisation_role(user, organisation) in MANAGERS
    )


def member_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` belongs to, in any role."""
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)  # one membership per pair


def managed_organisations(user: Any) -> QuerySet[Organisation]:
    if not is_signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=list(MANAGERS))


def people_visible_to(user: Any) -> PersonProfileQuerySet:
    return PersonProfile.objects.listed_for(user)


def person_for_view(user: Any, pk: Any) -> PersonProfile:
    try:
        return people_visible_to(user).get(pk=pk)
    except (PersonProfile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def capabilities_visible_to(user: Any) -> CapabilityQuerySet:
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
    if not is_signed_in(user):
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


# --- Challenges, proposals and judging (issue #3) ---------------------------------------------
# An outsider gets 404 for a challenge they may not know exists (drafts, invited-only ones) and
# for every proposal that is not theirs; visible-but-not-changeable raises PermissionDenied.


def challenges_visible_to(user: Any) -> QuerySet[Any]:
    from marketplace.models import Challenge

    return Challenge.objects.visible_to(user)


def published_challenges_visible_to(user: Any) -> QuerySet[Any]:
    """What `user` may see without the drafts: the pool that similar challenges come from."""
    from marketplace.models.challenges import Status

    return challenges_visible_to(user).exclude(status=Status.DRAFT)


def challenge_for_view(user: Any, pk: Any) -> Any:
    from marketplace.models import Challenge

    try:
        return challenges_visible_to(user).select_related("organisation", "nuts").get(pk=pk)
    except (Challenge.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_challenge_insider(user: Any, challenge: Any) -> bool:
    """Members of the posting organisation, co-authors and coaching intermediaries."""
    from marketplace.models import Challenge

    return (
        is_signed_in(user) and Challenge.objects.insider_of(user).filter(pk=challenge.pk).exists()
    )


def can_manage_challenge(user: Any, challenge: Any) -> bool:
    """Owners and administrators of the posting organisation run the challenge."""
    return is_signed_in(user) and organisation_role(user, challenge.organisation) in MANAGERS


def managed_challenges(user: Any) -> QuerySet[Any]:
    """Challenges of the organisations ``user`` runs (owner or administrator)."""
    from marketplace.models import Challenge

    return Challenge.objects.filter(organisation__in=managed_organisations(user))


def coaching_for_close(user: Any, pk: Any) -> tuple[Any, bool]:
    """A coaching request the user may close, and whether they close it as the coach (a member
    of the coaching organisation) rather than as a manager of the firm that asked. Anyone else
    gets 404."""
    from marketplace.models import BriefCoachingRequest

    if not is_signed_in(user):
        raise Http404
    try:
        coaching = BriefCoachingRequest.objects.select_related(
            "challenge__organisation", "intermediary"
        ).get(pk=pk)
    except (BriefCoachingRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if organisation_role(user, coaching.intermediary) is not None:
        return coaching, True
    if can_manage_challenge(user, coaching.challenge):
        return coaching, False
    raise Http404


def challenge_for_manage(user: Any, pk: Any) -> Any:
    """Publishing, judges, NDAs, feedback and awards: the posting organisation's managers."""
    challenge = challenge_for_view(user, pk)
    if can_manage_challenge(user, challenge):
        return challenge
    raise PermissionDenied


def can_edit_challenge(user: Any, challenge: Any) -> bool:
    """The brief's text: managers, and co-authors while it is a draft."""
    if can_manage_challenge(user, challenge):
        return True
    return (
        is_signed_in(user)
        and challenge.status == "draft"
        and challenge.coauthors.filter(user=user).exists()
    )


def challenge_for_edit(user: Any, pk: Any) -> Any:
    challenge = challenge_for_view(user, pk)
    if can_edit_challenge(user, challenge):
        return challenge
    raise PermissionDenied


def active_judges(challenge: Any | None = None) -> QuerySet[Any]:
    """Judges who accepted their invitation and have not declined it: they read the confidential
    detail and score the proposals assigned to them. Of one challenge, if given."""
    from marketplace.models import Judge

    judges = Judge.objects.filter(accepted_at__isnull=False, declined_at__isnull=True)
    return judges if challenge is None else judges.filter(challenge=challenge)


def active_judge(user: Any, challenge: Any) -> Any:
    """The user's accepted judgeship for this challenge, or None."""
    if not is_signed_in(user):
        return None
    return active_judges(challenge).filter(user=user).first()


def judge_assignments(user: Any) -> QuerySet[Any]:
    """The assignments of `user` as an active judge, over all challenges (none for a visitor).
    A judge who declined keeps no access to the proposals once assigned."""
    from marketplace.models import Assignment

    if not is_signed_in(user):
        return Assignment.objects.none()
    return Assignment.objects.filter(judge__in=active_judges().filter(user=user))


NDA_NONE, NDA_ACCEPTED, NDA_REVOKED = "none", "accepted", "revoked"


def nda_acceptance(user: Any, challenge: Any) -> Any:
    """The user's acceptance of the NDA for this challenge (standing or revoked), with its
    terms, organisation and revocation; None when they never accepted it. Any version of the
    terms counts: one acceptance per person and challenge, new terms only bind new signers."""
    if not is_signed_in(user):
        return None
    return (
        challenge.nda_acceptances.filter(user=user)
        .select_related("terms", "organisation", "revocation")
        .first()
    )


def nda_state(acceptance: Any) -> str:
    """The NDA state of an acceptance from `nda_acceptance`: accepted while it stands, revoked
    once the owner withdrew it, none without one."""
    if acceptance is None:
        return NDA_NONE
    return NDA_REVOKED if acceptance.is_revoked else NDA_ACCEPTED


def has_live_nda(user: Any, challenge: Any) -> bool:
    return nda_state(nda_acceptance(user, challenge)) == NDA_ACCEPTED


def can_see_confidential(user: Any, challenge: Any) -> bool:
    """The confidential detail: insiders, accepted judges, and people whose NDA acceptance for
    this challenge stands (not revoked)."""
    if not is_signed_in(user):
        return False
    return (
        is_challenge_insider(user, challenge)
        or active_judge(user, challenge) is not None
        or has_live_nda(user, challenge)
    )


def proposals_visible_to(user: Any) -> QuerySet[Any]:
    """Their own (and their team's or managed organisation's) proposals; the submitted ones of
    challenges they manage; the ones assigned to them as an accepted judge."""
    from django.db.models import Q

    from marketplace.models import Challenge, Proposal

    if not is_signed_in(user):
        return Proposal.objects.none()
    authored = Proposal.objects.authored_by(user).values("pk")
    managed = Challenge.objects.filter(
        organisation__memberships__user=user, organisation__memberships__role__in=list(MANAGERS)
    ).values("pk")
    assigned = judge_assignments(user).values("proposal_id")
    return Proposal.objects.filter(
        Q(pk__in=authored)
        | Q(challenge_id__in=managed, status__in=["submitted", "withdrawn"])
        | Q(pk__in=assigned, status="submitted")
    )


def proposal_for_view(user: Any, pk: Any) -> Any:
    from marketplace.models import Proposal

    try:
        return proposals_visible_to(user).select_related("challenge__organisation").get(pk=pk)
    except (Proposal.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_proposal_author(user: Any, proposal: Any) -> bool:
    from marketplace.models import Proposal

    return Proposal.objects.authored_by(user).filter(pk=proposal.pk).exists()


def proposal_for_change(user: Any, pk: Any) -> Any:
    proposal = proposal_for_view(user, pk)
    if is_proposal_author(user, proposal):
        return proposal
    raise PermissionDenied


def assignment_for_judge(user: Any, pk: Any) -> Any:
    """A judge's own assignment; anyone else gets 404."""
    from marketplace.models import Assignment

    try:
        return (
            judge_assignments(user)
            .select_related("judge__challenge__organisation", "proposal")
            .get(pk=pk)
        )
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def judge_invitation_for(user: Any, pk: Any) -> Any:
    from marketplace.models import Judge

    if not is_signed_in(user):
        raise Http404
    try:
        return Judge.objects.select_related("challenge").get(pk=pk, user=user)
    except (Judge.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- Suggestions ---------------------------------------------------------------------------------


def suggestion_subject_check(user: Any, subject: str) -> None:
    """May `user` react to the suggestions made for `subject` ("org:12" or an organisation's
    ref, "challenge:5", "person:3", each optionally ending in ":challenges")? Raises Http404
    for an unknown subject, PermissionDenied for one the user may see but not speak for."""
    from marketplace.models import PersonProfile

    base = subject.removesuffix(":challenges")
    kind, _sep, key = base.partition(":")
    pk = whole_number(key)
    if kind == "challenge" and pk is not None:
        challenge_for_manage(user, pk)
        return
    if kind == "person" and pk is not None:
        if not (is_signed_in(user) and PersonProfile.objects.filter(pk=pk, user=user).exists()):
            raise PermissionDenied
        return
    organisation = (
        Organisation.objects.filter(pk=pk).first()
        if kind == "org" and pk is not None
        else Organisation.objects.filter(ref=base).first()
    )
    if organisation is None:
        raise Http404
    organisation_for_members(user, organisation.pk)


# Organisations that run innovation programmes: their members see the programme dashboard.
PROGRAMME_KINDS = {
    OrganisationKind.INTERMEDIARY,
    OrganisationKind.KNOWLEDGE_CENTRE,
    OrganisationKind.PUBLIC_BODY,
}


def may_see_programme_dashboard(user: Any) -> bool:
    """Members of intermediaries, knowledge centres and public bodies, and staff."""
    from marketplace.models import Membership

    if not is_signed_in(user):
        return False
    return bool(
        user.is_staff
        or Membership.objects.filter(user=user, organisation__kind__in=PROGRAMME_KINDS).exists()
    )


def programme_dashboard_check(user: Any) -> None:
    """The programme dashboard to anyone else does not exist (404)."""
    if not may_see_programme_dashboard(user):
        raise Http404


def challenge_for_members(user: Any, pk: Any) -> Any:
    """A challenge's insight (its funnel) is for the members of the posting organisation;
    to anyone else, judges and submitters included, the page does not exist (404)."""
    challenge = challenge_for_view(user, pk) if is_signed_in(user) else None
    if challenge is None or organisation_role(user, challenge.organisation) is None:
        raise Http404
    return challenge
