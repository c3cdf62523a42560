"""Project-kNN votes alone, on the history: which text space and which vote find newcomers'
partners best (issue #12's cold start, measured without the rest of the engine).

History: the development split's projects before ``--cut``; queries: its projects of the year
after (three participants or more), asked as a newcomer asks: text only, the truth every
member of the consortium that has a project in the history (the others cannot be found by any
vote; their share is printed as ``reachable_share_of_truth``). A query's nearest ``k`` history
projects vote for their participants with exp((similarity - the nearest's) / width), as
features.meaning_projects does. Variants:

- ``pca128`` / ``pca383``: the text vectors centred, on their top 128 (what the index keeps)
  or 383 principal axes;
- ``lda``: axes fitted on the history to separate organisations (each project a sample of each
  of its participants; between- against within-organisation scatter, ridge ``reg``);
- ``size``: each project's vote divided by (participants)^alpha;
- ``words``: tf-idf cosine instead of text vectors, and ``hybrid`` sums of both similarities;
- ``tags``: the call tags of the nearest projects, inferred for the query, vote through every
  history project under them (added to the text votes).

    .venv/bin/python bench/matching_text_votes.py [--shared ../shared] [--cut 2016]

Text vectors come from bench/matching_quality.py's cache (run it once first). Prints one JSON
object per variant (recall@10, MRR, recall@50 over the queries), then one JSON line with all
and the load average.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy import linalg, sparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from marketplace.matching import embedding  # noqa: E402
from marketplace.matching.index import (  # noqa: E402
    _principal_basis,
    _unit_rows,
    parse_date,
)
from marketplace.matching.train import DEFAULT_VECTOR_FILE, read_jsonl  # noqa: E402


def text_of(project: dict[str, Any]) -> str:
    return f"{project.get('title') or ''}. {project.get('summary') or ''}"  # as the index has it


class History:
    def __init__(self, collaborations: list[dict[str, Any]], vectors: dict, cut: float) -> None:
        def vector(c: dict[str, Any]) -> Any:  # None for a text without a vector
            return vectors.get(embedding.text_key(text_of(c)))

        def year(c: dict[str, Any]) -> float:
            return parse_date(c.get("start")) or 0.0

        self.projects = [c for c in collaborations if year(c) < cut and vector(c) is not None]
        self.queries = [
            c
            for c in collaborations
            if cut <= year(c) < cut + 1
            and vector(c) is not None
            and len({p["org"] for p in c["participants"]}) >= 3
        ]
        orgs = sorted({p["org"] for c in self.projects for p in c["participants"]})
        position = {o: i for i, o in enumerate(orgs)}
        rows, cols = [], []
        for i, c in enumerate(self.projects):
            for o in dict.fromkeys(p["org"] for p in c["participants"]):
                rows.append(i)
                cols.append(position[o])
        self.B = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(self.projects), len(orgs))
        )
        self.X = np.vstack([vector(c) for c in self.projects]).astype(np.float64)
        self.Q = np.vstack([vector(c) for c in self.queries]).astype(np.float64)
        self.truth = [
            {position[p["org"]] for p in c["participants"] if p["org"] in position}
            for c in self.queries
        ]
        consortia = [len({p["org"] for p in c["participants"]}) for c in self.queries]
        self.reachable = float(
            np.mean([len(t) / n for t, n in zip(self.truth, consortia, strict=True)])
        )


def organisation_axes(
    X: np.ndarray, B: sparse.csr_matrix, dim: int, reg: float
) -> tuple[np.ndarray, np.ndarray]:
    """Axes separating organisations (LDA), from organisations with two projects or more."""
    mean = X.mean(axis=0)
    centred = X - mean
    counts = np.asarray(B.sum(axis=0)).ravel()
    B2 = B[:, counts >= 2]
    n = counts[counts >= 2]
    means = np.asarray(B2.T @ centred) / n[:, None]
    between = (means * n[:, None]).T @ means
    total = (centred * np.asarray(B2.sum(axis=1))).T @ centred
    within = total - between
    within += reg * np.trace(within) / len(within) * np.eye(len(within))
    _values, axes = linalg.eigh(between, within)
    return mean, axes[:, ::-1][:, :dim]


def word_similarities(history: History) -> np.ndarray:
    def words(c: dict[str, Any]) -> Counter[str]:
        return Counter(re.findall(r"[a-z]{3,}", text_of(c).lower()))

    docs = [words(c) for c in history.projects]
    vocabulary: dict[str, int] = {}
    for d in docs:
        for w in d:
            vocabulary.setdefault(w, len(vocabulary))
    df = np.zeros(len(vocabulary))
    for d in docs:
        for w in d:
            df[vocabulary[w]] += 1
    idf = np.log((1 + len(docs)) / (1 + df)) + 1

    def matrix(bags: list[Counter[str]]) -> sparse.csr_matrix:
        rows, cols, vals = [], [], []
        for i, bag in enumerate(bags):
            for w, count in bag.items():
                if w in vocabulary:
                    rows.append(i)
                    cols.append(vocabulary[w])
                    vals.append((1 + math.log(count)) * idf[vocabulary[w]])
        m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(bags), len(vocabulary)))
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        return sparse.diags(1 / np.where(norms > 0, norms, 1)) @ m

    return (matrix([words(c) for c in history.queries]) @ matrix(docs).T).toarray()


def votes(
    S: np.ndarray, B: sparse.csr_matrix, k: int = 100, width: float = 0.2, weight=None
) -> Callable[[int], np.ndarray]:
    def of(i: int) -> np.ndarray:
        s = S[i]
        top = np.argpartition(-s, k)[:k]
        w = np.exp((s[top] - s[top].max()) / width)
        if weight is not None:
            w = w * weight[top]
        return np.asarray(B[top].T @ w).ravel()

    return of


def tag_votes(history: History, S: np.ndarray, k: int = 20, width: float = 0.1):
    position: dict[str, int] = {}
    rows, cols = [], []
    for i, c in enumerate(history.projects):
        for t in c.get("tags") or []:
            rows.append(i)
            cols.append(position.setdefault(t, len(position)))
    T = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(history.projects), len(position))
    )
    per_tag = np.asarray(T.sum(axis=0)).ravel()

    def of(i: int) -> np.ndarray:
        s = S[i]
        top = np.argpartition(-s, k)[:k]
        w = np.exp((s[top] - s[top].max()) / width)
        inferred = np.asarray(T[top].T @ w).ravel() / w.sum() / per_tag
        return np.asarray(history.B.T @ (T @ inferred)).ravel()

    return of


def score(history: History, vote: Callable[[int], np.ndarray]) -> dict[str, float]:
    recall10, recall50, reciprocal = [], [], []
    for i, truth in enumerate(history.truth):
        if not truth:
            continue
        ranked = np.argsort(-vote(i))[:50]
        recall10.append(sum(j in truth for j in ranked[:10]) / len(truth))
        recall50.append(sum(j in truth for j in ranked) / len(truth))
        first = next((n for n, j in enumerate(ranked) if j in truth), None)
        reciprocal.append(0.0 if first is None else 1 / (first + 1))
    return {
        "recall@10": round(float(np.mean(recall10)), 4),
        "mrr": round(float(np.mean(reciprocal)), 4),
        "recall@50": round(float(np.mean(recall50)), 4),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--vectors", default=str(REPO / DEFAULT_VECTOR_FILE))
    ap.add_argument(
        "--cut", type=float, default=2016.0, help="history before, queries the year after"
    )
    args = ap.parse_args()
    data = Path(args.shared) / "data" / "cordis" / "dev"
    vectors = embedding.load_vector_file(args.vectors)
    if not vectors:
        raise SystemExit(f"no text vectors in {args.vectors}: run bench/matching_quality.py first")
    history = History(read_jsonl(str(data / "collaborations.jsonl")), vectors, args.cut)

    def similarities(mean: np.ndarray, axes: np.ndarray) -> np.ndarray:
        return _unit_rows((history.Q - mean) @ axes) @ _unit_rows((history.X - mean) @ axes).T

    S = similarities(*_principal_basis(history.X, 383))
    words = word_similarities(history)
    size = np.asarray(history.B.sum(axis=1)).ravel()
    tags = tag_votes(history, S)
    dense = votes(S, history.B)

    def plus_tags(share: float) -> Callable[[int], np.ndarray]:
        def of(i: int) -> np.ndarray:
            d, t = dense(i), tags(i)
            return d / d.sum() + share * t / max(t.sum(), 1e-12)

        return of

    variants: dict[str, Callable[[int], np.ndarray]] = {
        "pca128": votes(similarities(*_principal_basis(history.X, 128)), history.B),
        "pca383": dense,
        "lda128 reg 0.1": votes(
            similarities(*organisation_axes(history.X, history.B, 128, 0.1)), history.B
        ),
        "lda128 reg 1": votes(
            similarities(*organisation_axes(history.X, history.B, 128, 1.0)), history.B
        ),
        "size^-0.25": votes(S, history.B, weight=size**-0.25),
        "size^-0.5": votes(S, history.B, weight=size**-0.5),
        "words": votes(words, history.B),
        "hybrid words 0.3": votes(S + 0.3 * words, history.B),
        "hybrid words 1.0": votes(S + 1.0 * words, history.B),
        "tags alone": tags,
        "pca383 + 0.5 tags": plus_tags(0.5),
        "pca383 + 2 tags": plus_tags(2.0),
    }
    result: dict[str, Any] = {
        "cut": args.cut,
        "history_projects": len(history.projects),
        "queries": len(history.queries),
        "reachable_share_of_truth": round(history.reachable, 4),
    }
    for name, vote in variants.items():
        result[name] = score(history, vote)
        print(json.dumps({"variant": name, **result[name]}), flush=True)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
