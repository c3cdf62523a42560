"""Does matching help: suggestions shown, accepted, dismissed (and why), and how many of the
suggested parties went on to propose, or to win an award (which opens a project room)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row, cached, shown
from marketplace.insights.scope import ProgrammeScope
from marketplace.insights.sql import compiled, fetch
from marketplace.matching.models import FeedbackReason, ShownSuggestion, Verdict

REASONS = [v for v in FeedbackReason.values if v != FeedbackReason.RELEVANT]


def _query(scope: ProgrammeScope) -> dict[str, Any]:
    """One row: each count with the number of distinct organisations behind it (the
    suggested party, or the challenge's organisation for a person's suggestion): counted per
    party in one pass over the shown suggestions, then summed. What came of a suggestion is
    on its row (proposed_at, won_at, set by the proposal and award services)."""
    events = ShownSuggestion.objects.filter(
        first_shown_at__gte=scope.start_at, first_shown_at__lt=scope.end_at
    )
    if scope.is_filtered:
        events = events.filter(scope.challenge_q("challenge__"), challenge__isnull=False)
    steps = {
        "shown": Q(),
        "accepted": Q(verdict=Verdict.ACCEPTED),
        "dismissed": Q(verdict=Verdict.DISMISSED),
        "proposed": Q(proposed_at__isnull=False),
        "won": Q(won_at__isnull=False),
        **{f"reason_{r}": Q(verdict=Verdict.DISMISSED, reason=r) for r in REASONS},
    }
    per_party, params = compiled(
        events.order_by()
        .annotate(party=Coalesce("organisation", "challenge__organisation"))
        .values("party")
        .annotate(**{name: Count("id", filter=q) for name, q in steps.items()})
    )
    totals = ", ".join(
        f"COALESCE(SUM({name}), 0) AS {name}, COUNT(*) FILTER (WHERE {name} > 0) AS {name}_orgs"
        for name in steps
    )
    # Only names are put into the text; values are parameters of the compiled queryset.
    sql = f"SELECT {totals} FROM ({per_party}) AS per_party"  # noqa: S608
    # SUM() of counts comes back as a decimal on PostgreSQL: figures hold plain numbers.
    return {key: int(value) for key, value in fetch(sql, params)[0].items()}


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
    if values["shown"] == 0:
        figure.summary = _("No suggestions were shown in this period.")
    elif values["shown"]:
        # A list of counts: a hidden count reads "… : too few to show", where a sentence
        # ("too few to show were marked relevant") did not read at all.
        figure.summary = _(
            "Suggestions shown: %(shown)d · marked relevant: %(accepted)s · dismissed: "
            "%(dismissed)s · the suggested party proposed: %(proposed)s."
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
        Row(value, str(FeedbackReason(value).label), [_cell(row, f"reason_{value}")])
        for value in REASONS
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
    if all(r.values[0] == 0 for r in figure_rows):
        figure.summary = _("No suggestion was dismissed in this period.")
    elif top is not None:
        figure.summary = _("The reason given most often: “%(reason)s” (%(n)d times).") % {
            "reason": top.label,
            "n": top.values[0],
        }
    return figure
