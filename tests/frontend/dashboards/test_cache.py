"""Figures are cached briefly: a second advisor within the minute costs no query, and another
filter is another entry."""

from __future__ import annotations

import zoneinfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marketplace.insights.regions import by_region
from marketplace.insights.scope import ProgrammeScope

pytestmark = pytest.mark.django_db


def test_a_figure_is_computed_once_a_minute(settings, programme):
    settings.INSIGHTS_CACHE_SECONDS = 60
    scope = ProgrammeScope.default()
    cache.delete(scope.cache_key("regions-province"))
    first = by_region(scope)
    with CaptureQueriesContext(connection) as queries:
        again = by_region(scope)
    aggregate = [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert not aggregate  # the counts came from the cache
    assert [r.values for r in again.rows] == [r.values for r in first.rows]
    other = ProgrammeScope(start=scope.start, end=scope.end, sector="metal")
    assert other.cache_key("regions-province") != scope.cache_key("regions-province")
    cache.delete(scope.cache_key("regions-province"))


def test_a_reader_in_another_time_zone_gets_an_entry_of_its_own():
    """The period's bounds and the months are the reader's: rows bucketed in Brussels must
    not answer a reader in New York."""
    scope = ProgrammeScope.default()
    with timezone.override(zoneinfo.ZoneInfo("Europe/Brussels")):
        brussels = scope.cache_key("activity")
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        new_york = scope.cache_key("activity")
    assert brussels != new_york
