"""Partner suggestions through the product, over HTTP, on the generated large set (issue #4).

    nice -n 10 .venv/bin/python bench/matching_api.py [--orgs 100000] [--participations N]
                                                      [--requests 300]

Issue #4 asks, with 100,000 organisations and 500,000 participations: one API suggestion
request p95 <= 100 ms, index build <= 2 minutes, resident memory <= 2 GB.
bench/matching_speed.py measures the engine alone; this measures the product's own path:

1. a fresh PostgreSQL database (bench/benchdb.py);
2. the synthetic set of bench/matching_speed.py (same generator, same seed; participations
   default to 5 per organisation), written as the JSON Lines files of DESIGN.md and loaded
   with ``manage.py import_organisations`` and ``import_collaborations`` (``--no-index``:
   the index is built in the next step), each in its own process and timed;
3. text vectors: the product computes them in its worker, ~30 ms a text on this machine (the
   real model's speed is measured on a sample and printed), which for the 200,000 generated
   texts would take two hours; and the generated texts are made-up words that no model
   understands anyway. So the bench stores stand-in vectors for them (each text's words hashed
   to fixed random directions and summed: texts with words in common are close, as with a
   model) in the worker's cache table, exactly where the worker puts real ones, and the build
   and the requests then do all they do with real vectors (``--no-vectors``: without);
   ``manage.py build_matching_index``: wall time and the process's peak resident memory;
4. Daphne serving config.asgi on a free port with production settings (DEBUG=0, no
   KRUISPUNT_TESTING, SECURE_HTTPS=0 because it is plain HTTP on localhost, the database
   task backend); one user, member of the organisations asked about, with an API token,
   sends ``--requests`` sequential GET /api/v1/organisations/<id>/partner-suggestions/ for
   random organisations with a track record, after a warm-up; every answer must be 200.

Prints the figures and ends with one JSON line: orgs, participations, import_seconds,
collaborations_import_seconds, embed_ms_per_text (the real model, when installed),
text_vectors, index_build_seconds, index_build_peak_rss_mb, api_requests, api_p50_ms,
api_p95_ms, server_rss_mb, load_average (and a few more). The machine's load average is
printed with them: on a shared 2-core machine the latencies scale with it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.benchdb import fresh_database  # noqa: E402
from bench.chat_fanout import free_port, start_daphne, stop  # noqa: E402

PYTHON = sys.executable
WARMUP = 20


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def run_command(env: dict[str, str], *args: str) -> tuple[float, float, str]:
    """Run ``manage.py <args>``; its wall time in seconds, peak RSS in MB and output."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        # wait4 gives this child's own rusage (RUSAGE_CHILDREN would be the max over all).
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{output[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024.0, output


def rss_mb(pid: int) -> tuple[float, float]:
    """Current and peak resident memory of a running process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024.0, int(fields["VmHWM"].split()[0]) / 1024.0


def prepare_member(org_ids: list[int]) -> str:
    """One user, member of every organisation asked about; its API token."""
    from rest_framework.authtoken.models import Token

    from marketplace.models import Membership, User

    user = User.objects.create_user(email="bench-matching@example.org", password=None)
    Membership.objects.bulk_create(
        [Membership(organisation_id=pk, user=user, role="member") for pk in org_ids]
    )
    return str(Token.objects.create(user=user).key)


def get(conn: http.client.HTTPConnection, path: str, token: str) -> tuple[int, bytes]:
    conn.request(
        "GET", path, headers={"Authorization": f"Token {token}", "Accept": "application/json"}
    )
    response = conn.getresponse()
    return response.status, response.read()


def summary(report: dict[str, Any]) -> str:
    """An import report without its (possibly thousands of) per-line warnings."""
    counts = {k: report[k] for k in ("created", "updated", "unchanged")}
    return f"{counts}, {len(report['rejected'])} rejected, {len(report['warnings'])} warnings"


def stand_in_vector(text: str, directions: Any) -> Any:
    import numpy as np

    rows = [zlib.crc32(w.encode()) % len(directions) for w in text.lower().split()]
    v = directions[rows].sum(axis=0) if rows else directions[0]
    return (v / np.linalg.norm(v)).astype(np.float32)


def store_stand_in_vectors(workdir: Path) -> dict[str, Any]:
    """Stand-in vectors for the generated texts, stored as the worker stores real ones; and
    the real model's speed on a sample of them (when it is installed)."""
    import numpy as np

    from marketplace.matching import embedding
    from marketplace.matching.models import TextVector
    from marketplace.matching.store import encode_vector

    out: dict[str, Any] = {}
    texts: dict[str, str] = {}
    with (workdir / "organisations.jsonl").open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line).get("description") or ""
            if d.strip():
                texts[embedding.text_key(d)] = d
    with (workdir / "collaborations.jsonl").open(encoding="utf-8") as f:
        for line in f:
            c = json.loads(line)
            t = f"{c.get('title') or ''}. {c.get('summary') or ''}"
            texts[embedding.text_key(t)] = t
    embedder = embedding.load_embedder()
    if embedder is not None:
        sample = list(texts.values())[:64]
        embedder.embed(sample[:2])  # load the model
        started = time.perf_counter()
        embedder.embed(sample)
        out["embed_ms_per_text"] = round((time.perf_counter() - started) * 1000 / len(sample), 1)
        print(f"real model: {out['embed_ms_per_text']} ms a text (batch of 64)", flush=True)
    started = time.perf_counter()
    directions = np.random.default_rng(5).standard_normal((4096, embedding.DIM))
    TextVector.objects.bulk_create(
        (
            TextVector(
                key=k, text=t, vector=encode_vector(stand_in_vector(t, directions)), published=True
            )
            for k, t in texts.items()
        ),
        batch_size=5000,
    )
    print(
        f"stand-in vectors for {len(texts)} texts stored in {time.perf_counter() - started:.1f} s"
    )
    out["text_vectors"] = len(texts)
    return out


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument(
        "--participations", type=int, help="default: 5 per organisation (500,000 at full size)"
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--limit", type=int, default=10, help="suggestions per request")
    parser.add_argument("--no-vectors", action="store_true", help="index without text vectors")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database and the index directory afterwards (to profile; prints both)",
    )
    args = parser.parse_args()
    n_participations = args.participations or 5 * args.orgs

    os.environ.setdefault("LOG_LEVEL", "WARNING")
    fresh_database("matching_api", keep=args.keep)
    from bench.matching_speed import generate

    workdir = Path(tempfile.mkdtemp(prefix="bench-matching-api-"))
    # The commands and the server share one index directory (the default under
    # KRUISPUNT_TESTING is per process id).
    env = dict(os.environ, MATCHING_INDEX_DIR=str(workdir / "index"), PYTHONPATH=str(ROOT))
    result: dict[str, Any] = {}
    try:
        started = time.perf_counter()
        orgs, collabs, _queries = generate(args.orgs, n_participations)
        write_jsonl(workdir / "organisations.jsonl", orgs)
        write_jsonl(workdir / "collaborations.jsonl", collabs)
        n_collabs = len(collabs)
        del orgs, collabs, _queries
        print(f"generated and written in {time.perf_counter() - started:.1f} s", flush=True)

        for command, name, key in (
            ("import_organisations", "organisations.jsonl", "import_seconds"),
            ("import_collaborations", "collaborations.jsonl", "collaborations_import_seconds"),
        ):
            seconds, _rss, output = run_command(
                env, command, str(workdir / name), "--no-progress", "--json", "--no-index"
            )
            report = json.loads(output.strip().splitlines()[-1])
            result[key] = round(seconds, 1)
            print(f"{command}: {seconds:.1f} s, {summary(report)}", flush=True)

        from django.db import connection
        from django.db.models import Count

        from marketplace.models import Collaboration, Organisation, Participation

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have after a bulk load
        n_orgs = Organisation.objects.count()
        n_parts = Participation.objects.count()
        print(
            f"database: {n_orgs} organisations, {Collaboration.objects.count()} collaborations "
            f"(generated {n_collabs}), {n_parts} participations",
            flush=True,
        )
        # Organisations with a track record, as bench/matching_speed.py's queries are.
        active = list(
            Organisation.objects.annotate(n=Count("participations"))
            .filter(n__gt=0)
            .values_list("pk", flat=True)
        )
        rng = random.Random(11)
        asked = rng.sample(active, min(len(active), args.requests + WARMUP))
        token = prepare_member(asked)

        if not args.no_vectors:
            result.update(store_stand_in_vectors(workdir))
        seconds, build_rss, output = run_command(env, "build_matching_index")
        result["index_build_seconds"] = round(seconds, 1)
        result["index_build_peak_rss_mb"] = round(build_rss)
        print(f"build_matching_index: {seconds:.1f} s, peak RSS {build_rss:.0f} MB", flush=True)
        print("  " + output.strip(), flush=True)

        from marketplace.matching.store import data_fingerprint

        started = time.perf_counter()
        data_fingerprint()
        fingerprint_ms = (time.perf_counter() - started) * 1000
        print(f"data_fingerprint() (once per 10 s per process): {fingerprint_ms:.0f} ms")

        server_env = {
            key: value
            for key, value in env.items()
            if key not in {"KRUISPUNT_TESTING", "TASKS_BACKEND", "DEBUG"}
        }
        server_env.update(
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            SECURE_HTTPS="0",
            TASKS_BACKEND="database",
            LOG_LEVEL="WARNING",
        )
        port = free_port()
        daphne = start_daphne(port, server_env)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            started = time.perf_counter()
            for pk in asked[:WARMUP]:  # the first one loads the index into the process
                status, body = get(conn, f"/api/v1/organisations/{pk}/partner-suggestions/", token)
                assert status == 200, (status, body[:300])
            print(f"warm-up ({WARMUP} requests): {time.perf_counter() - started:.1f} s")
            rss_after_load, _peak = rss_mb(daphne.pid)
            timings: list[float] = []
            empty = 0
            for pk in asked[WARMUP:]:
                path = f"/api/v1/organisations/{pk}/partner-suggestions/?limit={args.limit}"
                started = time.perf_counter()
                status, body = get(conn, path, token)
                timings.append((time.perf_counter() - started) * 1000)
                assert status == 200, (pk, status, body[:300])
                empty += not json.loads(body)["results"]
            conn.close()
            server_rss, server_peak = rss_mb(daphne.pid)
        finally:
            stop(daphne)
    finally:
        if args.keep:
            print(
                f"kept: DATABASE_URL={os.environ['DATABASE_URL']} "
                f"MATCHING_INDEX_DIR={workdir}/index"
            )
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    load = os.getloadavg()
    print(
        f"API: n={len(timings)} p50 {statistics.median(timings):.1f} ms, "
        f"p95 {percentile(timings, 95):.1f} ms, max {max(timings):.1f} ms; "
        f"{empty} answers without suggestions"
    )
    print(
        f"server RSS {server_rss:.0f} MB (after warm-up {rss_after_load:.0f} MB, "
        f"peak {server_peak:.0f} MB); machine: {os.cpu_count()} CPUs, load {load[0]:.1f}"
    )
    result = {
        "orgs": n_orgs,
        "participations": n_parts,
        **result,
        "api_requests": len(timings),
        "api_p50_ms": round(statistics.median(timings), 1),
        "api_p95_ms": round(percentile(timings, 95), 1),
        "api_max_ms": round(max(timings), 1),
        "api_empty_answers": empty,
        "server_rss_mb": round(server_rss),
        "server_peak_rss_mb": round(server_peak),
        "fingerprint_ms": round(fingerprint_ms, 1),
        "load_average": round(load[0], 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
