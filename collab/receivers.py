"""Rooms created when something elsewhere in the marketplace is agreed.

marketplace must not import collab (DESIGN.md: collab → marketplace), so marketplace sends a
signal and collab, connected at app-ready time, creates the room and answers with its id.
"""

from __future__ import annotations

from typing import Any

from collab.models import Room, RoomMember
from collab.services.rooms import member_remove, room_create


def team_room_create(
    sender: Any,
    *,
    team: Any,
    name: str,
    description: str,
    created_by: Any,
    members: list[Any],
    educators: list[Any],
    **kwargs: Any,
) -> int:
    """A published student team gets its room: students as members, educators as owners."""
    room = room_create(
        name=name,
        created_by=created_by,
        members=[(user, "member") for user in members]
        + [(educator, "owner") for educator in educators if educator.pk != created_by.pk],
        source_kind="team",
        source_id=team.pk,
        description=description,
    )
    return int(room.pk)


def award_room_create(sender: Any, *, award: Any, actor: Any, **kwargs: Any) -> int:
    """An awarded challenge gets a room: the awarding owner and the winning proposal's author
    (and the members of the winning organisation) work on in it."""
    proposal = award.proposal
    challenge = award.place.challenge
    members = [(proposal.created_by, "member")] if proposal.created_by else []
    if proposal.organisation_id:
        members += [
            (membership.user, "member")
            for membership in proposal.organisation.memberships.select_related("user")
        ]
    room = room_create(
        name=f"{challenge.title} — {award.place.title}"[:200],
        created_by=actor,
        members=[(user, role) for user, role in members if user.pk != actor.pk],
        source_kind="award",
        source_id=award.pk,
        description=challenge.summary[:500],
    )
    return int(room.pk)


def challenge_access_revoke(sender: Any, *, challenge: Any, user: Any, **kwargs: Any) -> None:
    """A withdrawn NDA also ends the user's place in the challenge's award rooms (their open
    sockets close right after commit)."""
    award_ids = [
        str(pk) for pk in challenge.award_places.values_list("awards__pk", flat=True) if pk
    ]
    rooms = Room.objects.filter(source_kind="award", source_id__in=award_ids)
    for member in RoomMember.objects.filter(room__in=rooms, user=user).select_related("room"):
        member_remove(actor=None, member=member)
