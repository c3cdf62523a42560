"""Invitees of an invited-only challenge: the managers invite a person (by e-mail address) or an
organisation (by enterprise number or exact name), see who is invited, and remove invitees; and
invite a suggested solver with one click from the challenge page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from frontend.fields import add_service_error
from frontend.http import SignedInRequest, posted_next
from marketplace import access
from marketplace.identifiers import normalise_enterprise_number
from marketplace.matching import suggestions
from marketplace.matching.models import FeedbackReason, Verdict
from marketplace.models import Challenge, Organisation, User
from marketplace.models.challenges import ChallengeVisibility
from marketplace.services import participation


class InviteeForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("A person's e-mail address"),
        required=False,
        help_text=gettext_lazy("The address of their Kruispunt account."),
    )
    organisation = forms.CharField(
        label=gettext_lazy("Or an organisation"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Its enterprise number or exact name. All its members may then see the challenge."
        ),
    )

    def clean_email(self) -> User | None:
        email = self.cleaned_data.get("email", "").strip()
        if not email:
            return None
        user = access.active_user_by_email(email)
        if user is None:
            raise ValidationError(_("No Kruispunt account uses this address."))
        return user

    def clean_organisation(self) -> Organisation | None:
        text = self.cleaned_data.get("organisation", "").strip()
        if not text:
            return None
        try:
            number = normalise_enterprise_number(text)
        except ValidationError:
            matches = list(Organisation.objects.filter(name__iexact=text)[:2])
        else:
            matches = list(Organisation.objects.filter(enterprise_number=number)[:2])
        if not matches:
            raise ValidationError(_("No organisation on Kruispunt has this name or number."))
        if len(matches) > 1:
            raise ValidationError(
                _("Several organisations have this name: use the enterprise number.")
            )
        return matches[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and (data.get("email") is None) == (data.get("organisation") is None):
            raise ValidationError(_("Invite one person or one organisation."))
        return data


def _context(challenge: Challenge, form: InviteeForm | None = None) -> dict[str, Any]:
    return {
        "challenge": challenge,
        "invitees": challenge.invitees.select_related("user", "organisation", "invited_by"),
        "form": form or InviteeForm(),
        "invited_only": challenge.visibility == ChallengeVisibility.INVITED,
    }


@login_required
def challenge_invitees(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    if request.method != "POST":
        return render(request, "challenges/invitees.html", _context(challenge))
    form = InviteeForm(request.POST)
    if form.is_valid():
        try:
            invitee = participation.invitee_add(
                actor=request.user,
                challenge=challenge,
                user=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            name = invitee.user.email if invitee.user else invitee.organisation.name  # type: ignore[union-attr]
            messages.success(request, _("%(name)s is invited.") % {"name": name})
            return redirect("challenge_invitees", challenge.pk)
    return render(request, "challenges/invitees.html", _context(challenge, form), status=400)


@login_required
@require_POST
def invitee_remove(request: SignedInRequest, pk: int, invitee_pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    get_object_or_404(challenge.invitees, pk=invitee_pk).delete()
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("challenge_invitees", challenge.pk)


@login_required
@require_POST
def solver_invite(request: SignedInRequest, pk: int) -> HttpResponse:
    """Invite a suggested solver (an organisation or a consenting person) to the challenge; the
    invitation also tells the matching that the suggestion was relevant."""
    challenge = access.challenge_for_manage(request.user, pk)
    target = posted_next(request, reverse("challenge_detail", args=[challenge.pk]))
    candidate = request.POST.get("candidate", "")
    person, organisation = suggestions.invitee_for(candidate)
    if person is None and organisation is None:
        messages.error(request, _("This suggestion can no longer be invited."))
        return redirect(target)
    try:
        participation.invitee_add(
            actor=request.user,
            challenge=challenge,
            user=person.user if person else None,
            organisation=organisation,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(target)
    suggestions.feedback_record(
        user=request.user,
        subject=suggestions.subject_for_challenge(challenge),
        candidate=candidate,
        verdict=Verdict.ACCEPTED,
        reason=FeedbackReason.RELEVANT,
    )
    name = person.shown_name if person else organisation.name  # type: ignore[union-attr]
    messages.success(request, _("%(name)s is invited.") % {"name": name})
    return redirect(target)
