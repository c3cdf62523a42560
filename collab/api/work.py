"""API: milestones and deliverables, the task board."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from collab.api.common import RoomAccess, object_in_room
from collab.api.serializers import (
    CardCommentSerializer,
    CardMoveSerializer,
    CardSerializer,
    ColumnSerializer,
    DeliverableSerializer,
    MilestoneSerializer,
)
from collab.models import (
    BoardColumn,
    Card,
    CardComment,
    Deliverable,
    Milestone,
    Room,
    RoomFile,
)
from collab.services import board, milestones


def _milestones() -> QuerySet[Milestone]:
    return Milestone.objects.prefetch_related(
        Prefetch("deliverables", queryset=Deliverable.objects.order_by("due_date", "id"))
    )


class MilestoneList(RoomAccess, generics.ListCreateAPIView):
    serializer_class = MilestoneSerializer

    def get_queryset(self) -> QuerySet[Milestone]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Milestone.objects.none()
        return _milestones().filter(room=self.room)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = milestones.milestone_save(
            actor=self.request.user, room=self.room_for_writing(), **serializer.validated_data
        )


class MilestoneDetail(RoomAccess):
    serializer_class = MilestoneSerializer

    def get(self, request: Request, room_pk: int, pk: int) -> Response:
        return Response(MilestoneSerializer(object_in_room(_milestones(), self.room, pk)).data)

    def patch(self, request: Request, room_pk: int, pk: int) -> Response:
        room = self.room_for_writing()
        milestone = object_in_room(Milestone.objects, room, pk)
        serializer = MilestoneSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        milestones.milestone_save(
            actor=request.user, room=room, milestone=milestone, **serializer.validated_data
        )
        return Response(MilestoneSerializer(object_in_room(_milestones(), room, pk)).data)

    def delete(self, request: Request, room_pk: int, pk: int) -> Response:
        milestone = object_in_room(Milestone.objects, self.room_for_writing(), pk)
        milestones.milestone_delete(actor=request.user, milestone=milestone)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _deliverable_fields(room: Room, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("file") is not None:
        found = RoomFile.objects.filter(pk=data["file"], room=room).first()
        if found is None:
            raise ValidationError({"file": _("Choose a file of this room.")})
        data["file"] = found
    return data


class DeliverableCreate(RoomAccess):
    serializer_class = DeliverableSerializer

    @extend_schema(responses={201: DeliverableSerializer})
    def post(self, request: Request, room_pk: int, milestone_pk: int) -> Response:
        room = self.room_for_writing()
        milestone = object_in_room(Milestone.objects.select_related("room"), room, milestone_pk)
        serializer = DeliverableSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        deliverable = milestones.deliverable_save(
            actor=request.user,
            milestone=milestone,
            **_deliverable_fields(room, dict(serializer.validated_data)),
        )
        return Response(DeliverableSerializer(deliverable).data, status=status.HTTP_201_CREATED)


class DeliverableDetail(RoomAccess):
    serializer_class = DeliverableSerializer

    @staticmethod
    def _lookup(room: Room, pk: int) -> Deliverable:
        found = (
            Deliverable.objects.select_related("milestone__room")
            .filter(pk=pk, milestone__room=room)
            .first()
        )
        if found is None:
            raise Http404
        return found

    def patch(self, request: Request, room_pk: int, pk: int) -> Response:
        room = self.room_for_writing()
        deliverable = self._lookup(room, pk)
        serializer = DeliverableSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        deliverable = milestones.deliverable_save(
            actor=request.user,
            milestone=deliverable.milestone,
            deliverable=deliverable,
            **_deliverable_fields(room, dict(serializer.validated_data)),
        )
        return Response(DeliverableSerializer(deliverable).data)

    def delete(self, request: Request, room_pk: int, pk: int) -> Response:
        deliverable = self._lookup(self.room_for_writing(), pk)
        milestones.deliverable_delete(actor=request.user, deliverable=deliverable)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ColumnList(RoomAccess, generics.ListCreateAPIView):
    serializer_class = ColumnSerializer

    def get_queryset(self) -> QuerySet[BoardColumn]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return BoardColumn.objects.none()
        return BoardColumn.objects.filter(room=self.room)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = board.column_save(
            actor=self.request.user, room=self.room_for_writing(), **serializer.validated_data
        )


class ColumnDetail(RoomAccess):
    serializer_class = ColumnSerializer

    def patch(self, request: Request, room_pk: int, pk: int) -> Response:
        room = self.room_for_writing()
        column = object_in_room(BoardColumn.objects, room, pk)
        serializer = ColumnSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        column = board.column_save(
            actor=request.user,
            room=room,
            column=column,
            name=data.get("name", column.name),
            position=data.get("position"),
        )
        return Response(ColumnSerializer(column).data)

    def delete(self, request: Request, room_pk: int, pk: int) -> Response:
        column = object_in_room(BoardColumn.objects, self.room_for_writing(), pk)
        board.column_delete(actor=request.user, column=column)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _cards() -> QuerySet[Card]:
    return Card.objects.for_board()


def _card_fields(room: Room, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "column" in data:
        data["column"] = BoardColumn.objects.filter(room=room, pk=data["column"]).first()
        if data["column"] is None:
            raise ValidationError({"column": _("Choose a column of this board.")})
    if "assignees" in data:
        ids = set(data["assignees"])
        users = list(get_user_model().objects.filter(pk__in=ids))
        if len(users) != len(ids):
            raise ValidationError({"assignees": _("Assign members of this room only.")})
        data["assignees"] = users
    return data


class CardList(RoomAccess, generics.ListCreateAPIView):
    serializer_class = CardSerializer

    def get_queryset(self) -> QuerySet[Card]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Card.objects.none()
        return _cards().filter(room=self.room).order_by("column__position", "position", "id")

    def perform_create(self, serializer: Any) -> None:
        room = self.room_for_writing()
        serializer.instance = board.card_create(
            actor=self.request.user, room=room, **_card_fields(room, serializer.validated_data)
        )


class CardDetail(RoomAccess):
    serializer_class = CardSerializer

    def get(self, request: Request, room_pk: int, pk: int) -> Response:
        return Response(CardSerializer(object_in_room(_cards(), self.room, pk)).data)

    def patch(self, request: Request, room_pk: int, pk: int) -> Response:
        room = self.room_for_writing()
        card = object_in_room(Card.objects, room, pk)
        serializer = CardSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = _card_fields(room, serializer.validated_data)
        column = fields.pop("column", None)
        card = board.card_update(actor=request.user, card=card, **fields)
        if column is not None and column.pk != card.column_id:
            card = board.card_move(actor=request.user, card=card, column=column, position=10**6)
        return Response(CardSerializer(object_in_room(_cards(), room, pk)).data)

    def delete(self, request: Request, room_pk: int, pk: int) -> Response:
        card = object_in_room(Card.objects, self.room_for_writing(), pk)
        board.card_delete(actor=request.user, card=card)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CardMove(RoomAccess):
    serializer_class = CardMoveSerializer

    def post(self, request: Request, room_pk: int, pk: int) -> Response:
        room = self.room_for_writing()
        card = object_in_room(Card.objects, room, pk)
        serializer = CardMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        column = _card_fields(room, {"column": serializer.validated_data["column"]})["column"]
        board.card_move(
            actor=request.user,
            card=card,
            column=column,
            position=serializer.validated_data["position"],
        )
        return Response(CardSerializer(object_in_room(_cards(), room, pk)).data)


class CardCommentList(RoomAccess, generics.ListCreateAPIView):
    """The comments on a card, oldest first; members and owners add one (the room-write rule)."""

    serializer_class = CardCommentSerializer

    def get_queryset(self) -> QuerySet[CardComment]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return CardComment.objects.none()
        card = object_in_room(Card.objects, self.room, self.kwargs["pk"])
        return card.comments.select_related("author")

    def perform_create(self, serializer: Any) -> None:
        card = object_in_room(Card.objects, self.room_for_writing(), self.kwargs["pk"])
        serializer.instance = board.card_comment_add(
            actor=self.request.user, card=card, body=serializer.validated_data["body"]
        )
