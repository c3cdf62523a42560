"""Browse and search challenges: the challenge filter set and its one-statement browse (page ids,
total and facet counts), rendered as a page. Only public fields are ever loaded."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from frontend.challenges.forms import BrowseForm
from marketplace import access
from marketplace.browse import ChallengeFilter, browse, browse_ordering, browse_rows
from marketplace.numbers import whole_number

PAGE_SIZE = 20


def _filter_data(cleaned: dict[str, Any]) -> QueryDict:
    """The page's filters in the challenge filter set's vocabulary (the API's too)."""
    data = QueryDict(mutable=True)
    for name in ("type", "sector", "status"):
        data.setlist(name, cleaned.get(name) or [])
    for name in ("technology", "region", "budget_min"):
        if cleaned.get(name) not in (None, ""):
            data[name] = str(cleaned[name])
    if cleaned.get("has_prize"):
        data["has_prize"] = "true"
    zone = timezone.get_current_timezone()
    if cleaned.get("deadline_after"):
        data["deadline_after"] = datetime.combine(
            cleaned["deadline_after"], time.min, zone
        ).isoformat()
    if cleaned.get("deadline_before"):
        data["deadline_before"] = datetime.combine(
            cleaned["deadline_before"], time.max, zone
        ).isoformat()
    return data


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    number = whole_number(raw) if len(raw) < 7 else None
    return max(1, number) if number is not None else 1


@require_GET
def challenge_list(request: HttpRequest) -> HttpResponse:
    form = BrowseForm(request.GET or None)
    cleaned: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not cleaned:
        # Keep the valid filters of a partly invalid query; the form says what was ignored.
        cleaned = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    visible = access.challenges_visible_to(request.user)
    queryset = ChallengeFilter(_filter_data(cleaned), queryset=visible, request=request).qs
    text = (cleaned.get("q") or "").strip()
    if text:
        queryset = queryset.search(text)
    ordering = browse_ordering(queryset, cleaned.get("ordering"))
    number = _page_number(request)
    result = browse(queryset, ordering, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    last = max(1, -(-result.total // PAGE_SIZE))
    if number > last:
        number = last
        result = browse(queryset, ordering, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    challenges = browse_rows(result)
    labels = dict(form.fields["technology"].choices)  # type: ignore[attr-defined]
    for challenge in challenges:
        challenge.technology_labels = [  # type: ignore[attr-defined]
            labels.get(slug, slug) for slug in challenge.technology_slugs
        ]
    form.with_counts(result.facets)
    page = Paginator(range(result.total), PAGE_SIZE).get_page(number)
    return render(
        request,
        "challenges/list.html",
        {
            "form": form,
            "challenges": challenges,
            "page": page,
            "total": result.total,
            "searching": bool(text),
            "ignored": form.is_bound and bool(form.errors),
        },
    )
