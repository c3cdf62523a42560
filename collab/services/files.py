"""Sharing files in a room."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from collab.models import Room, RoomFile
from collab.payloads import file_data
from collab.services.feed import change_announce
from marketplace import filetypes


def _clean_name(name: str) -> str:
    base = PurePath(name.replace("\\", "/")).name.strip().replace("\x00", "")
    return base[:255] or "file"


def file_upload(*, actor: Any, room: Room, upload: UploadedFile) -> RoomFile:
    """Store an uploaded file for the room after checking its size and, by content, its type."""
    size = upload.size or 0
    if size > filetypes.MAX_FILE_BYTES:
        raise ValidationError(
            {
                "file": _("Files can be at most %(size)s.")
                % {"size": filesizeformat(filetypes.MAX_FILE_BYTES)}
            }
        )
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    name = _clean_name(upload.name or "")
    content_type = filetypes.detect_content_type(upload, name)
    with transaction.atomic():
        room_file = RoomFile(
            room=room, name=name, size=size, content_type=content_type, uploaded_by=actor
        )
        room_file.file.save(name, upload, save=False)
        storage, path = room_file.file.storage, room_file.file.name
        # The bytes are on disk before the row commits; take them away again on failure.
        try:
            room_file.save()
            change_announce(
                room=room,
                actor=actor,
                verb="file.added",
                data={"title": name},
                events=[{"type": "file.added", "room": room.pk, "file": file_data(room_file)}],
            )
        except Exception:
            storage.delete(str(path))
            raise
    return room_file


def file_delete(*, actor: Any, room_file: RoomFile) -> None:
    """Delete a file; the bytes go once the deletion has committed."""
    with transaction.atomic():
        storage, path, pk, name = (
            room_file.file.storage,
            room_file.file.name,
            room_file.pk,
            room_file.name,
        )
        room_file.delete()
        change_announce(
            room=room_file.room,
            actor=actor,
            verb="file.deleted",
            data={"title": name},
            events=[{"type": "file.deleted", "room": room_file.room_id, "id": pk}],
        )
        transaction.on_commit(lambda: storage.delete(str(path)))
