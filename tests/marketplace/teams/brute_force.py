"""Tiny random requests and their true optimum by brute force (every assignment checked
by the independent checker). Shared by the bound and regrouping tests."""

from __future__ import annotations

import functools
import itertools
import json
import random
from collections.abc import Iterator
from typing import Any

from marketplace.teams import check_solution, recompute_objective

from .conftest import request, student

DISCIPLINES = ["0713", "0715", "0613", "0421"]
SKILLS = ["a", "b", "c", "d"]
SLOTS = ["mon", "tue", "wed", "thu"]


def tiny_request(seed: int) -> dict[str, Any]:
    """5-8 students, 1-3 challenges, every hard rule switched on at random."""
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


def team_slots(req: dict[str, Any]) -> list[str]:
    """Challenge id of every team slot, in the solver's slot order."""
    return [c["id"] for c in req["challenges"] for _ in range(c["teams"])]


def valid_assignments(req: dict[str, Any]) -> Iterator[tuple[float, list[list[str]]]]:
    """(worst team score, members per slot) of every valid assignment placing everyone.
    Assignments with a team outside the size range are skipped before the (slow) checker,
    which judges every other one."""
    slots = team_slots(req)
    ids = [s["id"] for s in req["students"]]
    lo, hi = req["team_size"]["min"], req["team_size"]["max"]
    for assignment in itertools.product(range(len(slots)), repeat=len(ids)):
        sizes = [0] * len(slots)
        for t in assignment:
            sizes[t] += 1
        if min(sizes) < lo or max(sizes) > hi:
            continue  # the checker refuses these too (team size rule)
        teams = [[ids[i] for i, t in enumerate(assignment) if t == k] for k in range(len(slots))]
        result = {
            "teams": [{"challenge": c, "members": m} for c, m in zip(slots, teams, strict=True)],
            "unassigned": [],
        }
        if not check_solution(req, result):
            yield recompute_objective(req, result)["worst"], teams


Found = tuple[float, list[list[str]]]


@functools.cache
def _extremes(key: str) -> tuple[Found, Found] | None:
    found = list(valid_assignments(json.loads(key)))
    if not found:
        return None
    return max(found, key=lambda f: f[0]), min(found, key=lambda f: f[0])


def optimum(req: dict[str, Any]) -> Found | None:
    """Best worst-team score over every valid assignment placing everyone, and its teams."""
    extremes = _extremes(json.dumps(req, sort_keys=True))
    return None if extremes is None else extremes[0]


def pessimum(req: dict[str, Any]) -> Found | None:
    """The valid assignment placing everyone with the lowest worst-team score."""
    extremes = _extremes(json.dumps(req, sort_keys=True))
    return None if extremes is None else extremes[1]


# seeds whose tiny request has a valid assignment placing everyone
CASES = [s for s in range(60) if optimum(tiny_request(s)) is not None][:14]
