"""Who may write in a room is one rule, in collab.access. The chat send path asks it in its
batched, row-locking form, and that stays one query however many rooms a batch spans."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from chat.models import Message
from chat.sending import SendRequest, SendResult, messages_store
from collab import access
from collab.models import MemberRole
from collab.services.rooms import room_create

pytestmark = pytest.mark.django_db


def _send(user, room, body="Hallo"):
    return SendRequest(user=user, room_id=room.pk, client_id=uuid.uuid4(), body=body)


def test_the_send_path_refuses_exactly_whom_the_room_rule_refuses(
    room, room_owner, room_member, room_observer, room_outsider
):
    people = [room_owner, room_member, room_observer, room_outsider]
    owner, member, observer, outsider = messages_store([_send(user, room) for user in people])
    assert isinstance(owner, SendResult) and owner.ack["seq"] == 1
    assert isinstance(member, SendResult) and member.ack["seq"] == 2
    assert isinstance(observer, PermissionDenied)
    assert isinstance(outsider, Http404)
    # The pages and the API get the same answers from the single-room form of the rule.
    assert access.member_for_contribution(room_member, room.pk).role == MemberRole.MEMBER
    with pytest.raises(PermissionDenied):
        access.member_for_contribution(room_observer, room.pk)
    with pytest.raises(Http404):
        access.member_for_contribution(room_outsider, room.pk)
    stored = Message.objects.filter(room=room).order_by("seq").values_list("sender_id", "seq")
    assert list(stored) == [(room_owner.pk, 1), (room_member.pk, 2)]


def test_a_member_deactivated_meanwhile_can_no_longer_send(room, room_member):
    type(room_member).objects.filter(pk=room_member.pk).update(is_active=False)
    # The sender's user object was loaded before the deactivation: the database decides.
    (result,) = messages_store([_send(room_member, room)])
    assert isinstance(result, Http404)
    assert not Message.objects.filter(room=room).exists()


def test_the_batched_rule_answers_for_many_rooms_and_people_in_one_query(
    room, other_room, room_owner, room_member, room_observer, room_outsider
):
    people = [room_owner, room_member, room_observer, room_outsider]
    unknown_room = other_room.pk + 1000
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        writers = access.rooms_locked_for_writing(
            [room.pk, other_room.pk, unknown_room], [user.pk for user in people]
        )
    assert len(queries) == 1 and "FOR UPDATE" in queries[0]["sql"]
    assert set(writers.rooms) == {room.pk, other_room.pk}
    assert writers.refusal(room.pk, room_owner.pk) is None
    assert writers.refusal(room.pk, room_member.pk) is None
    assert isinstance(writers.refusal(room.pk, room_observer.pk), PermissionDenied)
    assert isinstance(writers.refusal(room.pk, room_outsider.pk), Http404)
    assert writers.refusal(other_room.pk, room_outsider.pk) is None
    assert isinstance(writers.refusal(other_room.pk, room_owner.pk), Http404)
    assert isinstance(writers.refusal(unknown_room, room_owner.pk), Http404)


def test_the_send_path_checks_access_and_locks_rooms_in_one_query_for_any_batch(
    room_owner, room_member
):
    rooms = [
        room_create(
            name=f"Retrofit line {n}",
            created_by=room_owner,
            members=[(room_member, MemberRole.MEMBER)],
        )
        for n in range(4)
    ]

    def statements(batch):
        with CaptureQueriesContext(connection) as queries:
            results = messages_store([_send(room_member, room) for room in batch])
        assert all(isinstance(result, SendResult) for result in results)
        return [query["sql"] for query in queries]

    one_room, four_rooms = statements(rooms[:1]), statements(rooms)
    assert len(one_room) == len(four_rooms)
    locking = [sql for sql in four_rooms if "FOR UPDATE" in sql]
    assert len(locking) == 1 and "collab_roommember" in locking[0]
    assert Message.objects.filter(room__in=rooms, sender=room_member).count() == 5
