"""The task board: columns, cards, ordering, assignees; who may change it."""

from __future__ import annotations

import pytest

from collab.models import Card

pytestmark = pytest.mark.django_db


def _cards(room):
    return f"/api/v1/rooms/{room.pk}/cards/"


def test_members_add_and_move_cards_and_order_is_kept(room, room_member, api):
    client = api(room_member)
    todo, doing, _done = room.columns.all()
    ids = [
        client.post(_cards(room), {"column": todo.pk, "title": t}, format="json").json()["id"]
        for t in ("A", "B", "C")
    ]
    assert list(Card.objects.filter(column=todo).values_list("title", flat=True)) == ["A", "B", "C"]
    moved = client.post(
        f"{_cards(room)}{ids[2]}/move/", {"column": doing.pk, "position": 0}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["column"] == doing.pk
    client.post(f"{_cards(room)}{ids[0]}/move/", {"column": doing.pk, "position": 0}, format="json")
    assert list(Card.objects.filter(column=doing).values_list("title", flat=True)) == ["A", "C"]
    client.post(f"{_cards(room)}{ids[1]}/move/", {"column": doing.pk, "position": 1}, format="json")
    assert list(Card.objects.filter(column=doing).values_list("title", flat=True)) == [
        "A",
        "B",
        "C",
    ]
    assert list(Card.objects.filter(column=doing).values_list("position", flat=True)) == [0, 1, 2]


def test_assignees_must_be_members_and_columns_of_this_board(
    room, other_room, room_member, room_owner, room_outsider, api
):
    client = api(room_member)
    todo = room.columns.first()
    ok = client.post(
        _cards(room),
        {
            "column": todo.pk,
            "title": "Order lens",
            "assignees": [room_owner.pk],
            "due_date": "2026-03-01",
        },
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["assignees"][0]["id"] == room_owner.pk
    bad = [
        {"column": todo.pk, "title": "x", "assignees": [room_outsider.pk]},
        {"column": other_room.columns.first().pk, "title": "x"},
        {"column": todo.pk, "title": ""},
        {"column": todo.pk, "title": "x", "room": other_room.pk},
    ]
    for payload in bad:
        assert client.post(_cards(room), payload, format="json").status_code == 400, payload


def test_observers_read_the_board_outsiders_do_not_see_it(room, room_observer, room_outsider, api):
    todo = room.columns.first()
    assert api(room_observer).get(_cards(room)).status_code == 200
    assert api(room_observer).get(f"/api/v1/rooms/{room.pk}/columns/").json()["count"] == 3
    assert (
        api(room_observer)
        .post(_cards(room), {"column": todo.pk, "title": "x"}, format="json")
        .status_code
        == 403
    )
    assert api(room_outsider).get(_cards(room)).status_code == 404
    assert (
        api(room_outsider)
        .post(_cards(room), {"column": todo.pk, "title": "x"}, format="json")
        .status_code
        == 404
    )


def test_columns_are_added_renamed_and_removed_when_empty(room, room_member, api):
    client = api(room_member)
    url = f"/api/v1/rooms/{room.pk}/columns/"
    column = client.post(url, {"name": "Review"}, format="json").json()
    assert column["position"] == 3
    assert (
        client.patch(f"{url}{column['id']}/", {"name": "QA"}, format="json").json()["name"] == "QA"
    )
    client.post(_cards(room), {"column": column["id"], "title": "x"}, format="json")
    assert client.delete(f"{url}{column['id']}/").status_code == 400
    Card.objects.filter(column_id=column["id"]).delete()
    assert client.delete(f"{url}{column['id']}/").status_code == 204
