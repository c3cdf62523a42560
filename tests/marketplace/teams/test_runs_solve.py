"""Solving a run: teams satisfy the hard rules, infeasible runs are diagnosed, locks hold on
re-run, swaps and moves rescore and warn."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from marketplace.teams import check_solution, services
from marketplace.teams.models import SolveState, Team, TeamMember
from marketplace.teams.reasons_i18n import Labels, diagnosis
from marketplace.teams.solving import build_request, current_result, team_warnings
from tests.marketplace.teams.run_builders import (
    add_challenge,
    add_student,
    educator_of,
    make_run,
    small_run,
    solve,
    university,
)

pytestmark = pytest.mark.django_db


def _check(run) -> list[str]:
    return check_solution(build_request(run), current_result(run))


def test_solve_stores_teams_that_keep_every_rule():
    built = small_run()
    run = built["run"]
    assert run.solve_state == SolveState.DONE
    assert Team.objects.filter(run=run).count() == 2
    assert TeamMember.objects.filter(team__run=run).count() == 5
    assert _check(run) == []
    for team in Team.objects.filter(run=run):
        # required discipline 0713 in every team
        assert team.members.filter(student__discipline_id="0713").exists()
        assert team.reasons and team.explanation
        assert set(team.breakdown) == {"skills", "diversity", "preference"}
    assert run.objective["worst"] <= run.objective["mean"]
    assert run.objective["bound"] is not None


def test_avoid_pairs_are_never_in_the_same_team():
    org = university()
    run = make_run(educator_of(org), org)
    challenge = add_challenge(run, teams=2)
    a = add_student(run, "0713", prefs=[challenge])
    b = add_student(run, "0311", prefs=[challenge], avoid=[a])
    for d in ["0421", "0212"]:
        add_student(run, d, prefs=[challenge])
    solve(run)
    assert a.membership.team_id != b.membership.team_id
    assert _check(run) == []


def test_infeasible_run_stores_the_diagnosis_naming_constraint_and_students():
    org = university()
    run = make_run(educator_of(org), org)
    add_challenge(run, teams=2, disciplines=["0421"])
    law = add_student(run, "0421")
    for d in ["0713", "0311", "0212"]:
        add_student(run, d)
    solve(run)
    assert run.solve_state == SolveState.FAILED
    assert not Team.objects.filter(run=run).exists()
    assert run.solve_error["params"]["constraint"] == "required_discipline"
    with override("en"):
        shown = diagnosis(run.solve_error, Labels.for_run(run))
    assert shown["constraints"] == ["required disciplines"]
    with override("fr"):
        assert diagnosis(run.solve_error, Labels.for_run(run))["constraints"] == [
            "disciplines requises"
        ]
    assert law.name in shown["detail"] or law.name in shown["students"]


def test_locks_are_respected_on_rerun():
    built = small_run()
    run = built["run"]
    teams = list(Team.objects.filter(run=run))
    # lock one student of each team into the team they are in, then ask for another seed
    locked = {}
    for team in teams:
        member = team.members.first()
        services.member_lock(run=run, student=member.student, locked=True)
        locked[member.student_id] = team.index
    services.run_update(run=run, seed=7)
    solve(run)
    for student_id, index in locked.items():
        member = TeamMember.objects.get(student_id=student_id)
        assert member.team.index == index
        assert member.locked
    assert _check(run) == []


def test_swap_exchanges_students_and_rescores_both_teams():
    built = small_run()
    run = built["run"]
    t1, t2 = Team.objects.filter(run=run)
    a, b = t1.members.first().student, t2.members.first().student
    services.students_swap(run=run, a=a, b=b)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.membership.team_id == t2.pk and b.membership.team_id == t1.pk
    for team in Team.objects.filter(run=run):
        assert team.edited
    assert _check(run) == [] or team_warnings(run)


def test_swap_within_one_team_is_refused():
    built = small_run()
    run = built["run"]
    team = Team.objects.filter(run=run, members__isnull=False).distinct().first()
    a, b = [m.student for m in team.members.all()[:2]]
    with pytest.raises(ValidationError):
        services.students_swap(run=run, a=a, b=b)


def test_move_breaking_a_rule_shows_a_warning_matching_the_checker():
    built = small_run()
    run = built["run"]
    t1, t2 = sorted(Team.objects.filter(run=run), key=lambda t: t.members.count())
    # move the only 0713 student of the smaller team out: its team now misses a discipline
    # or falls below the minimum size
    mover = t1.members.filter(student__discipline_id="0713").first().student
    services.student_move(run=run, student=mover, team=t2)
    warnings = team_warnings(run)
    assert warnings
    assert _check(run)  # the core's checker agrees that a hard rule is broken
    t1.refresh_from_db()
    assert t1.edited


def test_edits_are_refused_while_solving():
    built = small_run()
    run = built["run"]
    team = Team.objects.filter(run=run).first()
    run.solve_state = SolveState.QUEUED
    with pytest.raises(ValidationError):
        services.student_move(run=run, student=built["students"][0], team=team)
