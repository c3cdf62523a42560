"""Bad input on the socket gets an error event or a close code, and never affects the other
members of the room."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async
from django.conf import settings

from chat.consumers import FRAME_BURST
from chat.models import Message
from tests.chat.sockets import (
    drain_events,
    receive,
    receive_until,
    scenario,
    send_frame,
    session_cookie,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_bad_frames_get_errors_and_the_room_carries_on(room, other_room, room_owner, room_member):
    owner, member = session_cookie(room_owner), session_cookie(room_member)
    cases = [
        ("{not json", "invalid_json", None),
        (json.dumps([1, 2]), "invalid_frame", None),
        (json.dumps({"body": "no type"}), "invalid_frame", None),
        (json.dumps({"type": "message.explode"}), "unknown_type", "type"),
        (
            json.dumps({"type": "message.send", "body": "no client id"}),
            "missing_field",
            "client_id",
        ),
        (
            json.dumps({"type": "message.send", "client_id": "abc", "body": "x"}),
            "invalid_field",
            "client_id",
        ),
        (json.dumps(send_frame("   ")), "invalid_field", "body"),
        (json.dumps(send_frame("x" * 10_001)), "body_too_long", "body"),
        (json.dumps(send_frame("x", thread=10**9)), "invalid_field", "thread"),
        (json.dumps(send_frame("x", thread="seven")), "invalid_field", "thread"),
        (json.dumps(send_frame("hello other room", room=other_room.pk)), "wrong_room", "room"),
        (json.dumps({"type": "sync"}), "missing_field", "after_seq"),
        (json.dumps({"type": "sync", "after_seq": -1}), "invalid_field", "after_seq"),
        (json.dumps({"type": "message.edit", "id": 999999, "body": "x"}), "not_found", None),
        (json.dumps({"type": "read", "seq": "last"}), "invalid_field", "seq"),
    ]

    async def run(sockets):
        owner_ws = await sockets.member(room.pk, owner)
        member_ws = await sockets.member(room.pk, member)
        await drain_events(owner_ws, quiet=0.2)
        await drain_events(member_ws, quiet=0.1)
        for text, code, field in cases:
            await member_ws.send_to(text_data=text)
            error = await receive(member_ws)
            assert error["type"] == "error" and error["code"] == code, (text[:60], error)
            assert error.get("field") == field
        await member_ws.send_to(bytes_data=b"\x00\x01")
        assert (await receive(member_ws))["code"] == "binary_frame"
        # None of it reached anyone else, and the socket still works.
        reached = [e for e in await drain_events(owner_ws) if e.get("type") != "presence"]
        assert [e for e in reached if e.get("type") != "sync.required"] == []
        await member_ws.send_json_to(send_frame("still fine"))
        assert (await receive_until(member_ws, "message.ack"))["seq"] == 1

        # An oversized frame: an error, then close 4413. The owner is unaffected.
        await member_ws.send_to(text_data="x" * (settings.WEBSOCKET_MAX_MESSAGE_BYTES + 1))
        error = await receive_until(member_ws, "error")
        assert error["code"] == "frame_too_large"
        assert (await member_ws.receive_output(timeout=2)) == {
            "type": "websocket.close",
            "code": 4413,
        }
        await owner_ws.send_json_to(send_frame("owner goes on"))
        assert (await receive_until(owner_ws, "message.ack"))["seq"] == 2

    scenario(run)
    assert list(Message.objects.filter(room=other_room)) == []


def test_a_flooding_client_is_rate_limited_and_closed_without_hurting_others(
    room, room_owner, room_member
):
    owner, member = session_cookie(room_owner), session_cookie(room_member)

    async def run(sockets):
        owner_ws = await sockets.member(room.pk, owner)
        flood_ws = await sockets.member(room.pk, member)
        await drain_events(owner_ws, quiet=0.2)
        for n in range(1000):
            await flood_ws.send_json_to(send_frame(f"spam {n}"))
        seen, closed = [], None
        while closed is None:
            output = await flood_ws.receive_output(timeout=10)
            if output["type"] == "websocket.close":
                closed = output["code"]
            else:
                seen.append(json.loads(output["text"])["type"])
        assert closed == 4429
        assert seen.count("error") == 1  # one rate_limited error, not one per dropped frame
        # What got through before the limit is stored and reaches the others exactly once;
        # the owner can still talk.
        created = [
            e for e in await drain_events(owner_ws, quiet=0.5) if e["type"] == "message.created"
        ]
        stored = await database_sync_to_async(Message.objects.filter(room=room).count)()
        assert FRAME_BURST <= stored < 200
        assert [e["seq"] for e in created] == list(range(1, stored + 1))
        await owner_ws.send_json_to(send_frame("Can we talk normally?"))
        ack = await receive_until(owner_ws, "message.ack")
        assert ack["seq"] == stored + 1

    scenario(run)


def test_the_socket_speaks_the_language_cookie_then_accept_language():
    from chat.consumers import scope_language

    def scope(*headers):
        return {"headers": [(k.encode(), v.encode()) for k, v in headers]}

    assert scope_language(scope(("cookie", "django_language=fr; sessionid=x"))) == "fr"
    assert scope_language(scope(("accept-language", "en-GB,en;q=0.8"))) == "en"
    assert scope_language(scope(("accept-language", "de-DE"), ("cookie", "bad=\x00"))) == "nl"
    assert scope_language(scope()) == "nl"
