"""Files shared in a room. Stored under MEDIA_ROOT (outside the web root) with a random name;
downloaded only through an access-checked view."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def room_file_path(instance: Any, filename: str) -> str:
    # The original name is kept in a column, never in the path.
    return f"rooms/{instance.room_id}/{uuid.uuid4().hex}"


class RoomFile(models.Model):
    room = models.ForeignKey("collab.Room", on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=room_file_path, max_length=200)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["room_id", "-created_at", "-id"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.name
