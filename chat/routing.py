"""Websocket routes."""

from typing import Any

from django.urls import path, re_path

from chat import events
from chat.consumers import RoomSocket


async def refuse(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """No route matches the path (`ws/rooms/abc/`, a typo): refuse the handshake as for a room
    one may not enter (an HTTP 403 before the socket opens), instead of letting the router
    raise in the middle of it."""
    message = await receive()
    if message["type"] == "websocket.connect":
        await send({"type": "websocket.close", "code": events.CLOSE_REFUSED})


websocket_urlpatterns = [
    path("ws/rooms/<int:room_id>/", RoomSocket.as_asgi()),  # type: ignore[arg-type]
    re_path(r"", refuse),  # type: ignore[arg-type]
]
