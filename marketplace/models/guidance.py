"""Authoring guidance, editable in the admin and loaded from marketplace/data/challenges by
`load_challenge_content`: per challenge type, per IP regime, per sector (starter kits)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from marketplace.models.challenges import ChallengeType, IpRegime


def _in_language(value: dict[str, Any] | Any) -> Any:
    """Pick the active language from a {"nl": …, "en": …, "fr": …} value."""
    if not isinstance(value, dict):
        return value
    lang = (get_language() or "nl")[:2]
    for code in (lang, "en", "nl"):
        if value.get(code):
            return value[code]
    return ""


class ChallengeTypeGuide(models.Model):
    """The template of one challenge type: guidance per wizard step, a summary template and the
    norms the brief-quality check uses."""

    type = models.CharField(max_length=20, unique=True)
    title = models.JSONField(default=dict)
    description = models.JSONField(default=dict)
    steps = models.JSONField(default=list, help_text=_('[{"key": "goal", "help": {"nl": …}}]'))
    summary_template = models.JSONField(default=dict)
    budget_min_eur = models.PositiveIntegerField(null=True, blank=True)
    budget_max_eur = models.PositiveIntegerField(null=True, blank=True)
    min_weeks_open = models.PositiveSmallIntegerField(default=2)
    default_criteria = models.JSONField(default=list)

    class Meta:
        ordering = ["type"]
        verbose_name = _("challenge type guide")
        verbose_name_plural = _("challenge type guides")

    def __str__(self) -> str:
        return self.type

    def localised(self, field: str) -> Any:
        # The type's name has one source, the choice label that lists, filters and the wizard's
        # radio buttons show; the stored title is only a fallback for a type unknown to code.
        if field == "title" and self.type in ChallengeType.values:
            return str(ChallengeType(self.type).label)
        return _in_language(getattr(self, field))


class IpRegimeGuide(models.Model):
    """What an IP regime means, in plain language, for each side: `explanation` and `warning`
    speak to the seeker who chooses the regime, `solver_explanation` and `solver_warning` to
    a solver who reads the challenge."""

    regime = models.CharField(max_length=24, unique=True)
    title = models.JSONField(default=dict)
    explanation = models.JSONField(default=dict)
    warning = models.JSONField(default=dict, blank=True)
    solver_explanation = models.JSONField(default=dict, blank=True)
    solver_warning = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["regime"]
        verbose_name = _("IP regime explanation")
        verbose_name_plural = _("IP regime explanations")

    def __str__(self) -> str:
        return self.regime

    def localised(self, field: str) -> Any:
        # Like a type's name, a regime's name is its choice label (see ChallengeTypeGuide).
        if field == "title" and self.regime in IpRegime.values:
            return str(IpRegime(self.regime).label)
        return _in_language(getattr(self, field))


class StarterKit(models.Model):
    """Sector starter kit shown while authoring: example Industry 4.0 problems, typical
    value-chain partners and relevant technologies."""

    sector = models.CharField(max_length=12, unique=True)
    title = models.JSONField(default=dict)
    introduction = models.JSONField(default=dict)
    example_problems = models.JSONField(default=list, help_text=_('[{"nl": …, "en": …, "fr": …}]'))
    value_chain_partners = models.JSONField(default=list)
    technologies = models.ManyToManyField("marketplace.Technology", blank=True)

    class Meta:
        ordering = ["sector"]
        verbose_name = _("sector starter kit")
        verbose_name_plural = _("sector starter kits")

    def __str__(self) -> str:
        return self.sector

    def localised(self, field: str) -> Any:
        value = getattr(self, field)
        if isinstance(value, list):
            return [_in_language(item) for item in value]
        return _in_language(value)
