"""The room pages: members see the room with its live parts, outsiders get a 404."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from chat.messages import message_send

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_room_page_renders_history_board_and_the_socket_client(room, room_owner, room_member):
    message_send(user=room_owner, room_id=room.pk, client_id=uuid.uuid4(), body="<b>Welcome</b>")
    response = _client(room_member).get(f"/projectruimtes/{room.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;b&gt;Welcome&lt;/b&gt;" in html
    assert 'data-last-seq="1"' in html
    assert "rooms/room.js" in html and "<script>" not in html and "style=" not in html
    for section in ("board", "milestones", "files", "threads", "members", "activity"):
        assert f'id="room-{section}"' in html


def test_outsiders_and_visitors_do_not_see_the_room(room, room_outsider):
    assert _client(room_outsider).get(f"/projectruimtes/{room.pk}/").status_code == 404
    assert _client(room_outsider).get(f"/projectruimtes/{room.pk}/deel/board/").status_code == 404
    assert Client().get(f"/projectruimtes/{room.pk}/").status_code == 302


def test_members_work_on_the_board_from_the_page_observers_cannot(room, room_member, room_observer):
    column = room.columns.first()
    url = f"/projectruimtes/{room.pk}/kaarten/"
    response = _client(room_member).post(
        url, {"title": "Calibrate", "column": column.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Calibrate" in response.content.decode()
    assert _client(room_observer).post(url, {"title": "No", "column": column.pk}).status_code == 403
    assert room.cards.count() == 1


def test_room_list_and_creation(room, room_member):
    client = _client(room_member)
    assert room.name in client.get("/projectruimtes/").content.decode()
    response = client.post("/projectruimtes/", {"name": "New pilot", "history_visibility": "full"})
    assert response.status_code == 302
