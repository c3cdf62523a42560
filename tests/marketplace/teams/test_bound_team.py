"""Upper bounds on the worst team score hold against brute force on tiny requests.

Every valid assignment of a tiny request is enumerated and checked by the independent
checker; the best worst-team score found that way is the true optimum, and no bound may
claim less. A bound that cuts off a valid solution fails here.
"""

from __future__ import annotations

import itertools
import random
import time
from typing import Any

import pytest

from marketplace.teams import check_solution, recompute_objective
from marketplace.teams.bound import lp_bound, simple_bound
from marketplace.teams.colgen import TeamBound, team_bound
from marketplace.teams.problem import parse_problem

from .conftest import request, student

DISCIPLINES = ["0713", "0715", "0613", "0421"]
SKILLS = ["a", "b", "c", "d"]
SLOTS = ["mon", "tue", "wed", "thu"]


def _tiny(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    n = rng.randint(5, 8)
    cids = ["c1", "c2", "c3"][: rng.randint(1, 3)]
    ids = [f"s{k}" for k in range(n)]
    students = [
        student(
            sid,
            rng.choice(DISCIPLINES),
            skills=rng.sample(SKILLS, rng.randint(0, 2)),
            availability=rng.sample(SLOTS, rng.randint(2, 4)),
            group=rng.choice([None, None, None, "g"]),
            prefs=rng.sample(cids, rng.randint(0, len(cids))),
            avoid=[rng.choice([o for o in ids if o != sid])] if rng.random() < 0.15 else [],
        )
        for sid in ids
    ]
    challenges = [
        {
            "id": cid,
            "teams": 1 if len(cids) > 1 else 2,
            "required_skills": rng.sample(SKILLS, rng.randint(0, 3)),
            "required_disciplines": rng.sample(DISCIPLINES, rng.randint(0, 1)),
        }
        for cid in cids
    ]
    return request(
        students,
        challenges,
        lo=2,
        hi=4,
        no_lone_group_member=rng.random() < 0.5,
        min_common_slots=rng.randint(0, 2),
        weights={"skills": rng.choice([1, 2]), "diversity": 1, "preference": rng.choice([1, 3])},
    )


def _slots(req: dict[str, Any]) -> list[str]:
    return [c["id"] for c in req["challenges"] for _ in range(c["teams"])]


def _optimum(req: dict[str, Any]) -> tuple[float, list[list[str]]] | None:
    """Best worst-team score over every valid assignment placing everyone (brute force)."""
    slots = _slots(req)
    ids = [s["id"] for s in req["students"]]
    best: tuple[float, list[list[str]]] | None = None
    for assignment in itertools.product(range(len(slots)), repeat=len(ids)):
        teams = [[ids[i] for i, t in enumerate(assignment) if t == k] for k in range(len(slots))]
        result = {
            "teams": [{"challenge": c, "members": m} for c, m in zip(slots, teams, strict=True)],
            "unassigned": [],
        }
        if check_solution(req, result):
            continue
        worst = recompute_objective(req, result)["worst"]
        if best is None or worst > best[0]:
            best = (worst, teams)
    return best


CASES = [s for s in range(60) if _optimum(_tiny(s)) is not None][:14]


@pytest.mark.parametrize("seed", CASES)
def test_bounds_never_fall_below_the_brute_force_optimum(seed):
    req = _tiny(seed)
    optimum = _optimum(req)
    assert optimum is not None
    best, teams = optimum
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
    for c, members in zip(_slots(req), teams, strict=True):
        tb.add_column(p.challenge_index[c], tuple(p.student_index[m] for m in members))
    assert tb.excluded(best, time.monotonic() + 20) is False


def test_the_team_bound_is_tighter_than_the_aggregated_lp_somewhere():
    tighter = 0
    for seed in CASES:
        req = _tiny(seed)
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
