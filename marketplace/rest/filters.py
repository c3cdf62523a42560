"""The API's filter sets and backend: django-filter's DRF flavour with the numbers checked as
everywhere (marketplace/filters.py); every filter set of the API derives from `FilterSet`, and
the views use `FilterBackend`, which builds the filter sets of `filterset_fields` on it too."""

from __future__ import annotations

from django.db import models
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as DrfFilterSet

from marketplace.filters import CheckedNumbers, IntegerFilter


class FilterSet(CheckedNumbers, DrfFilterSet):
    """A filter set whose numbers are whole and within their column's range."""

    FILTER_DEFAULTS = {
        **DrfFilterSet.FILTER_DEFAULTS,
        **{
            field: {"filter_class": IntegerFilter}
            for field in (
                models.AutoField,
                models.BigAutoField,
                models.SmallAutoField,
                models.IntegerField,
                models.BigIntegerField,
                models.SmallIntegerField,
                models.PositiveIntegerField,
                models.PositiveBigIntegerField,
                models.PositiveSmallIntegerField,
            )
        },
    }


class FilterBackend(DjangoFilterBackend):
    filterset_base = FilterSet
