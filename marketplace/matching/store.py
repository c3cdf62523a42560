"""The matching index's life outside the request path.

The index is built from the database (documents.py) by a background task and saved under
MATCHING_INDEX_DIR/<fingerprint>/; an IndexVersion row names the current one. Every process
loads the newest version it finds and keeps it in memory. At most every FINGERPRINT_SECONDS a
request asks a background task to check whether the data changed since the index was built (a
fingerprint of row counts and update times: ~50 ms of aggregates at 100,000 organisations, so
not in the request) and to rebuild it if so; requests keep answering from the loaded index
meanwhile. Only when no index exists at all is one built in the request, so that a fresh
installation answers at once.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet

from marketplace.matching import documents
from marketplace.matching.models import IndexVersion
from marketplace.models import (
    Capability,
    Collaboration,
    Organisation,
    Participation,
    PersonProfile,
    Technology,
)

log = logging.getLogger(__name__)

CHECK_KEY = "matching:checked"
FINGERPRINT_SECONDS = 10  # how stale suggestions may be before a check is asked for
BUILD_LOCK_KEY = "matching:building"
KEEP_VERSIONS = 2

_lock = threading.Lock()
_loaded: dict[str, Any] = {}  # fingerprint -> MatchingEngine, in this process


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
        (Technology.objects.all(), None),
    )
    for qs, stamp in sources:
        aggregates: dict[str, Any] = {"n": Count("pk")}
        if stamp:
            aggregates["last"] = Max(stamp)
        row = qs.aggregate(**aggregates)
        parts.append(f"{row['n']}:{row.get('last')}")
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


def index_is_stale() -> bool:
    """Has the data changed since the current index was built?"""
    version = IndexVersion.objects.first()
    return version is None or version.fingerprint != data_fingerprint()


def index_check_soon() -> None:
    """Ask for a staleness check in the background, at most every FINGERPRINT_SECONDS."""
    from marketplace.matching.tasks import matching_index_check

    if cache.add(CHECK_KEY, 1, timeout=FINGERPRINT_SECONDS):
        matching_index_check.enqueue()


def forget_fingerprint() -> None:
    """Call after a bulk change so that the next request asks for a check at once."""
    cache.delete(CHECK_KEY)


def index_dir() -> Path:
    return Path(settings.MATCHING_INDEX_DIR)


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
    index = builder.build()
    path = index_dir() / fingerprint
    path.parent.mkdir(parents=True, exist_ok=True)
    index.save(path)
    version, _created = IndexVersion.objects.update_or_create(
        fingerprint=fingerprint,
        defaults={
            "path": str(path),
            "organisations": n_orgs,
            "collaborations": n_collabs,
            "build_seconds": round(time.monotonic() - started, 3),
        },
    )
    _prune()
    forget_fingerprint()
    log.info("matching index %s built: %s entries, %s projects", fingerprint, n_orgs, n_collabs)
    return version


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
                engine = MatchingEngine(index)
                _loaded.clear()
                _loaded[version.fingerprint] = engine
    return engine
