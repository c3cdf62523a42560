"""Sending chat messages — the delivery contract.

In one transaction: check access (collab.access's room-write rule, in its batched form that
also locks the rooms' rows), take the room's next sequence numbers under that lock, store the
messages; broadcast only after commit. A retried send with the same client_id
returns the original ack and stores nothing.

Sends are stored in batches: a commit waits for the WAL to reach the disk (~10 ms here) while
the room's row stays locked, so one transaction per message caps a room at ~100 messages/s.
`messages_store` takes many sends (of any rooms) and commits them together; the websocket
path feeds it through a per-process queue (chat/send_queue.py), HTTP with a batch of one.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from chat import events
from chat.models import Mention, Message
from chat.realtime import broadcast_on_commit
from collab import access
from collab.models import Room, RoomMember, Thread, room_group

MAX_BODY_CHARS = 10_000
# @an.peeters or @an.peeters@example.org, resolved against the room's members only.
MENTION = re.compile(r"(?<![\w@.])@([\w.+-]*\w(?:@[\w-]+(?:\.[\w-]+)+)?)")


@dataclass(frozen=True)
class SendRequest:
    user: Any
    room_id: Any
    client_id: Any
    body: Any
    thread_id: Any = None
    # The connection it came from: after a failed batch, the queue refuses that connection's
    # later sends too, so that they are not stored before the failed one is sent again.
    stream: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class SendResult:
    ack: dict[str, Any]
    created: bool


def parse_client_id(client_id: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(client_id))
    except (ValueError, TypeError, AttributeError):
        raise ValidationError({"client_id": _("Use a UUID.")}) from None


def clean_body(body: Any) -> str:
    if not isinstance(body, str) or not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    body = body.strip()
    if len(body) > MAX_BODY_CHARS:
        too_long = _("A message can be at most %(count)d characters.") % {"count": MAX_BODY_CHARS}
        raise ValidationError({"body": ValidationError(too_long, code="body_too_long")})
    return body


def mentioned_users(
    room: Room, body: str, sender: Any, members: list[tuple[int, str]] | None = None
) -> list[int]:
    """Ids of the room's active members mentioned in body (never the sender)."""
    handles = {handle.lower() for handle in MENTION.findall(body)}
    if not handles:
        return []
    if members is None:
        members = _active_members(room)
    found = []
    for user_id, email in members:
        if user_id != sender.pk and (email in handles or email.split("@")[0] in handles):
            found.append(user_id)
    return sorted(found)


def _active_members(room: Room) -> list[tuple[int, str]]:
    rows = RoomMember.objects.filter(room=room, user__is_active=True).values_list(
        "user_id", "user__email"
    )
    return [(user_id, email.lower()) for user_id, email in rows]


def _checked(request: SendRequest) -> tuple[int, uuid.UUID, str]:
    client_uuid = parse_client_id(request.client_id)
    body = clean_body(request.body)
    thread = request.thread_id
    if thread is not None and (not isinstance(thread, int) or isinstance(thread, bool)):
        raise ValidationError({"thread": _("Choose a thread of this room.")})
    user = request.user
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404
    try:
        return int(request.room_id), client_uuid, body
    except (TypeError, ValueError):
        raise Http404 from None


def messages_store(requests: list[SendRequest]) -> list[SendResult | Exception]:
    """Store a batch of sends in one transaction; one result per request, in order: the ack,
    or the exception that refused it (Http404 for no access, PermissionDenied for observers,
    ValidationError for bad input). Refusals do not affect the other sends of the batch.

    A constant number of queries per batch, whatever the number of rooms in it: with many
    busy rooms a batch spans dozens of them, and every query of the database thread waits
    for the interpreter lock behind the busy event loop."""
    results: list[SendResult | Exception | None] = [None] * len(requests)
    checked: dict[int, tuple[int, uuid.UUID, str]] = {}
    by_room: dict[int, list[int]] = defaultdict(list)
    for index, request in enumerate(requests):
        try:
            checked[index] = _checked(request)
        except (ValidationError, Http404) as exc:
            results[index] = exc
            continue
        by_room[checked[index][0]].append(index)
    if by_room:
        with transaction.atomic():
            _store_rooms(by_room, requests, checked, results)
    return [r if r is not None else Http404() for r in results]


