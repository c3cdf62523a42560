"""Files: size limit, type by content, stored outside the web root, downloaded only through
the access check and always as an attachment."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collab.models import RoomFile
from marketplace import filetypes

pytestmark = pytest.mark.django_db


def _upload(client, room, name, content):
    return client.post(
        f"/api/v1/rooms/{room.pk}/files/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_accepted_files_are_typed_by_content_and_stored_outside_the_web_root(
    room, room_member, api, media, settings
):
    client = api(room_member)
    cases = [
        ("plan.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("photo", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
        ("notes.csv", "a;b\nçà;1\n".encode(), "text/csv"),
        ("offer.docx", _docx(), filetypes._OFFICE["word/"]),
    ]
    for name, content, content_type in cases:
        response = _upload(client, room, name, content)
        assert response.status_code == 201, response.json()
        assert response.json()["content_type"] == content_type
    stored = RoomFile.objects.first()
    assert str(settings.MEDIA_ROOT) in stored.file.path
    assert stored.name not in stored.file.name  # random storage name


def test_rejected_files(room, room_member, api, media, monkeypatch):
    client = api(room_member)
    assert _upload(client, room, "tool.exe", b"MZ\x90\x00\x03" + b"\x00" * 50).status_code == 400
    assert _upload(client, room, "report.pdf", b"\x89PNG\r\n\x1a\n....").status_code == 400
    assert _upload(client, room, "empty.txt", b"").status_code == 400
    monkeypatch.setattr(filetypes, "MAX_FILE_BYTES", 10)
    response = _upload(client, room, "big.txt", b"x" * 11)
    assert response.status_code == 400 and "file" in response.json()
    assert RoomFile.objects.count() == 0


def test_download_goes_through_the_access_check_as_an_attachment(
    room, room_member, room_observer, room_outsider, api, media
):
    created = _upload(api(room_member), room, "pl<an>.pdf", b"%PDF-1.7\nsecret").json()
    url = created["download_url"]
    response = api(room_observer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.7\nsecret"
    assert api(room_outsider).get(url).status_code == 404
    assert api(None).get(url).status_code in (401, 403)
    assert (
        api(room_observer).delete(f"/api/v1/rooms/{room.pk}/files/{created['id']}/").status_code
        == 403
    )
    assert (
        api(room_member).delete(f"/api/v1/rooms/{room.pk}/files/{created['id']}/").status_code
        == 204
    )


def test_a_file_reads_as_the_schema_describes_it(room, room_member, api, media):
    """The documented answer (OpenAPI ``File``) is what a client gets: its facts and the
    download address, never the upload field ``file``."""
    from drf_spectacular.generators import SchemaGenerator

    client = api(room_member)
    created = _upload(client, room, "plan.pdf", b"%PDF-1.7\n...").json()
    shown = client.get(f"/api/v1/rooms/{room.pk}/files/{created['id']}/").json()
    full = SchemaGenerator().get_schema(request=None, public=True)
    schema = full["components"]["schemas"]
    documented = schema["File"]
    download = full["paths"]["/api/v1/rooms/{room_pk}/files/{id}/download/"]["get"]
    assert download["responses"]["200"]["content"] == {
        "*/*": {"schema": {"type": "string", "format": "binary"}}
    }
    assert set(documented["properties"]) == set(shown) == set(created)
    assert set(documented["required"]) <= set(shown)
    assert "file" in schema["FileRequest"]["properties"]
    assert shown["uploaded_by"] == {"id": room_member.pk, "name": room_member.display_name}
