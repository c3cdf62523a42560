"""Judging: a weighted rubric per challenge, judges (in panels), assignments, per-criterion
scores, private notes, conflict-of-interest declarations and the feedback every submitter gets."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class CriterionKind(models.TextChoices):
    GENERAL = "general", _("General")
    IMPACT_ON_WORK = "impact_on_work", _("Impact on work")


class RubricCriterion(models.Model):
    """One line of the rubric; the proposal form asks `prompt` for each criterion."""

    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="criteria"
    )
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("criterion"), max_length=120)
    prompt = models.CharField(_("question for submitters"), max_length=500, blank=True)
    kind = models.CharField(
        max_length=16, choices=CriterionKind.choices, default=CriterionKind.GENERAL
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(default=0)
    # A default criterion's label and prompt in every interface language ({"label": {"nl": …,
    # "en": …, "fr": …}, "prompt": {…}}), so each reader sees theirs; emptied when the owner
    # rewrites the criterion, whose own words are then shown to everyone.
    texts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["challenge_id", "position", "id"]
        verbose_name = _("judging criterion")
        verbose_name_plural = _("judging criteria")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "key"], name="one_criterion_per_key")
        ]

    def __str__(self) -> str:
        return self.label

    def _in_language(self, field: str) -> str:
        texts = (self.texts or {}).get(field) or {}
        return str(texts.get(get_language() or "") or getattr(self, field))

    @property
    def shown_label(self) -> str:
        """The label in the reader's language for a default criterion, else as written."""
        return self._in_language("label")

    @property
    def shown_prompt(self) -> str:
        """The question for submitters in the reader's language for a default criterion."""
        return self._in_language("prompt")


class Panel(models.Model):
    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="panels"
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["challenge_id", "name", "id"]
        verbose_name = _("judging panel")
        verbose_name_plural = _("judging panels")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "name"], name="one_panel_per_name")
        ]

    def __str__(self) -> str:
        return self.name


class Judge(models.Model):
    """A person invited to judge one challenge. Judges see the challenge (also when it is
    invited-only) and, once they accept, the confidential detail and their assigned proposals."""

    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="judges"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judgeships"
    )
    panel = models.ForeignKey(
        Panel, null=True, blank=True, on_delete=models.SET_NULL, related_name="judges"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    conflict_statement = models.TextField(
        _("conflicts of interest"),
        max_length=2_000,
        blank=True,
        help_text=_("Interests in organisations that may submit; empty when there are none."),
    )

    class Meta:
        ordering = ["challenge_id", "invited_at", "id"]
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [models.UniqueConstraint(fields=["challenge", "user"], name="one_judgeship")]

    def __str__(self) -> str:
        return f"{self.user} judges {self.challenge_id}"

    @property
    def is_active(self) -> bool:
        return self.accepted_at is not None and self.declined_at is None


class ConflictOfInterest(models.Model):
    """A judge declares a conflict with one proposal: the assignment goes, and the judge can no
    longer score or read it."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    proposal = models.ForeignKey(
        "marketplace.Proposal", on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.CharField(_("reason"), max_length=500)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declared_at", "id"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["judge", "proposal"], name="one_conflict_per_pair")
        ]

    def __str__(self) -> str:
        return f"conflict {self.judge_id}/{self.proposal_id}"


class Assignment(models.Model):
    """A judge's evaluation of one proposal: scores per criterion and a private note."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    proposal = models.ForeignKey(
        "marketplace.Proposal", on_delete=models.CASCADE, related_name="assignments"
    )
    private_note = models.TextField(_("private note"), max_length=5_000, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["judge", "proposal"], name="one_assignment_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.judge_id} → {self.proposal_id}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(_("comment for the submitter"), max_length=2_000, blank=True)

    class Meta:
        ordering = ["assignment_id", "criterion__position", "id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="one_score_each")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class Feedback(models.Model):
    """What the submitter receives: a score per criterion and a written reason. Sent once."""

    proposal = models.OneToOneField(
        "marketplace.Proposal", on_delete=models.CASCADE, related_name="feedback"
    )
    scores = models.JSONField(
        help_text=_('[{"criterion": key, "label": …, "score": 7.5, "max": 10}, …]')
    )
    total = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    reason = models.TextField(_("reason"), max_length=5_000)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"feedback {self.proposal_id}"
