"""The matching index's life outside the request path.

The index is built from the database (documents.py) by a background task and saved under
MATCHING_INDEX_DIR/<fingerprint>/; an IndexVersion row names the current one. Every process
loads the newest version it finds and keeps it in memory. At most every FINGERPRINT_SECONDS a
request asks a background task to check whether the data changed since the index was built (a
fingerprint of row counts and update times: ~50 ms of aggregates at 100,000 organisations, so
not in the request) and to rebuild it if so; requests keep answering from the loaded index
meanwhile. Only when no index exists at all is one built in the request, so that a fresh
installation answers at once.

Text vectors (embedding.py) take 20–700 ms a text on two cores, so they are never computed in a
request nor all at once in a build: a build uses the vectors stored for its texts (TextVector,
keyed by a hash of the text, so an unchanged text is embedded once for good) and leaves the
texts it lacks pending for the worker's ``matching_vectors_fill`` task, which embeds them and
then publishes them, which changes the fingerprint: the next check rebuilds with them. Saving
a brief, a capability or a profile changes the fingerprint in the same way, so its new text is
embedded by the worker shortly after, not in the request that saved it. A query whose text has
no vector yet is answered without one (its words, and the asking organisation's own profile
vector) and its text is left pending too.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet

from marketplace.matching import documents
from marketplace.matching.models import IndexVersion, TextVector
from marketplace.models import (
    Capability,
    Collaboration,
    Organisation,
    Participation,
    PersonProfile,
)

log = logging.getLogger(__name__)

CHECK_KEY = "matching:checked"
FINGERPRINT_SECONDS = 10  # how stale suggestions may be before a check is asked for
BUILD_LOCK_KEY = "matching:building"
FILL_LOCK_KEY = "matching:embedding"
KEEP_VERSIONS = 2

_lock = threading.Lock()
_loaded: dict[str, Any] = {}  # fingerprint -> MatchingEngine, in this process
_asked = {"next": 0.0}  # monotonic time before which this process asks for no check


def data_fingerprint() -> str:
    """Changes whenever anything the index is built from changes."""
    from marketplace.matching.index import FORMAT_VERSION

    # A new index format (after an upgrade) is a new version even when the data is the same.
    parts: list[Any] = [f"format:{FORMAT_VERSION}"]
    sources: tuple[tuple[QuerySet[Any], str | None], ...] = (
        (Organisation.objects.all(), "updated_at"),
        (Capability.objects.all(), "updated_at"),
        (PersonProfile.objects.matchable(), "updated_at"),
        (documents.open_challenges(), "updated_at"),
        (Collaboration.objects.all(), "id"),
        (Participation.objects.all(), "id"),
        (TextVector.objects.filter(published=True), None),
    )
    for qs, stamp in sources:
        aggregates: dict[str, Any] = {"n": Count("pk")}
        if stamp:
            aggregates["last"] = Max(stamp)
        row = qs.aggregate(**aggregates)
        parts.append(f"{row['n']}:{row.get('last')}")
    # The technologies' labels and keywords (a few dozen rows, no update time): an edited
    # keyword changes which concepts every text names.
    parts.append(json.dumps(documents.technology_lexicon(), sort_keys=True))
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


def index_is_stale() -> bool:
    """Has the data changed since the current index was built?"""
    version = IndexVersion.objects.first()
    return version is None or version.fingerprint != data_fingerprint()


def index_check_soon() -> None:
    """Ask for a staleness check in the background, at most every FINGERPRINT_SECONDS (across
    processes, through the cache); each process asks the cache at most that often too, instead
    of on every request (a cache round trip cost a partner request ~1 ms under load)."""
    from marketplace.matching.tasks import matching_index_check

    now = time.monotonic()
    if now < _asked["next"]:
        return
    _asked["next"] = now + FINGERPRINT_SECONDS
    if cache.add(CHECK_KEY, 1, timeout=FINGERPRINT_SECONDS):
        matching_index_check.enqueue()


def forget_fingerprint() -> None:
    """Call after a bulk change so that the next request asks for a check at once."""
    _asked["next"] = 0.0
    cache.delete(CHECK_KEY)


def index_dir() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


def index_publish(index: Any, path: Path) -> None:
    """Write `index` to `path` so that a reader never sees it half written: it is saved
    aside and moved into place with one rename. Threads of one process and other processes
    build the same index at the same time (under load, a reader of a file being rewritten in
    place got an EOFError: a 500); the first to finish wins, the others' copies are removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
    try:
        index.save(staging)
        try:
            staging.rename(path)
        except OSError:
            if _readable(path):
                return
            # Files of an older release (another format) or a broken copy: set them aside in
            # one rename, then put ours in place.
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}-old-", dir=path.parent))
            try:
                path.rename(old / "index")
                staging.rename(path)
            except OSError:
                if not _readable(path):
                    raise
            finally:
                shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _readable(path: Path) -> bool:
    """Does `path` hold a finished index in the format this release reads?"""
    from marketplace.matching.index import FORMAT_VERSION

    try:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return meta.get("format") == FORMAT_VERSION and (path / "arrays.npz").exists()


