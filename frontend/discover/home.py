"""The home page: what Kruispunt offers to whom, and who is on it."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from frontend.people.onboarding import is_set_up
from frontend.sectors import SECTORS, organisations_in_sector
from marketplace import access

PER_SECTOR = 6


def home(request: HttpRequest) -> HttpResponse:
    organisations = access.organisations_visible_to(request.user).select_related("nuts")
    sectors = [
        {
            "key": key,
            "label": label,
            "organisations": list(
                organisations_in_sector(organisations, key).order_by("name")[:PER_SECTOR]
            ),
        }
        for key, label, _prefixes in SECTORS
    ]
    capabilities = (
        access.capabilities_visible_to(request.user)
        .select_related("owner_organisation", "owner_person__user")
        .order_by("-updated_at", "-id")[:6]
    )
    return render(
        request,
        "frontend/home.html",
        {
            "sectors": sectors,
            "latest_organisations": organisations.order_by("-created_at", "-id")[:6],
            "capabilities": capabilities,
            # Someone with a profile or an organisation is past onboarding: their next step is
            # what is suggested to them, not setting up again.
            "set_up": is_set_up(request.user),
        },
    )


FAVICON = Path(__file__).resolve().parents[1] / "static" / "frontend" / "favicon.ico"


@require_GET
@cache_control(max_age=86_400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says;
    answer with the site's icon (32×32), not a 404 in every log."""
    return HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
