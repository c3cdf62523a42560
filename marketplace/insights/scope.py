"""The programme dashboard's filter: a period and optional sector, region, challenge type and
kind of posting organisation. Every figure counts the challenges (and what hangs off them)
that this scope selects."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

DEFAULT_DAYS = 365
MAX_DAYS = 366 * 5
# Flanders and Brussels: the provinces (NUTS 2) and arrondissements (NUTS 3) the region
# figure lists, and the region filter accepts.
REGION_PREFIXES = ("BE2", "BE10")


@dataclass(frozen=True)
class ProgrammeScope:
    start: date
    end: date
    sector: str = ""
    region: str = ""  # a NUTS code of a province or arrondissement
    type: str = ""
    kind: str = ""

    @classmethod
    def default(cls, today: date | None = None) -> ProgrammeScope:
        today = today or timezone.localdate()
        return cls(start=today - timedelta(days=DEFAULT_DAYS - 1), end=today)

    @property
    def period_is_valid(self) -> bool:
        """The period ends on or after its start and spans at most MAX_DAYS. (The filter
        form's menus already allow only known sectors, regions, types and kinds.)"""
        return self.start <= self.end and (self.end - self.start).days <= MAX_DAYS

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self) -> datetime:
        """The first moment after the period (the end day counts in full)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def challenge_q(self, prefix: str = "") -> Q:
        """The challenges in scope, apart from the period (each figure says which moment of a
        challenge falls in the period). ``prefix`` reaches a challenge from another model."""
        q = Q()
        if self.sector:
            q &= Q(**{f"{prefix}sector": self.sector})
        if self.type:
            q &= Q(**{f"{prefix}type": self.type})
        if self.kind:
            q &= Q(**{f"{prefix}organisation__kind": self.kind})
        if self.region:
            # The challenge's own region, or its organisation's when it names none.
            q &= Q(**{f"{prefix}nuts__code__startswith": self.region}) | Q(
                **{f"{prefix}nuts__isnull": True},
                **{f"{prefix}organisation__nuts__code__startswith": self.region},
            )
        return q

    def posted_q(self, prefix: str = "") -> Q:
        """In scope and created within the period."""
        return self.challenge_q(prefix) & Q(
            **{f"{prefix}created_at__gte": self.start_at, f"{prefix}created_at__lt": self.end_at}
        )

    @property
    def is_filtered(self) -> bool:
        return bool(self.sector or self.region or self.type or self.kind)

    def cache_key(self, figure: str) -> str:
        """Per figure, scope and time zone: the period's bounds and the months are the
        reader's (config/time_zone.py), so two readers in other zones get other rows."""
        raw = "|".join(f"{k}={v}" for k, v in sorted(asdict(self).items()))
        raw += f"|zone={timezone.get_current_timezone_name()}"
        return f"insights:{figure}:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()

    def as_query(self) -> dict[str, Any]:
        data = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for name in ("sector", "region", "type", "kind"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data
