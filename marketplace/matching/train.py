"""Fit the ranking model's weights on an earlier slice of the collaboration history.

Projects before ``history_end`` form the index; projects starting in
``[history_end, query_end)`` become training queries built like real partner searches: the
coordinator asks (``org``), with the project's title and summary (``text``) and tags; the
other participants known to the index are the truth. The weights (one on each signal's value,
one on its value relative to the query's strongest candidate, see model.py) are fitted with a
listwise softmax loss (the probability of the true partners among each query's candidates),
then Platt-calibrated so that ``sigmoid(logit)`` reads as a probability.

The default slice (history before 2016, queries of 2016) is the one whose history looks like
the one the engine serves from: the years before 2015 are almost all from the previous
programme (FP7), whose call-topic codes and consortia the 2015 queries barely share, so a
model fitted on them under-weighs the topic signals (measured: recall@10 0.144 against 0.152
on the CORDIS development queries; history before mid-2015 with queries up to 2017: 0.151).

CLI::

    python -m marketplace.matching.train --organisations ORGS.jsonl \
        --collaborations COLLABS.jsonl --out marketplace/matching/model.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import optimize, special

from marketplace.matching import embedding
from marketplace.matching.concepts import Lexicon
from marketplace.matching.features import (
    FEATURES,
    MEANING_FEATURES,
    ORG_FEATURES,
    Settings,
    compute,
)
from marketplace.matching.index import MatchingIndex, parse_date
from marketplace.matching.model import MODEL_VERSION, ramps, relative
from marketplace.matching.query import Query

# Weights for signals the history cannot teach (it has no NACE codes, NUTS regions, concept
# lexicon, readiness levels or company sizes): used only when a feature never varies in the
# training data, and reported as such in model.json. Scale: logit units per unit of the
# feature. Readiness and SME experience only nudge: a full TRL fit is worth less than one
# shared technology, and SME experience breaks ties (five projects with SMEs: 0.18 logit).
PRIOR_WEIGHTS = {
    "concepts": 2.0,
    "value_chain": 4.0,
    "same_region": 0.5,
    "trl_fit": 1.0,
    "sme_experience": 0.1,
}
FEEDBACK_WEIGHT = 2.0
# Evidence can only help a candidate (more joint projects never lowers a score), so weights
# are bounded at 0: the model stays monotone, and collinear signals (joint projects counted
# several ways) get dropped instead of cancelling each other with opposite signs, which would
# make reasons unreadable. Only "years without a project" may count against a candidate.
NEGATIVE_FEATURES = frozenset({"dormancy"})
# Each fitted signal weighs by a monotone piecewise-linear curve with knots at these
# percentiles of its positive training values (model.py). One slope per signal saturates
# too early or too late (the 1st and the 30th joint project do not count the same); measured
# against one slope (held-out 2016 queries): recall@10 0.142 → 0.151.
RAMP_PERCENTILES = (50.0, 80.0, 95.0)
# Word-based text signals that the text-only scorer with text vectors leaves out: the history
# is English, so they add to an English brief what a Dutch or French one about the same work
# cannot get (measured with them, on the hand-translated development queries: Dutch MRR 83 %
# of English; the multilingual vectors carry the meaning of the text in any of the three).
# Concepts stay: their lexicon has nl/en/fr labels. Queries by an organisation keep them: its
# track record carries most of the weight there.
LANGUAGE_BOUND_FEATURES = frozenset({"text_profile", "text_projects", "text_best", "text_walk"})


@dataclass
class Block:
    """One training query: candidate rows, which are true partners, truth size.

    ``X`` holds the feature values, and after :func:`with_relative` also the same values
    relative to the query's largest (:func:`marketplace.matching.model.relative`).
    """

    X: np.ndarray
    y: np.ndarray
    n_truth: int
    meaning: bool = False  # the query had a text vector


def read_jsonl(path: str) -> list[dict[str, Any]]:
    """Read a JSON Lines file (blank lines skipped)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def training_queries(
    collaborations: Iterable[Mapping[str, Any]],
    start: float,
    end: float,
    min_participants: int = 3,
) -> list[tuple[dict[str, Any], list[str]]]:
    """Queries + truth from projects starting in ``[start, end)`` (fractional years).

    Built like the evaluation queries: coordinator as ``org``, ``title. summary`` as text,
    the project's tags, the other participants as truth.
    """
    out = []
    for c in collaborations:
        t = parse_date(c.get("start"))
        if t is None or not start <= t < end:
            continue
        parts = c.get("participants") or []
        coordinators = [p["org"] for p in parts if p.get("role") == "coordinator"]
        members = list(dict.fromkeys(p["org"] for p in parts))
        if len(members) < min_participants or not coordinators:
            continue
        org = coordinators[0]
        query = {
            "id": c["ref"],
            "org": org,
            "text": f"{c.get('title') or ''}. {c.get('summary') or ''}",
            "tags": list(c.get("tags") or []),
        }
        out.append((query, [m for m in members if m != org]))
    return out


