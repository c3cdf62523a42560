"""For intermediaries and sector knowledge centres: the briefs their organisation was asked to
coach, with the request's state and a link to the draft while the request is open. (Closing or
answering a request has no service yet; the owner's side is the coaching page of the wizard.)"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import render

from frontend.pagination import paginate
from frontend.views import SignedInRequest
from marketplace import access
from marketplace.models import BriefCoachingRequest
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
        {"page": page, "rows": rows, "coaches": coaches},
    )
