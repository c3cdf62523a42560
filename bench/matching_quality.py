"""Partner-matching quality on the CORDIS development data: warm, cold-start and cross-lingual.

One index is built from the development split's organisations and collaborations (with text
vectors when the model package is installed), and three sets of queries are answered with the
core engine and the versioned model, then scored with the shared scoring script:

- ``warm``: the split's own queries (an organisation with its track record, text and tags);
- ``cold``: the same projects as a newcomer asks (text only; the whole consortium is the
  truth), made with ``tools/coldstart_split.py``;
- ``xl_en`` / ``xl_nl`` / ``xl_fr``: 100 hand-translated text-only queries
  (``dev_crosslingual``), and the nl/fr figures as shares of the en ones.

Each prints as a JSON object; the last line is one JSON object holding all, with the load
average. Text vectors are cached in ``--vectors`` (the first run embeds ~11,000 texts: about
8 minutes on 2 cores; later runs read the cache).

    .venv/bin/python bench/matching_quality.py [--shared ../shared] [--only warm,cold,xl]
                                               [--no-vectors] [--data DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marketplace.matching import (  # noqa: E402
    MatchingEngine,
    MatchingIndex,
    RankingModel,
    embedding,
)
from marketplace.matching.train import DEFAULT_VECTOR_FILE, read_jsonl, vectors_for  # noqa: E402


def score(scorer: Path, answers: list[dict[str, Any]], truth: Path, orgs: Path) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for answer in answers:
            f.write(json.dumps(answer, ensure_ascii=False) + "\n")
    run = subprocess.run(
        [sys.executable, str(scorer), f.name, str(truth), "--orgs", str(orgs)],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(f.name).unlink()
    return json.loads(run.stdout.strip().splitlines()[-1])


def text_only_splits(shared: Path, data: Path, prefix: str) -> list[tuple[str, Path, Path]]:
    """(name, queries, truth) of the cold-start split (derived from ``data`` with
    ``tools/coldstart_split.py`` into a new temporary directory) and of the hand-translated
    cross-lingual queries ``xl_en``, ``xl_nl`` and ``xl_fr``."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    subprocess.run(
        [sys.executable, str(shared / "tools" / "coldstart_split.py"), str(data), str(workdir)],
        check=True,
        capture_output=True,
    )
    splits = [("cold", workdir / "queries.jsonl", workdir / "truth.jsonl")]
    crosslingual = data.parent / "dev_crosslingual"
    for lang in ("en", "nl", "fr"):
        splits.append(
            (f"xl_{lang}", crosslingual / f"dev_{lang}.jsonl", crosslingual / "truth.jsonl")
        )
    return splits


def share_of_english(results: dict[str, Any]) -> dict[str, Any]:
    """The nl and fr cross-lingual figures as shares of the English ones (``xl_<lang>``)."""
    en = results["xl_en"]
    return {
        lang: {
            m: round(results[f"xl_{lang}"][m] / en[m], 3) if en[m] else None
            for m in ("recall@10", "mrr")
        }
        for lang in ("nl", "fr")
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--data", help="a split directory (default: <shared>/data/cordis/dev)")
    ap.add_argument("--only", default="warm,cold,xl", help="comma-separated: warm, cold, xl")
    ap.add_argument("--model", help="model JSON (default: the versioned model.json)")
    ap.add_argument("--limit", type=int, default=50)
    ap.add_argument("--vectors", default=str(REPO / DEFAULT_VECTOR_FILE))
    ap.add_argument("--no-vectors", action="store_true", help="the model-free fallback")
    args = ap.parse_args()
    shared = Path(args.shared)
    data = Path(args.data) if args.data else shared / "data" / "cordis" / "dev"
    scorer = shared / "tools" / "score_suggestions.py"
    only = set(args.only.split(","))
    # (name, queries, truth)
    splits: list[tuple[str, Path, Path]] = []
    if "warm" in only:
        splits.append(("warm", data / "queries.jsonl", data / "truth.jsonl"))
    if only & {"cold", "xl"}:
        splits += [
            split
            for split in text_only_splits(shared, data, "matching-quality-")
            if split[0].partition("_")[0] in only  # "cold", or "xl" for xl_en/xl_nl/xl_fr
        ]

    t0 = time.perf_counter()
    orgs = read_jsonl(str(data / "organisations.jsonl"))
    collabs = read_jsonl(str(data / "collaborations.jsonl"))
    queries = {name: read_jsonl(str(path)) for name, path, _ in splits}
    embedder = None if args.no_vectors else embedding.load_embedder()
    vectors: dict[str, Any] = {}
    if embedder is not None:
        texts = [q.get("text") or "" for qs in queries.values() for q in qs]
        vectors = vectors_for(orgs, collabs, args.vectors, embedder, texts)
    t1 = time.perf_counter()
    index = MatchingIndex.build(orgs, collabs, vectors=vectors or None)
    t2 = time.perf_counter()
    model = RankingModel.load(args.model) if args.model else RankingModel.load()
    engine = MatchingEngine(index, model)
    print(
        f"index: {index.n_orgs} organisations, {len(index.proj_refs)} projects, text vectors: "
        f"{embedding.MODEL_NAME if index.has_vectors else 'none (fallback)'}; "
        f"vectors {t1 - t0:.1f} s, build {t2 - t1:.1f} s",
        flush=True,
    )

    results: dict[str, Any] = {}
    for name, _path, truth in splits:
        started = time.perf_counter()
        answers = []
        errors = 0
        for q in queries[name]:
            vector = vectors.get(embedding.text_key(q.get("text") or "")) if vectors else None
            answer = engine.answer(q, limit=args.limit, unknown_org="ignore", vector=vector)
            errors += "error" in answer
            answers.append(answer)
        seconds = time.perf_counter() - started
        s = score(scorer, answers, truth, data / "organisations.jsonl")
        results[name] = {
            "recall@10": s["recall@10"],
            "recall@50": s["recall@50"],
            "mrr": s["mrr"],
            "ndcg@10": s["ndcg@10"],
            "queries": s["queries"],
            "error_lines": errors,
            "queries_per_second": round(len(answers) / seconds, 1),
        }
        print(json.dumps({name: results[name]}), flush=True)
    if {"xl_en", "xl_nl", "xl_fr"} <= results.keys():
        results["xl_share_of_en"] = share_of_english(results)
        print(json.dumps({"xl_share_of_en": results["xl_share_of_en"]}))
    results["text_vectors"] = embedding.MODEL_NAME if index.has_vectors else None
    results["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
