"""Publishing a run's teams (notifications, e-mail, project rooms) and the peer evaluation
that closes it (CATME's five dimensions, confidential comments, flags for the educator)."""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.languages import in_every_language
from marketplace.models import Notification, User
from marketplace.tasks import email_send

from . import access, reasons_i18n
from .models import RATING_FIELDS, PeerEvaluation, RunStudent, SolveState, Team, TeamRun
from .signals import team_published
from .solving import team_warnings

NOTIFICATION_KIND = "team_published"
NOT_PLACED_KIND = "team_not_placed"
LOW_CONTRIBUTION = 2.5  # mean "contributing" rating below which the educator is alerted


def run_publish(
    *,
    actor: User,
    run: TeamRun,
    accept_warnings: bool = False,
    accept_unplaced: bool = False,
) -> list[Team]:
    """Publish the teams: each student is told their team (in-app and by e-mail, after
    commit), each team gets a project room through the ``team_published`` hook. Teams that
    break a hard rule after manual edits are published only with ``accept_warnings``; when
    students who answered are in no team, only with ``accept_unplaced``, and each of them is
    told why and that the educator will contact them."""
    if run.is_published:
        raise ValidationError(_("The teams are already published."))
    if run.solve_state != SolveState.DONE:
        raise ValidationError(_("Form the teams before publishing them."))
    teams = list(
        Team.objects.filter(run=run)
        .select_related("run_challenge__challenge")
        .prefetch_related("members__student__user")
    )
    if not teams:
        raise ValidationError(_("There are no teams to publish."))
    if not accept_warnings and team_warnings(run):
        raise ValidationError(
            {"accept_warnings": _("Some teams break a rule; confirm to publish them anyway.")}
        )
    unplaced = unplaced_students(run)
    if unplaced and not accept_unplaced:
        raise ValidationError(
            {
                "accept_unplaced": ngettext(
                    "%(n)d student is in no team: %(names)s. Confirm to publish anyway; they"
                    " are told why and that you will contact them.",
                    "%(n)d students are in no team: %(names)s. Confirm to publish anyway; each"
                    " of them is told why and that you will contact them.",
                    len(unplaced),
                )
                % {"n": len(unplaced), "names": ", ".join(e.name for e, _r in unplaced)}
            }
        )
    educators = [run.created_by, *run.co_educators.all()]
    now = timezone.now()
    with transaction.atomic():
        locked = TeamRun.objects.select_for_update().get(pk=run.pk)
        if locked.published_at is not None:
            raise ValidationError(_("The teams are already published."))
        locked.published_at = now
        locked.save(update_fields=["published_at", "updated_at"])
        run.published_at = now
        url = reverse("team_run_my_team", args=[run.pk])
        for team in teams:
            users = [m.student.user for m in team.members.all()]
            _room_for(team, run, actor, users, educators)
            _tell_members(run, team, users, url, now)
        _tell_unplaced(run, unplaced, reverse("team_run_survey", args=[run.pk]), now)
    return teams