def collect(
    index: MatchingIndex,
    queries: Sequence[tuple[dict[str, Any], list[str]]],
    settings: Settings,
    drop_org: bool,
    vectors: Mapping[str, np.ndarray] | None = None,
) -> list[Block]:
    """Feature blocks for queries with at least one true partner among the candidates.

    A query without its organisation (``drop_org``) is a newcomer's: only its text, as a
    newcomer writes a brief (no track record, no call tags: the product's queries carry none),
    and the organisation that asked is one of the partners to find. ``vectors`` (by text key)
    gives the query texts' vectors; without one a query's meaning features are 0.
    """
    blocks = []
    for query, truth in queries:
        if drop_org and query.get("org"):
            truth = [query["org"], *truth]
        known = {index.org_pos[r] for r in truth if r in index.org_pos}
        if not known:
            continue
        q = dict(query)
        if drop_org or q.get("org") not in index.org_pos:
            if drop_org:
                q.pop("org", None)
                q.pop("tags", None)
            else:
                continue
        vector = (vectors or {}).get(embedding.text_key(q.get("text") or ""))
        block = compute(index, Query.from_dict(q), settings, vector)
        y = np.isin(block.candidates, np.fromiter(known, dtype=np.int64))
        if y.any():
            blocks.append(Block(block.X, y, len(known), vector is not None))
    return blocks


def relative_floor(blocks: Sequence[Block]) -> np.ndarray:
    """Per feature, the median over queries of the largest positive value among candidates."""
    tops = np.vstack([np.maximum(b.X.max(axis=0), 0.0) for b in blocks if len(b.y)])
    out = np.zeros(tops.shape[1])
    for i in range(tops.shape[1]):
        positive = tops[:, i][tops[:, i] > 0]
        out[i] = float(np.median(positive)) if len(positive) else 0.0
    return np.round(out, 5)


def ramp_knots(blocks: Sequence[Block], features: Sequence[int]) -> dict[int, np.ndarray]:
    """Per feature index, knots at RAMP_PERCENTILES of its positive values (none if none)."""
    X = np.vstack([b.X for b in blocks])
    out = {}
    for i in features:
        positive = X[:, i][X[:, i] > 0]
        if len(positive):
            out[i] = np.unique(np.round(np.percentile(positive, RAMP_PERCENTILES), 5))
    return out


def with_relative(
    blocks: Sequence[Block], floor: np.ndarray, knots: Mapping[int, np.ndarray] | None = None
) -> list[Block]:
    """Blocks whose rows are followed by their relative values (2 × len(FEATURES) columns),
    then by the ramp columns of each feature in ``knots`` (in its order)."""
    out = []
    for b in blocks:
        parts = [b.X, relative(b.X, floor)]
        parts += [ramps(b.X[:, i], k) for i, k in (knots or {}).items()]
        out.append(Block(np.hstack(parts), b.y, b.n_truth))
    return out


