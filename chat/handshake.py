"""Who is on the other end of a room socket.

Browsers authenticate with the session cookie, and their Origin must be one of our hosts (a
page elsewhere cannot ride on the cookie). Other clients send `Authorization: Token <key>`;
browsers cannot set that header on a websocket, so no cookie is involved — but an Origin, if
sent, is still checked.
"""

from __future__ import annotations

from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.security.websocket import AllowedHostsOriginValidator
from django.contrib.auth.models import AnonymousUser
from rest_framework.authtoken.models import Token


def _header(scope: dict[str, Any], name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return None


@database_sync_to_async
def _token_user(key: str) -> Any:
    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return AnonymousUser()
    return token.user


class TokenAuthApp:
    """Sets scope["user"] (and scope["auth_token"]) from `Authorization: Token <key>`."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        raw = _header(scope, b"authorization") or b""
        scheme, _, key = raw.decode("latin-1").partition(" ")
        key = key.strip()
        user: Any = AnonymousUser()
        if scheme.lower() == "token" and key and len(key) <= 64:
            user = await _token_user(key)
        scope = dict(scope, user=user, auth_token=key if user.is_authenticated else None)
        return await self.inner(scope, receive, send)


class RoomSocketAuth:
    """The websocket stack of config/asgi.py: token clients or browser sessions."""

    def __init__(self, inner: Any) -> None:
        token_app = TokenAuthApp(inner)
        self.token_without_origin = token_app
        self.token_with_origin = AllowedHostsOriginValidator(token_app)
        self.browser = AllowedHostsOriginValidator(AuthMiddlewareStack(inner))

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if _header(scope, b"authorization") is None:
            return await self.browser(scope, receive, send)
        if _header(scope, b"origin") is None:
            return await self.token_without_origin(scope, receive, send)
        return await self.token_with_origin(scope, receive, send)
