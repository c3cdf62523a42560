"""Who may see or change what in a project room — the one place that answers it.

API views, page views and the chat websocket consumer call these helpers. Each fetches and
decides in one call. A room is confidential: to anyone who is not a member it does not exist
(Http404); a member who may see but not change something gets PermissionDenied.

Roles: owners manage the room and its members; members work in it (chat, board, milestones,
files, threads); observers read everything and write nothing but their own read pointers.
"""

from __future__ import annotations

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


def membership(user: Any, room_id: Any) -> RoomMember:
    """The user's membership of the room, with the room loaded; Http404 for everybody else."""
    if not _active(user):
        raise Http404
    try:
        return RoomMember.objects.select_related("room").get(room_id=int(room_id), user=user)
    except (RoomMember.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def member_for_contribution(user: Any, room_id: Any) -> RoomMember:
    """Owners and members may write; observers only read."""
    member = membership(user, room_id)
    if member.can_contribute:
        return member
    raise PermissionDenied


def room_for_contribution(user: Any, room_id: Any) -> Room:
    return member_for_contribution(user, room_id).room


def room_for_management(user: Any, room_id: Any) -> Room:
    """Settings, members and invitations: owners only."""
    member = membership(user, room_id)
    if member.role == MemberRole.OWNER:
        return member.room
    raise PermissionDenied


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
