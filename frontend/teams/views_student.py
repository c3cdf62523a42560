"""Team-formation pages for students: join through the link, answer the survey (only one's
own answers are ever shown), see one's team once published, rate teammates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from frontend.fields import add_service_error
from frontend.http import SignedInRequest
from frontend.teams import forms
from marketplace.teams import access, publishing, reasons_i18n, services
from marketplace.teams.models import PeerEvaluation, RunChallenge, TeamMember


@login_required
def join(request: SignedInRequest, token: str) -> HttpResponse:
    run = access.run_by_token(request.user, token)
    if request.method == "POST":
        try:
            services.run_join(user=request.user, run=run)
        except ValidationError as exc:
            messages.error(request, " ".join(str(m) for m in exc.messages))
        else:
            return redirect("team_run_survey", pk=run.pk)
    challenges = RunChallenge.objects.filter(run=run)
    return render(
        request,
        "teams/join.html",
        {"run": run, "challenges": challenges, "joined": access.student_entry(request.user, run)},
    )


@login_required
def survey(request: HttpRequest, pk: int) -> HttpResponse:
    run, entry = access.run_for_student(request.user, pk)
    form = forms.SurveyForm(request.POST or None, entry=entry, initial=forms.survey_initial(entry))
    closed = run.is_published or not run.survey_open
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_submit(entry=entry, **form.survey_data())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Thank you, your answers are saved."))
            return redirect("team_run_survey", pk=run.pk)
    return render(
        request,
        "teams/survey.html",
        {
            "run": run,
            "entry": entry,
            "form": form,
            "closed": closed,
            **_unplaced_context(run, entry),
        },
    )


def _unplaced_context(run: Any, entry: Any) -> dict[str, Any]:
    """What a student in no team of a published run reads: why, and what happens next."""
    reason = publishing.unplaced_reason(run, entry)
    if reason is None:
        return {"unplaced": None}
    educator = run.created_by
    return {
        "unplaced": {
            "reason": reasons_i18n.unplaced_for_student(reason),
            "next": reasons_i18n.unplaced_next_step(educator.display_name, educator.email),
        }
    }


@login_required
def my_team(request: HttpRequest, pk: int) -> HttpResponse:
    run, entry = access.run_for_student(request.user, pk)
    team = (
        access.teams_visible_to(request.user, run)
        .select_related("run_challenge__challenge")
        .prefetch_related(
            Prefetch("members", queryset=TeamMember.objects.select_related("student__user"))
        )
        .first()
    )
    mates = [m.student for m in team.members.all() if m.student_id != entry.pk] if team else []
    rated = set(PeerEvaluation.objects.filter(rater=entry).values_list("ratee_id", flat=True))
    evaluation_open = run.evaluation_is_open()
    rate_for = None
    form = None
    if request.method == "POST" and team is not None and evaluation_open:
        ratee = next((m for m in mates if str(m.pk) == request.POST.get("ratee")), None)
        if ratee is not None:
            form = forms.PeerEvaluationForm(request.POST, prefix=f"r{ratee.pk}")
            rate_for = ratee.pk
            if form.is_valid():
                data = dict(form.cleaned_data)
                try:
                    publishing.peer_evaluation_submit(rater=entry, ratee=ratee, **data)
                except ValidationError as exc:
                    add_service_error(form, exc)
                else:
                    messages.success(request, _("Thank you, your rating is saved."))
                    return redirect("team_run_my_team", pk=run.pk)
    forms_by_mate = [
        {
            "mate": m,
            "rated": m.pk in rated,
            "form": form
            if rate_for == m.pk and form is not None
            else forms.PeerEvaluationForm(prefix=f"r{m.pk}"),
        }
        for m in mates
    ]
    explanation = (
        reasons_i18n.team_explanation(
            team.reasons, reasons_i18n.Labels.for_run(run), educator=False
        )
        if team
        else []
    )
    return render(
        request,
        "teams/my_team.html",
        {
            "run": run,
            "team": team,
            "explanation": explanation,
            "mates": forms_by_mate,
            "evaluation_open": evaluation_open,
            **_unplaced_context(run, entry),
        },
    )
