"""POST /api/v1/challenges/: managers start drafts (with the default rubric of the type)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import Challenge

URL = "/api/v1/challenges/"
pytestmark = pytest.mark.django_db


def payload(organisation, **extra):
    return {
        "organisation": organisation.pk,
        "type": "idea",
        "title": "Less waste when cutting",
        "language": "en",
        **extra,
    }


@pytest.mark.parametrize("who", ["owner", "admin_member"])
def test_managers_start_a_draft_with_a_default_rubric(api, request, organisation, who):
    user = request.getfixturevalue(who)
    response = api(user).post(
        URL, payload(organisation, technologies=["cobots"], sector="clothing")
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["technologies"] == ["cobots"]
    challenge = Challenge.objects.get(pk=data["id"])
    assert challenge.created_by == user
    keys = list(challenge.criteria.values_list("key", flat=True))
    assert "impact_on_work" in keys


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_others_cannot_post_for_the_organisation(api, request, organisation, who):
    response = api(request.getfixturevalue(who)).post(URL, payload(organisation))
    assert response.status_code == 400
    assert "organisation" in response.json()
    assert not Challenge.objects.exists()


def test_anonymous_visitor_cannot_post(api, organisation):
    assert api(None).post(URL, payload(organisation)).status_code in {401, 403}
    assert not Challenge.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"deadline": (timezone.now() - timedelta(days=1)).isoformat()}, "deadline"),
        ({"status": "open"}, None),
        ({"is_staff": True}, "is_staff"),
        ({"type": "hackathon"}, "type"),
        ({"technologies": ["teleportation"]}, "technologies"),
        ({"wanted_partner_kinds": ["pirates"]}, "wanted_partner_kinds"),
        ({"budget_eur": -5}, "budget_eur"),
        ({"title": ""}, "title"),
        ({"visibility": "secret"}, "visibility"),
    ],
)
def test_bad_input_is_a_400_and_creates_nothing(api, owner, organisation, extra, field):
    response = api(owner).post(URL, payload(organisation, **extra))
    if extra == {"status": "open"}:
        # Read-only fields are ignored: the challenge starts as a draft.
        assert response.status_code == 201
        assert response.json()["status"] == "draft"
        return
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Challenge.objects.exists()


def test_feedback_date_before_the_deadline_is_refused(api, owner, organisation):
    response = api(owner).post(
        URL,
        payload(
            organisation,
            deadline=(timezone.now() + timedelta(days=20)).isoformat(),
            feedback_deadline=(timezone.now() + timedelta(days=5)).date().isoformat(),
        ),
    )
    assert response.status_code == 400
    assert "feedback_deadline" in response.json()
