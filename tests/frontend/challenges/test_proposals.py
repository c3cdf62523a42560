"""Proposal pages: start a draft, edit, attach files, submit with a receipt, new versions,
withdraw before the deadline; who sees which proposal; "my proposals" and the owner's list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.models import Proposal, ProposalAttachment
from marketplace.models.proposals import ProposalStatus
from tests.factories import UserFactory
from tests.frontend.challenges.conftest import ROLES
from tests.marketplace.challenges.factories import make_proposal, pass_deadline, solver

pytestmark = pytest.mark.django_db


def _answers(challenge):
    return {f"answer_{c.key}": f"Our answer on {c.label}." for c in challenge.criteria.all()}


def test_submitter_drafts_submits_gets_a_receipt_and_a_new_version(
    client_for, page, submitter, challenge
):
    client = client_for(submitter)
    form_page = page(submitter, f"/en/challenges/{challenge.pk}/proposals/new/").content.decode()
    for criterion in challenge.criteria.all():
        assert criterion.prompt in form_page  # the form asks each rubric question
    response = client.post(
        f"/en/challenges/{challenge.pk}/proposals/new/",
        {
            "kind": "person",
            "title": "Mobile cell",
            "summary": "We bring a cell.",
            **_answers(challenge),
        },
    )
    proposal = Proposal.objects.get(title="Mobile cell")
    assert response["Location"] == f"/en/proposals/{proposal.pk}/"
    assert proposal.status == ProposalStatus.DRAFT

    response = client.post(f"/en/proposals/{proposal.pk}/submit/")
    assert response["Location"] == f"/en/proposals/{proposal.pk}/receipt/"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    receipt = page(submitter, f"/en/proposals/{proposal.pk}/receipt/").content.decode()
    assert proposal.receipt_code in receipt

    response = client.post(
        f"/en/proposals/{proposal.pk}/edit/",
        {"title": "Mobile cell v2", "summary": "Better.", **_answers(challenge)},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.version == 2
    assert "Version 2" in page(submitter, f"/en/proposals/{proposal.pk}/").content.decode()


def test_submitting_without_answers_shows_what_is_missing(client_for, submitter, challenge):
    proposal = make_proposal(submitter, challenge, submit=False, answers={})
    response = client_for(submitter).post(f"/en/proposals/{proposal.pk}/submit/", follow=True)
    assert "Answer every question" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_owner_cannot_answer_own_challenge(client_for, owner, challenge):
    response = client_for(owner).post(
        f"/en/challenges/{challenge.pk}/proposals/new/",
        {"kind": "person", "title": "Self", "summary": "Me."},
    )
    assert response.status_code == 400
    assert "You cannot answer a challenge of your own organisation." in response.content.decode()
    assert not Proposal.objects.exists()


def test_team_proposal_with_unknown_address_is_a_form_error(client_for, submitter, challenge):
    response = client_for(submitter).post(
        f"/en/challenges/{challenge.pk}/proposals/new/",
        {"kind": "team", "title": "T", "summary": "S", "team": "nobody@example.invalid"},
    )
    assert response.status_code == 400
    assert "No Kruispunt account uses" in response.content.decode()


def test_team_proposal(client_for, submitter, challenge):
    mate = UserFactory()
    response = client_for(submitter).post(
        f"/en/challenges/{challenge.pk}/proposals/new/",
        {"kind": "team", "title": "Team", "summary": "S", "team": mate.email},
    )
    assert response.status_code == 302
    assert Proposal.objects.get(title="Team").team_members.filter(user=mate).exists()


def test_proposal_after_the_deadline_is_refused(client_for, submitter, challenge):
    pass_deadline(challenge)
    response = client_for(submitter).post(
        f"/en/challenges/{challenge.pk}/proposals/new/",
        {"kind": "person", "title": "Late", "summary": "Late."},
    )
    assert response.status_code == 400
    assert not Proposal.objects.exists()


def test_withdraw_before_the_deadline(client_for, page, submitter, proposal):
    assert (
        "Withdraw your proposal?"
        in page(submitter, f"/en/proposals/{proposal.pk}/withdraw/").content.decode()
    )
    client_for(submitter).post(f"/en/proposals/{proposal.pk}/withdraw/")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN


def test_withdraw_after_the_deadline_is_refused(client_for, submitter, proposal):
    pass_deadline(proposal.challenge)
    response = client_for(submitter).post(f"/en/proposals/{proposal.pk}/withdraw/", follow=True)
    assert "can no longer be withdrawn" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_attachments_upload_download_delete(client_for, submitter, owner, outsider, proposal):
    client = client_for(submitter)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    client.post(f"/en/proposals/{proposal.pk}/attachments/", {"file": upload})
    attachment = ProposalAttachment.objects.get(proposal=proposal)
    url = f"/en/proposals/{proposal.pk}/attachments/{attachment.pk}/"
    assert b"".join(client_for(owner).get(url).streaming_content) == b"%PDF-1.4 plan"
    assert client_for(outsider).get(url).status_code == 404
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(f"/en/proposals/{proposal.pk}/attachments/", {"file": bad}, follow=True)
    assert "This file type is not accepted." in response.content.decode()
    client.post(url + "delete/")
    assert not ProposalAttachment.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("judge", 404),
        ("submitter", 200),
        ("member", 404),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_who_sees_a_proposal(page, people, proposal, role, expected):
    assert page(people[role], f"/en/proposals/{proposal.pk}/").status_code == expected


def test_assigned_judge_sees_the_proposal(page, owner, judge, proposal):
    from marketplace.services import judging

    judging.assignments_bulk(challenge=proposal.challenge, per_proposal=1)
    assert page(judge, f"/en/proposals/{proposal.pk}/").status_code == 200


def test_receipt_code_only_for_the_author(page, owner, submitter, proposal):
    assert (
        proposal.receipt_code in page(submitter, f"/en/proposals/{proposal.pk}/").content.decode()
    )
    assert (
        proposal.receipt_code not in page(owner, f"/en/proposals/{proposal.pk}/").content.decode()
    )


def test_draft_is_invisible_to_the_owner(page, owner, submitter, challenge):
    draft = make_proposal(submitter, challenge, submit=False)
    assert page(owner, f"/en/proposals/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["owner", "member", "outsider"])
def test_only_authors_change_a_proposal(client_for, people, proposal, role):
    client = client_for(people[role])
    response = client.post(f"/en/proposals/{proposal.pk}/withdraw/")
    assert response.status_code in {403, 404}
    assert client.get(f"/en/proposals/{proposal.pk}/edit/").status_code in {403, 404}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_my_proposals(page, people, proposal, role):
    response = page(people[role], "/en/proposals/")
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert (proposal.title in response.content.decode()) == (role == "submitter")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("owner", 200),
        ("judge", 403),
        ("submitter", 403),
        ("member", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_owners_list_of_proposals(page, people, proposal, role, expected):
    response = page(people[role], f"/en/challenges/{proposal.challenge_id}/proposals/")
    assert response.status_code == expected
    if expected == 200:
        assert proposal.title in response.content.decode()
        assert "still waits for feedback" in response.content.decode()


def test_lists_run_a_constant_number_of_queries(
    client_for, owner, challenge, django_assert_max_num_queries
):
    user, _org = solver("First")
    make_proposal(user, challenge)
    owner_client = client_for(owner)
    mine = client_for(user)
    with django_assert_max_num_queries(20) as few_owner:
        owner_client.get(f"/en/challenges/{challenge.pk}/proposals/")
    with django_assert_max_num_queries(20) as few_mine:
        mine.get("/en/proposals/")
    for n in range(8):
        other, _ = solver(f"Solver {n}")
        make_proposal(other, challenge)
        make_proposal(user, challenge, title=f"Another {n}")
    with django_assert_max_num_queries(len(few_owner.captured_queries)):
        owner_client.get(f"/en/challenges/{challenge.pk}/proposals/")
    with django_assert_max_num_queries(len(few_mine.captured_queries)):
        mine.get("/en/proposals/")
