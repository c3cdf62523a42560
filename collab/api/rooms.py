"""API: rooms, members, invitations, threads and the activity feed."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from collab import access
from collab.api.common import RoomAccess, object_in_room
from collab.api.serializers import (
    ActivitySerializer,
    MemberSerializer,
    RoomInvitationSerializer,
    RoomSerializer,
    ThreadSerializer,
)
from collab.models import Activity, Room, RoomMember, Thread
from collab.payloads import member_data
from collab.services import rooms as services
from collab.services.threads import thread_create, thread_set_resolved


class RoomList(generics.ListCreateAPIView):
    """My rooms; create a room by hand (I become its owner)."""

    serializer_class = RoomSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> QuerySet[Room]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Room.objects.none()
        user: Any = self.request.user
        role = RoomMember.objects.filter(room=OuterRef("pk"), user=user).values("role")
        return access.rooms_visible_to(self.request.user).annotate(my_role=Subquery(role[:1]))

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.room_create(
            created_by=self.request.user, **serializer.validated_data
        )
        serializer.instance.my_role = "owner"


class RoomDetail(RoomAccess):
    serializer_class = RoomSerializer

    def get(self, request: Request, room_pk: int) -> Response:
        room = self.room
        room.my_role = self.member.role  # type: ignore[attr-defined]
        return Response(RoomSerializer(room).data)

    def patch(self, request: Request, room_pk: int) -> Response:
        room = self.room_for_management()
        serializer = RoomSerializer(room, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        room = services.room_update(actor=request.user, room=room, **serializer.validated_data)
        return Response(RoomSerializer(room).data)


class MemberList(RoomAccess, generics.ListAPIView):
    serializer_class = MemberSerializer

    def get_queryset(self) -> QuerySet[RoomMember]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return RoomMember.objects.none()
        return RoomMember.objects.filter(room=self.room).select_related("user").order_by("id")


class MemberDetail(RoomAccess):
    """Change a member's role (owners) or remove a member (owners; anyone may leave)."""

    serializer_class = MemberSerializer

    def _target(self, user_pk: int) -> RoomMember:
        member = (
            RoomMember.objects.select_related("user", "room")
            .filter(room=self.room, user_id=user_pk)
            .first()
        )
        if member is None:
            raise Http404
        return member

    def patch(self, request: Request, room_pk: int, user_pk: int) -> Response:
        self.room_for_management()
        member = self._target(user_pk)
        serializer = MemberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = services.member_set_role(
            actor=request.user, member=member, role=serializer.validated_data["role"]
        )
        return Response(member_data(member))

    def delete(self, request: Request, room_pk: int, user_pk: int) -> Response:
        if user_pk != request.user.pk:
            self.room_for_management()
        services.member_remove(actor=request.user, member=self._target(user_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationCreate(RoomAccess):
    serializer_class = RoomInvitationSerializer
    rate_limited = {"post": "invitation"}  # marketplace/ratelimits.py

    def post(self, request: Request, room_pk: int) -> Response:
        room = self.room_for_management()
        serializer = RoomInvitationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = services.invitation_create(
            actor=request.user, room=room, **serializer.validated_data
        )
        return Response(
            {
                "email": invitation.email,
                "role": invitation.role,
                "expires_at": invitation.expires_at,
            },
            status=status.HTTP_201_CREATED,
        )


class InvitationAccept(APIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = MemberSerializer
    rate_limited = {"post": "invitation"}

    def post(self, request: Request, token: str) -> Response:
        member = services.invitation_accept(user=request.user, token=token)
        return Response(
            {"room": member.room_id, **member_data(member)}, status=status.HTTP_201_CREATED
        )


class ThreadList(RoomAccess, generics.ListCreateAPIView):
    serializer_class = ThreadSerializer

    def get_queryset(self) -> QuerySet[Thread]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Thread.objects.none()
        return Thread.objects.filter(room=self.room).select_related("created_by", "resolved_by")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = thread_create(
            actor=self.request.user,
            room=self.room_for_writing(),
            title=serializer.validated_data["title"],
        )


class ThreadDetail(RoomAccess):
    serializer_class = ThreadSerializer

    def get(self, request: Request, room_pk: int, pk: int) -> Response:
        return Response(ThreadSerializer(object_in_room(Thread.objects, self.room, pk)).data)

    def patch(self, request: Request, room_pk: int, pk: int) -> Response:
        room = self.room_for_writing()
        thread = object_in_room(Thread.objects, room, pk)
        serializer = ThreadSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "resolved" in serializer.validated_data:
            thread = thread_set_resolved(
                actor=request.user, thread=thread, resolved=serializer.validated_data["resolved"]
            )
        return Response(ThreadSerializer(thread).data)


class ActivityList(RoomAccess, generics.ListAPIView):
    serializer_class = ActivitySerializer

    def get_queryset(self) -> QuerySet[Activity]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Activity.objects.none()
        return Activity.objects.filter(room=self.room).select_related("actor")
