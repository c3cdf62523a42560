"""Feasibility first: find an assignment meeting every hard rule, or prove there is none.

Why a separate model. With tight availability (the normal case across institutions, whose
timetables differ) the per-team models fail: annealing (``search``) and the per-team CP-SAT
model (``cpsat``) both found nothing in 20-40 s on a 240-student class that has a valid
assignment. Teams of one challenge are interchangeable, so a per-team model explores every
relabelling of the same teams, and "the members share k slots" couples every member of a
team with every other.

Here a team is seen through its *class*: its challenge c and a key K, a k-subset of slots
all its members share (k = ``min_common_slots``; one empty key when k = 0). The plan says
how many of c's teams have key K (``n[c, K]``) and which class each student joins; a
student may join (c, K) only when K is among their slots. Per class the plan keeps the
team sizes (between n·min and n·max members), the required disciplines (at least n
holders), ``no_lone_group_member`` (a group has 0 or at least 2 members there), ``avoid``
(a pair shares a class only if it holds two teams or more), locks and together-groups.
Any valid assignment gives such a plan (key every team by k of its shared slots), so a
plan that CP-SAT proves impossible proves that no valid assignment exists.

Splitting a plan into teams (``_split``) is a small exact problem per class; when a class
cannot be split (possible only with groups or avoid pairs inside a class of several teams)
that class's composition is excluded and the plan is searched again.

Measured (2 cores, one CP-SAT worker): CP-SAT's local search alone (``use_ls_only``,
presolve off) finds a plan for the 240-student tight class in 0.2 s; the default search with
presolve needed 5-6 s, the per-team model did not finish in 40 s. The complete search runs
after the local search, to prove infeasibility when there is nothing to find.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from math import comb
from typing import Any

from ortools.sat.python import cp_model

from .problem import Problem
from .scoring import team_score

# Enumerating every student's k-subsets of slots is cheap up to this many in total.
MAX_KEY_ENUMERATION = 200_000
# A plan that cannot be split is excluded and the plan searched again this many times.
MAX_SPLIT_RETRIES = 8
# Integer scale of team scores in the ascent's model.
SCORE_SCALE = 1000
# The weakest team's ascent first aims this far above the current weakest.
ASCENT_FIRST_STEP = 0.01
# The weakest team's ascent stops when it knows the best to within this (score units).
ASCENT_PRECISION = 0.004
# One step of the ascent may use at most this share of the ascent's budget.
ASCENT_STEP_SHARE = 0.25
# Plans with more student x class cells than this leave the wall time to the local search.
LARGE_PLAN_CELLS = 20_000
# Deterministic time units CP-SAT runs per second on these models (measured: about 1 on
# the reference machine, 2 cores; the per-team model in cpsat.py runs at 0.4-0.5).
DTIME_PER_SECOND = 1.0


@dataclass
class PlanResult:
    """``status``: "found", "infeasible" (proved) or "unknown" (neither within the limit)."""

    status: str
    assignment: list[int] | None = None
    stats: dict[str, Any] = field(default_factory=dict)


def slot_keys(p: Problem, placeable: list[int]) -> list[int] | None:
    """Slot sets (bitmasks) a team can be keyed by; None when there are too many to list."""
    k = p.options.min_common_slots
    if not k:
        return [0]
    total = sum(comb(p.avail_mask[i].bit_count(), k) for i in placeable)
    if total > MAX_KEY_ENUMERATION:
        return None
    counts: dict[int, int] = defaultdict(int)
    for i in placeable:
        bits = [s for s in range(len(p.slots)) if p.avail_mask[i] >> s & 1]
        for subset in combinations(bits, k):
            counts[sum(1 << s for s in subset)] += 1
    # a team needs size_min members who all have its key
    return sorted(key for key, n in counts.items() if n >= p.size_min)


class SlotPlan:
    """The CP-SAT model of class counts and class membership (see the module docstring)."""

    def __init__(
        self, p: Problem, placeable: list[int], keys: list[int], target: int | None
    ) -> None:
        self.p, self.keys, self.placeable = p, keys, placeable
        self.dtime_used = 0.0
        self.counts: dict[tuple[int, int], int] = {}
        m = self.m = cp_model.CpModel()
        self.z: dict[tuple[int, int, int], Any] = {}  # (student, challenge, key) -> bool
        self.cls: dict[tuple[int, int], list[tuple[int, Any]]] = defaultdict(list)
        self.n: dict[tuple[int, int], Any] = {}
        locked_team = {
            i: p.allowed_teams[i][0]
            for i in placeable
            if len(p.allowed_teams[i]) == 1 and p.students[i].id in p.options.locks
        }
        self.locked_team = locked_team
        for i in placeable:
            challenges = sorted({p.teams[t].challenge for t in p.allowed_teams[i]})
            mine = []
            for c in challenges:
                for key in keys:
                    if p.avail_mask[i] & key == key:
                        v = m.new_bool_var(f"z{i}_{c}_{key}")
                        self.z[i, c, key] = v
                        self.cls[c, key].append((i, v))
                        mine.append(v)
            if target == len(placeable) or p.students[i].id in p.options.locks:
                m.add_exactly_one(mine)  # a locked student has to be placed
            else:
                m.add(sum(mine) <= 1)
        if target is None:
            m.maximize(sum(self.z.values()))
        elif target < len(placeable):
            m.add(sum(self.z.values()) >= target)
        for c, ch in enumerate(p.challenges):
            counts = []
            for key in keys:
                if (c, key) in self.cls:
                    self.n[c, key] = m.new_int_var(0, ch.teams, f"n{c}_{key}")
                    counts.append(self.n[c, key])
            m.add(sum(counts) == ch.teams)
        self._classes()
        self._locks()
        self._together()

    def _classes(self) -> None:
        p, m = self.p, self.m
        for (c, key), members in self.cls.items():
            n = self.n[c, key]
            size = sum(v for _, v in members)
            m.add(size >= p.size_min * n)
            m.add(size <= p.size_max * n)
            for d in p.required_disc_idx[c]:
                m.add(sum(v for i, v in members if p.discipline_of[i] == d) >= n)
            if p.options.no_lone_group_member:
                by_group: dict[int, list[Any]] = defaultdict(list)
                for i, v in members:
                    if p.group_of[i] >= 0:
                        by_group[p.group_of[i]].append(v)
                for g, vs in sorted(by_group.items()):
                    some = m.new_bool_var(f"g{c}_{key}_{g}")
                    m.add(sum(vs) >= 2).only_enforce_if(some)
                    m.add(sum(vs) == 0).only_enforce_if(some.Not())
            inside = {i: v for i, v in members}
            pairs = [(i, j) for i in inside for j in p.avoid_idx[i] if i < j and j in inside]
            if pairs:
                single = m.new_bool_var(f"one{c}_{key}")
                m.add(n <= 1).only_enforce_if(single)
                m.add(n >= 2).only_enforce_if(single.Not())
                for i, j in pairs:
                    m.add(inside[i] + inside[j] <= 1).only_enforce_if(single)

    def _locks(self) -> None:
        """Students locked to one team: that team sits in exactly one class, with them."""
        p, m = self.p, self.m
        by_team: dict[int, list[int]] = defaultdict(list)
        for i, t in self.locked_team.items():
            by_team[t].append(i)
        per_class: dict[tuple[int, int], list[Any]] = defaultdict(list)
        for t, students in sorted(by_team.items()):
            c = p.teams[t].challenge
            where = []
            for key in self.keys:
                if (c, key) not in self.n:
                    continue
                w = m.new_bool_var(f"w{t}_{key}")
                where.append(w)
                per_class[c, key].append(w)
                for i in students:
                    v = self.z.get((i, c, key))
                    if v is None:
                        m.add(w == 0)
                    else:
                        m.add(v == w)
            m.add(sum(where) == 1)
        for ck, ws in per_class.items():
            m.add(sum(ws) <= self.n[ck])

    def _together(self) -> None:
        p, m = self.p, self.m
        for group in p.together_idx:
            members = [i for i in group if i in set(self.placeable)]
            for a, b in pairwise(members):
                for c in range(len(p.challenges)):
                    for key in self.keys:
                        va, vb = self.z.get((a, c, key)), self.z.get((b, c, key))
                        if va is None and vb is None:
                            continue
                        if va is None or vb is None:
                            m.add((vb if va is None else va) == 0)
                        else:
                            m.add(va == vb)

    def require_worst(self, worst: float) -> None:
        """One team per class, every team scoring at least ``worst`` (see ``raise_worst``)."""
        p, m = self.p, self.m
        ws, wd, wp = (round(SCORE_SCALE * w) for w in p.options.weights.shares())
        floor = round(SCORE_SCALE * SCORE_SCALE * worst)
        for (c, key), members in self.cls.items():
            n = self.n[c, key]
            m.add(n <= 1)
            req = len(p.challenges[c].required_skills)
            covered: list[Any] = []
            for k in range(req):
                holders = [v for i, v in members if p.skill_mask[i][c] >> k & 1]
                if holders:
                    q = m.new_bool_var("")
                    m.add(q <= sum(holders))
                    covered.append(q)
            by_disc: dict[int, list[Any]] = defaultdict(list)
            for i, v in members:
                by_disc[p.discipline_of[i]].append(v)
            distinct = []
            for vs in by_disc.values():
                q = m.new_bool_var("")
                m.add(q <= sum(vs))
                distinct.append(q)
            # rounded up: the model never under-rates a team (the true score is checked after)
            pref = sum(math.ceil(SCORE_SCALE * p.pref[i][c]) * v for i, v in members)
            size = sum(v for _, v in members)
            sizes = {z: m.new_bool_var("") for z in range(p.size_min, p.size_max + 1)}
            m.add(sum(sizes.values()) == n)
            m.add(size == sum(z * lit for z, lit in sizes.items()))
            r = max(1, req)
            skills = sum(covered) if req else 1
            for z, lit in sizes.items():
                # score = ws*covered/r + wd*distinct/z + wp*pref/(SCALE*z), times SCALE*r*z
                m.add(
                    SCORE_SCALE * ws * z * skills
                    + SCORE_SCALE * wd * r * sum(distinct)
                    + wp * r * pref
                    >= floor * r * z
                ).only_enforce_if(lit)

    def exclude(self, c: int, key: int, members: list[int], n: int) -> None:
        """Forbid this exact composition of class (c, key) with n teams (it cannot be split)."""
        m = self.m
        same_n = m.new_bool_var("")
        m.add(self.n[c, key] == n).only_enforce_if(same_n)
        m.add(self.n[c, key] != n).only_enforce_if(same_n.Not())
        lits = [self.z[i, c, key] for i in members]
        m.add(sum(lits) <= len(lits) - 1).only_enforce_if(same_n)

    def solve(
        self, *, seconds: float, seed: int, local_only: bool, wall: float
    ) -> tuple[str, dict[tuple[int, int, int], bool] | None]:
        """(status, membership values when a plan was found)."""
        solver = cp_model.CpSolver()
        prm = solver.parameters
        prm.num_workers = 1
        prm.random_seed = seed
        # one worker and a deterministic-time limit make a seed reproduce its plan; the
        # wall limit is only a safety net on a much slower machine
        prm.max_deterministic_time = max(0.05, DTIME_PER_SECOND * seconds)
        prm.max_time_in_seconds = max(0.05, wall)
        if local_only:
            prm.use_ls_only = True
            prm.cp_model_presolve = False
        code = solver.solve(self.m)
        self.dtime_used = solver.deterministic_time
        status = {
            cp_model.OPTIMAL: "found",
            cp_model.FEASIBLE: "found",
            cp_model.INFEASIBLE: "infeasible",
        }.get(code, "unknown")
        if status != "found":
            return status, None
        self.counts = {ck: solver.value(v) for ck, v in self.n.items()}
        return status, {key: solver.boolean_value(v) for key, v in self.z.items()}

    def split(
        self, values: dict[tuple[int, int, int], bool], deadline: float
    ) -> list[int] | str | None:
        """Teams from a plan; None (and that class excluded) when a class cannot be split,
        "unknown" when a split was not decided in time."""
        p = self.p
        classes: dict[tuple[int, int], list[int]] = defaultdict(list)
        for (i, c, key), on in values.items():
            if on:
                classes[c, key].append(i)
        assignment = [-1] * p.n_students
        free = {c: list(p.teams_of(c)) for c in range(len(p.challenges))}
        for t in set(self.locked_team.values()):
            free[p.teams[t].challenge].remove(t)
        for (c, key), members in sorted(classes.items()):
            n = self.counts[c, key]
            locked = sorted({self.locked_team[i] for i in members if i in self.locked_team})
            teams = locked + [free[c].pop(0) for _ in range(n - len(locked))]
            split = _split(p, c, members, teams, self.locked_team, deadline)
            if split is None:
                self.exclude(c, key, members, n)
            if not isinstance(split, dict):
                return split
            for i, t in split.items():
                assignment[i] = t
        return assignment


def find_valid(
    p: Problem,
    placeable: list[int],
    *,
    target: int | None,
    seed: int,
    seconds: float,
    deadline: float,
) -> PlanResult:
    """An assignment placing ``target`` students with every hard rule, if one can be found.

    ``target`` None: as many students as possible (the best found within the budget).
    ``seconds`` is the budget (turned into CP-SAT deterministic time, so a seed reproduces
    its result); ``deadline`` (time.monotonic()) is a hard stop. Status "infeasible" is a
    proof that no valid assignment places ``target`` students.
    """
    start = time.monotonic()
    keys = slot_keys(p, placeable)
    if keys is None:
        return PlanResult("unknown", stats={"reason": "too_many_slot_sets"})
    plan = SlotPlan(p, placeable, keys, target)
    stats: dict[str, Any] = {"keys": len(keys), "cells": len(plan.z), "splits_retried": 0}
    for attempt in range(MAX_SPLIT_RETRIES + 1):
        left = deadline - time.monotonic()
        if left <= 0.02:
            break
        # local search first (finds plans fast), then the complete search (also proves);
        # on large plans the complete search's presolve alone takes seconds, so the local
        # search keeps most of the wall time there
        share = 0.9 if len(plan.z) > LARGE_PLAN_CELLS else 0.6
        status, values = plan.solve(
            seconds=0.5 * seconds, seed=seed + attempt, local_only=True, wall=share * left
        )
        left = deadline - time.monotonic()
        if (status != "found" or target is None) and left > 0.02:
            plan.m.clear_hints()
            if values is not None:  # what the local search placed is the starting point
                for key, v in plan.z.items():
                    plan.m.add_hint(v, values[key])
            status2, values2 = plan.solve(
                seconds=0.5 * seconds, seed=seed + attempt, local_only=False, wall=left
            )
            if values2 is not None or status2 == "infeasible":
                status, values = status2, values2
        if status == "infeasible":
            # exclusions are only added for compositions that cannot be split, so the
            # proof holds for the original rules too
            stats["time_s"] = round(time.monotonic() - start, 3)
            return PlanResult("infeasible", stats=stats)
        if values is None:
            break
        assignment = plan.split(values, deadline)
        if isinstance(assignment, str):
            break
        if assignment is not None:
            stats["time_s"] = round(time.monotonic() - start, 3)
            return PlanResult("found", assignment, stats)
        stats["splits_retried"] += 1
    stats["time_s"] = round(time.monotonic() - start, 3)
    return PlanResult("unknown", stats=stats)


def _split(
    p: Problem,
    c: int,
    members: list[int],
    teams: list[int],
    locked_team: dict[int, int],
    deadline: float,
) -> dict[int, int] | str | None:
    """Split one class's students into its teams (all rules but the shared slots, which the
    key guarantees); None when impossible, "unknown" when not decided in time."""
    if len(teams) == 1:
        return {i: teams[0] for i in members}
    m = cp_model.CpModel()
    x = {(i, t): m.new_bool_var("") for i in members for t in teams}
    for i in members:
        if i in locked_team:
            m.add(x[i, locked_team[i]] == 1)
        m.add_exactly_one(x[i, t] for t in teams)
    inside = set(members)
    for t in teams:
        size = sum(x[i, t] for i in members)
        m.add(size >= p.size_min)
        m.add(size <= p.size_max)
        for d in p.required_disc_idx[c]:
            m.add(sum(x[i, t] for i in members if p.discipline_of[i] == d) >= 1)
        for i in members:
            for j in p.avoid_idx[i]:
                if i < j and j in inside:
                    m.add_bool_or([x[i, t].Not(), x[j, t].Not()])
        if p.options.no_lone_group_member:
            by_group: dict[int, list[Any]] = defaultdict(list)
            for i in members:
                if p.group_of[i] >= 0:
                    by_group[p.group_of[i]].append(x[i, t])
            for vs in by_group.values():
                some = m.new_bool_var("")
                m.add(sum(vs) >= 2).only_enforce_if(some)
                m.add(sum(vs) == 0).only_enforce_if(some.Not())
    for group in p.together_idx:
        inner = [i for i in group if i in inside]
        for a, b in pairwise(inner):
            for t in teams:
                m.add(x[a, t] == x[b, t])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.05, min(2.0, deadline - time.monotonic()))
    code = solver.solve(m)
    if code == cp_model.INFEASIBLE:
        return None
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "unknown"
    return {i: t for (i, t), v in x.items() if solver.boolean_value(v)}


def raise_worst(
    p: Problem,
    placeable: list[int],
    assignment: list[int],
    *,
    upper: float,
    seed: int,
    seconds: float,
    deadline: float,
) -> list[int]:
    """Lift the weakest team by bisection: ask for a valid assignment whose every team
    scores at least the middle of (current weakest, ``upper``); raise the lower end to what
    was found, or lower the upper end, until they meet or time runs out.

    The plan is restricted to one team per class here (two teams of one challenge never
    share their key), which lets each team's score be written exactly in the model; the
    restriction may hide assignments, so a failed step is no proof of a bound (the reported
    bound comes from elsewhere). Measured on a 60-student tight class: annealing and
    regrouping stop at 0.62-0.67; one step here costs 0.1-0.3 deterministic seconds and the
    bisection reaches 0.676 (a per-team model proves 0.68 impossible). Every student placed
    in ``assignment`` stays placed. ``seconds`` is the budget in CP-SAT deterministic time
    (a seed reproduces its result); ``deadline`` (time.monotonic()) is a hard stop.
    """
    keys = slot_keys(p, placeable)
    if keys is None:
        return assignment
    best = list(assignment)
    lo = _worst(p, best)
    hi = max(lo, upper)
    placed = sum(1 for t in best if t >= 0)
    attempt = 0
    budget = seconds
    step_cap = ASCENT_STEP_SHARE * seconds
    step = ASCENT_FIRST_STEP
    while hi - lo > ASCENT_PRECISION and budget > 0.01 and time.monotonic() < deadline - 0.05:
        # small aims first (cheap to meet, and a found assignment often overshoots them),
        # growing after each success, halving towards the last failure
        aim = lo + max(ASCENT_PRECISION, min(step, (hi - lo) / 2))
        plan = SlotPlan(p, placeable, keys, placed)
        plan.require_worst(aim)
        _status, values = plan.solve(
            # a fixed cap per step: the outcome of each step depends on work, not on time
            seconds=min(budget, step_cap),
            seed=seed + attempt,
            local_only=False,
            wall=deadline - time.monotonic(),
        )
        budget -= max(0.01, plan.dtime_used / DTIME_PER_SECOND)
        attempt += 1
        found = plan.split(values, deadline) if values is not None else None
        worst = _worst(p, found) if isinstance(found, list) else -1.0
        if (
            isinstance(found, list)
            and worst > lo + 1e-9
            and sum(1 for t in found if t >= 0) >= placed
        ):
            best, lo = found, worst
            step *= 2
        else:  # not met in time (or the model's rounding let a team through just below)
            hi = aim - 1e-9
            step = (hi - lo) / 2
    return best


def _worst(p: Problem, assignment: list[int]) -> float:
    members: list[list[int]] = [[] for _ in range(p.n_teams)]
    for i, t in enumerate(assignment):
        if t >= 0:
            members[t].append(i)
    return min(
        (team_score(p, p.teams[t].challenge, m).score for t, m in enumerate(members)),
        default=0.0,
    )
