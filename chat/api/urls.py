"""Chat API routes (included under /api/v1/)."""

from django.urls import URLPattern, path

from chat.api import messages

urlpatterns: list[URLPattern] = [
    path("rooms/<int:room_pk>/messages/", messages.MessageList.as_view(), name="room-messages"),
    path(
        "rooms/<int:room_pk>/messages/search/",
        messages.MessageSearch.as_view(),
        name="room-message-search",
    ),
    path(
        "rooms/<int:room_pk>/messages/<int:pk>/",
        messages.MessageDetail.as_view(),
        name="room-message",
    ),
    path("rooms/<int:room_pk>/read/", messages.ReadPointers.as_view(), name="room-read"),
]
