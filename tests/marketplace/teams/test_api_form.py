"""POST /api/v1/team-runs/form/: DESIGN.md's form_teams JSON in, the result or a 400 with the
diagnosis out; nothing is stored."""

from __future__ import annotations

import pytest

from marketplace.teams import check_solution
from marketplace.teams.models import TeamRun
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/team-runs/form/"


def _student(sid, discipline, prefs=("c1",), avoid=()):
    return {"id": sid, "discipline": discipline, "skills": ["cad"], "languages": ["nl"],
            "availability": ["mon-am", "tue-am"], "challenge_prefs": list(prefs),
            "avoid": list(avoid)}  # fmt: skip


def _request(**changes):
    data = {
        "team_size": {"min": 2, "max": 3},
        "students": [
            _student("s1", "0713"),
            _student("s2", "0311", avoid=["s1"]),
            _student("s3", "0421"),
            _student("s4", "0212"),
        ],
        "challenges": [
            {"id": "c1", "teams": 2, "required_skills": ["cad"], "required_disciplines": []}
        ],
        "options": {"min_common_slots": 1, "time_limit": 1},
    }
    data.update(changes)
    return data


def test_form_returns_teams_in_the_design_format(api):
    response = api(UserFactory()).post(URL, _request(), format="json")
    assert response.status_code == 200, response.content
    result = response.json()
    assert {"teams", "unassigned", "objective"} <= set(result)
    assert {"challenge", "members", "score", "explanation"} <= set(result["teams"][0])
    assert check_solution(_request(), result) == []
    assert not TeamRun.objects.exists()


def test_infeasible_input_gets_a_400_naming_the_constraint_and_students(api):
    data = _request(
        challenges=[{"id": "c1", "teams": 2, "required_disciplines": ["0421"]}],
    )
    response = api(UserFactory()).post(URL, data, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["params"]["constraint"] == "required_discipline"
    assert "0421" in body["message"]


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        "text",
        {"team_size": {"min": 3, "max": 2}, "students": [], "challenges": [{"id": "c1"}]},
        {"team_size": {"min": 2, "max": 3}, "students": [{"id": "s1"}], "challenges": []},
    ],
)
def test_malformed_input_gets_a_400(api, data):
    response = api(UserFactory()).post(URL, data, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


def test_form_needs_a_signed_in_user(api):
    assert api(None).post(URL, _request(), format="json").status_code == 401
