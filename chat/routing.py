"""Websocket routes."""

from django.urls import path

from chat.consumers import RoomSocket

websocket_urlpatterns = [
    path("ws/rooms/<int:room_id>/", RoomSocket.as_asgi()),  # type: ignore[arg-type]
]
