"""Team-formation runs: creating and configuring a run, its challenges, co-educators and
invitations; students joining and answering the survey; solving; editing teams by hand.

Publishing and peer evaluation are in publishing.py. Every function is atomic, checks the
run's state and raises ValidationError (a 400 in the API, a form error on pages) without
changing anything. Access (who may call what) is decided by the caller through access.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from marketplace.access import active_user_by_email
from marketplace.models import EscoSkill, IscedField, Organisation, PersonProfile, User
from marketplace.models.organisations import LANGUAGE_CHOICES
from marketplace.models.people import AVAILABILITY_SLOTS
from marketplace.tasks import email_send

from .models import (
    MAX_TIME_LIMIT,
    RunChallenge,
    RunInvitation,
    RunStudent,
    SolveState,
    Team,
    TeamMember,
    TeamRun,
)
from .solving import teams_rescore

RUN_OPTION_FIELDS = {
    "team_size_min",
    "team_size_max",
    "no_lone_group_member",
    "min_common_slots",
    "weight_skills",
    "weight_diversity",
    "weight_preference",
    "seed",
    "time_limit",
}
RUN_TEXT_FIELDS = {"title", "course", "description", "survey_open"}
RUN_WINDOW_FIELDS = {"evaluation_opens_at", "evaluation_closes_at"}
MAX_INVITATIONS = 500
LANGUAGE_CODES = {code for code, _label in LANGUAGE_CHOICES}


# --------------------------------------------------------------------------- run


def _check_options(run: TeamRun) -> None:
    errors: dict[str, str] = {}
    if run.team_size_min < 1:
        errors["team_size_min"] = _("A team has at least one member.")
    if run.team_size_max < run.team_size_min:
        errors["team_size_max"] = _("The maximum team size must be at least the minimum.")
    for name in ("weight_skills", "weight_diversity", "weight_preference"):
        if getattr(run, name) < 0:
            errors[name] = _("A weight cannot be negative.")
    if run.weight_skills + run.weight_diversity + run.weight_preference <= 0:
        errors["weight_skills"] = _("At least one weight must be more than zero.")
    if run.time_limit is not None and not 0 < run.time_limit <= MAX_TIME_LIMIT:
        errors["time_limit"] = _("The time limit is between 0 and %(max)d seconds.") % {
            "max": MAX_TIME_LIMIT
        }
    if run.min_common_slots > len(AVAILABILITY_SLOTS):
        errors["min_common_slots"] = _("There are only %(n)d availability slots in a week.") % {
            "n": len(AVAILABILITY_SLOTS)
        }
    if (
        run.evaluation_opens_at
        and run.evaluation_closes_at
        and run.evaluation_closes_at <= run.evaluation_opens_at
    ):
        errors["evaluation_closes_at"] = _("The evaluation must close after it opens.")
    if errors:
        raise ValidationError(errors)


def run_create(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    course: str,
    description: str = "",
    partner_organisations: Iterable[Organisation] = (),
    **options: Any,
) -> TeamRun:
    """Create a run for `organisation` (which the caller checked the actor may use)."""
    unknown = set(options) - RUN_OPTION_FIELDS - RUN_WINDOW_FIELDS - {"survey_open"}
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    run = TeamRun(
        organisation=organisation,
        title=title,
        course=course,
        description=description,
        created_by=actor,
        **options,
    )
    _check_options(run)
    partners = _partners(run, partner_organisations)
    with transaction.atomic():
        run.save()
        run.partner_organisations.set(partners)
    return run


def _partners(run: TeamRun, organisations: Iterable[Organisation]) -> list[Organisation]:
    """The partner institutions, checked: knowledge institutions other than the run's own."""
    from .access import partner_institutions

    partners = list(dict.fromkeys(organisations))
    allowed = set(
        partner_institutions().filter(pk__in=[o.pk for o in partners]).values_list("pk", flat=True)
    )
    wrong = [o for o in partners if o.pk not in allowed or o.pk == run.organisation_id]
    if wrong:
        raise ValidationError(
            {
                "partner_organisations": _(
                    "Only other universities, research centres and knowledge centres can be"
                    " partner institutions: %(names)s is not one."
                )
                % {"names": ", ".join(o.name for o in wrong)}
            }
        )
    return partners


