"""Who is connected to a room right now (ephemeral; shared by all processes through the
database, because another process's sockets are invisible to this one)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from chat.models import Presence

FRESH_SECONDS = 60  # a row not refreshed for this long belongs to a process that died
HEARTBEAT_TICKS = 15  # watchdog ticks between refreshes


def presence_open(*, room_id: int, user_id: int) -> uuid.UUID:
    return Presence.objects.create(room_id=room_id, user_id=user_id, last_seen=timezone.now()).pk


def presence_close(*, presence_id: uuid.UUID, room_id: int, user_id: int) -> bool:
    """Forget one connection; True when the user has no other live connection to the room."""
    Presence.objects.filter(pk=presence_id).delete()
    return not is_online(room_id=room_id, user_id=user_id)


def presence_refresh(ids: list[Any]) -> None:
    if ids:
        Presence.objects.filter(pk__in=ids).update(last_seen=timezone.now())


def presence_sweep() -> list[tuple[int, int]]:
    """Remove the rows of processes that died (not refreshed for FRESH_SECONDS); return the
    (room, user) pairs that have no live connection left, to be announced offline."""
    since = timezone.now() - timedelta(seconds=FRESH_SECONDS)
    stale = list(
        Presence.objects.filter(last_seen__lte=since).values_list("pk", "room_id", "user_id")
    )
    if not stale:
        return []
    Presence.objects.filter(pk__in=[pk for pk, _room, _user in stale]).delete()
    pairs = {(room, user) for _pk, room, user in stale}
    still = set(
        Presence.objects.filter(
            room_id__in={room for room, _u in pairs},
            user_id__in={user for _r, user in pairs},
            last_seen__gt=since,
        ).values_list("room_id", "user_id")
    )
    return sorted(pairs - still)


def is_online(*, room_id: int, user_id: int) -> bool:
    since = timezone.now() - timedelta(seconds=FRESH_SECONDS)
    return Presence.objects.filter(room_id=room_id, user_id=user_id, last_seen__gt=since).exists()


def online_user_ids(room_id: int) -> set[int]:
    since = timezone.now() - timedelta(seconds=FRESH_SECONDS)
    return set(
        Presence.objects.filter(room_id=room_id, last_seen__gt=since).values_list(
            "user_id", flat=True
        )
    )