def unplaced_students(run: TeamRun) -> list[tuple[RunStudent, dict[str, Any]]]:
    """Students who answered the survey but are in no team, each with the reason (the
    solver's, or "answered after the teams were formed")."""
    entries = (
        RunStudent.objects.filter(
            run=run,
            submitted_at__isnull=False,
            discipline__isnull=False,
            membership__isnull=True,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    return [(entry, _unplaced_reason(run, entry)) for entry in entries]


def unplaced_reason(run: TeamRun, entry: RunStudent) -> dict[str, Any] | None:
    """Why ``entry`` is in no team of a published run; None when they are in one (or the
    teams are not published, or they never answered)."""
    if not run.is_published or entry.submitted_at is None or access.team_of(entry) is not None:
        return None
    return _unplaced_reason(run, entry)


def _unplaced_reason(run: TeamRun, entry: RunStudent) -> dict[str, Any]:
    for reason in run.unassigned or []:
        if (reason.get("params") or {}).get("student") == entry.solver_id:
            return dict(reason)
    solved, answered = run.solved_at, entry.submitted_at
    late = solved is not None and answered is not None and answered > solved
    return {
        "code": "answered_late" if late else "no_feasible_team",
        "params": {"student": entry.solver_id},
    }


def _tell_unplaced(
    run: TeamRun, unplaced: list[tuple[RunStudent, dict[str, Any]]], url: str, now: Any
) -> None:
    """A student in no team hears it as surely as the others hear their team: in-app and
    by e-mail, in their language, with the reason and what happens next."""
    educator = run.created_by
    messages = []
    for entry, reason in unplaced:
        user = entry.user
        if not user.is_active:
            continue

        def text(reason: dict[str, Any] = reason) -> tuple[str, str]:
            title = _("You are not in a team for %(course)s") % {"course": run.course}
            body = " ".join(
                [
                    reasons_i18n.unplaced_for_student(reason),
                    reasons_i18n.unplaced_next_step(educator.display_name, educator.email),
                ]
            )
            return title, body

        messages.append((user, in_every_language(text)))
    _send_must_know(NOT_PLACED_KIND, url, now, messages)


def _send_must_know(
    kind: str,
    url: str,
    now: Any,
    messages: list[tuple[User, dict[str, tuple[str, str]]]],
    challenge: Any = None,
) -> None:
    """In-app notifications and e-mails right away for ``(user, texts)`` messages, texts being
    (title, body) per language. The e-mail is in the user's language; the in-app copy keeps
    every language and shows the reader's when it is read (the reasons of an unplaced student
    are built from codes by several sentences, so they are kept per language, not as one
    template). It is marked e-mailed so that the daily digest does not repeat it."""
    link = settings.SITE_URL + url

    def mine(user: User, texts: dict[str, tuple[str, str]]) -> tuple[str, str]:
        return texts.get(user.preferred_language) or texts[settings.LANGUAGE_CODE]

    Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=kind,
            challenge=challenge,
            title=mine(user, texts)[0][:300],
            body=mine(user, texts)[1],
            title_template="%(title)s",
            body_template="%(body)s",
            params={
                "title": {code: title[:300] for code, (title, _body) in texts.items()},
                "body": {code: body for code, (_title, body) in texts.items()},
            },
            url=url,
            emailed_at=now,
        )
        for user, texts in messages
    )
    for user, texts in messages:
        title, body = mine(user, texts)
        transaction.on_commit(
            partial(email_send.enqueue, to=user.email, subject=title, body=f"{body}\n\n{link}\n")
        )


def _room_for(
    team: Team, run: TeamRun, actor: User, users: list[User], educators: list[User]
) -> None:
    challenge = team.run_challenge.challenge
    description = run.course + (f" — {challenge.title}" if challenge is not None else "")
    responses = team_published.send(
        sender=Team,
        team=team,
        name=f"{run.title}: {team}"[:200],
        description=description,
        created_by=actor,
        members=users,
        educators=educators,
    )
    room_id = next((r for _receiver, r in responses if isinstance(r, int)), None)
    if room_id is not None:
        team.room_id = room_id
        team.save(update_fields=["room_id"])


def _tell_members(run: TeamRun, team: Team, users: list[User], url: str, now: Any) -> None:
    """A team assignment is a must-know message: each member hears it in their language."""
    messages = []
    for user in users:
        if not user.is_active:
            continue
        mates = ", ".join(u.display_name for u in users if u.pk != user.pk)

        def text(mates: str = mates) -> tuple[str, str]:
            title = _("Your team for %(course)s: %(team)s") % {"course": run.course, "team": team}
            return title, _("Your teammates: %(mates)s.") % {"mates": mates or "—"}

        messages.append((user, in_every_language(text)))
    _send_must_know(NOTIFICATION_KIND, url, now, messages, team.run_challenge.challenge)


