"""Firms outside the front line: the share of companies' challenges whose organisation had
never posted a challenge nor taken part in a joint project before, by size class."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from marketplace.insights.figures import Figure, Row, cached, shown
from marketplace.insights.scope import ProgrammeScope
from marketplace.insights.sql import compiled, fetch, table
from marketplace.models import Challenge, Participation
from marketplace.models.organisations import OrganisationKind, SizeClass

SME_CLASSES = (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM)


def _query(scope: ProgrammeScope) -> list[dict[str, Any]]:
    """Per size class: challenges and organisations, and those from first-time firms (the
    challenge is the firm's first on Kruispunt and the firm has no past joint project)."""
    base, params = compiled(
        Challenge.objects.filter(scope.posted_q(), organisation__kind=OrganisationKind.COMPANY)
        .order_by()
        .values("id", "organisation_id", "created_at", size=F("organisation__size_class"))
    )
    challenge, participation = table(Challenge), table(Participation)
    sql = (
        f"WITH c AS ({base}), "  # noqa: S608 - table names only; values are parameters
        "firsts AS (SELECT organisation_id, MIN(created_at) AS first_at "
        f"FROM {challenge} WHERE organisation_id IN (SELECT organisation_id FROM c) "
        "GROUP BY organisation_id), "
        f"known AS (SELECT DISTINCT organisation_id FROM {participation}), "
        "per_org AS (SELECT c.organisation_id, c.size, COUNT(*) AS n, "
        "COUNT(*) FILTER (WHERE c.created_at <= f.first_at AND k.organisation_id IS NULL) "
        "AS new FROM c JOIN firsts f ON f.organisation_id = c.organisation_id "
        "LEFT JOIN known k ON k.organisation_id = c.organisation_id "
        "GROUP BY c.organisation_id, c.size) "
        "SELECT size, SUM(n) AS n, COUNT(*) AS orgs, SUM(new) AS new, "
        "COUNT(*) FILTER (WHERE new > 0) AS new_orgs FROM per_org GROUP BY size"
    )
    return [
        {key: (value if key == "size" else int(value)) for key, value in row.items()}
        for row in fetch(sql, params)
    ]


def newcomers(scope: ProgrammeScope) -> Figure:
    rows = {r["size"]: r for r in cached(scope.cache_key("newcomers"), lambda: _query(scope))}
    figure_rows = []
    for size in [*SME_CLASSES, SizeClass.LARGE, SizeClass.UNKNOWN]:
        r = rows.get(size, {"n": 0, "orgs": 0, "new": 0, "new_orgs": 0})
        total, new = shown(r["n"], r["orgs"]), shown(r["new"], r["new_orgs"])
        share = None if total is None or new is None else round(100 * new / total) if total else 0
        figure_rows.append(
            Row(key=size or "unknown", label=str(SizeClass(size).label), values=[total, new, share])
        )
    figure = Figure(
        key="newcomers",
        title=_("Challenges from firms outside the front line"),
        series=[_("Challenges by companies"), _("From first-time firms"), _("Share (%)")],
        rows=figure_rows,
        row_heading=_("Size class"),
        charted=[0, 1],
        notes=[
            _(
                "A first-time firm had never posted a challenge nor taken part in a joint "
                "project before."
            )
        ],
    )
    sme = [r for r in figure_rows if r.key in SME_CLASSES and None not in r.values[:2]]
    posted, new = sum(r.values[0] or 0 for r in sme), sum(r.values[1] or 0 for r in sme)
    if posted:
        figure.summary = _(
            "%(share)d %% of the challenges posted by SMEs (in the size classes that can be shown) "
            "came from firms that had never posted or collaborated before."
        ) % {"share": round(100 * new / posted)}
    return figure
