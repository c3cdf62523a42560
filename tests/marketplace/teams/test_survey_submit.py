"""Answering the survey through the API: bad input gets a clear 400 and changes nothing;
the survey is prefilled from the profile."""

from __future__ import annotations

import pytest

from marketplace.models import EscoSkill
from marketplace.teams import services
from marketplace.teams.models import RunStudent
from tests.factories import PersonProfileFactory, UserFactory
from tests.marketplace.teams.run_builders import (
    add_challenge,
    add_student,
    educator_of,
    make_run,
    university,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    org = university()
    run = make_run(educator_of(org), org)
    c1 = add_challenge(run, "Smart packaging")
    c2 = add_challenge(run, "Circular furniture")
    student = add_student(run, "0713", prefs=[c1, c2])
    other = add_student(run, "0311")
    return {"run": run, "c1": c1, "c2": c2, "student": student, "other": other}


def _put(api, setup, **changes):
    body = {
        "discipline": "0713",
        "skills": [],
        "languages": ["nl", "en"],
        "availability": ["mon-am", "tue-pm"],
        "challenge_prefs": [setup["c2"].pk, setup["c1"].pk],
        "avoid": [],
        "group": "",
        **changes,
    }
    url = f"/api/v1/team-runs/{setup['run'].pk}/students/me/"
    return api(setup["student"].user).put(url, body, format="json")


def _snapshot(entry: RunStudent):
    entry.refresh_from_db()
    return (entry.discipline_id, entry.availability, entry.challenge_prefs, entry.group,
            sorted(entry.avoid.values_list("pk", flat=True)))  # fmt: skip


def test_valid_answers_are_stored(api, setup):
    response = _put(api, setup, group="erasmus", avoid=[setup["other"].pk])
    assert response.status_code == 200, response.content
    entry = setup["student"]
    entry.refresh_from_db()
    assert entry.challenge_prefs == [setup["c2"].pk, setup["c1"].pk]
    assert entry.availability == ["mon-am", "tue-pm"]
    assert entry.group == "erasmus"
    assert response.json()["avoid"] == [setup["other"].pk]  # their own answer


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"availability": ["mon-am", "someday"]}, "availability"),
        ({"challenge_prefs": [999_999]}, "challenge_prefs"),
        ({"challenge_prefs": ["c1"]}, "challenge_prefs"),
        ("duplicate", "challenge_prefs"),
        ("self", "avoid"),
        ({"avoid": [999_999]}, "avoid"),
        ({"languages": ["xx"]}, "languages"),
        ({"discipline": "9999"}, "discipline"),
        ({"is_staff": True}, "is_staff"),
    ],
)
def test_bad_answers_get_a_400_naming_the_field_and_change_nothing(api, setup, changes, field):
    if changes == "duplicate":
        changes = {"challenge_prefs": [setup["c1"].pk, setup["c1"].pk]}
    elif changes == "self":
        changes = {"avoid": [setup["student"].pk]}
    before = _snapshot(setup["student"])
    response = _put(api, setup, **changes)
    assert response.status_code == 400
    assert field in response.json()
    assert _snapshot(setup["student"]) == before


def test_a_challenge_of_another_run_cannot_be_ranked(api, setup):
    org = university()
    elsewhere = add_challenge(make_run(educator_of(org), org), "Elsewhere")
    response = _put(api, setup, challenge_prefs=[elsewhere.pk])
    assert response.status_code == 400
    assert "challenge_prefs" in response.json()


def test_a_student_of_another_run_cannot_be_avoided(api, setup):
    org = university()
    stranger = add_student(make_run(educator_of(org), org), "0713")
    response = _put(api, setup, avoid=[stranger.pk])
    assert response.status_code == 400
    assert "avoid" in response.json()


def test_joining_prefills_the_survey_from_the_profile(setup):
    skill = EscoSkill.objects.order_by("pk").first()
    profile = PersonProfileFactory(
        user=UserFactory(), discipline_id="0421", availability=["wed-pm", "bogus"],
        languages=["fr"],
    )  # fmt: skip
    profile.skills.set([skill])
    entry = services.run_join(user=profile.user, run=setup["run"])
    assert entry.discipline_id == "0421"
    assert entry.availability == ["wed-pm"]
    assert entry.languages == ["fr"]
    assert list(entry.skills.all()) == [skill]
    assert entry.submitted_at is None


def test_join_by_token_through_the_api(api, setup):
    user = UserFactory()
    response = api(user).post(
        "/api/v1/team-runs/join/", {"token": setup["run"].invite_token}, format="json"
    )
    assert response.status_code == 200
    assert RunStudent.objects.filter(run=setup["run"], user=user).exists()
    wrong = api(UserFactory()).post("/api/v1/team-runs/join/", {"token": "nope"}, format="json")
    assert wrong.status_code == 404


def test_the_survey_closes_with_the_run(api, setup):
    services.run_update(run=setup["run"], survey_open=False)
    before = _snapshot(setup["student"])
    response = _put(api, setup, group="late")
    assert response.status_code == 400
    assert _snapshot(setup["student"]) == before
