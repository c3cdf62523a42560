"""Chaos, from the outside: two Daphne processes on a PostgreSQL and a Redis of this test's
own; six clients send and read while Redis restarts, a Daphne process is killed (and comes
back) and PostgreSQL restarts. Clients follow the protocol: they reconnect (to the other
process when theirs is gone), sync, and send again what was not acknowledged, in order.
Afterwards every acknowledged message is stored once, with its acknowledged seq; seqs have no
gap; each sender's messages are stored in the order it sent them; and every client's
transcript equals the database."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from collections import OrderedDict
from pathlib import Path

import psycopg
import pytest
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from tests.chat.servers import (
    ROOT,
    Daphne,
    Postgres,
    Redis,
    daphne_env,
    database_url,
    room_setup_script,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CLIENTS = 6
SEND_EVERY = 0.25  # seconds, per client
RECONNECT_ERRORS = (OSError, ConnectionClosed, InvalidHandshake, TimeoutError)


class Client:
    """Sends numbered messages and keeps a transcript; survives whatever the servers do."""

    def __init__(self, number: int, token: str, urls: list[str]) -> None:
        self.number, self.token, self.urls = number, token, urls
        self.transcript: list[tuple[int, int, str]] = []
        self.last = 0
        self.syncing = False
        self.pending: OrderedDict[str, str] = OrderedDict()  # unacknowledged, in send order
        self.acked: dict[str, int] = {}
        self.sent = 0
        self.ws = None
        self.synced = asyncio.Event()

    async def _open(self, attempt: int) -> None:
        from websockets.asyncio.client import connect

        url = self.urls[attempt % len(self.urls)]
        self.ws = await asyncio.wait_for(
            connect(url, additional_headers=[("Authorization", f"Token {self.token}")]), 10
        )
        await self._sync()
        for client_id, body in list(self.pending.items()):
            await self._send(client_id, body)

    async def _sync(self) -> None:
        self.synced.clear()
        self.syncing = True
        await self.ws.send(json.dumps({"type": "sync", "after_seq": self.last}))

    async def _send(self, client_id: str, body: str) -> None:
        frame = {"type": "message.send", "client_id": client_id, "body": body}
        await self.ws.send(json.dumps(frame))

    def _apply(self, message: dict) -> None:
        if message["seq"] == self.last + 1:
            self.transcript.append((message["seq"], message["id"], message["body"]))
            self.last = message["seq"]

    async def _read(self) -> None:
        async for text in self.ws:
            event = json.loads(text)
            kind = event["type"]
            if kind == "message.created" and not self.syncing:
                if event["seq"] > self.last + 1:
                    await self._sync()
                else:
                    self._apply(event["message"])
            elif kind == "sync.page":
                for message in event["messages"]:
                    self._apply(message)
            elif kind == "sync.done":
                self.syncing = False
                self.synced.set()
            elif kind == "sync.required":
                await self._sync()
            elif kind == "message.ack":
                self.pending.pop(event["client_id"], None)
                self.acked[event["client_id"]] = event["seq"]
            elif kind == "error" and event["code"] == "sync_failed":
                await self._sync()

    async def run(self, sending: asyncio.Event, done: asyncio.Event) -> None:
        attempt = self.number
        while not done.is_set():
            try:
                await self._open(attempt)
                reader = asyncio.ensure_future(self._read())
                while not reader.done() and not done.is_set():
                    if sending.is_set():
                        self.sent += 1
                        body = f"client {self.number} message {self.sent}"
                        client_id = str(uuid.uuid4())
                        self.pending[client_id] = body
                        await self._send(client_id, body)
                    await asyncio.wait([reader], timeout=SEND_EVERY)
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, *RECONNECT_ERRORS):
                    await reader
            except RECONNECT_ERRORS:
                pass
            finally:
                if self.ws is not None:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(self.ws.close(), 2)
            if not done.is_set():
                attempt += 1
                await asyncio.sleep(0.3)

    async def finish(self) -> None:
        """Reconnect until everything sent is acknowledged and the transcript is complete."""
        for attempt in range(60):
            try:
                await self._open(attempt)
                reader = asyncio.ensure_future(self._read())
                await asyncio.wait_for(self.synced.wait(), 10)
                for _ in range(50):
                    if not self.pending:
                        break
                    await asyncio.sleep(0.1)
                if not self.pending:
                    await self._sync()
                    await asyncio.wait_for(self.synced.wait(), 10)
                    await self.ws.close()
                    reader.cancel()
                    with contextlib.suppress(asyncio.CancelledError, *RECONNECT_ERRORS):
                        await reader
                    return
                reader.cancel()
                with contextlib.suppress(asyncio.CancelledError, *RECONNECT_ERRORS):
                    await reader
            except RECONNECT_ERRORS:
                await asyncio.sleep(0.5)
        raise AssertionError(f"client {self.number} could not finish")


def test_every_transcript_equals_the_database_through_redis_daphne_and_postgres_faults(
    tmp_path,
):
    # PostgreSQL runs as its own user, which cannot enter pytest's private temporary tree.
    root = Path(tempfile.mkdtemp(prefix="kruispunt-chaos-"))
    root.chmod(0o755)
    postgres = Postgres(root, schema_from=database_url())
    redis = Redis(tmp_path)
    env = daphne_env(postgres.url, redis.url)
    daphnes: list[Daphne] = []
    try:
        created = subprocess.run(
            [sys.executable, "-c", room_setup_script("Chaos", CLIENTS)],
            cwd=ROOT,
            env=dict(env, DJANGO_SETTINGS_MODULE="config.settings"),
            check=True,
            capture_output=True,
            text=True,
        )
        setup = json.loads(created.stdout.strip().splitlines()[-1])
        daphnes = [Daphne(env), Daphne(env)]
        urls = [d.url(setup["room"]) for d in daphnes]

        async def run() -> list[Client]:
            clients = [
                Client(n, setup["tokens"][n], urls[n % 2 :] + urls[: n % 2]) for n in range(CLIENTS)
            ]
            sending, done = asyncio.Event(), asyncio.Event()
            sending.set()
            runs = [asyncio.ensure_future(c.run(sending, done)) for c in clients]
            loop = asyncio.get_running_loop()

            async def later(seconds: float, action) -> None:
                await asyncio.sleep(seconds)
                await loop.run_in_executor(None, action)

            await later(3, redis.stop)
            await later(1, redis.start)
            await later(3, lambda: daphnes[0].stop(signal.SIGKILL))
            await later(1, daphnes[0].start)
            await later(3, postgres.stop)
            await later(1, postgres.start)
            await later(3, redis.pause)
            await later(2, redis.resume)
            await asyncio.sleep(3)
            sending.clear()
            await asyncio.sleep(1)
            done.set()
            await asyncio.gather(*runs)
            for client in clients:
                await client.finish()
            return clients

        clients = asyncio.run(run())
    finally:
        for daphne in daphnes:
            daphne.stop()
        redis.stop()

    try:
        with psycopg.connect(postgres.url) as db:
            stored = db.execute(
                "SELECT m.seq, m.id, m.body, m.client_id::text FROM chat_message m ORDER BY m.seq"
            ).fetchall()
    finally:
        postgres.stop()
        shutil.rmtree(root, ignore_errors=True)
    assert [seq for seq, *_ in stored] == list(range(1, len(stored) + 1))
    by_client_id = {client_id: seq for seq, _id, _body, client_id in stored}
    bodies = [body for _seq, _id, body, _cid in stored]
    assert len(bodies) == len(set(bodies))  # nothing stored twice
    transcript = [(seq, id_, body) for seq, id_, body, _cid in stored]
    total = 0
    for client in clients:
        assert not client.pending
        assert client.acked.items() <= by_client_id.items(), client.number
        assert len(client.acked) == client.sent  # everything sent was stored
        total += client.sent
        own = [int(b.rsplit(" ", 1)[1]) for b in bodies if b.startswith(f"client {client.number} ")]
        assert own == list(range(1, client.sent + 1)), client.number  # in send order
        assert client.transcript == transcript, client.number
    assert total == len(stored) > 0
