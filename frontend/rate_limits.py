"""Abuse limits on pages: the pages that create things count against the same limits as the
API (marketplace/ratelimits.py), and every page over a limit — these, and allauth's sign-in,
sign-up and password reset pages — gets one friendly 429 page in the reader's language, with
Retry-After."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from types import SimpleNamespace
from typing import Any

from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from marketplace.ratelimits import PerAccount, PerAddress


def _longest_account_period() -> int:
    """allauth does not say which of its limits refused, nor when it lifts: the longest
    period of its limits is a wait that is always long enough."""
    periods = [
        rate.duration
        for rates in settings.ACCOUNT_RATE_LIMITS.values()
        for rate in parse_rates(rates)
    ]
    return math.ceil(max(periods, default=60))


def too_many_requests(request: HttpRequest, wait: float | None = None) -> HttpResponse:
    """The 429 page (also allauth's, through config.urls.handler429)."""
    seconds = max(1, math.ceil(wait if wait is not None else _longest_account_period()))
    response = render(request, "429.html", {"minutes": math.ceil(seconds / 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def rate_limited(name: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """POSTs to the decorated page count against limit `name` (per address and per account)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                declares = SimpleNamespace(rate_limited={"post": name})
                for limit in (PerAddress(), PerAccount()):
                    if not limit.allow_request(request, declares):
                        return too_many_requests(request, limit.wait())
            return view(request, *args, **kwargs)

        return limited

    return decorate
