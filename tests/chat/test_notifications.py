"""Offline members get e-mail for mentions; everyone can have a digest of unread messages."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail

from chat.messages import message_send
from chat.models import Mention
from chat.presence import presence_open
from chat.read_state import read_mark
from chat.tasks import digest_send
from collab.models import RoomMember

pytestmark = pytest.mark.django_db


def _say(room, user, body):
    return message_send(user=user, room_id=room.pk, client_id=uuid.uuid4(), body=body)


def test_offline_members_get_an_email_when_mentioned(
    room, room_owner, room_member, room_observer, room_outsider, django_capture_on_commit_callbacks
):
    presence_open(room_id=room.pk, user_id=room_observer.pk)  # the observer is online
    with django_capture_on_commit_callbacks(execute=True):
        _say(
            room,
            room_owner,
            "@mia.member and @obi@vlaio.example please check; @otto too; mail me@owner",
        )
    assert [m.to for m in mail.outbox] == [[room_member.email]]
    assert "Vision inspection retrofit" in mail.outbox[0].subject
    assert f"/projectruimtes/{room.pk}/" in mail.outbox[0].body
    # Only members can be mentioned; the outsider was not even recorded.
    assert set(Mention.objects.values_list("user_id", flat=True)) == {
        room_member.pk,
        room_observer.pk,
    }


def test_members_can_turn_mention_emails_off(
    room, room_owner, room_member, django_capture_on_commit_callbacks
):
    RoomMember.objects.filter(user=room_member).update(email_mentions=False)
    with django_capture_on_commit_callbacks(execute=True):
        _say(room, room_owner, "@mia.member hello")
    assert mail.outbox == []


def test_digest_lists_unread_messages_once(room, room_owner, room_member, room_observer):
    RoomMember.objects.filter(user=room_observer).update(digest="weekly")
    for n in range(7):
        _say(room, room_owner, f"update {n}")
    read_mark(user=room_member, room_id=room.pk, seq=2)
    assert digest_send.call(frequency="daily") == 1  # the member; the owner sent them all
    (email,) = mail.outbox
    assert email.to == [room_member.email]
    assert "5 unread" in email.body or "5 ongelezen" in email.body
    assert "update 6" in email.body and "update 1" not in email.body
    assert digest_send.call(frequency="daily") == 0  # nothing new since
    assert digest_send.call(frequency="weekly") == 1
