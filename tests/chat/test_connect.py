"""Who can open a room socket: members (owner, member, observer) by session or token;
outsiders, visitors, foreign origins and unknown rooms cannot."""

from __future__ import annotations

import pytest

from tests.chat.sockets import ORIGIN, scenario, session_cookie, token_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_member_and_observer_connect_with_their_session(
    room, room_owner, room_member, room_observer
):
    sessions = [session_cookie(u) for u in (room_owner, room_member, room_observer)]

    async def run(sockets):
        for session in sessions:
            connected, _ = await sockets.connect(room.pk, session=session)
            assert connected

    scenario(run)


def test_outsider_visitor_and_unknown_room_cannot_connect(room, room_outsider, room_member):
    outsider = session_cookie(room_outsider)
    member = session_cookie(room_member)

    async def run(sockets):
        assert not (await sockets.connect(room.pk, session=outsider))[0]
        assert not (await sockets.connect(room.pk))[0]  # no session at all
        assert not (await sockets.connect(room.pk + 1000, session=member))[0]

    scenario(run)


def test_session_from_a_foreign_origin_is_refused(room, room_member):
    session = session_cookie(room_member)

    async def run(sockets):
        assert not (
            await sockets.connect(room.pk, session=session, origin=b"https://evil.example")
        )[0]
        assert not (await sockets.connect(room.pk, session=session, origin=None))[0]
        assert (await sockets.connect(room.pk, session=session, origin=ORIGIN))[0]

    scenario(run)


def test_token_clients_connect_without_origin_but_not_with_a_foreign_one(
    room, room_member, room_outsider
):
    token = token_for(room_member)
    outsider_token = token_for(room_outsider)

    async def run(sockets):
        assert (await sockets.connect(room.pk, token=token, origin=None))[0]
        assert (await sockets.connect(room.pk, token=token))[0]
        assert not (await sockets.connect(room.pk, token=token, origin=b"https://evil.example"))[0]
        assert not (await sockets.connect(room.pk, token="not-a-token", origin=None))[0]
        assert not (await sockets.connect(room.pk, token=outsider_token, origin=None))[0]

    scenario(run)


def test_outsiders_get_404_over_http(room, room_outsider, api):
    client = api(room_outsider)
    for url in (
        f"/api/v1/rooms/{room.pk}/",
        f"/api/v1/rooms/{room.pk}/messages/",
        f"/api/v1/rooms/{room.pk}/members/",
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        f"/api/v1/rooms/{room.pk}/messages/",
        {"client_id": "0b7e0a36-5c3a-4b9f-9a7a-7e1f9f6d2c11", "body": "hi"},
        format="json",
    )
    assert response.status_code == 404
