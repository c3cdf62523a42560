"""Does matching help: suggestions shown, accepted, dismissed (and why), and how many of the
suggested parties went on to propose, or to win an award (which opens a project room)."""

from __future__ import annotations

from typing import Any

from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row, cached, shown
from marketplace.insights.scope import ProgrammeScope
from marketplace.insights.sql import compiled, fetch, table
from marketplace.matching.models import FeedbackReason, ShownSuggestion, Verdict
from marketplace.models import Award, Proposal

REASONS = [v for v in FeedbackReason.values if v != FeedbackReason.RELEVANT]


def _query(scope: ProgrammeScope) -> dict[str, Any]:
    """One row: each count with the number of distinct organisations behind it (the
    suggested party, or the challenge's organisation for a person's suggestion). Whether a
    suggested party proposed (or won) is a join on the challenge and the party, not a
    subquery per shown suggestion."""
    events = ShownSuggestion.objects.filter(
        first_shown_at__gte=scope.start_at, first_shown_at__lt=scope.end_at
    )
    if scope.is_filtered:
        events = events.filter(scope.challenge_q("challenge__"), challenge__isnull=False)
    # Only table and column names and constants are put into the text; values are parameters.
    base, params = compiled(
        events.order_by()
        .annotate(party=Coalesce("organisation", "challenge__organisation"))
        .values("id", "verdict", "reason", "challenge_id", "organisation_id", "user_id",
                "first_shown_at", "party")
    )  # fmt: skip
    proposal, award = table(Proposal), table(Award)

    def answered(extra_join: str) -> str:
        return " UNION ".join(
            f"SELECT s.id FROM shown s JOIN {proposal} p ON p.challenge_id = s.challenge_id "  # noqa: S608
            f"AND p.{column} = s.{party} AND p.submitted_at >= s.first_shown_at {extra_join}"
            for column, party in (
                ("organisation_id", "organisation_id"),
                ("created_by_id", "user_id"),
            )
        )

    won_join = (
        f"JOIN {award} a ON a.proposal_id = p.id AND a.revoked_at IS NULL "
        "AND a.awarded_at >= s.first_shown_at"
    )
    counts = [
        ("shown", "1 = 1", ()),
        ("accepted", "s.verdict = %s", (Verdict.ACCEPTED,)),
        ("dismissed", "s.verdict = %s", (Verdict.DISMISSED,)),
        ("proposed", "pr.id IS NOT NULL", ()),
        ("won", "w.id IS NOT NULL", ()),
        *(
            (f"reason_{r}", "s.verdict = %s AND s.reason = %s", (Verdict.DISMISSED, r))
            for r in REASONS
        ),
    ]
    per_party = ", ".join(f"COUNT(*) FILTER (WHERE {cond}) AS {name}" for name, cond, _p in counts)
    totals = ", ".join(
        f"COALESCE(SUM({name}), 0) AS {name}, COUNT(*) FILTER (WHERE {name} > 0) AS {name}_orgs"
        for name, _c, _p in counts
    )
    sql = (
        f"WITH shown AS ({base}), proposed AS ({answered('')}), won AS ({answered(won_join)}), "  # noqa: S608
        f"per_party AS (SELECT s.party, {per_party} FROM shown s "
        "LEFT JOIN proposed pr ON pr.id = s.id LEFT JOIN won w ON w.id = s.id "
        f"GROUP BY s.party) SELECT {totals} FROM per_party"
    )
    count_params = tuple(p for _n, _c, ps in counts for p in ps)
    return fetch(sql, params + count_params)[0]


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