def run_update(
    *, run: TeamRun, partner_organisations: Iterable[Organisation] | None = None, **fields: Any
) -> TeamRun:
    """Change the run's texts, options or evaluation window. Solver options are fixed once
    the teams are published; nothing changes while the solver runs."""
    unknown = set(fields) - RUN_OPTION_FIELDS - RUN_TEXT_FIELDS - RUN_WINDOW_FIELDS
    if unknown:
        raise ValidationError({key: _("Unknown field.") for key in sorted(unknown)})
    changes_options = any(
        getattr(run, key) != value for key, value in fields.items() if key in RUN_OPTION_FIELDS
    )
    if changes_options and run.is_published:
        raise ValidationError(_("The teams are published; the formation options are fixed."))
    if changes_options and run.is_solving:
        raise ValidationError(_("Wait until the teams are formed."))
    partners = None if partner_organisations is None else _partners(run, partner_organisations)
    with transaction.atomic():
        for key, value in fields.items():
            setattr(run, key, value)
        _check_options(run)
        run.save()
        if partners is not None:
            run.partner_organisations.set(partners)
    return run


def coeducator_add(*, run: TeamRun, email: str) -> User:
    user = active_user_by_email(email)
    if user is None:
        raise ValidationError({"email": _("No Kruispunt account uses this address.")})
    if RunStudent.objects.filter(run=run, user=user).exists():
        raise ValidationError({"email": _("This person takes part in the run as a student.")})
    if user.pk != run.created_by_id:
        run.co_educators.add(user)
    return user


def coeducator_remove(*, run: TeamRun, user: User) -> None:
    run.co_educators.remove(user)


def _editable(run: TeamRun) -> None:
    if run.is_published:
        raise ValidationError(_("The teams are published; they can no longer change."))
    if run.is_solving:
        raise ValidationError(_("Wait until the teams are formed."))


def _reset_teams(run: TeamRun) -> None:
    """Challenges changed: formed teams no longer fit the slots; start again."""
    Team.objects.filter(run=run).delete()
    TeamRun.objects.filter(pk=run.pk).update(
        solve_state=SolveState.IDLE, objective=None, solve_error=None, unassigned=[]
    )
    run.solve_state = SolveState.IDLE


# --------------------------------------------------------------------------- challenges


def challenge_save(
    *,
    run: TeamRun,
    instance: RunChallenge | None = None,
    title: str,
    teams: int,
    challenge: Any = None,
    required_skills: Sequence[EscoSkill] = (),
    required_disciplines: Sequence[IscedField] = (),
) -> RunChallenge:
    """Add a challenge to the run, or change one. Changing the number of teams resets the
    formed teams (their slots move)."""
    _editable(run)
    if not 1 <= teams <= 100:
        raise ValidationError({"teams": _("Between 1 and 100 teams.")})
    with transaction.atomic():
        if instance is None:
            position = RunChallenge.objects.filter(run=run).count()
            instance = RunChallenge(run=run, position=position)
            reset = Team.objects.filter(run=run).exists()
        else:
            reset = instance.teams != teams
        instance.title = title
        instance.teams = teams
        instance.challenge = challenge
        instance.save()
        instance.required_skills.set(list(required_skills))
        instance.required_disciplines.set(list(required_disciplines))
        if reset:
            _reset_teams(run)
    return instance


def challenge_remove(*, run: TeamRun, instance: RunChallenge) -> None:
    _editable(run)
    with transaction.atomic():
        instance.delete()
        _reset_teams(run)


# --------------------------------------------------------------------------- invitations


def join_url(run: TeamRun) -> str:
    return settings.SITE_URL + reverse("team_run_join", args=[run.invite_token])


