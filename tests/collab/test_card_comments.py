"""Comments on a task card through the API: members and owners write them (the room-write
rule), observers read them, outsiders and visitors do not learn that the card exists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collab.models import Activity, Card, CardComment
from collab.services import board

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(room, room_owner):
    return board.card_create(
        actor=room_owner, room=room, column=room.columns.first(), title="Order the lens"
    )


def _url(room, card):
    return f"/api/v1/rooms/{room.pk}/cards/{card.pk}/comments/"


def test_member_and_owner_comment_and_everyone_in_the_room_reads_them(
    room, card, room_owner, room_member, room_observer, api
):
    first = api(room_member).post(_url(room, card), {"body": "Which focal length?"}, format="json")
    assert first.status_code == 201
    assert set(first.json()) == {"id", "card", "author", "body", "created_at"}
    assert first.json()["author"] == {"id": room_member.pk, "name": room_member.display_name}
    api(room_owner).post(_url(room, card), {"body": "  16 mm.  "}, format="json")

    listed = api(room_observer).get(_url(room, card))
    assert listed.status_code == 200
    assert [c["body"] for c in listed.json()["results"]] == ["Which focal length?", "16 mm."]
    assert listed.json()["results"][1]["author"]["id"] == room_owner.pk
    assert (
        api(room_member).get(f"/api/v1/rooms/{room.pk}/cards/{card.pk}/").json()["comment_count"]
        == 2
    )
    cards = api(room_member).get(f"/api/v1/rooms/{room.pk}/cards/").json()["results"]
    assert cards[0]["comment_count"] == 2
    feed = Activity.objects.filter(room=room, verb="card.commented")
    assert feed.count() == 2 and "Order the lens" in feed.first().describe()


def test_observers_may_not_comment_outsiders_and_visitors_do_not_see_the_card(
    room, card, room_observer, room_outsider, api
):
    assert (
        api(room_observer).post(_url(room, card), {"body": "x"}, format="json").status_code == 403
    )
    assert api(room_outsider).get(_url(room, card)).status_code == 404
    assert (
        api(room_outsider).post(_url(room, card), {"body": "x"}, format="json").status_code == 404
    )
    assert api(None).get(_url(room, card)).status_code in {401, 403}
    assert api(None).post(_url(room, card), {"body": "x"}, format="json").status_code in {401, 403}
    assert not CardComment.objects.exists()


def test_bad_comments_are_refused_with_a_400_and_store_nothing(
    room, other_room, card, room_member, room_outsider, api
):
    client = api(room_member)
    for payload in [
        {},
        {"body": ""},
        {"body": "   "},
        {"body": "x" * 5_001},
        {"body": "ok", "author": 1},
    ]:
        assert client.post(_url(room, card), payload, format="json").status_code == 400, payload
    foreign = board.card_create(
        actor=room_outsider, room=other_room, column=other_room.columns.first(), title="Theirs"
    )
    # Another room's card through this room's URL: not found, whoever asks.
    assert client.post(_url(room, foreign), {"body": "x"}, format="json").status_code == 404
    assert client.get(f"/api/v1/rooms/{room.pk}/cards/999999/comments/").status_code == 404
    assert not CardComment.objects.exists()


def test_comment_list_costs_the_same_queries_for_one_or_many(room, card, room_member, api):
    client = api(room_member)
    board.card_comment_add(actor=room_member, card=card, body="one")
    with CaptureQueriesContext(connection) as one:
        client.get(_url(room, card))
    for n in range(6):
        board.card_comment_add(actor=room_member, card=card, body=f"more {n}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(_url(room, card)).json()["results"]) == 7
    assert len(many) == len(one)


def test_card_list_counts_comments_without_a_query_per_card(room, room_member, api):
    client = api(room_member)
    column = room.columns.first()
    for n in range(2):
        board.card_create(actor=room_member, room=room, column=column, title=f"Card {n}")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/api/v1/rooms/{room.pk}/cards/")
    for n in range(5):
        card = board.card_create(actor=room_member, room=room, column=column, title=f"More {n}")
        board.card_comment_add(actor=room_member, card=card, body="hi")
    with CaptureQueriesContext(connection) as more:
        listed = client.get(f"/api/v1/rooms/{room.pk}/cards/").json()["results"]
    assert len(more) == len(few)
    assert sorted(c["comment_count"] for c in listed) == [0, 0, 1, 1, 1, 1, 1]
    assert Card.objects.count() == 7
