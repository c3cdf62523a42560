"""Fan-out benchmark: one room of 50 websocket clients, Kruispunt against a minimal broadcast
server, in one run on this machine.

    .venv/bin/python bench/chat_fanout.py [--clients 50] [--seconds 6] [--rate 80]

Kruispunt: Daphne serving config.asgi with channels-redis on a redis-server started here and
a fresh PostgreSQL database (bench/benchdb.py); every message is persisted (seq, ack) before
it is broadcast. Reference: the `websockets` library's broadcast() echoing every frame to all
clients. Both are driven by the same load generator (client processes separate from the
servers):

- saturation: every client sends in a closed loop (its next message when its previous one
  came back to it as a delivered message: message.created for Kruispunt — persisted and
  fanned out —, the echo for the reference); deliveries/s counts message frames received by
  all clients together;
- latency: the room receives 80 messages/s (8 members taking turns, 10/s each — one
  connection may send 30 frames/s); the delay from send to receipt is measured at all 50
  clients (CLOCK_MONOTONIC is shared by the processes); p50 and p99.

Ends with one JSON line: reference_deliveries_per_s, kruispunt_deliveries_per_s, ratio,
p99_ms_at_80 (Kruispunt) and more.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORKERS = 2  # client processes
SENDERS = 8  # members sending during the latency measurement


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


# --- the reference server -------------------------------------------------------------------


def reference_server(port: int) -> None:
    """A minimal broadcast server: every frame goes to every connected client."""
    import websockets
    from websockets.asyncio.server import broadcast, serve

    clients: set[Any] = set()

    async def handler(ws: Any) -> None:
        clients.add(ws)
        try:
            async for message in ws:
                broadcast(clients, message)
        except websockets.ConnectionClosed:
            pass
        finally:
            clients.discard(ws)

    async def main() -> None:
        async with serve(handler, "127.0.0.1", port, compression=None, max_queue=None):
            await asyncio.get_running_loop().create_future()

    asyncio.run(main())


# --- the load generator (runs in client processes) -------------------------------------------


def client_worker(spec: dict[str, Any], results: Any) -> None:
    results.put(asyncio.run(_client_main(spec)))


async def _client_main(spec: dict[str, Any]) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    kruispunt = spec["kind"] == "kruispunt"
    mode = spec["mode"]
    delivered = 0
    latencies: list[float] = []
    counting = False
    acks: dict[int, asyncio.Event] = {}

    async def reader(index: int, ws: Any) -> None:
        nonlocal delivered
        nonlocal last_frame
        async for text in ws:
            now = last_frame = time.monotonic()
            if kruispunt:
                if '"message.created"' in text:
                    if counting:
                        delivered += 1
                    if mode == "latency":
                        body = json.loads(text)["message"]["body"]
                        latencies.append(now - float(body.split(" ", 1)[0]))
                    elif index in acks and f'from {index}"' in text:
                        acks[index].set()  # its own message came back: persisted, delivered
            else:
                if counting:
                    delivered += 1
                sender, _, stamp = text.partition(" ")
                if mode == "latency":
                    latencies.append(now - float(stamp.split(" ", 1)[0]))
                elif int(sender) == index and index in acks:
                    acks[index].set()

    async def closed_loop(index: int, ws: Any, until: float) -> None:
        acks[index] = asyncio.Event()
        while time.monotonic() < until:
            acks[index].clear()
            await ws.send(frame(index))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(acks[index].wait(), timeout=5)

    def frame(index: int) -> str:
        stamp = f"{time.monotonic():.6f} from {index}"
        if kruispunt:
            return json.dumps(
                {"type": "message.send", "client_id": str(uuid.uuid4()), "body": stamp}
            )
        return f"{index} {stamp}"

    last_frame = time.monotonic()

    async def quiet(seconds: float) -> None:
        """Until nothing has arrived for a while: the next phase starts on an idle server."""
        while time.monotonic() - last_frame < seconds:
            await asyncio.sleep(0.2)

    sockets = []
    for index, token in zip(spec["indexes"], spec["tokens"], strict=True):
        headers = [("Authorization", f"Token {token}")] if token else []
        ws = await connect(
            spec["url"],
            additional_headers=headers,
            compression=None,
            max_queue=None,
            open_timeout=30,
        )
        sockets.append((index, ws))
    tasks = [asyncio.create_task(reader(index, ws)) for index, ws in sockets]
    # Everybody starts together (the parent picked a moment after all have connected).
    await asyncio.sleep(max(0.0, spec["start"] - time.monotonic()))
    if mode == "saturate":
        warm_until = spec["start"] + spec["warmup"]
        until = warm_until + spec["seconds"]
        loops = [asyncio.create_task(closed_loop(i, ws, until)) for i, ws in sockets]
        await asyncio.sleep(max(0.0, warm_until - time.monotonic()))
        counting = True
        begin = time.monotonic()
        await asyncio.sleep(max(0.0, until - time.monotonic()))
        counting = False
        elapsed = time.monotonic() - begin
        await asyncio.gather(*loops)
        await quiet(2.0)
    else:
        elapsed = 0.0
        # SENDERS members share the rate, interleaved: the room gets one message every
        # 1/rate seconds.
        interval = 1.0 / spec["rate"]
        total = int(spec["rate"] * spec["seconds"])

        async def paced(index: int, ws: Any) -> None:
            for n in range(index, total, SENDERS):
                await asyncio.sleep(max(0.0, spec["start"] + n * interval - time.monotonic()))
                await ws.send(frame(index))

        await asyncio.gather(*(paced(i, ws) for i, ws in sockets if i < SENDERS))
        await asyncio.sleep(max(0.0, spec["start"] + spec["seconds"] + 1.5 - time.monotonic()))
    for _, ws in sockets:
        await ws.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"delivered": delivered, "elapsed": elapsed, "latencies": latencies}


def run_clients(
    kind: str, url: str, tokens: list[str | None], mode: str, args: argparse.Namespace
) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    start = time.monotonic() + 3.0 + len(tokens) * 0.03
    processes = []
    for worker in range(WORKERS):
        indexes = list(range(worker, len(tokens), WORKERS))
        spec = {
            "kind": kind,
            "url": url,
            "mode": mode,
            "indexes": indexes,
            "tokens": [tokens[i] for i in indexes],
            "start": start,
            "warmup": 1.0,
            "seconds": args.seconds,
            "rate": args.rate,
        }
        process = context.Process(target=client_worker, args=(spec, results))
        process.start()
        processes.append(process)
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join()
    latencies = sorted(x for o in outcomes for x in o["latencies"])
    elapsed = max(o["elapsed"] for o in outcomes)
    delivered = sum(o["delivered"] for o in outcomes)
    summary: dict[str, Any] = {"delivered": delivered}
    if mode == "saturate":
        summary["deliveries_per_s"] = delivered / elapsed if elapsed else 0.0
    if latencies:
        summary["p50_ms"] = latencies[len(latencies) // 2] * 1000
        summary["p99_ms"] = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        summary["samples"] = len(latencies)
    return summary


# --- Kruispunt ------------------------------------------------------------------------------


def prepare_room(clients: int) -> tuple[int, list[str]]:
    """A room with `clients` members and their API tokens, in the fresh bench database."""
    from rest_framework.authtoken.models import Token

    from collab.services.rooms import room_create
    from marketplace.models import User

    users = [
        User.objects.create_user(email=f"bench{n}@example.org", password=None)
        for n in range(clients)
    ]
    room = room_create(
        name="Bench room", created_by=users[0], members=[(u, "member") for u in users[1:]]
    )
    return room.pk, [Token.objects.create(user=u).key for u in users]


def start_redis(workdir: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    process = subprocess.Popen(
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", workdir],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port)
    return process, port


def start_daphne(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            PYTHON,
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
    wait_for_port(port)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rate", type=float, default=80.0)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from bench.benchdb import fresh_database

    os.environ.setdefault("LOG_LEVEL", "WARNING")
    fresh_database("chat")
    room_id, tokens = prepare_room(args.clients)
    from chat.models import Message

    results: dict[str, Any] = {"clients": args.clients}
    workdir = tempfile.mkdtemp(prefix="bench-chat-")
    redis, redis_port = start_redis(workdir)
    env = dict(
        os.environ,
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        DEBUG="0",
        KRUISPUNT_TESTING="1",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    daphne_port = free_port()
    daphne = start_daphne(daphne_port, env)
    reference_port = free_port()
    context = multiprocessing.get_context("spawn")
    reference = context.Process(target=reference_server, args=(reference_port,))
    reference.start()
    wait_for_port(reference_port)
    try:
        ref_url = f"ws://127.0.0.1:{reference_port}/"
        kp_url = f"ws://127.0.0.1:{daphne_port}/ws/rooms/{room_id}/"
        nobody: list[str | None] = [None] * args.clients
        print("reference: saturation…", file=sys.stderr)
        ref_sat = run_clients("reference", ref_url, nobody, "saturate", args)
        print("reference: latency…", file=sys.stderr)
        ref_lat = run_clients("reference", ref_url, nobody, "latency", args)
        print("kruispunt: saturation…", file=sys.stderr)
        kp_sat = run_clients("kruispunt", kp_url, list(tokens), "saturate", args)
        print("kruispunt: latency…", file=sys.stderr)
        kp_lat = run_clients("kruispunt", kp_url, list(tokens), "latency", args)
        stored = Message.objects.filter(room_id=room_id).count()
        seqs = list(Message.objects.filter(room_id=room_id).values_list("seq", flat=True))
    finally:
        reference.terminate()
        reference.join()
        stop(daphne)
        stop(redis)
        shutil.rmtree(workdir, ignore_errors=True)

    results.update(
        reference_deliveries_per_s=round(ref_sat["deliveries_per_s"]),
        kruispunt_deliveries_per_s=round(kp_sat["deliveries_per_s"]),
        ratio=round(kp_sat["deliveries_per_s"] / ref_sat["deliveries_per_s"], 3),
        p50_ms_at_80=round(kp_lat["p50_ms"], 2),
        p99_ms_at_80=round(kp_lat["p99_ms"], 2),
        reference_p50_ms_at_80=round(ref_lat["p50_ms"], 2),
        reference_p99_ms_at_80=round(ref_lat["p99_ms"], 2),
        latency_samples=kp_lat["samples"],
        messages_persisted=stored,
        seq_gapless=sorted(seqs) == list(range(1, len(seqs) + 1)),
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
