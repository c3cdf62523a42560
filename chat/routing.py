"""Websocket routes. Project-room chat is added by the real-time issue."""

from django.urls import URLPattern

websocket_urlpatterns: list[URLPattern] = []
