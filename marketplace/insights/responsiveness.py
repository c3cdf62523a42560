"""How challenges are answered: time to the first proposal, proposals per challenge, the share
of proposals that got their feedback by the promised date, and time to the award."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row, cached, days, shown
from marketplace.insights.scope import ProgrammeScope
from marketplace.models import Award, Challenge, Proposal
from marketplace.models.challenges import Status


def _count(qs: Any) -> Any:
    return Coalesce(
        Subquery(
            qs.order_by().values("challenge").annotate(c=Count("id")).values("c")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _since_published(name: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(name) - F("published_at"), output_field=DurationField())


def _query(scope: ProgrammeScope) -> dict[str, Any]:
    submitted = Proposal.objects.filter(challenge=OuterRef("pk"), submitted_at__isnull=False)
    first = submitted.order_by().values("challenge").annotate(m=Min("submitted_at")).values("m")[:1]
    awarded = (
        Award.objects.filter(place__challenge=OuterRef("pk"), revoked_at__isnull=True)
        .order_by()
        .values("place__challenge")
        .annotate(m=Min("awarded_at"))
        .values("m")[:1]
    )
    on_time = submitted.filter(
        status="submitted", feedback__sent_at__date__lte=OuterRef("feedback_deadline")
    )
    qs = (
        Challenge.objects.filter(scope.posted_q(), published_at__isnull=False)
        .exclude(status=Status.DRAFT)
        .annotate(
            first_at=Subquery(first),
            award_at=Subquery(awarded),
            n_proposals=_count(submitted.filter(status="submitted")),
            n_on_time=_count(on_time),
        )
    )
    return qs.aggregate(
        challenges=Count("id"),
        orgs=Count("organisation", distinct=True),
        to_first=Avg(_since_published("first_at")),
        first_orgs=Count("organisation", distinct=True, filter=Q(first_at__isnull=False)),
        proposals=Sum("n_proposals"),
        on_time=Sum("n_on_time"),
        answered_orgs=Count("organisation", distinct=True, filter=Q(n_proposals__gt=0)),
        to_award=Avg(_since_published("award_at")),
        award_orgs=Count("organisation", distinct=True, filter=Q(award_at__isnull=False)),
    )


def responsiveness(scope: ProgrammeScope) -> Figure:
    r = cached(scope.cache_key("responsiveness"), lambda: _query(scope))
    per_challenge = round(r["proposals"] / r["challenges"], 1) if r["challenges"] else 0
    feedback_share = round(100 * r["on_time"] / r["proposals"]) if r["proposals"] else None
    figure_rows = [
        Row(
            "to_first",
            _("Days to the first proposal"),
            [shown(days(r["to_first"]), r["first_orgs"])],
        ),
        Row("per_challenge", _("Proposals per challenge"), [shown(per_challenge, r["orgs"])]),
        Row(
            "feedback",
            _("Proposals with feedback by the promised date (%)"),
            [shown(feedback_share, r["answered_orgs"])],
        ),
        Row("to_award", _("Days to the award"), [shown(days(r["to_award"]), r["award_orgs"])]),
    ]
    figure = Figure(
        key="responsiveness",
        title=_("Proposals and feedback"),
        series=[_("Average")],
        rows=figure_rows,
        row_heading=_("Measure"),
        notes=[
            _(
                "Over the published challenges posted in the period; the days are counted "
                "from publication."
            )
        ],
        kind="tiles",
        unit="mixed",
    )
    values = {row.key: row.values[0] for row in figure_rows}
    if values["per_challenge"] is not None:
        figure.summary = _("A published challenge received %(n)s proposals on average.") % {
            "n": values["per_challenge"]
        }
        if values["feedback"] is not None:
            figure.summary += " " + _(
                "%(share)d %% of the proposals got their feedback by the promised date."
            ) % {"share": values["feedback"]}
    return figure
