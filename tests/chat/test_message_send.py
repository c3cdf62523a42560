"""The delivery contract over the socket: members receive, outsiders nothing; acks; idempotent
retries; gapless seq under concurrent senders."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid

import pytest
from django.db import OperationalError, connection

from chat import send_queue
from chat.messages import message_send
from chat.models import Message
from tests.chat.sockets import (
    drain_events,
    receive_types,
    receive_until,
    scenario,
    send_frame,
    session_cookie,
    token_for,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_members_receive_outsiders_receive_nothing_and_retries_store_once(
    room, other_room, room_owner, room_member, room_observer, room_outsider
):
    owner, member, observer = (session_cookie(u) for u in (room_owner, room_member, room_observer))
    outsider = session_cookie(room_outsider)
    observer_token = token_for(room_observer)

    async def run(sockets):
        owner_ws = await sockets.member(room.pk, owner)
        member_ws = await sockets.member(room.pk, member)
        observer_ws = await sockets.member(room.pk, observer)
        _, token_ws = await sockets.connect(room.pk, token=observer_token, origin=None)
        outsider_ws = await sockets.member(other_room.pk, outsider)
        for ws in (owner_ws, member_ws, observer_ws, token_ws, outsider_ws):
            await drain_events(ws, quiet=0.2)

        client_id = str(uuid.uuid4())
        await member_ws.send_json_to(send_frame("Kick-off on Monday?", client_id))
        own = await receive_types(member_ws, {"message.ack", "message.created"})
        ack = own["message.ack"]
        assert ack == {"type": "message.ack", "client_id": client_id, "id": ack["id"], "seq": 1}
        assert own["message.created"]["seq"] == 1
        for ws in (owner_ws, observer_ws, token_ws):
            created = await receive_until(ws, "message.created")
            assert created["seq"] == 1 and created["room"] == room.pk
            assert created["message"]["body"] == "Kick-off on Monday?"
            assert created["message"]["sender"]["id"] == room_member.pk

        # The retry (e.g. after a reconnect) gets the original ack and stores nothing.
        await member_ws.send_json_to(send_frame("Kick-off on Monday?", client_id))
        assert await receive_until(member_ws, "message.ack") == ack
        # No second message reaches the others (a presence or sync notice under load may).
        assert [e for e in await drain_events(owner_ws) if e.get("type") == "message.created"] == []

        # Observers read but do not write.
        await observer_ws.send_json_to(send_frame("I'd like to add…"))
        error = await receive_until(observer_ws, "error")
        assert error["code"] == "forbidden"

        # Nothing of any of this reached the other room (its own presence or sync notices may).
        leaked = [
            e
            for e in await drain_events(outsider_ws)
            if e.get("type") == "message.created" or e.get("room") == room.pk
        ]
        assert leaked == []

    scenario(run)
    assert Message.objects.filter(room=room).count() == 1


def test_sequence_is_gapless_under_concurrent_senders(room, room_owner, room_member):
    """Threads with their own database connections race for the room's next seq."""
    senders = [room_owner, room_member] * 4
    errors: list[BaseException] = []

    def send_many(user):
        try:
            for n in range(15):
                message_send(user=user, room_id=room.pk, client_id=uuid.uuid4(), body=f"m{n}")
        except BaseException as exc:  # pragma: no cover — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send_many, args=(user,)) for user in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    seqs = list(Message.objects.filter(room=room).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 121))
    room.refresh_from_db()
    assert room.last_seq == 120


def test_concurrent_socket_senders_are_delivered_in_seq_order(room, room_owner, room_member):
    owner, member = session_cookie(room_owner), session_cookie(room_member)

    async def run(sockets):
        watcher = await sockets.member(room.pk, owner)
        senders = [await sockets.member(room.pk, member) for _ in range(3)]
        await drain_events(watcher, quiet=0.2)

        async def burst(ws):
            for n in range(12):
                await ws.send_json_to(send_frame(f"burst {n}"))
                await receive_until(ws, "message.ack")

        await asyncio.gather(*(burst(ws) for ws in senders))
        seqs = []
        while len(seqs) < 36:
            seqs.append((await receive_until(watcher, "message.created"))["seq"])
        assert seqs == list(range(1, 37))

    scenario(run)
    stored = Message.objects.filter(room=room).values_list("seq", flat=True)
    assert sorted(stored) == list(range(1, 37))
    assert len(set(Message.objects.values_list("client_id", flat=True))) == 36


@pytest.mark.django_db(transaction=True)
def test_after_a_failed_send_nothing_sent_behind_it_is_stored_and_the_socket_closes(
    room, room_member, monkeypatch
):
    """Storing later messages while the first is not would put them before it once the
    client sends it again: the socket closes (4500) and the client resends in order."""
    session = session_cookie(room_member)
    real, calls = send_queue.messages_store, []

    def failing_once(requests):
        calls.append(len(requests))
        if len(calls) == 1:
            raise OperationalError("the database went away")
        return real(requests)

    monkeypatch.setattr(send_queue, "messages_store", failing_once)

    async def run(sockets):
        ws = await sockets.member(room.pk, session)
        await drain_events(ws, quiet=0.2)
        frames = [send_frame(f"in order {n}") for n in range(5)]
        for frame in frames:
            await ws.send_json_to(frame)
        seen, closed = [], None
        while closed is None:
            output = await ws.receive_output(timeout=5)
            if output["type"] == "websocket.close":
                closed = output["code"]
            else:
                seen.append(json.loads(output["text"]))
        assert closed == 4500
        errors = [e for e in seen if e["type"] == "error"]
        assert errors[0] == {
            "type": "error",
            "code": "server_error",
            "detail": errors[0]["detail"],
            "client_id": frames[0]["client_id"],
        }
        assert {e["code"] for e in errors} == {"server_error"}
        assert "message.ack" not in {e["type"] for e in seen}

    scenario(run)
    assert not Message.objects.filter(room=room).exists()
