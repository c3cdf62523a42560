"""POST /api/v1/challenges/{id}/transitions/: the whole lifecycle, enforced in one place and
logged with who and when. Wrong transitions are a 400 and change nothing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from marketplace.models import AwardPlace, Challenge, ChallengeTransition
from marketplace.models.challenges import Status
from tests.marketplace.challenges.factories import make_challenge, make_proposal, pass_deadline

pytestmark = pytest.mark.django_db


def move(api, user, challenge, to, **extra):
    return api(user).post(f"/api/v1/challenges/{challenge.pk}/transitions/", {"to": to, **extra})


def test_the_whole_lifecycle_through_the_api(api, owner, organisation, submitter):
    challenge = make_challenge(owner, organisation, Status.DRAFT)
    published = move(api, owner, challenge, "open", note="go")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "open"
    assert "score" in published.json()["quality"]

    challenge.refresh_from_db()
    proposal = make_proposal(submitter, challenge)
    pass_deadline(challenge)
    assert move(api, owner, challenge, "evaluating").status_code == 200

    place = AwardPlace.objects.create(challenge=challenge, rank=1, title="Pilot order")
    blocked = move(api, owner, challenge, "awarded")
    assert blocked.status_code == 400
    assert "feedback" in str(blocked.json()).lower()

    fb = api(owner).post(
        f"/api/v1/proposals/{proposal.pk}/feedback/",
        {
            "reason": "Clear plan, realistic price, good involvement of the welders.",
            "scores": {c.key: 7 for c in challenge.criteria.all()},
        },
    )
    assert fb.status_code == 201, fb.content
    granted = api(owner).post(
        f"/api/v1/challenges/{challenge.pk}/awards/", {"place": place.pk, "proposal": proposal.pk}
    )
    assert granted.status_code == 201, granted.content
    for to in ["awarded", "in_progress", "completed"]:
        response = move(api, owner, challenge, to)
        assert response.status_code == 200, response.content

    log = api(owner).get(f"/api/v1/challenges/{challenge.pk}/transitions/").json()
    assert [(e["from_status"], e["to_status"]) for e in log] == [
        ("draft", "open"),
        ("open", "evaluating"),
        ("evaluating", "awarded"),
        ("awarded", "in_progress"),
        ("in_progress", "completed"),
    ]
    assert all(e["by"] == owner.display_name and e["at"] for e in log)
    assert log[0]["note"] == "go"


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.DRAFT, "evaluating"),
        (Status.DRAFT, "awarded"),
        (Status.OPEN, "draft"),
        (Status.OPEN, "completed"),
        (Status.CANCELLED, "open"),
        (Status.OPEN, "open"),
        (Status.OPEN, "flying"),
    ],
)
def test_wrong_transitions_are_a_400_and_change_nothing(api, owner, organisation, start, to):
    challenge = make_challenge(owner, organisation, start)
    before = ChallengeTransition.objects.count()
    response = move(api, owner, challenge, to)
    assert response.status_code == 400
    assert Challenge.objects.get(pk=challenge.pk).status == start
    assert ChallengeTransition.objects.count() == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"deadline": None}, "deadline"),
        ({"summary": ""}, "summary"),
        ({"feedback_deadline": None}, "feedback"),
        (
            {
                "impact_safety": "",
                "impact_skills": "",
                "impact_privacy": "",
                "impact_work_organisation": "",
            },
            "impact on work",
        ),
    ],
)
def test_publishing_needs_a_complete_brief(api, owner, organisation, change, message):
    challenge = make_challenge(owner, organisation, Status.DRAFT)
    Challenge.objects.filter(pk=challenge.pk).update(**change)
    response = move(api, owner, challenge, "open")
    assert response.status_code == 400
    assert message in str(response.json()).lower()
    assert Challenge.objects.get(pk=challenge.pk).status == Status.DRAFT


def test_publishing_with_a_deadline_in_the_past_is_refused(api, owner, organisation):
    challenge = make_challenge(owner, organisation, Status.DRAFT)
    Challenge.objects.filter(pk=challenge.pk).update(deadline=timezone.now() - timedelta(days=1))
    assert move(api, owner, challenge, "open").status_code == 400


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 403), ("judge", 403), ("submitter", 403), ("outsider", 403), ("anonymous", 401)],
)
def test_only_managers_move_a_public_challenge(api, people, proposal, challenge, who, status):
    response = move(api, people[who], challenge, "cancelled")
    # A visitor without credentials may also be told to sign in.
    assert response.status_code == status or (who == "anonymous" and response.status_code == 401)
    assert Challenge.objects.get(pk=challenge.pk).status == Status.OPEN


def test_outsider_gets_404_for_an_invited_only_challenge(api, owner, organisation, outsider):
    hidden = make_challenge(owner, organisation, visibility="invited")
    assert move(api, outsider, hidden, "cancelled").status_code == 404


def test_cancel_tells_the_submitters(api, owner, proposal, challenge, submitter):
    assert move(api, owner, challenge, "cancelled").status_code == 200
    assert submitter.notifications.filter(kind="challenge_status").exists()


def test_daily_run_closes_challenges_past_their_deadline(owner, challenge):
    pass_deadline(challenge)
    call_command("challenge_daily", "--no-digest", verbosity=0)
    challenge.refresh_from_db()
    assert challenge.status == Status.EVALUATING
    entry = challenge.transitions.last()
    assert entry.by is None and entry.to_status == "evaluating"


def test_the_log_is_for_the_organisation(api, people, challenge):
    assert (
        api(people["member"]).get(f"/api/v1/challenges/{challenge.pk}/transitions/").status_code
        == 200
    )
    assert (
        api(people["outsider"]).get(f"/api/v1/challenges/{challenge.pk}/transitions/").status_code
        == 403
    )