def _stack(blocks: Sequence[Block]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = np.vstack([b.X for b in blocks]).astype(np.float64)
    y = np.concatenate([b.y for b in blocks]).astype(np.float64)
    starts = np.cumsum([0] + [len(b.y) for b in blocks[:-1]])
    return X, y, starts


def fit_listwise(
    blocks: Sequence[Block],
    columns: np.ndarray,
    l2: float,
    negative: Sequence[bool] | None = None,
) -> np.ndarray:
    """Weights (for ``columns`` of the feature matrix) maximising the listwise likelihood.

    Loss per query: ``logsumexp(scores) - mean(scores of true partners)``, averaged, plus
    ``l2 * |w|²`` on standardised features, weights sign-bounded (see NEGATIVE_FEATURES;
    ``negative`` marks, per column of the matrix, the ones bounded at ≤ 0, by default those
    of the features in NEGATIVE_FEATURES). Deterministic (L-BFGS-B from zero).
    """
    X, y, starts = _stack(blocks)
    width = X.shape[1]
    X = X[:, columns]
    mu, sd = X.mean(axis=0), X.std(axis=0)
    sd[sd < 1e-9] = 1.0
    Z = (X - mu) / sd
    seg = np.repeat(np.arange(len(blocks)), np.diff(np.append(starts, len(y))))
    n_pos = np.bincount(seg, weights=y)
    target = y / n_pos[seg]
    n_q = len(blocks)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = Z @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[seg])
        total = np.add.reduceat(e, starts)
        lse = np.log(total) + top
        value = (lse.sum() - (target * s).sum()) / n_q + l2 * float(w @ w)
        p = e / total[seg]
        grad = Z.T @ (p - target) / n_q + 2 * l2 * w
        return float(value), grad

    nf = len(FEATURES)
    if negative is None:
        negative = [FEATURES[c % nf] in NEGATIVE_FEATURES for c in range(width)]
    bounds = [(None, 0.0) if negative[c] else (0.0, None) for c in columns]
    result = optimize.minimize(
        loss,
        np.zeros(len(columns)),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": 500},
    )
    return result.x / sd


def calibrate(blocks: Sequence[Block], weights: np.ndarray) -> tuple[float, float]:
    """Platt scaling ``sigmoid(a * score + b)`` of candidate scores against truth."""
    X, y, _ = _stack(blocks)
    s = X @ weights

    def loss(p: np.ndarray) -> tuple[float, np.ndarray]:
        z = p[0] * s + p[1]
        prob = special.expit(z)
        value = float(np.sum(np.logaddexp(0.0, z) - y * z)) / len(y)
        diff = (prob - y) / len(y)
        return value, np.array([float(diff @ s), float(diff.sum())])

    result = optimize.minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return float(result.x[0]), float(result.x[1])


def fit_confidence(
    blocks: Sequence[Block], weights: np.ndarray, bias: float, shown: int = 50
) -> dict[str, float]:
    """Confidence ``sigmoid(a·logit + b·(logit − best logit) + c)``, a, b ≥ 0 (model.py),
    fitted by likelihood on the ``shown`` best candidates of each query in ``blocks``
    (held-out queries: the weights never saw them)."""
    feats, ys = [], []
    for blk in blocks:
        logit = bias + blk.X @ weights
        order = np.argsort(-logit, kind="stable")[:shown]
        feats.append(np.column_stack([logit[order], logit[order] - logit.max()]))
        ys.append(blk.y[order].astype(np.float64))
    F_ = np.vstack(feats)
    y = np.concatenate(ys)

    def loss(p: np.ndarray) -> tuple[float, np.ndarray]:
        z = F_ @ p[:2] + p[2]
        prob = special.expit(z)
        value = float(np.sum(np.logaddexp(0.0, z) - y * z)) / len(y)
        diff = (prob - y) / len(y)
        return value, np.array([float(diff @ F_[:, 0]), float(diff @ F_[:, 1]), float(diff.sum())])

    result = optimize.minimize(
        loss,
        np.array([1.0, 0.0, 0.0]),
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.0, None), (0.0, None), (None, None)],
    )
    a, b, c = (float(v) for v in result.x)
    return {"logit": round(a, 5), "gap": round(b, 5), "bias": round(c, 5)}


def evaluate(blocks: Sequence[Block], weights: np.ndarray) -> dict[str, float]:
    """Recall@10 and MRR of ranking each block's candidates by ``X @ weights``."""
    recall = mrr = 0.0
    for b in blocks:
        order = np.argsort(-(b.X @ weights), kind="stable")
        hits = b.y[order]
        recall += hits[:10].sum() / b.n_truth
        first = np.flatnonzero(hits)
        mrr += 1.0 / (first[0] + 1) if len(first) else 0.0
    n = max(len(blocks), 1)
    return {"recall@10": round(recall / n, 4), "mrr": round(mrr / n, 4), "queries": len(blocks)}


