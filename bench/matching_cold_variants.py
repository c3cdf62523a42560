"""Cold-start variants of the matching engine, measured side by side (issue #12).

Refits only the text-only scorer with text vectors (the one newcomers' queries meet) for one
variant, as ``python -m marketplace.matching.train`` fits it — history before 2016, its 2016
projects as queries, 20 % held out — and answers the development split's cold-start queries
and the hand-translated cross-lingual queries with it (the other three scorers stay those of
the versioned model). Variants:

- ``--dim N``: the index keeps N principal axes of the text vectors instead of 128
  (``index.MEANING_DIM``; 383 keeps nearly all of the 384, centred);
- ``--settings JSON``: features.Settings fields, e.g. '{"meaning_width": 0.3}';
- ``--extra-slice DATE``: also train on the projects from DATE to 2016 against the history
  before DATE (more training queries).

    .venv/bin/python bench/matching_cold_variants.py [--shared ../shared] [--dim 128]
                                                     [--settings '{}'] [--extra-slice DATE]

Text vectors come from bench/matching_quality.py's cache (run it once first). Prints the held-
out fit, then one JSON line: the variant, cold and cross-lingual recall@10 / MRR /
recall@50, the nl and fr shares of the English figures, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.matching_quality import score, share_of_english, text_only_splits  # noqa: E402
from marketplace.matching import (  # noqa: E402
    MatchingEngine,
    MatchingIndex,
    RankingModel,
    embedding,
    train,
)
from marketplace.matching import index as index_module  # noqa: E402
from marketplace.matching.features import FEATURES, ORG_FEATURES, Settings  # noqa: E402
from marketplace.matching.index import parse_date  # noqa: E402
from marketplace.matching.model import MODEL_PATH  # noqa: E402


def blocks(
    organisations: list[dict[str, Any]],
    collaborations: list[dict[str, Any]],
    vectors: dict[str, np.ndarray],
    settings: Settings,
    history_end: str,
    query_end: str,
) -> tuple[list[train.Block], list[train.Block]]:
    """Training and held-out blocks of newcomers' queries, as train.train() collects them."""
    cut, end = parse_date(history_end), parse_date(query_end)
    assert cut is not None and end is not None
    history = [c for c in collaborations if (parse_date(c.get("start")) or 0.0) < cut]
    active = {p["org"] for c in history for p in c.get("participants") or []}
    index = MatchingIndex.build(
        [o for o in organisations if o.get("ref") in active], history, vectors=vectors
    )
    queries = train.training_queries(collaborations, cut, end)
    held_out = np.random.default_rng(0).random(len(queries)) < 0.2
    fit_q = [q for q, h in zip(queries, held_out, strict=True) if not h]
    check_q = [q for q, h in zip(queries, held_out, strict=True) if h]

    def collect(qs: list[Any]) -> list[train.Block]:
        return [b for b in train.collect(index, qs, settings, True, vectors) if b.meaning]

    return collect(fit_q), collect(check_q)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--vectors", default=str(REPO / train.DEFAULT_VECTOR_FILE))
    ap.add_argument("--dim", type=int, default=index_module.MEANING_DIM)
    ap.add_argument("--settings", default="{}")
    ap.add_argument("--extra-slice", default="")
    args = ap.parse_args()
    shared = Path(args.shared)
    data = shared / "data" / "cordis" / "dev"
    scorer = shared / "tools" / "score_suggestions.py"
    index_module.MEANING_DIM = args.dim
    overrides = json.loads(args.settings)
    settings = Settings(**overrides)

    organisations = train.read_jsonl(str(data / "organisations.jsonl"))
    collaborations = train.read_jsonl(str(data / "collaborations.jsonl"))
    vectors = embedding.load_vector_file(args.vectors)
    if not vectors:
        raise SystemExit(f"no text vectors in {args.vectors}: run bench/matching_quality.py first")
    fit_blocks, check_blocks = blocks(
        organisations, collaborations, vectors, settings, "2016-01-01", "2017-01-01"
    )
    if args.extra_slice:
        extra, extra_check = blocks(
            organisations, collaborations, vectors, settings, args.extra_slice, "2016-01-01"
        )
        fit_blocks += extra + extra_check
    allowed = [
        f for f in FEATURES if f not in ORG_FEATURES and f not in train.LANGUAGE_BOUND_FEATURES
    ]
    fitted = train._fit_scorer(fit_blocks, check_blocks, fit_blocks + check_blocks, allowed, 1e-3)
    held_out = {k: float(v) for k, v in fitted["validation"].items()}
    print(f"held out: {held_out}; training queries: {len(fit_blocks)}", flush=True)

    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model["models"]["text_only_meaning"] = fitted
    model["settings"] = {**model["settings"], **overrides}
    engine = MatchingEngine(
        MatchingIndex.build(organisations, collaborations, vectors=vectors),
        RankingModel.from_dict(model),
    )
    splits = text_only_splits(shared, data, "matching-cold-")
    result: dict[str, Any] = {
        "dim": args.dim,
        "settings": overrides,
        "extra_slice": args.extra_slice or None,
    }
    for name, queries, truth in splits:
        answers = []
        for q in train.read_jsonl(str(queries)):
            vector = vectors.get(embedding.text_key(q.get("text") or ""))
            answers.append(engine.answer(q, limit=50, unknown_org="ignore", vector=vector))
        s = score(scorer, answers, truth, data / "organisations.jsonl")
        result[name] = {m: s[m] for m in ("recall@10", "mrr", "recall@50")}
    result["xl_share_of_en"] = share_of_english(result)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
