"""API: room history and sending over HTTP (same contract and ack as the websocket), edits,
deletions, search and read pointers."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from chat import events, messages, read_state
from chat.models import Message
from collab import access
from marketplace.rest.strict import StrictSerializer

HISTORY_LIMIT = 100
HISTORY_MAX = 500


class SendSerializer(StrictSerializer):
    client_id = serializers.UUIDField()
    body = serializers.CharField(max_length=messages.MAX_BODY_CHARS, trim_whitespace=True)
    thread = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class EditSerializer(StrictSerializer):
    body = serializers.CharField(max_length=messages.MAX_BODY_CHARS, trim_whitespace=True)


class ReadSerializer(StrictSerializer):
    seq = serializers.IntegerField(min_value=0)
    thread = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class HistoryQuery(serializers.Serializer):
    after_seq = serializers.IntegerField(min_value=0, required=False)
    before_seq = serializers.IntegerField(min_value=1, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=HISTORY_MAX, default=HISTORY_LIMIT)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "after_seq" in attrs and "before_seq" in attrs:
            raise serializers.ValidationError(_("Use after_seq or before_seq, not both."))
        return attrs


# What the answers look like, for the schema (the same shapes as chat/events.py).
_SENDER = inline_serializer(
    "MessageSender",
    {"id": serializers.IntegerField(), "name": serializers.CharField()},
    allow_null=True,
)
MESSAGE = inline_serializer(
    "Message",
    {
        "id": serializers.IntegerField(),
        "seq": serializers.IntegerField(),
        "room": serializers.IntegerField(),
        "thread": serializers.IntegerField(allow_null=True),
        "sender": _SENDER,
        "body": serializers.CharField(),
        "created_at": serializers.DateTimeField(),
        "edited_at": serializers.DateTimeField(allow_null=True),
        "deleted": serializers.BooleanField(),
        "mentions": serializers.ListField(child=serializers.IntegerField()),
    },
)
HISTORY = inline_serializer(
    "MessageHistory",
    {
        "results": MESSAGE.__class__(many=True),
        "has_more": serializers.BooleanField(),
        "last_seq": serializers.IntegerField(required=False),
    },
)
ACK = inline_serializer(
    "MessageAck",
    {
        "type": serializers.CharField(),
        "client_id": serializers.CharField(),
        "id": serializers.IntegerField(),
        "seq": serializers.IntegerField(),
    },
)
READ_POINTER = inline_serializer(
    "ReadPointer",
    {"thread": serializers.IntegerField(allow_null=True), "seq": serializers.IntegerField()},
)


class MessageList(APIView):
    """GET ?after_seq=N: messages after N in seq order (paged by `limit`; `has_more` says
    whether to ask again from the last seq). GET ?before_seq=N: the page before N, for
    scrolling back. POST: send."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = SendSerializer

    @extend_schema(parameters=[HistoryQuery], responses=HISTORY)
    def get(self, request: Request, room_pk: int) -> Response:
        query = HistoryQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        limit = query.validated_data["limit"]
        if "before_seq" in query.validated_data:
            page = messages.messages_before(
                user=request.user,
                room_id=room_pk,
                before_seq=query.validated_data["before_seq"],
                limit=limit,
            )
            return Response({"results": page, "has_more": len(page) == limit})
        page, complete_to = messages.messages_after(
            user=request.user,
            room_id=room_pk,
            after_seq=query.validated_data.get("after_seq", 0),
            limit=limit,
        )
        return Response({"results": page, "has_more": len(page) == limit, "last_seq": complete_to})

    @extend_schema(request=SendSerializer, responses={201: ACK, 200: ACK})
    def post(self, request: Request, room_pk: int) -> Response:
        access.membership(request.user, room_pk)  # outsiders get 404 before any validation
        serializer = SendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = messages.message_send(
            user=request.user,
            room_id=room_pk,
            client_id=str(serializer.validated_data["client_id"]),
            body=serializer.validated_data["body"],
            thread_id=serializer.validated_data.get("thread"),
        )
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(result.ack, status=code)


class MessageDetail(APIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = EditSerializer

    @extend_schema(request=EditSerializer, responses=MESSAGE)
    def patch(self, request: Request, room_pk: int, pk: int) -> Response:
        access.membership(request.user, room_pk)
        serializer = EditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            message = messages.message_edit(
                user=request.user,
                room_id=room_pk,
                message_id=pk,
                body=serializer.validated_data["body"],
            )
        except messages.MessageNotFound:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        return Response(events.message_data(message))

    @extend_schema(responses={204: None})
    def delete(self, request: Request, room_pk: int, pk: int) -> Response:
        try:
            messages.message_delete(user=request.user, room_id=room_pk, message_id=pk)
        except messages.MessageNotFound:
            return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MessageSearch(ListAPIView):
    """GET ?q=words: the room's messages matching, best first (paginated)."""

    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Message.objects.none()
        return messages.messages_search(
            user=self.request.user,
            room_id=self.kwargs["room_pk"],
            query=str(self.request.query_params.get("q", "")),
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None
        return self.get_paginated_response([events.message_data(m) for m in page])

    def get_serializer_class(self) -> Any:  # for the schema only
        return MESSAGE.__class__


class ReadPointers(APIView):
    """GET my read pointers in the room; PUT {"seq", "thread"?} to move one forward."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ReadSerializer

    @extend_schema(responses=READ_POINTER.__class__(many=True))
    def get(self, request: Request, room_pk: int) -> Response:
        pointers = read_state.read_pointers(user=request.user, room_id=room_pk)
        return Response([{"thread": p.thread_id, "seq": p.seq} for p in pointers])

    @extend_schema(request=ReadSerializer, responses=READ_POINTER)
    def put(self, request: Request, room_pk: int) -> Response:
        access.membership(request.user, room_pk)
        serializer = ReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pointer = read_state.read_mark(
            user=request.user,
            room_id=room_pk,
            seq=serializer.validated_data["seq"],
            thread_id=serializer.validated_data.get("thread"),
        )
        return Response({"thread": pointer.thread_id, "seq": pointer.seq})


__all__ = ["Message", "MessageDetail", "MessageList", "MessageSearch", "ReadPointers"]
