"""Who may see and do what in a run, through the API: the educator (and co-educators), a
student of the run, a student of another run, an outsider and an anonymous visitor."""

from __future__ import annotations

import json

import pytest

from marketplace.teams import services
from tests.factories import UserFactory
from tests.marketplace.teams.run_builders import (
    add_challenge,
    add_student,
    educator_of,
    make_run,
    publish,
    small_run,
    university,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def built():
    built = small_run()
    run = built["run"]
    students = built["students"]
    # student 0 avoids student 1: confidential
    services.survey_submit(
        entry=students[0], discipline=students[0].discipline, availability=["mon-am", "tue-am"],
        challenge_prefs=[built["challenge"].pk], avoid=[students[1].pk],
    )  # fmt: skip
    co = UserFactory()
    services.coeducator_add(run=run, email=co.email)
    other_org = university()
    other_run = make_run(educator_of(other_org), other_org)
    add_challenge(other_run)
    built.update(
        co=co,
        student=students[0].user,
        mate=students[1].user,
        other_student=add_student(other_run, "0713").user,
        outsider=UserFactory(),
    )
    return built


def _url(built, suffix=""):
    return f"/api/v1/team-runs/{built['run'].pk}/{suffix}"


@pytest.mark.parametrize(
    ("who", "status"),
    [("educator", 200), ("co", 200), ("student", 200), ("other_student", 404),
     ("outsider", 404), ("anonymous", 401)],
)  # fmt: skip
def test_run_detail(api, built, who, status):
    user = None if who == "anonymous" else built[who]
    response = api(user).get(_url(built))
    assert response.status_code == status
    if status == 200:
        data = response.json()
        if who in ("educator", "co"):
            assert data["role"] == "educator" and data["invite_url"]
        else:
            assert data["role"] == "student"
            assert "invite_url" not in data and "solve_error" not in data


@pytest.mark.parametrize(
    ("who", "rows"),
    [("educator", 5), ("co", 5), ("student", 1), ("mate", 1)],
)
def test_students_see_only_their_own_answers(api, built, who, rows):
    response = api(built[who]).get(_url(built, "students/"))
    assert response.status_code == 200
    results = response.json()["results"]
    assert len(results) == rows
    if rows == 1:
        assert results[0]["name"] == built[who].display_name


def test_avoid_lists_are_shown_to_educators_only(api, built):
    avoider, avoided = built["students"][0], built["students"][1]
    educator_rows = api(built["educator"]).get(_url(built, "students/")).json()["results"]
    assert {r["id"]: r["avoid"] for r in educator_rows}[avoider.pk] == [avoided.pk]
    # the avoided student never learns it, from any endpoint
    for suffix in ("", "students/", "students/me/", "teams/", "peer-evaluations/"):
        body = api(built["mate"]).get(_url(built, suffix)).content.decode()
        assert f'"avoid":[{avoided.pk}]' not in body.replace(" ", "")
        data = json.loads(body)
        rows = data.get("results", [data]) if isinstance(data, dict) else data
        for row in rows:
            assert "avoid" not in row or row.get("id") == avoided.pk


@pytest.mark.parametrize(
    ("who", "status"),
    [("student", 403), ("other_student", 404), ("outsider", 404), ("anonymous", 401)],
)
@pytest.mark.parametrize(
    ("suffix", "body"),
    [("solve/", {}), ("publish/", {}), ("swap/", {"a": 1, "b": 2}),
     ("move/", {"student": 1, "team": 1}), ("lock/", {"student": 1}),
     ("challenges/", {"title": "x", "teams": 1}),
     ("invitations/", {"emails": ["a@example.org"]}),
     ("educators/", {"email": "a@example.org"})],
)  # fmt: skip
def test_educator_actions_are_refused_to_others(api, built, who, status, suffix, body):
    user = None if who == "anonymous" else built[who]
    response = api(user).post(_url(built, suffix), body, format="json")
    assert response.status_code == status


def test_teams_are_hidden_from_students_until_published(api, built):
    assert api(built["student"]).get(_url(built, "teams/")).json()["results"] == []
    educator_teams = api(built["educator"]).get(_url(built, "teams/")).json()["results"]
    assert len(educator_teams) == 2 and "warnings" in educator_teams[0]
    publish(built["run"], built["educator"])
    teams = api(built["student"]).get(_url(built, "teams/")).json()["results"]
    assert len(teams) == 1
    assert built["student"].display_name in [m["name"] for m in teams[0]["members"]]
    assert "warnings" not in teams[0]
    assert all(r["code"] != "locked_members" for r in teams[0]["reasons"])


def test_only_university_members_create_runs(api, built):
    body = {"title": "T", "course": "C", "organisation": built["org"].pk}
    assert api(built["outsider"]).post("/api/v1/team-runs/", body, format="json").status_code == 403
    other_university = university()
    refused = api(built["educator"]).post(
        "/api/v1/team-runs/", {**body, "organisation": other_university.pk}, format="json"
    )
    assert refused.status_code == 400 and "organisation" in refused.json()
    created = api(built["educator"]).post("/api/v1/team-runs/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["role"] == "educator"
    assert api(None).post("/api/v1/team-runs/", body, format="json").status_code == 401


def test_the_run_list_shows_only_my_runs(api, built):
    mine = {r["id"] for r in api(built["student"]).get("/api/v1/team-runs/").json()["results"]}
    assert mine == {built["run"].pk}
    assert api(built["outsider"]).get("/api/v1/team-runs/").json()["results"] == []
