"""Fan-out of room events to websockets: one broker message per process per event, and each
room's messages on the wire in seq order, however many processes publish them.

Cost. A stock Channels set-up gives every socket its own channel and reaches it with
`group_send`: one layer message, one deserialisation and one JSON encoding per delivered
frame. Here each process (strictly: each event loop) keeps a `Hub`, a registry of its local
sockets by room group. The hub subscribes its broker link (chat/broker.py, Redis pub/sub) to
a room's channel while it has sockets in that room and writes each event — serialised once,
by the publisher — to every local socket of the room through the socket's ASGI `send`.

Order. Sequence numbers are taken under the room's row lock, so the database commits a room's
messages in seq order — but two processes publish after their commits, and a process hands
its own events to its sockets directly (no Redis round trip) while the others' come through
Redis: with two processes 12–19 % of frames used to arrive out of order, and every client
that saw 41 before 40 had to sync. Now every `message.created` goes through a per-room
reorder buffer in the hub: it is written when it is the next seq; a later one waits at most
HOLD_SECONDS for the missing one, then the hub fetches the missing seqs from the database
itself (one query for the room, not one sync per client) and writes them in order. Other
events of the room wait behind the messages that arrived before them. A client therefore sees
1, 2, 3… and a gap is a real fault.

Faults. PostgreSQL is the truth and the broker only a doorbell. When the link to the broker
breaks (Redis restarts, is paused, drops us), the hub reconnects with backoff, re-subscribes,
and once Redis confirms a subscription fetches what the room got meanwhile — so does a room's
first subscription, which may have missed events while it was being set up. Connecting never
waits for the broker: a socket is registered locally at once and answers from the database;
live fan-out resumes when the broker does. Only when a room missed more than a fetch brings
back (CATCH_UP_LIMIT messages) are its sockets told `sync.required`. Publishing goes through
a bounded outbox that retries while the broker is away.

Slow readers. Daphne buffers without limit what the application sends; a socket whose
server-side buffer passes settings.WEBSOCKET_MAX_BUFFER_BYTES is closed with CLOSE_SLOW (its
client reconnects and syncs) instead of growing the process.

A pluggable watchdog (set by the chat app) runs once a second to close sockets whose access
was revoked; a pluggable fetcher (also set by the chat app) reads missed messages. This
module imports none of our apps: it moves opaque, pre-encoded frames.
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import itertools
import json
import logging
import uuid
import weakref
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.db import transaction

from chat import broker as brokers

logger = logging.getLogger(__name__)

HOLD_SECONDS = 0.25  # how long a message waits for an earlier one before the hub fetches it
CATCH_UP_LIMIT = 500  # missed messages a hub fetches for a room; beyond, its sockets sync
WATCH_SECONDS = 1.0  # watchdog period; revoked sockets close within about this long
OUTBOX_LIMIT = 10_000  # events waiting for the broker; the oldest are dropped beyond
PUBLISH_GIVE_UP_SECONDS = 30.0  # an event not published by then is left to the database
# How long drain() waits for the hub's tasks (and then for their cancellation, and for the
# broker to close) before it goes on without them: a task stuck on a dead connection must
# not hang a shutdown or a test's event loop.
DRAIN_SECONDS = 5.0
BACKOFF_MIN, BACKOFF_MAX = 0.1, 1.0  # retries against the broker and the database
CLOSE_REVOKED = 4403
CLOSE_SLOW = 4507

Send = Callable[[dict[str, Any]], Awaitable[None]]
Watchdog = Callable[["Hub"], Awaitable[None]]


@dataclass(frozen=True)
class CatchUp:
    """What a room has after a seq: its last seq and the message.created frames found (at
    most CATCH_UP_LIMIT, in seq order)."""

    last_seq: int
    frames: list[tuple[int, str]]


# group → the first seq wanted; returns what the database has from there.
Fetcher = Callable[[dict[str, int]], Awaitable[dict[str, CatchUp]]]

_watchdog: Watchdog | None = None
_fetcher: Fetcher | None = None


def set_watchdog(watchdog: Watchdog | None) -> None:
    """Install the coroutine every hub runs each WATCH_SECONDS while it has sockets."""
    global _watchdog
    _watchdog = watchdog


def set_fetcher(fetcher: Fetcher | None) -> None:
    """Install the coroutine hubs call to read messages they missed."""
    global _fetcher
    _fetcher = fetcher


def encode(event: dict[str, Any]) -> str:
    """The one place an event becomes text."""
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class RoomEvent:
    """One event for a room's sockets: the frame text, encoded once by the publisher."""

    group: str
    text: str
    seq: int | None = None  # set on message.created: the hubs order and gap-fill by it
    close: tuple[int, ...] = ()  # users whose sockets close after the event
    close_code: int = CLOSE_REVOKED
    origin: str = ""  # the publishing hub, which skips its own copy

    def wire(self) -> bytes:
        head: dict[str, Any] = {"o": self.origin}
        if self.seq is not None:
            head["s"] = self.seq
        if self.close:
            head["c"], head["cc"] = list(self.close), self.close_code
        return (encode(head) + "\n" + self.text).encode()

    @classmethod
    def from_wire(cls, group: str, data: bytes) -> RoomEvent:
        head, _, text = data.decode().partition("\n")
        meta = json.loads(head)
        return cls(
            group=group,
            text=text,
            seq=meta.get("s"),
            close=tuple(meta.get("c", ())),
            close_code=int(meta.get("cc", CLOSE_REVOKED)),
            origin=str(meta.get("o", "")),
        )