def invitations_send(*, actor: User, run: TeamRun, emails: Iterable[str]) -> list[RunInvitation]:
    """Invite students by e-mail to answer the survey (the mail carries the run's link).
    An address already invited is not mailed twice."""
    if run.is_published:
        raise ValidationError(_("The teams are published; the survey is closed."))
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    if not wanted:
        raise ValidationError({"emails": _("Give at least one e-mail address.")})
    if len(wanted) > MAX_INVITATIONS:
        raise ValidationError(
            {"emails": _("At most %(n)d addresses at once.") % {"n": MAX_INVITATIONS}}
        )
    with transaction.atomic():
        present = set(
            RunInvitation.objects.filter(run=run, email__in=wanted).values_list("email", flat=True)
        )
        created = RunInvitation.objects.bulk_create(
            RunInvitation(run=run, email=e, invited_by=actor) for e in wanted if e not in present
        )
        link = join_url(run)
        with override(actor.preferred_language):
            subject = _("Team formation for %(course)s: please answer the survey") % {
                "course": run.course
            }
            body = _(
                "%(name)s forms project teams for %(course)s on Kruispunt and asks you to "
                "answer a short survey (discipline, skills, availability, challenge "
                "preferences).\n\n%(link)s"
            ) % {"name": actor.display_name, "course": run.course, "link": link}
        for invitation in created:
            transaction.on_commit(
                partial(email_send.enqueue, to=invitation.email, subject=subject, body=body)
            )
    return created


# --------------------------------------------------------------------------- survey


def run_join(*, user: User, run: TeamRun) -> RunStudent:
    """Take part in a run through its link; the survey is prefilled from the profile."""
    existing = RunStudent.objects.filter(run=run, user=user).first()
    if existing is not None:
        return existing
    if run.is_educator(user):
        raise ValidationError(_("Educators of a run do not answer its survey."))
    if run.is_published or not run.survey_open:
        raise ValidationError(_("This survey is closed."))
    profile = PersonProfile.objects.filter(user=user).first()
    with transaction.atomic():
        entry, created = RunStudent.objects.get_or_create(run=run, user=user)
        if created and profile is not None:
            entry.discipline_id = profile.discipline_id
            entry.languages = [c for c in profile.languages if c in LANGUAGE_CODES]
            entry.availability = [s for s in profile.availability if s in AVAILABILITY_SLOTS]
            entry.save(update_fields=["discipline", "languages", "availability"])
            entry.skills.set(profile.skills.all())
    return entry


