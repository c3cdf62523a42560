"""Background work of the matching engine."""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task


@task()
def matching_index_rebuild() -> str:
    """Rebuild the index from the database; returns the new version's fingerprint."""
    from marketplace.matching.store import BUILD_LOCK_KEY, index_build

    try:
        return index_build().fingerprint
    finally:
        cache.delete(BUILD_LOCK_KEY)


@task()
def matching_index_check() -> bool:
    """Rebuild the index (in another task) when the data changed since it was built; returns
    whether it did ask for one."""
    from marketplace.matching.store import index_is_stale, index_rebuild_soon

    if index_is_stale():
        index_rebuild_soon()
        return True
    return False


@task()
def suggestions_refit() -> str:
    """Refit the re-ranking on users' reactions (learning.py); returns the outcome."""
    from marketplace.matching.learning import rerank_refit

    return rerank_refit().outcome
