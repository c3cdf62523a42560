"""POST/GET/DELETE /api/v1/proposals/{id}/attachments/…: files outside the web root, served
through the access check."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.models import ProposalAttachment
from marketplace.services import proposals as services

pytestmark = pytest.mark.django_db


def upload(api, user, proposal, name="plan.pdf", content=b"%PDF-1.4 plan"):
    return api(user).post(
        f"/api/v1/proposals/{proposal.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_author_uploads_and_owner_downloads(api, submitter, owner, proposal):
    response = upload(api, submitter, proposal)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    download = api(owner).get(f"/api/v1/proposals/{proposal.pk}/attachments/{pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"
    listed = api(submitter).get(f"/api/v1/proposals/{proposal.pk}/").json()["attachments"]
    assert [a["name"] for a in listed] == ["plan.pdf"]


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_others_get_404(api, people, submitter, proposal, who):
    pk = upload(api, submitter, proposal).json()["id"]
    assert (
        api(people[who]).get(f"/api/v1/proposals/{proposal.pk}/attachments/{pk}/").status_code
        == 404
    )
    assert upload(api, people[who], proposal).status_code == 404


def test_bad_files_are_refused(api, submitter, proposal, monkeypatch):
    assert upload(api, submitter, proposal, name="run.exe").status_code == 400
    monkeypatch.setattr(services, "MAX_ATTACHMENT_BYTES", 5)
    assert upload(api, submitter, proposal).status_code == 400
    assert not ProposalAttachment.objects.exists()


def test_author_deletes_a_file(api, submitter, proposal):
    pk = upload(api, submitter, proposal).json()["id"]
    assert (
        api(submitter).delete(f"/api/v1/proposals/{proposal.pk}/attachments/{pk}/").status_code
        == 204
    )
    assert not ProposalAttachment.objects.exists()


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "declared", "content", "message"),
    [
        (
            "plan.pdf",
            "text/html",
            b"<html><script>alert(document.cookie)</script></html>",
            "does not match its name",
        ),
        ("report.pdf", "application/pdf", EXECUTABLE, "not accepted"),
        ("notes.txt", "text/plain", EXECUTABLE, "not accepted"),
    ],
)
def test_a_file_whose_content_is_not_what_it_claims_is_refused(
    api, submitter, proposal, name, declared, content, message
):
    response = api(submitter).post(
        f"/api/v1/proposals/{proposal.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content, content_type=declared)},
        format="multipart",
    )
    assert response.status_code == 400
    assert message in response.json()["file"][0]
    assert not ProposalAttachment.objects.exists()


def test_the_stored_type_comes_from_the_content_not_the_uploader(api, submitter, owner, proposal):
    response = api(submitter).post(
        f"/api/v1/proposals/{proposal.pk}/attachments/",
        {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="text/html")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert ProposalAttachment.objects.get().content_type == "application/pdf"
    download = api(owner).get(
        f"/api/v1/proposals/{proposal.pk}/attachments/{response.json()['id']}/"
    )
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Security-Policy"] == "sandbox"
    assert download["Cache-Control"] == "private, no-store"
    assert download["X-Content-Type-Options"] == "nosniff"
    # The bytes as uploaded (reading them to the end also closes the file).
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"


def test_a_text_file_is_served_as_plain_text(api, submitter, owner, proposal):
    response = api(submitter).post(
        f"/api/v1/proposals/{proposal.pk}/attachments/",
        {"file": SimpleUploadedFile("notes.txt", b"<b>hi</b>", content_type="text/html")},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    download = api(owner).get(
        f"/api/v1/proposals/{proposal.pk}/attachments/{response.json()['id']}/"
    )
    assert download["Content-Type"].startswith("text/plain")
    assert download["Content-Security-Policy"] == "sandbox"
    assert b"".join(download.streaming_content) == b"<b>hi</b>"
