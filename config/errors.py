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
from django.views.defaults import server_error as django_server_error

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


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: a 503 when the database is unavailable, Django's 500 page otherwise."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable(request)
    return django_server_error(request, template_name)
