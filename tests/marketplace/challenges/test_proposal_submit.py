"""POST /api/v1/proposals/ and …/{id}/submit/, …/withdraw/, PATCH …/{id}/: drafts, versions,
a receipt, withdrawal before the deadline; nothing after it."""

import pytest

from marketplace.models import Proposal
from tests.factories import UserFactory
from tests.marketplace.challenges.factories import make_proposal, pass_deadline

URL = "/api/v1/proposals/"
pytestmark = pytest.mark.django_db


def body(challenge, **extra):
    return {
        "challenge": challenge.pk,
        "kind": "person",
        "title": "Our cell",
        "summary": "Two weeks with a mobile cell.",
        "answers": {c.key: "Yes." for c in challenge.criteria.all()},
        **extra,
    }


def test_draft_then_submit_gives_a_receipt(api, challenge, submitter, owner):
    created = api(submitter).post(URL, body(challenge))
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    pk = created.json()["id"]
    submitted = api(submitter).post(f"{URL}{pk}/submit/")
    assert submitted.status_code == 200, submitted.content
    data = submitted.json()
    assert data["status"] == "submitted" and data["version"] == 1 and data["receipt_code"]
    receipt = submitter.notifications.get(kind="proposal_receipt")
    assert data["receipt_code"] in receipt.title
    assert owner.notifications.filter(kind="proposal_submitted").exists()


def test_organisation_and_team_proposals(api, challenge, submitter_and_org, outsider):
    user, org = submitter_and_org
    as_org = api(user).post(URL, body(challenge, kind="organisation", organisation=org.pk))
    assert as_org.status_code == 201, as_org.content
    mate = UserFactory()
    team = api(outsider).post(URL, body(challenge, kind="team", team=[mate.email]))
    assert team.status_code == 201, team.content
    # The team member sees the team's proposal.
    assert api(mate).get(f"{URL}{team.json()['id']}/").status_code == 200


def test_changes_after_submission_are_new_versions(api, submitter, proposal):
    response = api(submitter).patch(f"{URL}{proposal.pk}/", {"summary": "Better summary"})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    versions = api(submitter).get(f"{URL}{proposal.pk}/versions/").json()
    assert [v["content"]["summary"] for v in versions] == [
        "We bring a mobile welding cell for two weeks.",
        "Better summary",
    ]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"answers": {"nonsense": "x"}}, "answers"),
        ({"kind": "organisation"}, "organisation"),
        ({"kind": "team"}, "team"),
        ({"team": ["nobody@example.org"], "kind": "team"}, "team"),
        ({"receipt_code": "X", "boss": True}, "boss"),
        ({"price_eur": -1}, "price_eur"),
    ],
)
def test_bad_proposals_are_refused(api, challenge, submitter, extra, field):
    response = api(submitter).post(URL, body(challenge, **extra))
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Proposal.objects.exists()


def test_submit_needs_every_answer(api, challenge, submitter):
    draft = make_proposal(submitter, challenge, submit=False, answers={})
    response = api(submitter).post(f"{URL}{draft.pk}/submit/")
    assert response.status_code == 400
    assert "answers" in response.json()
    assert Proposal.objects.get(pk=draft.pk).status == "draft"


def test_nothing_after_the_deadline(api, challenge, submitter):
    draft = make_proposal(submitter, challenge, submit=False)
    submitted = make_proposal(submitter, challenge)
    pass_deadline(challenge)
    assert api(submitter).post(URL, body(challenge)).status_code == 400
    assert api(submitter).post(f"{URL}{draft.pk}/submit/").status_code == 400
    assert api(submitter).patch(f"{URL}{submitted.pk}/", {"summary": "late"}).status_code == 400
    assert api(submitter).post(f"{URL}{submitted.pk}/withdraw/").status_code == 400
    assert Proposal.objects.get(pk=draft.pk).status == "draft"
    assert Proposal.objects.get(pk=submitted.pk).summary != "late"


def test_withdraw_before_the_deadline(api, submitter, proposal, owner):
    response = api(submitter).post(f"{URL}{proposal.pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert owner.notifications.filter(kind="proposal_withdrawn").exists()
    assert api(submitter).post(f"{URL}{proposal.pk}/withdraw/").status_code == 400
    assert api(submitter).post(f"{URL}{proposal.pk}/submit/").status_code == 400


def test_own_organisation_cannot_answer(api, challenge, member):
    assert api(member).post(URL, body(challenge)).status_code == 400


def test_draft_challenge_takes_no_proposals(api, owner, organisation, submitter):
    from marketplace.models.challenges import Status
    from tests.marketplace.challenges.factories import make_challenge

    draft = make_challenge(owner, organisation, Status.DRAFT)
    response = api(submitter).post(URL, body(draft))
    assert response.status_code == 400  # unknown to the submitter: drafts are invisible
    assert not Proposal.objects.exists()


@pytest.mark.parametrize("who", ["owner", "judge", "member", "outsider"])
def test_only_authors_change_a_proposal(api, people, proposal, who):
    response = api(people[who]).patch(f"{URL}{proposal.pk}/", {"summary": "x"})
    assert response.status_code in {403, 404}
    assert Proposal.objects.get(pk=proposal.pk).summary != "x"
