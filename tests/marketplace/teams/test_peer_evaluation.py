"""Peer evaluation: each student rates each teammate once on the five CATME dimensions,
only while the window is open; comments and flags reach the educator only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.teams import services
from marketplace.teams.models import PeerEvaluation, Team
from tests.marketplace.teams.run_builders import open_evaluation, publish, small_run

pytestmark = pytest.mark.django_db
RATINGS = {
    "contributing": 4, "interacting": 4, "keeping_on_track": 3, "expecting_quality": 5,
    "having_knowledge": 4,
}  # fmt: skip


@pytest.fixture
def team_run():
    built = small_run()
    publish(built["run"], built["educator"])
    team = max(Team.objects.filter(run=built["run"]), key=lambda t: t.members.count())
    members = [m.student for m in team.members.all()]
    other_team = Team.objects.filter(run=built["run"]).exclude(pk=team.pk).first()
    built.update(team=team, members=members, outsider_student=other_team.members.first().student)
    return built


def _rate(api, built, rater, ratee, **changes):
    url = f"/api/v1/team-runs/{built['run'].pk}/peer-evaluations/"
    return api(rater.user).post(url, {"ratee": ratee.pk, **RATINGS, **changes}, format="json")


def test_rating_is_refused_before_the_window_opens(api, team_run):
    a, b = team_run["members"][:2]
    assert _rate(api, team_run, a, b).status_code == 400
    assert not PeerEvaluation.objects.exists()


def test_rating_is_refused_after_the_window_closes(api, team_run):
    now = timezone.now()
    services.run_update(
        run=team_run["run"], evaluation_opens_at=now - timedelta(days=8),
        evaluation_closes_at=now - timedelta(days=1),
    )  # fmt: skip
    a, b = team_run["members"][:2]
    assert _rate(api, team_run, a, b).status_code == 400


def test_each_teammate_is_rated_once(api, team_run):
    open_evaluation(team_run["run"])
    a, b = team_run["members"][:2]
    assert _rate(api, team_run, a, b).status_code == 201
    again = _rate(api, team_run, a, b, contributing=1)
    assert again.status_code == 400
    assert PeerEvaluation.objects.get().contributing == 4


@pytest.mark.parametrize(
    "changes",
    [{"contributing": 0}, {"having_knowledge": 6}, {"interacting": None}, {"secret": 1}],
)
def test_ratings_are_one_to_five_on_every_dimension(api, team_run, changes):
    open_evaluation(team_run["run"])
    a, b = team_run["members"][:2]
    assert _rate(api, team_run, a, b, **changes).status_code == 400
    assert not PeerEvaluation.objects.exists()


def test_only_teammates_and_not_oneself(api, team_run):
    open_evaluation(team_run["run"])
    a = team_run["members"][0]
    assert _rate(api, team_run, a, a).status_code == 400
    assert _rate(api, team_run, a, team_run["outsider_student"]).status_code == 400
    assert not PeerEvaluation.objects.exists()


def test_flags_and_comments_reach_the_educator_only(api, team_run):
    open_evaluation(team_run["run"])
    a, b = team_run["members"][:2]
    _rate(api, team_run, a, b, contributing=1, flag_free_riding=True, comment="never shows up")
    summary_url = f"/api/v1/team-runs/{team_run['run'].pk}/peer-evaluations/summary/"
    rows = api(team_run["educator"]).get(summary_url).json()["results"]
    row = next(r for r in rows if r["student"] == b.pk)
    assert row["free_riding_flags"] == 1 and row["attention"]
    assert row["comments"][0]["text"] == "never shows up"
    assert api(b.user).get(summary_url).status_code == 403
    # b sees no evaluation about them; a sees only the one they gave
    listing = f"/api/v1/team-runs/{team_run['run'].pk}/peer-evaluations/"
    assert api(b.user).get(listing).json()["results"] == []
    assert len(api(a.user).get(listing).json()["results"]) == 1
    assert len(api(team_run["educator"]).get(listing).json()["results"]) == 1
