"""The doorbell between processes: Redis publish/subscribe, one channel per room group.

Why pub/sub and not channels-redis's channel layer (which this replaced): the layer delivers
to a process through a per-process sorted set that the process polls with a blocking pop —
four Redis commands per received message, a blocking read whose timeout equalled the client's
socket timeout (an idle process saw a "failure" every 5 s and made every socket resync), and
group memberships that outlive a crashed process for a day. With pub/sub a process subscribes
its connection to the rooms it has sockets in; Redis pushes each published event once per
subscribed connection; a subscription dies with its connection. Pub/sub may lose messages
(a dropped connection, a restart) — so did the layer — and PostgreSQL stays the truth: the
hub (chat/realtime.py) fills gaps from the database and catches up after every reconnect.

Timeouts are explicit and short, with no client-side retries (redis-py would otherwise retry
a hung command ten times): a connect gives up after CONNECT_TIMEOUT, a command after
COMMAND_TIMEOUT. The subscriber's read never times out by itself; an idle link is checked with
a PING every PING_IDLE_SECONDS, and a missing PONG is the outage signal.

Without REDIS_URL (the embedded mode) a process-local broker does the same within one process.
This module imports none of our apps.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import weakref
from collections.abc import Iterable
from typing import Any, Protocol

from django.conf import settings

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 1.0
COMMAND_TIMEOUT = 2.0
PING_IDLE_SECONDS = float(os.environ.get("REALTIME_PING_SECONDS", "5"))
PONG_TIMEOUT = 3.0
READ_SLICE = 1.0  # the subscriber wakes at least this often to check its link


class BrokerDown(Exception):
    """The link to the broker failed; the subscriber must reconnect and catch up."""


class Subscription(Protocol):
    async def subscribe(self, channels: list[str]) -> None: ...
    async def unsubscribe(self, channels: list[str]) -> None: ...
    async def next(self) -> tuple[str, str, bytes]:
        """The next ("message", channel, data) or ("subscribe", channel, b"")."""
        ...

    async def close(self) -> None: ...


class Broker(Protocol):
    async def publish(self, items: list[tuple[str, bytes]]) -> None: ...
    async def subscriber(self) -> Subscription: ...
    async def close(self) -> None: ...


def _channel_prefix() -> str:
    # Parallel test processes share one Redis but each has its own database: each gets its
    # own channels (the Daphne processes a test starts inherit the worker's name).
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{settings.REALTIME_PREFIX}{'-' + worker if worker else ''}:"


# --- Redis ----------------------------------------------------------------------------------


def _redis_options() -> dict[str, Any]:
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {
        "socket_connect_timeout": CONNECT_TIMEOUT,
        "socket_timeout": COMMAND_TIMEOUT,
        "retry": Retry(NoBackoff(), 0),
        "health_check_interval": 0,
    }


class RedisSubscription:
    def __init__(self, client: Any, pubsub: Any, prefix: str) -> None:
        self.client = client
        self.pubsub = pubsub
        self.prefix = prefix
        self.ping_sent: float | None = None
        self.last_heard = asyncio.get_running_loop().time()

    async def subscribe(self, channels: list[str]) -> None:
        await self._command(self.pubsub.subscribe(*[self.prefix + c for c in channels]))

    async def unsubscribe(self, channels: list[str]) -> None:
        await self._command(self.pubsub.unsubscribe(*[self.prefix + c for c in channels]))

    async def _command(self, awaitable: Any) -> None:
        try:
            await asyncio.wait_for(awaitable, COMMAND_TIMEOUT)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            raise BrokerDown(str(exc)) from exc

    async def next(self) -> tuple[str, str, bytes]:
        loop = asyncio.get_running_loop()
        while True:
            try:
                message = await self.pubsub.get_message(timeout=READ_SLICE)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                raise BrokerDown(str(exc)) from exc
            now = loop.time()
            if message is None:
                if self.ping_sent is not None and now - self.ping_sent > PONG_TIMEOUT:
                    raise BrokerDown("no answer to PING")
                if self.ping_sent is None and now - self.last_heard > PING_IDLE_SECONDS:
                    self.ping_sent = now
                    await self._command(self.pubsub.ping())
                continue
            self.last_heard, self.ping_sent = now, None
            kind = message.get("type")
            if kind in ("message", "subscribe"):
                channel = message["channel"]
                if isinstance(channel, bytes):
                    channel = channel.decode()
                data = message["data"] if kind == "message" else b""
                return kind, channel[len(self.prefix) :], data

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.pubsub.aclose(), COMMAND_TIMEOUT)
            await asyncio.wait_for(self.client.aclose(), COMMAND_TIMEOUT)
        except Exception:  # closing a broken link
            logger.debug("closing the subscription failed", exc_info=True)


class RedisBroker:
    def __init__(self, url: str) -> None:
        from redis import asyncio as aioredis

        self.url = url
        self.prefix = _channel_prefix()
        self.client = aioredis.Redis.from_url(url, **_redis_options())

    async def publish(self, items: list[tuple[str, bytes]]) -> None:
        async def send() -> None:
            async with self.client.pipeline(transaction=False) as pipe:
                for channel, data in items:
                    pipe.publish(self.prefix + channel, data)
                await pipe.execute()

        await asyncio.wait_for(send(), COMMAND_TIMEOUT + CONNECT_TIMEOUT)

    async def subscriber(self) -> Subscription:
        from redis import asyncio as aioredis

        # A connection of its own, so that publishing never waits behind a blocked read.
        client = aioredis.Redis.from_url(self.url, **_redis_options())
        subscription = RedisSubscription(client, client.pubsub(), self.prefix)
        try:
            await asyncio.wait_for(subscription.pubsub.ping(), CONNECT_TIMEOUT + COMMAND_TIMEOUT)
        except asyncio.CancelledError:
            await subscription.close()
            raise
        except Exception as exc:
            await subscription.close()
            raise BrokerDown(str(exc)) from exc
        return subscription

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.client.aclose(), COMMAND_TIMEOUT)
        except Exception:
            logger.debug("closing the publisher failed", exc_info=True)


_sync_clients: dict[str, Any] = {}
_sync_lock = threading.Lock()


def _sync_redis(url: str) -> Any:
    with _sync_lock:
        client = _sync_clients.get(url)
        if client is None:
            import redis

            client = _sync_clients[url] = redis.Redis.from_url(url, **_redis_options())
        return client


# --- in process (embedded mode) -------------------------------------------------------------


class LocalSubscription:
    def __init__(self, broker: LocalBroker) -> None:
        self.broker = broker
        self.loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue[tuple[str, str, bytes]] = asyncio.Queue()
        self.channels: set[str] = set()

    def put(self, item: tuple[str, str, bytes]) -> None:
        if not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.queue.put_nowait, item)

    async def subscribe(self, channels: list[str]) -> None:
        with self.broker.lock:
            self.channels.update(channels)
        for channel in channels:
            self.queue.put_nowait(("subscribe", channel, b""))

    async def unsubscribe(self, channels: list[str]) -> None:
        with self.broker.lock:
            self.channels.difference_update(channels)

    async def next(self) -> tuple[str, str, bytes]:
        return await self.queue.get()

    async def close(self) -> None:
        with self.broker.lock:
            self.broker.subscriptions.discard(self)


class LocalBroker:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.subscriptions: set[LocalSubscription] = set()

    def _fan_out(self, items: Iterable[tuple[str, bytes]]) -> None:
        with self.lock:
            subscriptions = list(self.subscriptions)
        for channel, data in items:
            for subscription in subscriptions:
                if channel in subscription.channels:
                    subscription.put(("message", channel, data))

    async def publish(self, items: list[tuple[str, bytes]]) -> None:
        self._fan_out(items)

    async def subscriber(self) -> Subscription:
        subscription = LocalSubscription(self)
        with self.lock:
            self.subscriptions.add(subscription)
        return subscription

    def publish_sync(self, channel: str, data: bytes) -> None:
        self._fan_out([(channel, data)])

    async def close(self) -> None:
        return None


_local = LocalBroker()
_brokers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Broker] = weakref.WeakKeyDictionary()


def broker_for_loop() -> Broker:
    """The broker of the running event loop (Redis clients belong to one loop)."""
    url = settings.REDIS_URL
    if not url:
        return _local
    loop = asyncio.get_running_loop()
    found = _brokers.get(loop)
    if found is None:
        found = _brokers[loop] = RedisBroker(url)
    return found


def forget_broker() -> None:
    """The running loop is done with its broker (tests close their loops)."""
    _brokers.pop(asyncio.get_running_loop(), None)


def publish_sync(channel: str, data: bytes) -> None:
    """Publish from code with no event loop (a management command, a worker, a sync test)."""
    url = settings.REDIS_URL
    if not url:
        _local.publish_sync(channel, data)
        return
    try:
        _sync_redis(url).publish(_channel_prefix() + channel, data)
    except Exception:
        # Not fatal: the event is in PostgreSQL and the hubs fill gaps from there.
        logger.warning("publishing to %s failed", channel, exc_info=True)
