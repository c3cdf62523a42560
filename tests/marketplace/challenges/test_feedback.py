"""Guaranteed feedback: …/proposals/{id}/feedback/ (scores + written reason), the ranking,
the rule that blocks `awarded` while anyone waits, and the reminders before the deadline."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.models import AwardPlace, Challenge, Feedback, Judge
from marketplace.models.challenges import Status
from marketplace.services.awards import award_grant
from marketplace.services.challenges import challenge_transition
from marketplace.services.judging import assignments_bulk, evaluation_save, feedback_reminders_send
from tests.marketplace.challenges.factories import make_proposal, pass_deadline, solver

pytestmark = pytest.mark.django_db
REASON = "Strong plan; the price is high for a proof of concept."


@pytest.fixture
def evaluating(owner, challenge, judge, proposal):
    """Judged by one judge (7 everywhere), deadline passed, evaluating."""
    assignments_bulk(challenge=challenge, per_proposal=1)
    assignment = proposal.assignments.get()
    evaluation_save(
        assignment=assignment,
        final=True,
        scores=[{"criterion": c.key, "value": 7} for c in challenge.criteria.all()],
    )
    pass_deadline(challenge)
    return challenge_transition(actor=owner, challenge=challenge, to=Status.EVALUATING)


def feedback_url(proposal) -> str:
    return f"/api/v1/proposals/{proposal.pk}/feedback/"


def test_feedback_from_the_judges_scores_reaches_the_submitter(
    api, owner, submitter, proposal, evaluating, django_capture_on_commit_callbacks
):
    from marketplace.services.notifications import preference_for

    submitter.preferred_language = "en"
    submitter.save()
    pref = preference_for(submitter)
    pref.email = "immediately"
    pref.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(owner).post(feedback_url(proposal), {"reason": REASON})
    assert response.status_code == 201, response.content
    data = api(submitter).get(feedback_url(proposal)).json()
    assert data["reason"] == REASON
    assert float(data["total"]) == 70.0
    assert {s["criterion"]: s["score"] for s in data["scores"]} == {
        c.key: 7.0 for c in evaluating.criteria.all()
    }
    assert submitter.notifications.filter(kind="feedback").exists()
    assert any("Feedback on your proposal" in m.subject for m in mail.outbox)
    assert REASON not in str([m.body for m in mail.outbox])


@pytest.mark.parametrize(
    "body",
    [
        {"reason": "short"},
        {"reason": REASON, "scores": {"relevance": 99}},
        {"reason": REASON, "scores": {"relevance": 5}},
        {},
        {"reason": REASON, "x": 1},
    ],
)
def test_bad_feedback_is_refused(api, owner, proposal, evaluating, body):
    assert api(owner).post(feedback_url(proposal), body).status_code == 400
    assert not Feedback.objects.exists()


def test_feedback_is_sent_once(api, owner, proposal, evaluating):
    assert api(owner).post(feedback_url(proposal), {"reason": REASON}).status_code == 201
    assert api(owner).post(feedback_url(proposal), {"reason": REASON + "!"}).status_code == 400


def test_no_feedback_before_the_deadline(api, owner, proposal, challenge):
    scores = {c.key: 5 for c in challenge.criteria.all()}
    assert (
        api(owner).post(feedback_url(proposal), {"reason": REASON, "scores": scores}).status_code
        == 400
    )


@pytest.mark.parametrize("who", ["member", "judge", "outsider", "submitter"])
def test_only_managers_send_feedback(api, people, proposal, evaluating, who):
    response = api(people[who]).post(feedback_url(proposal), {"reason": REASON})
    assert response.status_code in {403, 404}
    assert not Feedback.objects.exists()


def test_awarded_waits_until_every_submitter_has_feedback(api, owner, challenge, judge, proposal):
    other = make_proposal(solver("Second BV")[0], challenge)
    pass_deadline(challenge)
    challenge = challenge_transition(actor=owner, challenge=challenge, to=Status.EVALUATING)
    place = AwardPlace.objects.create(challenge=challenge, rank=1, title="Pilot order")
    award_grant(actor=owner, place=place, proposal=proposal)
    scores = {c.key: 6 for c in challenge.criteria.all()}
    api(owner).post(feedback_url(proposal), {"reason": REASON, "scores": scores})
    move = f"/api/v1/challenges/{challenge.pk}/transitions/"
    blocked = api(owner).post(move, {"to": "awarded"})
    assert blocked.status_code == 400
    assert "1 proposal" in str(blocked.json())
    assert Challenge.objects.get(pk=challenge.pk).status == Status.EVALUATING
    api(owner).post(feedback_url(other), {"reason": REASON, "scores": scores})
    assert api(owner).post(move, {"to": "awarded"}).status_code == 200


def test_ranking_orders_by_weighted_score(api, owner, challenge, judge):
    low = make_proposal(solver("Low BV")[0], challenge, title="Low")
    high = make_proposal(solver("High BV")[0], challenge, title="High")
    assignments_bulk(challenge=challenge, per_proposal=1)
    for proposal, value in [(low, 3), (high, 9)]:
        evaluation_save(
            assignment=proposal.assignments.get(),
            final=True,
            scores=[{"criterion": c.key, "value": value} for c in challenge.criteria.all()],
        )
    ranking = api(owner).get(f"/api/v1/challenges/{challenge.pk}/ranking/").json()
    assert [(r["title"], r["total"]) for r in ranking] == [("High", 90.0), ("Low", 30.0)]


def test_reminders_go_before_the_feedback_deadline(owner, judge, challenge, proposal):
    assignments_bulk(challenge=challenge, per_proposal=1)
    today = timezone.localdate()
    Challenge.objects.filter(pk=challenge.pk).update(feedback_deadline=today + timedelta(days=3))
    assert feedback_reminders_send(today=today) == 2
    assert owner.notifications.filter(kind="feedback_reminder").exists()
    assert judge.notifications.filter(kind="feedback_reminder").exists()
    assert feedback_reminders_send(today=today + timedelta(days=1)) == 0  # not a reminder day


def test_a_judge_who_declined_gets_no_reminder(owner, judge, challenge, proposal):
    assignments_bulk(challenge=challenge, per_proposal=1)
    Judge.objects.filter(user=judge).update(declined_at=timezone.now())
    today = timezone.localdate()
    Challenge.objects.filter(pk=challenge.pk).update(feedback_deadline=today + timedelta(days=3))
    assert feedback_reminders_send(today=today) == 1
    assert owner.notifications.filter(kind="feedback_reminder").exists()
    assert not judge.notifications.filter(kind="feedback_reminder").exists()
