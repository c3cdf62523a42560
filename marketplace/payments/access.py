"""Who may see or change what in payments — the one place that answers it. Built on
`marketplace.access`: an outsider gets 404 for what they may not know exists, a user who may
see but not change gets PermissionDenied."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from marketplace import access as marketplace_access
from marketplace.models import Award, Organisation, is_signed_in
from marketplace.models.organisations import Role
from marketplace.models.proposals import ProposalKind
from marketplace.payments.models import PaidAssignment


def challenge_for_funding(user: Any, pk: Any) -> Any:
    """Funding and refunds: the posting organisation's managers."""
    return marketplace_access.challenge_for_manage(user, pk)


def awards_won_by(user: Any) -> QuerySet[Award]:
    """Live awards the user is a winner of: their own proposal, their team's, or (as owner or
    administrator) their organisation's."""
    if not is_signed_in(user):
        return Award.objects.none()
    managed = marketplace_access.managed_organisations(user).values("pk")
    return (
        Award.objects.filter(revoked_at__isnull=True)
        .filter(
            Q(proposal__kind=ProposalKind.PERSON, proposal__created_by=user)
            | Q(proposal__kind=ProposalKind.TEAM, proposal__created_by=user)
            | Q(proposal__kind=ProposalKind.TEAM, proposal__team_members__user=user)
            | Q(proposal__kind=ProposalKind.ORGANISATION, proposal__organisation__in=managed)
        )
        .distinct()
    )


def award_for_manage(user: Any, pk: Any) -> Award:
    """Paying an award: managers of the challenge. Winners see it (403), others get 404."""
    try:
        award = Award.objects.select_related("place__challenge__organisation", "proposal").get(
            pk=pk
        )
    except (Award.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    return _managed_or_refused(user, award.place.challenge, award)


def _managed_or_refused(user: Any, challenge: Any, award: Award) -> Any:
    """Managers pass; winners and insiders of the challenge, who know it exists, get 403;
    everyone else 404."""
    if marketplace_access.can_manage_challenge(user, challenge):
        return award
    if awards_won_by(user).filter(pk=award.pk).exists() or (
        is_signed_in(user) and marketplace_access.is_challenge_insider(user, challenge)
    ):
        raise PermissionDenied
    raise Http404


def award_for_winner(user: Any, pk: Any) -> Award:
    """A winner's own award (team prize shares, payout page). The challenge's managers and
    insiders, who know the award, get 403; anyone else 404."""
    try:
        return awards_won_by(user).select_related("place__challenge", "proposal").get(pk=pk)
    except (Award.DoesNotExist, ValueError, TypeError):
        pass
    award = (
        Award.objects.select_related("place__challenge").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if (
        award is not None
        and is_signed_in(user)
        and (marketplace_access.is_challenge_insider(user, award.place.challenge))
    ):
        raise PermissionDenied
    raise Http404


def assignment_for_manage(user: Any, pk: Any) -> PaidAssignment:
    try:
        assignment = PaidAssignment.objects.select_related(
            "award__place__challenge__organisation"
        ).get(pk=pk)
    except (PaidAssignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    _managed_or_refused(user, assignment.award.place.challenge, assignment.award)
    return assignment


def organisation_for_payouts(user: Any, pk: Any) -> Organisation:
    """Setting up an organisation's payouts: its owners and administrators."""
    organisation = marketplace_access.organisation_for_view(user, pk)
    if is_signed_in(user) and organisation.role_of(user) in {Role.OWNER, Role.ADMIN}:
        return organisation
    raise PermissionDenied


def is_payments_staff(user: Any) -> bool:
    return is_signed_in(user) and bool(user.is_staff)
