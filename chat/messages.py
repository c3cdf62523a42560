"""Chat messages after sending (chat/sending.py): edit, delete, history, sync pages, search."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from chat import events
from chat.models import Mention, Message
from chat.realtime import CATCH_UP_LIMIT, broadcast_on_commit, encode
from chat.sending import (  # noqa: F401 — message_send is part of this module's API
    MAX_BODY_CHARS,
    clean_body,
    mentioned_users,
    message_send,
)
from collab import access
from collab.models import MemberRole, Room, RoomMember, room_group

SYNC_PAGE_SIZE = 100


class MessageNotFound(Exception):
    """No such message in this room (or not one the user may see)."""


def _message_for_change(user: Any, room_id: Any, message_id: Any) -> tuple[RoomMember, Message]:
    member = access.member_for_contribution(user, room_id)
    try:
        message = (
            Message.objects.select_for_update(of=("self",))
            .select_related("sender", "room")
            .get(pk=int(message_id), room_id=member.room_id, deleted_at__isnull=True)
        )
    except (Message.DoesNotExist, ValueError, TypeError):
        raise MessageNotFound from None
    if message.seq <= member.history_floor(member.room):
        raise MessageNotFound
    return member, message


def message_edit(*, user: Any, room_id: Any, message_id: Any, body: Any) -> Message:
    """Change the text of one's own message; everyone gets message.updated."""
    body = clean_body(body)
    with transaction.atomic():
        _member, message = _message_for_change(user, room_id, message_id)
        if message.sender_id != user.pk:
            raise PermissionDenied
        message.body = body
        message.edited_at = timezone.now()
        message.save(update_fields=["body", "edited_at"])
        mentioned = mentioned_users(message.room, body, user)
        Mention.objects.filter(message=message).exclude(user_id__in=mentioned).delete()
        Mention.objects.bulk_create(
            (Mention(message=message, user_id=uid) for uid in mentioned), ignore_conflicts=True
        )
        data = events.message_data(message, mentions=mentioned)
        broadcast_on_commit(room_group(message.room_id), events.message_updated(data))
    return message


def message_delete(*, user: Any, room_id: Any, message_id: Any) -> Message:
    """Delete a message (its sender or a room owner). Its seq stays, its text goes."""
    with transaction.atomic():
        member, message = _message_for_change(user, room_id, message_id)
        if message.sender_id != user.pk and member.role != MemberRole.OWNER:
            raise PermissionDenied
        message.deleted_at = timezone.now()
        message.body = ""
        message.save(update_fields=["deleted_at", "body"])
        message.mentions.all().delete()
        broadcast_on_commit(
            room_group(message.room_id),
            events.message_deleted(message.room_id, message.seq, message.pk),
        )
    return message


def visible_messages(member: RoomMember) -> QuerySet[Message]:
    """The room's messages this member may read (history visibility applied)."""
    return (
        Message.objects.filter(room_id=member.room_id, seq__gt=member.history_floor(member.room))
        .select_related("sender")
        .prefetch_related("mentions")
    )


def messages_after(
    *, user: Any, room_id: Any, after_seq: int, limit: int = SYNC_PAGE_SIZE
) -> tuple[list[dict[str, Any]], int]:
    """Up to `limit` messages after `after_seq`, in order, and the seq the reader is complete
    up to (for sync.done)."""
    member = access.membership(user, room_id)
    floor = max(after_seq, member.history_floor(member.room))
    page = list(visible_messages(member).filter(seq__gt=floor).order_by("seq")[:limit])
    data = [events.message_data(message) for message in page]
    # Never further than the room has come, whatever after_seq the client sent.
    return data, (page[-1].seq if page else min(floor, member.room.last_seq))


def messages_before(
    *, user: Any, room_id: Any, before_seq: int | None, limit: int
) -> list[dict[str, Any]]:
    """The `limit` messages before `before_seq` (the latest without it), oldest first."""
    member = access.membership(user, room_id)
    queryset = visible_messages(member)
    if before_seq is not None:
        queryset = queryset.filter(seq__lt=before_seq)
    page = list(queryset.order_by("-seq")[:limit])
    return [events.message_data(message) for message in reversed(page)]


def messages_search(*, user: Any, room_id: Any, query: str) -> QuerySet[Message]:
    """Full-text search (PostgreSQL, language-neutral 'simple' configuration, so Dutch,
    English and French text all match) within what the member may read; best match first."""
    member = access.membership(user, room_id)
    queryset = visible_messages(member).filter(deleted_at__isnull=True)
    query = query.strip()[:200]
    if not query:
        return queryset.none()
    if connection.vendor != "postgresql":
        return queryset.filter(body__icontains=query).order_by("-seq")
    vector = SearchVector("body", config="simple")
    search = SearchQuery(query, config="simple", search_type="websearch")
    # Filtering on the same expression as the GIN index of the migration lets it be used.
    return (
        queryset.annotate(document=vector)
        .filter(document=search)
        .annotate(rank=SearchRank(vector, search))
        .order_by("-rank", "-seq")
    )


def messages_missed(wanted: dict[int, int]) -> dict[int, tuple[int, list[tuple[int, str]]]]:
    """For the hubs (chat/realtime.py): per room, its last seq and the message.created frames
    from seq `wanted[room]` on (at most CATCH_UP_LIMIT per room), in order. One query for the
    rooms, one for the messages of those that have any."""
    last = dict(Room.objects.filter(pk__in=wanted).values_list("pk", "last_seq"))
    behind = {room: seq for room, seq in wanted.items() if last.get(room, 0) >= seq}
    found: dict[int, tuple[int, list[tuple[int, str]]]] = {
        room: (last.get(room, 0), []) for room in wanted
    }
    if not behind:
        return found
    window = Q()
    for room, seq in behind.items():
        window |= Q(room_id=room, seq__gte=seq, seq__lt=seq + CATCH_UP_LIMIT)
    page = (
        Message.objects.filter(window)
        .select_related("sender")
        .prefetch_related("mentions")
        .order_by("room_id", "seq")
    )
    for message in page:
        frame = encode(events.message_created(events.message_data(message)))
        found[message.room_id][1].append((message.seq, frame))
    return found
