"""Reason codes from the engine turned into short sentences in the reader's language."""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from marketplace.models import Organisation, Technology

IO_SECTORS = Path(__file__).resolve().parents[1] / "data" / "io" / "sectors_nace64.csv"


@cache
def _sector_titles() -> dict[str, dict[str, str]]:
    with open(IO_SECTORS, encoding="utf-8", newline="") as handle:
        return {row["sector"]: row for row in csv.DictReader(handle)}


def sector_title(code: str) -> str:
    row = _sector_titles().get(code)
    if row is None:
        return code
    return row["title_nl"] if (get_language() or "nl").startswith("nl") else row["title_en"]


def _names(refs: list[str], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(ref, ref) for ref in refs)


def _concepts(ids: list[str], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(c, c.split(":", 1)[-1]) for c in ids if c.startswith("tech:"))


def _levels(pairs: list[Any]) -> str:
    """TRL ranges as "3–5, 7" (pairs of lowest, highest)."""
    parts = []
    for pair in pairs:
        low, high = int(pair[0]), int(pair[1])
        parts.append(str(low) if low == high else f"{low}–{high}")
    return ", ".join(parts) or "…"


def _value_chain(p: Mapping[str, Any], names: Mapping[str, str]) -> str:
    share = round(100 * float(p.get("share", 0)))
    supplier = sector_title(str(p.get("supplier_sector", "")))
    customer = sector_title(str(p.get("customer_sector", "")))
    if p.get("direction") == "supplier":
        return _(
            "Possible supplier: %(share)s %% of the inputs of %(customer)s come from %(supplier)s."
        ) % {"share": share, "customer": customer.lower(), "supplier": supplier.lower()}
    return _(
        "Possible customer: %(customer)s buys %(share)s %% of its inputs from %(supplier)s."
    ) % {"share": share, "customer": customer, "supplier": supplier.lower()}


def _kind_label(kind: str) -> str:
    from marketplace.models.organisations import OrganisationKind

    if kind == "person":
        return _("a person")
    try:
        return str(OrganisationKind(kind).label).lower()
    except ValueError:
        return kind


RENDERERS: dict[str, Callable[[Mapping[str, Any], Mapping[str, str]], str]] = {
    "past_partner": lambda p, n: (
        ngettext(
            "Worked with you before in %(count)d project (last in %(year)s).",
            "Worked with you before in %(count)d projects (last in %(year)s).",
            int(p.get("joint_projects") or 0),
        )
        % {"count": int(p.get("joint_projects") or 0), "year": p.get("last_year") or "?"}
    ),
    "partner_on_similar_project": lambda p, n: _(
        "A past partner of yours, on projects close to this topic."
    ),
    "partner_of_partner": lambda p, n: (
        ngettext(
            "Works with %(count)d of your partners, such as %(via)s.",
            "Works with %(count)d of your partners, such as %(via)s.",
            int(p.get("shared_partners") or 0),
        )
        % {
            "count": int(p.get("shared_partners") or 0),
            "via": _names(list(p.get("via") or [])[:2], n),
        }
    ),
    "partner_of_similar_teams": lambda p, n: _(
        "Often joins teams that work on this kind of topic."
    ),
    "similar_work": lambda p, n: _("Has done similar work."),
    "shared_topics": lambda p, n: (
        _("Worked on the same topics: %(tags)s.")
        % {"tags": ", ".join(t.get("tag", "") for t in p.get("tags") or []) or "…"}
    ),
    "shared_concepts": lambda p, n: (
        _("Shares technologies with you: %(concepts)s.")
        % {"concepts": _concepts(list(p.get("concepts") or []), n)}
    ),
    "value_chain": _value_chain,
    "typical_for_topic": lambda p, n: _(
        "The kind of partner that usually takes part in such work."
    ),
    "complementary_role": lambda p, n: (
        _("Complements you: %(candidate)s next to %(query)s.")
        % {
            "candidate": _kind_label(str(p.get("candidate_kind", ""))),
            "query": _kind_label(str(p.get("query_kind", ""))),
        }
    ),
    "same_region": lambda p, n: (
        _("Close by: the same region.") if p.get("nuts") else _("In the same country.")
    ),
    "active_track_record": lambda p, n: (
        ngettext(
            "Active: %(count)d past project, the last in %(year)s.",
            "Active: %(count)d past projects, the last in %(year)s.",
            int(p.get("projects") or 0),
        )
        % {"count": int(p.get("projects") or 0), "year": p.get("last_year") or "?"}
    ),
    "same_call_topic": lambda p, n: (
        _("Took part in projects on the same call topic (%(topics)s).")
        % {"topics": ", ".join(str(f).upper() for f in p.get("families") or []) or "…"}
    ),
    "readiness_fit": lambda p, n: (
        _("Works at the stage that is needed: TRL %(levels)s.")
        % {"levels": _levels(list(p.get("levels") or []))}
    ),
    "works_with_smes": lambda p, n: (
        ngettext(
            "Used to working with SMEs: %(count)d past project with SMEs.",
            "Used to working with SMEs: %(count)d past projects with SMEs.",
            int(p.get("projects") or 0),
        )
        % {"count": int(p.get("projects") or 0)}
    ),
    "accepted_before": lambda p, n: _("You marked a similar suggestion as relevant."),
}


# A challenge suggested to a solver speaks to the solver ("why you"), not about the challenge.
FOR_SOLVER: dict[str, Callable[[Mapping[str, Any], Mapping[str, str]], str]] = {
    "similar_work": lambda p, n: _("Close to what you do."),
    "shared_concepts": lambda p, n: (
        _("Asks for technologies you have: %(concepts)s.")
        % {"concepts": _concepts(list(p.get("concepts") or []), n)}
    ),
    "readiness_fit": lambda p, n: (
        _("Asks for the stage you work at: TRL %(levels)s.")
        % {"levels": _levels(list(p.get("levels") or []))}
    ),
    "same_region": lambda p, n: (
        _("Posted close by, in your region.") if p.get("nuts") else _("Posted in your country.")
    ),
}


def reason_names(reasons: list[dict[str, Any]]) -> dict[str, str]:
    """Display names of what a batch of reasons mentions (organisations by ref, technologies
    by concept id), in at most two queries for the whole batch."""
    refs: set[str] = set()
    concepts: set[str] = set()
    for reason in reasons:
        params = reason.get("params", {})
        refs.update(params.get("via") or [])
        concepts.update(c for c in params.get("concepts") or [] if c.startswith("tech:"))
    names: dict[str, str] = {}
    if refs:
        pks = {int(r[4:]) for r in refs if r.startswith("org:") and r[4:].isdigit()}
        orgs = Organisation.objects.filter(ref__in=refs) | Organisation.objects.filter(pk__in=pks)
        for org in orgs:
            names[org.ref or f"org:{org.pk}"] = org.name
    if concepts:
        slugs = [c.split(":", 1)[1] for c in concepts]
        for tech in Technology.objects.filter(slug__in=slugs):
            names[f"tech:{tech.slug}"] = tech.label
    return names


def reason_text(
    reason: Mapping[str, Any], names: Mapping[str, str], kind: str = "organisation"
) -> str:
    """The reason as a sentence; for a suggested challenge (``kind``), addressed to the solver."""
    code = str(reason.get("code"))
    render = (FOR_SOLVER.get(code) if kind == "challenge" else None) or RENDERERS.get(code)
    if render is None:
        return str(reason.get("code"))
    return render(reason.get("params") or {}, names)
