"""Fixtures for the matching engine's Django layer: an index directory per test and a clean
process cache, so every test builds its index from its own data."""

from __future__ import annotations

import pytest


@pytest.fixture
def fresh_index(matching_index_in_tmp):
    """tests/conftest.py's matching_index_in_tmp, by the name these tests use."""
