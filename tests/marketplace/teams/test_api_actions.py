"""Educator actions through the API: solve (state shown), lock, swap, move; bad input is a
400 that changes nothing."""

from __future__ import annotations

import pytest

from marketplace.teams.models import SolveState, Team, TeamMember
from tests.marketplace.teams.run_builders import add_challenge, small_run

pytestmark = pytest.mark.django_db


def _url(run, suffix):
    return f"/api/v1/team-runs/{run.pk}/{suffix}"


def _placement(run):
    return sorted(TeamMember.objects.filter(team__run=run).values_list("student_id", "team_id"))


def test_solve_through_the_api_reports_the_state(
    api, built_run, django_capture_on_commit_callbacks
):
    run, educator = built_run["run"], built_run["educator"]
    with django_capture_on_commit_callbacks(execute=True):
        response = api(educator).post(_url(run, "solve/"), {}, format="json")
    assert response.status_code == 202
    assert response.json()["solve_state"] == SolveState.QUEUED
    detail = api(educator).get(_url(run, "")).json()
    assert detail["solve_state"] == SolveState.DONE
    assert detail["objective"]["worst"] is not None


def test_solving_twice_at_once_is_refused(api, built_run):
    run = built_run["run"]
    response = api(built_run["educator"]).post(_url(run, "solve/"), {}, format="json")
    assert response.status_code == 202  # queued, not yet run (no commit in this test)
    again = api(built_run["educator"]).post(_url(run, "solve/"), {}, format="json")
    assert again.status_code == 400


def test_lock_swap_and_move(api, built_run):
    run, educator = built_run["run"], built_run["educator"]
    t1, t2 = Team.objects.filter(run=run)
    a, b = t1.members.first().student, t2.members.first().student
    locked = api(educator).post(_url(run, "lock/"), {"student": a.pk}, format="json")
    assert locked.status_code == 200 and locked.json()["locked"]
    swapped = api(educator).post(_url(run, "swap/"), {"a": a.pk, "b": b.pk}, format="json")
    assert swapped.status_code == 200
    a.refresh_from_db()
    assert a.membership.team_id == t2.pk and a.membership.locked
    moved = api(educator).post(_url(run, "move/"), {"student": b.pk, "team": t2.pk}, format="json")
    assert moved.status_code == 200
    teams = moved.json()["results"]
    assert all("score" in t and "explanation" in t and "warnings" in t for t in teams)


@pytest.mark.parametrize(
    ("suffix", "body"),
    [
        ("swap/", {"a": 0, "b": 1}),
        ("swap/", {"a": "x"}),
        ("move/", {"student": 0, "team": 0}),
        ("lock/", {"student": 0}),
        ("lock/", {"student": 1, "extra": True}),
    ],
)
def test_bad_actions_get_a_400_and_change_nothing(api, built_run, suffix, body):
    run = built_run["run"]
    before = _placement(run)
    response = api(built_run["educator"]).post(_url(run, suffix), body, format="json")
    assert response.status_code == 400
    assert _placement(run) == before


def test_challenge_of_another_owner_that_i_cannot_see_is_refused(api, built_run):
    run = built_run["run"]
    response = api(built_run["educator"]).post(
        _url(run, "challenges/"), {"title": "X", "teams": 1, "challenge": 999_999}, format="json"
    )
    assert response.status_code == 400


def test_changing_the_number_of_teams_discards_formed_teams(api, built_run):
    run = built_run["run"]
    url = _url(run, f"challenges/{built_run['challenge'].pk}/")
    response = api(built_run["educator"]).patch(url, {"teams": 1}, format="json")
    assert response.status_code == 200, response.content
    run.refresh_from_db()
    assert run.solve_state == SolveState.IDLE
    assert not Team.objects.filter(run=run).exists()
    add_challenge(run, "Second")
    assert api(built_run["educator"]).get(_url(run, "challenges/")).json()["count"] == 2


@pytest.fixture
def built_run():
    return small_run()


@pytest.mark.parametrize("body", [{"title": "X"}, {"teams": 1}, {}])
def test_a_challenge_without_its_title_or_number_of_teams_is_a_400_naming_it(api, built_run, body):
    run = built_run["run"]
    response = api(built_run["educator"]).post(_url(run, "challenges/"), body, format="json")
    assert response.status_code == 400, response.content
    assert {"title", "teams"} - set(body) <= set(response.json())
    assert api(built_run["educator"]).get(_url(run, "challenges/")).json()["count"] == 1
