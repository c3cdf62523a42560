"""Between a run's rows and the solver: build the form_teams request, store the result, and
keep scores and reasons right after the educator edits teams by hand.

The solver core is called only through its public API (``form_teams``) and, for rescoring
edited teams, the same scoring and explanation code it uses itself (read-only imports).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from .models import RunChallenge, RunStudent, SolveState, Team, TeamMember, TeamRun


def _student_id(pk: int) -> str:
    return f"s{pk}"


def _challenge_id(pk: int) -> str:
    return f"c{pk}"


def pk_of(solver_id: str) -> int:
    """RunStudent / RunChallenge pk from a solver id ("s12" -> 12)."""
    return int(solver_id[1:])


def run_challenges(run: TeamRun) -> list[RunChallenge]:
    return list(
        RunChallenge.objects.filter(run=run).prefetch_related(
            "required_skills", "required_disciplines"
        )
    )


def run_entries(run: TeamRun, *, submitted_only: bool = True) -> list[RunStudent]:
    qs = RunStudent.objects.filter(run=run).select_related("user", "discipline")
    if submitted_only:
        qs = qs.filter(submitted_at__isnull=False, discipline__isnull=False)
    return list(
        qs.prefetch_related("skills", Prefetch("avoid", queryset=RunStudent.objects.only("id")))
    )


def build_request(
    run: TeamRun,
    *,
    challenges: list[RunChallenge] | None = None,
    entries: list[RunStudent] | None = None,
    locks: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The form_teams request (DESIGN.md format) for the run's submitted survey answers."""
    challenges = run_challenges(run) if challenges is None else challenges
    entries = run_entries(run) if entries is None else entries
    known_challenges = {c.pk for c in challenges}
    in_run = {e.pk for e in entries}
    options: dict[str, Any] = {
        "no_lone_group_member": run.no_lone_group_member,
        "min_common_slots": run.min_common_slots,
        "weights": run.weights(),
        "seed": run.seed,
    }
    if run.time_limit:
        options["time_limit"] = run.time_limit
    if locks:
        options["locks"] = locks
    return {
        "team_size": {"min": run.team_size_min, "max": run.team_size_max},
        "students": [
            {
                "id": _student_id(e.pk),
                "discipline": e.discipline_id,
                "skills": sorted(str(s.pk) for s in e.skills.all()),
                "languages": list(e.languages),
                "availability": list(e.availability),
                "group": e.group or None,
                "challenge_prefs": [
                    _challenge_id(c) for c in e.challenge_prefs if c in known_challenges
                ],
                "avoid": sorted(_student_id(a.pk) for a in e.avoid.all() if a.pk in in_run),
            }
            for e in entries
        ],
        "challenges": [
            {
                "id": _challenge_id(c.pk),
                "teams": c.teams,
                "required_skills": sorted(str(s.pk) for s in c.required_skills.all()),
                "required_disciplines": sorted(d.pk for d in c.required_disciplines.all()),
            }
            for c in challenges
        ],
        "options": options,
    }


def current_locks(run: TeamRun) -> dict[str, Any]:
    """Locked members as options.locks, by challenge and ordinal (stable if the educator
    changes another challenge's number of teams)."""
    locked = TeamMember.objects.filter(team__run=run, locked=True).select_related("team")
    return {
        _student_id(m.student_id): {
            "challenge": _challenge_id(m.team.run_challenge_id),
            "team": m.team.ordinal,
        }
        for m in locked
    }


def current_result(run: TeamRun) -> dict[str, Any]:
    """The run's teams in the solver's output shape (teams, unassigned), for the checker."""
    teams = Team.objects.filter(run=run).prefetch_related("members").order_by("index")
    placed: set[int] = set()
    out = []
    for t in teams:
        members = [m.student_id for m in t.members.all()]
        placed.update(members)
        out.append(
            {
                "challenge": _challenge_id(t.run_challenge_id),
                "members": [_student_id(m) for m in members],
                "score": t.score,
            }
        )
    submitted = RunStudent.objects.filter(
        run=run, submitted_at__isnull=False, discipline__isnull=False
    ).values_list("pk", flat=True)
    return {"teams": out, "unassigned": [_student_id(pk) for pk in submitted if pk not in placed]}


