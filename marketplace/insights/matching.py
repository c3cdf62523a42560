"""Does matching help: suggestions shown, accepted, dismissed (and why), and how many of the
suggested parties went on to propose, or to win an award (which opens a project room)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row, cached, shown
from marketplace.insights.scope import ProgrammeScope
from marketplace.matching.models import FeedbackReason, ShownSuggestion, Verdict
from marketplace.models import Award, Proposal


def _query(scope: ProgrammeScope) -> dict[str, Any]:
    """One row: each count with the number of distinct organisations behind it (the
    suggested party, or the challenge's organisation for a person's suggestion)."""
    by_party = Q(organisation=OuterRef("organisation")) | Q(created_by=OuterRef("user"))
    proposed = Proposal.objects.filter(
        by_party,
        challenge=OuterRef("challenge"),
        submitted_at__gte=OuterRef("first_shown_at"),
    )
    won = Award.objects.filter(
        Q(proposal__organisation=OuterRef("organisation"))
        | Q(proposal__created_by=OuterRef("user")),
        proposal__challenge=OuterRef("challenge"),
        revoked_at__isnull=True,
        awarded_at__gte=OuterRef("first_shown_at"),
    )
    qs = ShownSuggestion.objects.filter(
        first_shown_at__gte=scope.start_at, first_shown_at__lt=scope.end_at
    )
    if scope.is_filtered:
        qs = qs.filter(scope.challenge_q("challenge__"), challenge__isnull=False)
    party = Coalesce("organisation", "challenge__organisation")
    steps = {
        "shown": Q(),
        "accepted": Q(verdict=Verdict.ACCEPTED),
        "dismissed": Q(verdict=Verdict.DISMISSED),
        "proposed": Q(Exists(proposed)),
        "won": Q(Exists(won)),
        **{
            f"reason_{value}": Q(verdict=Verdict.DISMISSED, reason=value)
            for value in FeedbackReason.values
            if value != FeedbackReason.RELEVANT
        },
    }
    aggregates: dict[str, Any] = {}
    for name, condition in steps.items():
        aggregates[name] = Count("id", filter=condition)
        aggregates[f"{name}_orgs"] = Count(party, distinct=True, filter=condition)
    return qs.aggregate(**aggregates)


def _row(scope: ProgrammeScope) -> dict[str, Any]:
    return cached(scope.cache_key("matching"), lambda: _query(scope))


def _cell(row: dict[str, Any], name: str) -> float | None:
    return shown(row[name], row[f"{name}_orgs"])


def matching(scope: ProgrammeScope) -> Figure:
    row = _row(scope)
    steps = [
        ("shown", _("Shown")),
        ("accepted", _("Marked relevant")),
        ("dismissed", _("Dismissed")),
        ("proposed", _("The suggested party proposed")),
        ("won", _("… and won an award")),
    ]
    figure = Figure(
        key="matching",
        title=_("Suggestions and what came of them"),
        series=[_("Suggestions")],
        rows=[Row(key, str(label), [_cell(row, key)]) for key, label in steps],
        row_heading=_("Step"),
        notes=[
            _("Proposals and awards count when they came after the suggestion was first shown.")
        ],
    )
    values = {r.key: r.values[0] for r in figure.rows}
    if values["shown"]:
        figure.summary = _(
            "%(shown)d suggestions were shown; %(accepted)s were marked relevant, %(dismissed)s "
            "dismissed, and in %(proposed)s cases the suggested party proposed."
        ) % {
            "shown": values["shown"],
            **{
                k: _("too few to show") if values[k] is None else values[k]
                for k in ("accepted", "dismissed", "proposed")
            },
        }
    return figure


def dismissal_reasons(scope: ProgrammeScope) -> Figure:
    row = _row(scope)
    figure_rows = [
        Row(value, str(label), [_cell(row, f"reason_{value}")])
        for value, label in FeedbackReason.choices
        if value != FeedbackReason.RELEVANT
    ]
    figure_rows.sort(key=lambda r: -(r.values[0] or 0))
    figure = Figure(
        key="dismissals",
        title=_("Why suggestions were dismissed"),
        series=[_("Dismissed")],
        rows=figure_rows,
        row_heading=_("Reason given"),
    )
    top = next((r for r in figure_rows if r.values[0]), None)
    if top is not None:
        figure.summary = _("The reason given most often: “%(reason)s” (%(n)d times).") % {
            "reason": top.label,
            "n": top.values[0],
        }
    return figure
