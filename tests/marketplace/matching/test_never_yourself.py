"""Never yourself: no suggestion surface offers the asker its own organisation, its members,
its own challenges, what it dismissed, or a challenge that no longer takes proposals."""

from __future__ import annotations

import pytest

from marketplace.matching.store import forget_fingerprint
from marketplace.models import NaceCode
from marketplace.models.challenges import Status
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonProfileFactory
from tests.marketplace.challenges.factories import make_challenge, pass_deadline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]

BRIEF = {
    "title": "Fill-level camera for a bottling line",
    "summary": "We look for machine vision that checks the fill level of every beer bottle.",
    "sector": "food",
    "technologies": ["machine-vision"],
}
VISION = "Machine vision and cameras that inspect the fill level of bottles on bottling lines."


def _org(name, description=VISION, nace=("28.29",)):
    org = OrganisationFactory(name=name, description=description, kind="company")
    org.nace.set(NaceCode.objects.filter(code__in=nace))
    return org


def _owner(org):
    return MembershipFactory(organisation=org, role=Role.OWNER).user


def _names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["results"]]


def test_an_organisations_own_challenge_is_never_suggested_to_it(api, client):
    brewery = _org("Brouwerij Zoet")
    owner = _owner(brewery)
    own = make_challenge(owner, brewery, **BRIEF)
    other_org = _org("Brouwerij Zuur")
    other = make_challenge(_owner(other_org), other_org, **{**BRIEF, "title": "Fill levels"})
    forget_fingerprint()
    found = _names(api(owner).get(f"/api/v1/organisations/{brewery.pk}/challenge-suggestions/"))
    assert other.title in found
    assert own.title not in found
    client.force_login(owner)
    page = client.get(f"/en/organisaties/{brewery.pk}/suggesties/").content.decode()
    assert other.title in page and own.title not in page


def test_a_person_is_not_suggested_their_own_organisations_challenges(api):
    brewery = _org("Brouwerij Zoet")
    owner = _owner(brewery)
    colleague = PersonProfileFactory(headline=VISION, bio=VISION, matching_consent=True)
    MembershipFactory(organisation=brewery, user=colleague.user, role=Role.MEMBER)
    own = make_challenge(owner, brewery, **BRIEF)
    other_org = _org("Brouwerij Zuur")
    other = make_challenge(_owner(other_org), other_org, **{**BRIEF, "title": "Fill levels"})
    forget_fingerprint()
    found = _names(api(colleague.user).get("/api/v1/people/me/challenge-suggestions/"))
    assert other.title in found
    assert own.title not in found


def test_a_challenges_own_organisation_and_its_members_are_not_suggested_as_solvers(api):
    brewery = _org("Brouwerij Zoet")
    owner = _owner(brewery)
    insider = PersonProfileFactory(headline=VISION, bio=VISION, matching_consent=True)
    MembershipFactory(organisation=brewery, user=insider.user, role=Role.MEMBER)
    outsider = PersonProfileFactory(headline=VISION, bio=VISION, matching_consent=True)
    solver = _org("Vision Systems Kortrijk")
    challenge = make_challenge(owner, brewery, **BRIEF)
    forget_fingerprint()
    found = _names(api(owner).get(f"/api/v1/challenges/{challenge.pk}/solver-suggestions/"))
    assert solver.name in found
    assert outsider.user.get_full_name() in found
    assert brewery.name not in found
    assert insider.user.get_full_name() not in found


@pytest.mark.parametrize("state", ["deadline_passed", Status.CANCELLED, Status.EVALUATING])
def test_a_challenge_that_takes_no_proposals_is_not_suggested(api, state):
    solver = _org("Vision Systems Kortrijk")
    brewery = _org("Brouwerij Zoet")
    owner = _owner(brewery)
    if state == "deadline_passed":
        challenge = pass_deadline(make_challenge(owner, brewery, **BRIEF))
    else:
        challenge = make_challenge(owner, brewery, status=state, **BRIEF)
    forget_fingerprint()
    url = f"/api/v1/organisations/{solver.pk}/challenge-suggestions/"
    assert challenge.title not in _names(api(_owner(solver)).get(url))


def test_partners_are_never_the_organisation_itself(api):
    me = _org("Vision Systems Kortrijk")
    _org("Camera Lab Gent")
    owner = _owner(me)
    forget_fingerprint()
    found = _names(api(owner).get(f"/api/v1/organisations/{me.pk}/partner-suggestions/?limit=50"))
    assert "Camera Lab Gent" in found
    assert me.name not in found
