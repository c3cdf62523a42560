"""The challenge page: public summary, the confidential detail behind the NDA, IP regime,
impact on work, worker co-authors and endorsements, funding hints, good-practice cases,
similar challenges, the lifecycle with its transitions, and the managers' solver suggestions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend.challenges.forms import CoauthorForm, EndorseForm, TransitionForm
from frontend.fragments import frame_about, framed_unless_htmx
from frontend.http import SignedInRequest
from marketplace import access
from marketplace.insights.funnel import challenge_funnel
from marketplace.matching import suggestions
from marketplace.matching.models import FeedbackReason
from marketplace.matching.shown import shown_record
from marketplace.matching.strength import steps_for_challenge
from marketplace.models import Challenge, ChallengeViewDay, IpRegimeGuide, Proposal
from marketplace.models.challenges import Status
from marketplace.payments.ledger import challenge_is_funded
from marketplace.services import briefs, funding, participation
from marketplace.services.briefs import good_practices_for
from marketplace.services.challenges import challenge_transition, transition_blockers

CLOSED = {Status.COMPLETED, Status.CANCELLED}
WINNERS_PUBLIC = {Status.AWARDED, Status.IN_PROGRESS, Status.COMPLETED}


def ip_explanations(regime: str | None = None, *, for_solver: bool = False) -> list[dict[str, Any]]:
    """The plain-language explanation of each IP regime (or of one), in the active language,
    for the seeker who chooses it or, `for_solver`, for a solver who reads the challenge."""
    guides = IpRegimeGuide.objects.all()
    if regime is not None:
        guides = guides.filter(regime=regime)
    prefix = "solver_" if for_solver else ""
    return [
        {
            "regime": guide.regime,
            "title": guide.localised("title"),
            "explanation": guide.localised(f"{prefix}explanation"),
            "warning": guide.localised(f"{prefix}warning"),
            "for_solver": for_solver,
        }
        for guide in guides
    ]


def _endorsements(user: Any, challenge: Challenge) -> list[dict[str, Any]]:
    rows = []
    for endorsement in challenge.endorsements.select_related("user"):
        mine = endorsement.user_id == getattr(user, "pk", None)
        rows.append(
            {
                "name": None
                if endorsement.anonymous and not mine
                else endorsement.user.display_name,
                "comment": endorsement.comment,
                "mine": mine,
                "anonymous": endorsement.anonymous,
            }
        )
    return rows


def _manager_context(challenge: Challenge) -> dict[str, Any]:
    transitions = [
        {"to": to, "label": Status(to).label, "errors": transition_blockers(challenge, to)}
        for to in sorted(challenge.allowed_transitions(), key=Status.values.index)
    ]
    return {
        "transitions": transitions,
        "log": challenge.transitions.select_related("by"),
        "proposal_count": challenge.proposals.exclude(status="draft").count(),
        "coauthor_form": CoauthorForm(),
        "funnel": challenge_funnel(challenge)[0],
    }


def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    challenge = access.challenge_for_view(user, pk)
    insider = access.is_challenge_insider(user, challenge)
    manages = access.can_manage_challenge(user, challenge)
    role = access.organisation_role(user, challenge.organisation)
    hide_seeker = challenge.anonymous_seeker and not insider
    my_proposals = (
        Proposal.objects.authored_by(user).filter(challenge=challenge).order_by("-id")
        if user.is_authenticated
        else Proposal.objects.none()
    )
    endorsements = _endorsements(user, challenge)
    if role is None and challenge.status != Status.DRAFT:
        # The owner's funnel counts views from outside the posting organisation only, per
        # day of the site's zone (not the reader's: one day means the same hours for all).
        today = timezone.localdate(timezone=timezone.get_default_timezone())
        ChallengeViewDay.objects.count_view(challenge_id=challenge.pk, day=today)
    context: dict[str, Any] = {
        "challenge": challenge,
        "seeker_name": challenge.organisation.name
        if insider
        else challenge.public_organisation_name(),
        "hide_seeker": hide_seeker,
        "insider": insider,
        "manages": manages,
        "can_edit": access.can_edit_challenge(user, challenge),
        "is_judge": access.active_judge(user, challenge) is not None,
        "can_see_confidential": access.can_see_confidential(user, challenge),
        "nda_state": access.nda_state(access.nda_acceptance(user, challenge)),
        # Each side reads what the regime and the funding mean for it: the seeker's people its
        # own texts and the instruments it may apply for; a solver what it gives and keeps,
        # and no funding hints (they are the seeker's to act on, about the seeker).
        "ip_guide": next(iter(ip_explanations(challenge.ip_regime, for_solver=not insider)), None),
        "technologies": challenge.technologies.all(),
        "coauthors": challenge.coauthors.select_related("user"),
        "endorsements": endorsements,
        "can_endorse": role is not None
        and challenge.status not in CLOSED
        and not any(e["mine"] for e in endorsements),
        "endorse_form": EndorseForm(),
        "funding_hints": funding.funding_hints(
            organisation=challenge.organisation, challenge=challenge
        )
        if insider
        else [],
        "cases": good_practices_for(challenge),
        "similar": briefs.similar_to_challenge(viewer=user, challenge=challenge)
        if challenge.status != Status.DRAFT
        else [],
        "criteria": challenge.criteria.all(),
        "award_places": challenge.award_places.prefetch_related(
            "awards__proposal__organisation", "awards__proposal__created_by"
        ),
        "show_winners": manages or challenge.status in WINNERS_PUBLIC,
        "my_proposals": my_proposals,
        "can_propose": challenge.accepts_proposals and role is None,
        "is_member": role is not None,
        "prize_funded": challenge_is_funded(challenge),
    }
    if manages:
        context.update(_manager_context(challenge))
    return render(request, "challenges/detail.html", context)


@login_required
@require_POST
def challenge_transition_view(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect("challenge_detail", challenge.pk)
    to = form.cleaned_data["to"]
    try:
        challenge = challenge_transition(
            actor=request.user, challenge=challenge, to=to, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("challenge_detail", challenge.pk)
    if to == Status.OPEN:
        report = briefs.brief_quality(challenge=challenge)
        messages.success(
            request,
            _("Published. Brief quality: %(score)d/100.") % {"score": report.score},
        )
        for hint in report.hints:
            messages.info(request, hint.message)
    else:
        messages.success(
            request,
            _("The challenge now has the status %(status)s.") % {"status": Status(to).label},
        )
    return redirect("challenge_detail", challenge.pk)


@login_required
@require_POST
def challenge_endorse(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_view(request.user, pk)
    form = EndorseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your endorsement could not be saved."))
        return redirect("challenge_detail", challenge.pk)
    try:
        participation.endorsement_add(user=request.user, challenge=challenge, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: your endorsement is recorded."))
    return redirect("challenge_detail", challenge.pk)


@login_required
@require_POST
def coauthor_add(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    form = CoauthorForm(request.POST)
    if form.is_valid():
        colleague = access.active_user_by_email(form.cleaned_data["email"])
        if colleague is None:
            messages.error(request, _("No Kruispunt account uses this address."))
            return redirect("challenge_detail", challenge.pk)
        try:
            participation.coauthor_add(actor=request.user, challenge=challenge, user=colleague)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(name)s is now a co-author.") % {"name": colleague.display_name}
            )
    else:
        messages.error(request, _("Enter a valid e-mail address."))
    return redirect("challenge_detail", challenge.pk)


@login_required
@framed_unless_htmx(gettext_lazy("Suggested solvers"))
def solver_suggestions(request: SignedInRequest, pk: int) -> HttpResponse:
    """Suggested solvers for a challenge (loaded after the page, for its managers)."""
    challenge = access.challenge_for_view(request.user, pk)
    if not access.can_manage_challenge(request.user, challenge):
        raise PermissionDenied
    solvers = suggestions.solvers_for_challenge(challenge=challenge, viewer=request.user, limit=8)
    subject = suggestions.subject_for_challenge(challenge)
    shown_record(subject=subject, items=solvers, challenge_id=challenge.pk)
    response = render(
        request,
        "challenges/solvers.html",
        {
            "solvers": solvers,
            "subject": subject,
            "invite_url": reverse("challenge_solver_invite", args=[challenge.pk])
            if challenge.status not in CLOSED
            else "",
            "reasons": FeedbackReason.choices,
            "next": reverse("challenge_detail", args=[challenge.pk]),
            "next_steps": lambda: steps_for_challenge(challenge),
        },
    )
    return frame_about(response, challenge.title, reverse("challenge_detail", args=[challenge.pk]))
