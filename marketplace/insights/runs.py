"""An educator's run at a glance: students per discipline and institution, each team's
disciplines (a stacked bar), preference satisfaction per team, the weakest team and why, and
the peer-evaluation flags per team. One query per figure; the educator sees every answer of
the run anyway, so nothing here is suppressed."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.insights.figures import Figure, Row
from marketplace.models import IscedField
from marketplace.teams import reasons_i18n
from marketplace.teams.models import PeerEvaluation, RunStudent, Team, TeamMember, TeamRun


def _discipline_labels() -> dict[str, str]:
    return {d.pk: d.title for d in IscedField.objects.all()}


def students_by_discipline(run: TeamRun, labels: dict[str, str]) -> Figure:
    rows = (
        RunStudent.objects.filter(run=run)
        .order_by()
        .values("discipline")
        .annotate(n=Count("id"))
        .order_by("-n", "discipline")
    )
    figure = Figure(
        key="disciplines",
        title=_("Students per discipline"),
        series=[_("Students")],
        rows=[
            Row(
                r["discipline"] or "-",
                labels.get(r["discipline"], _("No discipline given")),
                [r["n"]],
            )
            for r in rows
        ],
        row_heading=_("Discipline"),
    )
    if figure.rows:
        figure.summary = _("%(n)d students in %(d)d disciplines; the largest group: %(top)s.") % {
            "n": figure.visible_total(),
            "d": len(figure.rows),
            "top": figure.rows[0].label,
        }
    return figure


def students_by_institution(run: TeamRun) -> Figure:
    rows = (
        RunStudent.objects.filter(run=run)
        .order_by()
        .values(name=F("user__profile__institution__name"))
        .annotate(n=Count("id"))
        .order_by("-n", "name")
    )
    figure = Figure(
        key="institutions",
        title=_("Students per institution"),
        series=[_("Students")],
        rows=[
            Row(str(i), r["name"] or _("No institution given"), [r["n"]])
            for i, r in enumerate(rows)
        ],
        row_heading=_("Institution"),
    )
    if figure.rows:
        n = len(figure.rows)
        figure.summary = ngettext(
            "Students come from %(n)d institution.", "Students come from %(n)d institutions.", n
        ) % {"n": n}
    return figure


def team_composition(run: TeamRun, labels: dict[str, str]) -> Figure:
    counts = list(
        TeamMember.objects.filter(team__run=run)
        .order_by()
        .values(
            "team",
            "team__index",
            "team__ordinal",
            "team__run_challenge__title",
            "student__discipline",
        )
        .annotate(n=Count("id"))
        .order_by("team__index")
    )
    disciplines = sorted({c["student__discipline"] or "-" for c in counts})
    teams: dict[int, Row] = {}
    for c in counts:
        row = teams.setdefault(
            c["team"],
            Row(
                str(c["team"]),
                f"{c['team__run_challenge__title']} #{c['team__ordinal'] + 1}",
                [0] * len(disciplines),
            ),
        )
        row.values[disciplines.index(c["student__discipline"] or "-")] = c["n"]
    figure = Figure(
        key="composition",
        title=_("Disciplines per team"),
        series=[labels.get(d, _("No discipline given")) for d in disciplines],
        rows=list(teams.values()),
        kind="stacked",
        row_heading=_("Team"),
    )
    if figure.rows:
        mixed = sum(1 for r in figure.rows if sum(1 for v in r.values if v) > 1)
        figure.summary = _("%(mixed)d of %(n)d teams mix more than one discipline.") % {
            "mixed": mixed,
            "n": len(figure.rows),
        }
    return figure


def preference_satisfaction(run: TeamRun) -> Figure:
    teams = Team.objects.filter(run=run).select_related("run_challenge").order_by("index")
    figure = Figure(
        key="preferences",
        title=_("Preference satisfaction per team"),
        series=[_("Preferences met (%)"), _("Team score (%)")],
        rows=[
            Row(
                str(t.pk),
                str(t),
                [round(100 * float(t.breakdown.get("preference", 0))), round(100 * t.score)],
            )
            for t in teams
        ],
        row_heading=_("Team"),
    )
    if figure.rows:
        mean = sum(r.values[0] or 0 for r in figure.rows) / len(figure.rows)
        figure.summary = _("On average, teams meet %(mean)d %% of their members' preferences.") % {
            "mean": round(mean)
        }
    return figure


def weakest_team(run: TeamRun) -> dict[str, Any] | None:
    team = (
        Team.objects.filter(run=run)
        .select_related("run_challenge")
        .order_by("score", "index")
        .first()
    )
    if team is None:
        return None
    labels = reasons_i18n.Labels.for_run(run)
    return {
        "team": team,
        "score": round(100 * team.score),
        "breakdown": {k: round(100 * float(v)) for k, v in (team.breakdown or {}).items()},
        "why": reasons_i18n.team_explanation(team.reasons, labels),
    }


def peer_flags(run: TeamRun) -> Figure:
    rows = (
        PeerEvaluation.objects.filter(team__run=run)
        .order_by()
        .values("team", "team__run_challenge__title", "team__ordinal", "team__index")
        .annotate(
            conflict=Count("id", filter=Q(flag_conflict=True)),
            free_riding=Count("id", filter=Q(flag_free_riding=True)),
            ratings=Count("id"),
        )
        .order_by("team__index")
    )
    figure = Figure(
        key="flags",
        title=_("Peer-evaluation flags per team"),
        series=[_("Conflict flags"), _("Free-riding flags"), _("Ratings given")],
        rows=[
            Row(
                str(r["team"]),
                f"{r['team__run_challenge__title']} #{r['team__ordinal'] + 1}",
                [r["conflict"], r["free_riding"], r["ratings"]],
            )
            for r in rows
        ],
        row_heading=_("Team"),
        charted=[0, 1],
    )
    flagged = [r.label for r in figure.rows if (r.values[0] or 0) + (r.values[1] or 0)]
    figure.summary = (
        _("Teams with flags: %(teams)s.") % {"teams": ", ".join(flagged)}
        if flagged
        else _("No peer evaluation raised a flag.")
    )
    return figure


def run_overview(run: TeamRun) -> dict[str, Any]:
    labels = _discipline_labels()
    return {
        "figures": [
            students_by_discipline(run, labels),
            students_by_institution(run),
            team_composition(run, labels),
            preference_satisfaction(run),
            peer_flags(run),
        ],
        "weakest": weakest_team(run),
    }