def _fit_scorer(
    train_blocks: list[Block],
    check_blocks: list[Block],
    all_blocks: list[Block],
    allowed: list[str],
    l2: float,
) -> dict[str, Any]:
    """Fit on ``train_blocks``, report on ``check_blocks``, refit on ``all_blocks``."""
    nf = len(FEATURES)
    floor = relative_floor(all_blocks)
    X_raw = np.vstack([b.X for b in all_blocks])
    fitted_raw = [i for i in range(nf) if FEATURES[i] in allowed and X_raw[:, i].std() > 1e-9]
    # Fitted signals weigh by a curve (ramp columns) in place of their raw single slope.
    knots = ramp_knots(all_blocks, fitted_raw)
    train_blocks = with_relative(train_blocks, floor, knots)
    check_blocks = with_relative(check_blocks, floor, knots)
    all_blocks = with_relative(all_blocks, floor, knots)
    X_all = np.vstack([b.X for b in all_blocks])
    owner = (
        list(range(nf)) + list(range(nf)) + [i for i, k in knots.items() for _ in range(len(k) + 1)]
    )
    varying = [
        c
        for c in range(X_all.shape[1])
        if FEATURES[owner[c]] in allowed
        and X_all[:, c].std() > 1e-9
        and not (c < nf and c in knots)
    ]
    columns = np.array(varying, dtype=np.int64)
    negative = [FEATURES[o] in NEGATIVE_FEATURES for o in owner]

    def full(w_fit: np.ndarray) -> np.ndarray:
        w = np.zeros(X_all.shape[1])
        w[columns] = w_fit
        return w

    w_train = full(fit_listwise(train_blocks, columns, l2, negative))
    held_out = evaluate(check_blocks, w_train)
    a_train, b_train = calibrate(train_blocks, w_train)
    confidence = fit_confidence(check_blocks, w_train * a_train, b_train)
    w = full(fit_listwise(all_blocks, columns, l2, negative))
    a, b = calibrate(all_blocks, w)
    w *= a
    fitted = {FEATURES[owner[c]] for c in varying}
    weights, relative_weights = {}, {}
    knot_lists, ramp_weights = {}, {}
    offset = 2 * nf
    for i, k in knots.items():
        if FEATURES[i] in fitted:
            knot_lists[FEATURES[i]] = [float(v) for v in k]
            ramp_weights[FEATURES[i]] = [
                round(float(v), 5) for v in w[offset : offset + len(k) + 1]
            ]
        offset += len(k) + 1
    for i, name in enumerate(FEATURES):
        if name in fitted:
            weights[name] = round(float(w[i]), 5)
            relative_weights[name] = round(float(w[nf + i]), 5)
        else:
            weights[name] = PRIOR_WEIGHTS.get(name, 0.0) if name in allowed else 0.0
            relative_weights[name] = 0.0
    return {
        "bias": round(b, 5),
        "weights": weights,
        "relative_weights": relative_weights,
        "relative_floor": {name: float(floor[i]) for i, name in enumerate(FEATURES)},
        "knots": knot_lists,
        "ramp_weights": ramp_weights,
        "fitted": sorted(fitted),
        "priors": sorted(n for n in allowed if n not in fitted and n in PRIOR_WEIGHTS),
        "calibration": confidence,
        "validation": held_out,
        "training_fit": evaluate(all_blocks, w),
    }


def train(
    organisations: Iterable[Mapping[str, Any]],
    collaborations: Iterable[Mapping[str, Any]],
    *,
    history_end: str = "2016-01-01",
    query_end: str = "2017-01-01",
    lexicon: Lexicon | None = None,
    seed: int = 0,
    l2: float = 1e-3,
    validation_share: float = 0.2,
    settings: Settings | None = None,
    vectors: Mapping[str, np.ndarray] | None = None,
) -> dict[str, Any]:
    """Fit ``model.json`` content from bulk records (see module docstring).

    ``seed`` fixes the validation split; fitting itself is deterministic. With ``vectors``
    (text key → vector, for the projects' texts, see embedding.py) the two scorers that use
    text vectors are fitted too.
    """
    started = time.monotonic()
    settings = settings or Settings()
    collaborations = list(collaborations)
    cut, end = parse_date(history_end), parse_date(query_end)
    assert cut is not None and end is not None
    history = [c for c in collaborations if (parse_date(c.get("start")) or 0.0) < cut]
    # As on the platform, an organisation is known by its track record: only those with a
    # project in the history window are candidates, mirroring "imported" organisations.
    active = {p["org"] for c in history for p in c.get("participants") or []}
    index = MatchingIndex.build(
        [o for o in organisations if o.get("ref") in active],
        history,
        lexicon=lexicon,
        vectors=vectors or None,
    )
    queries = training_queries(collaborations, cut, end)
    rng = np.random.default_rng(seed)
    is_check = rng.random(len(queries)) < validation_share
    train_q = [q for q, c in zip(queries, is_check, strict=True) if not c]
    check_q = [q for q, c in zip(queries, is_check, strict=True) if c]

    models = {}
    for name, drop_org in (("with_org", False), ("text_only", True)):
        allowed = [f for f in FEATURES if not (drop_org and f in ORG_FEATURES)]
        # The fallback scorers are fitted on what they will see: no query vectors.
        tr = collect(index, train_q, settings, drop_org)
        ck = collect(index, check_q, settings, drop_org)
        plain = [f for f in allowed if f not in MEANING_FEATURES]
        models[name] = _fit_scorer(tr, ck, tr + ck, plain, l2)
        if index.has_vectors:
            tr = [b for b in collect(index, train_q, settings, drop_org, vectors) if b.meaning]
            ck = [b for b in collect(index, check_q, settings, drop_org, vectors) if b.meaning]
            if drop_org:
                allowed = [f for f in allowed if f not in LANGUAGE_BOUND_FEATURES]
            models[f"{name}_meaning"] = _fit_scorer(tr, ck, tr + ck, allowed, l2)
    return {
        "version": MODEL_VERSION,
        "features": list(FEATURES),
        "settings": asdict(settings),
        "feedback_weight": FEEDBACK_WEIGHT,
        "models": models,
        "training": {
            "history_end": history_end,
            "query_end": query_end,
            "history_projects": len(history),
            "index_organisations": index.n_orgs,
            "queries": len(queries),
            "seed": seed,
            "l2": l2,
            "validation_share": validation_share,
            "text_vectors": embedding.MODEL_NAME if index.has_vectors else None,
            "seconds": round(time.monotonic() - started, 1),
        },
    }


