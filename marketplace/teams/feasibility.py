"""Cheap feasibility diagnosis before any search.

Two outcomes:
- :class:`InfeasibleError` when the teams themselves cannot be formed (too few students,
  a required discipline too scarce, contradictory locks, …), naming the constraint and the
  students/challenges involved;
- a map of students who can never be placed (e.g. fewer availability slots than
  ``min_common_slots``), which the solver reports as unassigned with that reason.

Infeasibility that needs search to uncover (combinations of rules) is diagnosed by the
CP-SAT model with assumption literals (see ``cpsat.diagnose``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from math import comb

from .problem import InfeasibleError, Problem

# Enumerating k-subsets of a student's slots is cheap up to this many subsets.
_MAX_SLOT_SUBSETS = 300


def name_list(ids: Iterable[str], limit: int = 12) -> str:
    """Comma-separated ids, shortened to ``limit`` with a count of the rest."""
    ids = list(ids)
    if not ids:
        return "none"
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown} and {len(ids) - limit} more"


def _ids(problem: Problem, idx: Iterable[int]) -> list[str]:
    return [problem.students[i].id for i in sorted(idx)]


def unplaceable_students(problem: Problem) -> dict[int, str]:
    """Students that no team can ever hold, with a reason code.

    Codes: ``too_few_slots`` (fewer slots than min_common_slots), ``no_slot_partners``
    (no k slots shared with enough others to fill a minimum-size team),
    ``only_member_of_group`` (with no_lone_group_member, a group label nobody else has).
    """
    out: dict[int, str] = {}
    k = problem.options.min_common_slots
    if k:
        masks = problem.avail_mask
        for i, m in enumerate(masks):
            if m.bit_count() < k:
                out[i] = "too_few_slots"
                continue
            bits = [b for b in range(len(problem.slots)) if m >> b & 1]
            if comb(len(bits), k) > _MAX_SLOT_SUBSETS:
                continue
            need = problem.size_min - 1
            ok = False
            for subset in combinations(bits, k):
                sm = sum(1 << b for b in subset)
                partners = sum(1 for j, mj in enumerate(masks) if j != i and mj & sm == sm)
                if partners >= need:
                    ok = True
                    break
            if not ok:
                out[i] = "no_slot_partners"
    if problem.options.no_lone_group_member:
        members: dict[int, list[int]] = defaultdict(list)
        for i, g in enumerate(problem.group_of):
            if g >= 0:
                members[g].append(i)
        for group in members.values():
            if len(group) == 1:
                out.setdefault(group[0], "only_member_of_group")
    return out


def precheck(problem: Problem, unplaceable: dict[int, str]) -> None:
    """Raise :class:`InfeasibleError` for the first hard rule that provably cannot hold."""
    _check_locked_unplaceable(problem, unplaceable)
    _check_capacity(problem, unplaceable)
    _check_team_width(problem)
    _check_disciplines(problem, unplaceable)
    _check_locks(problem)
    _check_together(problem)


def _check_locked_unplaceable(problem: Problem, unplaceable: dict[int, str]) -> None:
    for i, reason in sorted(unplaceable.items()):
        sid = problem.students[i].id
        if sid not in problem.options.locks:
            continue
        why = {
            "too_few_slots": f"has fewer than {problem.options.min_common_slots} availability"
            " slots (min_common_slots)",
            "no_slot_partners": f"shares {problem.options.min_common_slots} slots with too few"
            " other students (min_common_slots)",
            "only_member_of_group": f"is the only member of group"
            f" '{problem.students[i].group}' (no_lone_group_member)",
        }[reason]
        raise InfeasibleError(
            "locked_unplaceable",
            f"{sid} is locked to a team but {why}",
            constraint=reason,
            students=[sid],
            challenges=[],
            k=problem.options.min_common_slots,
            group=problem.students[i].group,
        )


def _check_capacity(problem: Problem, unplaceable: dict[int, str]) -> None:
    n_teams = problem.n_teams
    placeable = problem.n_students - len(unplaceable)
    need = n_teams * problem.size_min
    if placeable < need:
        extra = (
            f" ({len(unplaceable)} of the {problem.n_students} cannot join any team:"
            f" {name_list(_ids(problem, unplaceable))})"
            if unplaceable
            else ""
        )
        raise InfeasibleError(
            "capacity",
            f"capacity: {len(problem.challenges)} challenge(s) need {n_teams} team(s) of at least"
            f" {problem.size_min} = {need} students, but only {placeable} students can be"
            f" placed{extra}",
            constraint="capacity",
            students=_ids(problem, unplaceable),
            challenges=[c.id for c in problem.challenges],
            needed=need,
            available=placeable,
            teams=n_teams,
            size_min=problem.size_min,
        )


def _check_team_width(problem: Problem) -> None:
    for c in problem.challenges:
        if len(c.required_disciplines) > problem.size_max:
            raise InfeasibleError(
                "required_discipline",
                f"challenge {c.id} requires {len(c.required_disciplines)} disciplines in each"
                f" team but teams have at most {problem.size_max} members",
                constraint="required_discipline",
                case="width",
                students=[],
                challenges=[c.id],
                required=len(c.required_disciplines),
                size_max=problem.size_max,
            )


def _eligible(problem: Problem, i: int, c: int) -> bool:
    """Whether student ``i`` may join some team of challenge ``c`` (locks considered)."""
    return any(problem.teams[t].challenge == c for t in problem.allowed_teams[i])


def _check_disciplines(problem: Problem, unplaceable: dict[int, str]) -> None:
    demand: dict[str, list[int]] = defaultdict(list)
    for c, ch in enumerate(problem.challenges):
        for d in ch.required_disciplines:
            demand[d].append(c)
            holders = [
                i
                for i, s in enumerate(problem.students)
                if s.discipline == d and i not in unplaceable and _eligible(problem, i, c)
            ]
            if len(holders) < ch.teams:
                have = (
                    f"only {len(holders)} student(s) have it: {name_list(_ids(problem, holders))}"
                    if holders
                    else "no student who can join it has it"
                )
                raise InfeasibleError(
                    "required_discipline",
                    f"challenge {ch.id} needs discipline {d} in each of its {ch.teams} team(s)"
                    f" but {have}",
                    constraint="required_discipline",
                    case="scarce",
                    discipline=d,
                    teams=ch.teams,
                    students=_ids(problem, holders),
                    challenges=[ch.id],
                )
    # the same scarce discipline required by several challenges: one student per team
    for d, cs in demand.items():
        teams_needing = sum(problem.challenges[c].teams for c in cs)
        holders = [
            i
            for i, s in enumerate(problem.students)
            if s.discipline == d
            and i not in unplaceable
            and any(_eligible(problem, i, c) for c in cs)
        ]
        if len(cs) > 1 and len(holders) < teams_needing:
            parts = ", ".join(
                f"{problem.challenges[c].id}: {problem.challenges[c].teams}" for c in cs
            )
            raise InfeasibleError(
                "required_discipline",
                f"discipline {d} is required in {teams_needing} teams ({parts}) but only"
                f" {len(holders)} student(s) have it: {name_list(_ids(problem, holders))}",
                constraint="required_discipline",
                case="shared",
                discipline=d,
                teams=teams_needing,
                students=_ids(problem, holders),
                challenges=[problem.challenges[c].id for c in cs],
            )


def _team_label(problem: Problem, t: int) -> str:
    slot = problem.teams[t]
    return f"team {t} ({problem.challenges[slot.challenge].id} #{slot.ordinal + 1})"


def _check_locks(problem: Problem) -> None:
    fixed: dict[int, list[int]] = defaultdict(list)
    for i, allowed in enumerate(problem.allowed_teams):
        if len(allowed) == 1 and problem.students[i].id in problem.options.locks:
            fixed[allowed[0]].append(i)
    k = problem.options.min_common_slots
    for t, members in sorted(fixed.items()):
        label = _team_label(problem, t)
        if len(members) > problem.size_max:
            raise InfeasibleError(
                "lock_size",
                f"{len(members)} students are locked to {label} but teams have at most"
                f" {problem.size_max} members: {name_list(_ids(problem, members))}",
                constraint="team_size",
                students=_ids(problem, members),
                challenges=[problem.challenges[problem.teams[t].challenge].id],
                team=problem.teams[t].ordinal + 1,
                size_max=problem.size_max,
            )
        for a, b in combinations(members, 2):
            if b in problem.avoid_idx[a]:
                sa, sb = problem.students[a].id, problem.students[b].id
                raise InfeasibleError(
                    "avoid_locked",
                    f"{sa} and {sb} must not be paired but both are locked to {label}",
                    constraint="avoid",
                    students=[sa, sb],
                    challenges=[problem.challenges[problem.teams[t].challenge].id],
                    team=problem.teams[t].ordinal + 1,
                )
        if k:
            common = -1
            for i in members:
                common &= problem.avail_mask[i]
            if common.bit_count() < k:
                raise InfeasibleError(
                    "slots_locked",
                    f"the students locked to {label} share {common.bit_count()} availability"
                    f" slot(s), fewer than min_common_slots = {k}:"
                    f" {name_list(_ids(problem, members))}",
                    constraint="min_common_slots",
                    students=_ids(problem, members),
                    challenges=[problem.challenges[problem.teams[t].challenge].id],
                    team=problem.teams[t].ordinal + 1,
                    common=common.bit_count(),
                    k=k,
                )


def _check_together(problem: Problem) -> None:
    k = problem.options.min_common_slots
    for group in problem.together_idx:
        ids = _ids(problem, group)
        if len(group) > problem.size_max:
            raise InfeasibleError(
                "together_size",
                f"{name_list(ids)} must be in one team but teams have at most"
                f" {problem.size_max} members",
                constraint="team_size",
                students=ids,
                challenges=[],
                size_max=problem.size_max,
            )
        for a, b in combinations(group, 2):
            if b in problem.avoid_idx[a]:
                sa, sb = problem.students[a].id, problem.students[b].id
                raise InfeasibleError(
                    "avoid_together",
                    f"{sa} and {sb} must not be paired but are in the same fixed group",
                    constraint="avoid",
                    students=[sa, sb],
                    challenges=[],
                )
        shared = set(problem.allowed_teams[group[0]])
        for i in group[1:]:
            shared &= set(problem.allowed_teams[i])
        if not shared:
            raise InfeasibleError(
                "together_locked",
                f"{name_list(ids)} must be in one team but are locked to different teams",
                constraint="locks",
                students=ids,
                challenges=[],
            )
        if k:
            common = -1
            for i in group:
                common &= problem.avail_mask[i]
            if common.bit_count() < k:
                raise InfeasibleError(
                    "slots_together",
                    f"{name_list(ids)} must be in one team but share only"
                    f" {common.bit_count()} availability slot(s) (min_common_slots = {k})",
                    constraint="min_common_slots",
                    students=ids,
                    challenges=[],
                    common=common.bit_count(),
                    k=k,
                )
