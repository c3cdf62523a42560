"""Invitees of invited-only challenges, worker co-authors and endorsements, and coaching by an
intermediary (…/invitees/, …/coauthors/, …/endorsements/, …/coaching-requests/)."""

import pytest

from marketplace.models import BriefCoachingRequest, ChallengeEndorsement, ChallengeInvitee
from marketplace.models.challenges import Status
from tests.factories import MembershipFactory, OrganisationFactory
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db


def test_inviting_opens_an_invited_only_challenge(api, owner, organisation, outsider):
    hidden = make_challenge(owner, organisation, visibility="invited")
    assert api(outsider).get(f"/api/v1/challenges/{hidden.pk}/").status_code == 404
    invited = api(owner).post(
        f"/api/v1/challenges/{hidden.pk}/invitees/", {"email": outsider.email}
    )
    assert invited.status_code == 201, invited.content
    assert api(outsider).get(f"/api/v1/challenges/{hidden.pk}/").status_code == 200
    assert outsider.notifications.filter(kind="challenge_invitation").exists()
    again = api(owner).post(f"/api/v1/challenges/{hidden.pk}/invitees/", {"email": outsider.email})
    assert again.status_code == 400
    removed = api(owner).delete(f"/api/v1/challenges/{hidden.pk}/invitees/{invited.json()['id']}/")
    assert removed.status_code == 204
    assert api(outsider).get(f"/api/v1/challenges/{hidden.pk}/").status_code == 404


def test_inviting_an_organisation_opens_it_to_its_members(api, owner, organisation):
    hidden = make_challenge(owner, organisation, visibility="invited")
    guest = MembershipFactory()
    api(owner).post(
        f"/api/v1/challenges/{hidden.pk}/invitees/", {"organisation": guest.organisation.pk}
    )
    assert api(guest.user).get(f"/api/v1/challenges/{hidden.pk}/").status_code == 200


@pytest.mark.parametrize(
    "body", [{}, {"email": "nobody@example.org"}, {"email": "x@y.z", "organisation": 1}]
)
def test_bad_invitations(api, owner, challenge, body):
    assert api(owner).post(f"/api/v1/challenges/{challenge.pk}/invitees/", body).status_code == 400
    assert not ChallengeInvitee.objects.exists()


def test_workers_endorse_anonymously(api, owner, member, outsider, challenge):
    response = api(member).post(
        f"/api/v1/challenges/{challenge.pk}/endorsements/",
        {"anonymous": True, "comment": "We lift too much now."},
    )
    assert response.status_code == 201, response.content
    assert owner.notifications.filter(kind="endorsement").exists()
    seen_by_outsider = api(outsider).get(f"/api/v1/challenges/{challenge.pk}/endorsements/").json()
    assert seen_by_outsider[0]["name"] is None
    assert member.last_name not in str(seen_by_outsider)
    own = api(member).get(f"/api/v1/challenges/{challenge.pk}/endorsements/").json()
    assert own[0]["name"] == member.display_name
    assert (
        api(member).post(f"/api/v1/challenges/{challenge.pk}/endorsements/", {}).status_code == 400
    )


def test_outsiders_cannot_endorse(api, outsider, challenge):
    assert (
        api(outsider).post(f"/api/v1/challenges/{challenge.pk}/endorsements/", {}).status_code
        == 400
    )
    assert not ChallengeEndorsement.objects.exists()


def test_coauthors_are_colleagues(api, owner, member, outsider, challenge):
    url = f"/api/v1/challenges/{challenge.pk}/coauthors/"
    assert api(owner).post(url, {"email": member.email}).status_code == 201
    assert api(owner).post(url, {"email": member.email}).status_code == 400
    assert api(owner).post(url, {"email": outsider.email}).status_code == 400
    assert api(member).post(url, {"email": outsider.email}).status_code == 403
    assert [c["name"] for c in api(member).get(url).json()] == [member.display_name]


