"""Challenges per province or arrondissement of Flanders (and Brussels), sorted, so that an
advisor sees which regions are quiet: every region is listed, the quiet ones with 0."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import Coalesce, Substr
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row, cached, shown
from marketplace.insights.scope import REGION_PREFIXES, ProgrammeScope
from marketplace.models import Challenge, NutsRegion

GRAINS = {"province": 4, "arrondissement": 5}


def regions_listed(grain: str, within: str = "") -> list[NutsRegion]:
    """The provinces (NUTS 2) or arrondissements (NUTS 3) of Flanders and Brussels."""
    level = 2 if grain == "province" else 3
    regions = [
        r
        for r in NutsRegion.objects.filter(level=level, code__startswith="BE").order_by("code")
        if r.code.startswith(REGION_PREFIXES)
    ]
    return [r for r in regions if r.code.startswith(within) or within.startswith(r.code)]


def _query(scope: ProgrammeScope, length: int) -> list[dict[str, Any]]:
    rows: Any = (  # values() rows: typed dicts that the callers read as dict[str, Any]
        Challenge.objects.filter(scope.posted_q())
        .order_by()
        .annotate(area=Substr(Coalesce("nuts_id", "organisation__nuts_id"), 1, length))
        .values("area")
        .annotate(n=Count("id"), orgs=Count("organisation", distinct=True))
    )
    return list(rows)


def grain_for(scope: ProgrammeScope, grain: str) -> str:
    if scope.region and len(scope.region) >= 4:
        return "arrondissement"  # inside one province, its arrondissements
    return grain if grain in GRAINS else "province"


def by_region(scope: ProgrammeScope, grain: str = "province") -> Figure:
    grain = grain_for(scope, grain)
    length = GRAINS[grain]
    rows = {
        r["area"]: r
        for r in cached(scope.cache_key(f"regions-{grain}"), lambda: _query(scope, length))
    }
    figure_rows = []
    for region in regions_listed(grain, scope.region):
        r = rows.get(region.code, {"n": 0, "orgs": 0})
        figure_rows.append(Row(region.code, region.name, [shown(r["n"], r["orgs"])]))
    # Sorted, most first; regions too few to show sort with the quiet ones above zero.
    figure_rows.sort(key=lambda r: (-(r.values[0] if r.values[0] is not None else 0.5), r.label))
    figure = Figure(
        key="regions",
        title=_("Challenges per province")
        if grain == "province"
        else _("Challenges per arrondissement"),
        series=[_("Challenges posted")],
        rows=figure_rows,
        row_heading=_("Region"),
        notes=[
            _("The challenge's own region, or its organisation's when the challenge names none.")
        ],
    )
    quiet = [r.label for r in figure_rows if r.values[0] == 0]
    if figure_rows and not figure.suppressed:
        busiest = figure_rows[0]
        figure.summary = _("Most challenges came from %(region)s (%(n)d).") % {
            "region": busiest.label,
            "n": busiest.values[0] or 0,
        }
        if quiet:
            figure.summary += " " + _("No challenges came from: %(regions)s.") % {
                "regions": ", ".join(quiet)
            }
    return figure
