"""Starting worlds for the browser journeys, built with the suite's factories and builders
(through the services, so every object is in a state the product itself produces). Each
journey then goes on with real clicks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marketplace.models import Challenge, Organisation, Proposal, User
from marketplace.models.challenges import Status
from marketplace.models.organisations import Role
from marketplace.services import awards
from marketplace.services.challenges import challenge_transition
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.marketplace.challenges.factories import (
    make_challenge,
    make_proposal,
    pass_deadline,
)

TITLE = "Robotlassen voor series van vijf stuks"

# The smallest well-formed PDF: what a solver attaches to a proposal.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)


@dataclass
class ChallengeWorld:
    owner: User
    organisation: Organisation
    challenge: Challenge
    solver: User
    solver_organisation: Organisation
    proposal: Proposal | None = None


def open_challenge() -> ChallengeWorld:
    """An SME's open, public challenge and a solver company with one owner."""
    organisation = OrganisationFactory(name="Staalwerken Peeters", kind="company")
    owner = MembershipFactory(
        organisation=organisation, role=Role.OWNER, user__first_name="An", user__last_name="Peeters"
    ).user
    challenge = make_challenge(
        owner,
        organisation,
        Status.OPEN,
        title=TITLE,
        language="nl",
        summary="Wij lassen trappen en leuningen in series van vijf stuks. Handmatig lassen kost "
        "te veel tijd; een lasrobot programmeren loont nu niet voor zo weinig stuks.",
        confidential_detail="Tekeningen van onze drie typische stukken en ons uurloon.",
    )
    solver_organisation = OrganisationFactory(name="Cobotiq", kind="company")
    solver = MembershipFactory(
        organisation=solver_organisation,
        role=Role.OWNER,
        user__first_name="Sofie",
        user__last_name="Claes",
    ).user
    return ChallengeWorld(owner, organisation, challenge, solver, solver_organisation)


def proposal_under_evaluation() -> ChallengeWorld:
    """The open challenge with the solver's submitted proposal, its deadline passed and the
    challenge moved to evaluation."""
    world = open_challenge()
    world.proposal = make_proposal(
        world.solver,
        world.challenge,
        kind="organisation",
        organisation=world.solver_organisation,
        title="Lascel met offline programmatie",
    )
    challenge = pass_deadline(world.challenge)
    world.challenge = challenge_transition(
        actor=world.owner, challenge=challenge, to=Status.EVALUATING
    )
    return world


def awarded_with_room() -> ChallengeWorld:
    """The proposal won: its award opened a project room for the owner and the winner."""
    world = proposal_under_evaluation()
    assert world.proposal is not None
    place = awards.award_place_add(challenge=world.challenge, rank=1, title="Winnaar")
    awards.award_grant(actor=world.owner, place=place, proposal=world.proposal)
    return world


def judge_user() -> User:
    return UserFactory(first_name="Jonas", last_name="Wouters", email="jonas.wouters@ugent.example")


def attachment(tmp_path: Path) -> Path:
    path = tmp_path / "lascel-offerte.pdf"
    path.write_bytes(PDF)
    return path
