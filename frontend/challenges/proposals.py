"""Proposals: start a draft, edit it (a new version once submitted), attachments, submit with a
receipt, withdraw before the deadline; "my proposals" and the owner's list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.challenges.forms_work import AttachmentForm, ProposalContentForm, ProposalStartForm
from frontend.fields import add_service_error
from frontend.http import SignedInRequest
from frontend.pagination import paginate
from frontend.rate_limits import rate_limited
from marketplace import access
from marketplace.filetypes import protected_download
from marketplace.models import (
    Feedback,
    Organisation,
    Proposal,
    ProposalAttachment,
    ProposalVersion,
    User,
)
from marketplace.models.proposals import ProposalStatus
from marketplace.services import proposals as services


@login_required
@rate_limited("proposal")
def proposal_new(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_view(request.user, pk)
    organisations = (
        Organisation.objects.filter(memberships__user=request.user)
        .exclude(pk=challenge.organisation_id)
        .order_by("name")
    )
    form = ProposalStartForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        criteria=challenge.criteria.all(),
    )
    if form.is_bound and form.is_valid():
        team_emails = form.cleaned_data["team"]
        team = list(User.objects.filter(email__in=team_emails, is_active=True))
        missing = sorted(set(team_emails) - {u.email for u in team})
        if missing:
            form.add_error(
                "team", _("No Kruispunt account uses: %(emails)s.") % {"emails": ", ".join(missing)}
            )
        else:
            try:
                proposal = services.proposal_create(
                    user=request.user,
                    challenge=challenge,
                    kind=form.cleaned_data["kind"],
                    organisation=form.cleaned_data["organisation"],
                    team=team,
                    **form.content(),
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request, _("Draft saved. Check it, add files, and submit before the deadline.")
                )
                return redirect("proposal_detail", proposal.pk)
    return render(
        request,
        "challenges/proposal_form.html",
        {
            "challenge": challenge,
            "form": form,
            "creating": True,
            "closed": not challenge.accepts_proposals,
        },
        status=400 if form.is_bound else 200,
    )


def _proposal_context(request: SignedInRequest, proposal: Proposal) -> dict[str, Any]:
    challenge = proposal.challenge
    author = access.is_proposal_author(request.user, proposal)
    manages = access.can_manage_challenge(request.user, challenge)
    feedback = Feedback.objects.filter(proposal=proposal).first()
    return {
        "proposal": proposal,
        "challenge": challenge,
        "author": author,
        "manages": manages,
        "can_change": author
        and proposal.status != ProposalStatus.WITHDRAWN
        and challenge.accepts_proposals,
        "feedback": feedback if (author or manages) else None,
        # proposal_for_view let them in: the author, the owner or an assigned judge
        "versions": proposal.versions.order_by("-number"),
        "attachments": proposal.attachments.all(),
        "attachment_form": AttachmentForm(),
        "criteria": challenge.criteria.all(),
        "team": proposal.team_members.select_related("user"),
        "my_assignment": proposal.assignments.filter(judge__user=request.user).first(),
    }


@login_required
def proposal_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = access.proposal_for_view(request.user, pk)
    return render(request, "challenges/proposal_detail.html", _proposal_context(request, proposal))


@login_required
def proposal_version(request: SignedInRequest, pk: int, number: int) -> HttpResponse:
    """One frozen version's content, for everyone who may see the proposal (its authors, the
    challenge's managers and its assigned judges); anyone else gets 404."""
    proposal = access.proposal_for_view(request.user, pk)
    version = get_object_or_404(ProposalVersion, proposal=proposal, number=number)
    content = version.content if isinstance(version.content, dict) else {}
    raw_answers = content.get("answers") or {}
    answers = raw_answers if isinstance(raw_answers, dict) else {}
    criteria = list(proposal.challenge.criteria.all())
    known = {c.key for c in criteria}
    rows = [
        {"question": c.prompt or c.label, "answer": answers[c.key]}
        for c in criteria
        if answers.get(c.key)
    ] + [{"question": key, "answer": value} for key, value in answers.items() if key not in known]
    return render(
        request,
        "challenges/proposal_version.html",
        {
            "proposal": proposal,
            "challenge": proposal.challenge,
            "version": version,
            "content": content,
            "answers": rows,
            "versions": proposal.versions.order_by("-number"),
        },
    )


