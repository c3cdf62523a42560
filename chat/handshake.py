"""Who is on the other end of a room socket.

Browsers authenticate with the session cookie, and their Origin must be one of our hosts (a
page elsewhere cannot ride on the cookie). Other clients send `Authorization: Token <key>`;
browsers cannot set that header on a websocket, so no cookie is involved — but an Origin, if
sent, is still checked.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
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


def send_backlog(send: Any) -> Callable[[], int] | None:
    """How many bytes the server holds for this connection that the client has not read yet,
    as a function, or None when the server is not Daphne (the tests' in-process
    communicator). Daphne hands every application `partial(server.handle_reply, protocol)`;
    the protocol's Twisted transport buffers what the network has not taken."""
    protocol = send.args[0] if isinstance(send, partial) and send.args else None
    transport = getattr(protocol, "transport", None)
    if transport is None or not hasattr(transport, "dataBuffer"):
        return None

    def backlog() -> int:
        return (
            len(transport.dataBuffer)
            - int(getattr(transport, "offset", 0))
            + int(getattr(transport, "_tempDataLen", 0))
        )

    return backlog


class RoomSocketAuth:
    """The websocket stack of config/asgi.py: token clients or browser sessions. Also puts
    the server's `send_backlog` in the scope (the middlewares below wrap `send`)."""

    def __init__(self, inner: Any) -> None:
        token_app = TokenAuthApp(inner)
        self.token_without_origin = token_app
        self.token_with_origin = AllowedHostsOriginValidator(token_app)
        self.browser = AllowedHostsOriginValidator(AuthMiddlewareStack(inner))

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        scope = dict(scope, send_backlog=send_backlog(send))
        if _header(scope, b"authorization") is None:
            return await self.browser(scope, receive, send)
        if _header(scope, b"origin") is None:
            return await self.token_without_origin(scope, receive, send)
        return await self.token_with_origin(scope, receive, send)
