"""Journey 4: the winner and the owner meet in the award's project room and chat live, each
in a browser of their own: a message sent in one appears in the other without a reload."""

from __future__ import annotations

import re

import pytest

from chat.models import Message
from collab.models import Room
from tests.e2e.conftest import sign_in
from tests.e2e.worlds import awarded_with_room
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def open_room(page, site, room: Room) -> None:
    page.goto(site.at("/projectruimtes/", "en"))
    page.locator("main").get_by_role("link", name=str(room)).first.click()
    page.wait_for_url(re.compile(rf"/projectruimtes/{room.pk}/$"))
    # Online once the socket is open and synced.
    page.locator("[data-room-status].is-online").wait_for()


def send(page, text: str) -> None:
    form = page.locator("[data-chat-form]")
    form.locator("textarea[name=body]").fill(text)
    form.get_by_role("button", name="Send").click()


def test_winner_and_owner_chat_live_in_the_award_room(site, open_page, capture):
    world = awarded_with_room()
    room = Room.objects.get(source_kind="award")
    owner = open_page("en")
    winner = open_page("en", width=390)
    sign_in(owner, site, world.owner.email, PASSWORD, "en")
    sign_in(winner, site, world.solver.email, PASSWORD, "en")
    open_room(owner, site, room)
    open_room(winner, site, room)

    send(owner, "Welkom! Wanneer kan de lascel geleverd worden?")
    arrived = winner.locator("[data-chat-log] .chat-message", has_text="Wanneer kan de lascel")
    arrived.wait_for(timeout=10_000)
    assert world.owner.first_name in arrived.locator(".chat-sender").inner_text()

    send(winner, "Over drie weken, na de proefreeks.")
    reply = owner.locator("[data-chat-log] .chat-message", has_text="Over drie weken")
    reply.wait_for(timeout=10_000)
    # Each message once, in order, for both.
    for page in (owner, winner):
        bodies = page.locator("[data-chat-log] .chat-body").all_inner_texts()
        assert bodies[-2:] == [
            "Welkom! Wanneer kan de lascel geleverd worden?",
            "Over drie weken, na de proefreeks.",
        ]
    stored = Message.objects.filter(room=room).order_by("seq")
    assert list(stored.values_list("seq", flat=True)) == [1, 2]
    capture(owner, "j4-room")
    owner.goto(site.at("/projectruimtes/", "en"))
    capture(owner, "j4-room-list")
