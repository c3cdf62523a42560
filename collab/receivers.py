"""Rooms created when something elsewhere in the marketplace is agreed.

marketplace must not import collab (DESIGN.md: collab → marketplace), so marketplace sends a
signal and collab, connected at app-ready time, creates the room and answers with its id.
"""

from __future__ import annotations

from typing import Any

from collab.services.rooms import room_create


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
