"""Person pages: a profile as its owner lets others see it, editing my profile, and my
privacy page (data export and account deletion)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from frontend.http import SignedInRequest
from frontend.people.forms import AccountDeleteForm, ProfileForm
from marketplace import access
from marketplace.models import Capability, Membership, PersonProfile
from marketplace.models.people import VISIBLE_FIELDS
from marketplace.services.privacy import account_erase, person_export


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = access.person_for_view(request.user, pk)
    profile = (
        PersonProfile.objects.select_related("user", "discipline", "institution")
        .prefetch_related("skills")
        .get(pk=profile.pk)
    )
    visible = {field: profile.field_visible_to(field, request.user) for field in VISIBLE_FIELDS}
    capabilities = access.capabilities_visible_to(request.user).filter(owner_person=profile)
    return render(
        request,
        "frontend/people/detail.html",
        {
            "profile": profile,
            "visible": visible,
            "is_self": request.user.is_authenticated and request.user.pk == profile.user_id,
            "capabilities": capabilities,
        },
    )


@login_required
def profile_edit(request: SignedInRequest) -> HttpResponse:
    profile = PersonProfile.objects.filter(user=request.user).first() or PersonProfile(
        user=request.user
    )
    form = ProfileForm(
        request.POST if request.method == "POST" else None, instance=profile, user=request.user
    )
    if form.is_bound and form.is_valid():
        profile = form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("profile_edit")
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    capabilities = (
        Capability.objects.filter(owner_person=profile) if profile.pk else Capability.objects.none()
    )
    return render(
        request,
        "frontend/people/edit.html",
        {
            "form": form,
            "profile": profile,
            "memberships": memberships,
            "capabilities": capabilities,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def privacy(request: SignedInRequest) -> HttpResponse:
    return _privacy_page(request, AccountDeleteForm(user=request.user))


def _privacy_page(
    request: SignedInRequest, form: AccountDeleteForm, status: int = 200
) -> HttpResponse:
    return render(request, "frontend/people/privacy.html", {"form": form}, status=status)


@login_required
@require_GET
def my_data_export(request: SignedInRequest) -> HttpResponse:
    response = JsonResponse(
        person_export(user=request.user), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="kruispunt-my-data.json"'
    return response


@login_required
@require_POST
def account_delete(request: SignedInRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            account_erase(user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            logout(request)
            messages.success(request, _("Your account and your profile are deleted."))
            return redirect("home")
    return _privacy_page(request, form, status=400)
