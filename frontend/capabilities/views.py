"""Capability pages: what organisations and people offer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F, OrderBy, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from frontend.capabilities.forms import OWNER_SELF, CapabilityFilterForm, CapabilityForm
from frontend.http import SignedInRequest
from frontend.pagination import paginate
from frontend.sectors import capabilities_in_sector
from marketplace import access
from marketplace.models import Capability, PersonProfile
from marketplace.models.search import is_searched


@require_GET
def capability_list(request: HttpRequest) -> HttpResponse:
    form = CapabilityFilterForm(request.GET)
    form.is_valid()  # invalid filters are ignored; the form shows why
    filters = form.cleaned_data
    visible = access.capabilities_visible_to(request.user)
    order: list[str | OrderBy] = ["-updated_at", "-id"]
    if query := filters.get("q"):
        visible = visible.search(query)
        if is_searched(visible):  # a query of punctuation alone searches nothing
            order.insert(0, F("rank").desc())  # the best matches first
    capabilities: QuerySet[Capability] = (
        visible.select_related("owner_organisation", "owner_person__user", "nuts")
        .prefetch_related("technologies")
        .order_by(*order)
    )
    if technology := filters.get("technology"):
        links = Capability.technologies.through.objects.filter(technology_id=technology)
        capabilities = capabilities.filter(pk__in=links.values("capability_id"))
    if sector := filters.get("sector"):
        capabilities = capabilities_in_sector(capabilities, sector)
    if region := filters.get("region"):
        capabilities = capabilities.filter(nuts__code__startswith=region)
    if (trl := filters.get("trl")) is not None:
        capabilities = capabilities.filter(trl_min__lte=trl, trl_max__gte=trl)
    return render(
        request,
        "frontend/capabilities/list.html",
        {"form": form, "page": paginate(request, capabilities)},
    )


def capability_detail(request: HttpRequest, pk: int) -> HttpResponse:
    capability = access.capability_for_view(request.user, pk)
    capability = (
        Capability.objects.select_related("owner_organisation", "owner_person__user", "nuts")
        .prefetch_related("technologies", "skills", "sectors")
        .get(pk=capability.pk)
    )
    return render(
        request,
        "frontend/capabilities/detail.html",
        {
            "capability": capability,
            "can_change": access.can_change_capability(request.user, capability),
        },
    )


@login_required
def capability_create(request: SignedInRequest) -> HttpResponse:
    if request.method != "POST":
        organisation = request.GET.get("organisation", "")
        form = CapabilityForm(user=request.user, initial={"owner": organisation or OWNER_SELF})
        return render(request, "frontend/capabilities/form.html", {"form": form})
    with transaction.atomic():
        # Offering something yourself needs a person profile; it is created here and rolled
        # back with everything else when the form turns out invalid.
        person = None
        if request.POST.get("owner") == OWNER_SELF:
            person, _created = PersonProfile.objects.get_or_create(user=request.user)
        form = CapabilityForm(request.POST, user=request.user, person=person)
        if form.is_valid():
            capability = form.save()
        else:
            transaction.set_rollback(True)
            capability = None
    if capability is None:
        return render(request, "frontend/capabilities/form.html", {"form": form}, status=400)
    messages.success(request, _("Your capability is published."))
    return redirect(capability)


@login_required
def capability_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    capability = access.capability_for_change(request.user, pk)
    form = CapabilityForm(
        request.POST if request.method == "POST" else None, instance=capability, user=request.user
    )
    if form.is_bound and form.is_valid():
        form.save()
        messages.success(request, _("The capability is saved."))
        return redirect(capability)
    return render(
        request,
        "frontend/capabilities/form.html",
        {"form": form, "capability": capability},
        status=400 if form.is_bound else 200,
    )


@login_required
def capability_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    capability = access.capability_for_change(request.user, pk)
    if request.method == "POST":
        capability.delete()
        messages.success(
            request, _("The capability “%(title)s” is deleted.") % {"title": capability.title}
        )
        return redirect("capability_list")
    return render(request, "frontend/capabilities/delete.html", {"capability": capability})