def survey_submit(
    *,
    entry: RunStudent,
    discipline: IscedField | None,
    skills: Sequence[EscoSkill] = (),
    languages: Sequence[str] = (),
    availability: Sequence[str] = (),
    challenge_prefs: Sequence[int] = (),
    avoid: Sequence[int] = (),
    group: str = "",
) -> RunStudent:
    """Store a student's answers. Ranked preferences are RunChallenge ids of this run, most
    wanted first; `avoid` are RunStudent ids of this run. Everything is checked before
    anything is stored."""
    run = entry.run
    if run.is_published or not run.survey_open:
        raise ValidationError(_("This survey is closed."))
    errors: dict[str, str] = {}
    if discipline is None:
        errors["discipline"] = _("Choose your discipline.")
    bad_slots = sorted(set(availability) - set(AVAILABILITY_SLOTS))
    if bad_slots:
        errors["availability"] = _("Unknown availability slots: %(slots)s.") % {
            "slots": ", ".join(map(str, bad_slots))
        }
    bad_languages = sorted(set(languages) - LANGUAGE_CODES)
    if bad_languages:
        errors["languages"] = _("Unknown languages: %(codes)s.") % {
            "codes": ", ".join(map(str, bad_languages))
        }
    prefs = list(challenge_prefs)
    if len(set(prefs)) != len(prefs):
        errors["challenge_prefs"] = _("Rank each challenge at most once.")
    else:
        known = set(RunChallenge.objects.filter(run=run).values_list("pk", flat=True))
        if set(prefs) - known:
            errors["challenge_prefs"] = _("Rank only challenges of this run.")
    avoid_ids = set(avoid)
    if entry.pk in avoid_ids:
        errors["avoid"] = _("You cannot avoid yourself.")
    elif avoid_ids and RunStudent.objects.filter(run=run, pk__in=avoid_ids).count() != len(
        avoid_ids
    ):
        errors["avoid"] = _("Choose only students of this run.")
    if len(group) > 60:
        errors["group"] = _("At most 60 characters.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry.discipline = discipline
        entry.languages = list(dict.fromkeys(languages))
        entry.availability = [s for s in AVAILABILITY_SLOTS if s in set(availability)]
        entry.challenge_prefs = prefs
        entry.group = group.strip()
        entry.submitted_at = timezone.now()
        entry.save()
        entry.skills.set(list(skills))
        entry.avoid.set(list(avoid_ids))
    return entry


# --------------------------------------------------------------------------- solving


def run_solve(*, run: TeamRun, time_limit: float | None = None) -> TeamRun:
    """Queue the solver for the run; locked members stay where they are (re-run around
    locks). The task runs after commit (inline with the immediate backend). ``time_limit``
    (seconds, at most MAX_TIME_LIMIT) overrides the run's own for this search only: "keep
    searching in the background" after a search that neither found nor ruled out teams."""
    from .tasks import run_solve_task

    if time_limit is not None and not 0 < time_limit <= MAX_TIME_LIMIT:
        raise ValidationError(
            {
                "time_limit": _("The time limit is between 0 and %(max)d seconds.")
                % {"max": MAX_TIME_LIMIT}
            }
        )
    _editable(run)
    if not RunChallenge.objects.filter(run=run).exists():
        raise ValidationError(_("Add at least one challenge first."))
    if not RunStudent.objects.filter(run=run, submitted_at__isnull=False).exists():
        raise ValidationError(_("No student has answered the survey yet."))
    with transaction.atomic():
        TeamRun.objects.filter(pk=run.pk).update(
            solve_state=SolveState.QUEUED,
            solve_generation=F("solve_generation") + 1,
            solve_error=None,
        )
        run.refresh_from_db()
        generation = run.solve_generation
        transaction.on_commit(
            lambda: run_solve_task.enqueue(
                run_id=run.pk, generation=generation, time_limit=time_limit
            )
        )
    return run


# --------------------------------------------------------------------------- manual edits


def _membership(run: TeamRun, student: RunStudent) -> TeamMember:
    membership = TeamMember.objects.filter(team__run=run, student=student).first()
    if membership is None:
        raise ValidationError({"student": _("This student is not in a team.")})
    return membership


def member_lock(*, run: TeamRun, student: RunStudent, locked: bool) -> TeamMember:
    """Lock (or unlock) a student in their team; a re-run keeps locked students there."""
    _editable(run)
    membership = _membership(run, student)
    membership.locked = locked
    membership.save(update_fields=["locked"])
    return membership


def students_swap(*, run: TeamRun, a: RunStudent, b: RunStudent) -> tuple[Team, Team]:
    """Exchange two students of different teams; both teams are rescored."""
    _editable(run)
    with transaction.atomic():
        ma, mb = _membership(run, a), _membership(run, b)
        if ma.team_id == mb.team_id:
            raise ValidationError({"b": _("Both students are in the same team.")})
        team_a, team_b = ma.team, mb.team
        # one-to-one on student: move through a delete/create to avoid a unique clash
        TeamMember.objects.filter(pk__in=[ma.pk, mb.pk]).delete()
        TeamMember.objects.bulk_create(
            [
                TeamMember(team=team_b, student=a, locked=ma.locked),
                TeamMember(team=team_a, student=b, locked=mb.locked),
            ]
        )
        teams_rescore(run, [team_a, team_b])
    return team_a, team_b


def student_move(*, run: TeamRun, student: RunStudent, team: Team) -> Team:
    """Move a student (placed or not) into `team`; the teams involved are rescored."""
    _editable(run)
    if team.run_id != run.pk:
        raise ValidationError({"team": _("Unknown team.")})
    if student.run_id != run.pk or student.submitted_at is None:
        raise ValidationError({"student": _("This student has not answered the survey.")})
    with transaction.atomic():
        old = TeamMember.objects.filter(student=student).select_related("team").first()
        if old is not None and old.team_id == team.pk:
            raise ValidationError({"team": _("The student is already in this team.")})
        locked = old.locked if old is not None else False
        if old is not None:
            old.delete()
        TeamMember.objects.create(team=team, student=student, locked=locked)
        _unassigned_drop(run, student)
        teams_rescore(run, [team] + ([old.team] if old is not None else []))
    return team


def _unassigned_drop(run: TeamRun, student: RunStudent) -> None:
    sid = f"s{student.pk}"
    remaining = [u for u in run.unassigned if u.get("params", {}).get("student") != sid]
    if len(remaining) != len(run.unassigned):
        run.unassigned = remaining
        TeamRun.objects.filter(pk=run.pk).update(unassigned=remaining)
