"""Which uploaded files we accept and how we serve them back, decided by their content rather
than their name or the type the uploader declared. Every upload (room files, proposal
attachments) passes `detect_content_type` and stores the type it returns; every download goes
through `protected_download`, so a file can never run as a page of our site: it is sent as an
attachment of its detected type, not sniffed, sandboxed and not cached.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import IO

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 25 * 1024 * 1024
SNIFF_BYTES = 8192

_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
]
_OFFICE = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ODF = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
_TEXT_BY_EXTENSION = {
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".json": "application/json",
    # CAD exchange formats, text in their common forms (STEP is ISO 10303-21 "clear text").
    ".step": "model/step",
    ".stp": "model/step",
    ".stl": "model/stl",
    ".dxf": "image/vnd.dxf",
}
# A name that promises one of these types must deliver it.
_EXPECTED_BY_EXTENSION = {
    ".pdf": {"application/pdf"},
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".gif": {"image/gif"},
    ".webp": {"image/webp"},
    ".docx": {_OFFICE["word/"]},
    ".xlsx": {_OFFICE["xl/"]},
    ".pptx": {_OFFICE["ppt/"]},
    ".odt": {"application/vnd.oasis.opendocument.text"},
    ".ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    ".odp": {"application/vnd.oasis.opendocument.presentation"},
}


def _zip_type(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared in _ODF:
                    return declared
            if "[Content_Types].xml" in names:
                for prefix, content_type in _OFFICE.items():
                    if any(name.startswith(prefix) for name in names):
                        return content_type
            return "application/zip"
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return None


def _text_type(head: bytes, name: str) -> str | None:
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off by the sniffing window is still text.
        if exc.start < len(head) - 4:
            return None
    return _TEXT_BY_EXTENSION.get(PurePath(name).suffix.lower(), "text/plain")


def _binary_stl(stream: IO[bytes], head: bytes, name: str) -> str | None:
    """A binary STL: an 80-byte header, a triangle count, then 50 bytes per triangle."""
    if PurePath(name).suffix.lower() != ".stl" or len(head) < 84:
        return None
    size = stream.seek(0, 2)
    stream.seek(0)
    triangles = int.from_bytes(head[80:84], "little")
    return "model/stl" if size == 84 + 50 * triangles else None


def detect_content_type(stream: IO[bytes], name: str) -> str:
    """The type of an uploaded file from its first bytes (and, for zip containers, its
    directory). Raises ValidationError for a type we do not accept or a name that lies."""
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    content_type: str | None = None
    for signature, candidate in _SIGNATURES:
        if head.startswith(signature):
            content_type = candidate
            break
    if content_type is None and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        content_type = "image/webp"
    if content_type is None and head.startswith(b"PK\x03\x04"):
        content_type = _zip_type(stream)
        stream.seek(0)
    if content_type is None and head:
        content_type = _text_type(head, name) or _binary_stl(stream, head, name)
    if content_type is None:
        raise ValidationError(
            {
                "file": _(
                    "This type of file is not accepted. "
                    "Use PDF, images, office documents, zip or text."
                )
            }
        )
    expected = _EXPECTED_BY_EXTENSION.get(PurePath(name).suffix.lower())
    if expected is not None and content_type not in expected:
        raise ValidationError({"file": _("The content of this file does not match its name.")})
    return content_type


def protected_download(handle: IO[bytes], *, name: str, content_type: str) -> FileResponse:
    """An uploaded file as a download: its stored (detected) type, never sniffed by the
    browser, sandboxed if opened anyway (no script, no same-origin access), and kept out of
    shared caches and the browser's cache."""
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
