"""Input of the room API (output: collab.payloads, the same shapes as real-time events)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from collab.models import HistoryVisibility, MemberRole, WorkStatus
from collab.payloads import (
    activity_data,
    card_comment_data,
    card_data,
    column_data,
    deliverable_data,
    file_data,
    member_data,
    milestone_data,
    room_data,
    thread_data,
)
from marketplace.rest.strict import StrictSerializer


class PayloadSerializer(StrictSerializer):
    """Reads as the payload function says; writes through its declared fields."""

    payload: Any = None

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return type(self).payload(instance)


class RoomSerializer(PayloadSerializer):
    payload = staticmethod(room_data)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5_000, required=False, allow_blank=True)
    history_visibility = serializers.ChoiceField(HistoryVisibility.choices, required=False)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = room_data(instance)
        if hasattr(instance, "my_role"):
            data["my_role"] = instance.my_role
        return data


class MemberSerializer(PayloadSerializer):
    payload = staticmethod(member_data)
    role = serializers.ChoiceField(MemberRole.choices)


class RoomInvitationSerializer(StrictSerializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(MemberRole.choices, default=MemberRole.MEMBER)


class MilestoneSerializer(PayloadSerializer):
    payload = staticmethod(milestone_data)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5_000, required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(WorkStatus.choices, required=False)
    position = serializers.IntegerField(min_value=0, max_value=100_000, required=False)


class DeliverableSerializer(PayloadSerializer):
    payload = staticmethod(deliverable_data)
    title = serializers.CharField(max_length=200)
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(WorkStatus.choices, required=False)
    file = serializers.IntegerField(required=False, allow_null=True)


class ColumnSerializer(PayloadSerializer):
    payload = staticmethod(column_data)
    name = serializers.CharField(max_length=80)
    position = serializers.IntegerField(min_value=0, max_value=1000, required=False)


class CardSerializer(PayloadSerializer):
    payload = staticmethod(card_data)
    column = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5_000, required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    assignees = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=50
    )


class CardCommentSerializer(PayloadSerializer):
    payload = staticmethod(card_comment_data)
    body = serializers.CharField(max_length=5_000)


class CardMoveSerializer(StrictSerializer):
    column = serializers.IntegerField()
    position = serializers.IntegerField(min_value=0, max_value=100_000)


class UserRefSerializer(StrictSerializer):
    """A person as answers name them (read only; strict like every body the schema lists)."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class FileSerializer(PayloadSerializer):
    """Upload with ``file``; read as the file's facts and its download address."""

    payload = staticmethod(file_data)
    file = serializers.FileField(write_only=True)
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    uploaded_by = UserRefSerializer(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    download_url = serializers.CharField(read_only=True)


class ThreadSerializer(PayloadSerializer):
    payload = staticmethod(thread_data)
    title = serializers.CharField(max_length=200)
    resolved = serializers.BooleanField(required=False)


class ActivitySerializer(PayloadSerializer):
    payload = staticmethod(activity_data)
