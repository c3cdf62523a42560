"""Dashboards: the programme dashboard (intermediaries, knowledge centres, public bodies and
staff), a challenge's funnel (the posting organisation's members) and a team run's overview
(its educators). Each figure also downloads as CSV."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontend.dashboards.exports import figure_csv
from frontend.dashboards.forms import ProgrammeFilterForm
from marketplace import access
from marketplace.insights import figures as small_cells
from marketplace.insights.funnel import challenge_funnel
from marketplace.insights.programme import programme_figure, programme_figures
from marketplace.insights.runs import run_overview
from marketplace.teams import access as team_access


@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    access.programme_dashboard_check(request.user)
    form = ProgrammeFilterForm(request.GET)
    context: dict[str, Any] = {
        "form": form,
        "figures": [],
        "min_organisations": small_cells.MIN_ORGANISATIONS,
    }
    if not form.is_valid():
        return render(request, "dashboards/programme.html", context, status=400)
    scope = form.scope()
    context.update(
        figures=programme_figures(scope, form.chosen_grain()),
        scope=scope,
        query=request.GET.urlencode(),
    )
    return render(request, "dashboards/programme.html", context)


@require_GET
def programme_csv(request: HttpRequest, figure: str) -> HttpResponse:
    access.programme_dashboard_check(request.user)
    form = ProgrammeFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            "\n".join(str(e) for errors in form.errors.values() for e in errors),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    found = programme_figure(figure, form.scope(), form.chosen_grain())
    if found is None:
        raise Http404
    return figure_csv(found)


@require_GET
def challenge_insight(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_members(request.user, pk)
    funnel, solvers = challenge_funnel(challenge)
    return render(
        request,
        "dashboards/challenge.html",
        {"challenge": challenge, "figures": [funnel, solvers]},
    )


@require_GET
def challenge_insight_csv(request: HttpRequest, pk: int, figure: str) -> HttpResponse:
    challenge = access.challenge_for_members(request.user, pk)
    found = {f.key: f for f in challenge_funnel(challenge)}.get(figure)
    if found is None:
        raise Http404
    return figure_csv(found, f"challenge-{challenge.pk}-{figure}")


@require_GET
def run_insight(request: HttpRequest, pk: int) -> HttpResponse:
    run = team_access.run_for_educator(request.user, pk)
    return render(request, "dashboards/run.html", {"run": run, **run_overview(run)})


@require_GET
def run_insight_csv(request: HttpRequest, pk: int, figure: str) -> HttpResponse:
    run = team_access.run_for_educator(request.user, pk)
    found = {f.key: f for f in run_overview(run)["figures"]}.get(figure)
    if found is None:
        raise Http404
    return figure_csv(found, f"run-{run.pk}-{figure}")
