"""Funding-instrument hints: rules an administrator can edit (loaded from
marketplace/data/challenges/funding_rules.json). A hint is information, never an eligibility
decision."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from marketplace.models.guidance import _in_language


class FundingRule(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    instrument = models.CharField(_("instrument"), max_length=120)
    url = models.URLField(blank=True)
    conditions = models.JSONField(
        default=dict,
        blank=True,
        help_text=_(
            'Any of: "sme_only": true, "kinds": [...], "nace_prefixes": [...], '
            '"nace_excluded_prefixes": [...], "challenge_types": [...], "technologies_any": '
            '[...], "budget_min_eur": n, "budget_max_eur": n, "regions_prefixes": ["BE2"]'
        ),
    )
    summary = models.JSONField(default=dict, help_text=_('{"nl": …, "en": …, "fr": …}'))
    support = models.JSONField(default=dict, help_text=_("Percentages and ceilings, per language"))
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("funding rule")
        verbose_name_plural = _("funding rules")

    def __str__(self) -> str:
        return self.instrument

    def localised(self, field: str) -> Any:
        return _in_language(getattr(self, field))
