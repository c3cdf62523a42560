from functools import partial

from django.conf import settings
from django.http import HttpRequest

from marketplace import access


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_URL": settings.SITE_URL,
        # Called by the template only where the link is drawn (one query there, none elsewhere).
        "sees_programme_dashboard": partial(access.may_see_programme_dashboard, request.user),
    }
