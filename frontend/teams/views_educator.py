"""Team-formation pages for educators: create and configure a run, invite students, read the
responses, form teams, see explanations and diagnoses, lock/swap/move, publish, and read the
peer-evaluation flags. Access: marketplace.teams.access (outsiders 404, students 403)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from frontend.fields import add_service_error
from frontend.fragments import framed_unless_htmx
from frontend.http import SignedInRequest
from frontend.rate_limits import rate_limited
from frontend.teams import forms
from marketplace import access as marketplace_access
from marketplace.teams import access, publishing, reasons_i18n, services
from marketplace.teams.models import (
    MAX_TIME_LIMIT,
    RunChallenge,
    RunStudent,
    Team,
    TeamMember,
    TeamRun,
)
from marketplace.teams.solving import team_warnings


def _flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(str(m) for m in exc.messages))


@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    runs = access.runs_visible_to(request.user).select_related("organisation")[:100]
    educating = set(TeamRun.objects.educated_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "teams/list.html",
        {
            "runs": runs,
            "educating": educating,
            "can_create": access.can_create_run(request.user),
        },
    )


@login_required
def run_create(request: SignedInRequest) -> HttpResponse:
    if not access.can_create_run(request.user):
        raise PermissionDenied
    organisations = access.educator_organisations(request.user)
    form = forms.RunForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            run = services.run_create(actor=request.user, **data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The run is created. Add its challenges."))
            return redirect("team_run_detail", pk=run.pk)
    return render(request, "teams/form.html", {"form": form})


@login_required
def run_edit(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    form = forms.RunForm(
        request.POST or None,
        instance=run,
        organisations=_only(run),  # fixed once created
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("organisation", None)
        run.refresh_from_db()  # the form wrote its values on the instance; services compare
        try:
            services.run_update(run=run, **data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("team_run_detail", pk=run.pk)
    return render(request, "teams/form.html", {"form": form, "run": run})


def _only(run: TeamRun) -> Any:
    from marketplace.models import Organisation

    return Organisation.objects.filter(pk=run.organisation_id)


def _challenge_form(request: HttpRequest, data: Any = None, **kwargs: Any) -> forms.ChallengeForm:
    visible = marketplace_access.challenges_visible_to(request.user).order_by("title")
    return forms.ChallengeForm(data, challenges=visible, **kwargs)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run, role, _entry = access.run_role(request.user, pk)
    if role != "educator":
        return redirect("team_run_survey", pk=run.pk)
    challenges = (
        RunChallenge.objects.filter(run=run)
        .select_related("challenge")
        .prefetch_related("required_skills", "required_disciplines")
    )
    return render(
        request,
        "teams/detail.html",
        {
            "run": run,
            "challenges": challenges,
            "challenge_form": _challenge_form(request),
            "invite_form": forms.InviteForm(),
            "educator_form": forms.EducatorForm(),
            "join_url": services.join_url(run),
            "co_educators": run.co_educators.all(),
            "invitations": run.invitations.all()[:200],
            "answered": run.students.filter(submitted_at__isnull=False).count(),
            "joined": run.students.count(),
        },
    )


@login_required
@require_POST
def challenge_add(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    form = _challenge_form(request, request.POST)
    if form.is_valid():
        try:
            services.challenge_save(run=run, **form.cleaned_data)
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Challenge added."))
    else:
        messages.error(request, _("The challenge was not added: check the fields."))
    return redirect("team_run_detail", pk=run.pk)


@login_required
def challenge_edit(request: HttpRequest, pk: int, challenge_pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    instance = get_object_or_404(RunChallenge, run=run, pk=challenge_pk)
    form = _challenge_form(request, request.POST or None, instance=instance)
    if request.method == "POST" and "remove" in request.POST:
        try:
            services.challenge_remove(run=run, instance=instance)
        except ValidationError as exc:
            _flash_errors(request, exc)
        return redirect("team_run_detail", pk=run.pk)
    if request.method == "POST" and form.is_valid():
        instance.refresh_from_db()
        try:
            services.challenge_save(run=run, instance=instance, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return redirect("team_run_detail", pk=run.pk)
    return render(request, "teams/challenge_form.html", {"run": run, "form": form})


@login_required
@require_POST
@rate_limited("invitation")
def invite(request: SignedInRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    form = forms.InviteForm(request.POST)
    if form.is_valid():
        try:
            created = services.invitations_send(
                actor=request.user,
                run=run,
                emails=form.cleaned_data["emails"],
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("%(n)d invitation(s) sent.") % {"n": len(created)})
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("emails", [])))
    return redirect("team_run_detail", pk=run.pk)


@login_required
@require_POST
def educator_add(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    form = forms.EducatorForm(request.POST)
    if form.is_valid():
        try:
            services.coeducator_add(run=run, email=form.cleaned_data["email"])
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Co-educator added."))
    return redirect("team_run_detail", pk=run.pk)


@login_required
@require_GET
def responses(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    entries = (
        access.responses_visible_to(request.user, run)
        .select_related("user", "discipline")
        .prefetch_related(
            "skills", Prefetch("avoid", queryset=RunStudent.objects.select_related("user"))
        )
    )
    titles = {c.pk: c.title for c in RunChallenge.objects.filter(run=run)}
    rows = [
        {"entry": e, "prefs": [titles[p] for p in e.challenge_prefs if p in titles]}
        for e in entries
    ]
    return render(request, "teams/responses.html", {"run": run, "rows": rows})


def _teams_context(request: HttpRequest, run: TeamRun) -> dict[str, Any]:
    labels = reasons_i18n.Labels.for_run(run)
    warnings = team_warnings(run)
    teams = (
        Team.objects.filter(run=run)
        .select_related("run_challenge__challenge")
        .prefetch_related(
            Prefetch("members", queryset=TeamMember.objects.select_related("student__user"))
        )
    )
    objective = run.objective or {}
    worst, bound = objective.get("worst"), objective.get("bound")
    unplaced = publishing.unplaced_students(run) if teams else []
    return {
        "run": run,
        "teams": [
            {
                "team": t,
                "explanation": reasons_i18n.team_explanation(t.reasons, labels),
                "warnings": [reasons_i18n.warning(w, labels) for w in warnings.get(t.pk, [])],
            }
            for t in teams
        ],
        "has_warnings": bool(warnings),
        "unassigned": [reasons_i18n.unassigned_reason(r, labels) for _e, r in unplaced],
        "diagnosis": reasons_i18n.diagnosis(run.solve_error, labels) if run.solve_error else None,
        "objective": {
            "worst": reasons_i18n.number(worst),
            "mean": reasons_i18n.number(objective.get("mean")),
            # the weakest team as a share of the best it could possibly be (an upper
            # bound on that best): "at least this close"
            "closeness": None if not bound or worst is None else round(100 * worst / bound),
        },
        "swap_form": forms.SwapForm(run=run),
        "move_form": forms.MoveForm(run=run),
        "publish_form": forms.PublishForm(),
        "max_time_limit": MAX_TIME_LIMIT,
    }


@login_required
@require_GET
def teams(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    return render(request, "teams/teams.html", _teams_context(request, run))


@login_required
@require_GET
@framed_unless_htmx(gettext_lazy("Forming the teams"))
def state(request: HttpRequest, pk: int) -> HttpResponse:
    """The solver state, polled by htmx while the teams are being formed."""
    run = access.run_for_educator(request.user, pk)
    response = render(request, "teams/_state.html", {"run": run})
    if request.headers.get("HX-Request") and not run.is_solving:
        response["HX-Refresh"] = "true"  # done: reload the page to show the teams
    return response


@login_required
@require_POST
def solve(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    longer = request.POST.get("search_longer") == "1"
    try:
        services.run_solve(run=run, time_limit=MAX_TIME_LIMIT if longer else None)
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("team_run_teams", pk=run.pk)


def _student(run: TeamRun, pk: Any) -> RunStudent:
    return get_object_or_404(RunStudent, run=run, pk=pk)


@login_required
@require_POST
def lock(request: HttpRequest, pk: int, student_pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    try:
        services.member_lock(
            run=run, student=_student(run, student_pk), locked=request.POST.get("locked") == "1"
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("team_run_teams", pk=run.pk)


@login_required
@require_POST
def swap(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    form = forms.SwapForm(request.POST, run=run)
    if form.is_valid():
        try:
            services.students_swap(run=run, a=form.cleaned_data["a"], b=form.cleaned_data["b"])
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Swapped; both teams are rescored."))
    else:
        messages.error(request, _("Choose two students."))
    return redirect("team_run_teams", pk=run.pk)


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    form = forms.MoveForm(request.POST, run=run)
    if form.is_valid():
        try:
            services.student_move(
                run=run, student=form.cleaned_data["student"], team=form.cleaned_data["team"]
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("Moved; the teams are rescored."))
    else:
        messages.error(request, _("Choose a student and a team."))
    return redirect("team_run_teams", pk=run.pk)


@login_required
@require_POST
def publish(request: SignedInRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    form = forms.PublishForm(request.POST)
    form.is_valid()
    try:
        publishing.run_publish(
            actor=request.user,
            run=run,
            accept_warnings=bool(form.cleaned_data.get("accept_warnings")),
            accept_unplaced=bool(form.cleaned_data.get("accept_unplaced")),
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The teams are published; the students are told."))
    return redirect("team_run_teams", pk=run.pk)


@login_required
@require_GET
def evaluations(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.run_for_educator(request.user, pk)
    return render(
        request,
        "teams/evaluations.html",
        {"run": run, "rows": publishing.evaluation_summary(run)},
    )
