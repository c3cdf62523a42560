"""Driving the real ASGI application's room socket from tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.test import Client
from rest_framework.authtoken.models import Token

from chat import realtime
from config.asgi import application

ORIGIN = b"http://testserver"


def session_cookie(user: Any) -> str:
    """Log the user in (sync) and return their session key."""
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def token_for(user: Any) -> str:
    return Token.objects.get_or_create(user=user)[0].key


class Sockets:
    """Opens communicators and closes them all at the end of a scenario."""

    def __init__(self) -> None:
        self.open: list[WebsocketCommunicator] = []

    async def connect(
        self,
        room_id: int,
        *,
        session: str | None = None,
        token: str | None = None,
        origin: bytes | None = ORIGIN,
    ) -> tuple[bool, WebsocketCommunicator]:
        headers = []
        if origin is not None:
            headers.append((b"origin", origin))
        if session is not None:
            headers.append((b"cookie", f"sessionid={session}".encode()))
        if token is not None:
            headers.append((b"authorization", f"Token {token}".encode()))
        communicator = WebsocketCommunicator(application, f"/ws/rooms/{room_id}/", headers)
        connected, _code = await communicator.connect(timeout=5)
        self.open.append(communicator)
        return connected, communicator

    async def member(self, room_id: int, session: str) -> WebsocketCommunicator:
        connected, communicator = await self.connect(room_id, session=session)
        assert connected
        return communicator

    async def close_all(self) -> None:
        for communicator in self.open:
            with contextlib.suppress(Exception):  # already closed by the server
                await communicator.disconnect(timeout=2)
        await realtime.hub().drain()


def scenario(fn: Callable[[Sockets], Awaitable[None]]) -> None:
    """Run an async scenario in a fresh event loop, closing every socket afterwards."""

    async def main() -> None:
        sockets = Sockets()
        try:
            await fn(sockets)
        finally:
            await sockets.close_all()

    async_to_sync(main)()


async def receive(communicator: WebsocketCommunicator, timeout: float = 3) -> dict[str, Any]:
    return json.loads(await communicator.receive_from(timeout=timeout))


async def receive_until(
    communicator: WebsocketCommunicator, event_type: str, timeout: float = 3
) -> dict[str, Any]:
    """Skip other events (presence, activity…) until one of `event_type` arrives."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        event = await receive(communicator, timeout=max(0.05, deadline - loop.time()))
        if event["type"] == event_type:
            return event


async def collect_until(
    communicator: WebsocketCommunicator, event_type: str, timeout: float = 5
) -> list[dict[str, Any]]:
    """Every event up to and including the first of `event_type`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    found = []
    while not found or found[-1]["type"] != event_type:
        found.append(await receive(communicator, timeout=max(0.05, deadline - loop.time())))
    return found


async def receive_types(
    communicator: WebsocketCommunicator, wanted: set[str], timeout: float = 5
) -> dict[str, dict[str, Any]]:
    """The first event of each wanted type, in whatever order they come (a sender may get
    its message.created before its message.ack)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    found: dict[str, dict[str, Any]] = {}
    while set(found) != wanted:
        event = await receive(communicator, timeout=max(0.05, deadline - loop.time()))
        if event["type"] in wanted and event["type"] not in found:
            found[event["type"]] = event
    return found


async def drain_events(communicator: WebsocketCommunicator, quiet: float = 0.3) -> list[dict]:
    """Everything that arrives until the socket has been quiet for `quiet` seconds."""
    found = []
    while not await communicator.receive_nothing(timeout=quiet):
        output = await communicator.receive_output()
        if output["type"] == "websocket.send":
            found.append(json.loads(output["text"]))
        else:
            found.append(output)
    return found


def send_frame(body: str, client_id: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "type": "message.send",
        "client_id": client_id or str(uuid.uuid4()),
        "body": body,
        **extra,
    }
