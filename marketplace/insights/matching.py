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


def _query(scope: ProgrammeScope) -> list[dict[str, Any]]:
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
    return list(
        qs.order_by()
        .values("verdict", "reason")
        .annotate(
            n=Count("id"),
            orgs=Count(Coalesce("organisation", "challenge__organisation"), distinct=True),
            proposed=Count("id", filter=Q(Exists(proposed))),
            won=Count("id", filter=Q(Exists(won))),
        )
    )


def _rows(scope: ProgrammeScope) -> list[dict[str, Any]]:
    return cached(scope.cache_key("matching"), lambda: _query(scope))


def _total(rows: list[dict[str, Any]], field: str, **match: str) -> tuple[int, int]:
    """Sum of ``field`` over the matching rows, with the largest organisation count among them
    as a floor for how many stand behind it (each row's count is distinct within the row)."""
    picked = [r for r in rows if all(r[k] == v for k, v in match.items())]
    return sum(r[field] for r in picked), max((r["orgs"] for r in picked), default=0)


def matching(scope: ProgrammeScope) -> Figure:
    rows = _rows(scope)
    steps = [
        ("shown", _("Shown"), _total(rows, "n")),
        ("accepted", _("Marked relevant"), _total(rows, "n", verdict=Verdict.ACCEPTED)),
        ("dismissed", _("Dismissed"), _total(rows, "n", verdict=Verdict.DISMISSED)),
        ("proposed", _("The suggested party proposed"), _total(rows, "proposed")),
        ("won", _("… and won an award"), _total(rows, "won")),
    ]
    figure = Figure(
        key="matching",
        title=_("Suggestions and what came of them"),
        series=[_("Suggestions")],
        rows=[Row(key, str(label), [shown(n, orgs)]) for key, label, (n, orgs) in steps],
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
    rows = _rows(scope)
    figure_rows = []
    for value, label in FeedbackReason.choices:
        if value == FeedbackReason.RELEVANT:
            continue
        n, orgs = _total(rows, "n", verdict=Verdict.DISMISSED, reason=value)
        figure_rows.append(Row(value, str(label), [shown(n, orgs)]))
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
