"""The one place where list filters check their numbers (pages and the API alike).

A filter value reaches the database only after its form field accepted it: a number must be a
whole number within the range of the column it is compared with (or of a 64-bit id for a
filter that runs a method), so `?budget_min=2251799813685248` or `?trl=1.5` is refused with the
filter named, instead of an empty match deep in the SQL (which the browse query, compiling the
queryset itself, could not take). The API's filter sets and backend build on this
(marketplace/rest/filters.py).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models

ID_RANGE = connection.ops.integer_field_range("BigIntegerField")


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (NumberFilter takes decimals)."""

    field_class = forms.IntegerField


def _column_range(model: type[models.Model] | None, path: str) -> tuple[int, int]:
    """The range the integer column at `path` (`a__b__c`) stores; a 64-bit id when the path is
    not a column (a filter method) or is a relation (compared by its id)."""
    field: Any = None
    for part in path.split("__"):
        if model is None:
            break
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return ID_RANGE
        model = field.related_model
    if field is None or field.is_relation:
        return ID_RANGE
    low, high = connection.ops.integer_field_range(field.get_internal_type())
    return (ID_RANGE[0] if low is None else low, ID_RANGE[1] if high is None else high)


class CheckedNumbers:
    """Filter-set mixin: every number filter takes whole numbers within its column's range."""

    filters: dict[str, Any]
    _meta: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.NumberFilter):
                if not isinstance(filter_, IntegerFilter):
                    raise TypeError(f"{filter_!r}: use IntegerFilter (no decimal filters here)")
                low, high = _column_range(self._meta.model, filter_.field_name)
                extra = filter_.extra
                extra["min_value"] = max(low, extra.get("min_value", low))
                extra["max_value"] = min(high, extra.get("max_value", high))