def room_event(
    group: str,
    event: dict[str, Any],
    *,
    seq: int | None = None,
    close_user_ids: Iterable[int] = (),
    close_code: int = CLOSE_REVOKED,
) -> RoomEvent:
    return RoomEvent(group, encode(event), seq, tuple(close_user_ids), close_code)


@dataclass(eq=False)
class LocalSocket:
    """A websocket connected to this process, as the hub sees it."""

    group: str
    user_id: int
    send: Send
    resync_text: str = ""  # sent when the hub cannot fill what the room missed
    meta: dict[str, Any] = field(default_factory=dict)
    floor: int = 0  # the room's last seq when the socket opened: its client syncs up to it
    buffered: Callable[[], int] | None = None  # bytes the server holds for the client
    closed: bool = False


@dataclass(eq=False)
class RoomState:
    """A room group as one hub sees it."""

    sockets: set[LocalSocket] = field(default_factory=set)
    next_seq: int = 1  # the next message.created to write
    held: list[tuple[int, int, int, RoomEvent]] = field(default_factory=list)
    max_held: int = 0
    timer: asyncio.TimerHandle | None = None
    confirmed: bool = False  # the broker confirmed the subscription on the current link
    catch_up: bool = True  # fetch from the database once confirmed


_order = itertools.count()


