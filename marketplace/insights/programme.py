"""The programme dashboard's figures, in the order the page shows them."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from marketplace.insights.activity import challenge_activity
from marketplace.insights.coaching import coaching
from marketplace.insights.figures import Figure
from marketplace.insights.matching import dismissal_reasons, matching
from marketplace.insights.newcomers import newcomers
from marketplace.insights.regions import by_region
from marketplace.insights.responsiveness import responsiveness
from marketplace.insights.scope import ProgrammeScope
from marketplace.insights.stalls import stalls


def _figures(grain: str) -> dict[str, Callable[[ProgrammeScope], Figure]]:
    """Each figure by its key; the regions figure per province or arrondissement (grain)."""
    return {
        "activity": challenge_activity,
        "newcomers": newcomers,
        "regions": partial(by_region, grain=grain),
        "responsiveness": responsiveness,
        "stalls": stalls,
        "coaching": coaching,
        "matching": matching,
        "dismissals": dismissal_reasons,
    }


def programme_figures(scope: ProgrammeScope, grain: str = "province") -> list[Figure]:
    return [compute(scope) for compute in _figures(grain).values()]


def programme_figure(key: str, scope: ProgrammeScope, grain: str = "province") -> Figure | None:
    compute = _figures(grain).get(key)
    return compute(scope) if compute else None