def result_store(*, run: TeamRun, result: dict[str, Any], generation: int) -> bool:
    """Replace the run's teams with a solver result. Skipped (False) when a newer solve was
    queued meanwhile, so a slow old run never overwrites a newer one."""
    with transaction.atomic():
        locked_run = TeamRun.objects.select_for_update().get(pk=run.pk)
        if locked_run.solve_generation != generation:
            return False
        locked = set(
            TeamMember.objects.filter(team__run=run, locked=True).values_list(
                "student_id", flat=True
            )
        )
        Team.objects.filter(run=run).delete()
        existing = set(RunStudent.objects.filter(run=run).values_list("pk", flat=True))
        members: list[TeamMember] = []
        for raw in result["teams"]:
            team = Team.objects.create(
                run=run,
                run_challenge_id=pk_of(raw["challenge"]),
                index=raw["index"],
                ordinal=raw["team"],
                score=raw["score"],
                breakdown=raw["breakdown"],
                reasons=raw["reasons"],
                explanation=raw["explanation"],
            )
            for sid in raw["members"]:
                pk = pk_of(sid)
                if pk in existing:
                    members.append(TeamMember(team=team, student_id=pk, locked=pk in locked))
        TeamMember.objects.bulk_create(members)
        TeamRun.objects.filter(pk=run.pk).update(
            solve_state=SolveState.DONE,
            solve_error=None,
            objective=result["objective"],
            unassigned=result.get("unassigned_reasons", []),
            solved_at=timezone.now(),
        )
    return True


# --------------------------------------------------------------------------- manual edits


def teams_rescore(run: TeamRun, teams: Iterable[Team]) -> None:
    """Recompute score, breakdown and reasons of edited teams with the core's own scoring,
    against the run's current survey answers."""
    from marketplace.teams.explain import render, team_reasons
    from marketplace.teams.problem import ProblemError, parse_problem
    from marketplace.teams.scoring import team_score

    request = build_request(run, locks=current_locks(run))
    try:
        problem = parse_problem(request)
    except ProblemError:
        return  # the answers changed into something the solver rejects; keep old scores
    for team in teams:
        c = problem.challenge_index.get(_challenge_id(team.run_challenge_id))
        if c is None:
            continue
        ids = [
            problem.student_index[_student_id(m)]
            for m in TeamMember.objects.filter(team=team).values_list("student_id", flat=True)
            if _student_id(m) in problem.student_index
        ]
        sc = team_score(problem, c, ids)
        reasons = team_reasons(problem, c, ids, sc) if ids else []
        team.score = round(sc.score, 4)
        team.breakdown = {
            "skills": round(sc.skills, 4),
            "diversity": round(sc.diversity, 4),
            "preference": round(sc.preference, 4),
        }
        team.reasons = reasons
        team.explanation = [render(r) for r in reasons]
        team.edited = True
        team.save(update_fields=["score", "breakdown", "reasons", "explanation", "edited"])
    _objective_refresh(run)


def _objective_refresh(run: TeamRun) -> None:
    scores = list(Team.objects.filter(run=run).values_list("score", flat=True))
    objective = dict(run.objective or {})
    if scores:
        objective.update(worst=round(min(scores), 4), mean=round(sum(scores) / len(scores), 4))
        bound = objective.get("bound")
        if bound:
            objective["gap"] = round(max(0.0, (bound - objective["worst"]) / bound), 4)
    run.objective = objective
    TeamRun.objects.filter(pk=run.pk).update(objective=objective)


def team_warnings(run: TeamRun) -> dict[int, list[dict[str, Any]]]:
    """Hard-rule violations per team pk, as translatable reason codes (see reasons_i18n).

    The same rules as the core's checker (sizes, required disciplines, avoid both ways, lone
    group members, shared slots), kept per team so a page can show them next to it.
    """
    challenges = {c.pk: c for c in run_challenges(run)}
    entries = {e.pk: e for e in run_entries(run, submitted_only=False)}
    teams = Team.objects.filter(run=run).prefetch_related("members")
    out: dict[int, list[dict[str, Any]]] = {}
    for team in teams:
        members = [entries[m.student_id] for m in team.members.all() if m.student_id in entries]
        found = _violations(run, challenges.get(team.run_challenge_id), members)
        if found:
            out[team.pk] = found
    return out


def _violations(
    run: TeamRun, challenge: RunChallenge | None, members: list[RunStudent]
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    size = len(members)
    if not run.team_size_min <= size <= run.team_size_max:
        found.append(
            {
                "code": "size",
                "params": {"size": size, "min": run.team_size_min, "max": run.team_size_max},
            }
        )
    if challenge is not None:
        have = {m.discipline_id for m in members}
        for d in challenge.required_disciplines.all():
            if d.pk not in have:
                found.append({"code": "missing_discipline", "params": {"discipline": d.pk}})
    ids = {m.pk for m in members}
    pairs = sorted(
        {tuple(sorted((m.pk, a.pk))) for m in members for a in m.avoid.all() if a.pk in ids}
    )
    for a, b in pairs:
        found.append({"code": "avoid", "params": {"students": [_student_id(a), _student_id(b)]}})
    if run.no_lone_group_member:
        counts = Counter(m.group for m in members if m.group)
        for group, n in sorted(counts.items()):
            if n == 1:
                found.append({"code": "lone_group_member", "params": {"group": group}})
    k = run.min_common_slots
    if k and members:
        common = set.intersection(*(set(m.availability) for m in members))
        if len(common) < k:
            found.append({"code": "common_slots", "params": {"common": len(common), "k": k}})
    return found