def test_coaching_lets_the_intermediary_read_the_draft(api, owner, organisation):
    draft = make_challenge(owner, organisation, Status.DRAFT)
    coach_org = OrganisationFactory(kind="intermediary", name="Innovatieloket")
    coach = MembershipFactory(organisation=coach_org).user
    assert api(coach).get(f"/api/v1/challenges/{draft.pk}/").status_code == 404
    response = api(owner).post(
        f"/api/v1/challenges/{draft.pk}/coaching-requests/",
        {"intermediary": coach_org.pk, "message": "Is our goal clear?"},
    )
    assert response.status_code == 201, response.content
    seen = api(coach).get(f"/api/v1/challenges/{draft.pk}/")
    assert seen.status_code == 200
    assert "confidential_detail" in seen.json()
    assert coach.notifications.filter(kind="coaching").exists()


def test_coaching_needs_an_intermediary(api, owner, organisation):
    draft = make_challenge(owner, organisation, Status.DRAFT)
    company = OrganisationFactory()
    response = api(owner).post(
        f"/api/v1/challenges/{draft.pk}/coaching-requests/", {"intermediary": company.pk}
    )
    assert response.status_code == 400


def _coached_draft(api, owner, organisation):
    draft = make_challenge(owner, organisation, Status.DRAFT)
    coach_org = OrganisationFactory(kind="intermediary", name="Innovatieloket")
    coach = MembershipFactory(organisation=coach_org).user
    response = api(owner).post(
        f"/api/v1/challenges/{draft.pk}/coaching-requests/", {"intermediary": coach_org.pk}
    )
    assert response.status_code == 201, response.content
    return draft, coach, response.json()["id"]


def test_the_coach_closes_with_advice_and_no_longer_reads_the_draft(api, owner, organisation):
    draft, coach, pk = _coached_draft(api, owner, organisation)
    closed = api(coach).post(
        f"/api/v1/coaching-requests/{pk}/close/", {"answer": "Name the cycle time you need."}
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["answer"] == "Name the cycle time you need."
    assert closed.json()["closed_at"]
    told = owner.notifications.get(kind="coaching")
    assert "Innovatieloket" in told.title and "Name the cycle time you need." in told.body
    assert api(coach).get(f"/api/v1/challenges/{draft.pk}/").status_code == 404
    again = api(coach).post(f"/api/v1/coaching-requests/{pk}/close/", {"answer": "Other"})
    assert again.status_code == 400
    assert BriefCoachingRequest.objects.get(pk=pk).answer == "Name the cycle time you need."


def test_the_firm_withdraws_and_nobody_else_may_close(api, owner, member, organisation, outsider):
    draft, coach, pk = _coached_draft(api, owner, organisation)
    url = f"/api/v1/coaching-requests/{pk}/close/"
    assert api(outsider).post(url, {}).status_code == 404
    assert api(member).post(url, {}).status_code == 404  # a member, not a manager, of the firm
    assert api(None).post(url, {}).status_code in {401, 403}
    assert BriefCoachingRequest.objects.get(pk=pk).closed_at is None
    assert api(owner).post(url, {}).status_code == 200
    asked, withdrawn = coach.notifications.filter(kind="coaching").order_by("created_at", "id")
    assert draft.title in withdrawn.title and withdrawn.title != asked.title
    assert api(coach).get(f"/api/v1/challenges/{draft.pk}/").status_code == 404


def test_overlong_advice_or_unknown_fields_change_nothing(api, owner, organisation):
    _draft, coach, pk = _coached_draft(api, owner, organisation)
    url = f"/api/v1/coaching-requests/{pk}/close/"
    assert api(coach).post(url, {"answer": "x" * 2001}).status_code == 400
    assert api(coach).post(url, {"verdict": "done"}).status_code == 400
    assert api(coach).post("/api/v1/coaching-requests/999999/close/", {}).status_code == 404
    assert BriefCoachingRequest.objects.get(pk=pk).closed_at is None
