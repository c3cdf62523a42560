"""Which suggestions people were shown, for the programme dashboard's matching figures.

A panel records its candidates in one statement; a pair already recorded keeps its first
time. The reaction (accepted, dismissed and why) is copied onto the row when it is given, so
the dashboard counts shown → reaction → proposal from one table without parsing refs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
