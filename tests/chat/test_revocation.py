"""Removal, logout, deactivation and a deleted token close that user's sockets within 2 s;
the other members carry on."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from rest_framework.authtoken.models import Token

from collab.models import MemberRole, RoomMember
from collab.services.rooms import member_add, member_remove
from tests.chat.sockets import (
    drain_events,
    receive_until,
    scenario,
    send_frame,
    session_cookie,
    token_for,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def _closed_within(ws, seconds):
    loop_time = __import__("asyncio").get_running_loop().time
    start = loop_time()
    while True:
        output = await ws.receive_output(timeout=max(0.01, seconds - (loop_time() - start)))
        if output["type"] == "websocket.close":
            return output["code"]


def test_removing_a_member_closes_their_socket_and_others_carry_on(room, room_owner, room_member):
    owner, member = session_cookie(room_owner), session_cookie(room_member)

    async def run(sockets):
        owner_ws = await sockets.member(room.pk, owner)
        member_ws = await sockets.member(room.pk, member)
        await drain_events(owner_ws, quiet=0.2)
        target = await database_sync_to_async(
            RoomMember.objects.select_related("room", "user").get
        )(room=room, user=room_member)
        await database_sync_to_async(member_remove)(actor=room_owner, member=target)
        assert await _closed_within(member_ws, 2) == 4403
        removed = await receive_until(owner_ws, "member.removed")
        assert removed["user"]["id"] == room_member.pk
        await owner_ws.send_json_to(send_frame("Still here"))
        assert (await receive_until(owner_ws, "message.ack"))["seq"] == 1

    scenario(run)


def test_logout_deactivation_and_token_deletion_close_sockets_within_two_seconds(
    room, room_owner, room_member, room_observer
):
    colleague = UserFactory()
    member_add(actor=room_owner, room=room, user=colleague, role=MemberRole.MEMBER)
    browser = Client()
    browser.force_login(room_member)
    member_session = browser.cookies["sessionid"].value
    observer_session = session_cookie(room_observer)
    colleague_token = token_for(colleague)
    owner_session = session_cookie(room_owner)

    async def run(sockets):
        owner_ws = await sockets.member(room.pk, owner_session)
        member_ws = await sockets.member(room.pk, member_session)
        observer_ws = await sockets.member(room.pk, observer_session)
        _, colleague_ws = await sockets.connect(room.pk, token=colleague_token, origin=None)

        await database_sync_to_async(browser.logout)()
        room_observer.is_active = False
        await database_sync_to_async(room_observer.save)()
        await database_sync_to_async(Token.objects.filter(key=colleague_token).delete)()

        for ws in (member_ws, observer_ws, colleague_ws):
            assert await _closed_within(ws, 2) == 4403
        await drain_events(owner_ws, quiet=0.1)
        await owner_ws.send_json_to({"type": "ping"})
        assert (await receive_until(owner_ws, "pong")) == {"type": "pong"}

    scenario(run)
