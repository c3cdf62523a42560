"""A task card's page: what is asked, of whom, by when, and the comments on it. Members and
owners edit and comment (the room-write rule), observers read, outsiders get a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from collab.models import Card, CardComment
from collab.services import board
from tests.frontend.conftest import assert_csp_clean

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def card(room, room_owner, room_member):
    card = board.card_create(
        actor=room_owner,
        room=room,
        column=room.columns.first(),
        title="Order the lens",
        description="A 16 mm lens for station 2.",
        due_date=timezone.localdate() - dt.timedelta(days=1),
        assignees=[room_member],
    )
    board.card_comment_add(actor=room_owner, card=card, body="Basler sent a quote.")
    return card


def _url(room, card, tail=""):
    return f"/en/projectruimtes/{room.pk}/kaarten/{card.pk}/{tail}"


def test_the_board_shows_assignee_due_date_description_and_comment_count(room, card, room_member):
    html = _client(room_member).get(f"/en/projectruimtes/{room.pk}/deel/board/").content.decode()
    board_html = html[html.index('id="room-board"') :]
    assert "Mia Member" in board_html
    assert "A 16 mm lens for station 2." in board_html
    assert "1 comment" in board_html and "overdue" in board_html
    assert f'href="/en/projectruimtes/{room.pk}/kaarten/{card.pk}/"' in board_html


def test_members_see_the_card_with_its_comments_and_forms(room, card, room_member):
    response = _client(room_member).get(_url(room, card))
    html = response.content.decode()
    assert response.status_code == 200
    assert_csp_clean(html)
    assert "<h1" in html and "Order the lens" in html
    assert "Mia Member" in html and "A 16 mm lens for station 2." in html
    assert "Basler sent a quote." in html and "Olga Owner" in html
    assert f'action="/en/projectruimtes/{room.pk}/kaarten/{card.pk}/reacties/"' in html
    assert f'action="/en/projectruimtes/{room.pk}/kaarten/{card.pk}/bewerken/"' in html


def test_observers_read_without_forms_outsiders_and_visitors_do_not_see_it(
    room, card, room_observer, room_outsider
):
    html = _client(room_observer).get(_url(room, card)).content.decode()
    assert "Basler sent a quote." in html and "/reacties/" not in html and "/bewerken/" not in html
    # The section is about comments: not the chat's "Observers read along but do not post."
    assert "Observers read the comments but do not add any." in html
    assert "do not post" not in html
    assert _client(room_outsider).get(_url(room, card)).status_code == 404
    assert Client().get(_url(room, card)).status_code == 302
    assert (
        _client(room_observer).get(f"/projectruimtes/{room.pk}/kaarten/999999/").status_code == 404
    )


def test_members_edit_the_card_and_assign_only_room_members(
    room, card, room_owner, room_member, room_outsider
):
    client = _client(room_member)
    response = client.post(
        _url(room, card, "bewerken/"),
        {
            "title": "Order two lenses",
            "description": "16 mm and 25 mm.",
            "due_date": "2027-01-15",
            "assignees": [room_owner.pk, room_member.pk],
        },
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.title == "Order two lenses" and card.due_date == dt.date(2027, 1, 15)
    assert set(card.assignees.values_list("pk", flat=True)) == {room_owner.pk, room_member.pk}

    refused = client.post(
        _url(room, card, "bewerken/"), {"title": "Hijack", "assignees": [room_outsider.pk]}
    )
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()
    for bad in [{"title": ""}, {"title": "x", "due_date": "31-31-2026"}, {"title": "x" * 201}]:
        assert client.post(_url(room, card, "bewerken/"), bad).status_code == 400, bad
    card.refresh_from_db()
    assert card.title == "Order two lenses"


def test_only_contributors_edit_and_comment(room, card, room_owner, room_observer, room_outsider):
    assert (
        _client(room_observer).post(_url(room, card, "bewerken/"), {"title": "No"}).status_code
        == 403
    )
    assert (
        _client(room_observer).post(_url(room, card, "reacties/"), {"body": "No"}).status_code
        == 403
    )
    assert (
        _client(room_outsider).post(_url(room, card, "bewerken/"), {"title": "No"}).status_code
        == 404
    )
    assert (
        _client(room_outsider).post(_url(room, card, "reacties/"), {"body": "No"}).status_code
        == 404
    )
    assert Client().post(_url(room, card, "reacties/"), {"body": "No"}).status_code == 302
    assert Card.objects.get(pk=card.pk).title == "Order the lens"
    assert CardComment.objects.count() == 1

    response = _client(room_owner).post(_url(room, card, "reacties/"), {"body": "Ordered."})
    assert response.status_code == 302 and response["Location"].endswith("/#comments")
    assert list(CardComment.objects.values_list("body", flat=True)) == [
        "Basler sent a quote.",
        "Ordered.",
    ]
    assert (
        _client(room_owner).post(_url(room, card, "reacties/"), {"body": "  "}).status_code == 400
    )
    assert CardComment.objects.count() == 2
