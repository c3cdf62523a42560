"""Scale-out benchmark: N Daphne processes behind one PostgreSQL and one Redis, 1,000 sockets
over 50 rooms, 200 sends/s in total, for 60 s — for N = 1, 2 and 4.

    .venv/bin/python bench/chat_scale.py [--processes 1,2,4] [--sockets 1000] [--rooms 50]
                                         [--rate 200] [--seconds 60] [--idle 0]

Everything runs on this machine: a throwaway PostgreSQL (with pg_stat_statements, to count
the queries the servers make) and Redis on free ports, the Daphne processes started as the
Procfile starts them, and the load generator in two client processes. Each socket follows the
protocol: it syncs once when it connects (not counted), applies message.created frames in seq
order, syncs when it sees a gap or is told `sync.required` (counted: syncs_per_min), and
counts every live message.created that is not the previous one's seq + 1 (out_of_order).
Latency is from the send to the receipt at every member (CLOCK_MONOTONIC is shared by the
processes): p50_ms, p99_ms. db_queries_per_delivery: statements the servers ran during the
measured window divided by the frames delivered. rss_mb: the Daphne processes together.
errors: error events, sends never acknowledged, sockets that closed or failed to connect.

With --idle S the sockets also sit idle for S seconds before the traffic starts; syncs and
queries in that period are reported as idle_syncs and idle_queries (the 10-minute idle test:
--idle 600 --seconds 10 --processes 2).

One JSON line per N, then one JSON summary line; the load average is printed with each.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_fanout import free_port, start_daphne, stop  # noqa: E402
from tests.services import throwaway_postgres, throwaway_redis  # noqa: E402

WORKERS = 2


# --- the load generator (client processes) --------------------------------------------------


def client_worker(spec: dict[str, Any], results: Any) -> None:
    results.put(asyncio.run(_clients(spec)))


async def _clients(spec: dict[str, Any]) -> dict[str, Any]:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    window = {"on": False, "idle": False}
    stats = {
        "delivered": 0,
        "out_of_order": 0,
        "syncs": 0,
        "idle_syncs": 0,
        "errors": 0,
        "closed": 0,
    }
    latencies: list[float] = []
    unacked: set[str] = set()

    class Client:
        def __init__(self, index: int, url: str, token: str, start_seq: int) -> None:
            self.index, self.url, self.token = index, url, token
            self.last = start_seq  # applied
            self.live_last: int | None = None
            self.syncing = False
            self.buffer: list[dict[str, Any]] = []
            self.ws: Any = None

        async def open(self) -> None:
            self.ws = await connect(
                self.url,
                additional_headers=[("Authorization", f"Token {self.token}")],
                compression=None,
                max_queue=None,
                open_timeout=60,
                ping_interval=None,
            )
            await self.sync(counted=False)

        async def sync(self, counted: bool = True) -> None:
            if counted:
                if window["on"]:
                    stats["syncs"] += 1
                elif window["idle"]:
                    stats["idle_syncs"] += 1
            self.syncing = True
            await self.ws.send(json.dumps({"type": "sync", "after_seq": self.last}))

        async def apply(self, message: dict[str, Any]) -> None:
            seq = message["seq"]
            if seq <= self.last:
                return
            if seq > self.last + 1:
                await self.sync()
                return
            self.last = seq

        async def read(self) -> None:
            try:
                async for text in self.ws:
                    now = time.monotonic()
                    event = json.loads(text)
                    kind = event["type"]
                    if kind == "message.created":
                        seq = event["seq"]
                        if self.live_last is not None and seq != self.live_last + 1:
                            stats["out_of_order"] += 1
                        self.live_last = seq
                        if window["on"]:
                            stats["delivered"] += 1
                            latencies.append(now - float(event["message"]["body"].split()[0]))
                        if self.syncing:
                            self.buffer.append(event["message"])
                        else:
                            await self.apply(event["message"])
                    elif kind == "sync.page":
                        for message in event["messages"]:
                            if message["seq"] == self.last + 1:
                                self.last = message["seq"]
                    elif kind == "sync.done":
                        self.syncing = False
                        buffered, self.buffer = self.buffer, []
                        for message in buffered:
                            await self.apply(message)
                    elif kind == "sync.required":
                        await self.sync()
                    elif kind == "message.ack":
                        unacked.discard(event["client_id"])
                    elif kind == "error":
                        stats["errors"] += 1
            except ConnectionClosed:
                pass
            if not spec.get("closing"):
                stats["closed"] += 1

    clients = [
        Client(i, url, token, seq)
        for i, url, token, seq in zip(
            spec["indexes"], spec["urls"], spec["tokens"], spec["start_seqs"], strict=True
        )
    ]
    for client in clients:
        try:
            await client.open()
        except Exception:
            stats["errors"] += 1
    readers = [asyncio.create_task(c.read()) for c in clients if c.ws is not None]
    by_index = {c.index: c for c in clients}

    idle_start = spec["start"] - spec["idle"]
    await asyncio.sleep(max(0.0, idle_start - time.monotonic()))
    window["idle"] = True
    await asyncio.sleep(max(0.0, spec["start"] - time.monotonic()))
    window["idle"] = False
    window["on"] = True
    interval = 1.0 / spec["rate"]
    total = int(spec["rate"] * spec["seconds"])
    members = spec["members_per_room"]
    for k in range(total):
        room = k % spec["rooms"]
        socket_index = room * members + (k // spec["rooms"]) % members
        client = by_index.get(socket_index)
        if client is None or client.ws is None:
            continue
        await asyncio.sleep(max(0.0, spec["start"] + k * interval - time.monotonic()))
        client_id = str(uuid.uuid4())
        unacked.add(client_id)
        body = f"{time.monotonic():.6f} message {k}"
        with contextlib.suppress(ConnectionClosed):
            await client.ws.send(
                json.dumps({"type": "message.send", "client_id": client_id, "body": body})
            )
    await asyncio.sleep(max(0.0, spec["start"] + spec["seconds"] - time.monotonic()))
    window["on"] = False
    await asyncio.sleep(2.0)  # the last deliveries and acks
    spec["closing"] = True
    for client in clients:
        if client.ws is not None:
            await client.ws.close()
    await asyncio.gather(*readers, return_exceptions=True)
    stats["errors"] += len(unacked) + stats["closed"]
    return {"stats": stats, "latencies": latencies}


# --- the servers ----------------------------------------------------------------------------


def prepare(sockets: int, rooms: int) -> tuple[list[int], list[str]]:
    """`rooms` rooms of sockets/rooms members each; one user (and token) per socket."""
    from django.contrib.auth.hashers import make_password
    from rest_framework.authtoken.models import Token

    from collab.services.rooms import room_create
    from marketplace.models import User

    unusable = make_password(None)
    per_room = sockets // rooms
    users = User.objects.bulk_create(
        User(email=f"scale{n}@example.org", password=unusable) for n in range(per_room * rooms)
    )
    Token.objects.bulk_create(Token(user=u, key=uuid.uuid4().hex) for u in users)
    room_ids = []
    for r in range(rooms):
        members = users[r * per_room : (r + 1) * per_room]
        room = room_create(
            name=f"Scale room {r}",
            created_by=members[0],
            members=[(u, "member") for u in members[1:]],
        )
        room_ids.append(room.pk)
    tokens = dict(Token.objects.values_list("user_id", "key"))
    return room_ids, [tokens[u.pk] for u in users]


def statements() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s "
            "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = current_database()"
        )
        return int(cursor.fetchone()[0])


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return round(total / 1024, 1)


def run(n: int, args: argparse.Namespace, room_ids: list[int], tokens: list[str], env: dict):
    from collab.models import Room

    per_room = args.sockets // args.rooms
    ports = [free_port() for _ in range(n)]
    daphnes = [start_daphne(port, env) for port in ports]
    try:
        last = dict(Room.objects.filter(pk__in=room_ids).values_list("pk", "last_seq"))
        urls, seqs = [], []
        for i in range(per_room * args.rooms):
            room_id = room_ids[i // per_room]
            urls.append(f"ws://127.0.0.1:{ports[i % n]}/ws/rooms/{room_id}/")
            seqs.append(last[room_id])
        context = multiprocessing.get_context("spawn")
        results = context.Queue()
        connect_time = 5.0 + len(urls) * 0.01
        start = time.monotonic() + connect_time + args.idle
        processes = []
        for worker in range(WORKERS):
            indexes = list(range(worker, len(urls), WORKERS))
            spec = {
                "indexes": indexes,
                "urls": [urls[i] for i in indexes],
                "tokens": [tokens[i] for i in indexes],
                "start_seqs": [seqs[i] for i in indexes],
                "start": start,
                "idle": args.idle,
                "seconds": args.seconds,
                "rate": args.rate,
                "rooms": args.rooms,
                "members_per_room": per_room,
            }
            process = context.Process(target=client_worker, args=(spec, results))
            process.start()
            processes.append(process)
        time.sleep(max(0.0, start - args.idle - time.monotonic()))
        idle_queries = statements()
        time.sleep(max(0.0, start - time.monotonic()))
        queries_before = statements()
        idle_queries = queries_before - idle_queries
        time.sleep(max(0.0, start + args.seconds - time.monotonic()))
        queries = statements() - queries_before
        memory = rss_mb([d.pid for d in daphnes])
        load = os.getloadavg()
        outcomes = [results.get(timeout=args.seconds + args.idle + 300) for _ in processes]
        for process in processes:
            process.join()
    finally:
        for daphne in daphnes:
            stop(daphne)
    totals: dict[str, int] = {}
    for outcome in outcomes:
        for key, value in outcome["stats"].items():
            totals[key] = totals.get(key, 0) + value
    latencies = sorted(x for o in outcomes for x in o["latencies"])

    def pct(p: float) -> float:
        if not latencies:
            return 0.0
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000, 2)

    result = {
        "processes": n,
        "sockets": per_room * args.rooms,
        "deliveries_per_s": round(totals["delivered"] / args.seconds),
        "p50_ms": pct(0.5),
        "p99_ms": pct(0.99),
        "out_of_order": totals["out_of_order"],
        "syncs_per_min": round(totals["syncs"] / (args.seconds / 60), 2),
        "db_queries_per_delivery": round(queries / max(1, totals["delivered"]), 4),
        "rss_mb": memory,
        "errors": totals["errors"],
        "load_average": [round(x, 2) for x in load],
    }
    if args.idle:
        result.update(idle_seconds=args.idle, idle_syncs=totals["idle_syncs"])
        result["idle_queries"] = idle_queries
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", default="1,2,4")
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--idle", type=float, default=0.0)
    args = parser.parse_args()

    with ExitStack() as stack:
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-scale-")))
        os.chmod(root, 0o755)  # noqa: S103 — PostgreSQL runs as another user
        database = stack.enter_context(
            throwaway_postgres(
                root,
                {"shared_preload_libraries": "pg_stat_statements", "max_connections": "300"},
            )
        )
        redis = stack.enter_context(throwaway_redis(root))
        os.environ["DATABASE_URL"] = database
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        from bench.benchdb import fresh_database

        fresh_database("chat_scale")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        room_ids, tokens = prepare(args.sockets, args.rooms)
        env = dict(
            os.environ,
            REDIS_URL=redis,
            DEBUG="0",
            KRUISPUNT_TESTING="1",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(ROOT),
            CHANNELS_PREFIX=f"bench-{uuid.uuid4().hex[:8]}",
        )
        connection.close()
        print(f"load average before: {os.getloadavg()}", file=sys.stderr)
        rows = []
        for n in [int(x) for x in args.processes.split(",")]:
            print(f"{n} process(es)…", file=sys.stderr)
            row = run(n, args, room_ids, tokens, env)
            rows.append(row)
            print(json.dumps(row), flush=True)
        summary = {
            "summary": True,
            "sockets": rows[0]["sockets"] if rows else 0,
            "rate": args.rate,
            "seconds": args.seconds,
            "out_of_order": sum(r["out_of_order"] for r in rows),
            "max_syncs_per_client_per_10_min": max(
                (r["syncs_per_min"] * 10 / max(1, r["sockets"]) for r in rows), default=0
            ),
            "p99_ms": {r["processes"]: r["p99_ms"] for r in rows},
            "errors": sum(r["errors"] for r in rows),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
