"""Organisation pages: list with filters, profile, create, edit and the owners' data export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontend.fields import add_service_error
from frontend.http import SignedInRequest
from frontend.organisations.forms import OrganisationFilterForm, OrganisationForm
from frontend.pagination import paginate
from frontend.sectors import organisations_in_sector
from marketplace import access
from marketplace.models import Membership, Organisation, Participation
from marketplace.services import organisations as services
from marketplace.services.privacy import organisation_export


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET)
    form.is_valid()  # invalid filters are ignored; the form shows why
    filters = form.cleaned_data
    organisations = (
        access.organisations_visible_to(request.user)
        .select_related("nuts")
        .prefetch_related("nace")
        .order_by("name", "id")
    )
    if query := filters.get("q"):
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(description__icontains=query)
        )
    if kind := filters.get("kind"):
        organisations = organisations.filter(kind=kind)
    if sector := filters.get("sector"):
        organisations = organisations_in_sector(organisations, sector)
    if region := filters.get("region"):
        organisations = organisations.filter(nuts__code__startswith=region)
    if size := filters.get("size"):
        organisations = organisations.filter(size_class=size)
    return render(
        request,
        "frontend/organisations/list.html",
        {"form": form, "page": paginate(request, organisations)},
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_view(request.user, pk)
    role = access.organisation_role(request.user, organisation)
    is_member = bool(role) or request.user.is_staff
    capabilities = organisation.capabilities.prefetch_related("technologies").order_by(
        "-updated_at", "-id"
    )
    track_record = (
        Participation.objects.filter(organisation=organisation)
        .select_related("collaboration")
        .order_by("-collaboration__start", "collaboration__ref")[:50]
    )
    members = (
        organisation.memberships.select_related("user").order_by("created_at", "id")
        if is_member
        else Membership.objects.none()
    )
    nace = list(organisation.nace.all())
    return render(
        request,
        "frontend/organisations/detail.html",
        {
            "organisation": organisation,
            "role": role,
            "is_member": is_member,
            "can_change": access.can_change_organisation(request.user, organisation),
            "is_owner": role == "owner",
            "capabilities": capabilities,
            "track_record": track_record,
            "members": members,
            "nace": nace,
        },
    )


@login_required
def organisation_create(request: SignedInRequest) -> HttpResponse:
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            organisation = organisation_create_from_form(request, form)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            return redirect(organisation)
    return render(
        request,
        "frontend/organisations/form.html",
        {"form": form, "creating": True},
        status=400 if form.is_bound else 200,
    )


def organisation_create_from_form(request: SignedInRequest, form: OrganisationForm) -> Organisation:
    fields = form.service_fields()
    organisation = services.organisation_create(
        user=request.user, name=fields.pop("name"), **fields
    )
    # Links in a message: format_html escapes the name and the labels, and the message
    # storage keeps the result marked safe until the next page shows it.
    messages.success(
        request,
        format_html(
            '{} <a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            _("%(name)s is on Kruispunt and you are its owner. Next steps:")
            % {"name": organisation.name},
            reverse("challenge_new") + f"?organisation={organisation.pk}",
            _("Post a challenge"),
            reverse("capability_create") + f"?organisation={organisation.pk}",
            _("Add capabilities"),
            reverse("organisation_members", args=[organisation.pk]),
            _("Invite colleagues"),
        ),
    )
    return organisation


@login_required
def organisation_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_change(request.user, pk)
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, instance=organisation
    )
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("The organisation profile is saved."))
        return redirect(organisation)
    return render(
        request,
        "frontend/organisations/form.html",
        {"form": form, "organisation": organisation, "creating": False},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def organisation_data_export(request: SignedInRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_for_owner(request.user, pk)
    response = JsonResponse(
        organisation_export(organisation=organisation),
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    response["Content-Disposition"] = (
        f'attachment; filename="kruispunt-organisation-{organisation.pk}.json"'
    )
    return response
