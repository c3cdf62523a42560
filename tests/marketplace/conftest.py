"""Helpers for the marketplace API tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def assert_constant_queries(django_assert_num_queries):
    """Check that a list endpoint costs the same number of queries for 3 rows as for 15.

    Call it with `get()` (returns the response) and `add(n)` (creates n more visible rows);
    the page must then show every row, with no extra query per row."""

    def check(get: Callable, add: Callable[[int], object], results_key: str = "results") -> None:
        add(3)
        get()  # warm up caches that are filled once per process (content types, sites)
        with CaptureQueriesContext(connection) as few:
            small = get()
        assert small.status_code == 200, small.content
        few_count = len(small.json()[results_key])
        add(12)
        with django_assert_num_queries(len(few.captured_queries)):
            large = get()
        assert large.status_code == 200, large.content
        assert len(large.json()[results_key]) == few_count + 12

    return check


@pytest.fixture
def fresh_rate_limits(settings):
    """A private in-memory cache for the test, so that rate-limit and failed-login counters
    (allauth keeps them in the cache) start at zero and never touch the shared Redis."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "m"}
    }
    cache.clear()
