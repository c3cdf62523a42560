"""The authoring wizard: type → problem and goal → scope and deliverables → confidentiality,
NDA and IP → impact on work → budget, prizes and dates → review. Every step saves the draft;
the type's guidance is shown beside each step; the review shows the brief-quality score with
its hints, similar challenges and the sector's starter kit, and publishes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from frontend.challenges.detail import ip_explanations
from frontend.challenges.forms import (
    GUIDE_KEYS,
    STEP_KEYS,
    STEPS,
    ChallengeStartForm,
    CoachingForm,
)
from frontend.challenges.library import starter_kit_for
from frontend.fields import add_service_error
from frontend.http import SignedInRequest
from frontend.sectors import sector_of
from marketplace import access
from marketplace.models import Challenge, ChallengeTypeGuide
from marketplace.models.challenges import Status
from marketplace.models.guidance import _in_language
from marketplace.numbers import whole_number
from marketplace.services import briefs, participation
from marketplace.services.challenges import (
    challenge_create,
    challenge_update,
    transition_blockers,
)


def _guide(challenge_type: str | None) -> ChallengeTypeGuide | None:
    if not challenge_type:
        return None
    return ChallengeTypeGuide.objects.filter(type=challenge_type).first()


def _help_for(guide: ChallengeTypeGuide | None, step: str) -> list[str]:
    if guide is None:
        return []
    wanted = GUIDE_KEYS.get(step, [])
    texts = []
    for item in guide.steps or []:
        if isinstance(item, dict) and item.get("key") in wanted:
            text = _in_language(item.get("help", ""))
            if text:
                texts.append(str(text))
    return texts


def _prefilled(challenge: Challenge) -> dict[str, Any]:
    """What a first-time author need not type: the sector and the region of the posting
    organisation, for a brief that has none yet."""
    initial: dict[str, Any] = {}
    if not challenge.sector:
        sector = sector_of(challenge.organisation)
        if sector:
            initial["sector"] = sector
    if challenge.nuts_id is None and challenge.organisation.nuts_id:
        initial["nuts"] = challenge.organisation.nuts_id
    return initial


def _steps_nav(current: str) -> list[dict[str, Any]]:
    return [
        {"key": key, "label": label, "current": key == current} for key, label, _form in STEPS
    ] + [{"key": "review", "label": _("Review and publish"), "current": current == "review"}]


@login_required
def challenge_new(request: SignedInRequest) -> HttpResponse:
    """Step 1 for a new brief: the organisation, the type and a working title."""
    organisations = access.managed_organisations(request.user).order_by("name").distinct()
    if not organisations.exists():
        return render(request, "challenges/wizard_no_organisation.html", status=403)
    # ?organisation= comes from the "next steps" after creating one; only one the user manages.
    wanted = whole_number(request.GET.get("organisation", ""))
    chosen = (
        organisations.filter(pk=wanted).first() if wanted is not None else None
    ) or organisations.first()
    form = ChallengeStartForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={"organisation": chosen, "language": request.LANGUAGE_CODE[:2]},
    )
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            challenge = challenge_create(
                actor=request.user,
                organisation=data.pop("organisation"),
                type=data.pop("type"),
                title=data.pop("title"),
                **data,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Draft saved. Next: the problem and your goal."))
            return redirect("challenge_step", challenge.pk, "problem")
    guides = list(ChallengeTypeGuide.objects.all())
    return render(
        request,
        "challenges/wizard_start.html",
        {
            "form": form,
            "guides": [
                {"title": g.localised("title"), "description": g.localised("description")}
                for g in guides
            ],
            "help": _help_for(guides[0] if guides else None, "type"),
            "steps": _steps_nav("type"),
        },
        status=400 if form.is_bound else 200,
    )


def _editable(request: SignedInRequest, pk: int) -> Challenge:
    challenge = access.challenge_for_edit(request.user, pk)
    if challenge.status not in {Status.DRAFT, Status.OPEN}:
        raise PermissionDenied
    return challenge


@login_required
def challenge_step(request: SignedInRequest, pk: int, step: str) -> HttpResponse:
    if step not in STEP_KEYS:
        raise Http404
    challenge = _editable(request, pk)
    index = STEP_KEYS.index(step)
    form_class = STEPS[index][2]
    form = form_class(
        request.POST if request.method == "POST" else None,
        instance=challenge,
        prefilled=_prefilled(challenge) if step == "problem" else None,
    )
    if form.is_bound and form.is_valid():
        try:
            if form.changed_data:
                challenge = challenge_update(
                    actor=request.user, challenge=challenge, **form.changes()
                )
        except ValidationError as exc:
            add_service_error(form, exc)
            challenge.refresh_from_db()
        else:
            messages.success(request, _("Draft saved."))
            if "back" in request.POST and index > 0:
                return redirect("challenge_step", challenge.pk, STEP_KEYS[index - 1])
            if "stay" in request.POST:
                return redirect("challenge_step", challenge.pk, step)
            if index + 1 < len(STEP_KEYS):
                return redirect("challenge_step", challenge.pk, STEP_KEYS[index + 1])
            return redirect("challenge_review", challenge.pk)
    guide = _guide(challenge.type)
    context: dict[str, Any] = {
        "challenge": challenge,
        "form": form,
        "step": step,
        "step_label": STEPS[index][1],
        "steps": _steps_nav(step),
        "guide": guide,
        "help": _help_for(guide, step),
        "previous": STEP_KEYS[index - 1] if index else None,
    }
    if step == "problem":
        context["summary_template"] = guide.localised("summary_template") if guide else ""
        context["kit"] = starter_kit_for(form.starter_kit_sector())
    if step == "confidentiality":
        context["ip_guides"] = ip_explanations()
    if step == "terms":
        context["award_places"] = challenge.award_places.all()
    return render(
        request,
        "challenges/wizard_step.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def challenge_review(request: SignedInRequest, pk: int) -> HttpResponse:
    """The whole brief, its quality score with hints, what still blocks publishing, similar
    challenges and the sector's starter kit; managers publish from here."""
    challenge = access.challenge_for_edit(request.user, pk)
    quality = briefs.brief_quality(challenge=challenge)
    return render(
        request,
        "challenges/wizard_review.html",
        {
            "challenge": challenge,
            "quality": quality,
            "blockers": transition_blockers(challenge, Status.OPEN)
            if challenge.status == Status.DRAFT
            else [],
            "similar": briefs.similar_to_challenge(viewer=request.user, challenge=challenge),
            "kit": starter_kit_for(challenge.sector),
            "criteria": challenge.criteria.all(),
            "technologies": challenge.technologies.all(),
            "manages": access.can_manage_challenge(request.user, challenge),
            "steps": _steps_nav("review"),
            "ip_guide": next(iter(ip_explanations(challenge.ip_regime)), None),
        },
    )


@login_required
def coaching_request(request: SignedInRequest, pk: int) -> HttpResponse:
    """Ask an intermediary to coach the brief before publishing."""
    challenge = access.challenge_for_manage(request.user, pk)
    form = CoachingForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            participation.coaching_request(
                actor=request.user, challenge=challenge, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(org)s was asked to coach your brief. Its advisors can now read the draft.")
                % {"org": form.cleaned_data["intermediary"].name},
            )
            return redirect("challenge_review", challenge.pk)
    return render(
        request,
        "challenges/coaching.html",
        {
            "challenge": challenge,
            "form": form,
            "coaching_requests": challenge.coaching_requests.select_related("intermediary"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