def _store_rooms(
    by_room: dict[int, list[int]],
    requests: list[SendRequest],
    checked: dict[int, tuple[int, uuid.UUID, str]],
    results: list[SendResult | Exception | None],
) -> None:
    senders = {requests[i].user.pk for indexes in by_room.values() for i in indexes}
    # One round trip: the senders' memberships, with the rooms' rows locked in id order.
    writers = access.rooms_locked_for_writing(by_room, senders)
    rooms = writers.rooms
    known: dict[tuple[int, int, uuid.UUID], tuple[int, int] | Message] = {
        (room, sender, client): (pk, seq)
        for room, sender, client, pk, seq in Message.objects.filter(
            room_id__in=rooms,
            client_id__in={checked[i][1] for r in rooms for i in by_room[r]},
        ).values_list("room_id", "sender_id", "client_id", "pk", "seq")
    }
    wanted_threads = {requests[i].thread_id for r in rooms for i in by_room[r]} - {None}
    threads = (
        set(
            Thread.objects.filter(room_id__in=rooms, pk__in=wanted_threads).values_list(
                "room_id", "pk"
            )
        )
        if wanted_threads
        else set()
    )
    mentioning = {r for r in rooms if any("@" in checked[i][2] for i in by_room[r])}
    members: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if mentioning:
        rows = RoomMember.objects.filter(room_id__in=mentioning, user__is_active=True)
        for room_id, user_id, email in rows.values_list("room_id", "user_id", "user__email"):
            members[room_id].append((user_id, email.lower()))
    fresh: list[tuple[int, Message, list[int]]] = []
    retries: list[tuple[int, Message]] = []
    for room_id, indexes in sorted(by_room.items()):
        room = rooms.get(room_id)
        for index in indexes:
            request, (_room, client_uuid, body) = requests[index], checked[index]
            refusal = writers.refusal(room_id, request.user.pk)
            if room is None or refusal is not None:
                results[index] = refusal or Http404()
                continue
            key = (room_id, request.user.pk, client_uuid)
            earlier = known.get(key)
            if isinstance(earlier, Message):  # the same send twice in this batch
                retries.append((index, earlier))
                continue
            if earlier is not None:
                results[index] = SendResult(events.ack(str(request.client_id), *earlier), False)
                continue
            if request.thread_id is not None and (room_id, request.thread_id) not in threads:
                results[index] = ValidationError({"thread": _("Choose a thread of this room.")})
                continue
            room.last_seq += 1
            message = Message(
                room=room,
                seq=room.last_seq,
                sender=request.user,
                client_id=client_uuid,
                thread_id=request.thread_id,
                body=body,
            )
            known[key] = message
            mentioned = mentioned_users(room, body, request.user, members.get(room_id, []))
            fresh.append((index, message, mentioned))
    if fresh:
        _save(fresh, {message.room_id for _i, message, _m in fresh}, rooms)
    for index, message, users in fresh:
        data = events.message_data(message, mentions=users)
        broadcast_on_commit(
            room_group(message.room_id), events.message_created(data), seq=message.seq
        )
        ack = events.ack(str(requests[index].client_id), message.pk, message.seq)
        results[index] = SendResult(ack, True)
    for index, message in retries:
        ack = events.ack(str(requests[index].client_id), message.pk, message.seq)
        results[index] = SendResult(ack, False)


def _save(
    fresh: list[tuple[int, Message, list[int]]], changed: set[int], rooms: dict[int, Room]
) -> None:
    Room.objects.filter(pk__in=changed).update(
        last_seq=Case(*(When(pk=r, then=Value(rooms[r].last_seq)) for r in sorted(changed)))
    )
    Message.objects.bulk_create([message for _i, message, _m in fresh])
    mentions = [Mention(message=m, user_id=uid) for _i, m, users in fresh for uid in users]
    if mentions:
        Mention.objects.bulk_create(mentions)
        from chat.tasks import mention_notify

        for message_id in sorted({mention.message.pk for mention in mentions}):
            transaction.on_commit(
                partial(mention_notify.enqueue, message_id=message_id), robust=True
            )


def message_send(
    *, user: Any, room_id: Any, client_id: Any, body: Any, thread_id: Any = None
) -> SendResult:
    """Store one message and broadcast it after commit; idempotent per (sender, client_id).
    Raises Http404 (no access), PermissionDenied (observer) or ValidationError."""
    (result,) = messages_store([SendRequest(user, room_id, client_id, body, thread_id)])
    if isinstance(result, Exception):
        raise result
    return result
