"""Judging: invitations (…/judges/, judging/invitations/{id}/respond/), panels, bulk
assignment, the judge's assignments with pending/evaluated filters, scores within range,
private notes, conflicts of interest."""

import pytest
from django.utils import timezone

from marketplace.models import Assignment, Judge, Panel, Score
from marketplace.models.challenges import Status
from tests.factories import UserFactory
from tests.marketplace.challenges.factories import make_challenge, make_judge, make_proposal, solver

pytestmark = pytest.mark.django_db


def test_owner_invites_and_the_judge_accepts_with_a_conflict_statement(api, owner, challenge):
    person = UserFactory()
    invited = api(owner).post(f"/api/v1/challenges/{challenge.pk}/judges/", {"email": person.email})
    assert invited.status_code == 201, invited.content
    assert person.notifications.filter(kind="judge_invitation").exists()
    mine = api(person).get("/api/v1/judging/invitations/").json()["results"]
    assert [(i["challenge"], i["state"]) for i in mine] == [(challenge.pk, "invited")]
    response = api(person).post(
        f"/api/v1/judging/invitations/{mine[0]['id']}/respond/",
        {"accept": True, "conflict_statement": "None known."},
    )
    assert response.status_code == 200
    assert response.json()["state"] == "accepted"
    assert (
        api(person)
        .post(f"/api/v1/judging/invitations/{mine[0]['id']}/respond/", {"accept": False})
        .status_code
        == 400
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [({"email": "nobody@example.org"}, "email"), ({}, "email"), ({"email": "x", "y": 1}, "y")],
)
def test_bad_judge_invitations(api, owner, challenge, body, field):
    response = api(owner).post(f"/api/v1/challenges/{challenge.pk}/judges/", body)
    assert response.status_code == 400
    assert field in response.json()


def test_a_submitter_cannot_judge_the_same_challenge(api, owner, challenge, submitter, proposal):
    response = api(owner).post(
        f"/api/v1/challenges/{challenge.pk}/judges/", {"email": submitter.email}
    )
    assert response.status_code == 400
    assert not Judge.objects.exists()


def test_someone_elses_invitation_is_404(api, owner, challenge, outsider):
    judge = Judge.objects.create(challenge=challenge, user=UserFactory(), invited_by=owner)
    assert (
        api(outsider)
        .post(f"/api/v1/judging/invitations/{judge.pk}/respond/", {"accept": True})
        .status_code
        == 404
    )


@pytest.mark.parametrize("who", ["member", "submitter", "outsider", "judge"])
def test_only_managers_run_judging(api, people, challenge, who):
    user = people[who]
    for path in ["judges/", "panels/", "assignments/", "ranking/"]:
        assert api(user).get(f"/api/v1/challenges/{challenge.pk}/{path}").status_code == 403


def test_invited_only_challenge_judging_is_404_for_outsiders(api, owner, organisation, outsider):
    hidden = make_challenge(owner, organisation, visibility="invited")
    assert api(outsider).get(f"/api/v1/challenges/{hidden.pk}/judges/").status_code == 404


def test_bulk_assignment_spreads_the_load_and_skips_conflicts(api, owner, challenge):
    judges = [make_judge(owner, challenge) for _ in range(3)]
    proposals = [make_proposal(solver(f"S{i}")[0], challenge) for i in range(4)]
    response = api(owner).post(
        f"/api/v1/challenges/{challenge.pk}/assignments/", {"per_proposal": 2}
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"created": 8}
    loads = sorted(Assignment.objects.filter(judge__user=u).count() for u in judges)
    assert loads[-1] - loads[0] <= 1
    # A judge steps away from one proposal; re-running refills from the others.
    assignment = Assignment.objects.filter(judge__user=judges[0]).first()
    conflict = api(judges[0]).post(
        f"/api/v1/judging/assignments/{assignment.pk}/conflict/",
        {"reason": "I advise this company."},
    )
    assert conflict.status_code == 201
    again = api(owner).post(f"/api/v1/challenges/{challenge.pk}/assignments/", {"per_proposal": 2})
    assert again.json() == {"created": 1}
    assert not Assignment.objects.filter(
        judge__user=judges[0], proposal=assignment.proposal
    ).exists()
    assert len(proposals) == 4


@pytest.mark.parametrize(
    "body",
    [
        {"per_proposal": 0},
        {"per_proposal": 5},
        {"per_proposal": "x"},
        {"per_proposal": 1, "panel": 999999},
    ],
)
def test_bad_bulk_assignments(api, owner, challenge, judge, proposal, body):
    response = api(owner).post(f"/api/v1/challenges/{challenge.pk}/assignments/", body)
    assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_panels_limit_the_assignment(api, owner, challenge, proposal):
    panel = api(owner).post(f"/api/v1/challenges/{challenge.pk}/panels/", {"name": "Tech"}).json()
    inside = UserFactory()
    api(owner).post(
        f"/api/v1/challenges/{challenge.pk}/judges/", {"email": inside.email, "panel": panel["id"]}
    )
    Judge.objects.filter(user=inside).update(accepted_at="2030-01-01T00:00:00Z")
    make_judge(owner, challenge)
    api(owner).post(
        f"/api/v1/challenges/{challenge.pk}/assignments/", {"per_proposal": 1, "panel": panel["id"]}
    )
    assert list(Assignment.objects.values_list("judge__user", flat=True)) == [inside.pk]


