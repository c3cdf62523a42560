"""Threads and their resolved state."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from collab.models import Room, Thread
from collab.payloads import thread_data
from collab.services.feed import change_announce


def thread_create(*, actor: Any, room: Room, title: str) -> Thread:
    """Start a discussion thread; chat messages can then be posted in it."""
    with transaction.atomic():
        thread = Thread(room=room, title=title, created_by=actor)
        thread.full_clean()
        thread.save()
        change_announce(
            room=room,
            actor=actor,
            verb="thread.created",
            data={"title": title},
            events=[{"type": "thread.saved", "room": room.pk, "thread": thread_data(thread)}],
        )
    return thread


def thread_set_resolved(*, actor: Any, thread: Thread, resolved: bool) -> Thread:
    """Mark a thread resolved, or reopen it."""
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        if thread.resolved != resolved:
            thread.resolved_at = timezone.now() if resolved else None
            thread.resolved_by = actor if resolved else None
            thread.save(update_fields=["resolved_at", "resolved_by"])
            change_announce(
                room=thread.room,
                actor=actor,
                verb="thread.resolved" if resolved else "thread.reopened",
                data={"title": thread.title},
                events=[
                    {"type": "thread.saved", "room": thread.room_id, "thread": thread_data(thread)}
                ],
            )
    return thread
