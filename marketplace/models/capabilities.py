"""Capabilities: what an organisation or a person offers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.models.search import MAX_WORDS, query_words, search_text, word_matches

CONTENT_LANGUAGES = [("nl", "Nederlands"), ("en", "English"), ("fr", "Français")]


class CapabilityQuerySet(models.QuerySet["Capability"]):
    def search(self, text: str, *, every_word: bool = True) -> CapabilityQuerySet:
        """Capabilities whose title and description match every word of `text`, with a
        `rank` (marketplace/models/search.py: substrings, other forms, compound parts)."""
        words = query_words(text, limit=MAX_WORDS if every_word else 2 * MAX_WORDS)
        if not words:
            return self
        condition, rank = word_matches(words, title="title", every=every_word)
        return self.filter(condition).annotate(rank=rank)


class Capability(models.Model):
    owner_organisation = models.ForeignKey(
        "marketplace.Organisation",
        verbose_name=_("offered by organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="capabilities",
    )
    owner_person = models.ForeignKey(
        "marketplace.PersonProfile",
        verbose_name=_("offered by person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="capabilities",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10_000)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=CONTENT_LANGUAGES, default="nl"
    )
    technologies = models.ManyToManyField(
        "marketplace.Technology", verbose_name=_("technologies"), blank=True
    )
    skills = models.ManyToManyField("marketplace.EscoSkill", verbose_name=_("skills"), blank=True)
    sectors = models.ManyToManyField(
        "marketplace.NaceCode", verbose_name=_("sectors served"), blank=True
    )
    trl_min = models.PositiveSmallIntegerField(
        _("lowest technology readiness level"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    trl_max = models.PositiveSmallIntegerField(
        _("highest technology readiness level"),
        default=9,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    nuts = models.ForeignKey(
        "marketplace.NutsRegion",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # Title and description normalised for word search (marketplace/models/search.py).
    search_text = models.TextField(default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CapabilityQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_organisation__isnull=False, owner_person__isnull=True)
                    | Q(owner_organisation__isnull=True, owner_person__isnull=False)
                ),
                name="capability_has_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(trl_min__lte=models.F("trl_max")), name="capability_trl_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search_text(self.title, self.description)
        fields = kwargs.get("update_fields")
        if fields is not None and {"title", "description"} & set(fields):
            kwargs["update_fields"] = {*fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("capability_detail", args=[self.pk])

    def clean(self) -> None:
        if (self.owner_organisation_id is None) == (self.owner_person_id is None):
            raise ValidationError(_("A capability is offered by one organisation or one person."))
        if self.trl_min and self.trl_max and self.trl_min > self.trl_max:
            raise ValidationError(
                {"trl_max": _("The highest TRL must be at least the lowest TRL.")}
            )

    @property
    def owner_name(self) -> str:
        if self.owner_organisation_id:
            return str(self.owner_organisation)
        return str(self.owner_person)
