"""Fields shared by the API serializers: taxonomy references by code, with clear errors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marketplace.models import EscoSkill, NaceCode, NutsRegion, Technology
from marketplace.models.organisations import LANGUAGE_CHOICES


def nace_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=NaceCode.objects.all(),
        error_messages={"does_not_exist": _("Unknown NACE-BEL code {value}.")},
        **kwargs,
    )


def nuts_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=NutsRegion.objects.all(),
        error_messages={"does_not_exist": _("Unknown NUTS region {value}.")},
        **kwargs,
    )


def technology_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Technology.objects.all(),
        error_messages={"does_not_exist": _("Unknown technology {value}.")},
        **kwargs,
    )


def skill_field(**kwargs: Any) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="uri",
        queryset=EscoSkill.objects.all(),
        error_messages={"does_not_exist": _("Unknown ESCO skill {value}.")},
        **kwargs,
    )


def languages_field(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=LANGUAGE_CHOICES), max_length=10, **kwargs
    )
