"""Orchestration: validate, diagnose, search, bound, explain.

Strategy
- Pre-checks (``feasibility``) catch the common impossibilities cheaply and name them.
- Greedy construction + simulated annealing (``search``) gives a good assignment fast at
  any size.
- For small and medium instances CP-SAT (``cpsat``) continues from that assignment (as a
  hint) on the exact max-min model and supplies a bound; when CP-SAT proves the rules
  contradictory, a second model with one assumption literal per rule names them. Then
  large-neighbourhood search (``regroup``) lifts the worst team by rebuilding a few teams
  at a time exactly; that is what closes most of the gap on classes of ~60.
- An aggregated LP relaxation (``bound``) gives an upper bound on the worst team score at
  every size, so the reported gap is honest even when CP-SAT does not run. Classes of up
  to ``TEAM_BOUND_MAX_STUDENTS`` students spend the rest of the time limit on the tighter
  team-level set-partitioning bound (``colgen``); at the default limit (1 s for 60
  students) there is rarely time for it, with 30-60 s there is.

``objective.bound_source`` names the relaxation that gave the reported bound.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from . import cpsat, slotplan
from .bound import lp_bound, simple_bound
from .colgen import team_bound
from .explain import render, render_unassigned, team_reasons, unassigned_reason
from .feasibility import name_list, precheck, unplaceable_students
from .problem import InfeasibleError, Problem, ProblemError, parse_problem
from .regroup import WORK_PER_SECOND, regroup
from .scoring import solution_scores
from .search import local_search

# CP-SAT runs when the student x team matrix is at most this large; beyond it the model
# is too slow to improve on the local search within seconds.
CP_MAX_CELLS = 12_000
# Beyond this many student x challenge cells one LP solve takes seconds (HiGHS, 2 cores):
# large instances fall back to the closed-form bound.
LP_MAX_CELLS = 8_000
# Local-search speed assumed when turning seconds into a (deterministic) iteration budget.
LS_ITERATIONS_PER_SECOND = 45_000
# Annealing and CP-SAT stop paying off after a few seconds on classes the regrouping
# handles; time beyond this goes to regrouping and to the team-level bound.
SMALL_SEARCH_SECONDS = 4.0
# The team-level bound's exhaustive team search is only fast on classes of this size.
TEAM_BOUND_MAX_STUDENTS = 100
# Below this many seconds left, the team-level bound is not started.
TEAM_BOUND_MIN_SECONDS = 1.0
# A local-search run still breaking a hard rule after this share of its iterations stops:
# on easy classes it is valid within the first few per cent, on tight ones never.
LS_GIVE_UP = 0.25
# Share of the time limit the slot plan (feasibility first) may use.
PLAN_SHARE = 0.5
# After a slot plan on a small class: the weakest team's ascent's budget (deterministic)
# and when it must stop at the latest (regrouping gets the time after it).
# The ascent's exact team scores pay off on classes up to this size; larger ones spend the
# time on annealing and regrouping (one ascent step took seconds on 240 students).
ASCENT_MAX_STUDENTS = 120
TIGHT_ASCENT_SHARE = 0.6
TIGHT_ASCENT_END = 0.8


class NoSolutionError(ProblemError):
    """No assignment was found within the time limit (feasibility unknown)."""


def default_time_limit(n_students: int) -> float:
    """1 s for a class of 60, growing linearly to 10 s at 600 students."""
    return min(10.0, max(1.0, n_students / 60))


def form_teams(
    data: Mapping[str, Any], *, seed: int | None = None, time_limit: float | None = None
) -> dict[str, Any]:
    """Form teams for a request in DESIGN.md's JSON format and return the result dict.

    ``seed`` and ``time_limit`` (seconds) override ``options.seed`` / ``options.time_limit``.
    Raises :class:`~.problem.InvalidInputError` for malformed input,
    :class:`~.problem.InfeasibleError` when the hard rules cannot all hold (with
    ``params["constraint"]``, ``["students"]``, ``["challenges"]``) and
    :class:`NoSolutionError` when nothing was found in time. All are ``ProblemError``.
    """
    problem = parse_problem(data, time_limit=time_limit, seed=seed)
    return solve(problem)


def solve(problem: Problem) -> dict[str, Any]:
    """Solve a parsed :class:`Problem`; see :func:`form_teams`."""
    start = time.monotonic()
    p = problem
    limit = p.options.time_limit or default_time_limit(p.n_students)
    # keep a margin for the bound and for building the output
    deadline = start + 0.85 * limit
    seed = p.options.seed

    unplaceable = unplaceable_students(p)
    precheck(p, unplaceable)
    placeable = [i for i in range(p.n_students) if i not in unplaceable]
    capacity = p.n_teams * p.size_max
    target = min(len(placeable), capacity)

    use_cp = len(placeable) * p.n_teams <= CP_MAX_CELLS
    # Local search does most of the work on large instances; a few restarts with derived
    # seeds tame its variance. On small instances CP-SAT continues from the best
    # assignment, then regrouping lifts the worst team; time beyond SMALL_SEARCH_SECONDS
    # goes to regrouping and to the team-level bound.
    # Budgets derive from the limit only (never from elapsed time) and are counted in
    # iterations / CP-SAT deterministic time / search nodes, so a seed reproduces its
    # result; the wall deadline is a safety net that only a much slower machine reaches.
    search_limit = min(limit, SMALL_SEARCH_SECONDS) if use_cp else limit
    ls_seconds = (0.3 if use_cp else 0.95) * 0.85 * search_limit
    restarts = 3 if use_cp else 1
    result = None
    valid_at: list[float] = []  # when each restart first held every rule
    for r in range(restarts):
        share = ls_seconds / restarts
        attempt = local_search(
            p,
            placeable,
            seed=seed * 1_000 + r,
            iterations=max(2_000, int(share * LS_ITERATIONS_PER_SECOND)),
            deadline=deadline,
            # a class the annealing cannot make valid quickly goes to the slot plan
            give_up=LS_GIVE_UP,
        )
        if attempt.valid_at is not None:
            valid_at.append(attempt.valid_at)
        if result is None or _ls_key(p, attempt) > _ls_key(p, result):
            result = attempt
        if result.violations:
            break  # restarts would fail the same way; the slot plan needs the time
    assert result is not None
    assignment: list[int] | None = result.assignment if result.violations == 0 else None
    method = "local-search"
    status = "feasible"
    cp_bound: float | None = None
    # when the search first held every rule (the annealing reports the moment it got there)
    first_valid = (
        min(valid_at, default=time.monotonic()) - start if assignment is not None else None
    )

    if assignment is None:
        # feasibility first: the slot plan finds a valid assignment or proves there is none
        plan = slotplan.find_valid(
            p,
            placeable,
            target=target,
            seed=seed,
            seconds=PLAN_SHARE * limit,
            deadline=deadline,
        )
        if plan.status == "infeasible":
            _raise_diagnosis(p, placeable, deadline, seed)
            # the rules hold once some students are left out: place as many as possible
            plan = slotplan.find_valid(
                p,
                placeable,
                target=None,
                seed=seed,
                seconds=0.5 * PLAN_SHARE * limit,
                deadline=start + 0.8 * limit,
            )
            if plan.status == "infeasible":
                raise InfeasibleError(
                    "rules_conflict",
                    "these rules cannot all hold, even with some students left out of every team",
                    constraint=_active_rules(p),
                    rules=[],
                    students=[],
                    challenges=[c.id for c in p.challenges],
                )
        if plan.assignment is not None:
            assignment = plan.assignment
            first_valid = time.monotonic() - start
            method = "slot-plan"
            assignment, method = _lift_tight(p, placeable, assignment, method, seed, start, limit)
        elif plan.status == "unknown" and result.team_violations == 0:
            # every team is valid; some students could not be fitted anywhere
            assignment = result.assignment
            first_valid = time.monotonic() - start

    if use_cp and assignment is not None and not method.startswith("slot-plan"):
        cp_seconds = 0.15 * search_limit
        cp = _run_cp(
            p,
            placeable,
            assignment,
            cp_seconds,
            seed,
            place_all=sum(1 for t in assignment if t >= 0) >= target,
            wall=deadline - time.monotonic(),
        )
        if cp.assignment is not None and _better(p, cp.assignment, assignment):
            assignment = cp.assignment
            method += "+cp-sat"
        cp_bound = cp.worst_bound
        if cp.status == "optimal":
            status = "optimal"
    if assignment is None:
        raise NoSolutionError(
            "search_inconclusive",
            f"within {limit:g} s no assignment meeting every hard rule was found, and none"
            " was ruled out either; a longer search may find one",
            constraint="unknown",
            students=[],
            challenges=[],
            time_limit=limit,
        )
    if status != "optimal" and (use_cp or method.startswith("slot-plan")):
        # regrouping keeps every hard rule and never lowers the worst team
        share = 0.3 * search_limit + 0.3 * (limit - search_limit)
        end = start + 0.7 * search_limit + 0.35 * (limit - search_limit)
        if method.startswith("slot-plan"):
            # a small share of work in a wide window: a loaded machine rarely cuts it, so
            # the same answers keep giving the same teams
            share, end = 0.05 * limit, start + 0.85 * limit
        improved = regroup(
            p,
            assignment,
            seed=seed,
            work=max(10_000, int(share * WORK_PER_SECOND)),
            deadline=min(deadline, max(time.monotonic() + 0.05, end)),
        )
        if _better(p, improved, assignment):
            assignment = improved
            method += "+regroup"

    return _output(
        p, assignment, unplaceable, target, cp_bound, status, method, start, limit, first_valid
    )


def _active_rules(p: Problem) -> list[str]:
    """The rule families a request switches on (for a diagnosis without a smaller core)."""
    rules = ["team_size"]
    if any(c.required_disciplines for c in p.challenges):
        rules.append("required_discipline")
    if any(p.avoid_idx):
        rules.append("avoid")
    if p.options.no_lone_group_member and p.groups:
        rules.append("no_lone_group_member")
    if p.options.min_common_slots:
        rules.append("min_common_slots")
    if p.options.locks:
        rules.append("locks")
    if p.together_idx:
        rules.append("together")
    return rules


def _lift_tight(
    p: Problem,
    placeable: list[int],
    assignment: list[int],
    method: str,
    seed: int,
    start: float,
    limit: float,
) -> tuple[list[int], str]:
    """Improve a slot plan's valid assignment: annealing from it, then (small classes) the
    weakest team's ascent through the plan (``slotplan.raise_worst``). Both keep every
    hard rule."""
    small = len(placeable) <= ASCENT_MAX_STUDENTS
    if not small:
        # large classes: annealing until 60 % of the limit, then regrouping
        ls_end = start + 0.6 * limit
        improved = local_search(
            p,
            placeable,
            seed=seed * 1_000,
            iterations=max(2_000, int((ls_end - time.monotonic()) * LS_ITERATIONS_PER_SECOND)),
            deadline=ls_end,
            start=assignment,
        )
        if improved.team_violations == 0 and _better(p, improved.assignment, assignment):
            assignment = improved.assignment
            method += "+local-search"
    else:
        lifted = slotplan.raise_worst(
            p,
            placeable,
            assignment,
            upper=simple_bound(p, placeable),
            seed=seed,
            seconds=TIGHT_ASCENT_SHARE * limit,
            # a safety net: the budget above is what normally ends the ascent
            deadline=start + TIGHT_ASCENT_END * limit,
        )
        if _better(p, lifted, assignment):
            assignment = lifted
            method += "+ascent"
    return assignment, method


def _run_cp(
    p: Problem,
    placeable: list[int],
    hint: list[int],
    seconds: float,
    seed: int,
    *,
    place_all: bool,
    wall: float,
) -> cpsat.CpResult:
    model = cpsat.TeamModel(p, placeable, place_all=place_all, objective=True)
    model.hint(hint)
    return model.solve(time_limit=seconds, seed=seed, wall_limit=max(0.05, wall))


def _raise_diagnosis(p: Problem, placeable: list[int], deadline: float, seed: int) -> None:
    """Raise InfeasibleError naming the contradicting rules, if placement is not the cause."""
    seconds = max(0.5, deadline - time.monotonic())
    core = cpsat.diagnose(p, placeable, time_limit=seconds, seed=seed)
    if not core:
        return
    students = sorted({s for r in core for s in r.students})
    challenges = sorted({c for r in core for c in r.challenges})
    codes = sorted({r.code for r in core})
    raise InfeasibleError(
        "rules_conflict",
        "these rules cannot all hold: " + "; ".join(r.message for r in core),
        constraint=codes[0] if len(codes) == 1 else codes,
        rules=[
            {
                "code": r.code,
                "message": r.message,
                "students": r.students,
                "challenges": r.challenges,
                "params": r.params,
            }
            for r in core
        ],
        students=students,
        challenges=challenges,
    )


def _ls_key(p: Problem, result: Any) -> tuple[int, int, float, float]:
    return (-result.violations, *_quality(p, result.assignment))


def _quality(p: Problem, assignment: list[int]) -> tuple[int, float, float]:
    members: list[list[int]] = [[] for _ in range(p.n_teams)]
    for i, t in enumerate(assignment):
        if t >= 0:
            members[t].append(i)
    scores = [s.score for s in solution_scores(p, members)]
    placed = sum(1 for t in assignment if t >= 0)
    return placed, min(scores, default=0.0), sum(scores)


def _better(p: Problem, a: list[int], b: list[int]) -> bool:
    return _quality(p, a) > _quality(p, b)


def _output(
    p: Problem,
    assignment: list[int],
    unplaceable: dict[int, str],
    target: int,
    cp_bound: float | None,
    status: str,
    method: str,
    start: float,
    limit: float,
    first_valid: float | None,
) -> dict[str, Any]:
    members: list[list[int]] = [[] for _ in range(p.n_teams)]
    for i, t in enumerate(assignment):
        if t >= 0:
            members[t].append(i)
    scores = solution_scores(p, members)
    teams = []
    for t, slot in enumerate(p.teams):
        sc = scores[t]
        reasons = team_reasons(p, slot.challenge, members[t], sc)
        teams.append(
            {
                "index": t,
                "challenge": p.challenges[slot.challenge].id,
                "team": slot.ordinal,
                "members": [p.students[i].id for i in members[t]],
                "score": round(sc.score, 4),
                "breakdown": {
                    "skills": round(sc.skills, 4),
                    "diversity": round(sc.diversity, 4),
                    "preference": round(sc.preference, 4),
                },
                "explanation": [render(r) for r in reasons],
                "reasons": reasons,
            }
        )
    placed = sum(1 for t in assignment if t >= 0)
    unassigned, reasons_out = [], []
    for i, t in enumerate(assignment):
        if t >= 0:
            continue
        code = unplaceable.get(i) or ("capacity" if placed >= target else "no_feasible_team")
        reason = unassigned_reason(p, i, code)
        unassigned.append(p.students[i].id)
        reasons_out.append({**reason, "message": render_unassigned(reason)})

    worst = min((s.score for s in scores), default=0.0)
    mean = sum(s.score for s in scores) / len(scores) if scores else 0.0
    # the LP bound assumes at least this many students placed, which any better solution does
    bound_deadline = max(time.monotonic() + 0.05, start + 0.93 * limit)
    placeable = [i for i in range(p.n_students) if i not in unplaceable]
    candidates: list[tuple[float | None, str]] = [
        (simple_bound(p, placeable), "closed-form"),
        (cp_bound, "cp-sat"),
    ]
    if len(placeable) * len(p.challenges) <= LP_MAX_CELLS:
        lp = lp_bound(p, placeable, placed=placed, lower=worst, deadline=bound_deadline)
        candidates.append((lp, "aggregated-lp"))
    bound, source = min(
        ((b, name) for b, name in candidates if b is not None),
        key=lambda bn: bn[0],
        default=(None, None),
    )
    if (
        bound is not None
        and len(placeable) <= TEAM_BOUND_MAX_STUDENTS
        and bound_deadline - time.monotonic() >= TEAM_BOUND_MIN_SECONDS
        and bound - worst > 1e-3
    ):
        team = team_bound(
            p,
            placeable,
            placed=placed,
            lower=worst,
            upper=bound,
            deadline=bound_deadline,
            seed_teams=[(p.teams[t].challenge, tuple(m)) for t, m in enumerate(members)],
        )
        if team < bound:
            bound, source = team, "team-lp"
    if bound is not None:
        bound = max(bound, worst)  # rounding in a bound must not claim less than we have
    gap = (bound - worst) / bound if bound else 0.0
    if bound is not None and gap <= 1e-6:
        status = "optimal"
    return {
        "teams": teams,
        "unassigned": unassigned,
        "unassigned_reasons": reasons_out,
        "objective": {
            "worst": round(worst, 4),
            "mean": round(mean, 4),
            "bound": None if bound is None else round(float(bound), 4),
            "gap": None if bound is None else round(float(gap), 4),
            "bound_source": source,
            "status": status,
            "method": method,
            "time_s": round(time.monotonic() - start, 3),
            "first_valid_s": None if first_valid is None else round(first_valid, 3),
            "seed": p.options.seed,
        },
    }


__all__ = ["NoSolutionError", "default_time_limit", "form_teams", "name_list", "solve"]
