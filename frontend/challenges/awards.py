"""Prize places and awards: the owner adds places, grants them to submitted proposals, revokes
an award while evaluating (not a paid one), and sees why the challenge cannot be marked awarded
yet (every submitter must have feedback first)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.challenges.forms_work import AwardGrantForm, AwardPlaceForm
from frontend.fields import add_service_error
from frontend.http import SignedInRequest
from marketplace import access
from marketplace.models import Award, Challenge
from marketplace.models.challenges import Status
from marketplace.services import awards as award_services
from marketplace.services.awards import PLACES_EDITABLE, award_grant, award_revoke
from marketplace.services.challenges import transition_blockers


def _context(challenge: Challenge, **forms: object) -> dict[str, object]:
    places = challenge.award_places.all()
    proposals = challenge.proposals.submitted().order_by("title", "id")
    return {
        "challenge": challenge,
        "places": challenge.award_places.prefetch_related(
            "awards__proposal__organisation", "awards__proposal__created_by"
        ),
        "place_form": forms.get("place_form") or AwardPlaceForm(),
        "grant_form": forms.get("grant_form") or AwardGrantForm(places=places, proposals=proposals),
        "places_editable": challenge.status in PLACES_EDITABLE,
        "can_grant": challenge.status == Status.EVALUATING,
        "award_blockers": transition_blockers(challenge, Status.AWARDED)
        if challenge.status == Status.EVALUATING
        else [],
        "missing_feedback": challenge.proposals.submitted().filter(feedback__isnull=True).count(),
    }


@login_required
def challenge_awards(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    return render(request, "challenges/awards.html", _context(challenge))


@login_required
@require_POST
def award_place_add(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    form = AwardPlaceForm(request.POST)
    if form.is_valid():
        try:
            award_services.award_place_add(challenge=challenge, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Prize place added."))
            return redirect("challenge_awards", challenge.pk)
    return render(
        request, "challenges/awards.html", _context(challenge, place_form=form), status=400
    )


@login_required
@require_POST
def award_grant_view(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    form = AwardGrantForm(
        request.POST,
        places=challenge.award_places.all(),
        proposals=challenge.proposals.submitted(),
    )
    if form.is_valid():
        try:
            award_grant(
                actor=request.user,
                place=form.cleaned_data["place"],
                proposal=form.cleaned_data["proposal"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Award granted."))
            return redirect("challenge_awards", challenge.pk)
    return render(
        request, "challenges/awards.html", _context(challenge, grant_form=form), status=400
    )


@login_required
@require_POST
def award_revoke_view(request: SignedInRequest, pk: int, award_pk: int) -> HttpResponse:
    """Take an award back while the challenge is evaluating; the service refuses paid ones."""
    challenge = access.challenge_for_manage(request.user, pk)
    award = get_object_or_404(Award, pk=award_pk, place__challenge=challenge)
    try:
        award_revoke(actor=request.user, award=award)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The award is revoked; the place can be granted again."))
    return redirect("challenge_awards", challenge.pk)
