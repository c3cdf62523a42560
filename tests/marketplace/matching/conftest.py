"""Fixtures for the matching engine's Django layer: an index directory per test and a clean
process cache, so every test builds its index from its own data."""

from __future__ import annotations

import pytest

from marketplace.matching import store


@pytest.fixture
def fresh_index(settings, tmp_path):
    settings.MATCHING_INDEX_DIR = tmp_path / "matching"
    store._loaded.clear()
    store.forget_fingerprint()
    yield
    store._loaded.clear()
    store.forget_fingerprint()
