"""The programme dashboard's figures, in the order the page shows them."""

from __future__ import annotations

from collections.abc import Callable

from marketplace.insights.activity import challenge_activity
from marketplace.insights.coaching import coaching
from marketplace.insights.figures import Figure
from marketplace.insights.matching import dismissal_reasons, matching
from marketplace.insights.newcomers import newcomers
from marketplace.insights.regions import by_region
from marketplace.insights.responsiveness import responsiveness
from marketplace.insights.scope import ProgrammeScope
from marketplace.insights.stalls import stalls

FIGURES: dict[str, Callable[[ProgrammeScope], Figure]] = {
    "activity": challenge_activity,
    "newcomers": newcomers,
    "responsiveness": responsiveness,
    "stalls": stalls,
    "coaching": coaching,
    "matching": matching,
    "dismissals": dismissal_reasons,
}


def programme_figures(scope: ProgrammeScope, grain: str = "province") -> list[Figure]:
    figures = [compute(scope) for compute in FIGURES.values()]
    figures.insert(2, by_region(scope, grain))
    return figures


def programme_figure(key: str, scope: ProgrammeScope, grain: str = "province") -> Figure | None:
    if key == "regions":
        return by_region(scope, grain)
    compute = FIGURES.get(key)
    return compute(scope) if compute else None
