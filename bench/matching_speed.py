"""Partner-matching speed: dev-split throughput and a generated large set.

1. Dev split: index build, then answers per second for its queries, in one process and in
   ``--workers`` processes (forked after the index is built, as web workers would be).
2. Generated set (default 100,000 organisations, 500,000 participations, fixed seed): index
   build time, save/load time, p50/p95 single-query latency, peak resident memory.

Ends with one JSON line. ``--skip-dev`` / ``--orgs N`` / ``--participations N`` adjust it.

    .venv/bin/python bench/matching_speed.py
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from marketplace.matching import MatchingEngine, MatchingIndex  # noqa: E402
from marketplace.matching.train import read_jsonl  # noqa: E402

KINDS = ["company", "company", "company", "university", "research_centre", "public_body", "other"]
COUNTRIES = ["BE", "NL", "FR", "DE", "IT", "ES", "PT", "PL", "SE", "FI", "AT", "DK", "IE", "EL"]
NACE = [
    "10.11",
    "13.20",
    "16.23",
    "18.12",
    "22.29",
    "24.10",
    "25.62",
    "26.51",
    "28.41",
    "29.10",
    "31.01",
    "62.01",
    "71.12",
    "72.19",
]

_ENGINE: MatchingEngine | None = None


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def generate(n_orgs: int, n_participations: int, seed: int = 7) -> tuple[list, list, list]:
    """A synthetic marketplace: organisations, projects with Zipf-distributed activity, texts.

    Texts are drawn from a synthetic vocabulary (nl/en/fr-looking word stems), topics from
    hierarchical call codes, participants by preferential attachment within topic communities.
    """
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    syllables = [
        "ro",
        "ma",
        "ten",
        "vel",
        "cor",
        "lin",
        "sta",
        "pro",
        "dig",
        "tex",
        "mat",
        "bor",
        "fab",
        "gen",
        "lum",
        "nor",
        "quan",
        "sol",
        "ver",
        "zin",
    ]
    vocabulary = sorted(
        {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(12000)}
    )
    word_p = 1.0 / np.arange(1, len(vocabulary) + 1) ** 1.05
    word_cum = np.cumsum(word_p) / word_p.sum()
    words = np.array(vocabulary)

    def text(n: int) -> str:
        # Zipf-distributed words by inverse-CDF sampling (np.choice with p is O(vocabulary)).
        return " ".join(
            words[np.minimum(np.searchsorted(word_cum, nprng.random(n)), len(words) - 1)]
        )

    orgs = []
    for i in range(n_orgs):
        org: dict[str, Any] = {
            "ref": f"gen:{i}",
            "name": f"Organisation {i}",
            "kind": rng.choice(KINDS),
            "country": rng.choice(COUNTRIES),
        }
        if rng.random() < 0.3:
            org["nace"] = [rng.choice(NACE)]
            org["nuts"] = org["country"] + str(rng.randint(1, 3)) + str(rng.randint(1, 5))
        if rng.random() < 0.2:
            org["description"] = text(25)
        orgs.append(org)
    n_topics = 600
    topics = [f"T{t % 30}-{t // 30:02d}-{2014 + t % 7}" for t in range(n_topics)]
    topic_text = [text(15) for _ in range(n_topics)]
    # Orgs belong to a few topic communities; activity is heavy-tailed.
    activity = nprng.pareto(1.3, n_orgs) + 1.0
    community = nprng.integers(0, n_topics // 10, n_orgs)
    members: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for c in range(n_topics // 10):
        idx = np.flatnonzero(community == c)
        cum = np.cumsum(activity[idx])
        members[c] = (idx, cum / cum[-1])
    collabs = []
    total = 0
    j = 0
    while total < n_participations:
        t = rng.randrange(n_topics)
        pool, cum = members[t // 10]
        size = min(max(1, int(nprng.geometric(0.2))), 40)
        local = max(1, int(size * 0.7))
        # Preferential attachment: sample by cumulative activity (duplicates collapse).
        picks = np.searchsorted(cum, nprng.random(local))
        chosen = set(pool[np.minimum(picks, len(pool) - 1)].tolist())
        while len(chosen) < size:
            chosen.add(int(nprng.integers(0, n_orgs)))
        parts = sorted(chosen)
        collabs.append(
            {
                "ref": f"gen:p{j}",
                "title": text(8),
                "summary": topic_text[t],
                "start": f"{2010 + rng.randint(0, 6)}-{rng.randint(1, 12):02d}-01",
                "tags": [topics[t], topics[t].split("-")[0]],
                "participants": [
                    {"org": f"gen:{o}", "role": "coordinator" if k == 0 else "participant"}
                    for k, o in enumerate(parts)
                ],
            }
        )
        total += len(parts)
        j += 1
    queries = []
    for k in range(400):
        c = collabs[rng.randrange(len(collabs))]
        queries.append(
            {
                "id": f"q{k}",
                "org": c["participants"][0]["org"],
                "text": c["title"] + ". " + c["summary"],
                "tags": c["tags"],
            }
        )
    return orgs, collabs, queries


def _answer_chunk(queries: list[dict]) -> int:
    assert _ENGINE is not None
    for q in queries:
        _ENGINE.answer(q, limit=20, unknown_org="ignore")
    return len(queries)


def throughput(engine: MatchingEngine, queries: list[dict], workers: int) -> float:
    """Queries per second answered by ``workers`` forked processes sharing the index."""
    global _ENGINE
    _ENGINE = engine
    chunks = [queries[i::workers] for i in range(workers)]
    start = time.perf_counter()
    if workers == 1:
        _answer_chunk(queries)
    else:
        with mp.get_context("fork").Pool(workers) as pool:
            pool.map(_answer_chunk, chunks)
    return len(queries) / (time.perf_counter() - start)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "cordis" / "dev"))
    ap.add_argument("--skip-dev", action="store_true")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--orgs", type=int, default=100_000)
    ap.add_argument("--participations", type=int, default=500_000)
    args = ap.parse_args()
    result: dict[str, Any] = {}

    if not args.skip_dev:
        data = Path(args.data)
        index = MatchingIndex.build(
            read_jsonl(str(data / "organisations.jsonl")),
            read_jsonl(str(data / "collaborations.jsonl")),
        )
        engine = MatchingEngine(index)
        queries = read_jsonl(str(data / "queries.jsonl"))
        engine.answer(queries[0])  # warm caches (stemmer, lazy imports)
        result["dev_qps_1_process"] = round(throughput(engine, queries, 1), 1)
        result[f"dev_qps_{args.workers}_processes"] = round(
            throughput(engine, queries, args.workers), 1
        )
        del engine, index

    t0 = time.perf_counter()
    orgs, collabs, queries = generate(args.orgs, args.participations)
    t1 = time.perf_counter()
    index = MatchingIndex.build(orgs, collabs)
    t2 = time.perf_counter()
    n_participations = int(index.B.nnz)
    del orgs, collabs
    with tempfile.TemporaryDirectory() as tmp:
        index.save(tmp)
        t3 = time.perf_counter()
        index = MatchingIndex.load(tmp)
        t4 = time.perf_counter()
    engine = MatchingEngine(index)
    engine.answer(queries[0])
    latencies = []
    for q in queries:
        s = time.perf_counter()
        engine.answer(q, limit=20)
        latencies.append((time.perf_counter() - s) * 1000.0)
    result.update(
        {
            "gen_orgs": index.n_orgs,
            "gen_projects": len(index.proj_refs),
            "gen_participations": n_participations,
            "gen_seconds": round(t1 - t0, 1),
            "build_seconds": round(t2 - t1, 1),
            "save_seconds": round(t3 - t2, 1),
            "load_seconds": round(t4 - t3, 1),
            "query_p50_ms": round(float(np.percentile(latencies, 50)), 1),
            "query_p95_ms": round(float(np.percentile(latencies, 95)), 1),
            "gen_qps_1_process": round(1000.0 / float(np.mean(latencies)), 1),
            "peak_rss_mb": round(peak_rss_mb(), 0),
        }
    )
    for key, value in result.items():
        print(f"{key:>22}: {value}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
