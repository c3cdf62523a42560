"""Small HTML fragments for search-as-you-type pickers (htmx): matching taxonomy entries as
checkboxes that the picker moves into the form when ticked."""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from frontend.fragments import framed_unless_htmx
from marketplace.models import EscoSkill, NaceCode
from marketplace.numbers import whole_number

LIMIT = 20
MIN_QUERY = 2
FIELD_NAME = re.compile(r"^[a-z_]{1,30}$")


def _query(request: HttpRequest) -> tuple[str, str, list[str]]:
    query = request.GET.get("q", "").strip()[:100]
    name = request.GET.get("name", "")
    name = name if FIELD_NAME.match(name) else ""
    chosen = request.GET.getlist(name)[:200] if name else []
    return query, name, chosen


def _results(
    request: HttpRequest, items: QuerySet | list, name: str, query: str = ""
) -> HttpResponse:
    """The checkboxes, or why there are none: the query is too short, or nothing matched it."""
    return render(
        request,
        "frontend/search/results.html",
        {"items": items, "name": name, "query": query, "too_short": len(query) < MIN_QUERY},
    )


@require_GET
@framed_unless_htmx(gettext_lazy("Skills"), list_items=True)
def skill_search(request: HttpRequest) -> HttpResponse:
    query, name, chosen = _query(request)
    if len(query) < MIN_QUERY or not name:
        return _results(request, [], name, query)
    chosen_ids = [pk for pk in map(whole_number, chosen) if pk is not None]
    skills = (
        EscoSkill.objects.filter(Q(label__icontains=query) | Q(alt_labels__icontains=query))
        .exclude(pk__in=chosen_ids)
        .order_by("label")[:LIMIT]
    )
    return _results(request, skills, name, query)


@require_GET
@framed_unless_htmx(gettext_lazy("Sectors (NACE codes)"), list_items=True)
def nace_search(request: HttpRequest) -> HttpResponse:
    query, name, chosen = _query(request)
    if len(query) < MIN_QUERY or not name:
        return _results(request, [], name, query)
    codes = (
        NaceCode.objects.filter(
            Q(code__startswith=query)
            | Q(title_nl__icontains=query)
            | Q(title_en__icontains=query)
            | Q(title_fr__icontains=query)
        )
        .exclude(level="section")
        .exclude(pk__in=chosen)
        .order_by("code")[:LIMIT]
    )
    return _results(request, codes, name, query)
