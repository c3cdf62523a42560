"""Partner suggestions on the demo data make sense to someone who knows the trades (issue 12,
point 4): for every demo company in the five sectors, most of its top suggestions are
plausible partners by the hand-made labels in ``plausibility.py``.

Only labelled suggestions count: a suggestion the labels leave open (an intermediary, a weak
link) is neither right nor wrong, and a company shown nothing (everything held back as too
weak) is not judged. So that the check cannot pass by suggesting nothing, most companies must
be shown labelled suggestions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from marketplace.matching import store
from marketplace.matching.suggestions import partners_for_organisation
from marketplace.models import Membership, Organisation
from marketplace.models.organisations import Role
from tests.marketplace.matching.plausibility import IMPLAUSIBLE, PLAUSIBLE, SECTORS

DEMO = Path(__file__).resolve().parents[3] / "marketplace" / "data" / "demo.json"
TOP = 5
MIN_SHARE_PER_ORGANISATION = 0.6
MIN_SHARE_OVERALL = 0.7
MIN_COMPANIES_JUDGED = 2 / 3


def _demo_organisations() -> dict[str, dict]:
    with open(DEMO, encoding="utf-8") as handle:
        return {o["ref"]: o for o in json.load(handle)["organisations"]}


def test_every_demo_company_in_the_five_sectors_is_labelled_both_ways():
    demo = _demo_organisations()
    in_sectors = {ref for ref, o in demo.items() if o.get("sector") in SECTORS}
    assert in_sectors == set(PLAUSIBLE) == set(IMPLAUSIBLE)
    assert in_sectors == {ref for refs in SECTORS.values() for ref in refs}
    for ref in in_sectors:
        assert SECTORS[demo[ref]["sector"]].count(ref) == 1, ref
        plausible, implausible = PLAUSIBLE[ref], IMPLAUSIBLE[ref]
        assert not plausible.keys() & implausible.keys(), ref
        assert ref not in plausible and ref not in implausible, ref
        assert (plausible.keys() | implausible.keys()) <= demo.keys(), ref
        # Enough of both for the ranking to be able to go wrong, and a reason for each.
        assert len(plausible) >= 5 and len(implausible) >= 5, ref
        assert all(why.strip() for why in (*plausible.values(), *implausible.values())), ref


@pytest.fixture
def demo_index(fresh_index):
    call_command("demo", verbosity=0)
    call_command("demo_challenges", verbosity=0)
    store.index_build()


@pytest.mark.django_db
def test_top_partner_suggestions_of_demo_companies_are_mostly_plausible(demo_index):
    names = dict(Organisation.objects.values_list("ref", "name"))
    plausible_total = labelled_total = 0
    problems: list[str] = []
    not_judged: list[str] = []
    for ref in sorted(PLAUSIBLE):
        organisation = Organisation.objects.get(ref=ref)
        # The owner, or for the two large firms (no owner in the demo) their admin.
        manager = Membership.objects.filter(
            organisation=organisation, role__in=[Role.OWNER, Role.ADMIN]
        ).first()
        assert manager is not None, f"{ref} has no owner or admin in the demo data"
        found = partners_for_organisation(organisation=organisation, viewer=manager.user, limit=TOP)
        shown = [item.obj.ref for item in found]
        good = [r for r in shown if r in PLAUSIBLE[ref]]
        bad = [r for r in shown if r in IMPLAUSIBLE[ref]]
        labelled = len(good) + len(bad)
        plausible_total += len(good)
        labelled_total += labelled
        if not labelled:
            not_judged.append(f"{names[ref]} (shown {shown}, held back {found.held_back})")
        elif len(good) / labelled < MIN_SHARE_PER_ORGANISATION:
            wrong = "; ".join(f"{names[r]} ({IMPLAUSIBLE[ref][r]})" for r in bad)
            problems.append(
                f"{names[ref]} ({ref}): {len(good)} of {labelled} labelled top-{TOP} "
                f"suggestions plausible; implausible: {wrong}"
            )
    judged = len(PLAUSIBLE) - len(not_judged)
    if judged < MIN_COMPANIES_JUDGED * len(PLAUSIBLE):
        problems.append(
            f"only {judged} of {len(PLAUSIBLE)} companies are shown a labelled partner; "
            f"none for: {', '.join(not_judged)}"
        )
    overall = plausible_total / max(labelled_total, 1)
    summary = f"overall {plausible_total} of {labelled_total} labelled suggestions plausible"
    if problems or overall < MIN_SHARE_OVERALL:
        pytest.fail("\n".join([summary, *problems]), pytrace=False)
