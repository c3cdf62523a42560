"""List endpoints of team formation are paginated or bounded and run a constant number of
queries; the OpenAPI schema documents them."""

from __future__ import annotations

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from marketplace.teams import services
from marketplace.teams.models import PeerEvaluation, RunStudent, Team, TeamMember
from tests.factories import UserFactory
from tests.marketplace.teams.run_builders import (
    add_challenge,
    educator_of,
    make_run,
    university,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_setup():
    org = university()
    educator = educator_of(org)
    run = make_run(educator, org)
    return {"org": org, "educator": educator, "run": run, "challenge": add_challenge(run)}


def _entries(run, n):
    made = []
    for _ in range(n):
        entry = RunStudent.objects.create(
            run=run, user=UserFactory(), discipline_id="0713", submitted_at=timezone.now(),
            availability=["mon-am"],
        )  # fmt: skip
        made.append(entry)
    others = list(RunStudent.objects.filter(run=run)[:2])
    for entry in made:
        entry.avoid.set(others)
    return made


def test_run_list(api, run_setup, assert_constant_queries):
    def add(n):
        for _ in range(n):
            run = make_run(run_setup["educator"], run_setup["org"])
            run.partner_organisations.add(run_setup["org"])
            services.coeducator_add(run=run, email=UserFactory().email)

    assert_constant_queries(lambda: api(run_setup["educator"]).get("/api/v1/team-runs/"), add)


def test_student_list(api, run_setup, assert_constant_queries):
    url = f"/api/v1/team-runs/{run_setup['run'].pk}/students/"
    assert_constant_queries(
        lambda: api(run_setup["educator"]).get(url), lambda n: _entries(run_setup["run"], n)
    )


def test_team_list(api, run_setup, assert_constant_queries):
    run, challenge = run_setup["run"], run_setup["challenge"]

    def add(n):
        for entry in _entries(run, n):
            index = Team.objects.filter(run=run).count()
            team = Team.objects.create(
                run=run, run_challenge=challenge, index=index, ordinal=index,
                reasons=[{"code": "disciplines",
                          "params": {"disciplines": ["0713"], "distinct": 1, "size": 1}}],
            )  # fmt: skip
            TeamMember.objects.create(team=team, student=entry)

    url = f"/api/v1/team-runs/{run.pk}/teams/"
    assert_constant_queries(lambda: api(run_setup["educator"]).get(url), add)


def test_peer_evaluation_list(api, run_setup, assert_constant_queries):
    run, challenge = run_setup["run"], run_setup["challenge"]
    team = Team.objects.create(run=run, run_challenge=challenge, index=0, ordinal=0)
    ratings = dict.fromkeys(
        ["contributing", "interacting", "keeping_on_track", "expecting_quality",
         "having_knowledge"], 3,
    )  # fmt: skip

    def add(n):
        for rater, ratee in zip(_entries(run, n), _entries(run, n), strict=True):
            PeerEvaluation.objects.create(team=team, rater=rater, ratee=ratee, **ratings)

    url = f"/api/v1/team-runs/{run.pk}/peer-evaluations/"
    assert_constant_queries(lambda: api(run_setup["educator"]).get(url), add)


def test_schema_documents_the_team_run_endpoints():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for path in ("/api/v1/team-runs/", "/api/v1/team-runs/form/",
                 "/api/v1/team-runs/{id}/teams/", "/api/v1/team-runs/{id}/swap/",
                 "/api/v1/team-runs/{id}/peer-evaluations/"):  # fmt: skip
        assert path in paths, sorted(p for p in paths if "team" in p)
