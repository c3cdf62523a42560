"""Fixtures of the dashboard page tests; the data is built in world.py."""

from __future__ import annotations

import pytest

from tests.frontend.dashboards.world import build_programme


@pytest.fixture(autouse=True)
def _no_figure_cache(settings):
    """Each test sees its own data; test_cache.py turns the cache back on."""
    settings.INSIGHTS_CACHE_SECONDS = 0


@pytest.fixture
def programme(db):
    return build_programme()
