"""The Site record allauth's e-mails are branded with ("[Kruispunt] Please confirm…").

django.contrib.sites creates it as "example.com"; after every migrate it is set from the
settings: SITE_NAME (default "Kruispunt") and the host of SITE_URL. Setting it on each migrate
(not once in a data migration) keeps it right when an installation changes its address.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS


def site_sync(*, using: str = DEFAULT_DB_ALIAS, **_kwargs: Any) -> None:
    """post_migrate receiver: the configured Site gets our name and domain."""
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"name": settings.SITE_NAME, "domain": domain[:100]}
    )
    Site.objects.clear_cache()
