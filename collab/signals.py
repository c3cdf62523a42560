"""How collab announces a change to a room without knowing who listens.

Collab sits below chat in the dependency order, so it cannot call the real-time broadcaster
itself. Services send `room_event` inside their transaction with the finished event (a dict
whose shape is documented in chat/events.py); chat connects the receiver that broadcasts it
after commit. Explicit sends from service code, never model-save hooks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.dispatch import Signal

room_event = Signal()


def emit(room_id: int, event: dict[str, Any], *, close_user_ids: Iterable[int] = ()) -> None:
    """Announce `event` to the room; the sockets of `close_user_ids` are closed after it."""
    room_event.send(sender=None, room_id=room_id, event=event, close_user_ids=tuple(close_user_ids))
