"""What the hubs (chat/realtime.py) ask of the database: once a second per process, which
sockets lost their access; and, when a hub missed messages, those messages.

Removal from a room closes sockets at once (the member.removed event carries the close). The
watchdog covers everything that happens elsewhere — logout (the session is gone),
deactivation, a token deleted, access withdrawn by another app. Its queries are one batch per
process per tick, whatever the number of rooms; an idle room costs nothing more (missed
messages are no longer polled for: hubs notice gaps by seq and catch up after reconnecting).
Every HEARTBEAT_TICKS it also refreshes this process's presence rows and removes those of
processes that died, telling the rooms who went offline.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework.authtoken.models import Token

from chat import events, presence
from chat.messages import messages_missed
from chat.realtime import CLOSE_REVOKED, CatchUp, Hub, broadcast_on_commit
from collab import access
from collab.models import room_group


def _live_sessions(keys: set[str]) -> set[str]:
    if not keys:
        return set()
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store, "get_model_class"):
        model = store.get_model_class()
        return set(
            model.objects.filter(session_key__in=keys, expire_date__gt=timezone.now()).values_list(
                "session_key", flat=True
            )
        )
    return {key for key in keys if store().exists(key)}


def _verdict(
    pairs: set[tuple[int, int]], sessions: set[str], tokens: set[str], heartbeat: list[Any]
) -> tuple[set[tuple[int, int]], set[str], set[str]]:
    allowed = access.active_memberships(pairs)
    live_sessions = _live_sessions(sessions)
    live_tokens = (
        set(Token.objects.filter(key__in=tokens).values_list("key", flat=True)) if tokens else set()
    )
    if heartbeat:
        presence.presence_refresh(heartbeat)
        _announce_offline(presence.presence_sweep())
    return allowed, live_sessions, live_tokens


def _announce_offline(gone: list[tuple[int, int]]) -> None:
    users = get_user_model().objects.in_bulk({user_id for _room, user_id in gone})
    for room_id, user_id in gone:
        if user_id in users:
            offline = events.presence(room_id, users[user_id], False)
            broadcast_on_commit(room_group(room_id), offline)


async def watch(hub: Hub) -> None:
    """The watchdog installed in every hub (see chat.apps)."""
    sockets = hub.sockets()
    if not sockets:
        return
    pairs = {(s.meta["room"], s.user_id) for s in sockets}
    sessions = {s.meta["session"] for s in sockets if s.meta.get("session")}
    tokens = {s.meta["token"] for s in sockets if s.meta.get("token")}
    heartbeat = (
        [s.meta["presence"] for s in sockets] if hub.ticks % presence.HEARTBEAT_TICKS == 0 else []
    )
    allowed, live_sessions, live_tokens = await database_sync_to_async(_verdict)(
        pairs, sessions, tokens, heartbeat
    )
    for socket in sockets:
        session, token = socket.meta.get("session"), socket.meta.get("token")
        if (
            (socket.meta["room"], socket.user_id) not in allowed
            or (session and session not in live_sessions)
            or (token and token not in live_tokens)
        ):
            await hub.close_socket(socket, CLOSE_REVOKED)


async def fetch_missed(wanted: dict[str, int]) -> dict[str, CatchUp]:
    """The fetcher installed in every hub: missed message.created frames by room group."""
    rooms = {int(group.rsplit(".", 1)[1]): group for group in wanted}
    found = await database_sync_to_async(messages_missed)(
        {room: wanted[group] for room, group in rooms.items()}
    )
    return {rooms[room]: CatchUp(last, frames) for room, (last, frames) in found.items()}
