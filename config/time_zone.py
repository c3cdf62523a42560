"""The reader's time zone for the whole request.

Every time a page shows is in the signed-in person's zone (their profile setting), for
visitors in settings.TIME_ZONE (Europe/Brussels). Templates format times with Django's
localized formats in this zone; the chat client gets the same zone in a data attribute, so a
message looks the same after a reload as when it arrived live.

The zone is set with timezone.override, so it never outlives the request.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone


def zone_of(user: Any) -> zoneinfo.ZoneInfo:
    """The zone a user reads times in: theirs when signed in and valid, else the default."""
    name = getattr(user, "time_zone", "") if getattr(user, "is_authenticated", False) else ""
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class TimeZoneMiddleware:
    """Activates the reader's zone; after AuthenticationMiddleware (it reads request.user)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.async_mode = iscoroutinefunction(get_response)
        if self.async_mode:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponseBase | Awaitable[HttpResponseBase]:
        if self.async_mode:
            return self.__acall__(request)
        with timezone.override(zone_of(request.user)):
            response: HttpResponseBase = self.get_response(request)
            return response

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        user = await request.auser()  # type: ignore[attr-defined]
        with timezone.override(zone_of(user)):
            response: HttpResponseBase = await self.get_response(request)
            return response
