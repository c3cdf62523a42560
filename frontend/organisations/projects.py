"""Past projects (track record) as pages: what a suggestion's reasons point at, so that a
reader can check them. Track records are public, as on the organisations' profiles."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from marketplace import access
from marketplace.models import Collaboration


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        project = Collaboration.objects.get(pk=pk)
    except Collaboration.DoesNotExist:
        raise Http404 from None
    visible = access.organisations_visible_to(request.user)
    participations = (
        project.participations.filter(organisation__in=visible)
        .select_related("organisation", "organisation__nuts")
        .order_by("role", "organisation__name")
    )
    return render(
        request,
        "frontend/projects/detail.html",
        {"project": project, "participations": participations},
    )
