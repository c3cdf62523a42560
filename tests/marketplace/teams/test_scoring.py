"""The default objective of DESIGN.md, computed on a hand-checked team."""

from __future__ import annotations

import pytest

from marketplace.teams.problem import Weights, parse_problem
from marketplace.teams.scoring import team_score

from .conftest import request, student


def _problem(weights: dict | None = None):
    students = [
        student("a", "0713", skills=["energy", "cad"], prefs=["c1", "c2", "c3", "c4"]),
        student("b", "0713", skills=["python"], prefs=["c2", "c1"]),
        student("c", "0421", skills=[], prefs=["c3"]),
    ]
    challenges = [
        {"id": "c1", "teams": 1, "required_skills": ["energy", "python", "gdpr", "design"]},
        {"id": "c2", "teams": 1},
        {"id": "c3", "teams": 1},
        {"id": "c4", "teams": 1},
    ]
    options = {"weights": weights} if weights else {}
    return parse_problem(request(students, challenges, lo=1, hi=3, **options))


def test_components_follow_the_design_formulas():
    score = team_score(_problem(), 0, [0, 1, 2])
    assert score.skills == pytest.approx(2 / 4)  # energy + python of 4 required
    assert score.diversity == pytest.approx(2 / 3)  # 0713, 0421 in 3 members
    # a: first of 4 -> 1; b: second of 2 -> 1 - 1/2; c: unranked -> 0
    assert score.preference == pytest.approx((1 + 0.5 + 0) / 3)
    assert score.score == pytest.approx((0.5 + 2 / 3 + 0.5) / 3)


def test_weights_change_the_mean():
    score = team_score(_problem({"skills": 2, "diversity": 0, "preference": 1}), 0, [0, 1, 2])
    assert score.score == pytest.approx((2 * 0.5 + 0.5) / 3)
    assert Weights().total == 3


def test_challenge_without_required_skills_counts_as_covered():
    assert team_score(_problem(), 1, [0]).skills == 1.0
