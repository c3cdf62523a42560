"""Team-formation runs: an educator's course, its challenges, the students' survey answers,
the teams the solver formed (and the educator adjusted) and the peer evaluations at the end.

Solver ids are derived from primary keys ("s<RunStudent.pk>", "c<RunChallenge.pk>"), so a
result maps back to rows without a lookup table. Who may see what is decided in access.py.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TIME_LIMIT = 60  # seconds; a page waits for the educator, not the other way round
RATING_FIELDS = (
    "contributing",
    "interacting",
    "keeping_on_track",
    "expecting_quality",
    "having_knowledge",
)


def _invite_token() -> str:
    return secrets.token_urlsafe(24)


class SolveState(models.TextChoices):
    IDLE = "idle", _("Not yet formed")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Forming teams")
    DONE = "done", _("Teams formed")
    FAILED = "failed", _("Could not form teams")


class TeamRunQuerySet(models.QuerySet["TeamRun"]):
    def educated_by(self, user: Any) -> TeamRunQuerySet:
        return self.filter(Q(created_by=user) | Q(co_educators=user)).distinct()

    def with_student(self, user: Any) -> TeamRunQuerySet:
        return self.filter(students__user=user)


class TeamRun(models.Model):
    """One round of team formation for a course or programme."""

    title = models.CharField(_("title"), max_length=200)
    course = models.CharField(_("course or programme"), max_length=200)
    description = models.TextField(_("description for students"), blank=True, max_length=5_000)
    organisation = models.ForeignKey(
        "marketplace.Organisation",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="team_runs",
    )
    partner_organisations = models.ManyToManyField(
        "marketplace.Organisation",
        verbose_name=_("partner institutions"),
        blank=True,
        related_name="partner_team_runs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_runs_created"
    )
    co_educators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-educators"),
        blank=True,
        related_name="team_runs_co_educated",
    )
    invite_token = models.CharField(max_length=64, unique=True, default=_invite_token)
    survey_open = models.BooleanField(_("survey open"), default=True)
    # options passed to the solver
    team_size_min = models.PositiveSmallIntegerField(_("minimum team size"), default=3)
    team_size_max = models.PositiveSmallIntegerField(_("maximum team size"), default=5)
    no_lone_group_member = models.BooleanField(
        _("nobody is the only member of their group in a team"), default=False
    )
    min_common_slots = models.PositiveSmallIntegerField(
        _("minimum shared availability slots"), default=0
    )
    weight_skills = models.FloatField(_("weight of skill coverage"), default=1.0)
    weight_diversity = models.FloatField(_("weight of discipline diversity"), default=1.0)
    weight_preference = models.FloatField(_("weight of preferences"), default=1.0)
    seed = models.PositiveIntegerField(_("seed"), default=0)
    time_limit = models.FloatField(_("time limit (seconds)"), null=True, blank=True)
    # solving
    solve_state = models.CharField(
        max_length=8, choices=SolveState.choices, default=SolveState.IDLE, editable=False
    )
    solve_generation = models.PositiveIntegerField(default=0, editable=False)
    solve_error = models.JSONField(null=True, blank=True, editable=False)
    objective = models.JSONField(null=True, blank=True, editable=False)
    unassigned = models.JSONField(default=list, blank=True, editable=False)
    solved_at = models.DateTimeField(null=True, blank=True, editable=False)
    # after formation
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    evaluation_opens_at = models.DateTimeField(_("peer evaluation opens"), null=True, blank=True)
    evaluation_closes_at = models.DateTimeField(_("peer evaluation closes"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeamRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("team formation run")
        verbose_name_plural = _("team formation runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(team_size_min__gte=1) & Q(team_size_max__gte=models.F("team_size_min")),
                name="team_run_size_range",
            ),
            models.CheckConstraint(
                condition=Q(weight_skills__gte=0)
                & Q(weight_diversity__gte=0)
                & Q(weight_preference__gte=0),
                name="team_run_weights_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("team_run_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_solving(self) -> bool:
        return self.solve_state in (SolveState.QUEUED, SolveState.RUNNING)

    def is_educator(self, user: Any) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if self.created_by_id == user.pk:
            return True
        return self.co_educators.filter(pk=user.pk).exists()

    def evaluation_is_open(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return (
            self.is_published
            and self.evaluation_opens_at is not None
            and self.evaluation_opens_at <= now
            and (self.evaluation_closes_at is None or now < self.evaluation_closes_at)
        )

    def weights(self) -> dict[str, float]:
        return {
            "skills": self.weight_skills,
            "diversity": self.weight_diversity,
            "preference": self.weight_preference,
        }


class RunChallenge(models.Model):
    """A challenge of the run: its own brief for the solver, optionally linked to a
    marketplace challenge."""

    run = models.ForeignKey(TeamRun, on_delete=models.CASCADE, related_name="challenges")
    challenge = models.ForeignKey(
        "marketplace.Challenge",
        verbose_name=_("marketplace challenge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="team_run_challenges",
    )
    title = models.CharField(_("title"), max_length=200)
    teams = models.PositiveSmallIntegerField(_("number of teams"), default=1)
    required_skills = models.ManyToManyField(
        "marketplace.EscoSkill", verbose_name=_("required skills"), blank=True, related_name="+"
    )
    required_disciplines = models.ManyToManyField(
        "marketplace.IscedField",
        verbose_name=_("required disciplines"),
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["run_id", "position", "id"]
        verbose_name = _("challenge of a run")
        verbose_name_plural = _("challenges of a run")
        constraints = [
            models.CheckConstraint(condition=Q(teams__gte=1), name="run_challenge_teams")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def solver_id(self) -> str:
        return f"c{self.pk}"


class RunInvitation(models.Model):
    """An e-mail invitation to answer the survey (the link itself is the run's token)."""

    run = models.ForeignKey(TeamRun, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email", "id"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["run", "email"], name="one_invitation_per_email")
        ]

    def __str__(self) -> str:
        return self.email


class RunStudent(models.Model):
    """A student taking part in a run, with their survey answers. `avoid` is confidential:
    only the run's educators ever see it."""

    run = models.ForeignKey(TeamRun, on_delete=models.CASCADE, related_name="students")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_run_entries"
    )
    discipline = models.ForeignKey(
        "marketplace.IscedField",
        verbose_name=_("discipline"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    skills = models.ManyToManyField(
        "marketplace.EscoSkill", verbose_name=_("skills"), blank=True, related_name="+"
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    availability = models.JSONField(_("weekly availability"), default=list, blank=True)
    # RunChallenge pks, most wanted first
    challenge_prefs = models.JSONField(_("challenge preferences"), default=list, blank=True)
    avoid = models.ManyToManyField(
        "self", verbose_name=_("people to avoid"), symmetrical=False, blank=True, related_name="+"
    )
    group = models.CharField(_("group"), max_length=60, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "id"]
        verbose_name = _("student of a run")
        verbose_name_plural = _("students of a run")
        constraints = [
            models.UniqueConstraint(fields=["run", "user"], name="one_entry_per_student")
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def solver_id(self) -> str:
        return f"s{self.pk}"

    @property
    def name(self) -> str:
        return str(self.user.display_name)


class Team(models.Model):
    """A formed team. `index` is its slot in the solver's output (challenges in run order,
    then the challenge's teams); `reasons` are the solver's reason codes, translated when
    shown."""

    run = models.ForeignKey(TeamRun, on_delete=models.CASCADE, related_name="teams")
    run_challenge = models.ForeignKey(RunChallenge, on_delete=models.CASCADE, related_name="+")
    index = models.PositiveSmallIntegerField()
    ordinal = models.PositiveSmallIntegerField()
    score = models.FloatField(default=0.0)
    breakdown = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)
    explanation = models.JSONField(default=list)  # English, as the solver wrote it
    edited = models.BooleanField(default=False)  # changed by hand since the solver ran
    room_id = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["run_id", "index"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [models.UniqueConstraint(fields=["run", "index"], name="one_team_per_slot")]

    def __str__(self) -> str:
        return f"{self.run_challenge.title} #{self.ordinal + 1}"

    @property
    def number(self) -> int:
        return self.ordinal + 1


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    student = models.OneToOneField(RunStudent, on_delete=models.CASCADE, related_name="membership")
    locked = models.BooleanField(_("locked"), default=False)

    class Meta:
        ordering = ["team_id", "student__user__last_name", "student__user__first_name", "id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.student} in {self.team}"


class PeerEvaluation(models.Model):
    """One student's rating of one teammate on the five CATME dimensions (1–5). Comments and
    flags are confidential to the run's educators."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="evaluations")
    rater = models.ForeignKey(RunStudent, on_delete=models.CASCADE, related_name="ratings_given")
    ratee = models.ForeignKey(RunStudent, on_delete=models.CASCADE, related_name="ratings_received")
    contributing = models.PositiveSmallIntegerField(_("contributing to the team's work"))
    interacting = models.PositiveSmallIntegerField(_("interacting with teammates"))
    keeping_on_track = models.PositiveSmallIntegerField(_("keeping the team on track"))
    expecting_quality = models.PositiveSmallIntegerField(_("expecting quality"))
    having_knowledge = models.PositiveSmallIntegerField(_("having relevant knowledge"))
    comment = models.TextField(_("confidential comment"), blank=True, max_length=2_000)
    flag_conflict = models.BooleanField(_("there is a conflict with this person"), default=False)
    flag_free_riding = models.BooleanField(_("this person is free-riding"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team_id", "ratee_id", "rater_id"]
        verbose_name = _("peer evaluation")
        verbose_name_plural = _("peer evaluations")
        constraints = [
            models.UniqueConstraint(fields=["rater", "ratee"], name="rate_each_teammate_once"),
            models.CheckConstraint(condition=~Q(rater=models.F("ratee")), name="no_self_rating"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{f}__gte": 1}) & Q(**{f"{f}__lte": 5}),
                    name=f"peer_{f}_1_to_5",
                )
                for f in RATING_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rater} → {self.ratee}"