# --------------------------------------------------------------------------- peer evaluation


def peer_evaluation_submit(
    *,
    rater: RunStudent,
    ratee: RunStudent,
    comment: str = "",
    flag_conflict: bool = False,
    flag_free_riding: bool = False,
    **ratings: int,
) -> PeerEvaluation:
    """Rate a teammate once, on the five dimensions (1–5), while the window is open."""
    run = rater.run
    if not run.evaluation_is_open():
        raise ValidationError(_("The peer evaluation is not open."))
    if set(ratings) != set(RATING_FIELDS):
        raise ValidationError(
            {f: _("Give a rating from 1 to 5.") for f in RATING_FIELDS if f not in ratings}
            or {"detail": _("Unknown rating.")}
        )
    bad = {
        f: _("Give a rating from 1 to 5.")
        for f, v in ratings.items()
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 5
    }
    if bad:
        raise ValidationError(bad)
    if ratee.pk == rater.pk:
        raise ValidationError({"ratee": _("Rate your teammates, not yourself.")})
    team_id = getattr(getattr(rater, "membership", None), "team_id", None)
    ratee_team = getattr(getattr(ratee, "membership", None), "team_id", None)
    if team_id is None or ratee.run_id != run.pk or ratee_team != team_id:
        raise ValidationError({"ratee": _("Rate only members of your own team.")})
    with transaction.atomic():
        if PeerEvaluation.objects.filter(rater=rater, ratee=ratee).exists():
            raise ValidationError({"ratee": _("You already rated this teammate.")})
        return PeerEvaluation.objects.create(
            team_id=team_id,
            rater=rater,
            ratee=ratee,
            comment=comment.strip()[:2_000],
            flag_conflict=flag_conflict,
            flag_free_riding=flag_free_riding,
            **ratings,
        )


def evaluation_summary(run: TeamRun) -> list[dict[str, Any]]:
    """Per rated student: mean per dimension, overall mean, CATME-style adjustment factor
    (overall mean ÷ the team's mean), flag counts, confidential comments, and whether the
    educator should look (a flag, or a low contribution rating). One query."""
    evaluations: QuerySet[PeerEvaluation] = PeerEvaluation.objects.filter(
        team__run=run
    ).select_related("ratee__user", "rater__user", "team__run_challenge")
    by_ratee: dict[int, list[PeerEvaluation]] = defaultdict(list)
    by_team: dict[int, list[float]] = defaultdict(list)
    for e in evaluations:
        by_ratee[e.ratee_id].append(e)
        by_team[e.team_id].append(_overall(e))
    rows = []
    for items in by_ratee.values():
        first = items[0]
        means = {f: round(sum(getattr(e, f) for e in items) / len(items), 2) for f in RATING_FIELDS}
        overall = sum(_overall(e) for e in items) / len(items)
        team_scores = by_team[first.team_id]
        team_mean = sum(team_scores) / len(team_scores)
        conflict = sum(e.flag_conflict for e in items)
        free_riding = sum(e.flag_free_riding for e in items)
        rows.append(
            {
                "student": first.ratee_id,
                "name": first.ratee.name,
                "team": first.team_id,
                "team_name": str(first.team),
                "ratings": len(items),
                "means": means,
                "overall": round(overall, 2),
                "adjustment": round(overall / team_mean, 2) if team_mean else None,
                "conflict_flags": conflict,
                "free_riding_flags": free_riding,
                "comments": [{"by": e.rater.name, "text": e.comment} for e in items if e.comment],
                "attention": bool(conflict or free_riding)
                or means["contributing"] < LOW_CONTRIBUTION,
            }
        )
    rows.sort(key=lambda r: (not r["attention"], r["team_name"], r["name"]))
    return rows


def _overall(e: PeerEvaluation) -> float:
    return sum(getattr(e, f) for f in RATING_FIELDS) / len(RATING_FIELDS)
