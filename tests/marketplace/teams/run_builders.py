"""Builders for team-formation *runs* (database rows), going through the services so the
objects are in states the application itself produces. Shared by the run, survey, publish,
peer-evaluation and API tests and by tests/frontend/teams."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import TestCase
from django.utils import timezone

from marketplace.models import EscoSkill, IscedField, Organisation, User
from marketplace.models.organisations import Role
from marketplace.teams import publishing, services
from marketplace.teams.models import RunChallenge, RunStudent, TeamRun
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

SLOTS = ["mon-am", "tue-am", "wed-am"]


def university() -> Organisation:
    return OrganisationFactory(kind="university", name="Hogeschool Gent")


def educator_of(organisation: Organisation) -> User:
    return MembershipFactory(organisation=organisation, role=Role.MEMBER).user


def make_run(educator: User, organisation: Organisation, **options: Any) -> TeamRun:
    options.setdefault("team_size_min", 2)
    options.setdefault("team_size_max", 3)
    options.setdefault("time_limit", 1.0)
    return services.run_create(
        actor=educator, organisation=organisation, title="Design project", course="Design 2",
        **options,
    )  # fmt: skip


def add_challenge(
    run: TeamRun,
    title: str = "Smart packaging",
    teams: int = 1,
    disciplines: list[str] | None = None,
    skills: list[EscoSkill] | None = None,
) -> RunChallenge:
    return services.challenge_save(
        run=run,
        title=title,
        teams=teams,
        required_skills=skills or [],
        required_disciplines=list(IscedField.objects.filter(pk__in=disciplines or [])),
    )


def add_student(
    run: TeamRun,
    discipline: str = "0713",
    *,
    user: User | None = None,
    prefs: list[RunChallenge] | None = None,
    availability: list[str] | None = None,
    group: str = "",
    avoid: list[RunStudent] | None = None,
    skills: list[EscoSkill] | None = None,
) -> RunStudent:
    user = user or UserFactory()
    entry = services.run_join(user=user, run=run)
    return services.survey_submit(
        entry=entry,
        discipline=IscedField.objects.get(pk=discipline),
        skills=skills or [],
        availability=SLOTS if availability is None else availability,
        languages=["nl"],
        challenge_prefs=[c.pk for c in prefs or []],
        avoid=[a.pk for a in avoid or []],
        group=group,
    )


def solve(run: TeamRun) -> TeamRun:
    """Queue the solver and run it as the commit would (immediate backend)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.run_solve(run=run)
    run.refresh_from_db()
    return run


def small_run() -> dict[str, Any]:
    """A university, its educator, a run with one challenge of two teams and 5 students of
    mixed disciplines, solved."""
    org = university()
    educator = educator_of(org)
    run = make_run(educator, org)
    challenge = add_challenge(run, teams=2, disciplines=["0713"])
    disciplines = ["0713", "0713", "0311", "0421", "0212"]
    students = [add_student(run, d, prefs=[challenge]) for d in disciplines]
    solve(run)
    return {
        "org": org,
        "educator": educator,
        "run": run,
        "challenge": challenge,
        "students": students,
    }


def publish(run: TeamRun, educator: User) -> None:
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.run_publish(actor=educator, run=run, accept_warnings=True)
    run.refresh_from_db()


def open_evaluation(run: TeamRun) -> None:
    now = timezone.now()
    services.run_update(
        run=run,
        evaluation_opens_at=now - timedelta(hours=1),
        evaluation_closes_at=now + timedelta(days=7),
    )


def run_with_one_left_out() -> dict[str, Any]:
    """One team of at most 3 and four students who answered: one cannot be placed."""
    org = university()
    educator = educator_of(org)
    run = make_run(educator, org, team_size_min=2, team_size_max=3)
    add_challenge(run, teams=1)
    french = UserFactory(preferred_language="fr", first_name="Zoé", last_name="Zinzin")
    students = [add_student(run, d) for d in ["0713", "0311", "0421"]]
    students.append(add_student(run, "0212", user=french))
    solve(run)
    unplaced = [e for e, _reason in publishing.unplaced_students(run)]
    assert len(unplaced) == 1  # capacity 3, four answers
    return {"run": run, "educator": educator, "students": students, "unplaced": unplaced[0]}
