"""Read state: a last-read pointer per member, for the room and for each thread."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chat import events
from chat.models import ReadPointer
from chat.realtime import broadcast_on_commit
from collab import access
from collab.models import Thread


def read_mark(*, user: Any, room_id: Any, seq: Any, thread_id: Any = None) -> ReadPointer:
    """Move the member's pointer forward to `seq` (never back; capped at the last message).
    Observers have read state too."""
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ValidationError({"seq": _("Use a message sequence number.")})
    with transaction.atomic():
        member = access.membership(user, room_id)
        room = member.room
        if thread_id is not None and not Thread.objects.filter(pk=thread_id, room=room).exists():
            raise ValidationError({"thread": _("Choose a thread of this room.")})
        pointer, _created = ReadPointer.objects.select_for_update().get_or_create(
            room=room, user=user, thread_id=thread_id
        )
        seq = min(seq, room.last_seq)
        if seq > pointer.seq:
            pointer.seq = seq
            pointer.save(update_fields=["seq", "updated_at"])
            broadcast_on_commit(room.group_name, events.read_updated(room.pk, user, thread_id, seq))
    return pointer


def read_pointers(*, user: Any, room_id: Any) -> list[ReadPointer]:
    member = access.membership(user, room_id)
    return list(ReadPointer.objects.filter(room_id=member.room_id, user=user).order_by("id"))
