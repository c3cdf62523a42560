"""Presence expires with the process that held it: rows not refreshed for FRESH_SECONDS (a
Daphne process that crashed) are removed by the survivors' heartbeat, and the room is told
who went offline; a member still connected elsewhere stays online."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from chat.models import Presence
from chat.presence import FRESH_SECONDS, is_online, presence_open, presence_sweep

pytestmark = pytest.mark.django_db


def test_rows_of_a_dead_process_are_swept_and_their_users_announced_offline(
    room, room_owner, room_member
):
    presence_open(room_id=room.pk, user_id=room_owner.pk)  # alive
    dead = [
        presence_open(room_id=room.pk, user_id=room_member.pk),
        presence_open(room_id=room.pk, user_id=room_owner.pk),
    ]
    long_ago = timezone.now() - timedelta(seconds=FRESH_SECONDS + 5)
    Presence.objects.filter(pk__in=dead).update(last_seen=long_ago)

    assert presence_sweep() == [(room.pk, room_member.pk)]
    assert not Presence.objects.filter(pk__in=dead).exists()
    assert is_online(room_id=room.pk, user_id=room_owner.pk)
    assert not is_online(room_id=room.pk, user_id=room_member.pk)
    assert presence_sweep() == []
