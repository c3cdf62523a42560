"""Abuse limits for the API and the pages that create things: per account and per client
address, counted in the project's cache (Redis when REDIS_URL is set, so every process shares
the counts) by DRF's throttling.

A view opts in by naming, per action (viewsets) or HTTP method (other views), the limit that
applies: `rate_limited = {"create": "proposal"}`. Each named limit has two rates in
`settings.RATE_LIMITS`: `<name>-ip` per client address and `<name>-account` per signed-in
account (for the token endpoint: per e-mail address asked for). Over either, the answer is a
429 with Retry-After and DRF's translated message; pages show frontend's 429 page.

The client address is REMOTE_ADDR unless `TRUSTED_PROXY_COUNT` proxies of ours stand in front:
then it is the address the outermost of them saw, read from X-Forwarded-For counting from the
right; what a client writes in that header itself is never believed. Sign-in, sign-up and
password reset pages are limited by allauth (`ACCOUNT_RATE_LIMITS`), which counts the same way
(`ALLAUTH_TRUSTED_PROXY_COUNT`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


def client_ip(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address
    the outermost one received the request from."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def limit_name(view: Any, request: Any) -> str | None:
    """The limit `view` declares for this request, if any."""
    scopes = getattr(view, "rate_limited", {})
    return scopes.get(getattr(view, "action", None) or request.method.lower())


class _Limit(SimpleRateThrottle):
    per = ""

    def __init__(self) -> None:  # the rate depends on the view: set in allow_request
        pass

    def allow_request(self, request: Any, view: Any) -> bool:
        name = limit_name(view, request)
        if name is None:
            return True
        self.scope = f"{name}-{self.per}"
        self.rate = settings.RATE_LIMITS[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def identity(self, request: Any) -> str | None:
        raise NotImplementedError

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        identity = self.identity(request)
        if identity is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": identity}


class PerAddress(_Limit):
    per = "ip"

    def identity(self, request: Any) -> str | None:
        return client_ip(request)


class PerAccount(_Limit):
    per = "account"

    def identity(self, request: Any) -> str | None:
        user = getattr(request, "user", None)
        return str(user.pk) if user is not None and user.is_authenticated else None


class PerEmailAsked(_Limit):
    """Per account for the token endpoint, where nobody is signed in yet: the e-mail address
    whose password is being tried."""

    per = "account"

    def identity(self, request: Any) -> str | None:
        data: Any = getattr(request, "data", {})
        email = data.get("email") if isinstance(data, Mapping) else None
        return str(email).strip().lower()[:254] if email else None
