"""GET /api/v1/challenges/{id}/: the public part for whoever may see the challenge; the
confidential detail only for insiders, judges and people with a standing NDA acceptance."""

import pytest

from marketplace.models.challenges import Status
from tests.marketplace.challenges.conftest import ROLES
from tests.marketplace.challenges.factories import accept_nda, make_challenge

pytestmark = pytest.mark.django_db


def url(challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/"


@pytest.mark.parametrize("who", ROLES)
def test_public_challenge_shows_the_summary_to_everyone(api, people, proposal, challenge, who):
    response = api(people[who]).get(url(challenge))
    assert response.status_code == 200
    assert response.json()["summary"].startswith("We weld small batches")
    assert response.json()["has_confidential_detail"] is True


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("owner", True),
        ("member", True),
        ("judge", True),
        ("submitter", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_confidential_detail_only_for_insiders_and_judges(
    api, people, proposal, challenge, who, sees
):
    data = api(people[who]).get(url(challenge)).json()
    assert ("confidential_detail" in data) is sees
    if sees:
        assert data["confidential_detail"] == "Drawings of our three parts and our hourly cost."


def test_nda_acceptance_opens_the_confidential_detail(api, challenge, outsider):
    accept_nda(outsider, challenge)
    data = api(outsider).get(url(challenge)).json()
    assert data["confidential_detail"] == "Drawings of our three parts and our hourly cost."
    assert data["my"]["nda"] == "accepted"


@pytest.mark.parametrize("who", ["outsider", "anonymous", "submitter"])
def test_invited_only_challenge_is_404_for_the_uninvited(api, people, owner, organisation, who):
    hidden = make_challenge(owner, organisation, visibility="invited")
    assert api(people[who]).get(url(hidden)).status_code == 404


@pytest.mark.parametrize("who", ["owner", "member", "judge"])
def test_invited_only_challenge_is_visible_to_insiders_and_judges(api, people, challenge, who):
    challenge.visibility = "invited"
    challenge.save()
    assert api(people[who]).get(url(challenge)).status_code == 200


def test_registered_only_challenge_is_404_for_the_anonymous_visitor(api, challenge, outsider):
    challenge.visibility = "registered"
    challenge.save()
    assert api(None).get(url(challenge)).status_code == 404
    assert api(outsider).get(url(challenge)).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"), [("owner", 200), ("member", 200), ("outsider", 404), ("anonymous", 404)]
)
def test_drafts_are_for_the_organisation_only(api, people, owner, organisation, who, status):
    draft = make_challenge(owner, organisation, Status.DRAFT)
    assert api(people[who]).get(url(draft)).status_code == status


def test_anonymous_seeker_hides_the_organisation_from_outsiders(api, challenge, outsider, owner):
    challenge.anonymous_seeker = True
    challenge.save()
    seen = api(outsider).get(url(challenge)).json()
    assert seen["organisation"] is None
    assert seen["organisation_name"] == "Anonymous seeker"
    assert "Houtatelier" not in str(seen)
    assert api(owner).get(url(challenge)).json()["organisation_name"] == "Houtatelier Vermeulen"


@pytest.mark.parametrize("pk", ["999999", "abc"])
def test_unknown_challenge_is_404(api, outsider, pk):
    assert api(outsider).get(f"/api/v1/challenges/{pk}/").status_code == 404
