"""Partner-matching quality on an evaluation split (default: the CORDIS development split).

Builds the index from the split's organisations and collaborations, answers its queries with
the core engine and the versioned model, writes the answers to a temporary file and scores
them with the split's scoring script. Prints recall@10, recall@50, MRR, nDCG@10 and timings,
ending with one JSON line.

    .venv/bin/python bench/matching_quality.py [--data ../shared/data/cordis/dev]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marketplace.matching import MatchingEngine, MatchingIndex, RankingModel  # noqa: E402
from marketplace.matching.train import read_jsonl  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "cordis" / "dev"))
    ap.add_argument("--scorer", help="score_suggestions.py (default: <data>/../../../tools/)")
    ap.add_argument("--model", help="model JSON (default: the versioned model.json)")
    ap.add_argument("--limit", type=int, default=50)
    ap.add_argument(
        "--unknown-org",
        choices=("ignore", "error"),
        default="ignore",
        help="queries whose org is not imported: answer from text (ignore) or error line",
    )
    args = ap.parse_args()
    data = Path(args.data)
    scorer = (
        Path(args.scorer)
        if args.scorer
        else data.parent.parent.parent / "tools" / ("score_suggestions.py")
    )

    t0 = time.perf_counter()
    orgs = read_jsonl(str(data / "organisations.jsonl"))
    collabs = read_jsonl(str(data / "collaborations.jsonl"))
    queries = read_jsonl(str(data / "queries.jsonl"))
    t1 = time.perf_counter()
    index = MatchingIndex.build(orgs, collabs)
    t2 = time.perf_counter()
    model = RankingModel.load(args.model) if args.model else RankingModel.load()
    engine = MatchingEngine(index, model)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        answers_path = f.name
        errors = 0
        for answer in engine.answer_all(queries, limit=args.limit, unknown_org=args.unknown_org):
            errors += "error" in answer
            f.write(json.dumps(answer, ensure_ascii=False) + "\n")
    t3 = time.perf_counter()
    run = subprocess.run(
        [
            sys.executable,
            str(scorer),
            answers_path,
            str(data / "truth.jsonl"),
            "--orgs",
            str(data / "organisations.jsonl"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(answers_path).unlink()
    scores = json.loads(run.stdout.strip().splitlines()[-1])
    result = {
        "recall@10": scores["recall@10"],
        "recall@50": scores["recall@50"],
        "mrr": scores["mrr"],
        "ndcg@10": scores["ndcg@10"],
        "queries": scores["queries"],
        "error_lines": errors,
        "load_seconds": round(t1 - t0, 2),
        "index_build_seconds": round(t2 - t1, 2),
        "answer_seconds": round(t3 - t2, 2),
        "queries_per_second": round(len(queries) / (t3 - t2), 1),
    }
    for key, value in result.items():
        print(f"{key:>20}: {value}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
