"""Judging pages: the judge's invitations and assignments with the scoring form generated from
the weighted rubric; the owner's judges, panels, bulk assignment, ranking and feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.challenges.forms_work import (
    BulkAssignForm,
    ConflictForm,
    FeedbackForm,
    JudgeInviteForm,
    JudgeResponseForm,
    PanelForm,
    ScoringForm,
)
from frontend.fields import add_service_error
from frontend.http import SignedInRequest
from frontend.pagination import paginate
from marketplace import access
from marketplace.models import Judge
from marketplace.services import judging


@login_required
def judge_home(request: SignedInRequest) -> HttpResponse:
    """The judge's invitations and assignments, pending or evaluated."""
    state = request.GET.get("state", "pending")
    if state not in {"pending", "evaluated"}:
        state = "pending"
    assignments = (
        access.judge_assignments(request.user)
        .filter(proposal__status="submitted", evaluated_at__isnull=state == "pending")
        .select_related("proposal__challenge")
        .order_by("created_at", "id")
    )
    invitations = Judge.objects.filter(
        user=request.user, accepted_at__isnull=True, declined_at__isnull=True
    ).select_related("challenge")
    return render(
        request,
        "challenges/judge_home.html",
        {"page": paginate(request, assignments), "state": state, "invitations": invitations},
    )


@login_required
def judge_invitation(request: SignedInRequest, pk: int) -> HttpResponse:
    judge = access.judge_invitation_for(request.user, pk)
    form = JudgeResponseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        accept = request.POST.get("answer") != "decline"
        if not accept or form.is_valid():
            try:
                judging.judge_respond(
                    judge=judge,
                    accept=accept,
                    conflict_statement=form.cleaned_data.get("conflict_statement", "")
                    if accept
                    else "",
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                if accept:
                    messages.success(request, _("Thank you for judging. Your assignments follow."))
                    return redirect("judge_home")
                messages.success(request, _("You declined the invitation."))
                return redirect("judge_home")
    return render(
        request,
        "challenges/judge_invitation.html",
        {"judge": judge, "challenge": judge.challenge, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def assignment_score(request: SignedInRequest, pk: int) -> HttpResponse:
    assignment = access.assignment_for_judge(request.user, pk)
    proposal = assignment.proposal
    criteria = list(proposal.challenge.criteria.all())
    scores = {s.criterion_id: s for s in assignment.scores.all()}
    initial: dict[str, Any] = {"private_note": assignment.private_note}
    for criterion in criteria:
        if criterion.pk in scores:
            initial[f"score_{criterion.key}"] = scores[criterion.pk].value
            initial[f"comment_{criterion.key}"] = scores[criterion.pk].comment
    form = ScoringForm(
        request.POST if request.method == "POST" else None, criteria=criteria, initial=initial
    )
    if form.is_bound and form.is_valid():
        try:
            judging.evaluation_save(
                assignment=assignment,
                scores=form.scores(),
                private_note=form.cleaned_data["private_note"],
                final=form.cleaned_data["final"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Evaluation complete.") if form.cleaned_data["final"] else _("Scores saved."),
            )
            return redirect("assignment_score", assignment.pk)
    return render(
        request,
        "challenges/assignment_score.html",
        {
            "assignment": assignment,
            "proposal": proposal,
            "challenge": proposal.challenge,
            "criteria": criteria,
            "form": form,
            "conflict_form": ConflictForm(),
            "attachments": proposal.attachments.all(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def assignment_conflict(request: SignedInRequest, pk: int) -> HttpResponse:
    assignment = access.assignment_for_judge(request.user, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say briefly what the conflict is."))
        return redirect("assignment_score", assignment.pk)
    judging.conflict_declare(assignment=assignment, reason=form.cleaned_data["reason"])
    messages.success(request, _("Noted. You no longer judge this proposal."))
    return redirect("judge_home")


# --- the owner's side ------------------------------------------------------------------------


def _judging_context(challenge: Any, **forms: Any) -> dict[str, Any]:
    panels = challenge.panels.all()
    ranking = judging.ranking(challenge=challenge)
    return {
        "challenge": challenge,
        "judges": challenge.judges.select_related("user", "panel"),
        "panels": panels,
        "ranking": ranking,
        "criteria": challenge.criteria.all(),
        "missing_feedback": sum(1 for r in ranking if not r.has_feedback),
        "invite_form": forms.get("invite_form") or JudgeInviteForm(panels=panels),
        "panel_form": forms.get("panel_form") or PanelForm(),
        "assign_form": forms.get("assign_form") or BulkAssignForm(panels=panels),
    }


@login_required
def challenge_judging(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    return render(request, "challenges/challenge_judging.html", _judging_context(challenge))


def _judging_form_failed(request: SignedInRequest, challenge: Any, **forms: Any) -> HttpResponse:
    return render(
        request,
        "challenges/challenge_judging.html",
        _judging_context(challenge, **forms),
        status=400,
    )


@login_required
@require_POST
def judge_invite(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    form = JudgeInviteForm(request.POST, panels=challenge.panels.all())
    if form.is_valid():
        user = access.active_user_by_email(form.cleaned_data["email"])
        if user is None:
            form.add_error("email", _("No Kruispunt account uses this address."))
        else:
            try:
                judging.judge_invite(
                    actor=request.user,
                    challenge=challenge,
                    user=user,
                    panel=form.cleaned_data["panel"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Invitation sent."))
                return redirect("challenge_judging", challenge.pk)
    return _judging_form_failed(request, challenge, invite_form=form)


@login_required
@require_POST
def panel_create(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    form = PanelForm(request.POST)
    if form.is_valid():
        try:
            judging.panel_create(challenge=challenge, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Panel added."))
            return redirect("challenge_judging", challenge.pk)
    return _judging_form_failed(request, challenge, panel_form=form)


@login_required
@require_POST
def assignments_bulk(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    form = BulkAssignForm(request.POST, panels=challenge.panels.all())
    if form.is_valid():
        try:
            created = judging.assignments_bulk(
                challenge=challenge,
                per_proposal=form.cleaned_data["per_proposal"],
                panel=form.cleaned_data["panel"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("%(n)d assignments made.") % {"n": created})
            return redirect("challenge_judging", challenge.pk)
    return _judging_form_failed(request, challenge, assign_form=form)


@login_required
def proposal_feedback(request: SignedInRequest, pk: int) -> HttpResponse:
    """The owner sends a submitter scores and a written reason (once)."""
    proposal = access.proposal_for_view(request.user, pk)
    challenge = access.challenge_for_manage(request.user, proposal.challenge_id)
    criteria = list(challenge.criteria.all())
    form = FeedbackForm(request.POST if request.method == "POST" else None, criteria=criteria)
    if form.is_bound and form.is_valid():
        try:
            judging.feedback_send(
                actor=request.user,
                proposal=proposal,
                reason=form.cleaned_data["reason"],
                scores=form.scores(),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Feedback sent to the submitter."))
            return redirect("challenge_proposals", challenge.pk)
    means = next(
        (r for r in judging.ranking(challenge=challenge) if r.proposal.pk == proposal.pk), None
    )
    return render(
        request,
        "challenges/proposal_feedback.html",
        {
            "proposal": proposal,
            "challenge": challenge,
            "form": form,
            "means": means,
            "criteria": criteria,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
