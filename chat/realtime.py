"""Fan-out of room events to websockets: one channel-layer message per process per event.

A stock Channels set-up gives every socket its own channel and reaches it with `group_send`,
which costs one layer message, one deserialisation and one JSON encoding per delivered frame.
Here each process (strictly: each event loop) keeps a `Hub`, a registry of its local sockets
by room group. The hub joins the layer group of a room once, with one process-level channel,
as long as it has at least one socket in that room. One reader task receives from that channel
and writes the frame — serialised once, by the publisher — to every local socket of the room
through the socket's ASGI `send`.

The layer is only a doorbell (it may drop messages, and Redis may restart): PostgreSQL is the
truth and clients catch up with `sync`. The hub therefore survives layer errors, re-joins its
groups after an outage and periodically (Redis forgets groups when it restarts), and tells its
sockets to sync when it may have missed something. A pluggable watchdog (set by the chat app)
runs once a second to close sockets whose access was revoked and to spot missed doorbells.

This module imports none of our apps: it moves opaque, pre-encoded frames.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

LAYER_MESSAGE_TYPE = "room.frame"
REFRESH_SECONDS = 5.0  # re-join groups: they expire, and vanish when Redis restarts
WATCH_SECONDS = 1.0  # watchdog period; revoked sockets close within about this long
CLOSE_REVOKED = 4403

Send = Callable[[dict[str, Any]], Awaitable[None]]
Watchdog = Callable[["Hub"], Awaitable[None]]

_watchdog: Watchdog | None = None


def set_watchdog(watchdog: Watchdog | None) -> None:
    """Install the coroutine every hub runs each WATCH_SECONDS while it has sockets."""
    global _watchdog
    _watchdog = watchdog


def encode(event: dict[str, Any]) -> str:
    """The one place an event becomes text."""
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False)


@dataclass(eq=False)
class LocalSocket:
    """A websocket connected to this process, as the hub sees it."""

    group: str
    user_id: int
    send: Send
    resync_text: str = ""  # sent when the hub may have missed events of the group
    meta: dict[str, Any] = field(default_factory=dict)
    closed: bool = False


def layer_message(
    group: str,
    event: dict[str, Any],
    *,
    seq: int | None = None,
    close_user_ids: Iterable[int] = (),
    close_code: int = CLOSE_REVOKED,
) -> dict[str, Any]:
    """The channel-layer message for one room event: the frame text, encoded once."""
    message: dict[str, Any] = {"type": LAYER_MESSAGE_TYPE, "group": group, "text": encode(event)}
    if seq is not None:
        message["seq"] = seq
    close = list(close_user_ids)
    if close:
        message["close"] = close
        message["close_code"] = close_code
    return message


class Hub:
    """The local sockets of one event loop by group, and the tasks that feed them."""

    def __init__(self) -> None:
        self.layer = get_channel_layer()
        self.groups: dict[str, set[LocalSocket]] = {}
        self.seen_seq: dict[str, int] = {}  # highest message seq announced per group
        self.channel: str | None = None
        self.ticks = 0
        self._subscribed: set[str] = set()
        self._subscription_lock = asyncio.Lock()
        self._outbox: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        self._local: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._tasks: dict[str, asyncio.Task[None]] = {}

    # --- sockets ------------------------------------------------------------------------------

    async def join(self, socket: LocalSocket, *, seq: int = 0) -> None:
        """Register a socket; the first one of a group subscribes the process to it."""
        if self.layer is None:
            return
        if self.channel is None:
            self.channel = await self.layer.new_channel(prefix="rooms")
        self.groups.setdefault(socket.group, set()).add(socket)
        self.seen_seq[socket.group] = max(self.seen_seq.get(socket.group, 0), seq)
        await self._subscription(socket.group)
        self._ensure("reader", self._read)
        self._ensure("refresher", self._refresh)
        self._ensure("watchdog", self._watch)

    async def leave(self, socket: LocalSocket) -> None:
        """Forget a socket (idempotent); the last one of a group unsubscribes the process."""
        socket.closed = True
        members = self.groups.get(socket.group)
        if not members or socket not in members:
            return
        members.discard(socket)
        if not members:
            del self.groups[socket.group]
            self.seen_seq.pop(socket.group, None)
            await self._subscription(socket.group)
        if not self.groups:
            self._stop("reader", "refresher", "watchdog")

    async def close_socket(self, socket: LocalSocket, code: int) -> None:
        """Stop delivering to a socket and close it."""
        if socket.closed:
            return
        await self.leave(socket)
        try:
            await socket.send({"type": "websocket.close", "code": code})
        except Exception:  # the connection may already be gone
            logger.debug("closing a socket failed", exc_info=True)

    def sockets(self) -> list[LocalSocket]:
        return [socket for members in self.groups.values() for socket in members]

    async def resync(self, group: str) -> None:
        """Ask every local socket of the group to sync: we may have missed its events."""
        for socket in tuple(self.groups.get(group, ())):
            if socket.resync_text and not socket.closed:
                await self._write(socket, {"type": "websocket.send", "text": socket.resync_text})

    async def drain(self) -> None:
        """Wait until the hub's tasks have ended (tests call this before their loop closes)."""
        tasks = [task for task in self._tasks.values() if task is not asyncio.current_task()]
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    # --- delivery -----------------------------------------------------------------------------

    def enqueue(self, group: str, message: dict[str, Any]) -> None:
        """Publish a layer message from this loop, in order, without waiting for Redis.

        This process's own sockets get it directly (no Redis round trips on their path); the
        copy that comes back through the layer is skipped by the reader."""
        if group in self.groups and self.channel is not None:
            message = dict(message, origin=self.channel)
            self._local.put_nowait(message)
            self._ensure("local", self._deliver_local)
        self._outbox.put_nowait((group, message))
        self._ensure("publisher", self._publish)

    async def deliver(self, message: dict[str, Any]) -> None:
        """Write one layer message to every local socket of its group."""
        group, text = message.get("group"), message.get("text")
        if not isinstance(group, str) or not isinstance(text, str):
            return
        seq = message.get("seq")
        if isinstance(seq, int) and seq > self.seen_seq.get(group, 0) and group in self.groups:
            self.seen_seq[group] = seq
        sockets = self.groups.get(group)
        if not sockets:
            return
        frame = {"type": "websocket.send", "text": text}
        for socket in tuple(sockets):
            if not socket.closed:
                await self._write(socket, frame)
        close = message.get("close")
        if close:
            code = int(message.get("close_code", CLOSE_REVOKED))
            for socket in tuple(sockets):
                if socket.user_id in close:
                    await self.close_socket(socket, code)

    @staticmethod
    async def _write(socket: LocalSocket, frame: dict[str, Any]) -> None:
        try:
            await socket.send(frame)
        except Exception:  # one broken socket must not starve the others
            logger.debug("writing to a socket failed", exc_info=True)

    # --- tasks --------------------------------------------------------------------------------

    def _ensure(self, name: str, factory: Callable[[], Awaitable[None]]) -> None:
        task = self._tasks.get(name)
        if task is None or task.done():
            self._tasks[name] = asyncio.ensure_future(factory())

    def _stop(self, *names: str) -> None:
        current = asyncio.current_task()
        for name in names:
            task = self._tasks.pop(name, None)
            if task is not None and task is not current and not task.done():
                task.cancel()

    async def _subscription(self, group: str) -> None:
        # Serialised, and decided inside the lock, so a leave and a join racing on the same
        # group cannot end unsubscribed while a socket is waiting.
        async with self._subscription_lock:
            wanted = bool(self.groups.get(group))
            if wanted == (group in self._subscribed) or self.channel is None:
                return
            try:
                if wanted:
                    await self.layer.group_add(group, self.channel)
                    self._subscribed.add(group)
                else:
                    self._subscribed.discard(group)
                    await self.layer.group_discard(group, self.channel)
            except Exception:
                logger.warning("channel layer unavailable for %s; will retry", group)

    async def _resubscribe(self) -> None:
        async with self._subscription_lock:
            for group in list(self.groups):
                await self.layer.group_add(group, self.channel)
                self._subscribed.add(group)

    async def _read(self) -> None:
        backoff = 0.05
        outage = False
        while self.groups:
            try:
                if outage:
                    await self._resubscribe()
                    for group in list(self.groups):
                        await self.resync(group)
                    outage = False
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("channel layer receive failed; retrying in %.2fs", backoff)
                outage = True
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 2.0)
                continue
            backoff = 0.05
            if message.get("origin") != self.channel:
                await self.deliver(message)

    async def _deliver_local(self) -> None:
        while not self._local.empty():
            await self.deliver(self._local.get_nowait())

    async def _publish(self) -> None:
        while not self._outbox.empty():
            group, message = self._outbox.get_nowait()
            try:
                await self.layer.group_send(group, message)
            except asyncio.CancelledError:
                raise
            except Exception:
                # Not fatal: the event is in PostgreSQL and the watchdog or the next event
                # makes clients sync.
                logger.warning("channel layer send to %s failed", group, exc_info=True)

    async def _refresh(self) -> None:
        while self.groups:
            await asyncio.sleep(REFRESH_SECONDS)
            try:
                await self._resubscribe()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("channel layer unavailable; group refresh failed")

    async def _watch(self) -> None:
        while self.groups:
            await asyncio.sleep(WATCH_SECONDS)
            self.ticks += 1
            if _watchdog is None:
                continue
            try:
                await _watchdog(self)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("room socket watchdog failed")


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """The hub of the running event loop (one per process under Daphne)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = Hub()
    return found


async def publish(group: str, message: dict[str, Any]) -> None:
    """Send a layer message to a group: through the loop's hub when it has one (ordered and
    non-blocking), directly otherwise (a management command, a sync test)."""
    found = _hubs.get(asyncio.get_running_loop())
    if found is not None and found.layer is not None:
        found.enqueue(group, message)
        return
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        await layer.group_send(group, message)
    except Exception:
        logger.warning("channel layer send to %s failed", group, exc_info=True)


def _publish_from_sync(group: str, message: dict[str, Any]) -> None:
    # In a database thread of a running server (sync_to_async), hand the message to that
    # loop's hub without waiting: this runs once per message on the hot path.
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    found = _hubs.get(loop) if loop is not None else None
    if loop is not None and found is not None and found.layer is not None and loop.is_running():
        loop.call_soon_threadsafe(found.enqueue, group, message)
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is not None:
        # Called from code that runs inside an event loop of this very thread (a sync callback
        # of an async caller): schedule the send on that loop instead of blocking it.
        running.create_task(publish(group, message))
        return
    async_to_sync(publish)(group, message)


def broadcast_on_commit(
    group: str,
    event: dict[str, Any],
    *,
    seq: int | None = None,
    close_user_ids: Iterable[int] = (),
    close_code: int = CLOSE_REVOKED,
) -> None:
    """Broadcast `event` to every socket of `group` once the current transaction commits
    (at once outside a transaction). The event is encoded now, once, for all recipients;
    `seq` is a message sequence number the hubs track to notice missed doorbells; the sockets
    of `close_user_ids` are closed after the event."""
    message = layer_message(
        group, event, seq=seq, close_user_ids=close_user_ids, close_code=close_code
    )
    transaction.on_commit(partial(_publish_from_sync, group, message), robust=True)


async def broadcast(group: str, event: dict[str, Any]) -> None:
    """Broadcast an ephemeral event (typing, presence) from async code; nothing is stored."""
    await publish(group, layer_message(group, event))
