"""Browsing challenges, shared by the API and the pages: the filter set (what a query string
may narrow by) and one query for a page of challenges and the facets around it.

The result set of a browse or search request (visibility, filters, full-text match) is
computed once as a CTE; the same statement groups it per facet, counts it and picks the ids of
the requested page in the requested order. The rows of that page are then loaded by primary
key. Three queries per request however large the catalogue, and one scan of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from marketplace.filters import CheckedNumbers, IntegerFilter
from marketplace.models import Challenge
from marketplace.models.challenges import ChallengeType, ChallengeVisibility, Sector, Status
from marketplace.models.search import is_searched

FACETS = {
    "type": "s.type",
    "sector": "s.sector",
    "status": "s.status",
    "region": "SUBSTR(s.nuts_id, 1, 4)",
}
ORDER_SQL = {
    "deadline": "{t}.deadline ASC NULLS LAST, {t}.id DESC",
    "-deadline": "{t}.deadline DESC NULLS LAST, {t}.id DESC",
    "published_at": "{t}.published_at ASC NULLS LAST, {t}.id ASC",
    "-published_at": "{t}.published_at DESC NULLS LAST, {t}.id DESC",
    "budget": "{t}.budget_eur ASC NULLS LAST, {t}.id DESC",
    "-budget": "{t}.budget_eur DESC NULLS LAST, {t}.id DESC",
    "relevance": "{t}.rank DESC, {t}.id DESC",
}
NEWEST_FIRST = "-published_at"
COLUMNS = [
    "id",
    "type",
    "sector",
    "status",
    "nuts_id",
    "deadline",
    "published_at",
    "budget_eur",
    "technology_slugs",
]
# The technology facet unnests the stored copy of the slugs (a JSON list).
TECHNOLOGY_FACET = {
    "postgresql": "SELECT 'technology', x.slug, COUNT(*) FROM s "
    "CROSS JOIN jsonb_array_elements_text(s.technology_slugs) AS x(slug) GROUP BY 2",
    "sqlite": "SELECT 'technology', x.value, COUNT(*) FROM s "
    "CROSS JOIN json_each(s.technology_slugs) AS x GROUP BY 2",
}


@dataclass
class Browse:
    ids: list[int]
    total: int
    facets: dict[str, dict[str, int]]


def browse(queryset: QuerySet[Challenge], ordering: str, offset: int, limit: int) -> Browse:
    """Ids of one page of `queryset` in `ordering` (a key of ORDER_SQL; "relevance" needs the
    search rank), the total and the facet counts."""
    columns = [*COLUMNS, "rank"] if ordering == "relevance" else COLUMNS
    inner = queryset.order_by().values(*columns)
    facets: dict[str, dict[str, int]] = {name: {} for name in [*FACETS, "technology"]}
    try:
        sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # a filter no row can match (`mine` for a visitor): no query at all
        return Browse([], 0, facets)
    # Only constants of this module and the compiled, parametrised queryset make up the SQL.
    parts = [
        f"SELECT '{name}' AS facet, {expression} AS value, COUNT(*) AS n FROM s GROUP BY 2"  # noqa: S608
        for name, expression in FACETS.items()
    ]
    parts.append(TECHNOLOGY_FACET[connection.vendor])
    # The page: the best `limit` rows after `offset` (a top-N sort), numbered in that order.
    order = ORDER_SQL[ordering]
    parts.append(
        f"SELECT 'page', CAST(p.id AS TEXT), ROW_NUMBER() OVER (ORDER BY {order.format(t='p')}) "  # noqa: S608
        f"FROM (SELECT s.* FROM s ORDER BY {order.format(t='s')} LIMIT %s OFFSET %s) p"
    )
    statement = f"WITH s AS ({sql}) " + " UNION ALL ".join(parts)
    page: list[tuple[int, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(statement, (*params, limit, offset))
        for facet, value, n in cursor.fetchall():
            if facet == "page":
                page.append((n, int(value)))
            elif value:
                facets[facet][str(value)] = n
    # Every challenge has a status, so the status facet adds up to the total.
    return Browse([pk for _pos, pk in sorted(page)], sum(facets["status"].values()), facets)


def browse_ordering(queryset: QuerySet[Challenge], requested: str | None) -> str:
    """The ordering `browse` gets for `queryset`: the one requested (a key of ORDER_SQL),
    relevance by default for a search; newest first when nothing (known) is requested, and
    instead of relevance when the queryset was not searched (it has no rank)."""
    searched = is_searched(queryset)
    ordering = requested or ("relevance" if searched else NEWEST_FIRST)
    if ordering not in ORDER_SQL or (ordering == "relevance" and not searched):
        return NEWEST_FIRST
    return ordering


def browse_rows(result: Browse) -> list[Challenge]:
    """The challenges of a browse page in its order, loaded by id with only the public fields
    (the ids come from the visible, filtered set). One deleted meanwhile is left out."""
    rows = {
        c.pk: c
        for c in Challenge.objects.filter(pk__in=result.ids)
        .select_related("organisation", "nuts")
        .defer("search_vector", "search_text", "confidential_detail")
    }
    return [rows[pk] for pk in result.ids if pk in rows]


class ChallengeFilter(CheckedNumbers, django_filters.FilterSet):
    type = django_filters.MultipleChoiceFilter(choices=ChallengeType.choices, distinct=False)
    sector = django_filters.MultipleChoiceFilter(choices=Sector.choices, distinct=False)
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, distinct=False)
    visibility = django_filters.ChoiceFilter(choices=ChallengeVisibility.choices)
    technology = django_filters.CharFilter(method="filter_technology")
    region = django_filters.CharFilter(
        field_name="nuts__code", lookup_expr="startswith", max_length=5
    )
    deadline_after = django_filters.IsoDateTimeFilter(field_name="deadline", lookup_expr="gte")
    deadline_before = django_filters.IsoDateTimeFilter(field_name="deadline", lookup_expr="lte")
    budget_min = IntegerFilter(field_name="budget_eur", lookup_expr="gte", min_value=0)
    budget_max = IntegerFilter(field_name="budget_eur", lookup_expr="lte", min_value=0)
    has_prize = django_filters.BooleanFilter(
        field_name="budget_eur", lookup_expr="isnull", exclude=True
    )
    organisation = IntegerFilter(method="filter_organisation")
    mine = django_filters.BooleanFilter(method="filter_mine")

    class Meta:
        model = Challenge
        fields: list[str] = []

    def filter_technology(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        slugs = [s for s in value.split(",") if s][:10]
        for slug in slugs:
            queryset = queryset.filter(technologies__slug=slug)
        return queryset

    def filter_organisation(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        # Anonymous seekers stay anonymous: filtering by organisation never reveals them.
        return queryset.filter(organisation_id=value, anonymous_seeker=False)

    def filter_mine(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(pk__in=Challenge.objects.insider_of(self.request.user).values("pk"))
