"""Which suggestions people were shown, and what came of them, for the programme dashboard's
matching figures.

A panel records its candidates in one statement; a pair already recorded keeps its first
time. The reaction (accepted, dismissed and why) is copied onto the row when it is given, so
the dashboard counts shown → reaction → proposal from one table without parsing refs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from marketplace.matching.models import ShownSuggestion


def _row(subject: str, item: Any, asker_org: int | None, asker_user: int | None) -> ShownSuggestion:
    row = ShownSuggestion(subject=subject, candidate=item.ref, first_shown_at=timezone.now())
    if item.kind == "challenge":
        # The asker could propose to the suggested challenge.
        row.challenge_id = item.obj.pk
        row.organisation_id = asker_org
        row.user_id = asker_user
    elif item.kind == "organisation":
        row.organisation_id = item.obj.pk
    elif item.kind == "person":
        row.user_id = item.obj.user_id
    return row


def shown_record(
    *,
    subject: str,
    items: Iterable[Any],
    challenge_id: int | None = None,
    asker_organisation_id: int | None = None,
    asker_user_id: int | None = None,
) -> None:
    """Record that ``items`` (suggestions from marketplace.matching.suggestions) were shown
    for ``subject``. ``challenge_id`` when the candidates are solvers of that challenge; the
    asker's organisation or user when the candidates are challenges."""
    rows = []
    for item in items:
        row = _row(subject, item, asker_organisation_id, asker_user_id)
        if challenge_id is not None:
            row.challenge_id = challenge_id
        rows.append(row)
    if rows:
        ShownSuggestion.objects.bulk_create(rows, ignore_conflicts=True)


def shown_react(*, subject: str, candidate: str, verdict: str, reason: str) -> None:
    """Copy a reaction onto the shown pair (no row when it came through the API unseen)."""
    ShownSuggestion.objects.filter(subject=subject, candidate=candidate).update(
        verdict=verdict, reason=reason
    )


def _party(proposal: Any, user: str = "user_id", organisation: str = "organisation_id") -> Q:
    """Rows of the party behind ``proposal``: its author (a deleted author is nobody) or its
    organisation; ``user`` and ``organisation`` name the fields that point at them."""
    party = Q(**{user: proposal.created_by_id}) if proposal.created_by_id else Q(pk__in=[])
    if proposal.organisation_id:
        party |= Q(**{organisation: proposal.organisation_id})
    return party


def shown_answered(*, proposal: Any, field: str, at: datetime) -> None:
    """The party behind ``proposal`` proposed (``field="proposed_at"``) or won an award
    (``"won_at"``) at ``at``: mark the suggestions of that challenge shown to or about that
    party before then, the first time only. Called by proposal_submit and award_grant."""
    ShownSuggestion.objects.filter(
        _party(proposal),
        challenge_id=proposal.challenge_id,
        first_shown_at__lte=at,
        **{f"{field}__isnull": True},
    ).update(**{field: at})


def shown_award_revoked(*, proposal: Any) -> None:
    """An award of ``proposal`` was revoked: its party counts as a winner there no longer,
    unless another of its proposals to that challenge still holds a live award."""
    from marketplace.models import Award

    still = Award.objects.filter(
        _party(proposal, "proposal__created_by_id", "proposal__organisation_id"),
        proposal__challenge_id=proposal.challenge_id,
        revoked_at__isnull=True,
    )
    if not still.exists():
        ShownSuggestion.objects.filter(_party(proposal), challenge_id=proposal.challenge_id).update(
            won_at=None
        )
