#!/usr/bin/env python3
"""Run a command with PostgreSQL and Redis available, for `make test`.

Uses DATABASE_URL / REDIS_URL when they are set. Otherwise starts throwaway servers from the
installed binaries (PostgreSQL's initdb/postgres, redis-server) on free ports in a temporary
directory, exports their URLs, runs the command and removes the servers afterwards.

usage: python tests/services.py -- COMMAND [ARGS...]
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not start on port {port} within {timeout:.0f} s")


def pg_bindir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if not candidates:
        raise SystemExit(
            "DATABASE_URL is not set and no PostgreSQL binaries were found. Install them "
            "(Debian: apt-get install postgresql) or set DATABASE_URL."
        )
    return Path(candidates[0]).parent


def as_postgres_user() -> list[str]:
    # PostgreSQL refuses to run as root; drop to the 'postgres' system user when we are root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"]
    return []


@contextmanager
def throwaway_postgres(root: Path, options: dict[str, str] | None = None) -> Iterator[str]:
    bindir = pg_bindir()
    data = root / "pg"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(data, "postgres")
    prefix = as_postgres_user()
    subprocess.run(
        [
            *prefix,
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    port = free_port()
    proc = subprocess.Popen(
        [
            *prefix,
            str(bindir / "postgres"),
            "-D",
            str(data),
            "-p",
            str(port),
            "-k",
            str(data),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=200",
            *(arg for key, value in (options or {}).items() for arg in ("-c", f"{key}={value}")),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, "PostgreSQL")
        time.sleep(0.5)
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextmanager
def throwaway_redis(root: Path) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if not binary:
        raise SystemExit(
            "REDIS_URL is not set and redis-server was not found. Install it "
            "(Debian: apt-get install redis-server) or set REDIS_URL."
        )
    port = free_port()
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(root),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, "Redis")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    env = dict(os.environ)
    with ExitStack() as stack:
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kruispunt-test-")))
        os.chmod(root, 0o755)
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"] = stack.enter_context(throwaway_postgres(root))
            print(f"Started a throwaway PostgreSQL: {env['DATABASE_URL']}", flush=True)
        if not env.get("REDIS_URL"):
            env["REDIS_URL"] = stack.enter_context(throwaway_redis(root))
            print(f"Started a throwaway Redis: {env['REDIS_URL']}", flush=True)
        return subprocess.call(argv, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
