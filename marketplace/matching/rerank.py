"""Learning from use: a per-installation re-ranking fitted on accepted and dismissed
suggestions, and the offline check that guards it.

The re-ranking adds ``X @ weights`` (one weight per signal, on the raw feature values) to the
fitted model's logit. It is fitted by L2-regularised logistic regression with the model's own
logit as offset: accepted suggestions pull the signals they had up, dismissed ones push them
down, and with little feedback the weights stay near zero (the model as trained).

A refit is only used when it does not make the offline check worse: a sample of held-out
history queries (both with an asking organisation and text-only), shipped with the code as
``offline_check.npz`` and rebuilt whenever the model is retrained (``python -m
marketplace.matching.rerank --organisations … --collaborations …``). A re-ranking that fits the
installation's users but loses recall on real consortia is refused.

Pure numpy/scipy; the Django side (feedback rows, schedule, admin) is in learning.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize

from marketplace.matching.features import FEATURES
from marketplace.matching.model import MODEL_PATH, LinearScorer, RankingModel

OFFLINE_PATH = Path(__file__).resolve().parent / "offline_check.npz"
# A refit may not lower recall@10 or MRR on either offline split by more than this.
TOLERANCE = 0.002
KEEP = 150  # candidates kept per offline query (the model's best, plus every true partner)


def model_fingerprint(path: str | Path = MODEL_PATH) -> str:
    """A short hash of model.json: the offline check must be rebuilt when it changes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def fit(X: np.ndarray, y: np.ndarray, offset: np.ndarray, *, l2: float = 1.0) -> np.ndarray:
    """Weights per feature for ``sigmoid(offset + X @ w)`` ≈ ``y`` (1 accepted, 0 dismissed)."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    offset = np.asarray(offset, dtype=np.float64)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = offset + X @ w
        p = 1.0 / (1.0 + np.exp(-z))
        nll = np.sum(np.logaddexp(0.0, z) - y * z)
        grad = X.T @ (p - y) + 2.0 * l2 * w
        return float(nll + l2 * w @ w), grad

    start = np.zeros(X.shape[1])
    result = optimize.minimize(loss, start, jac=True, method="L-BFGS-B")
    return result.x.astype(np.float32)


def log_loss(y: np.ndarray, logits: np.ndarray) -> float:
    """Mean negative log-likelihood of ``y`` under ``sigmoid(logits)``."""
    z = np.asarray(logits, dtype=np.float64)
    return float(np.mean(np.logaddexp(0.0, z) - np.asarray(y) * z)) if len(z) else 0.0


@dataclass
class OfflineCheck:
    """Held-out history queries: candidate rows, true partners and how many there were."""

    X: np.ndarray  # rows × FEATURES
    y: np.ndarray  # bool per row
    starts: np.ndarray  # row offset of each query (len = queries + 1)
    n_truth: np.ndarray  # per query
    warm: np.ndarray  # bool per query: it names an asking organisation
    meaning: np.ndarray  # bool per query: it had a text vector
    features: list[str]
    model: str  # fingerprint of the model.json it was built with

    @classmethod
    def load(cls, path: str | Path = OFFLINE_PATH) -> OfflineCheck:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            return cls(
                data["X"].astype(np.float32),
                data["y"],
                data["starts"],
                data["n_truth"],
                data["warm"],
                data["meaning"],
                list(meta["features"]),
                str(meta["model"]),
            )

    def save(self, path: str | Path = OFFLINE_PATH) -> None:
        meta = json.dumps({"features": self.features, "model": self.model})
        np.savez_compressed(
            path,
            X=self.X.astype(np.float16),
            y=self.y,
            starts=self.starts,
            n_truth=self.n_truth,
            warm=self.warm,
            meaning=self.meaning,
            meta=np.array(meta),
        )

    def evaluate(self, model: RankingModel, weights: np.ndarray | None = None) -> dict[str, Any]:
        """Recall@10 and MRR per split (``warm``: with an asking organisation; ``cold``: text
        only), ranking by the model's logit plus the re-ranking ``weights``."""
        sums = {True: [0.0, 0.0, 0], False: [0.0, 0.0, 0]}
        for q in range(len(self.n_truth)):
            rows = slice(int(self.starts[q]), int(self.starts[q + 1]))
            X = self.X[rows]
            warm = bool(self.warm[q])
            scorer: LinearScorer = model.scorer(warm, bool(self.meaning[q]))
            logits = scorer.logits(X)
            if weights is not None:
                logits = logits + X @ weights
            hits = self.y[rows][np.argsort(-logits, kind="stable")]
            first = np.flatnonzero(hits)
            total = sums[warm]
            total[0] += hits[:10].sum() / max(int(self.n_truth[q]), 1)
            total[1] += 1.0 / (first[0] + 1) if len(first) else 0.0
            total[2] += 1
        out = {}
        for warm, (recall, mrr, n) in sums.items():
            out["warm" if warm else "cold"] = {
                "recall@10": round(recall / max(n, 1), 4),
                "mrr": round(mrr / max(n, 1), 4),
                "queries": n,
            }
        return out


