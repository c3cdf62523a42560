"""GDPR exports include the challenge-marketplace data of the person or organisation."""

import pytest

from marketplace.services.privacy import organisation_export, person_export
from tests.marketplace.challenges.factories import accept_nda, make_proposal

pytestmark = pytest.mark.django_db


def test_person_export_has_their_proposals_and_ndas(api, challenge, submitter, proposal):
    accept_nda(submitter, challenge)
    data = api(submitter).get("/api/v1/people/me/export/").json()["challenge_marketplace"]
    assert [p["title"] for p in data["proposals"]] == [proposal.title]
    assert data["proposals"][0]["receipt_code"] == proposal.receipt_code
    assert [a["terms"] for a in data["nda_acceptances"]] == ["v1"]
    assert data["notifications"]


def test_organisation_export_has_its_challenges_and_proposals(challenge, submitter_and_org):
    user, org = submitter_and_org
    make_proposal(user, challenge, kind="organisation", organisation=org, title="Org proposal")
    own = organisation_export(organisation=challenge.organisation)["challenge_marketplace"]
    assert own["challenges"][0]["confidential_detail"] == challenge.confidential_detail
    theirs = organisation_export(organisation=org)["challenge_marketplace"]
    assert [p["title"] for p in theirs["proposals"]] == ["Org proposal"]
    assert theirs["challenges"] == []


def test_judges_private_notes_are_in_their_own_export_only(owner, challenge, judge, proposal):
    from marketplace.services.judging import assignments_bulk, evaluation_save

    assignments_bulk(challenge=challenge, per_proposal=1)
    evaluation_save(assignment=proposal.assignments.get(), scores=[], private_note="My note")
    assert "My note" in str(person_export(user=judge))
    assert "My note" not in str(person_export(user=owner))
    assert "My note" not in str(organisation_export(organisation=challenge.organisation))
