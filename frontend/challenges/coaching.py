"""For intermediaries and sector knowledge centres: the briefs their organisation was asked to
coach, with the request's state, a link to the draft while the request is open, and a form to
hand back advice and close the request. The firm's side (asking, withdrawing, reading the
advice) is the coaching page of the wizard; both close through `coaching_close`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from frontend.challenges.forms import CoachingCloseForm
from frontend.http import SignedInRequest
from frontend.pagination import paginate
from marketplace import access
from marketplace.models import BriefCoachingRequest
from marketplace.services import participation
from marketplace.services.participation import COACH_KINDS


@login_required
def coaching_requests(request: SignedInRequest) -> HttpResponse:
    """Requests addressed to the user's coaching organisations, open ones first. A closed
    request's challenge is linked only while the challenge stays visible to the user."""
    requests = (
        BriefCoachingRequest.objects.filter(intermediary__memberships__user=request.user)
        .select_related("challenge__organisation", "intermediary", "requested_by")
        .order_by(F("closed_at").asc(nulls_first=True), "-created_at", "-id")
        .distinct()
    )
    page = paginate(request, requests)
    ids = {r.challenge_id for r in page.object_list}
    visible = set(
        access.challenges_visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    rows = [
        {"request": r, "visible": r.challenge_id in visible, "open": r.closed_at is None}
        for r in page.object_list
    ]
    coaches = request.user.memberships.filter(organisation__kind__in=list(COACH_KINDS)).exists()
    return render(
        request,
        "challenges/coaching_requests.html",
        {"page": page, "rows": rows, "coaches": coaches, "close_form": CoachingCloseForm()},
    )


@login_required
@require_POST
def coaching_close(request: SignedInRequest, pk: int) -> HttpResponse:
    """The coach closes a request with their advice, or the firm withdraws it."""
    coaching, as_coach = access.coaching_for_close(request.user, pk)
    form = CoachingCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            participation.coaching_close(
                actor=request.user,
                coaching=coaching,
                as_coach=as_coach,
                answer=form.cleaned_data["answer"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Thank you: the firm can read your advice. The draft is closed to you again.")
                if as_coach
                else _("The request was withdrawn; %(org)s can no longer read the draft.")
                % {"org": coaching.intermediary.name},
            )
    if as_coach:
        return redirect("coaching_requests")
    return redirect("challenge_coaching", coaching.challenge_id)
