"""The API's router: ids in routes are numbers.

DRF's router matches any segment as an id (`[^/.]+`), so `proposals/abc/` reached the view
and its queries. Here a route looked up by `pk` or `id` matches digits only, and anything else
is the router's 404 — unless the view says otherwise with `lookup_value_regex`, looks up
another field (a slug), or lists a model whose key is not a number (taxonomy codes).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework.routers import DefaultRouter

NUMBER = "[0-9]+"


def _numeric_ids(viewset: Any) -> bool:
    if getattr(viewset, "lookup_value_regex", None) is not None:
        return False
    if getattr(viewset, "lookup_field", "pk") not in {"pk", "id"}:
        return False
    queryset = getattr(viewset, "queryset", None)
    return queryset is None or isinstance(
        queryset.model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField
    )


class Router(DefaultRouter):
    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        if not _numeric_ids(viewset):
            return super().get_lookup_regex(viewset, lookup_prefix)
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or getattr(viewset, "lookup_field", "pk")
        return f"(?P<{lookup_prefix}{kwarg}>{NUMBER})"
