"""A small programme for the dashboard tests (page and browser tests): six SMEs in the
province of Antwerp with a metal challenge each, three in West Flanders with a food challenge
each (too few to show on their own), and the people of the access tests: an advisor of an
intermediary, members of a knowledge centre and a public body, staff, the owner and a member
of a posting firm, an outsider and the anonymous visitor (None)."""

from __future__ import annotations

from typing import Any

from marketplace.matching.models import ShownSuggestion
from marketplace.models.challenges import Status
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.marketplace.challenges.factories import make_challenge

MARKER = "ZZCONFIDENTIALMARKERZZ"


def _firm(name: str, nuts: str):
    organisation = OrganisationFactory(name=name, nuts_id=nuts)
    owner = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    return organisation, owner


def build_programme() -> dict[str, Any]:
    firms = []
    for i in range(6):
        organisation, owner = _firm(f"Metaalbedrijf {i}", "BE211")
        challenge = make_challenge(
            owner,
            organisation,
            Status.OPEN,
            sector="metal",
            title=f"Welding cell {i}",
            confidential_detail=f"Drawings {MARKER} hourly cost.",
        )
        firms.append((organisation, owner, challenge))
    for i in range(3):
        organisation, owner = _firm(f"Voedingsbedrijf {i}", "BE251")
        challenge = make_challenge(owner, organisation, Status.OPEN, sector="food")
        firms.append((organisation, owner, challenge))
    people = {
        "advisor": MembershipFactory(organisation__kind="intermediary").user,
        "knowledge_centre": MembershipFactory(organisation__kind="knowledge_centre").user,
        "public_body": MembershipFactory(organisation__kind="public_body").user,
        "staff": UserFactory(is_staff=True),
        "owner": firms[0][1],
        "member": MembershipFactory(organisation=firms[0][0], role=Role.MEMBER).user,
        "outsider": UserFactory(),
        "anonymous": None,
    }
    return {"firms": firms, "people": people}


def shown_as_solver(challenge: Any, organisation: Any) -> ShownSuggestion:
    """``organisation`` was suggested to the challenge's team as a solver when it was posted."""
    return ShownSuggestion.objects.create(
        subject=f"challenge:{challenge.pk}",
        candidate=f"org:{organisation.pk}",
        challenge=challenge,
        organisation=organisation,
        first_shown_at=challenge.created_at,
    )