class Hub:
    """The local sockets of one event loop by room, and the tasks that feed them."""

    def __init__(self) -> None:
        self.broker: brokers.Broker = brokers.broker_for_loop()
        self.origin = uuid.uuid4().hex
        self._own = RoomEvent("", "", origin=self.origin).wire().split(b"}", 1)[0]
        self.rooms: dict[str, RoomState] = {}
        self.ticks = 0
        self.stats = {"held": 0, "fetched": 0, "fetches": 0, "resyncs": 0, "slow_closed": 0}
        self._subscribed: set[str] = set()  # channels subscribed on the current link
        self._subscriptions_changed = asyncio.Event()
        self._ready: deque[tuple[str, RoomEvent | None]] = deque()  # (group, event|resync)
        self._writing = False
        self._to_fetch: set[str] = set()
        self._outbox: deque[tuple[float, str, bytes]] = deque()
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._stopping: set[asyncio.Task[None]] = set()

    # --- sockets ------------------------------------------------------------------------------

    def join(self, socket: LocalSocket) -> None:
        """Register a socket (at once: nothing waits for the broker); the first one of a
        room subscribes the process to it, in the background."""
        room = self.rooms.get(socket.group)
        if room is None:
            room = self.rooms[socket.group] = RoomState(next_seq=socket.floor + 1)
            self._subscriptions_changed.set()
            if socket.group in self._subscribed:  # the link never let go of it
                room.confirmed, room.catch_up = True, False
                self._request_fetch(socket.group)
        room.sockets.add(socket)
        self._ensure("link", self._run_link)
        self._ensure("watchdog", self._watch)

    def leave(self, socket: LocalSocket) -> None:
        """Forget a socket (idempotent); the last one of a room unsubscribes the process."""
        socket.closed = True
        room = self.rooms.get(socket.group)
        if room is None or socket not in room.sockets:
            return
        room.sockets.discard(socket)
        if not room.sockets:
            if room.timer is not None:
                room.timer.cancel()
            del self.rooms[socket.group]
            self._subscriptions_changed.set()
        if not self.rooms:
            self._stop("link", "watchdog")

    async def close_socket(self, socket: LocalSocket, code: int) -> None:
        """Stop delivering to a socket and close it."""
        if socket.closed:
            return
        self.leave(socket)
        try:
            await socket.send({"type": "websocket.close", "code": code})
        except Exception:  # the connection may already be gone
            logger.debug("closing a socket failed", exc_info=True)

    def sockets(self) -> list[LocalSocket]:
        return [socket for room in self.rooms.values() for socket in room.sockets]

    async def shutdown(self) -> None:
        """Stop every task and close the broker connections."""
        for task in (*self._tasks.values(), *self._stopping):
            if task is not asyncio.current_task():
                task.cancel()
        await self.drain()

    async def drain(self) -> None:
        """Wait until the hub's tasks have ended and close its broker connections (tests call
        this before their event loop closes)."""
        tasks = [
            task
            for task in (*self._tasks.values(), *self._stopping)
            if task is not asyncio.current_task()
        ]
        if tasks:
            _done, pending = await asyncio.wait(tasks, timeout=DRAIN_SECONDS)
            if pending:
                logger.warning(
                    "hub tasks still running after %.0f s were cancelled: %s",
                    DRAIN_SECONDS,
                    _task_names(pending),
                )
                for task in pending:
                    task.cancel()
                _done, stuck = await asyncio.wait(pending, timeout=DRAIN_SECONDS)
                if stuck:
                    logger.error("hub tasks ignored their cancellation: %s", _task_names(stuck))
            for task in tasks:  # their failures were logged where they happened
                if task.done() and not task.cancelled():
                    task.exception()
        try:
            await asyncio.wait_for(self.broker.close(), DRAIN_SECONDS)
        except TimeoutError:
            logger.warning("the room event broker did not close within %.0f s", DRAIN_SECONDS)
        brokers.forget_broker()
        _hubs.pop(asyncio.get_running_loop(), None)

    # --- publishing ---------------------------------------------------------------------------

    def enqueue(self, event: RoomEvent) -> None:
        """Publish an event from this loop without waiting for the broker. This process's
        own sockets get it directly, through the same ordering as everyone else's events."""
        event = replace(event, origin=self.origin)
        if event.group in self.rooms:
            self._arrive(event)
        loop = asyncio.get_running_loop()
        self._outbox.append((loop.time(), event.group, event.wire()))
        if len(self._outbox) > OUTBOX_LIMIT:
            self._outbox.popleft()
            logger.warning("room event outbox full; dropped the oldest event")
        self._ensure("publisher", self._publish)

    async def _publish(self) -> None:
        loop = asyncio.get_running_loop()
        backoff = BACKOFF_MIN
        while self._outbox:
            batch = [self._outbox[i] for i in range(min(len(self._outbox), 500))]
            try:
                await self.broker.publish([(group, data) for _t, group, data in batch])
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # Not fatal: the events are in PostgreSQL; the other hubs fill gaps and catch
                # up after their own reconnect. Keep trying for a while, oldest first.
                logger.warning("publishing room events failed (%s); retrying", exc)
                cutoff = loop.time() - PUBLISH_GIVE_UP_SECONDS
                while self._outbox and self._outbox[0][0] < cutoff:
                    self._outbox.popleft()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX)
                continue
            backoff = BACKOFF_MIN
            for _ in batch:
                self._outbox.popleft()

    # --- ordering -----------------------------------------------------------------------------

    def _arrive(self, event: RoomEvent) -> None:
        """Take one event of a room into its order; what may be written now is queued for the
        writer, in order. Synchronous, so arrivals from any task cannot interleave."""
        room = self.rooms.get(event.group)
        if room is None:
            return
        if event.seq is None:
            if room.held:  # after the messages that arrived before it
                heapq.heappush(room.held, (room.max_held, 1, next(_order), event))
            else:
                self._ready.append((event.group, event))
        elif event.seq < room.next_seq:
            return  # already written (the local copy, a fetch, a duplicate)
        elif event.seq == room.next_seq and not room.held:
            room.next_seq += 1
            self._ready.append((event.group, event))
        else:
            heapq.heappush(room.held, (event.seq, 0, next(_order), event))
            room.max_held = max(room.max_held, event.seq)
            self._release(event.group, room)
        self._schedule_write()

    def _release(self, group: str, room: RoomState) -> None:
        while room.held:
            key, rank, _n, event = room.held[0]
            if rank == 0 and key < room.next_seq:
                heapq.heappop(room.held)  # a duplicate
            elif rank == 0 and key == room.next_seq:
                heapq.heappop(room.held)
                room.next_seq += 1
                self._ready.append((group, event))
            elif rank == 1 and key < room.next_seq:
                heapq.heappop(room.held)
                self._ready.append((group, event))
            else:
                break
        if room.held and room.timer is None:
            self.stats["held"] += 1
            room.timer = asyncio.get_running_loop().call_later(
                HOLD_SECONDS, self._hold_expired, group
            )
        elif not room.held and room.timer is not None:
            room.timer.cancel()
            room.timer = None

    def _hold_expired(self, group: str) -> None:
        room = self.rooms.get(group)
        if room is None:
            return
        room.timer = None
        if room.held:
            self._request_fetch(group)

    def _request_fetch(self, group: str) -> None:
        self._to_fetch.add(group)
        self._ensure("fetcher", self._fetch)

    async def _fetch(self) -> None:
        backoff = BACKOFF_MIN
        while self._to_fetch:
            await asyncio.sleep(0)  # let requests of the same moment join this fetch
            wanted = {g: self.rooms[g].next_seq for g in self._to_fetch if g in self.rooms}
            self._to_fetch.clear()
            if not wanted or _fetcher is None:
                continue
            try:
                found = await _fetcher(wanted)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("reading missed room messages failed; retrying", exc_info=True)
                self._to_fetch.update(wanted)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, BACKOFF_MAX)
                continue
            backoff = BACKOFF_MIN
            self.stats["fetches"] += 1
            for group, catch_up in found.items():
                self._caught_up(group, wanted[group], catch_up)

    def _caught_up(self, group: str, wanted: int, catch_up: CatchUp) -> None:
        room = self.rooms.get(group)
        if room is None:
            return
        self.stats["fetched"] += len(catch_up.frames)
        for seq, text in catch_up.frames:
            self._arrive(RoomEvent(group, text, seq))
        truncated = room.next_seq <= catch_up.last_seq
        # The database lacks a seq below one we hold (it should not): skip it.
        stuck = bool(room.held) and room.held[0][1] == 0 and room.held[0][0] <= catch_up.last_seq
        if truncated or stuck:
            # More was missed than a fetch brings back: the room's clients sync themselves.
            self.stats["resyncs"] += 1
            skip_to = max(catch_up.last_seq + 1, room.next_seq)
            logger.warning("room %s: clients resync (missed seq %d to %d)", group, wanted, skip_to)
            room.next_seq = skip_to
            self._ready.append((group, None))
        self._release(group, room)
        self._schedule_write()

    # --- writing ------------------------------------------------------------------------------

    def _schedule_write(self) -> None:
        if self._ready and not self._writing:
            self._ensure("writer", self._write_ready)

    async def _write_ready(self) -> None:
        self._writing = True
        try:
            while self._ready:
                group, event = self._ready.popleft()
                room = self.rooms.get(group)
                if room is not None:
                    await self._deliver(room, event)
        finally:
            self._writing = False

    async def _deliver(self, room: RoomState, event: RoomEvent | None) -> None:
        if event is None:
            for socket in tuple(room.sockets):
                if socket.resync_text and not socket.closed:
                    await self._write(socket, socket.resync_text)
            return
        for socket in tuple(room.sockets):
            if not socket.closed and (event.seq is None or event.seq > socket.floor):
                await self._write(socket, event.text)
        if event.close:
            for socket in tuple(room.sockets):
                if socket.user_id in event.close:
                    await self.close_socket(socket, event.close_code)

    async def _write(self, socket: LocalSocket, text: str) -> None:
        if socket.buffered is not None and socket.buffered() > settings.WEBSOCKET_MAX_BUFFER_BYTES:
            self.stats["slow_closed"] += 1
            await self.close_socket(socket, CLOSE_SLOW)
            return
        try:
            await socket.send({"type": "websocket.send", "text": text})
        except Exception:  # one broken socket must not starve the others
            logger.debug("writing to a socket failed", exc_info=True)

    # --- the broker link ----------------------------------------------------------------------

    async def _run_link(self) -> None:
        backoff = BACKOFF_MIN
        while self.rooms:
            link: brokers.Subscription | None = None
            tasks: set[asyncio.Task[None]] = set()
            try:
                link = await self.broker.subscriber()
                self._subscribed = set()
                self._subscriptions_changed.set()
                tasks = {
                    asyncio.ensure_future(self._listen(link)),
                    asyncio.ensure_future(self._keep_subscriptions(link)),
                }
                done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    task.result()  # a failure of either ends the link
                backoff = BACKOFF_MIN
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.warning(
                    "room event broker unavailable (%s); reconnecting in %.1fs", exc, backoff
                )
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                if link is not None:
                    await link.close()
                for room in self.rooms.values():
                    room.confirmed, room.catch_up = False, True
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX)

    async def _keep_subscriptions(self, link: brokers.Subscription) -> None:
        """Bring the link's subscriptions to the rooms that have sockets, whenever they
        change. Runs beside the listener: only the listener reads from the link."""
        while True:
            await self._subscriptions_changed.wait()
            self._subscriptions_changed.clear()
            wanted = set(self.rooms)
            added, gone = sorted(wanted - self._subscribed), sorted(self._subscribed - wanted)
            if added:
                await link.subscribe(added)
                self._subscribed.update(added)
            if gone:
                self._subscribed.difference_update(gone)
                await link.unsubscribe(gone)

    async def _listen(self, link: brokers.Subscription) -> None:
        while self.rooms:
            kind, group, data = await link.next()
            if kind == "subscribe":
                room = self.rooms.get(group)
                if room is not None and not room.confirmed:
                    room.confirmed = True
                    if room.catch_up:
                        room.catch_up = False
                        self._request_fetch(group)
                continue
            if data.startswith(self._own):
                continue  # our own event, written to our sockets already
            try:
                event = RoomEvent.from_wire(group, data)
            except (ValueError, UnicodeDecodeError):
                logger.warning("an unreadable room event on %s was dropped", group)
                continue
            self._arrive(event)

    # --- tasks --------------------------------------------------------------------------------

    def _ensure(self, name: str, factory: Callable[[], Coroutine[Any, Any, None]]) -> None:
        task = self._tasks.get(name)
        if task is None or task.done():
            # A context of its own: a task must not inherit that of whoever started it — a
            # callback from a database thread carries asgiref's "inside the database thread"
            # mark, and the fetcher's own database call would then refuse to run.
            loop = asyncio.get_running_loop()
            self._tasks[name] = loop.create_task(factory(), context=contextvars.Context())

    def _stop(self, *names: str) -> None:
        current = asyncio.current_task()
        for name in names:
            task = self._tasks.pop(name, None)
            if task is not None and task is not current and not task.done():
                task.cancel()
                self._stopping.add(task)
                task.add_done_callback(self._stopping.discard)

    async def _watch(self) -> None:
        while self.rooms:
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


