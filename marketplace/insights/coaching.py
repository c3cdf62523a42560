"""Coaching requests for challenges of the period and how they ended."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row, cached, days, shown
from marketplace.insights.scope import ProgrammeScope
from marketplace.models import BriefCoachingRequest
from marketplace.models.challenges import Status


def outcomes() -> dict[str, str]:
    return {
        "open": _("Still being coached"),
        "published": _("Closed; the challenge was published"),
        "draft": _("Closed; still a draft"),
        "cancelled": _("Closed; the challenge was cancelled"),
    }


def _query(scope: ProgrammeScope) -> list[dict[str, Any]]:
    outcome = Case(
        When(closed_at__isnull=True, then=Value("open")),
        When(challenge__status=Status.CANCELLED, then=Value("cancelled")),
        When(challenge__status=Status.DRAFT, then=Value("draft")),
        default=Value("published"),
        output_field=CharField(),
    )
    rows: Any = (  # values() rows: typed dicts that the callers read as dict[str, Any]
        BriefCoachingRequest.objects.filter(
            scope.challenge_q("challenge__"),
            created_at__gte=scope.start_at,
            created_at__lt=scope.end_at,
        )
        .order_by()
        .annotate(outcome=outcome)
        .values("outcome")
        .annotate(
            n=Count("id"),
            orgs=Count("challenge__organisation", distinct=True),
            took=Avg(
                ExpressionWrapper(
                    Coalesce("closed_at", Value(timezone.now(), output_field=DateTimeField()))
                    - F("created_at"),
                    output_field=DurationField(),
                )
            ),
        )
    )
    return list(rows)


def coaching(scope: ProgrammeScope) -> Figure:
    rows = {r["outcome"]: r for r in cached(scope.cache_key("coaching"), lambda: _query(scope))}
    figure_rows = []
    for key, label in outcomes().items():
        r = rows.get(key, {"n": 0, "orgs": 0, "took": timedelta(0)})
        figure_rows.append(
            Row(key, label, [shown(r["n"], r["orgs"]), shown(days(r["took"]), r["orgs"])])
        )
    figure = Figure(
        key="coaching",
        title=_("Coaching requests and how they ended"),
        series=[_("Requests"), _("Average days (until closed, or open so far)")],
        rows=figure_rows,
        row_heading=_("Outcome"),
        charted=[0],
    )
    visible = [r for r in figure_rows if r.values[0] is not None]
    total = sum(r.values[0] or 0 for r in visible)
    published = next((r.values[0] for r in figure_rows if r.key == "published"), None)
    if total and published is not None:
        figure.summary = _(
            "%(published)d of %(total)d coaching requests (that can be shown) ended with a "
            "published challenge."
        ) % {
            "published": published,
            "total": total,
        }
    elif not total and all(r.values[0] == 0 for r in figure_rows):
        figure.summary = _("No coaching was asked for in this selection.")
    return figure
