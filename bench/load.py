"""Load: simulated users browsing, searching, reading suggestions, proposing and chatting
against Daphne + PostgreSQL + Redis with the background worker running.

    .venv/bin/python bench/load.py [--users 200] [--seconds 120] [--processes 1|2]
                                   [--think 7.0] [--rooms 20]

Everything runs on this machine, on 127.0.0.1 only: a throwaway PostgreSQL and Redis on free
ports (tests/services.py), migrated and seeded with the reference data, the demo
organisations and challenges, open challenges to propose to, one account with a token per
user and chat rooms of ten; then `--processes` Daphne processes started as the Procfile
starts them (with 2, the users spread over both ports) and the django-tasks worker
(`manage.py db_worker`). Each user opens its room's socket and, for `--seconds`, picks an
action, waits for the answer, then thinks for an exponentially distributed time (mean
`--think` s, at most ten times the mean): the challenge list, a challenge, the challenge
page, a search, its challenge suggestions, a draft proposal, or a chat message (sent on the
socket, timed until its ack).

Prints requests/s and p50/p95/p99 per kind of request and the error count (any answer other
than 2xx, a failed request, a chat message not acknowledged within 10 s), and ends with one
JSON line: {"users", "requests", "rps", "p50_ms", "p95_ms", "p99_ms", "errors",
"chat_p99_ms", "processes", "load_average"}. Target on 2 cores: 0 errors, p95 <= 300 ms.
The load generator runs in this process and shares the cores with the servers.

Think time: people read a list or a brief before their next click. The default is the web
benchmark convention of TPC-W (emulated browsers think for a negative-exponential time with a
mean of 7 s, cut off at 70 s); 200 such users ask for about 28 requests a second. `--think 1`
is a stress case (the same 200 users about 7 times as busy, ~170 requests a second asked):
it shows where the two cores saturate, and SECURITY.md reports it beside the default.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_fanout import free_port, start_daphne, stop  # noqa: E402
from tests.services import throwaway_postgres, throwaway_redis  # noqa: E402

SEARCHES = ["robot", "sensor", "energie", "verpakking", "textile", "cobot", "qualité", "oven"]
ACTIONS = [  # (kind, weight)
    ("challenge list", 25),
    ("challenge", 20),
    ("challenge page", 10),
    ("search", 15),
    ("suggestions", 10),
    ("propose", 5),
    ("chat", 15),
]
CHAT_TIMEOUT = 10.0


# --- seeding (in this process, before the servers start) -------------------------------------


def seed(users: int, rooms: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for command in ("load_taxonomies", "load_challenge_content", "demo", "demo_challenges"):
        call_command(command, verbosity=0)

    from rest_framework.authtoken.models import Token

    from collab.services.rooms import room_create
    from marketplace.models import Challenge, User
    from tests.factories import MembershipFactory, OrganisationFactory
    from tests.marketplace.challenges.factories import make_challenge

    owner = User.objects.create_user(email="load-owner@example.org", password=None)
    organisation = OrganisationFactory(name="Belasting BV")
    MembershipFactory(user=owner, organisation=organisation, role="owner")
    for n in range(20):
        make_challenge(owner, organisation, title=f"Open vraag {n}: {SEARCHES[n % 8]} in de lijn")
    people = [
        User.objects.create_user(email=f"load{n}@example.org", password=None) for n in range(users)
    ]
    tokens = [Token.objects.create(user=u).key for u in people]
    room_of: list[int] = [0] * users
    size = max(1, users // rooms)
    for start in range(0, users, size):
        members = people[start : start + size]
        room = room_create(
            name=f"Load {start // size}",
            created_by=members[0],
            members=[(u, "member") for u in members[1:]],
        )
        for n in range(start, start + len(members)):
            room_of[n] = room.pk
    open_ids = list(
        Challenge.objects.filter(organisation=organisation).values_list("pk", flat=True)
    )
    from marketplace.access import challenges_visible_to

    visible = list(challenges_visible_to(people[0]).values_list("pk", flat=True))
    return {"tokens": tokens, "rooms": room_of, "open": open_ids, "visible": visible}


# --- the simulated users ---------------------------------------------------------------------


class User:
    def __init__(self, index: int, token: str, room: int, port: int, data: dict[str, Any]):
        self.index, self.token, self.room, self.port, self.data = index, token, room, port, data
        # Each simulated person comes from an address of their own, as real users do, given to
        # the server by "our proxy" (TRUSTED_PROXY_COUNT=1): the per-address abuse limits then
        # count per person instead of counting 200 people as one address.
        self.address = f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"
        self.ws: Any = None
        self.reader: asyncio.Future[None] | None = None
        self.acks: dict[str, asyncio.Future[None]] = {}

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        url = f"ws://127.0.0.1:{self.port}/ws/rooms/{self.room}/"
        self.ws = await connect(url, additional_headers=[("Authorization", f"Token {self.token}")])
        self.reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(Exception):
            async for text in self.ws:
                event = json.loads(text)
                if event.get("type") == "message.ack":
                    future = self.acks.pop(event.get("client_id"), None)
                    if future is not None and not future.done():
                        future.set_result(None)

    async def chat(self) -> bool:
        client_id = str(uuid.uuid4())
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.acks[client_id] = future
        frame = {"type": "message.send", "client_id": client_id, "body": f"bericht {client_id}"}
        await self.ws.send(json.dumps(frame))
        try:
            await asyncio.wait_for(future, CHAT_TIMEOUT)
        except TimeoutError:
            self.acks.pop(client_id, None)
            return False
        return True

    async def request(self, http: Any, kind: str) -> bool:
        auth = {"Authorization": f"Token {self.token}", "X-Forwarded-For": self.address}
        base = f"http://127.0.0.1:{self.port}"
        if kind == "challenge list":
            response = await http.get(f"{base}/api/v1/challenges/", headers=auth)
        elif kind == "challenge":
            pk = random.choice(self.data["visible"])
            response = await http.get(f"{base}/api/v1/challenges/{pk}/", headers=auth)
        elif kind == "challenge page":
            response = await http.get(
                f"{base}/en/challenges/", headers={"X-Forwarded-For": self.address}
            )
        elif kind == "search":
            query = random.choice(SEARCHES)
            response = await http.get(f"{base}/api/v1/challenges/?search={query}", headers=auth)
        elif kind == "suggestions":
            response = await http.get(
                f"{base}/api/v1/people/me/challenge-suggestions/", headers=auth
            )
        else:  # propose: a draft to one of the open challenges
            payload = {
                "challenge": random.choice(self.data["open"]),
                "kind": "person",
                "title": f"Voorstel {uuid.uuid4().hex[:8]}",
                "summary": "Wij stellen een proefopstelling voor met een cobot en een camera.",
            }
            response = await http.post(f"{base}/api/v1/proposals/", headers=auth, json=payload)
        if response.status_code >= 400:
            print(f"{kind}: {response.status_code} {response.text[:200]}", file=sys.stderr)
        return response.status_code < 400


async def run_users(
    users: list[User], seconds: float, think: float
) -> tuple[dict[str, list[float]], dict[str, int], float]:
    import httpx

    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    kinds, weights = zip(*ACTIONS, strict=True)
    limits = httpx.Limits(max_connections=len(users), max_keepalive_connections=len(users))
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:
        for user in users:
            try:
                await user.connect()
            except Exception as exc:
                errors["connect"] += 1
                print(f"connect: {exc}", file=sys.stderr)
        start = time.monotonic()
        deadline = start + seconds

        async def life(user: User) -> None:
            await asyncio.sleep(random.uniform(0, think))
            while time.monotonic() < deadline:
                kind = random.choices(kinds, weights)[0]
                began = time.perf_counter()
                try:
                    if kind == "chat":
                        ok = user.ws is not None and await user.chat()
                    else:
                        ok = await user.request(http, kind)
                except Exception as exc:
                    ok = False
                    print(f"{kind}: {type(exc).__name__} {exc}", file=sys.stderr)
                latencies[kind].append((time.perf_counter() - began) * 1000)
                if not ok:
                    errors[kind] += 1
                await asyncio.sleep(min(random.expovariate(1 / think), 10 * think))

        await asyncio.gather(*(life(u) for u in users))
        elapsed = time.monotonic() - start
        for user in users:
            if user.ws is not None:
                with contextlib.suppress(Exception):
                    await user.ws.close()
    return latencies, errors, elapsed


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# --- main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--processes", type=int, choices=[1, 2], default=1)
    parser.add_argument(
        "--think", type=float, default=7.0, help="mean think time, seconds (TPC-W: 7)"
    )
    parser.add_argument("--rooms", type=int, default=20)
    args = parser.parse_args()

    with ExitStack() as stack:
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-load-")))
        os.chmod(root, 0o755)  # noqa: S103 - PostgreSQL runs as its own user and must enter
        database = stack.enter_context(throwaway_postgres(root))
        redis = stack.enter_context(throwaway_redis(root))
        env = dict(
            os.environ,
            DATABASE_URL=database,
            REDIS_URL=redis,
            DJANGO_SETTINGS_MODULE="config.settings",
            KRUISPUNT_TESTING="1",
            DEBUG="0",
            LOG_LEVEL="WARNING",
            MATCHING_EMBEDDINGS="off",
            TASKS_BACKEND="database",
            DB_POOL_MAX_SIZE=os.environ.get("DB_POOL_MAX_SIZE", "20"),  # production's default
            TRUSTED_PROXY_COUNT="1",  # the users' own addresses arrive in X-Forwarded-For
            # One index directory for every process, as in production.
            MATCHING_INDEX_DIR=str(root / "matching"),
            CHANNELS_PREFIX=f"load-{uuid.uuid4().hex[:8]}",
            PYTHONPATH=str(ROOT),
        )
        os.environ.update(env)
        print(f"seeding {args.users} users ...", file=sys.stderr, flush=True)
        data = seed(args.users, args.rooms)
        # The servers run as in production, not as in the tests (KRUISPUNT_TESTING gives each
        # process a cache of its own and rescans static files on every request): a secret of
        # their own, collected static files, plain HTTP on localhost.
        served = {k: v for k, v in env.items() if k != "KRUISPUNT_TESTING"}
        served.update(
            SECRET_KEY=secrets.token_urlsafe(50),
            SECURE_HTTPS="0",
            STATIC_ROOT=str(root / "static"),
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=served,
            check=True,
        )
        ports = [free_port() for _ in range(args.processes)]
        daphnes = [start_daphne(port, served) for port in ports]
        for daphne in daphnes:
            stack.callback(stop, daphne)
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT,
            env=served,
            stdout=subprocess.DEVNULL,
        )
        stack.callback(stop, worker)
        users = [
            User(n, data["tokens"][n], data["rooms"][n], ports[n % len(ports)], data)
            for n in range(args.users)
        ]
        print(f"running {args.seconds:.0f} s ...", file=sys.stderr, flush=True)
        latencies, errors, elapsed = asyncio.run(run_users(users, args.seconds, args.think))

    everything = [v for values in latencies.values() for v in values]
    http = [v for kind, values in latencies.items() if kind != "chat" for v in values]
    print(
        f"{'kind':<16}{'requests':>9}{'rps':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
    )
    for kind, _weight in ACTIONS:
        values = latencies.get(kind, [])
        print(
            f"{kind:<16}{len(values):>9}{len(values) / elapsed:>8.1f}"
            f"{percentile(values, 0.5):>9.0f}{percentile(values, 0.95):>9.0f}"
            f"{percentile(values, 0.99):>9.0f}{errors.get(kind, 0):>8}"
        )
    if errors.get("connect"):
        print(f"sockets that failed to connect: {errors['connect']}")
    summary = {
        "users": args.users,
        "requests": len(everything),
        "rps": round(len(everything) / elapsed, 1),
        "p50_ms": round(percentile(http, 0.5), 1),
        "p95_ms": round(percentile(http, 0.95), 1),
        "p99_ms": round(percentile(http, 0.99), 1),
        "errors": sum(errors.values()),
        "chat_p99_ms": round(percentile(latencies.get("chat", []), 0.99), 1),
        "processes": args.processes,
        "think_s": args.think,
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
