"""Judging pages: invitation with the conflict-of-interest declaration, the judge's lists, the
scoring form generated from the rubric (out-of-range scores are form errors that change
nothing), the owner's judges, panels, bulk assignment and ranking, feedback, and awards that
wait until every submitter has feedback."""

from __future__ import annotations

import pytest
from django.utils import timezone

from marketplace.models import Assignment, Award, AwardPlace, Feedback, Judge, Panel, Score
from marketplace.models.challenges import Status
from marketplace.services import challenges, judging
from tests.factories import UserFactory
from tests.marketplace.challenges.factories import make_proposal, pass_deadline, solver

pytestmark = pytest.mark.django_db


def _evaluating(owner, challenge):
    challenge = pass_deadline(challenge)
    return challenges.challenge_transition(actor=owner, challenge=challenge, to=Status.EVALUATING)


@pytest.fixture
def assignment(owner, judge, proposal):
    judging.assignments_bulk(challenge=proposal.challenge, per_proposal=1)
    return Assignment.objects.get(judge__user=judge, proposal=proposal)


def test_judge_accepts_an_invitation_with_a_declaration(client_for, page, owner, challenge):
    person = UserFactory()
    invitation = judging.judge_invite(actor=owner, challenge=challenge, user=person)
    url = f"/en/judging/invitations/{invitation.pk}/"
    assert "Declare any conflict of interest first." in page(person, url).content.decode()
    assert client_for(person).post(url, {"answer": "accept"}).status_code == 400  # no declaration
    response = client_for(person).post(
        url, {"answer": "accept", "declare": "on", "conflict_statement": "Shares in Solver BV"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.conflict_statement == "Shares in Solver BV"


def test_judge_declines(client_for, owner, challenge):
    person = UserFactory()
    invitation = judging.judge_invite(actor=owner, challenge=challenge, user=person)
    client_for(person).post(f"/en/judging/invitations/{invitation.pk}/", {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.declined_at is not None


@pytest.mark.parametrize("role", ["owner", "submitter", "outsider"])
def test_someone_elses_invitation_is_404(page, people, owner, challenge, role):
    invitation = judging.judge_invite(actor=owner, challenge=challenge, user=UserFactory())
    assert page(people[role], f"/en/judging/invitations/{invitation.pk}/").status_code == 404


def test_scoring_form_is_generated_from_the_rubric(page, judge, assignment):
    html = page(judge, f"/en/judging/assignments/{assignment.pk}/").content.decode()
    for criterion in assignment.proposal.challenge.criteria.all():
        assert f"{criterion.label}: score from 0 to {criterion.max_score}" in html
    assert "Private note (only you see it)" in html


def test_judge_scores_and_completes(client_for, page, judge, assignment):
    criteria = list(assignment.proposal.challenge.criteria.all())
    data = {f"score_{c.key}": "7" for c in criteria}
    data.update({"private_note": "Strong team.", "final": "on"})
    response = client_for(judge).post(f"/en/judging/assignments/{assignment.pk}/", data)
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.evaluated_at is not None
    assert assignment.private_note == "Strong team."
    assert Score.objects.filter(assignment=assignment).count() == len(criteria)
    assert assignment.proposal.title in page(judge, "/en/judging/?state=evaluated").content.decode()
    assert (
        assignment.proposal.title not in page(judge, "/en/judging/?state=pending").content.decode()
    )


def test_score_out_of_range_is_a_form_error_and_changes_nothing(client_for, judge, assignment):
    criterion = assignment.proposal.challenge.criteria.first()
    response = client_for(judge).post(
        f"/en/judging/assignments/{assignment.pk}/",
        {
            f"score_{criterion.key}": str(criterion.max_score + 1),
            "private_note": "x",
            "final": "on",
        },
    )
    assert response.status_code == 400
    assert f"less than or equal to {criterion.max_score}" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.private_note == ""
    assert assignment.evaluated_at is None
    assert not Score.objects.exists()


def test_final_without_every_score_is_refused(client_for, judge, assignment):
    criterion = assignment.proposal.challenge.criteria.first()
    response = client_for(judge).post(
        f"/en/judging/assignments/{assignment.pk}/", {f"score_{criterion.key}": "5", "final": "on"}
    )
    assert response.status_code == 400
    assert "Score every criterion" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.evaluated_at is None


@pytest.mark.parametrize("role", ["owner", "submitter", "member", "outsider"])
def test_assignment_is_the_judges_only(page, people, assignment, role):
    assert page(people[role], f"/en/judging/assignments/{assignment.pk}/").status_code == 404


def test_a_judge_who_declined_can_no_longer_open_or_score_the_assignment(
    client_for, page, judge, assignment
):
    url = f"/en/judging/assignments/{assignment.pk}/"
    assert page(judge, url).status_code == 200
    Judge.objects.filter(user=judge).update(declined_at=timezone.now())
    assert page(judge, url).status_code == 404
    key = assignment.proposal.challenge.criteria.first().key
    assert client_for(judge).post(url, {f"score_{key}": "5"}).status_code == 404
    assert assignment.proposal.title not in page(judge, "/en/judging/").content.decode()
    assert not Score.objects.exists()


def test_a_panel_name_is_used_once_per_challenge(client_for, owner, challenge):
    client = client_for(owner)
    url = f"/en/challenges/{challenge.pk}/judging/panels/"
    assert client.post(url, {"name": "Technical"}).status_code == 302
    response = client.post(url, {"name": "Technical"})
    assert response.status_code == 400
    assert "A panel with this name exists." in response.content.decode()
    assert Panel.objects.filter(challenge=challenge).count() == 1


def test_declaring_a_conflict_removes_the_assignment(client_for, judge, assignment):
    client_for(judge).post(
        f"/en/judging/assignments/{assignment.pk}/conflict/", {"reason": "My cousin."}
    )
    assert not Assignment.objects.filter(pk=assignment.pk).exists()


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
def test_owners_judging_page(page, people, proposal, role, expected):
    assert (
        page(people[role], f"/en/challenges/{proposal.challenge_id}/judging/").status_code
        == expected
    )


def test_owner_invites_makes_panels_assigns_and_sees_the_ranking(
    client_for, page, owner, judge, proposal
):
    challenge = proposal.challenge
    client = client_for(owner)
    base = f"/en/challenges/{challenge.pk}/judging/"
    client.post(base + "panels/", {"name": "Technical"})
    panel = Panel.objects.get(challenge=challenge)
    newcomer = UserFactory()
    client.post(base + "judges/", {"email": newcomer.email, "panel": panel.pk})
    assert Judge.objects.filter(challenge=challenge, user=newcomer, panel=panel).exists()
    response = client.post(base + "assignments/", {"per_proposal": "1"})
    assert response.status_code == 302
    assert Assignment.objects.filter(proposal=proposal).count() == 1
    html = page(owner, base).content.decode()
    assert proposal.title in html
    assert "Total (0–100)" in html


def test_bad_judging_input_is_400(client_for, owner, challenge):
    client = client_for(owner)
    base = f"/en/challenges/{challenge.pk}/judging/"
    assert client.post(base + "judges/", {"email": "nobody@example.invalid"}).status_code == 400
    assert client.post(base + "assignments/", {"per_proposal": "99"}).status_code == 400
    assert client.post(base + "assignments/", {"per_proposal": "1"}).status_code == 400  # no judge
    assert client.post(base + "panels/", {"name": ""}).status_code == 400


def test_award_is_blocked_while_feedback_is_missing(client_for, page, owner, submitter, challenge):
    proposal = make_proposal(submitter, challenge)
    other, _org = solver("Second")
    second = make_proposal(other, challenge, title="Second idea")
    challenge = _evaluating(owner, challenge)
    place = AwardPlace.objects.create(challenge=challenge, rank=1, title="Pilot order")
    client = client_for(owner)
    client.post(
        f"/en/challenges/{challenge.pk}/awards/grant/", {"place": place.pk, "proposal": proposal.pk}
    )
    assert Award.objects.filter(place=place, proposal=proposal).exists()

    awards_page = page(owner, f"/en/challenges/{challenge.pk}/awards/").content.decode()
    assert "2 submitters still wait for feedback" in awards_page
    response = client.post(
        f"/en/challenges/{challenge.pk}/transition/", {"to": "awarded"}, follow=True
    )
    assert "still lack feedback. Every submitter must hear back first." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.status == Status.EVALUATING

    criteria = list(challenge.criteria.all())
    for each in (proposal, second):
        data = {f"score_{c.key}": "6" for c in criteria}
        data["reason"] = "Clear plan, but the price is high for a first test."
        assert client.post(f"/en/proposals/{each.pk}/feedback/", data).status_code == 302
    assert Feedback.objects.count() == 2
    client.post(f"/en/challenges/{challenge.pk}/transition/", {"to": "awarded"})
    challenge.refresh_from_db()
    assert challenge.status == Status.AWARDED


def test_feedback_form_validation(client_for, owner, submitter, challenge):
    proposal = make_proposal(submitter, challenge)
    challenge = _evaluating(owner, challenge)
    client = client_for(owner)
    criterion = challenge.criteria.first()
    url = f"/en/proposals/{proposal.pk}/feedback/"
    assert client.post(url, {"reason": "too short"}).status_code == 400
    assert client.post(url, {"reason": "x" * 30, f"score_{criterion.key}": "3"}).status_code == 400
    response = client.post(url, {"reason": "x" * 30})  # no judge scores yet
    assert response.status_code == 400
    assert "No judge has evaluated this proposal" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("role", ["judge", "submitter"])
def test_only_owners_send_feedback(client_for, people, owner, proposal, role):
    response = client_for(people[role]).post(
        f"/en/proposals/{proposal.pk}/feedback/", {"reason": "x" * 30}
    )
    assert response.status_code in {403, 404}
    assert not Feedback.objects.exists()


def test_submitter_reads_the_feedback(client_for, page, owner, submitter, challenge):
    proposal = make_proposal(submitter, challenge)
    challenge = _evaluating(owner, challenge)
    data = {f"score_{c.key}": "8" for c in challenge.criteria.all()}
    data["reason"] = "Convincing test plan and a realistic price."
    client_for(owner).post(f"/en/proposals/{proposal.pk}/feedback/", data)
    html = page(submitter, f"/en/proposals/{proposal.pk}/").content.decode()
    assert "Convincing test plan and a realistic price." in html
    assert "Total score: 80" in html


def test_award_places_are_added_and_validated(client_for, page, owner, challenge):
    client = client_for(owner)
    url = f"/en/challenges/{challenge.pk}/awards/places/"
    assert client.post(url, {"rank": "1", "title": "Winner", "amount_eur": ""}).status_code == 302
    assert client.post(url, {"rank": "1", "title": "Again"}).status_code == 400
    assert client.post(url, {"rank": "x", "title": ""}).status_code == 400
    assert AwardPlace.objects.filter(challenge=challenge).count() == 1


@pytest.mark.parametrize("role", ["judge", "submitter", "member", "outsider"])
def test_awards_page_is_for_managers(page, people, challenge, role):
    assert page(people[role], f"/en/challenges/{challenge.pk}/awards/").status_code == 403


def test_judge_home_query_count_is_constant(
    client_for, owner, judge, challenge, django_assert_max_num_queries
):
    first, _ = solver("A")
    make_proposal(first, challenge)
    judging.assignments_bulk(challenge=challenge, per_proposal=1)
    client = client_for(judge)
    with django_assert_max_num_queries(20) as few:
        client.get("/en/judging/")
    for n in range(6):
        user, _ = solver(f"B{n}")
        make_proposal(user, challenge)
    judging.assignments_bulk(challenge=challenge, per_proposal=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/en/judging/").status_code == 200
