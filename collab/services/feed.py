"""The activity feed and the events that go with a change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from collab.models import Activity, Room
from collab.payloads import activity_data
from collab.signals import emit


def change_announce(
    *,
    room: Room,
    actor: Any,
    verb: str,
    data: dict[str, Any],
    events: Iterable[dict[str, Any]],
    close_user_ids: Iterable[int] = (),
) -> Activity:
    """Record the change in the activity feed and announce it, with the feed entry, to the
    room. Call inside the transaction that makes the change; delivery happens after commit."""
    activity = Activity.objects.create(
        room=room, actor=actor if getattr(actor, "pk", None) else None, verb=verb, data=data
    )
    close = tuple(close_user_ids)
    for event in events:
        emit(room.pk, event, close_user_ids=close)
        close = ()
    emit(
        room.pk, {"type": "activity.created", "room": room.pk, "activity": activity_data(activity)}
    )
    return activity
