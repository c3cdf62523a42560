"""Page URLs (inside i18n_patterns: Dutch without a prefix, /en/… and /fr/… for the others).
Each feature package lists its own pages in its `urls.py`; this module only gathers them."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("frontend.discover.urls")),
    path("", include("frontend.organisations.urls")),
    path("", include("frontend.people.urls")),
    path("", include("frontend.capabilities.urls")),
    path("", include("frontend.challenges.urls")),
    path("", include("frontend.rooms.urls")),
    path("", include("frontend.teams.urls")),
    path("", include("frontend.payments.urls")),
    path("", include("frontend.dashboards.urls")),
]
