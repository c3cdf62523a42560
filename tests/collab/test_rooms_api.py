"""Rooms over the API: creation, scoping and the access rule for owner, member, observer and
outsider."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collab.models import BoardColumn, MemberRole, Room, RoomMember, SourceKind
from collab.services.rooms import room_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anyone_signed_in_creates_a_room_by_hand_and_owns_it(room_outsider, api):
    response = api(room_outsider).post(
        "/api/v1/rooms/", {"name": "Pilot", "history_visibility": "since_join"}, format="json"
    )
    assert response.status_code == 201
    data = response.json()
    assert data["my_role"] == "owner" and data["source_kind"] == "manual"
    room = Room.objects.get(pk=data["id"])
    assert room.members.get().user == room_outsider
    assert BoardColumn.objects.filter(room=room).count() == 3
    assert api(None).post("/api/v1/rooms/", {"name": "x"}, format="json").status_code in (401, 403)
    assert (
        api(room_outsider)
        .post("/api/v1/rooms/", {"name": "x", "last_seq": 9}, format="json")
        .status_code
        == 400
    )


def test_room_create_from_an_award_is_idempotent(room_owner, room_member):
    first = room_create(
        name="Award room",
        created_by=room_owner,
        members=[(room_member, MemberRole.MEMBER)],
        source_kind=SourceKind.AWARD,
        source_id=17,
    )
    newcomer = UserFactory()
    again = room_create(
        name="Award room",
        created_by=room_owner,
        members=[(room_member, MemberRole.MEMBER), (newcomer, MemberRole.OBSERVER)],
        source_kind=SourceKind.AWARD,
        source_id="17",
    )
    assert again == first
    assert RoomMember.objects.filter(room=first).count() == 3
    assert RoomMember.objects.get(room=first, user=newcomer).role == "observer"


def test_lists_show_only_my_rooms_in_constant_queries(room, other_room, room_member, api):
    client = api(room_member)
    data = client.get("/api/v1/rooms/").json()
    assert [r["id"] for r in data["results"]] == [room.pk]
    assert data["results"][0]["my_role"] == "member"
    for n in range(3):
        room_create(name=f"Extra {n}", created_by=UserFactory(), members=[(room_member, "member")])
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/rooms/").json()["count"] == 4
    with CaptureQueriesContext(connection) as fewer:
        client.get("/api/v1/rooms/?page_size=1")
    assert len(queries) == len(fewer)


@pytest.mark.parametrize(
    ("who", "read", "change"),
    [("owner", 200, 200), ("member", 200, 403), ("observer", 200, 403), ("outsider", 404, 404)],
)
def test_room_detail_access(
    room, room_owner, room_member, room_observer, room_outsider, api, who, read, change
):
    user = {
        "owner": room_owner,
        "member": room_member,
        "observer": room_observer,
        "outsider": room_outsider,
    }[who]
    client = api(user)
    assert client.get(f"/api/v1/rooms/{room.pk}/").status_code == read
    response = client.patch(f"/api/v1/rooms/{room.pk}/", {"name": "Renamed"}, format="json")
    assert response.status_code == change
    room.refresh_from_db()
    assert (room.name == "Renamed") == (change == 200)


def test_activity_feed_tells_what_happened(room, room_owner, api):
    api(room_owner).patch(f"/api/v1/rooms/{room.pk}/", {"description": "New"}, format="json")
    feed = api(room_owner).get(f"/api/v1/rooms/{room.pk}/activity/").json()["results"]
    assert [entry["verb"] for entry in feed] == ["room.updated", "room.created"]
    assert feed[0]["actor"]["id"] == room_owner.pk and feed[0]["text"]
