"""Milestones and deliverables."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from collab.models import Deliverable, Milestone, Room, RoomFile
from collab.payloads import deliverable_data, milestone_data
from collab.services.feed import change_announce

MILESTONE_FIELDS = {"title", "description", "due_date", "status", "position"}
DELIVERABLE_FIELDS = {"title", "due_date", "status", "file"}


def _apply(obj: Any, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    for key, value in fields.items():
        setattr(obj, key, value)
    obj.full_clean()


def _announce_milestone(actor: Any, milestone: Milestone) -> None:
    milestone = Milestone.objects.prefetch_related("deliverables").get(pk=milestone.pk)
    change_announce(
        room=milestone.room,
        actor=actor,
        verb="milestone.saved",
        data={"title": milestone.title},
        events=[
            {
                "type": "milestone.saved",
                "room": milestone.room_id,
                "milestone": milestone_data(milestone),
            }
        ],
    )


def milestone_save(
    *, actor: Any, room: Room, milestone: Milestone | None = None, **fields: Any
) -> Milestone:
    """Create a milestone (without `milestone`) or change one."""
    with transaction.atomic():
        milestone = milestone or Milestone(room=room)
        _apply(milestone, fields, MILESTONE_FIELDS)
        milestone.save()
        _announce_milestone(actor, milestone)
    return milestone


def milestone_delete(*, actor: Any, milestone: Milestone) -> None:
    with transaction.atomic():
        pk, title = milestone.pk, milestone.title
        milestone.delete()
        change_announce(
            room=milestone.room,
            actor=actor,
            verb="milestone.deleted",
            data={"title": title},
            events=[{"type": "milestone.deleted", "room": milestone.room_id, "id": pk}],
        )


def deliverable_save(
    *,
    actor: Any,
    milestone: Milestone,
    deliverable: Deliverable | None = None,
    **fields: Any,
) -> Deliverable:
    """Create or change a deliverable; an attached file must belong to the same room."""
    room_file = fields.get("file")
    if isinstance(room_file, RoomFile) and room_file.room_id != milestone.room_id:
        raise ValidationError({"file": _("Choose a file of this room.")})
    with transaction.atomic():
        deliverable = deliverable or Deliverable(milestone=milestone)
        _apply(deliverable, fields, DELIVERABLE_FIELDS)
        deliverable.save()
        change_announce(
            room=milestone.room,
            actor=actor,
            verb="deliverable.saved",
            data={"title": deliverable.title},
            events=[
                {
                    "type": "deliverable.saved",
                    "room": milestone.room_id,
                    "deliverable": deliverable_data(deliverable),
                }
            ],
        )
    return deliverable


def deliverable_delete(*, actor: Any, deliverable: Deliverable) -> None:
    with transaction.atomic():
        milestone = deliverable.milestone
        pk, title = deliverable.pk, deliverable.title
        deliverable.delete()
        change_announce(
            room=milestone.room,
            actor=actor,
            verb="deliverable.deleted",
            data={"title": title},
            events=[
                {
                    "type": "deliverable.deleted",
                    "room": milestone.room_id,
                    "id": pk,
                    "milestone": milestone.pk,
                }
            ],
        )
