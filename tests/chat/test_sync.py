"""sync: exactly the missed messages, in order, in pages, then sync.done."""

from __future__ import annotations

import uuid

import pytest
from django.db import OperationalError

from chat import messages
from chat.messages import SYNC_PAGE_SIZE, message_send, messages_after
from collab.models import HistoryVisibility
from collab.services.rooms import member_add, room_create
from tests.chat.sockets import receive, receive_until, scenario, session_cookie
from tests.factories import UserFactory


def _send(room, user, count, prefix="m"):
    for n in range(count):
        message_send(user=user, room_id=room.pk, client_id=uuid.uuid4(), body=f"{prefix}{n}")


@pytest.mark.django_db(transaction=True)
def test_sync_returns_exactly_the_missed_messages_in_order_paged(room, room_owner, room_member):
    _send(room, room_owner, 2 * SYNC_PAGE_SIZE + 30)
    session = session_cookie(room_member)

    async def run(sockets):
        ws = await sockets.member(room.pk, session)
        await ws.send_json_to({"type": "sync", "after_seq": 5})
        pages, seqs = 0, []
        while True:
            event = await receive(ws)
            if event["type"] == "presence":
                continue
            if event["type"] == "sync.done":
                break
            assert event["type"] == "sync.page"
            pages += 1
            seqs += [m["seq"] for m in event["messages"]]
        assert pages == 3
        assert seqs == list(range(6, 2 * SYNC_PAGE_SIZE + 31))
        assert event == {"type": "sync.done", "room": room.pk, "last_seq": 2 * SYNC_PAGE_SIZE + 30}

        # Already complete: no page, just done.
        await ws.send_json_to({"type": "sync", "after_seq": 2 * SYNC_PAGE_SIZE + 30})
        event = await receive(ws)
        assert event == {"type": "sync.done", "room": room.pk, "last_seq": 2 * SYNC_PAGE_SIZE + 30}

    scenario(run)


@pytest.mark.django_db
def test_members_who_join_later_see_history_according_to_the_room_setting(room_owner):
    newcomer, late = UserFactory(), UserFactory()
    room = room_create(
        name="Confidential", created_by=room_owner, history_visibility=HistoryVisibility.SINCE_JOIN
    )
    _send(room, room_owner, 4, "before")
    member_add(actor=room_owner, room=room, user=newcomer)
    _send(room, room_owner, 2, "after")
    page, complete_to = messages_after(user=newcomer, room_id=room.pk, after_seq=0)
    assert [m["body"] for m in page] == ["after0", "after1"]
    assert complete_to == 6

    room.history_visibility = HistoryVisibility.FULL
    room.save()
    member_add(actor=room_owner, room=room, user=late)
    page, _ = messages_after(user=late, room_id=room.pk, after_seq=0)
    assert len(page) == 6


@pytest.mark.django_db(transaction=True)
def test_sync_done_never_passes_the_room_and_a_failed_sync_says_so(room, room_member, monkeypatch):
    session = session_cookie(room_member)

    async def run(sockets):
        ws = await sockets.member(room.pk, session)
        await ws.send_json_to({"type": "sync", "after_seq": 1000})
        assert await receive_until(ws, "sync.done") == {
            "type": "sync.done",
            "room": room.pk,
            "last_seq": 0,
        }

        def broken(**kwargs):
            raise OperationalError("the database went away")

        monkeypatch.setattr(messages, "messages_after", broken)
        await ws.send_json_to({"type": "sync", "after_seq": 0})
        error = await receive_until(ws, "error")
        assert error["code"] == "sync_failed"

    scenario(run)
