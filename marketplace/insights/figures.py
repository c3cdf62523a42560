"""A figure as the pages draw it: rows of values per series, with small cells suppressed.

Queries return plain rows (cacheable, language-free); :func:`cached` keeps them briefly so a
dashboard opened by several advisors, its CSV exports and its print view cost one query per
figure a minute. Labels are put on afterwards, in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache

# No figure from fewer organisations than this: a cell that could point at one firm's
# challenges, proposals or coaching is shown as "too few to show".
MIN_ORGANISATIONS = 5
CACHE_SECONDS = 60

T = TypeVar("T")


def cached(key: str, compute: Callable[[], T]) -> T:
    """The value under ``key``, computed and kept for INSIGHTS_CACHE_SECONDS when missing."""
    seconds = getattr(settings, "INSIGHTS_CACHE_SECONDS", CACHE_SECONDS)
    if seconds <= 0:
        return compute()
    return cast(T, cache.get_or_set(key, compute, seconds))


def shown(value: float | None, organisations: int) -> float | None:
    """The value, or None (too few to show) when fewer than MIN_ORGANISATIONS stand behind
    it. Zero stands for nobody and is shown."""
    if value is None:
        return None
    if value == 0 and organisations == 0:
        return 0
    return value if organisations >= MIN_ORGANISATIONS else None


@dataclass
class Row:
    key: str
    label: str
    values: list[float | None]  # per series; None: too few to show


@dataclass
class Figure:
    """One chart with its table, summary and CSV. ``kind``: "bars" (horizontal, one bar per
    row and series), "columns" (vertical, over time), "stacked" (one bar per row, series
    stacked) or "tiles" (numbers, no chart)."""

    key: str
    title: str
    series: list[str]
    rows: list[Row]
    kind: str = "bars"
    summary: str = ""
    row_heading: str = ""
    notes: list[str] = field(default_factory=list)
    charted: list[int] | None = None  # the series the chart draws (the table has them all)

    @property
    def min_organisations(self) -> int:
        """How many organisations must stand behind a value for it to be shown."""
        return MIN_ORGANISATIONS

    @property
    def chart_series(self) -> list[int]:
        return self.charted if self.charted is not None else list(range(len(self.series)))

    @property
    def suppressed(self) -> bool:
        """Nothing to show: the figure has rows, but every cell with something in it stands
        for too few organisations (the rest are zeros, which would say nothing)."""
        values = [v for r in self.rows for v in r.values]
        return not values or (None in values and all(not v for v in values))

    @property
    def has_hidden_cells(self) -> bool:
        return any(v is None for r in self.rows for v in r.values)

    def visible_total(self, series: int = 0) -> float:
        return sum(r.values[series] or 0 for r in self.rows)


def days(duration: Any) -> float | None:
    """A database duration (timedelta) in days, one decimal."""
    if duration is None:
        return None
    return round(duration.total_seconds() / 86_400, 1)
