"""The authorisation matrix, walked through the API and the pages (the socket is in
test_matrix_socket.py). Each test collects every mismatch and fails listing all of them."""

from __future__ import annotations

import pytest

from tests.authz.matrix import API_ROWS, PAGE_ROWS
from tests.authz.runner import assert_clean, walk

pytestmark = pytest.mark.django_db

ROOM_OBJECTS = ("room", "thread", "milestone", "deliverable", "board", "file", "message", "read")


def _is_room_or_run(obj: str) -> bool:
    return obj.startswith(ROOM_OBJECTS) or obj.startswith(("team run", "survey"))


def test_api_challenges(world):
    rows = [r for r in API_ROWS if r.obj.startswith("challenge (")]
    assert_clean(walk(rows, world, "api challenges"), "api challenges")


def test_api_marketplace(world):
    rows = [r for r in API_ROWS if not (_is_room_or_run(r.obj) or r.obj.startswith("challenge ("))]
    assert_clean(walk(rows, world, "api"), "api")


def test_api_rooms_and_team_runs(world):
    rows = [r for r in API_ROWS if _is_room_or_run(r.obj)]
    assert_clean(walk(rows, world, "api rooms"), "api rooms")


def test_pages(world):
    assert_clean(walk(PAGE_ROWS, world, "pages"), "pages")
