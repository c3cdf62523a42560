"""How challenges are answered: time to the first proposal, proposals per challenge, the share
of proposals that got their feedback by the promised date, and time to the award."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
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
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row, cached, days, shown
from marketplace.insights.scope import ProgrammeScope
from marketplace.insights.sql import compiled, fetch, table
from marketplace.models import Award, AwardPlace, Challenge, Feedback, Proposal
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


def _query_orm(scope: ProgrammeScope) -> dict[str, Any]:
    """The plain ORM statement (any database): a subquery per challenge for each measure."""
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


def _query_postgresql(scope: ProgrammeScope) -> dict[str, Any]:
    """The same figures with the proposals, feedback and awards of the challenges in scope
    grouped once per challenge and joined (PostgreSQL: date arithmetic in seconds)."""
    base, params = compiled(
        Challenge.objects.filter(scope.posted_q(), published_at__isnull=False)
        .exclude(status=Status.DRAFT)
        .order_by()
        .values("id", "organisation_id", "published_at", "feedback_deadline")
    )
    proposal, feedback = table(Proposal), table(Feedback)
    place, award = table(AwardPlace), table(Award)
    sql = (
        f"WITH c AS ({base}), "  # noqa: S608 - table names only; values are parameters
        "p AS (SELECT p.challenge_id, MIN(p.submitted_at) AS first_at, "
        "COUNT(*) FILTER (WHERE p.status = %s) AS n, "
        "COUNT(f.id) FILTER (WHERE p.status = %s "
        "AND (f.sent_at AT TIME ZONE %s)::date <= c.feedback_deadline) AS on_time "
        f"FROM c JOIN {proposal} p ON p.challenge_id = c.id "
        f"LEFT JOIN {feedback} f ON f.proposal_id = p.id "
        "WHERE p.submitted_at IS NOT NULL GROUP BY p.challenge_id), "
        "a AS (SELECT ap.challenge_id, MIN(aw.awarded_at) AS award_at "
        f"FROM c JOIN {place} ap ON ap.challenge_id = c.id "
        f"JOIN {award} aw ON aw.place_id = ap.id AND aw.revoked_at IS NULL "
        "GROUP BY ap.challenge_id), "
        "per_org AS (SELECT c.organisation_id, COUNT(*) AS challenges, "
        "SUM(EXTRACT(EPOCH FROM p.first_at - c.published_at)) AS first_secs, "
        "COUNT(p.first_at) AS with_first, COALESCE(SUM(p.n), 0) AS proposals, "
        "COALESCE(SUM(p.on_time), 0) AS on_time, "
        "SUM(EXTRACT(EPOCH FROM a.award_at - c.published_at)) AS award_secs, "
        "COUNT(a.award_at) AS with_award "
        "FROM c LEFT JOIN p ON p.challenge_id = c.id LEFT JOIN a ON a.challenge_id = c.id "
        "GROUP BY c.organisation_id) "
        "SELECT COUNT(*) AS orgs, COALESCE(SUM(challenges), 0) AS challenges, "
        "SUM(first_secs) / NULLIF(SUM(with_first), 0) AS to_first, "
        "COUNT(*) FILTER (WHERE with_first > 0) AS first_orgs, "
        "COALESCE(SUM(proposals), 0) AS proposals, COALESCE(SUM(on_time), 0) AS on_time, "
        "COUNT(*) FILTER (WHERE proposals > 0) AS answered_orgs, "
        "SUM(award_secs) / NULLIF(SUM(with_award), 0) AS to_award, "
        "COUNT(*) FILTER (WHERE with_award > 0) AS award_orgs FROM per_org"
    )
    zone = timezone.get_current_timezone_name()
    row = fetch(sql, (*params, "submitted", "submitted", zone))[0]
    out: dict[str, Any] = {k: int(v) for k, v in row.items() if k not in {"to_first", "to_award"}}
    for key in ("to_first", "to_award"):
        out[key] = None if row[key] is None else timedelta(seconds=float(row[key]))
    return out


def _query(scope: ProgrammeScope) -> dict[str, Any]:
    if connection.vendor == "postgresql":
        return _query_postgresql(scope)
    return _query_orm(scope)


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
    )
    values = {row.key: row.values[0] for row in figure_rows}
    if values["per_challenge"] is not None:
        figure.summary = _("A published challenge received %(n)s proposals on average.") % {
            "n": formats.number_format(values["per_challenge"])  # "1,3" in Dutch and French
        }
        if values["feedback"] is not None:
            figure.summary += " " + _(
                "%(share)d %% of the proposals got their feedback by the promised date."
            ) % {"share": values["feedback"]}
    return figure
