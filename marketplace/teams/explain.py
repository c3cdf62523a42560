"""Why a team looks the way it does: reason codes with parameters, rendered separately.

``team_reasons`` returns ``[{"code": …, "params": {…}}]``; ``render`` turns one into an
English sentence. The Django layer can translate by code instead of using ``render``.
"""

from __future__ import annotations

from typing import Any

from .problem import Problem
from .scoring import TeamScore

Reason = dict[str, Any]

UNASSIGNED_MESSAGES = {
    "capacity": "all {teams} teams are full (at most {size_max} members each)",
    "too_few_slots": "has fewer than {k} availability slots (min_common_slots)",
    "no_slot_partners": "does not share {k} availability slots with enough other students",
    "only_member_of_group": "is the only student of group '{group}' (no_lone_group_member)",
    "no_feasible_team": "no team can take this student without breaking a hard rule",
}


def team_reasons(
    problem: Problem, challenge: int, members: list[int], score: TeamScore
) -> list[Reason]:
    """Reason codes describing a team of ``challenge`` with student indices ``members``."""
    p = problem
    ch = p.challenges[challenge]
    reasons: list[Reason] = []
    if score.required:
        mask = 0
        for i in members:
            mask |= p.skill_mask[i][challenge]
        missing = [s for k, s in enumerate(ch.required_skills) if not mask >> k & 1]
        reasons.append(
            {
                "code": "skills_covered",
                "params": {
                    "covered": score.covered,
                    "required": score.required,
                    "missing": missing,
                },
            }
        )
    else:
        reasons.append({"code": "no_required_skills", "params": {}})
    counts: dict[str, int] = {}
    for i in members:
        counts[p.students[i].discipline] = counts.get(p.students[i].discipline, 0) + 1
    reasons.append(
        {
            "code": "disciplines",
            "params": {
                "disciplines": sorted(counts, key=lambda d: (-counts[d], d)),
                "distinct": len(counts),
                "size": len(members),
            },
        }
    )
    if ch.required_disciplines:
        reasons.append(
            {
                "code": "required_disciplines_met",
                "params": {"disciplines": list(ch.required_disciplines)},
            }
        )
    ranks = [p.pref_rank[i][challenge] for i in members]
    unranked = [p.students[i].id for i, r in zip(members, ranks, strict=True) if r is None]
    if not unranked:
        reasons.append(
            {
                "code": "all_ranked_top",
                "params": {"top": max(r for r in ranks if r is not None) + 1},
            }
        )
    else:
        reasons.append(
            {
                "code": "some_unranked",
                "params": {
                    "ranked": len(members) - len(unranked),
                    "size": len(members),
                    "students": unranked,
                },
            }
        )
    k = p.options.min_common_slots
    if k:
        common = -1
        for i in members:
            common &= p.avail_mask[i]
        slots = [s for b, s in enumerate(p.slots) if common >> b & 1]
        reasons.append({"code": "common_slots", "params": {"slots": slots, "required": k}})
    locked = [p.students[i].id for i in members if p.students[i].id in p.options.locks]
    if locked:
        reasons.append({"code": "locked_members", "params": {"students": locked}})
    return reasons


def render(reason: Reason) -> str:
    """English sentence for one reason code."""
    code, prm = reason["code"], reason["params"]
    if code == "skills_covered":
        text = f"covers {prm['covered']}/{prm['required']} required skills"
        return text + (f" (missing: {', '.join(prm['missing'])})" if prm["missing"] else "")
    if code == "no_required_skills":
        return "the challenge lists no required skills"
    if code == "disciplines":
        return (
            f"disciplines: {' + '.join(prm['disciplines'])}"
            f" ({prm['distinct']} distinct in {prm['size']} members)"
        )
    if code == "required_disciplines_met":
        return f"has every required discipline: {', '.join(prm['disciplines'])}"
    if code == "all_ranked_top":
        if prm["top"] == 1:
            return "all members ranked this challenge first"
        return f"all members ranked this challenge in their top {prm['top']}"
    if code == "some_unranked":
        return (
            f"{prm['ranked']} of {prm['size']} members ranked this challenge"
            f" (not ranked by {', '.join(prm['students'])})"
        )
    if code == "common_slots":
        return f"shared availability: {', '.join(prm['slots']) or 'none'} (needs {prm['required']})"
    if code == "locked_members":
        return f"locked by the educator: {', '.join(prm['students'])}"
    return code


def unassigned_reason(problem: Problem, i: int, code: str) -> Reason:
    """Reason code for a student left out of every team."""
    p = problem
    params: dict[str, Any] = {"student": p.students[i].id}
    if code == "capacity":
        params.update(teams=p.n_teams, size_max=p.size_max)
    elif code in ("too_few_slots", "no_slot_partners"):
        params.update(k=p.options.min_common_slots)
    elif code == "only_member_of_group":
        params.update(group=p.students[i].group)
    return {"code": code, "params": params}


def render_unassigned(reason: Reason) -> str:
    """English sentence for an unassigned student."""
    prm = reason["params"]
    template = UNASSIGNED_MESSAGES.get(reason["code"]) or str(reason["code"])
    return f"{prm['student']}: " + template.format(**prm)
