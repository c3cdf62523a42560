"""Chat messages, mentions, read pointers and live connections (presence)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    room = models.ForeignKey("collab.Room", on_delete=models.CASCADE, related_name="messages")
    # 1, 2, 3… per room with no gaps: taken from Room.last_seq under its row lock.
    seq = models.PositiveBigIntegerField()
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="room_messages",
    )
    # Chosen by the client; a retried send with the same id returns the original ack.
    client_id = models.UUIDField()
    thread = models.ForeignKey(
        "collab.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["room_id", "seq"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="message_seq_unique_per_room"),
            models.UniqueConstraint(
                fields=["room", "sender", "client_id"], name="message_client_id_once"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} in room {self.room_id}"

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


class Mention(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="room_mentions"
    )
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="one_mention_per_message")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.message}"


class ReadPointer(models.Model):
    """The last message a member has read, in the room as a whole (thread empty) or in one
    thread. Only ever moves forward."""

    room = models.ForeignKey("collab.Room", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        "collab.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    seq = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("read pointer")
        verbose_name_plural = _("read pointers")
        constraints = [
            models.UniqueConstraint(
                fields=["room", "user"], condition=Q(thread__isnull=True), name="one_room_pointer"
            ),
            models.UniqueConstraint(
                fields=["room", "user", "thread"],
                condition=Q(thread__isnull=False),
                name="one_thread_pointer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.room_id} up to {self.seq}"


class Presence(models.Model):
    """One open websocket. Rows of a process that died fall out by their last_seen."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    room = models.ForeignKey("collab.Room", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    connected_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presence")
        indexes = [models.Index(fields=["room", "user", "last_seen"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.room_id}"
