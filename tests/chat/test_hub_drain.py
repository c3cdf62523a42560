"""Draining a hub ends in bounded time: a task stuck on a dead connection is cancelled
instead of hanging a shutdown (or a test's event loop, as it once hung CI for 300 s)."""

from __future__ import annotations

import asyncio
import logging

from chat import realtime


def test_drain_cancels_a_task_that_would_never_end(monkeypatch, caplog):
    monkeypatch.setattr(realtime, "DRAIN_SECONDS", 0.2)

    async def stuck_forever() -> None:
        await asyncio.Event().wait()  # a reply from a connection that is gone

    async def main() -> tuple[float, bool, bool]:
        hub = realtime.hub()
        task = asyncio.get_running_loop().create_task(stuck_forever())
        hub._tasks["link"] = task
        started = asyncio.get_running_loop().time()
        await hub.drain()
        elapsed = asyncio.get_running_loop().time() - started
        return elapsed, task.cancelled(), realtime._hubs.get(asyncio.get_running_loop()) is None

    with caplog.at_level(logging.WARNING, logger="chat.realtime"):
        elapsed, cancelled, forgotten = asyncio.run(main())
    assert cancelled
    assert forgotten  # the loop's next hub starts afresh
    assert elapsed < 2.0
    assert "stuck_forever" in caplog.text


def test_drain_waits_for_tasks_that_end_by_themselves(monkeypatch, caplog):
    monkeypatch.setattr(realtime, "DRAIN_SECONDS", 5.0)

    async def finishing() -> None:
        await asyncio.sleep(0.05)

    async def main() -> bool:
        hub = realtime.hub()
        task = asyncio.get_running_loop().create_task(finishing())
        hub._tasks["publisher"] = task
        await hub.drain()
        return task.done() and not task.cancelled()

    with caplog.at_level(logging.WARNING, logger="chat.realtime"):
        assert asyncio.run(main())
    assert "cancelled" not in caplog.text
