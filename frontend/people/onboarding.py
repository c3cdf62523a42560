"""After sign-up: who are you? An organisation (SME, company, institution) or a person
(student, or worker / researcher / professional)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from frontend.fields import add_service_error
from frontend.http import SignedInRequest
from frontend.organisations.forms import OrganisationForm
from frontend.organisations.views import organisation_create_from_form
from frontend.people.forms import ProfessionalOnboardingForm, StudentOnboardingForm
from marketplace.models import PersonProfile

ROLES = ("organisation", "student", "professional")


def is_set_up(user: Any) -> bool:
    """Past onboarding: a signed-in person with a profile or an organisation."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (PersonProfile.objects.filter(user=user).exists() or user.memberships.exists())
    )


@login_required
def onboarding(request: SignedInRequest) -> HttpResponse:
    role = request.POST.get("role") or request.GET.get("role")
    if role not in ROLES:
        if request.method == "GET" and is_set_up(request.user) and "start" not in request.GET:
            # Sign-in lands here (LOGIN_REDIRECT_URL); people already set up go on to the site.
            return redirect("home")
        return render(request, "frontend/onboarding/choose.html", {"roles": ROLES})
    data = request.POST if request.method == "POST" else None
    form: forms.ModelForm
    if role == "organisation":
        form = OrganisationForm(data)
        if form.is_bound and form.is_valid():
            try:
                organisation = organisation_create_from_form(request, form)
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                return redirect("organisation_members", pk=organisation.pk)
    else:
        form_class = StudentOnboardingForm if role == "student" else ProfessionalOnboardingForm
        profile = PersonProfile.objects.filter(user=request.user).first()
        form = form_class(
            data, instance=profile or PersonProfile(user=request.user), user=request.user
        )
        if form.is_bound and form.is_valid():
            profile = form.save()
            messages.success(
                request,
                _("Welcome to Kruispunt. Complete your profile so others can find you."),
            )
            return redirect("profile_edit")
    return render(
        request,
        "frontend/onboarding/form.html",
        {"form": form, "role": role},
        status=400 if form.is_bound else 200,
    )