@pytest.fixture
def assignment(owner, challenge, judge, proposal):
    from marketplace.services.judging import assignments_bulk

    assignments_bulk(challenge=challenge, per_proposal=1)
    return Assignment.objects.get()


def score_body(challenge, value=7, **extra):
    return {
        "scores": [
            {"criterion": c.key, "value": value, "comment": "ok"} for c in challenge.criteria.all()
        ],
        **extra,
    }


def test_judge_scores_and_keeps_a_private_note(api, judge, challenge, assignment):
    url = f"/api/v1/judging/assignments/{assignment.pk}/"
    detail = api(judge).get(url).json()
    assert detail["approach"].startswith("Week one")
    assert [c["key"] for c in detail["rubric"]] == list(
        challenge.criteria.values_list("key", flat=True)
    )
    saved = api(judge).patch(
        url, score_body(challenge, private_note="Price seems low.", final=True)
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["state"] == "evaluated"
    assert saved.json()["private_note"] == "Price seems low."
    pending = api(judge).get("/api/v1/judging/assignments/", {"state": "pending"}).json()
    done = api(judge).get("/api/v1/judging/assignments/", {"state": "evaluated"}).json()
    assert (pending["count"], done["count"]) == (0, 1)


@pytest.mark.parametrize(
    "body",
    [
        {"scores": [{"criterion": "relevance", "value": 11}]},
        {"scores": [{"criterion": "relevance", "value": -1}]},
        {"scores": [{"criterion": "relevance", "value": 2.5}]},
        {"scores": [{"criterion": "unknown", "value": 5}]},
        {
            "scores": [
                {"criterion": "relevance", "value": 5},
                {"criterion": "relevance", "value": 6},
            ]
        },
        {"scores": [{"criterion": "relevance", "value": 5}], "final": True},
        {"scores": [], "hack": 1},
    ],
)
def test_scores_out_of_range_are_refused_and_nothing_is_stored(api, judge, assignment, body):
    response = api(judge).patch(f"/api/v1/judging/assignments/{assignment.pk}/", body)
    assert response.status_code == 400, response.content
    assert not Score.objects.exists()
    assignment.refresh_from_db()
    assert assignment.evaluated_at is None


@pytest.mark.parametrize("who", ["owner", "member", "submitter", "outsider"])
def test_assignments_are_the_judges_own(api, people, assignment, who):
    url = f"/api/v1/judging/assignments/{assignment.pk}/"
    assert api(people[who]).get(url).status_code == 404
    assert api(people[who]).patch(url, {"scores": []}).status_code == 404


def test_a_judge_who_declined_keeps_no_assignments(api, judge, challenge, assignment):
    """Every place that asks "is this an active judge's assignment" says no once the judge
    declined (the judge's list used to keep it, and scoring it was still allowed)."""
    url = f"/api/v1/judging/assignments/{assignment.pk}/"
    assert api(judge).get("/api/v1/judging/assignments/").json()["count"] == 1
    Judge.objects.filter(user=judge).update(declined_at=timezone.now())
    assert api(judge).get("/api/v1/judging/assignments/").json()["count"] == 0
    assert api(judge).get(url).status_code == 404
    assert api(judge).patch(url, score_body(challenge)).status_code == 404
    assert not Score.objects.exists()
    assert api(judge).get(f"/api/v1/proposals/{assignment.proposal_id}/").status_code == 404


def test_panel_names_are_unique_per_challenge(api, owner, challenge):
    url = f"/api/v1/challenges/{challenge.pk}/panels/"
    assert api(owner).post(url, {"name": "Tech"}).status_code == 201
    again = api(owner).post(url, {"name": "Tech"})
    assert again.status_code == 400
    assert "name" in again.json()
    other = make_challenge(owner, challenge.organisation, Status.OPEN)
    elsewhere = api(owner).post(f"/api/v1/challenges/{other.pk}/panels/", {"name": "Tech"})
    assert elsewhere.status_code == 201
    assert Panel.objects.filter(name="Tech").count() == 2


def test_bulk_assignment_refuses_another_challenges_panel(api, owner, challenge, judge, proposal):
    other = make_challenge(owner, challenge.organisation, Status.OPEN)
    foreign = Panel.objects.create(challenge=other, name="Elsewhere")
    response = api(owner).post(
        f"/api/v1/challenges/{challenge.pk}/assignments/", {"per_proposal": 1, "panel": foreign.pk}
    )
    assert response.status_code == 400
    assert "panel" in response.json()
    assert not Assignment.objects.exists()


def test_state_filter_rejects_nonsense(api, judge, assignment):
    assert api(judge).get("/api/v1/judging/assignments/", {"state": "maybe"}).status_code == 400


def test_no_scoring_once_judging_is_over(api, owner, judge, challenge, assignment):
    from marketplace.services.challenges import challenge_transition

    challenge_transition(actor=owner, challenge=challenge, to=Status.CANCELLED)
    response = api(judge).patch(
        f"/api/v1/judging/assignments/{assignment.pk}/", score_body(challenge)
    )
    assert response.status_code == 400
