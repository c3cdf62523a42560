"""History, sending, edits, deletions, search and read pointers over HTTP."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chat.messages import message_send
from chat.models import Message

pytestmark = pytest.mark.django_db


def _url(room, suffix=""):
    return f"/api/v1/rooms/{room.pk}/messages/{suffix}"


def _fill(room, user, bodies):
    return [
        message_send(user=user, room_id=room.pk, client_id=uuid.uuid4(), body=b).ack for b in bodies
    ]


def test_send_over_http_returns_the_websocket_ack_and_retries_store_once(room, room_member, api):
    client = api(room_member)
    client_id = str(uuid.uuid4())
    first = client.post(_url(room), {"client_id": client_id, "body": "Over HTTP"}, format="json")
    assert first.status_code == 201
    assert first.json() == {
        "type": "message.ack",
        "client_id": client_id,
        "id": first.json()["id"],
        "seq": 1,
    }
    again = client.post(_url(room), {"client_id": client_id, "body": "Over HTTP"}, format="json")
    assert again.status_code == 200 and again.json() == first.json()
    assert Message.objects.filter(room=room).count() == 1


def test_send_rejects_bad_input_and_observers(room, room_member, room_observer, api):
    client = api(room_member)
    for payload in (
        {"body": "no id"},
        {"client_id": "nope", "body": "x"},
        {"client_id": str(uuid.uuid4()), "body": ""},
        {"client_id": str(uuid.uuid4()), "body": "x" * 10_001},
        {"client_id": str(uuid.uuid4()), "body": "x", "is_staff": True},
        {"client_id": str(uuid.uuid4()), "body": "x", "thread": 424242},
    ):
        assert client.post(_url(room), payload, format="json").status_code == 400, payload
    observer = api(room_observer).post(
        _url(room), {"client_id": str(uuid.uuid4()), "body": "hi"}, format="json"
    )
    assert observer.status_code == 403
    assert Message.objects.count() == 0


def test_history_after_and_before_seq_in_order_with_constant_queries(
    room, room_owner, room_member, api
):
    _fill(room, room_owner, [f"m{n}" for n in range(1, 13)])
    client = api(room_member)
    response = client.get(_url(room), {"after_seq": 3, "limit": 5})
    data = response.json()
    assert [m["seq"] for m in data["results"]] == [4, 5, 6, 7, 8]
    assert data["has_more"] is True and data["last_seq"] == 8
    rest = client.get(_url(room), {"after_seq": 8}).json()
    assert [m["seq"] for m in rest["results"]] == [9, 10, 11, 12] and rest["has_more"] is False
    before = client.get(_url(room), {"before_seq": 5, "limit": 3}).json()
    assert [m["seq"] for m in before["results"]] == [2, 3, 4]
    assert client.get(_url(room), {"after_seq": -1}).status_code == 400
    assert client.get(_url(room), {"after_seq": 1, "before_seq": 4}).status_code == 400
    with CaptureQueriesContext(connection) as few:
        client.get(_url(room), {"limit": 2})
    with CaptureQueriesContext(connection) as many:
        client.get(_url(room), {"limit": 12})
    assert len(few) == len(many)


def test_edit_and_delete_keep_seq_and_respect_authorship(room, room_owner, room_member, api):
    ack, own = _fill(room, room_member, ["Helo", "mine"])
    owner_client, member_client = api(room_owner), api(room_member)
    assert (
        owner_client.patch(_url(room, f"{ack['id']}/"), {"body": "x"}, format="json").status_code
        == 403
    )
    edited = member_client.patch(_url(room, f"{ack['id']}/"), {"body": "Hello"}, format="json")
    assert (
        edited.status_code == 200
        and edited.json()["body"] == "Hello"
        and edited.json()["edited_at"]
    )
    # The owner may delete anybody's message; the seq stays, the text goes.
    assert owner_client.delete(_url(room, f"{own['id']}/")).status_code == 204
    history = member_client.get(_url(room)).json()["results"]
    assert [(m["seq"], m["body"], m["deleted"]) for m in history] == [
        (1, "Hello", False),
        (2, "", True),
    ]
    assert member_client.delete(_url(room, f"{own['id']}/")).status_code == 404


def test_search_finds_words_across_languages_within_the_room_only(
    room, other_room, room_owner, room_member, room_outsider, api
):
    _fill(
        room, room_owner, ["De camera's zijn besteld", "The cameras arrive Monday", "Réunion lundi"]
    )
    _fill(other_room, room_outsider, ["cameras elsewhere"])
    client = api(room_member)
    found = client.get(_url(room, "search/"), {"q": "cameras"}).json()
    assert [m["body"] for m in found["results"]] == ["The cameras arrive Monday"]
    assert client.get(_url(room, "search/"), {"q": "lundi"}).json()["count"] == 1
    assert client.get(_url(room, "search/"), {"q": ""}).json()["count"] == 0
    assert api(room_outsider).get(_url(room, "search/"), {"q": "cameras"}).status_code == 404


def test_read_pointers_only_move_forward_per_thread(room, room_owner, room_observer, api):
    from collab.services.threads import thread_create

    _fill(room, room_owner, ["a", "b", "c"])
    thread = thread_create(actor=room_owner, room=room, title="Budget")
    client = api(room_observer)  # observers have read state too
    url = f"/api/v1/rooms/{room.pk}/read/"
    assert client.put(url, {"seq": 2}, format="json").json() == {"thread": None, "seq": 2}
    assert client.put(url, {"seq": 1}, format="json").json() == {"thread": None, "seq": 2}
    assert client.put(url, {"seq": 99}, format="json").json() == {"thread": None, "seq": 3}
    assert client.put(url, {"seq": 1, "thread": thread.pk}, format="json").json() == {
        "thread": thread.pk,
        "seq": 1,
    }
    assert client.get(url).json() == [{"thread": None, "seq": 3}, {"thread": thread.pk, "seq": 1}]
    assert client.put(url, {"seq": "x"}, format="json").status_code == 400
