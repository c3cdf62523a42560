"""Input found from the outside that used to answer 500: every one is now a clear 4xx that
names what was wrong, and changes nothing."""

import pytest

from marketplace.models import Notification, Score
from marketplace.services.notifications import notify

pytestmark = pytest.mark.django_db

CHALLENGES = "/api/v1/challenges/"


def test_mine_for_an_anonymous_visitor_is_an_empty_list(api, challenge):
    response = api(None).get(CHALLENGES, {"mine": "true"})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == 0
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("budget_min", "2251799813685248"),  # the budget column is a 32-bit integer
        ("budget_max", "2251799813685248"),
        ("organisation", "9223372036854775808"),  # ids are 64-bit
    ],
)
def test_an_integer_filter_out_of_range_is_a_400_naming_it(api, owner, challenge, field, value):
    response = api(owner).get(CHALLENGES, {field: value})
    assert response.status_code == 400, response.content
    assert field in response.json()


@pytest.mark.parametrize("value", ["abc", "1.5", "-1"])
def test_a_malformed_budget_filter_is_a_400_naming_it(api, owner, challenge, value):
    response = api(owner).get(CHALLENGES, {"budget_min": value})
    assert response.status_code == 400, response.content
    assert "budget_min" in response.json()


def test_a_budget_filter_within_range_still_filters(api, owner, challenge):
    assert api(owner).get(CHALLENGES, {"budget_min": "0"}).json()["count"] == 1
    assert api(owner).get(CHALLENGES, {"budget_min": "2147483647"}).json()["count"] == 0


@pytest.mark.parametrize("suffix", ["", "feedback/", "versions/", "submit/"])
def test_a_proposal_id_that_is_not_a_number_is_a_404(api, submitter, proposal, suffix):
    method = "post" if suffix == "submit/" else "get"
    response = getattr(api(submitter), method)(f"/api/v1/proposals/abc/{suffix}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/challenges/abc/",
        "/api/v1/notifications/abc/read/",
        "/api/v1/organisations/abc/",
        "/api/v1/judging/assignments/abc/",
    ],
)
def test_other_ids_that_are_not_numbers_are_a_404(api, submitter, path):
    client = api(submitter)
    response = client.post(path) if path.endswith("read/") else client.get(path)
    assert response.status_code == 404


def test_marking_someone_elses_notification_read_is_a_404(api, outsider, member):
    notify(users=[member], kind="feedback", title="Hello", params={}, url="/x/")
    theirs = Notification.objects.get(user=member)
    response = api(outsider).post(f"/api/v1/notifications/{theirs.pk}/read/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert api(member).post(f"/api/v1/notifications/{theirs.pk}/read/").json() == {"marked": 1}


def test_an_unknown_field_inside_a_score_item_is_refused(api, judge, challenge, proposal):
    from marketplace.services.judging import assignments_bulk

    assignments_bulk(challenge=challenge, per_proposal=1)
    assignment = judge.judgeships.get().assignments.get()
    criterion = challenge.criteria.first()
    response = api(judge).patch(
        f"/api/v1/judging/assignments/{assignment.pk}/",
        {"scores": [{"criterion": criterion.key, "value": 5, "weight": 100}]},
    )
    assert response.status_code == 400, response.content
    assert "weight" in str(response.json())
    assert not Score.objects.exists()
