"""Who may see or change what in a project room — the one place that answers it.

API views, page views and the chat websocket consumer call these helpers. Each fetches and
decides in one call. A room is confidential: to anyone who is not a member it does not exist
(Http404); a member who may see but not change something gets PermissionDenied.

Roles: owners manage the room and its members; members work in it (chat, board, milestones,
files, threads); observers read everything and write nothing but their own read pointers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from collab.models import MemberRole, Room, RoomFile, RoomMember


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(user.is_active)


def rooms_visible_to(user: Any) -> QuerySet[Room]:
    """Rooms the user is a member of (none for visitors and deactivated accounts)."""
    return Room.objects.visible_to(user)


# Ids are 64-bit signed integers in the database. A larger number in a URL names no room, and
# SQLite (the embedded default) cannot even compare it (OverflowError): refused before asking.
MAX_ID = 2**63 - 1


def membership(user: Any, room_id: Any) -> RoomMember:
    """The user's membership of the room, with the room loaded; Http404 for everybody else."""
    if not _active(user):
        raise Http404
    try:
        pk = int(room_id)
        if not 0 < pk <= MAX_ID:
            raise Http404
        return RoomMember.objects.select_related("room").get(room_id=pk, user=user)
    except (RoomMember.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _write_refusal(member: RoomMember | None) -> Http404 | PermissionDenied | None:
    """The room-write rule, for one and for many: owners and members may write; observers only
    read (PermissionDenied); to anyone else the room does not exist (Http404)."""
    if member is None:
        return Http404()
    if not member.can_contribute:
        return PermissionDenied()
    return None


def contributor(member: RoomMember) -> RoomMember:
    """``member``, when they may write: owners and members; observers only read."""
    refusal = _write_refusal(member)
    if refusal is not None:
        raise refusal
    return member


def member_for_contribution(user: Any, room_id: Any) -> RoomMember:
    """Owners and members may write; observers only read."""
    return contributor(membership(user, room_id))


def room_for_contribution(user: Any, room_id: Any) -> Room:
    return member_for_contribution(user, room_id).room


def managed_room(member: RoomMember) -> Room:
    """The member's room, when they may manage it (settings, members, invitations): owners."""
    if member.role == MemberRole.OWNER:
        return member.room
    raise PermissionDenied


def room_for_management(user: Any, room_id: Any) -> Room:
    """Settings, members and invitations: owners only."""
    return managed_room(membership(user, room_id))


def file_for_removal(user: Any, room_id: Any, file_id: Any) -> RoomFile:
    """Removing a file: whoever uploaded it and the room's owners, as for a message (its
    sender or an owner). Other contributors see it but may not remove it (403)."""
    member = member_for_contribution(user, room_id)
    try:
        room_file = RoomFile.objects.select_related("room").get(
            pk=int(file_id), room_id=member.room_id
        )
    except (RoomFile.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if room_file.uploaded_by_id == user.pk or member.role == MemberRole.OWNER:
        return room_file
    raise PermissionDenied


def active_memberships(pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """Of the given (room id, user id) pairs, those that still grant access to the room.

    The websocket watchdog calls this once a second for every connection of a process, so it
    is one query whatever the number of pairs.
    """
    if not pairs:
        return set()
    rooms = {room for room, _ in pairs}
    users = {user for _, user in pairs}
    rows = RoomMember.objects.filter(
        room_id__in=rooms, user_id__in=users, user__is_active=True
    ).values_list("room_id", "user_id")
    return {pair for pair in rows if pair in pairs}


@dataclass(frozen=True)
class RoomWriters:
    """Who may write in which of a batch's rooms: the answer of `rooms_locked_for_writing`.
    `rooms` holds the rooms in which at least one of the asked users is a member, loaded with
    their row lock (and `last_seq`) for the caller's transaction."""

    rooms: dict[int, Room]
    members: dict[tuple[int, int], RoomMember]

    def refusal(self, room_id: int, user_id: int) -> Http404 | PermissionDenied | None:
        """None when the user may write in the room; otherwise the exception that refuses it
        (Http404 for outsiders and unknown rooms, PermissionDenied for observers)."""
        return _write_refusal(self.members.get((room_id, user_id)))


def rooms_locked_for_writing(room_ids: Iterable[int], user_ids: Iterable[int]) -> RoomWriters:
    """The batched form of `member_for_contribution`, for the chat send path: the active
    memberships of `user_ids` in `room_ids`, with those rooms' rows locked (FOR UPDATE, in id
    order, so that batches of different processes cannot deadlock). Call it inside the
    transaction that writes; it is one query whatever the number of rooms and users, because
    the send path stores many rooms' messages per batch. The callers checked that the users
    are signed in and active."""
    found = (
        RoomMember.objects.select_related("room")
        .select_for_update(of=("room",))
        .filter(room_id__in=set(room_ids), user_id__in=set(user_ids), user__is_active=True)
        .only("user_id", "role", "room__id", "room__last_seq")
        .order_by("room_id")
    )
    rooms: dict[int, Room] = {}
    members: dict[tuple[int, int], RoomMember] = {}
    for member in found:
        rooms.setdefault(member.room_id, member.room)
        members[(member.room_id, member.user_id)] = member
    return RoomWriters(rooms, members)
