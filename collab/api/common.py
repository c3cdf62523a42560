"""Shared pieces of the room API: the room of the URL, with the access rule of the view."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Manager, QuerySet
from django.http import Http404
from rest_framework import permissions
from rest_framework.views import APIView

from collab import access
from collab.models import Room, RoomMember


class RoomAccess(APIView):
    """Base of room views: `self.member` / `self.room` for the URL's room_pk, checked for the
    request's user."""

    permission_classes = [permissions.IsAuthenticated]

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        """After sign-in and permissions, and before anything reads the request's data: to
        whoever is not in the room it does not exist (404, never a 400 about their input)."""
        super().initial(request, *args, **kwargs)
        if "room_pk" in self.kwargs:
            self.member  # noqa: B018 — loads and checks the membership (cached for the view)

    @property
    def member(self) -> RoomMember:
        if not hasattr(self, "_member"):
            self._member = access.membership(self.request.user, self.kwargs["room_pk"])
        return self._member

    @property
    def room(self) -> Room:
        return self.member.room

    # The membership loaded once per request (see ``initial``), with the stricter rules.
    def room_for_writing(self) -> Room:
        return access.contributor(self.member).room

    def room_for_management(self) -> Room:
        return access.managed_room(self.member)


def object_in_room(queryset: QuerySet[Any] | Manager[Any], room: Room, pk: Any) -> Any:
    """An object of the room by primary key; Http404 for other rooms' objects."""
    try:
        return queryset.get(pk=int(pk), room=room)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
