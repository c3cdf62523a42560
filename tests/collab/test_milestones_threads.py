"""Milestones with deliverables, and threads with a resolved state."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_milestones_and_deliverables(room, room_member, room_observer, room_outsider, api):
    client = api(room_member)
    url = f"/api/v1/rooms/{room.pk}/milestones/"
    milestone = client.post(
        url, {"title": "Prototype", "due_date": "2026-05-01"}, format="json"
    ).json()
    assert milestone["status"] == "planned"
    deliverable = client.post(
        f"{url}{milestone['id']}/deliverables/", {"title": "Test report"}, format="json"
    )
    assert deliverable.status_code == 201
    changed = client.patch(
        f"{url}{milestone['id']}/", {"status": "in_progress"}, format="json"
    ).json()
    assert (
        changed["status"] == "in_progress" and changed["deliverables"][0]["title"] == "Test report"
    )
    assert (
        client.patch(f"{url}{milestone['id']}/", {"status": "late"}, format="json").status_code
        == 400
    )
    assert api(room_observer).get(url).json()["count"] == 1
    assert (
        api(room_observer)
        .patch(f"{url}{milestone['id']}/", {"status": "done"}, format="json")
        .status_code
        == 403
    )
    assert api(room_outsider).get(f"{url}{milestone['id']}/").status_code == 404
    d_url = f"/api/v1/rooms/{room.pk}/deliverables/{deliverable.json()['id']}/"
    assert client.patch(d_url, {"status": "done"}, format="json").json()["status"] == "done"
    assert client.patch(d_url, {"file": 999999}, format="json").status_code == 400
    assert client.delete(d_url).status_code == 204


def test_threads_are_resolved_and_reopened(room, room_member, room_observer, api):
    client = api(room_member)
    url = f"/api/v1/rooms/{room.pk}/threads/"
    thread = client.post(url, {"title": "Lighting conditions"}, format="json").json()
    assert thread["resolved"] is False
    resolved = client.patch(f"{url}{thread['id']}/", {"resolved": True}, format="json").json()
    assert resolved["resolved"] is True and resolved["resolved_by"]["id"] == room_member.pk
    assert (
        api(room_observer)
        .patch(f"{url}{thread['id']}/", {"resolved": False}, format="json")
        .status_code
        == 403
    )
    reopened = client.patch(f"{url}{thread['id']}/", {"resolved": False}, format="json").json()
    assert reopened["resolved"] is False and reopened["resolved_by"] is None
