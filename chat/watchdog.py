"""Once a second per process: close sockets whose access went, notice missed doorbells.

Removal from a room closes sockets at once (the member.removed event carries the close). This
covers everything that happens elsewhere — logout (the session is gone), deactivation, a token
deleted, access withdrawn by another app — and a process that missed events because the
channel layer dropped them or Redis restarted: when the database has messages the hub never
announced for two ticks in a row, the room's sockets are told to sync.
"""

from __future__ import annotations

import weakref
from importlib import import_module
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from chat import presence
from chat.realtime import CLOSE_REVOKED, Hub
from collab import access
from collab.models import Room

# hub → group → the database's seq that was already ahead of the hub at the previous tick
_lagging: weakref.WeakKeyDictionary[Hub, dict[str, int]] = weakref.WeakKeyDictionary()


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
    pairs: set[tuple[int, int]],
    sessions: set[str],
    tokens: set[str],
    rooms: set[int],
    heartbeat: list[Any],
) -> tuple[set[tuple[int, int]], set[str], set[str], dict[int, int]]:
    allowed = access.active_memberships(pairs)
    live_sessions = _live_sessions(sessions)
    live_tokens = (
        set(Token.objects.filter(key__in=tokens).values_list("key", flat=True)) if tokens else set()
    )
    seqs = dict(Room.objects.filter(pk__in=rooms).values_list("pk", "last_seq"))
    presence.presence_refresh(heartbeat)
    return allowed, live_sessions, live_tokens, seqs


async def watch(hub: Hub) -> None:
    """The watchdog installed in every hub (see chat.apps)."""
    sockets = hub.sockets()
    if not sockets:
        return
    pairs = {(s.meta["room"], s.user_id) for s in sockets}
    sessions = {s.meta["session"] for s in sockets if s.meta.get("session")}
    tokens = {s.meta["token"] for s in sockets if s.meta.get("token")}
    rooms = {s.meta["room"] for s in sockets}
    heartbeat = (
        [s.meta["presence"] for s in sockets] if hub.ticks % presence.HEARTBEAT_TICKS == 0 else []
    )
    allowed, live_sessions, live_tokens, seqs = await database_sync_to_async(_verdict)(
        pairs, sessions, tokens, rooms, heartbeat
    )
    for socket in sockets:
        session, token = socket.meta.get("session"), socket.meta.get("token")
        if (
            (socket.meta["room"], socket.user_id) not in allowed
            or (session and session not in live_sessions)
            or (token and token not in live_tokens)
        ):
            await hub.close_socket(socket, CLOSE_REVOKED)
    lagging = _lagging.setdefault(hub, {})
    for group in list(hub.groups):
        db_seq = seqs.get(int(group.rsplit(".", 1)[1]), 0)
        if db_seq <= hub.seen_seq.get(group, 0):
            lagging.pop(group, None)
        elif lagging.get(group) == db_seq:
            # Two ticks and still no doorbell for it: assume it was lost.
            hub.seen_seq[group] = db_seq
            lagging.pop(group, None)
            await hub.resync(group)
        else:
            lagging[group] = db_seq
