"""Upper bounds on the worst team score hold against brute force on tiny requests.

Every valid assignment of a tiny request is enumerated and checked by the independent
checker; the best worst-team score found that way is the true optimum, and no bound may
claim less. A bound that cuts off a valid solution fails here.
"""

from __future__ import annotations

import time

import pytest

from marketplace.teams.bound import lp_bound, simple_bound
from marketplace.teams.colgen import TeamBound, team_bound
from marketplace.teams.problem import parse_problem

from .brute_force import CASES, optimum, team_slots, tiny_request


@pytest.mark.parametrize("seed", CASES)
def test_bounds_never_fall_below_the_brute_force_optimum(seed):
    req = tiny_request(seed)
    found = optimum(req)
    assert found is not None
    best, teams = found
    p = parse_problem(req)
    everyone = list(range(p.n_students))
    upper = simple_bound(p, everyone)
    assert upper >= best - 1e-9
    lp = lp_bound(p, everyone, placed=p.n_students, lower=best, deadline=time.monotonic() + 5)
    assert lp is not None and lp >= best - 1e-6
    # start the bisection well below the optimum so that it has to cross it
    bound = team_bound(
        p,
        everyone,
        placed=p.n_students,
        lower=0.0,
        upper=1.0,
        deadline=time.monotonic() + 20,
        tolerance=1e-4,
    )
    assert bound >= best - 1e-9
    # the optimal teams are columns, so the team LP cannot be excluded at the optimum
    tb = TeamBound(p, everyone, placed=p.n_students)
    assert tb.excluded(best, time.monotonic() + 20) is False
    # ... even when they are handed over as columns: the certificate must not cut them
    for c, members in zip(team_slots(req), teams, strict=True):
        tb.add_column(p.challenge_index[c], tuple(p.student_index[m] for m in members))
    assert tb.excluded(best, time.monotonic() + 20) is False


def test_the_team_bound_is_tighter_than_the_aggregated_lp_somewhere():
    tighter = 0
    for seed in CASES:
        req = tiny_request(seed)
        p = parse_problem(req)
        everyone = list(range(p.n_students))
        lp = lp_bound(p, everyone, placed=p.n_students, lower=0.0, deadline=time.monotonic() + 5)
        tb = team_bound(
            p,
            everyone,
            placed=p.n_students,
            lower=0.0,
            upper=1.0,
            deadline=time.monotonic() + 20,
            tolerance=1e-4,
        )
        assert lp is not None
        tighter += tb < lp - 1e-3
    assert tighter >= 1
