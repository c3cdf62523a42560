"""Where challenges stall: the lifecycle state the unfinished challenges of the period sit in
now, and for how long on average."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row, cached, days, shown
from marketplace.insights.scope import ProgrammeScope
from marketplace.models import Challenge, ChallengeTransition
from marketplace.models.challenges import Status

UNFINISHED = (Status.DRAFT, Status.OPEN, Status.EVALUATING, Status.AWARDED, Status.IN_PROGRESS)


def _query(scope: ProgrammeScope) -> list[dict[str, Any]]:
    entered = (
        ChallengeTransition.objects.filter(challenge=OuterRef("pk"))
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    now = Value(timezone.now(), output_field=DateTimeField())
    rows: Any = (  # values() rows: typed dicts that the callers read as dict[str, Any]
        Challenge.objects.filter(scope.posted_q(), status__in=UNFINISHED)
        .order_by()
        .annotate(entered=Coalesce(Subquery(entered), F("created_at")))
        .values("status")
        .annotate(
            n=Count("id"),
            orgs=Count("organisation", distinct=True),
            age=Avg(ExpressionWrapper(now - F("entered"), output_field=DurationField())),
        )
    )
    return list(rows)


def stalls(scope: ProgrammeScope) -> Figure:
    rows = {r["status"]: r for r in cached(scope.cache_key("stalls"), lambda: _query(scope))}
    figure_rows = []
    for status in UNFINISHED:
        # A state nobody is in has no age: 0, as its count.
        r = rows.get(status, {"n": 0, "orgs": 0, "age": timedelta(0)})
        figure_rows.append(
            Row(
                status,
                str(Status(status).label),
                [shown(r["n"], r["orgs"]), shown(days(r["age"]), r["orgs"])],
            )
        )
    figure = Figure(
        key="stalls",
        title=_("Where challenges stall"),
        series=[_("Challenges in this state now"), _("Average days in this state")],
        rows=figure_rows,
        row_heading=_("State"),
        charted=[1],
    )
    # Only states that hold a challenge now can be where challenges stall.
    ages = [(r.values[1], r.label) for r in figure_rows if r.values[0] and r.values[1] is not None]
    if ages:
        age, label = max(ages)
        figure.summary = _(
            "Unfinished challenges sit longest in the state “%(state)s”: %(days)s days on average."
        ) % {
            "state": label,
            "days": formats.number_format(age),  # "2,5" in Dutch and French, as the table
        }
    elif all(r.values[0] == 0 for r in figure_rows):
        figure.summary = _("No challenge of this selection is waiting in an unfinished state.")
    return figure
