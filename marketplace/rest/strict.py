"""Serializers that refuse input they would not apply."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers


class StrictFieldsMixin:
    """Reject fields the serializer does not know (`is_staff`, typos) with a 400 naming them,
    instead of silently dropping them. Read-only fields are accepted and ignored, so a client
    may send back what it read."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            known = set(self.fields)  # type: ignore[attr-defined]
            unknown = sorted(str(key) for key in data if key not in known)
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)  # type: ignore[misc]


class StrictModelSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    pass


class StrictSerializer(StrictFieldsMixin, serializers.Serializer):
    pass
