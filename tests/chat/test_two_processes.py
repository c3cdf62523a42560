"""Two Daphne processes sharing one real Redis (started here, on a free port): a message sent
through one reaches a client on the other; Redis restarts during a stream of messages and,
after sync, every client's transcript equals the database's — no loss, no duplicate, order
kept."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from chat.models import Message
from tests.chat.servers import ROOT
from tests.chat.servers import free_port as _free_port
from tests.chat.servers import stop as _stop
from tests.chat.servers import wait_for as _wait_for
from tests.chat.sockets import token_for

STREAM = 60  # messages, 10 per second


def _redis(port: int, workdir: Path) -> subprocess.Popen:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
    )
    _wait_for(port)
    return process


class Client:
    """A protocol-following client: applies messages in seq order, syncs on gaps and when
    asked, retries unacknowledged sends with their client_id."""

    def __init__(self, name: str, url: str, token: str) -> None:
        self.name, self.url, self.token = name, url, token
        self.transcript: list[tuple[int, int, str]] = []  # (seq, id, body) as applied
        self.last = 0
        self.syncing = False
        self.synced = asyncio.Event()
        self.unacked: dict[str, str] = {}
        self.ws = None
        self.reader: asyncio.Task | None = None

    async def open(self) -> None:
        from websockets.asyncio.client import connect

        self.ws = await connect(
            self.url, additional_headers=[("Authorization", f"Token {self.token}")]
        )
        self.reader = asyncio.create_task(self._read())
        await self.sync()

    async def sync(self) -> None:
        self.synced.clear()
        self.syncing = True
        await self.ws.send(json.dumps({"type": "sync", "after_seq": self.last}))

    async def send(self, body: str) -> None:
        client_id = str(uuid.uuid4())
        self.unacked[client_id] = body
        await self.ws.send(
            json.dumps({"type": "message.send", "client_id": client_id, "body": body})
        )

    async def retry_unacked(self) -> None:
        for client_id, body in list(self.unacked.items()):
            await self.ws.send(
                json.dumps({"type": "message.send", "client_id": client_id, "body": body})
            )

    def _apply(self, message: dict) -> None:
        if message["seq"] == self.last + 1:
            self.transcript.append((message["seq"], message["id"], message["body"]))
            self.last = message["seq"]

    async def _read(self) -> None:
        async for text in self.ws:
            event = json.loads(text)
            kind = event["type"]
            if kind == "message.created":
                if event["seq"] <= self.last or self.syncing:
                    continue
                if event["seq"] > self.last + 1:
                    await self.sync()
                    continue
                self._apply(event["message"])
            elif kind == "sync.page":
                for message in event["messages"]:
                    self._apply(message)
            elif kind == "sync.done":
                self.syncing = False
                self.synced.set()
            elif kind == "sync.required":
                await self.sync()
            elif kind == "message.ack":
                self.unacked.pop(event["client_id"], None)

    async def close(self) -> None:
        await self.ws.close()
        if self.reader:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_daphnes_one_redis_survive_a_redis_restart(room, room_owner, room_member, tmp_path):
    tokens = {"owner": token_for(room_owner), "member": token_for(room_member)}
    redis_port = _free_port()
    redis = _redis(redis_port, tmp_path)
    settings_db = connection.settings_dict
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{settings_db['USER']}@{settings_db['HOST']}:{settings_db['PORT']}/{settings_db['NAME']}",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        KRUISPUNT_TESTING="1",
        DEBUG="0",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    ports = [_free_port(), _free_port()]
    daphnes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "-v",
                "0",
                "config.asgi:application",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]

    async def run() -> list[Client]:
        def url(port: int) -> str:
            return f"ws://127.0.0.1:{port}/ws/rooms/{room.pk}/"

        one = Client("owner@1", url(ports[0]), tokens["owner"])
        two = Client("member@2", url(ports[1]), tokens["member"])
        watcher = Client("owner@2", url(ports[1]), tokens["owner"])
        clients = [one, two, watcher]
        for client in clients:
            await client.open()
        for client in clients:
            await asyncio.wait_for(client.synced.wait(), 10)

        # Through process 1, to a client of process 2.
        await one.send("across processes")
        deadline = time.monotonic() + 5
        while two.last < 1 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert two.transcript == [(1, two.transcript[0][1], "across processes")]

        # A stream from both sides; Redis restarts in the middle of it.
        nonlocal redis
        for n in range(STREAM):
            sender = one if n % 2 == 0 else two
            await sender.send(f"stream {n}")
            if n == STREAM // 3:
                _stop(redis)
            if n == STREAM // 2:
                redis = _redis(redis_port, tmp_path)
            await asyncio.sleep(0.1)
        await asyncio.sleep(1)
        for client in (one, two):
            await client.retry_unacked()
        # Live delivery across the processes resumes by itself after the restart.
        await one.send("after the restart")
        deadline = time.monotonic() + 10
        while (not two.transcript or two.transcript[-1][2] != "after the restart") and (
            time.monotonic() < deadline
        ):
            await asyncio.sleep(0.1)
        assert two.transcript[-1][2] == "after the restart"
        for client in clients:
            await client.sync()
            await asyncio.wait_for(client.synced.wait(), 10)
        for client in clients:
            await client.close()
        return clients

    try:
        for port in ports:
            _wait_for(port)
        clients = asyncio.run(run())
    finally:
        for process in daphnes:
            _stop(process)
        _stop(redis)

    stored = list(
        Message.objects.filter(room=room).order_by("seq").values_list("seq", "id", "body")
    )
    assert [seq for seq, _id, _body in stored] == list(range(1, STREAM + 3))
    assert sorted(body for _s, _i, body in stored) == sorted(
        ["across processes", "after the restart"] + [f"stream {n}" for n in range(STREAM)]
    )
    for client in clients:
        assert client.transcript == stored, client.name
        assert not client.unacked
