"""Regrouping (large-neighbourhood search) keeps every hard rule and lifts the worst team;
freeing all teams of a tiny request at once rebuilds it optimally."""

from __future__ import annotations

import time
from typing import Any

import pytest

from marketplace.teams import check_solution, form_teams, recompute_objective
from marketplace.teams.problem import Problem, parse_problem
from marketplace.teams.regroup import regroup
from marketplace.teams.search import local_search

from .brute_force import CASES, optimum, pessimum, team_slots, tiny_request

WORK = 100_000  # search nodes: ample for 5-8 students


def _result(p: Problem, assignment: list[int]) -> dict[str, Any]:
    return {
        "teams": [
            {
                "challenge": p.challenges[slot.challenge].id,
                "members": [p.students[i].id for i, t in enumerate(assignment) if t == slot.index],
            }
            for slot in p.teams
        ],
        "unassigned": [p.students[i].id for i, t in enumerate(assignment) if t < 0],
    }


@pytest.mark.parametrize("seed", CASES)
def test_regrouping_the_worst_assignment_reaches_the_optimum(seed):
    req = tiny_request(seed)
    found = optimum(req)
    assert found is not None
    best = found[0]
    worst_found = pessimum(req)
    assert worst_found is not None
    worst_score, teams = worst_found
    p = parse_problem(req)
    start = [-1] * p.n_students
    for t, members in enumerate(teams):
        for sid in members:
            start[p.student_index[sid]] = t
    assert team_slots(req) == [p.challenges[slot.challenge].id for slot in p.teams]

    improved = regroup(p, start, seed=seed, work=WORK, deadline=time.monotonic() + 60)

    result = _result(p, improved)
    assert check_solution(req, result) == []
    assert recompute_objective(req, result)["worst"] == pytest.approx(best)
    assert worst_score <= best


def test_regrouping_keeps_locks_and_fixed_groups(cohort):
    cohort["options"]["together"] = [["s1", "s2"]]
    cohort["options"]["locks"] = {"s3": 1, "s4": {"challenge": "c2", "team": 1}, "s5": 3}
    p = parse_problem(cohort)
    everyone = list(range(p.n_students))
    start = local_search(p, everyone, seed=0, iterations=2000, deadline=time.monotonic() + 10)
    assert start.violations == 0
    before = recompute_objective(cohort, _result(p, start.assignment))["worst"]

    improved = regroup(p, start.assignment, seed=0, work=10**6, deadline=time.monotonic() + 60)

    result = _result(p, improved)
    assert check_solution(cohort, result) == []
    assert recompute_objective(cohort, result)["worst"] >= before
    where = {sid: n for n, t in enumerate(result["teams"]) for sid in t["members"]}
    assert where["s1"] == where["s2"]
    assert where["s3"] == 1 and where["s4"] == 3 and where["s5"] == 3


@pytest.mark.parametrize("seed", CASES[:6])
def test_solver_bound_holds_and_the_optimum_is_found(seed):
    req = tiny_request(seed)
    found = optimum(req)
    assert found is not None
    result = form_teams(req, seed=0, time_limit=3)
    obj = result["objective"]
    assert check_solution(req, result) == []
    assert obj["worst"] == pytest.approx(found[0], abs=1e-4)
    assert obj["bound"] >= found[0] - 1e-4
    assert obj["bound_source"] in {"closed-form", "cp-sat", "aggregated-lp", "team-lp"}
