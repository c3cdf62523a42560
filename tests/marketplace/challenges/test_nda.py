"""The NDA gate: /api/v1/challenges/{id}/nda/ (accept), …/nda-acceptances/ (the owner's log)
and …/nda-acceptances/{id}/revoke/. The acceptance log is immutable."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.models import NdaAcceptance, NdaTerms
from marketplace.services.ndas import nda_revoke
from tests.marketplace.challenges.factories import accept_nda, make_challenge

pytestmark = pytest.mark.django_db


def nda_url(challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/nda/"


def test_accepting_the_nda_opens_the_confidential_detail(
    api, challenge, outsider, submitter_and_org
):
    user, org = submitter_and_org
    before = api(user).get(f"/api/v1/challenges/{challenge.pk}/").json()
    assert "confidential_detail" not in before
    response = api(user).post(nda_url(challenge), {"terms_version": "v1", "organisation": org.pk})
    assert response.status_code == 201, response.content
    assert response.json()["organisation_name"] == org.name
    after = api(user).get(f"/api/v1/challenges/{challenge.pk}/").json()
    assert "hourly cost" in after["confidential_detail"]
    acceptance = NdaAcceptance.objects.get()
    assert (acceptance.user, acceptance.organisation, acceptance.terms.version) == (user, org, "v1")
    assert acceptance.signer_email == user.email and acceptance.accepted_at


def test_state_and_terms_are_shown_before_accepting(api, challenge, outsider):
    data = api(outsider).get(nda_url(challenge)).json()
    assert data["state"] == "none"
    assert data["terms"]["version"] == "v1"
    assert "confidential" in data["terms"]["text_en"].lower()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"terms_version": "v0"}, "terms_version"),
        ({}, "terms_version"),
        ({"terms_version": "v1", "extra": 1}, "extra"),
    ],
)
def test_bad_acceptances_are_refused(api, challenge, outsider, body, field):
    response = api(outsider).post(nda_url(challenge), body)
    assert response.status_code == 400
    assert field in response.json()
    assert not NdaAcceptance.objects.exists()


def test_signing_for_someone_elses_organisation_is_refused(api, challenge, outsider, organisation):
    response = api(outsider).post(
        nda_url(challenge), {"terms_version": "v1", "organisation": organisation.pk}
    )
    assert response.status_code == 400
    assert not NdaAcceptance.objects.exists()


def test_duplicate_acceptance_is_a_400(api, challenge, outsider):
    assert api(outsider).post(nda_url(challenge), {"terms_version": "v1"}).status_code == 201
    again = api(outsider).post(nda_url(challenge), {"terms_version": "v1"})
    assert again.status_code == 400
    assert NdaAcceptance.objects.count() == 1


def test_anonymous_visitor_cannot_accept(api, challenge):
    assert api(None).post(nda_url(challenge), {"terms_version": "v1"}).status_code in {401, 403}


def test_invited_only_challenge_nda_is_404_for_outsiders(api, owner, organisation, outsider):
    hidden = make_challenge(owner, organisation, visibility="invited")
    assert api(outsider).post(nda_url(hidden), {"terms_version": "v1"}).status_code == 404


def test_revocation_closes_the_confidential_detail_again(api, owner, challenge, outsider):
    acceptance = accept_nda(outsider, challenge)
    revoke = f"/api/v1/challenges/{challenge.pk}/nda-acceptances/{acceptance.pk}/revoke/"
    response = api(owner).post(revoke, {"reason": "Competitor"})
    assert response.status_code == 200, response.content
    assert response.json()["revoked_at"]
    data = api(outsider).get(f"/api/v1/challenges/{challenge.pk}/").json()
    assert "confidential_detail" not in data
    assert data["my"]["nda"] == "revoked"
    assert outsider.notifications.filter(kind="nda_revoked").exists()
    # Revoked people cannot sign again by themselves, and revoking twice is a 400.
    assert api(outsider).post(nda_url(challenge), {"terms_version": "v1"}).status_code == 400
    assert api(owner).post(revoke, {}).status_code == 400


@pytest.mark.parametrize(
    ("who", "status"), [("member", 403), ("judge", 403), ("outsider", 403), ("submitter", 403)]
)
def test_only_managers_see_the_log_and_revoke(api, people, challenge, who, status):
    acceptance = accept_nda(people["submitter"], challenge)
    user = people[who]
    assert (
        api(user).get(f"/api/v1/challenges/{challenge.pk}/nda-acceptances/").status_code == status
    )
    revoke = f"/api/v1/challenges/{challenge.pk}/nda-acceptances/{acceptance.pk}/revoke/"
    assert api(user).post(revoke, {}).status_code == status
    assert not acceptance.is_revoked


def test_owner_sees_the_log(api, owner, challenge, outsider):
    accept_nda(outsider, challenge)
    log = api(owner).get(f"/api/v1/challenges/{challenge.pk}/nda-acceptances/").json()
    assert [(r["signer_email"], r["terms_version"]) for r in log] == [(outsider.email, "v1")]


def test_the_log_is_immutable(challenge, outsider):
    acceptance = accept_nda(outsider, challenge)
    acceptance.signer_email = "someone@else.example"
    with pytest.raises(ValidationError):
        acceptance.save()


def test_new_terms_version_must_be_read_again(api, challenge, outsider):
    NdaTerms.objects.update(is_current=False)
    NdaTerms.objects.create(version="v2", text_nl="x", text_en="x", text_fr="x")
    assert api(outsider).post(nda_url(challenge), {"terms_version": "v1"}).status_code == 400
    assert api(outsider).post(nda_url(challenge), {"terms_version": "v2"}).status_code == 201


def test_the_challenge_and_its_nda_endpoint_agree_on_the_state(api, owner, challenge, outsider):
    def states():
        mine = api(outsider).get(f"/api/v1/challenges/{challenge.pk}/").json()["my"]["nda"]
        return mine, api(outsider).get(nda_url(challenge)).json()["state"]

    assert states() == ("none", "none")
    acceptance = accept_nda(outsider, challenge)
    assert states() == ("accepted", "accepted")
    nda_revoke(actor=owner, acceptance=acceptance, reason="Competitor")
    assert states() == ("revoked", "revoked")


def test_an_acceptance_of_earlier_terms_still_stands(api, challenge, outsider):
    """New terms bind new signers; one who accepted v1 keeps access (and cannot sign again)."""
    accept_nda(outsider, challenge)
    NdaTerms.objects.update(is_current=False)
    NdaTerms.objects.create(version="v2", text_nl="x", text_en="x", text_fr="x")
    data = api(outsider).get(f"/api/v1/challenges/{challenge.pk}/").json()
    assert (data["my"]["nda"], "confidential_detail" in data) == ("accepted", True)
    assert api(outsider).get(nda_url(challenge)).json()["state"] == "accepted"
