"""One page of a list, the same way on every list page."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 20


def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> Page:
    """The requested page; a missing, malformed or too large page number gives the nearest
    valid page instead of an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
