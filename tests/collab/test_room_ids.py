"""A room id that no database row can have (beyond 64 bits, zero, negative) names no room:
404 on every room path, never a server error. SQLite (the embedded default) refuses to even
compare such a number, so the access rule answers before asking the database."""

from __future__ import annotations

import pytest
from django.http import Http404

from collab import access

pytestmark = pytest.mark.django_db

HUGE = 2**70


@pytest.mark.parametrize("room_id", [HUGE, str(HUGE), 2**63, 0, -1])
def test_an_impossible_room_id_is_not_found_without_asking_the_database(
    room, room_member, room_id, django_assert_num_queries
):
    with django_assert_num_queries(0), pytest.raises(Http404):
        access.membership(room_member, room_id)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/rooms/{id}/"),
        ("patch", "/api/v1/rooms/{id}/"),
        ("post", "/api/v1/rooms/{id}/messages/"),
        ("get", "/api/v1/rooms/{id}/cards/1/"),
        ("get", "/api/v1/rooms/{id}/files/1/download/"),
        ("post", "/api/v1/rooms/{id}/milestones/"),
    ],
)
def test_room_paths_with_an_impossible_id_answer_404(api, room, room_owner, method, path):
    body = {"title": "Pilot", "body": "Hello"}
    response = getattr(api(room_owner), method)(path.format(id=HUGE), body, format="json")
    assert response.status_code == 404


def test_an_outsider_posting_nonsense_to_a_room_hears_it_does_not_exist(api, room, room_outsider):
    response = api(room_outsider).post(
        f"/api/v1/rooms/{room.pk}/milestones/", {"nonsense": 1}, format="json"
    )
    assert response.status_code == 404