@login_required
def proposal_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = access.proposal_for_change(request.user, pk)
    challenge = proposal.challenge
    form = ProposalContentForm(
        request.POST if request.method == "POST" else None,
        criteria=challenge.criteria.all(),
        initial=ProposalContentForm.initial_for(proposal),
    )
    if form.is_bound and form.is_valid():
        try:
            services.proposal_update(user=request.user, proposal=proposal, **form.content())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            if proposal.status == ProposalStatus.SUBMITTED:
                messages.success(request, _("Saved as a new version of your submitted proposal."))
            else:
                messages.success(request, _("Draft saved."))
            return redirect("proposal_detail", proposal.pk)
    return render(
        request,
        "challenges/proposal_form.html",
        {
            "challenge": challenge,
            "proposal": proposal,
            "form": form,
            "creating": False,
            "closed": not challenge.accepts_proposals,
        },
        status=400 if form.is_bound else 200,
    )


def _run(request: SignedInRequest, action: Any, success: str, **kwargs: Any) -> bool:
    try:
        action(**kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


@login_required
@require_POST
@rate_limited("proposal")
def proposal_submit(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = access.proposal_for_change(request.user, pk)
    if _run(
        request,
        services.proposal_submit,
        _("Submitted. Your receipt is below and in your notifications."),
        user=request.user,
        proposal=proposal,
    ):
        return redirect("proposal_receipt", proposal.pk)
    return redirect("proposal_detail", proposal.pk)


@login_required
def proposal_receipt(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = access.proposal_for_change(request.user, pk)
    return render(request, "challenges/proposal_receipt.html", {"proposal": proposal})


@login_required
def proposal_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = access.proposal_for_change(request.user, pk)
    if request.method == "POST":
        _run(
            request,
            services.proposal_withdraw,
            _("Your proposal is withdrawn."),
            user=request.user,
            proposal=proposal,
        )
        return redirect("proposal_detail", proposal.pk)
    return render(request, "challenges/proposal_withdraw.html", {"proposal": proposal})


@login_required
@require_POST
@rate_limited("upload")
def attachment_upload(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = access.proposal_for_change(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        _run(
            request,
            services.attachment_add,
            _("File added."),
            user=request.user,
            proposal=proposal,
            upload=form.cleaned_data["file"],
        )
    return redirect("proposal_detail", proposal.pk)


@login_required
def attachment_download(request: SignedInRequest, pk: int, attachment_pk: int) -> FileResponse:
    proposal = access.proposal_for_view(request.user, pk)
    attachment = get_object_or_404(ProposalAttachment, pk=attachment_pk, proposal=proposal)
    return protected_download(
        attachment.file.open("rb"), name=attachment.name, content_type=attachment.content_type
    )


@login_required
@require_POST
def attachment_delete(request: SignedInRequest, pk: int, attachment_pk: int) -> HttpResponse:
    proposal = access.proposal_for_change(request.user, pk)
    attachment = get_object_or_404(ProposalAttachment, pk=attachment_pk, proposal=proposal)
    _run(
        request,
        services.attachment_delete,
        _("File removed."),
        proposal=proposal,
        attachment=attachment,
    )
    return redirect("proposal_detail", proposal.pk)


@login_required
def my_proposals(request: SignedInRequest) -> HttpResponse:
    proposals = (
        Proposal.objects.authored_by(request.user)
        .select_related("challenge", "organisation", "feedback")
        .order_by("-updated_at", "-id")
    )
    return render(request, "challenges/my_proposals.html", {"page": paginate(request, proposals)})


@login_required
def challenge_proposals(request: SignedInRequest, pk: int) -> HttpResponse:
    """The owner's list: submitted and withdrawn proposals, with their feedback state."""
    challenge = access.challenge_for_manage(request.user, pk)
    proposals = (
        challenge.proposals.exclude(status=ProposalStatus.DRAFT)
        .select_related("organisation", "created_by", "feedback")
        .order_by("-submitted_at", "-id")
    )
    missing = challenge.proposals.submitted().filter(feedback__isnull=True).count()
    return render(
        request,
        "challenges/challenge_proposals.html",
        {"challenge": challenge, "page": paginate(request, proposals), "missing": missing},
    )
