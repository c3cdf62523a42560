"""What a request gets when the server cannot answer it.

A database that is restarting, failing over or out of connections is not a bug in the
request: the same request will work in a few seconds. Such a request gets 503 with
`Retry-After` and a sentence in the visitor's language, JSON under /api/ (DRF's usual
`{"detail": …}`) and a page elsewhere, instead of the generic 500. Django hands every
exception that no view or middleware handled to `handler500` (config/urls.py), wherever it
was raised: in a view, a DRF view (DRF re-raises what it does not know), or a middleware that
loads the session. Nothing here touches the database.

Once the database answers again, the next request works without restarting the process:
CONN_HEALTH_CHECKS (config/settings.py) replaces a persistent connection that died with the
server before it is used.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found as django_page_not_found
from django.views.defaults import server_error as django_server_error
from rest_framework.exceptions import NotFound

RETRY_AFTER_SECONDS = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON for the API, a small page (no database needed) elsewhere."""
    message = _("Kruispunt cannot reach its database for a moment. Try again in a few seconds.")
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "database_unavailable"}, status=503)
    else:
        response = HttpResponse(
            render_to_string("503.html", {"message": message}),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a 503 when the database is unavailable; otherwise a 500, as JSON under
    /api/ (an API client reads ``detail``, not a page) and Django's page elsewhere."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable(request)
    if _api(request):
        message = _("Kruispunt could not answer this request because of an error on our side.")
        return JsonResponse({"detail": message, "code": "server_error"}, status=500)
    return django_server_error(request, template_name)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: under /api/ a path that names nothing (``/api/v1/organisations/abc/``)
    answers as the API's own 404s do (DRF's ``{"detail": "Not found."}``, in the reader's
    language), not with the site's page; elsewhere the site's 404 page."""
    if _api(request):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return django_page_not_found(request, exception)
