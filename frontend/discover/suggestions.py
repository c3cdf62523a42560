"""Suggestions on pages: partners and challenges for an organisation's members, challenges
for a person; with the reasons and a way to dismiss what does not fit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend.discover.forms import FeedbackForm
from frontend.fragments import frame_about, framed_unless_htmx
from frontend.http import SignedInRequest, posted_next
from marketplace import access
from marketplace.matching import suggestions
from marketplace.matching.models import FeedbackReason, Verdict
from marketplace.matching.shown import shown_record
from marketplace.matching.strength import steps_for_organisation, steps_for_person
from marketplace.models.challenges import Status


@login_required
@framed_unless_htmx(gettext_lazy("Suggestions"))
def organisation_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The suggestion panel of an organisation page (loaded after the page, for members)."""
    organisation = access.organisation_for_members(request.user, pk)
    subject = suggestions.subject_for_organisation(organisation)
    relation = request.GET.get("relation", "")
    if relation not in suggestions.RELATIONS:
        relation = ""  # an unknown filter shows every kind of partner
    partners = suggestions.partners_for_organisation(
        organisation=organisation, viewer=request.user, limit=8, relation=relation
    )
    challenges = suggestions.challenges_for_organisation(
        organisation=organisation, viewer=request.user, limit=5
    )
    shown_record(subject=subject, items=partners)
    shown_record(
        subject=subject + ":challenges", items=challenges, asker_organisation_id=organisation.pk
    )
    context = {
        "organisation": organisation,
        "partners": partners,
        "relation": relation,
        "relations": [(key, str(label)) for key, label in suggestions.RELATIONS.items()],
        "challenges": challenges,
        "partner_subject": subject,
        "challenge_subject": subject + ":challenges",
        "reasons": FeedbackReason.choices,
        "next": organisation.get_absolute_url(),
        # Called by the template only when few or no suggestions are shown.
        "next_steps": lambda: steps_for_organisation(organisation),
    }
    response = render(request, "frontend/suggestions/organisation_panel.html", context)
    return frame_about(response, organisation.name, organisation.get_absolute_url())


# Why a person turns down a challenge suggested to them: a firm's reasons about a partner ("we
# already work with them", "a competitor", "too big or too small for us") do not apply.
PERSON_REASONS = [
    (FeedbackReason.NOT_RELEVANT.value, gettext_lazy("Not relevant for me")),
    *(
        (reason.value, reason.label)
        for reason in (FeedbackReason.WRONG_SECTOR, FeedbackReason.TOO_FAR, FeedbackReason.OTHER)
    ),
]


@login_required
def my_challenge_suggestions(request: SignedInRequest) -> HttpResponse:
    person, subject, challenges = suggestions.challenges_for_user(
        user=request.user, viewer=request.user, limit=10
    )
    if subject:
        shown_record(subject=subject, items=challenges, asker_user_id=request.user.pk)
    context = {
        "challenges": challenges,
        "challenge_subject": subject,
        "reasons": PERSON_REASONS,
        "next": request.path,
        "consent": person.matching_consent,
        "next_steps": lambda: steps_for_person(person),
        # An organisation's partners and its challenges' solvers are suggested on its own pages:
        # point there, so that an SME owner who opens "For you" finds them too.
        "organisations": access.member_organisations(request.user).order_by("name"),
        "managed_challenges": access.managed_challenges(request.user)
        .filter(status=Status.OPEN)
        .order_by("title"),
    }
    return render(request, "frontend/suggestions/my_challenges.html", context)


@login_required
@require_POST
def suggestion_feedback(request: SignedInRequest) -> HttpResponse:
    form = FeedbackForm(request.POST)
    target = posted_next(request, "/")
    if not form.is_valid():
        messages.error(request, _("That reaction could not be saved."))
        return redirect(target)
    data = form.cleaned_data
    access.suggestion_subject_check(request.user, data["subject"])
    suggestions.feedback_record(
        user=request.user,
        subject=data["subject"],
        candidate=data["candidate"],
        verdict=data["verdict"],
        reason=data["reason"],
    )
    if data["verdict"] == Verdict.DISMISSED:
        messages.success(request, _("Dismissed. We will not suggest it again."))
    else:
        messages.success(request, _("Thanks: noted as relevant."))
    return redirect(target)
