"""The NDA gate: read the versioned terms and accept them; the owner's acceptance log with
revocation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.challenges.forms import NdaAcceptForm, NdaRevokeForm
from frontend.http import SignedInRequest
from marketplace import access
from marketplace.models import Challenge, NdaTerms, Organisation
from marketplace.models.challenges import Status
from marketplace.services.ndas import nda_accept, nda_revoke


def _accepted_message(challenge: Challenge, data: dict[str, Any]) -> str:
    """What accepting did, for whom, and the next step while proposals are open."""
    signed_for = data["organisation"]
    text = (
        _(
            "You accepted the confidentiality terms (version %(version)s) for “%(title)s” on"
            " behalf of %(org)s. The confidential detail is now shown on the challenge."
        )
        if signed_for
        else _(
            "You accepted the confidentiality terms (version %(version)s) for “%(title)s”."
            " The confidential detail is now shown on the challenge."
        )
    ) % {
        "version": data["terms_version"],
        "title": challenge.title,
        "org": signed_for.name if signed_for else "",
    }
    if challenge.status != Status.OPEN:
        return text
    return format_html(
        '{} <a href="{}">{}</a>',
        text,
        reverse("proposal_new", args=[challenge.pk]),
        _("Write a proposal"),
    )


@login_required
def nda_page(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_view(request.user, pk)
    terms = NdaTerms.objects.current()
    mine = access.nda_acceptance(request.user, challenge)
    organisations = Organisation.objects.filter(memberships__user=request.user).order_by("name")
    form = NdaAcceptForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={"terms_version": terms.version if terms else ""},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                nda_accept(
                    user=request.user,
                    challenge=challenge,
                    terms_version=form.cleaned_data["terms_version"],
                    organisation=form.cleaned_data["organisation"],
                )
            except ValidationError as exc:
                # The version is a hidden field: show its error above the form.
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _accepted_message(challenge, form.cleaned_data))
                return redirect("challenge_detail", challenge.pk)
        status = 400
    return render(
        request,
        "challenges/nda.html",
        {
            "challenge": challenge,
            "terms": terms,
            "mine": mine,
            "insider": access.is_challenge_insider(request.user, challenge),
            "form": form,
        },
        status=status,
    )


@login_required
def nda_log(request: SignedInRequest, pk: int) -> HttpResponse:
    """Who accepted which version of the NDA, for which organisation, when (owners)."""
    challenge = access.challenge_for_manage(request.user, pk)
    acceptances = challenge.nda_acceptances.select_related(
        "terms", "organisation", "revocation"
    ).order_by("-accepted_at", "-id")
    return render(
        request,
        "challenges/nda_log.html",
        {"challenge": challenge, "acceptances": acceptances, "form": NdaRevokeForm()},
    )


@login_required
@require_POST
def nda_revoke_view(request: SignedInRequest, pk: int, acceptance_pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    acceptance = get_object_or_404(challenge.nda_acceptances, pk=acceptance_pk)
    form = NdaRevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        nda_revoke(actor=request.user, acceptance=acceptance, reason=reason)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(email)s no longer sees the confidential detail.")
            % {"email": acceptance.signer_email},
        )
    return redirect("challenge_nda_log", challenge.pk)
