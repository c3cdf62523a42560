"""Funding hints: which instruments *may* apply to a challenge or an SME, from editable rules.
Worded as information to check with the funder, never as an eligibility decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from marketplace.models import Challenge, FundingRule, Organisation


@dataclass
class FundingHint:
    slug: str
    instrument: str
    url: str
    summary: str
    support: str
    why: list[str]
    disclaimer: str


def _matches(
    rule: FundingRule, organisation: Organisation, nace: list[str], challenge: Challenge | None
) -> list[str] | None:
    """The reasons the rule points here, or None when one of its conditions does not hold."""
    c: dict[str, Any] = rule.conditions or {}
    why: list[str] = []
    if c.get("sme_only"):
        if not organisation.is_sme:
            return None
        why.append(_("%(org)s is an SME by the EU definition") % {"org": organisation.name})
    if c.get("kinds") and organisation.kind not in c["kinds"]:
        return None
    if (
        c.get("nace_excluded_prefixes")
        and any(code.startswith(p) for code in nace for p in c["nace_excluded_prefixes"])
        and not any(
            not any(code.startswith(p) for p in c["nace_excluded_prefixes"]) for code in nace
        )
    ):
        return None
    if c.get("nace_prefixes"):
        hits = [code for code in nace if any(code.startswith(p) for p in c["nace_prefixes"])]
        if not hits:
            return None
        why.append(_("activity code %(code)s is in the scope") % {"code": hits[0]})
    if c.get("regions_prefixes"):
        region = organisation.nuts_id or ""
        if not any(region.startswith(p) for p in c["regions_prefixes"]):
            return None
        name = organisation.nuts.name if organisation.nuts else region
        why.append(_("located in %(region)s") % {"region": name})
    if challenge is not None:
        if c.get("challenge_types") and challenge.type not in c["challenge_types"]:
            return None
        if c.get("challenge_types"):
            why.append(_("the challenge type fits the instrument"))
        if c.get("technologies_any"):
            slugs = {t.slug for t in challenge.technologies.all()}
            shared = sorted(slugs & set(c["technologies_any"]))
            if not shared:
                return None
            labels = [t.label for t in challenge.technologies.all() if t.slug in shared]
            why.append(_("it involves %(tech)s") % {"tech": ", ".join(labels)})
        budget = challenge.budget_eur
        if c.get("budget_min_eur") and (budget is None or budget < c["budget_min_eur"]):
            return None
        if c.get("budget_max_eur") and budget is not None and budget > c["budget_max_eur"]:
            return None
    return why


def funding_hints(
    *, organisation: Organisation, challenge: Challenge | None = None
) -> list[FundingHint]:
    """Instruments worth looking at, with the reasons. Information only."""
    nace = list(organisation.nace.values_list("code", flat=True))
    disclaimer = _(
        "This is information, not an eligibility decision. The funder decides; check the "
        "current conditions on its website or with an advisor."
    )
    hints = []
    for rule in FundingRule.objects.filter(active=True):
        why = _matches(rule, organisation, nace, challenge)
        if why is None:
            continue
        hints.append(
            FundingHint(
                slug=rule.slug,
                instrument=rule.instrument,
                url=rule.url,
                summary=str(rule.localised("summary")),
                support=str(rule.localised("support")),
                why=why,
                disclaimer=disclaimer,
            )
        )
    return hints
