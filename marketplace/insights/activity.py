"""Challenges posted, opened, awarded and cancelled, per month of the period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import CharField, Count, F, Value
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row, cached, shown
from marketplace.insights.scope import ProgrammeScope
from marketplace.models import Challenge, ChallengeTransition
from marketplace.models.challenges import Status

EVENTS = ("posted", Status.OPEN.value, Status.AWARDED.value, Status.CANCELLED.value)


def _query(scope: ProgrammeScope) -> list[dict[str, Any]]:
    posted = (
        Challenge.objects.filter(scope.posted_q())
        .order_by()
        .annotate(month=TruncMonth("created_at"), event=Value("posted", output_field=CharField()))
        .values("month", "event")
        .annotate(n=Count("id"), orgs=Count("organisation", distinct=True))
    )
    moved = (
        ChallengeTransition.objects.filter(
            scope.challenge_q("challenge__"),
            at__gte=scope.start_at,
            at__lt=scope.end_at,
            to_status__in=EVENTS[1:],
        )
        .order_by()
        .annotate(month=TruncMonth("at"), event=F("to_status"))
        .values("month", "event")
        .annotate(n=Count("id"), orgs=Count("challenge__organisation", distinct=True))
    )
    return [
        {"month": r["month"].date().isoformat(), **{k: r[k] for k in ("event", "n", "orgs")}}
        for r in posted.union(moved, all=True)
    ]


def months(start: date, end: date) -> list[date]:
    out, current = [], start.replace(day=1)
    while current <= end:
        out.append(current)
        current = current.replace(
            year=current.year + current.month // 12, month=current.month % 12 + 1
        )
    return out


def challenge_activity(scope: ProgrammeScope) -> Figure:
    rows = cached(scope.cache_key("activity"), lambda: _query(scope))
    cells = {(r["month"], r["event"]): (r["n"], r["orgs"]) for r in rows}
    figure_rows = []
    for month in months(scope.start, scope.end):
        values = [shown(*cells.get((month.isoformat(), e), (0, 0))) for e in EVENTS]
        label = formats.date_format(month, "M Y")
        figure_rows.append(Row(key=month.isoformat(), label=label, values=values))
    figure = Figure(
        key="activity",
        title=_("Challenges over time"),
        series=[_("Posted"), _("Opened"), _("Awarded"), _("Cancelled")],
        rows=figure_rows,
        kind="columns",
        row_heading=_("Month"),
    )
    if not figure.suppressed:
        figure.summary = _(
            "In the months that can be shown, %(posted)d challenges were posted, %(opened)d "
            "opened, %(awarded)d awarded and %(cancelled)d cancelled."
        ) % {
            "posted": figure.visible_total(0),
            "opened": figure.visible_total(1),
            "awarded": figure.visible_total(2),
            "cancelled": figure.visible_total(3),
        }
    return figure
