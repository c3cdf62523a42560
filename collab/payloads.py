"""Room objects as the JSON the API returns and real-time events carry (one shape for both).
Event schemas: chat/events.py."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from collab.models import (
    Activity,
    BoardColumn,
    Card,
    CardComment,
    Deliverable,
    Milestone,
    Room,
    RoomFile,
    RoomMember,
    Thread,
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def user_data(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.display_name}


def room_data(room: Room) -> dict[str, Any]:
    return {
        "id": room.pk,
        "name": room.name,
        "description": room.description,
        "source_kind": room.source_kind,
        "source_id": room.source_id,
        "history_visibility": room.history_visibility,
        "last_seq": room.last_seq,
        "created_at": _iso(room.created_at),
    }


def member_data(member: RoomMember) -> dict[str, Any]:
    return {
        "user": user_data(member.user),
        "role": member.role,
        "joined_at": _iso(member.joined_at),
    }


def deliverable_data(deliverable: Deliverable) -> dict[str, Any]:
    return {
        "id": deliverable.pk,
        "milestone": deliverable.milestone_id,
        "title": deliverable.title,
        "due_date": _iso(deliverable.due_date),
        "status": deliverable.status,
        "file": deliverable.file_id,
    }


def milestone_data(milestone: Milestone) -> dict[str, Any]:
    return {
        "id": milestone.pk,
        "title": milestone.title,
        "description": milestone.description,
        "due_date": _iso(milestone.due_date),
        "status": milestone.status,
        "position": milestone.position,
        "deliverables": [deliverable_data(d) for d in milestone.deliverables.all()],
    }


def column_data(column: BoardColumn) -> dict[str, Any]:
    return {"id": column.pk, "name": column.name, "position": column.position}


def card_comment_count(card: Card) -> int:
    """From `Card.objects.for_board()`'s count where the card came from there (lists and
    events), so a board of many cards costs no query per card."""
    counted = getattr(card, "comment_total", None)
    return counted if counted is not None else card.comments.count()


def card_data(card: Card) -> dict[str, Any]:
    return {
        "id": card.pk,
        "column": card.column_id,
        "title": card.title,
        "description": card.description,
        "assignees": [user_data(user) for user in card.assignees.all()],
        "due_date": _iso(card.due_date),
        "position": card.position,
        "comment_count": card_comment_count(card),
        "updated_at": _iso(card.updated_at),
    }


def card_comment_data(comment: CardComment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "card": comment.card_id,
        "author": user_data(comment.author),
        "body": comment.body,
        "created_at": _iso(comment.created_at),
    }


def file_data(room_file: RoomFile) -> dict[str, Any]:
    return {
        "id": room_file.pk,
        "name": room_file.name,
        "size": room_file.size,
        "content_type": room_file.content_type,
        "uploaded_by": user_data(room_file.uploaded_by),
        "created_at": _iso(room_file.created_at),
        "download_url": reverse("room-file-download", args=[room_file.room_id, room_file.pk]),
    }


def thread_data(thread: Thread) -> dict[str, Any]:
    return {
        "id": thread.pk,
        "title": thread.title,
        "resolved": thread.resolved,
        "resolved_at": _iso(thread.resolved_at),
        "resolved_by": user_data(thread.resolved_by),
        "created_by": user_data(thread.created_by),
        "created_at": _iso(thread.created_at),
    }


def activity_data(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "actor": user_data(activity.actor),
        "verb": activity.verb,
        "text": activity.describe(),
        "created_at": _iso(activity.created_at),
    }
