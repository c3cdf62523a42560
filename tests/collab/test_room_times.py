"""Times in a room read in the reader's zone and language: chat history after a reload is
written like a live message (24-hour "HH:MM" in the person's zone, Europe/Brussels by
default), and the activity feed says how long ago in a sentence of the page's language."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from chat.messages import message_send
from chat.models import Message
from collab.models import Activity

pytestmark = pytest.mark.django_db

# 16:32 UTC on a summer day is 18:32 in Brussels (CEST) and 12:32 in New York (EDT).
SENT = datetime(2026, 7, 1, 16, 32, tzinfo=UTC)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _message_at(room, sender, moment):
    sent = message_send(user=sender, room_id=room.pk, client_id=uuid.uuid4(), body="Hallo")
    Message.objects.filter(pk=sent.ack["id"]).update(created_at=moment)


def _chat_time(html: str) -> str:
    start = html.index('<time class="chat-time"')
    return html[html.index(">", start) + 1 : html.index("</time>", start)]


@pytest.mark.parametrize("prefix", ["", "/en", "/fr"])
def test_chat_history_is_in_brussels_time_by_default_in_every_language(
    room, room_owner, room_member, prefix
):
    _message_at(room, room_owner, SENT)
    html = _client(room_member).get(f"{prefix}/projectruimtes/{room.pk}/").content.decode()
    assert _chat_time(html) == "18:32"  # not 16:32 (UTC), not "6:32 p.m."
    assert 'data-time-zone="Europe/Brussels"' in html  # live messages use the same zone


def test_chat_history_and_live_messages_use_the_readers_own_zone(room, room_owner, room_member):
    room_member.time_zone = "America/New_York"
    room_member.save(update_fields=["time_zone"])
    _message_at(room, room_owner, SENT)
    html = _client(room_member).get(f"/en/projectruimtes/{room.pk}/").content.decode()
    assert _chat_time(html) == "12:32"
    assert 'data-time-zone="America/New_York"' in html
    # The sender, in the default zone, sees the same message at Brussels time.
    assert _chat_time(_client(room_owner).get(f"/projectruimtes/{room.pk}/").content.decode()) == (
        "18:32"
    )


@pytest.mark.parametrize(
    ("prefix", "phrase"),
    [("", "5 minuten geleden"), ("/en", "5 minutes ago"), ("/fr", "il y a 5 minutes")],
)
def test_activity_says_how_long_ago_in_the_page_language(room, room_member, prefix, phrase):
    Activity.objects.filter(room=room).update(created_at=timezone.now() - timedelta(minutes=5))
    html = _client(room_member).get(f"{prefix}/projectruimtes/{room.pk}/").content.decode()
    assert phrase in html.replace("\xa0", " ")  # Django joins number and unit unbreakably


def test_activity_of_this_minute_is_just_now(room, room_member):
    html = _client(room_member).get(f"/en/projectruimtes/{room.pk}/").content.decode()
    assert "just now" in html
    assert "0 minutes" not in html


def test_a_person_chooses_their_time_zone_on_the_profile_page(room, room_owner, room_member):
    from tests.frontend.test_people import _profile_data

    client = _client(room_member)
    page = client.get("/en/mijn-profiel/").content.decode()
    assert '<option value="Europe/Brussels" selected>Europe/Brussels</option>' in page
    refused = client.post("/en/mijn-profiel/", _profile_data(time_zone="Mars/Olympus_Mons"))
    assert refused.status_code == 400
    room_member.refresh_from_db()
    assert room_member.time_zone == "Europe/Brussels"
    saved = client.post("/en/mijn-profiel/", _profile_data(time_zone="America/New_York"))
    assert saved.status_code == 302
    room_member.refresh_from_db()
    assert room_member.time_zone == "America/New_York"
    _message_at(room, room_owner, SENT)
    assert _chat_time(client.get(f"/en/projectruimtes/{room.pk}/").content.decode()) == "12:32"
