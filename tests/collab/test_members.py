"""Members: invitations, roles, the last owner, leaving and removal."""

from __future__ import annotations

import pytest
from django.core import mail

from collab.models import RoomInvitation, RoomMember
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_owner_invites_and_the_invitee_accepts_with_the_invited_address(
    room, room_owner, room_member, api, django_capture_on_commit_callbacks
):
    url = f"/api/v1/rooms/{room.pk}/invitations/"
    assert api(room_member).post(url, {"email": "new@x.example"}, format="json").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = api(room_owner).post(
            url, {"email": "New@X.example", "role": "observer"}, format="json"
        )
    assert response.status_code == 201
    assert mail.outbox[0].to == ["new@x.example"]
    token = RoomInvitation.objects.get().token
    assert token in mail.outbox[0].body
    stranger = UserFactory(email="someone@else.example")
    accept = f"/api/v1/room-invitations/{token}/accept/"
    assert api(stranger).post(accept).status_code == 400
    invitee = UserFactory(email="new@x.example")
    assert api(invitee).post(accept).status_code == 201
    assert RoomMember.objects.get(room=room, user=invitee).role == "observer"
    assert api(invitee).post(accept).status_code == 400  # used


def test_roles_change_but_a_room_keeps_an_owner(room, room_owner, room_member, api):
    owner = api(room_owner)
    url = f"/api/v1/rooms/{room.pk}/members/"
    assert [m["role"] for m in owner.get(url).json()["results"]] == ["owner", "member", "observer"]
    assert (
        owner.patch(f"{url}{room_owner.pk}/", {"role": "member"}, format="json").status_code == 400
    )
    assert (
        owner.patch(f"{url}{room_member.pk}/", {"role": "owner"}, format="json").status_code == 200
    )
    assert (
        owner.patch(f"{url}{room_owner.pk}/", {"role": "member"}, format="json").status_code == 200
    )
    assert (
        api(room_member)
        .patch(f"{url}{room_member.pk}/", {"role": "boss"}, format="json")
        .status_code
        == 400
    )


def test_members_leave_owners_remove_others_outsiders_see_nothing(
    room, room_owner, room_member, room_observer, room_outsider, api
):
    url = f"/api/v1/rooms/{room.pk}/members/"
    assert api(room_member).delete(f"{url}{room_observer.pk}/").status_code == 403
    assert api(room_outsider).delete(f"{url}{room_observer.pk}/").status_code == 404
    assert api(room_observer).delete(f"{url}{room_observer.pk}/").status_code == 204  # leaves
    assert api(room_owner).delete(f"{url}{room_member.pk}/").status_code == 204
    assert api(room_owner).delete(f"{url}{room_owner.pk}/").status_code == 400  # last owner
    assert list(RoomMember.objects.filter(room=room).values_list("user_id", flat=True)) == [
        room_owner.pk
    ]
    assert api(room_member).get(f"/api/v1/rooms/{room.pk}/").status_code == 404
