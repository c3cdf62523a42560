"""PostgreSQL restarted under a running Daphne, from the outside: clients keep browsing the
API and the pages, reading a room and sending messages over HTTP while the database goes
down and comes back. Meanwhile every answer is either a success or 503 with Retry-After and
a sentence (JSON for the API), never a 500; once PostgreSQL is back, everything works again
within seconds without restarting Daphne; and every acknowledged message is stored once,
with its acknowledged seq, seqs without gaps (senders resend with the same client_id until
acknowledged, as the protocol says). Once with persistent connections (health-checked), once
with the connection pool production uses.

Heavy (own PostgreSQL, Redis and Daphne): `make test-heavy`."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.chat.servers import (
    ROOT,
    Daphne,
    Postgres,
    Redis,
    daphne_env,
    database_url,
    room_setup_script,
)

pytestmark = [pytest.mark.heavy, pytest.mark.django_db(transaction=True)]

CLIENTS = 4
PAUSE = 0.05  # seconds between one client's requests
SUCCESS = {200, 201}


@dataclass
class Answer:
    at: float
    kind: str
    status: int
    retry_after: str | None
    content_type: str
    body: str


@dataclass
class Client:
    number: int
    token: str
    room: int
    answers: list[Answer] = field(default_factory=list)
    acked: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    pending: tuple[str, str] | None = None  # (client_id, body) not acknowledged yet

    async def step(self, http: httpx.AsyncClient) -> None:
        auth = {"Authorization": f"Token {self.token}", "Accept-Language": "en"}
        requests = [
            ("api list", "GET", "/api/v1/challenges/", {"Accept-Language": "en"}, None),
            ("page", "GET", "/en/challenges/", {}, None),
            ("room read", "GET", f"/api/v1/rooms/{self.room}/messages/?after_seq=0", auth, None),
        ]
        if self.pending is None:
            self.sent += 1
            self.pending = (str(uuid.uuid4()), f"client {self.number} message {self.sent}")
        client_id, body = self.pending
        payload = {"client_id": client_id, "body": body}
        requests.append(("send", "POST", f"/api/v1/rooms/{self.room}/messages/", auth, payload))
        for kind, method, path, headers, data in requests:
            response = await http.request(method, path, headers=headers, json=data)
            self.answers.append(
                Answer(
                    time.monotonic(),
                    kind,
                    response.status_code,
                    response.headers.get("Retry-After"),
                    response.headers.get("Content-Type", ""),
                    response.text[:2000],
                )
            )
            if kind == "send" and response.status_code in SUCCESS:
                self.acked[client_id] = response.json()["seq"]
                self.pending = None
            await asyncio.sleep(PAUSE)


@pytest.mark.parametrize("pool_size", ["0", "4"], ids=["persistent connections", "pool"])
def test_postgres_restart_answers_503_meanwhile_and_recovers_without_restarting_daphne(
    tmp_path, pool_size
):
    root = Path(tempfile.mkdtemp(prefix="kruispunt-pgfault-"))
    root.chmod(0o755)  # PostgreSQL runs as its own user
    postgres = Postgres(root, schema_from=database_url())
    redis = Redis(tmp_path)
    # With the pool a request waits DB_POOL_TIMEOUT for a connection: shorter than the outage.
    env = daphne_env(postgres.url, redis.url, DB_POOL_MAX_SIZE=pool_size, DB_POOL_TIMEOUT="1")
    daphne: Daphne | None = None
    marks: dict[str, float] = {}
    try:
        created = subprocess.run(
            [sys.executable, "-c", room_setup_script("Pgfault", CLIENTS)],
            cwd=ROOT,
            env=dict(env, DJANGO_SETTINGS_MODULE="config.settings"),
            check=True,
            capture_output=True,
            text=True,
        )
        setup = json.loads(created.stdout.strip().splitlines()[-1])
        daphne = Daphne(env)
        pid = daphne.process.pid if daphne.process else None
        clients = [Client(n, setup["tokens"][n], setup["room"]) for n in range(CLIENTS)]

        async def run() -> None:
            base = f"http://127.0.0.1:{daphne.port}"
            async with httpx.AsyncClient(base_url=base, timeout=30) as http:
                stop = asyncio.Event()

                async def loop(client: Client) -> None:
                    while not stop.is_set():
                        await client.step(http)

                loops = [asyncio.ensure_future(loop(c)) for c in clients]
                running = asyncio.get_running_loop()
                await asyncio.sleep(2)
                marks["down"] = time.monotonic()
                await running.run_in_executor(None, postgres.stop)
                await asyncio.sleep(3)
                await running.run_in_executor(None, postgres.start)
                marks["up"] = time.monotonic()
                # Back within seconds: every kind of request succeeds again for every client.
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    await asyncio.sleep(0.5)
                    if all(_recovered(c, marks["up"]) for c in clients):
                        break
                marks["recovered"] = time.monotonic()
                await asyncio.sleep(3)
                stop.set()
                await asyncio.gather(*loops)
                # Whatever was still unacknowledged is sent again until it is.
                for client in clients:
                    while client.pending is not None:
                        await client.step(http)

        asyncio.run(run())
        assert daphne.process is not None
        assert daphne.process.poll() is None and daphne.process.pid == pid  # never restarted
    finally:
        if daphne is not None:
            daphne.stop()
        redis.stop()
    try:
        with psycopg.connect(postgres.url) as db:
            stored = db.execute(
                "SELECT seq, client_id::text, body FROM chat_message ORDER BY seq"
            ).fetchall()
    finally:
        postgres.stop()
        shutil.rmtree(root, ignore_errors=True)

    answers = [a for c in clients for a in c.answers]
    unexpected = [a for a in answers if a.status not in SUCCESS | {503}]
    assert unexpected == [], unexpected[:3]
    unavailable = [a for a in answers if a.status == 503]
    assert unavailable, "no request reached the server while PostgreSQL was down"
    assert all(marks["down"] <= a.at <= marks["recovered"] for a in unavailable)
    for answer in unavailable:
        assert answer.retry_after == "5", answer
        if answer.kind == "page":
            assert answer.content_type.startswith("text/html")
            assert "cannot reach its database for a moment" in answer.body
        else:
            assert answer.content_type == "application/json", answer
            assert json.loads(answer.body) == {
                "detail": "Kruispunt cannot reach its database for a moment. "
                "Try again in a few seconds.",
                "code": "database_unavailable",
            }
    assert marks["recovered"] - marks["up"] < 20, "not recovered within 20 s"
    after = [a for a in answers if a.at > marks["recovered"]]
    assert after and all(a.status in SUCCESS for a in after), [
        (a.kind, a.status) for a in after if a.status not in SUCCESS
    ][:3]

    # Every acknowledged message stored once, with its acknowledged seq; no gaps.
    assert [seq for seq, _cid, _body in stored] == list(range(1, len(stored) + 1))
    by_client_id = {cid: seq for seq, cid, _body in stored}
    assert len(by_client_id) == len(stored)
    total = 0
    for client in clients:
        assert client.acked.items() <= by_client_id.items(), client.number
        assert len(client.acked) == client.sent
        total += client.sent
    assert total == len(stored) > 0


def _recovered(client: Client, up: float) -> bool:
    kinds = {"api list", "page", "room read", "send"}
    last: dict[str, int] = {}
    for answer in client.answers:
        if answer.at > up:
            last[answer.kind] = answer.status
    return set(last) == kinds and all(status in SUCCESS for status in last.values())