def index_build() -> IndexVersion:
    """Build the index from the database now and make it current."""
    from marketplace.matching import IndexBuilder

    fingerprint = data_fingerprint()
    existing = IndexVersion.objects.filter(fingerprint=fingerprint).first()
    if existing and Path(existing.path).exists():
        return existing
    started = time.monotonic()
    builder = IndexBuilder(lexicon=documents.technology_lexicon())
    n_orgs = builder.add_organisations(documents.organisation_records())
    n_orgs += builder.add_organisations(documents.person_records())
    n_orgs += builder.add_organisations(documents.challenge_records())
    n_collabs = builder.add_collaborations(documents.collaboration_records())
    read = time.monotonic()
    vectors = stored_vectors(builder.texts())
    fetched = time.monotonic()
    index = builder.build(vectors=vectors)
    n_vectors = len(vectors)
    del vectors
    path = index_dir() / fingerprint
    index_publish(index, path)
    phases = (
        f"records {read - started:.1f} s, {n_vectors} text vectors {fetched - read:.1f} s, "
        f"assembly and save {time.monotonic() - fetched:.1f} s"
    )
    log.info("matching index phases: %s", phases)
    version, _created = IndexVersion.objects.update_or_create(
        fingerprint=fingerprint,
        defaults={
            "path": str(path),
            "organisations": n_orgs,
            "collaborations": n_collabs,
            "build_seconds": round(time.monotonic() - started, 3),
        },
    )
    version.phases = phases  # type: ignore[attr-defined]  # for build_matching_index to print
    _prune()
    forget_fingerprint()
    log.info("matching index %s built: %s entries, %s projects", fingerprint, n_orgs, n_collabs)
    return version


def _decode(raw: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(raw), dtype=np.float16).astype(np.float32)


def encode_vector(vector: np.ndarray) -> bytes:
    """A vector as TextVector stores it (float16: the e5 vectors need no more)."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def stored_vectors(texts: Mapping[str, str]) -> dict[str, np.ndarray]:
    """The stored vectors of ``texts`` (text key → text); those without one are left pending
    for the worker (only when the model package is installed: nothing could embed them)."""
    from marketplace.matching import embedding

    out: dict[str, np.ndarray] = {}
    rows = TextVector.objects.filter(vector__isnull=False).values_list("key", "vector")
    for key, raw in rows.iterator(chunk_size=5000):
        if key in texts and raw is not None:
            out[key] = _decode(raw)
    missing = {k: t for k, t in texts.items() if k not in out}
    if missing and embedding.available():
        vectors_request(missing)
    return out


def vectors_request(texts: Mapping[str, str]) -> None:
    """Leave ``texts`` (text key → text) pending for the worker and ask it to embed them."""
    from marketplace.matching.tasks import matching_vectors_fill

    TextVector.objects.bulk_create(
        [TextVector(key=k, text=t) for k, t in texts.items()],
        ignore_conflicts=True,
        batch_size=2000,
    )
    if cache.add(FILL_LOCK_KEY, 1, timeout=600):
        matching_vectors_fill.enqueue()


def query_vector(text: str) -> np.ndarray | None:
    """The stored vector of a query's text (one primary-key read), or None: then the text is
    left pending (at most once per 10 minutes per text) and the query is answered without."""
    from marketplace.matching import embedding

    key = embedding.text_key(text)
    raw = TextVector.objects.filter(key=key).values_list("vector", flat=True).first()
    if raw is not None:
        return _decode(raw)
    if embedding.available() and cache.add(f"matching:asked:{key}", 1, timeout=600):
        vectors_request({key: embedding.normalise_text(text)})
    return None


def vectors_fill(budget_seconds: float = 300.0, chunk: int = 64) -> int:
    """Embed pending texts for up to ``budget_seconds``, then publish what was embedded (a new
    fingerprint: the next check rebuilds the index with it). Returns how many were embedded;
    asks for another run when texts are still pending."""
    from marketplace.matching import embedding

    embedder = embedding.load_embedder()
    if embedder is None:
        return 0
    started = time.monotonic()
    done = 0
    while time.monotonic() - started < budget_seconds:
        pending = list(
            TextVector.objects.filter(vector__isnull=True).order_by("created_at", "key")[:chunk]
        )
        if not pending:
            break
        for row, vector in zip(pending, embedder.embed([r.text for r in pending]), strict=True):
            row.vector = encode_vector(vector)
        TextVector.objects.bulk_update(pending, ["vector"])
        done += len(pending)
    if done:
        TextVector.objects.filter(vector__isnull=False, published=False).update(published=True)
        forget_fingerprint()
    return done


def _prune() -> None:
    keep = list(IndexVersion.objects.values_list("pk", flat=True)[:KEEP_VERSIONS])
    for old in IndexVersion.objects.exclude(pk__in=keep):
        shutil.rmtree(old.path, ignore_errors=True)
        old.delete()


def index_rebuild_soon() -> None:
    """Ask for a rebuild in the background, at most one at a time."""
    from marketplace.matching.tasks import matching_index_rebuild

    if cache.add(BUILD_LOCK_KEY, 1, timeout=600):
        matching_index_rebuild.enqueue()


def current_engine() -> Any:
    """The engine over the newest index, loaded once per process; built if none exists."""
    from marketplace.matching import MatchingEngine, MatchingIndex

    version = IndexVersion.objects.first()
    if version is None or not Path(version.path).exists():
        version = index_build()
    else:
        index_check_soon()
    engine = _loaded.get(version.fingerprint)
    if engine is None:
        with _lock:
            engine = _loaded.get(version.fingerprint)
            if engine is None:
                try:
                    index = MatchingIndex.load(version.path)
                except ValueError:
                    # Written by an earlier release in an older format: build the current one.
                    version = index_build()
                    index = MatchingIndex.load(version.path)
                engine = MatchingEngine(index, vectors=query_vector)
                _loaded.clear()
                _loaded[version.fingerprint] = engine
                if gc.get_freeze_count():
                    # A server froze what it loaded at start (config/asgi.py) so that full
                    # collections skip it; the index is as long-lived (at 100,000
                    # organisations, each full collection spent 20 ms walking it).
                    gc.collect()
                    gc.freeze()
    return engine