DEFAULT_VECTOR_FILE = Path("var") / "matching" / f"text-vectors-{embedding.MODEL_NAME}.npz"


def vectors_for(
    organisations: Sequence[Mapping[str, Any]],
    collaborations: Sequence[Mapping[str, Any]],
    cache: str | Path,
    embedder: embedding.Embedder,
    extra_texts: Iterable[str] = (),
) -> dict[str, np.ndarray]:
    """Vectors of the records' texts (and ``extra_texts``), by text key, from the ``cache``
    file; missing ones are embedded (slow: ~30 ms a text) and the cache file rewritten."""
    from marketplace.matching.index import IndexBuilder

    builder = IndexBuilder()
    builder.add_organisations(organisations)
    builder.add_collaborations(collaborations)
    texts = builder.texts()
    texts.update({embedding.text_key(t): t for t in extra_texts if t.strip()})
    vectors = embedding.load_vector_file(cache)
    missing = sum(k not in vectors for k in texts)
    if missing:
        print(f"embedding {missing} texts (cached: {len(texts) - missing})", file=sys.stderr)

        def progress(done: int, total: int) -> None:
            print(f"  {done}/{total}", file=sys.stderr, flush=True)

        embedding.embed_missing(texts, vectors, embedder, progress)
        embedding.save_vector_file(cache, vectors)
    return {k: vectors[k] for k in texts}


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry point; writes the model JSON to ``--out``."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--organisations", required=True)
    ap.add_argument("--collaborations", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--lexicon", help="JSON file {concept_id: [keyword, ...]}")
    ap.add_argument("--history-end", default="2016-01-01")
    ap.add_argument("--query-end", default="2017-01-01")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument(
        "--vectors",
        default=str(DEFAULT_VECTOR_FILE),
        help="cache of text vectors (.npz); texts it lacks are embedded and added",
    )
    ap.add_argument(
        "--no-vectors", action="store_true", help="fit only the scorers without text vectors"
    )
    args = ap.parse_args(argv)
    lexicon = None
    if args.lexicon:
        with open(args.lexicon, encoding="utf-8") as f:
            lexicon = json.load(f)
    organisations = read_jsonl(args.organisations)
    collaborations = read_jsonl(args.collaborations)
    vectors = None
    embedder = None if args.no_vectors else embedding.load_embedder()
    if embedder is not None:
        vectors = vectors_for(organisations, collaborations, args.vectors, embedder)
    elif not args.no_vectors:
        print("no text-vector model installed: fitting the fallback scorers only", file=sys.stderr)
    model = train(
        organisations,
        collaborations,
        vectors=vectors,
        history_end=args.history_end,
        query_end=args.query_end,
        lexicon=lexicon,
        seed=args.seed,
        l2=args.l2,
    )
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=2, sort_keys=False)
        f.write("\n")
    for name, part in model["models"].items():
        print(f"{name}: validation {part['validation']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
