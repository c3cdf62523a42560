"""Real servers for tests that go through the network: Daphne processes started the way the
Procfile starts them, and Redis (and PostgreSQL) servers of their own on free ports, which a
test may restart, pause or kill without touching anybody else's."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from tests.services import free_port as free_port  # the chat tests take it from here

ROOT = Path(__file__).resolve().parents[2]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Redis:
    """A redis-server of the test's own, restartable on the same port."""

    def __init__(self, workdir: Path) -> None:
        self.workdir, self.port = workdir, free_port()
        self.process: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [
                *(binary, "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.workdir)),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for(self.port)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)

    def pause(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def daphne_env(database: str, redis: str, **extra: str) -> dict[str, str]:
    return dict(
        os.environ,
        DATABASE_URL=database,
        REDIS_URL=redis,
        KRUISPUNT_TESTING="1",
        DEBUG="0",
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
        # Channels of their own, whatever else uses this Redis.
        CHANNELS_PREFIX=f"test-{uuid.uuid4().hex[:8]}",
        **extra,
    )


class Daphne:
    """A Daphne process serving config.asgi with the Procfile's frame limit (four times the
    application's, so that the application, not the transport, answers oversized frames)."""

    def __init__(self, env: dict[str, str], port: int | None = None) -> None:
        self.env, self.port = env, port or free_port()
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        limit = int(
            self.env.get("WEBSOCKET_MAX_MESSAGE_BYTES", settings.WEBSOCKET_MAX_MESSAGE_BYTES)
        )
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port)),
                *("-v", "0", "--websocket-max-message-size", str(limit * 4)),
                "config.asgi:application",
            ],
            cwd=ROOT,
            env=self.env,
        )
        wait_for(self.port)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None:
            stop(self.process, sig)

    def url(self, room_id: int) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/rooms/{room_id}/"


async def open_socket(url: str, token: str, **options: Any) -> Any:
    from websockets.asyncio.client import connect

    return await connect(url, additional_headers=[("Authorization", f"Token {token}")], **options)


class Postgres:
    """A PostgreSQL server of the test's own (restartable on the same port and data), with
    the schema of the test database and nothing else."""

    def __init__(self, root: Path, schema_from: str) -> None:
        from tests.services import as_postgres_user, pg_bindir

        # initdb may be a symbolic link; pg_dump and psql live beside its target.
        self.bindir = (pg_bindir() / "initdb").resolve().parent
        self.prefix = as_postgres_user()
        self.data, self.port = root / "pg", free_port()
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(root, "postgres")
            shutil.chown(self.data, "postgres")
        subprocess.run(
            [
                *(*self.prefix, str(self.bindir / "initdb"), "-D", str(self.data)),
                *("-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.process: subprocess.Popen | None = None
        self.start()
        dump = subprocess.run(
            [
                *(str(self.bindir / "pg_dump"), "--schema-only", "--no-owner"),
                *("--no-privileges", "-d", schema_from),
            ],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(
            [str(self.bindir / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url],
            input=dump,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(*self.prefix, str(self.bindir / "postgres"), "-D", str(self.data)),
                *("-p", str(self.port), "-k", str(self.data)),
                *("-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"),
                *("-c", "max_connections=100"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.port)
        time.sleep(0.5)

    def stop(self) -> None:
        """Fast shutdown (clients are disconnected), signalled to the postmaster itself:
        runuser, which runs it as the postgres user, does not pass SIGINT on."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            stop(self.process, signal.SIGTERM)


def room_setup_script(name: str, people: int) -> str:
    """Python for ``python -c`` against a server's database (DJANGO_SETTINGS_MODULE and
    DATABASE_URL in its environment): a room named ``name`` of ``people`` users, each with an
    API token; prints ``{"room": pk, "tokens": [...]}`` as JSON."""
    prefix = name.lower()
    return f"""
import json, django
django.setup()
from rest_framework.authtoken.models import Token
from collab.services.rooms import room_create
from marketplace.models import User
users = [User.objects.create_user(email=f"{prefix}{{n}}@example.org", password=None)
         for n in range({people})]
room = room_create(name="{name}", created_by=users[0], members=[(u, "member") for u in users[1:]])
print(json.dumps({{"room": room.pk, "tokens": [Token.objects.create(user=u).key for u in users]}}))
"""