def _task_names(tasks: Iterable[asyncio.Task[Any]]) -> str:
    return ", ".join(sorted(task.get_coro().__qualname__ for task in tasks))  # type: ignore[union-attr]


def hub() -> Hub:
    """The hub of the running event loop (one per process under Daphne)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = Hub()
        _close_with(loop, found)
    return found


def _close_with(loop: asyncio.AbstractEventLoop, found: Hub) -> None:
    # A loop that ends (a test's, a thread's) takes its hub's tasks and Redis connections
    # with it, instead of leaving them to the garbage collector (as channels-redis does).
    original = loop.close

    def close() -> None:
        loop.close = original  # type: ignore[method-assign]
        if _hubs.get(loop) is found and not loop.is_running() and not loop.is_closed():
            loop.run_until_complete(found.shutdown())
        original()

    loop.close = close  # type: ignore[method-assign]


def _enqueue(event: RoomEvent) -> None:
    hub().enqueue(event)


def _publish_from_sync(event: RoomEvent) -> None:
    # In a database thread of a running server (sync_to_async), hand the event to that
    # loop's hub without waiting: this runs once per message on the hot path.
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is not None and loop.is_running():
        loop.call_soon_threadsafe(_enqueue, event, context=contextvars.Context())
        return
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    found = _hubs.get(running) if running is not None else None
    if running is not None and found is not None:
        # A sync callback of async code in this very thread: hand it to this loop's hub.
        running.call_soon(found.enqueue, event, context=contextvars.Context())
        return
    # No server loop here (a command, a worker, a sync test, or a loop that is not ours,
    # such as a browser driver's): publish directly.
    brokers.publish_sync(event.group, event.wire())


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
    `seq` (message.created only) is the message's sequence number, by which hubs keep the
    room's order and fill gaps; the sockets of `close_user_ids` are closed after the event."""
    message = room_event(
        group, event, seq=seq, close_user_ids=close_user_ids, close_code=close_code
    )
    transaction.on_commit(partial(_publish_from_sync, message), robust=True)


async def broadcast(group: str, event: dict[str, Any]) -> None:
    """Broadcast an ephemeral event (typing, presence) from async code; nothing is stored."""
    hub().enqueue(room_event(group, event))
