"""OR-Tools CP-SAT model: exact max-min team formation and infeasibility diagnosis.

Scores are scaled to integers (``SCALE`` = 1000 per unit). A team's score has the team
size in the denominator (diversity and preference are per member), so for every possible
size s a linear constraint, enforced by the literal "team t has size s", bounds
``score_t * s`` from above; z <= score_t for every team and the objective is
``z * (T * SCALE + 1) + sum(score_t)``: the worst team first, the mean as tie-breaker.

Each family of hard rules can be switched on by an assumption literal, which lets
``diagnose`` ask CP-SAT for a small set of rules (with the challenges/students they
concern) that cannot hold together.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from ortools.sat.python import cp_model

from .problem import Problem

SCALE = 1000


@dataclass
class Rule:
    """One switchable hard rule, described for humans and machines."""

    code: str
    message: str
    students: list[str] = field(default_factory=list)
    challenges: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)  # for a translated sentence


@dataclass
class CpResult:
    status: str  # "optimal" | "feasible" | "infeasible" | "unknown"
    assignment: list[int] | None
    worst_bound: float | None  # upper bound on the worst team score (true units)
    core: list[Rule] = field(default_factory=list)
    wall_time: float = 0.0


class TeamModel:
    """Builds the CP-SAT model; ``with_rules`` adds one assumption literal per rule."""

    def __init__(
        self,
        problem: Problem,
        placeable: list[int],
        *,
        place_all: bool,
        objective: bool,
        with_rules: bool = False,
    ) -> None:
        self.p = problem
        self.m = cp_model.CpModel()
        self.placeable = placeable
        self.rules: dict[int, Rule] = {}  # literal index -> rule
        self.with_rules = with_rules
        self.place_all = place_all
        p, m = problem, self.m
        T = p.n_teams
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.team_vars: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in range(T)]
        for i in placeable:
            for t in range(T):
                # locks are rules too (so a diagnosis can name them); without rules they
                # simply restrict the domain
                if not with_rules and t not in p.allowed_teams[i]:
                    continue
                v = m.new_bool_var(f"x{i}_{t}")
                self.x[i, t] = v
                self.team_vars[t].append((i, v))
        self._placement(place_all)
        self._locks()
        self._sizes()
        self._disciplines()
        self._avoid()
        self._groups()
        self._slots()
        self._together()
        self.z: cp_model.IntVar | None = None
        if objective:
            self._objective()

    # ------------------------------------------------------------------ rules
    def _rule(self, rule: Rule) -> list[cp_model.IntVar]:
        """Enforcement literal list for a rule (empty when rules are not switchable)."""
        if not self.with_rules:
            return []
        lit = self.m.new_bool_var(rule.code)
        self.rules[lit.index] = rule
        return [lit]

    def _sid(self, i: int) -> str:
        return self.p.students[i].id

    def _placement(self, place_all: bool) -> None:
        p, m = self.p, self.m
        for i in self.placeable:
            vs = [self.x[i, t] for t in range(p.n_teams) if (i, t) in self.x]
            m.add(sum(vs) <= 1)
        total = sum(self.x.values())
        target = min(len(self.placeable), p.n_teams * p.size_max)
        if place_all:
            enf = self._rule(
                Rule(
                    "placement",
                    f"every student must be placed ({target} of {len(self.placeable)}"
                    " placeable students, given the team capacity)",
                    params={"placed": target},
                )
            )
            m.add(total >= target).only_enforce_if(enf)

    def _locks(self) -> None:
        if not self.with_rules:
            return
        p, m = self.p, self.m
        for i in self.placeable:
            allowed = set(p.allowed_teams[i])
            if len(allowed) == p.n_teams:
                continue
            sid = self._sid(i)
            enf = self._rule(Rule("lock", f"{sid} is locked to a team", students=[sid]))
            for t in range(p.n_teams):
                if t not in allowed:
                    m.add(self.x[i, t] == 0).only_enforce_if(enf)
            # a locked student has to be placed
            m.add(sum(self.x[i, t] for t in allowed) == 1).only_enforce_if(enf)

    def _sizes(self) -> None:
        p, m = self.p, self.m
        self.size_lit: list[dict[int, Any]] = []
        enf = self._rule(
            Rule(
                "team_size",
                f"team sizes must stay within [{p.size_min}, {p.size_max}] for all"
                f" {p.n_teams} teams",
                challenges=[c.id for c in p.challenges],
                params={"min": p.size_min, "max": p.size_max, "teams": p.n_teams},
            )
        )
        for t in range(p.n_teams):
            size = sum(v for _, v in self.team_vars[t])
            lits: dict[int, Any] = {}
            if p.size_min == p.size_max:
                m.add(size == p.size_min).only_enforce_if(enf)
                lits[p.size_min] = True
            else:
                for s in range(p.size_min, p.size_max + 1):
                    lits[s] = m.new_bool_var(f"size{t}_{s}")
                m.add_exactly_one(lits.values())
                m.add(size == sum(s * b for s, b in lits.items())).only_enforce_if(enf)
            self.size_lit.append(lits)

    def _disciplines(self) -> None:
        p, m = self.p, self.m
        self.disc_present: list[list[Any]] = []
        for c, ch in enumerate(p.challenges):
            for d_name in ch.required_disciplines:
                enf = self._rule(
                    Rule(
                        "required_discipline",
                        f"challenge {ch.id} needs discipline {d_name} in each of its"
                        f" {ch.teams} team(s)",
                        challenges=[ch.id],
                        params={"discipline": d_name, "teams": ch.teams},
                    )
                )
                for t in p.teams_of(c):
                    holders = [
                        v for i, v in self.team_vars[t] if p.students[i].discipline == d_name
                    ]
                    m.add(sum(holders) >= 1).only_enforce_if(enf)

    def _avoid(self) -> None:
        p, m = self.p, self.m
        placeable = set(self.placeable)
        for i in self.placeable:
            for j in sorted(p.avoid_idx[i]):
                if j <= i or j not in placeable:
                    continue
                a, b = self._sid(i), self._sid(j)
                enf = self._rule(Rule("avoid", f"{a} and {b} must not be paired", students=[a, b]))
                for t in range(p.n_teams):
                    if (i, t) in self.x and (j, t) in self.x:
                        m.add_bool_or([self.x[i, t].Not(), self.x[j, t].Not()]).only_enforce_if(enf)

    def _groups(self) -> None:
        p, m = self.p, self.m
        if not p.options.no_lone_group_member:
            return
        by_group: dict[int, list[int]] = defaultdict(list)
        for i in self.placeable:
            if p.group_of[i] >= 0:
                by_group[p.group_of[i]].append(i)
        for g, members in sorted(by_group.items()):
            enf = self._rule(
                Rule(
                    "no_lone_group_member",
                    f"no team may have exactly one member of group '{p.groups[g]}'",
                    students=[self._sid(i) for i in members],
                    params={"group": p.groups[g]},
                )
            )
            for t in range(p.n_teams):
                vs = [self.x[i, t] for i in members if (i, t) in self.x]
                if not vs:
                    continue
                has = m.new_bool_var(f"g{g}_{t}")
                m.add(sum(vs) >= 2).only_enforce_if([has, *enf])
                m.add(sum(vs) == 0).only_enforce_if([has.Not(), *enf])

    def _slots(self) -> None:
        p, m = self.p, self.m
        k = p.options.min_common_slots
        if not k:
            return
        for c, ch in enumerate(p.challenges):
            enf = self._rule(
                Rule(
                    "min_common_slots",
                    f"the members of each team of {ch.id} must share {k} availability slot(s)",
                    challenges=[ch.id],
                    params={"k": k},
                )
            )
            for t in p.teams_of(c):
                active = []
                for s in range(len(p.slots)):
                    lacking = [v for i, v in self.team_vars[t] if not p.avail_mask[i] >> s & 1]
                    a = m.new_bool_var(f"slot{t}_{s}")
                    for v in lacking:
                        m.add_implication(a, v.Not())
                    active.append(a)
                m.add(sum(active) >= k).only_enforce_if(enf)

    def _together(self) -> None:
        p, m = self.p, self.m
        for group in p.together_idx:
            members = [i for i in group if i in set(self.placeable)]
            ids = [self._sid(i) for i in members]
            enf = self._rule(
                Rule("together", f"{', '.join(ids)} must be in one team", students=ids)
            )
            for a, b in pairwise(members):
                for t in range(p.n_teams):
                    va, vb = self.x.get((a, t)), self.x.get((b, t))
                    if va is None and vb is None:
                        continue
                    if va is None or vb is None:
                        m.add((vb if va is None else va) == 0).only_enforce_if(enf)
                    else:
                        m.add(va == vb).only_enforce_if(enf)

    # ------------------------------------------------------------------ objective
    def _objective(self) -> None:
        p, m = self.p, self.m
        w = p.options.weights
        # integer weights keep the constraint exact; 1000ths of the educator's weights
        ws, wd, wp = (round(1000 * x / w.total) for x in (w.skills, w.diversity, w.preference))
        wsum = max(1, ws + wd + wp)
        T = p.n_teams
        self.score: list[cp_model.IntVar] = []
        for t in range(T):
            c = p.teams[t].challenge
            n_req = len(p.challenges[c].required_skills)
            if n_req:
                covered = []
                for k in range(n_req):
                    holders = [v for i, v in self.team_vars[t] if p.skill_mask[i][c] >> k & 1]
                    if holders:
                        q = m.new_bool_var(f"k{t}_{k}")
                        m.add(q <= sum(holders))
                        covered.append(q)
                q_sum: Any = sum(covered)
                kk = n_req
            else:
                q_sum, kk = 1, 1
            distinct = []
            by_disc: dict[int, list[Any]] = defaultdict(list)
            for i, v in self.team_vars[t]:
                by_disc[p.discipline_of[i]].append(v)
            for d, vs in sorted(by_disc.items()):
                pd = m.new_bool_var(f"d{t}_{d}")
                m.add(pd <= sum(vs))
                distinct.append(pd)
            # rounded up so the model never under-rates a team: its bound stays valid
            pref = sum(math.ceil(SCALE * p.pref[i][c]) * v for i, v in self.team_vars[t])
            sc = m.new_int_var(0, SCALE, f"score{t}")
            for s, lit in self.size_lit[t].items():
                ct = m.add(
                    s * kk * wsum * sc
                    <= SCALE * ws * s * q_sum + SCALE * wd * kk * sum(distinct) + wp * kk * pref
                )
                if lit is not True:
                    ct.only_enforce_if(lit)
            self.score.append(sc)
        self.z = m.new_int_var(0, SCALE, "worst")
        for sc in self.score:
            m.add(self.z <= sc)
        self.mult = T * SCALE + 1
        goal = self.z * self.mult + sum(self.score)
        if not self.place_all:
            # placing one more student beats any improvement of the scores
            goal += (SCALE + 1) * self.mult * sum(self.x.values())
        m.maximize(goal)

    # ------------------------------------------------------------------ solving
    def hint(self, assignment: list[int]) -> None:
        for (i, t), v in self.x.items():
            self.m.add_hint(v, assignment[i] == t)

    def solve(
        self,
        *,
        time_limit: float,
        seed: int,
        workers: int = 1,
        assumptions: bool = False,
        wall_limit: float | None = None,
    ) -> CpResult:
        """Solve; ``time_limit`` sets the deterministic budget, ``wall_limit`` a hard stop."""
        start = time.monotonic()
        solver = cp_model.CpSolver()
        prm = solver.parameters
        # the deterministic limit keeps runs reproducible; wall time is only a safety net
        # One worker and a deterministic-time limit make runs reproducible for a seed
        # (deterministic time runs at roughly 0.4-0.5 units per second here); the wall
        # limit is only a safety net. Parallel portfolios are not reproducible, and the
        # deterministic "interleave" mode was 10-30x slower on these models.
        prm.max_deterministic_time = max(0.02, 0.4 * time_limit)
        prm.max_time_in_seconds = max(0.05, time_limit if wall_limit is None else wall_limit)
        prm.random_seed = seed
        prm.num_workers = workers
        if assumptions:
            self.m.add_assumptions([self.m.get_bool_var_from_proto_index(k) for k in self.rules])
        code = solver.solve(self.m)
        wall = time.monotonic() - start
        status = {
            cp_model.OPTIMAL: "optimal",
            cp_model.FEASIBLE: "feasible",
            cp_model.INFEASIBLE: "infeasible",
        }.get(code, "unknown")
        if status == "infeasible":
            core = []
            if assumptions:
                core = [self.rules[k] for k in solver.sufficient_assumptions_for_infeasibility()]
            return CpResult("infeasible", None, None, core, wall)
        bound = None
        if self.z is not None and status in ("optimal", "feasible"):
            # objective = z * mult + sum(score) with sum(score) < mult
            # +1 unit absorbs the rounding of weights and scores to 1000ths
            obj_bound = int(solver.best_objective_bound)
            if not self.place_all:
                obj_bound -= (
                    (SCALE + 1) * self.mult * int(sum(solver.value(v) for v in self.x.values()))
                )
            bound = min(1.0, (obj_bound // self.mult + 1) / SCALE)
        if status not in ("optimal", "feasible"):
            return CpResult(status, None, None, [], wall)
        assignment = [-1] * self.p.n_students
        for (i, t), v in self.x.items():
            if solver.boolean_value(v):
                assignment[i] = t
        return CpResult(status, assignment, bound, [], wall)


def diagnose(problem: Problem, placeable: list[int], *, time_limit: float, seed: int) -> list[Rule]:
    """Rules that together cannot hold (placement relaxed), or [] if none was found."""
    model = TeamModel(problem, placeable, place_all=False, objective=False, with_rules=True)
    result = model.solve(time_limit=time_limit, seed=seed, assumptions=True)
    return result.core if result.status == "infeasible" else []
