"""Group commit for websocket sends: the sends that arrive while a batch is being stored are
stored together in the next one (chat/sending.py explains why). One queue per event loop."""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from channels.db import database_sync_to_async

from chat.sending import SendRequest, SendResult, messages_store

MAX_BATCH = 200


class SendQueue:
    def __init__(self) -> None:
        self.waiting: list[tuple[SendRequest, asyncio.Future[SendResult]]] = []
        self.worker: asyncio.Task[None] | None = None
        # Connections a batch failed for: nothing more of theirs is stored (they close).
        self.failed: weakref.WeakKeyDictionary[Any, Exception] = weakref.WeakKeyDictionary()

    async def send(self, request: SendRequest) -> SendResult:
        """Store one send (in the next batch) and return its ack, or raise its refusal."""
        if request.stream is not None and request.stream in self.failed:
            raise self.failed[request.stream]
        future: asyncio.Future[SendResult] = asyncio.get_running_loop().create_future()
        self.waiting.append((request, future))
        if self.worker is None or self.worker.done():
            self.worker = asyncio.ensure_future(self._store())
        return await future

    async def _store(self) -> None:
        while self.waiting:
            batch, self.waiting = self.waiting[:MAX_BATCH], self.waiting[MAX_BATCH:]
            try:
                outcomes = await database_sync_to_async(messages_store)([r for r, _f in batch])
            except Exception as exc:  # the whole batch failed (database down…)
                for _request, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                # A connection's sends are stored in the order it sent them: what waits
                # behind a failed send of the same connection fails with it.
                for request, _future in batch:
                    if request.stream is not None:
                        self.failed[request.stream] = exc
                keep = []
                for request, future in self.waiting:
                    if request.stream is not None and request.stream in self.failed:
                        if not future.done():
                            future.set_exception(exc)
                    else:
                        keep.append((request, future))
                self.waiting = keep
                continue
            for (_request, future), outcome in zip(batch, outcomes, strict=True):
                if future.done():
                    continue
                if isinstance(outcome, Exception):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)


_queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, SendQueue] = (
    weakref.WeakKeyDictionary()
)


def send_queue() -> SendQueue:
    loop = asyncio.get_running_loop()
    queue = _queues.get(loop)
    if queue is None:
        queue = _queues[loop] = SendQueue()
    return queue
