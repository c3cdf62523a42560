"""The default team objective of DESIGN.md, computed exactly (floats, no scaling).

Per team of challenge c:
- skill coverage: share of c's required skills held by at least one member
  (1.0 when c lists no required skills: nothing is missing);
- discipline diversity: distinct disciplines ÷ team size;
- preference: mean over members of 1 − position/len(ranked list), 0 when c is unranked.
The team score is the weighted mean with the educator's weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .problem import Problem


@dataclass(frozen=True)
class TeamScore:
    skills: float
    diversity: float
    preference: float
    score: float
    covered: int  # required skills covered
    required: int  # required skills of the challenge
    distinct: int  # distinct disciplines
    size: int


def combine(problem: Problem, skills: float, diversity: float, preference: float) -> float:
    """Weighted mean of the three components with the request's weights."""
    w = problem.options.weights
    return (w.skills * skills + w.diversity * diversity + w.preference * preference) / w.total


def team_score(problem: Problem, challenge: int, members: Iterable[int]) -> TeamScore:
    """Score of a team of ``challenge`` made of student indices ``members``."""
    members = list(members)
    required = len(problem.challenges[challenge].required_skills)
    if not members:
        return TeamScore(0.0, 0.0, 0.0, 0.0, 0, required, 0, 0)
    mask = 0
    for i in members:
        mask |= problem.skill_mask[i][challenge]
    covered = mask.bit_count()
    skills = covered / required if required else 1.0
    distinct = len({problem.discipline_of[i] for i in members})
    diversity = distinct / len(members)
    preference = sum(problem.pref[i][challenge] for i in members) / len(members)
    return TeamScore(
        skills=skills,
        diversity=diversity,
        preference=preference,
        score=combine(problem, skills, diversity, preference),
        covered=covered,
        required=required,
        distinct=distinct,
        size=len(members),
    )


def solution_scores(problem: Problem, team_members: Sequence[Sequence[int]]) -> list[TeamScore]:
    """Scores of every team slot, in slot order."""
    return [
        team_score(problem, problem.teams[t].challenge, members)
        for t, members in enumerate(team_members)
    ]