def worse(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The offline figures that ``after`` lowers by more than TOLERANCE, as "warm recall@10"."""
    out = []
    for split, figures in before.items():
        for name in ("recall@10", "mrr"):
            if after[split][name] < figures[name] - TOLERANCE:
                out.append(f"{split} {name} {figures[name]} → {after[split][name]}")
    return out


def build_offline_check(
    organisations: list[dict[str, Any]],
    collaborations: list[dict[str, Any]],
    *,
    history_end: str = "2016-01-01",
    query_end: str = "2017-01-01",
    queries: int = 200,
    seed: int = 1,
    vectors: dict[str, np.ndarray] | None = None,
) -> OfflineCheck:
    """Sample held-out history queries (projects of ``[history_end, query_end)`` against the
    history before), once with and once without the asking organisation; ``vectors`` (by text
    key) are the texts' vectors, as in training."""
    from marketplace.matching.index import MatchingIndex, parse_date
    from marketplace.matching.train import collect, training_queries

    model = RankingModel.load()
    cut, end = parse_date(history_end), parse_date(query_end)
    assert cut is not None and end is not None
    history = [c for c in collaborations if (parse_date(c.get("start")) or 0.0) < cut]
    active = {p["org"] for c in history for p in c.get("participants") or []}
    index = MatchingIndex.build(
        [o for o in organisations if o.get("ref") in active], history, vectors=vectors or None
    )
    pool = training_queries(collaborations, cut, end)
    rng = np.random.default_rng(seed)
    chosen = [pool[i] for i in sorted(rng.choice(len(pool), min(queries, len(pool)), False))]
    Xs, ys, starts, n_truth, warm, meaning = [], [], [0], [], [], []
    for drop_org in (False, True):
        for block in collect(index, chosen, model.settings, drop_org, vectors):
            logits = model.scorer(not drop_org, block.meaning).logits(block.X)
            keep = np.argsort(-logits, kind="stable")[:KEEP]
            keep = np.union1d(keep, np.flatnonzero(block.y))
            Xs.append(block.X[keep])
            ys.append(block.y[keep])
            starts.append(starts[-1] + len(keep))
            n_truth.append(block.n_truth)
            warm.append(not drop_org)
            meaning.append(block.meaning)
    return OfflineCheck(
        np.vstack(Xs).astype(np.float32),
        np.concatenate(ys),
        np.array(starts, dtype=np.int64),
        np.array(n_truth, dtype=np.int32),
        np.array(warm, dtype=bool),
        np.array(meaning, dtype=bool),
        list(FEATURES),
        model_fingerprint(),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Rebuild offline_check.npz from the history (run after retraining model.json)."""
    from marketplace.matching import embedding
    from marketplace.matching.train import DEFAULT_VECTOR_FILE, read_jsonl, vectors_for

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--organisations", required=True)
    ap.add_argument("--collaborations", required=True)
    ap.add_argument("--out", default=str(OFFLINE_PATH))
    ap.add_argument(
        "--vectors",
        default=str(DEFAULT_VECTOR_FILE),
        help="cache of text vectors (.npz), as for training; texts it lacks are embedded",
    )
    args = ap.parse_args(argv)
    organisations = read_jsonl(args.organisations)
    collaborations = read_jsonl(args.collaborations)
    vectors = None
    embedder = embedding.load_embedder()
    if embedder is not None:
        vectors = vectors_for(organisations, collaborations, args.vectors, embedder)
    check = build_offline_check(organisations, collaborations, vectors=vectors)
    check.save(args.out)
    print(json.dumps(check.evaluate(RankingModel.load())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
