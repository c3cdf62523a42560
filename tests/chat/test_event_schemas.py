"""Every server→client event type, produced by the real code paths and received over a real
socket, matches its schema in chat/events.py."""

from __future__ import annotations

import uuid

import jsonschema
import pytest
from channels.db import database_sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from chat.events import SCHEMAS
from chat.models import Message
from chat.realtime import CATCH_UP_LIMIT
from collab.models import BoardColumn, Room, RoomMember
from collab.services import board, files, milestones, rooms, threads
from tests.chat.sockets import (
    collect_until,
    drain_events,
    receive_until,
    scenario,
    send_frame,
    session_cookie,
)
from tests.factories import UserFactory


def _lost_doorbells(room):
    """More messages stored without their broadcast (as if Redis had dropped them) than a hub
    fetches back by itself: its clients are told to sync."""
    with __import__("django.db").db.transaction.atomic():
        first = Room.objects.get(pk=room.pk).last_seq + 1
        count = CATCH_UP_LIMIT + 1
        Room.objects.filter(pk=room.pk).update(last_seq=F("last_seq") + count)
        Message.objects.bulk_create(
            Message(room=room, seq=seq, client_id=uuid.uuid4(), body="lost")
            for seq in range(first, first + count)
        )


def _collab_changes(room, owner, member, newcomer):
    rooms.room_update(actor=owner, room=room, description="Retrofit line 3 with cameras")
    added = rooms.member_add(actor=owner, room=room, user=newcomer)
    rooms.member_set_role(actor=owner, member=added, role="observer")
    rooms.member_remove(actor=owner, member=RoomMember.objects.get(pk=added.pk))
    milestone = milestones.milestone_save(actor=owner, room=room, title="Proof of concept")
    deliverable = milestones.deliverable_save(actor=owner, milestone=milestone, title="Report")
    milestones.deliverable_delete(actor=owner, deliverable=deliverable)
    milestones.milestone_delete(actor=owner, milestone=milestone)
    column = board.column_save(actor=owner, room=room, name="Review")
    card = board.card_create(
        actor=owner, room=room, column=column, title="Order camera", assignees=[member]
    )
    board.card_comment_add(actor=member, card=card, body="Which lens?")
    board.card_delete(actor=owner, card=card)
    board.column_delete(actor=owner, column=BoardColumn.objects.get(pk=column.pk))
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n% plan\n", content_type="application/pdf")
    room_file = files.file_upload(actor=owner, room=room, upload=upload)
    files.file_delete(actor=owner, room_file=room_file)
    thread = threads.thread_create(actor=owner, room=room, title="Lighting")
    threads.thread_set_resolved(actor=owner, thread=thread, resolved=True)


@pytest.mark.django_db(transaction=True)
def test_every_event_type_matches_its_schema(room, room_owner, room_member, media):
    owner, member = session_cookie(room_owner), session_cookie(room_member)
    newcomer = UserFactory()
    received: list[dict] = []

    async def run(sockets):
        owner_ws = await sockets.member(room.pk, owner)
        member_ws = await sockets.member(room.pk, member)
        await member_ws.send_json_to(send_frame("Hello @owner, see the plan"))
        ack = await receive_until(member_ws, "message.ack")
        received.append(ack)
        await member_ws.send_json_to({"type": "message.edit", "id": ack["id"], "body": "Edited"})
        await member_ws.send_json_to({"type": "read", "seq": 1})
        await member_ws.send_json_to({"type": "typing"})
        await member_ws.send_json_to({"type": "ping"})
        await member_ws.send_json_to({"type": "sync", "after_seq": 0})
        await member_ws.send_json_to({"type": "message.delete", "id": ack["id"]})
        await member_ws.send_json_to({"type": "nonsense"})
        received.extend(await drain_events(member_ws, quiet=0.5))
        await database_sync_to_async(_collab_changes)(room, room_owner, room_member, newcomer)
        await database_sync_to_async(_lost_doorbells)(room)
        # The next message shows the gap; the hub cannot fill all of it.
        await member_ws.send_json_to(send_frame("after the gap"))
        received.extend(await collect_until(owner_ws, "sync.required", timeout=8))
        await member_ws.disconnect()
        received.extend(await drain_events(owner_ws, quiet=0.5))

    scenario(run)
    events = [e for e in received if not e["type"].startswith("websocket.")]
    for event in events:
        jsonschema.validate(event, SCHEMAS[event["type"]])
    assert {e["type"] for e in events} == set(SCHEMAS)
