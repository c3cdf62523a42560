"""Factories and builders for the challenge marketplace tests. Builders go through the
services, so the objects are in states the application itself produces."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from marketplace.models import Challenge, NdaTerms, Organisation, Proposal, Technology, User
from marketplace.models.challenges import Status
from marketplace.models.organisations import Role
from marketplace.services import challenges, judging, ndas, proposals
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

IMPACT = {
    "impact_work_organisation": "Operators run the new cell themselves.",
    "impact_skills": "Two welders are trained as robot operators.",
    "impact_safety": "No more overhead welding.",
    "impact_privacy": "No data per person is kept.",
}


def brief(**overrides: Any) -> dict[str, Any]:
    now = timezone.now()
    data: dict[str, Any] = {
        "type": "proof_of_concept",
        "title": "Robot welding for batches of five",
        "language": "en",
        "summary": "We weld small batches of steel frames and cannot find welders. We want to "
        "prove that a welding robot programmed offline from the 3D model pays off for small "
        "batches in our workshop.",
        "goal": "Programming time per new part below 30 minutes.",
        "scope": "A test cell with three typical parts and a report with a business case for "
        "the management team.",
        "confidential_detail": "Drawings of our three parts and our hourly cost.",
        "sector": "metal",
        "budget_eur": 25_000,
        "ip_regime": "transfer_on_award",
        "deadline": now + timedelta(days=30),
        "feedback_deadline": (now + timedelta(days=60)).date(),
        **IMPACT,
    }
    data.update(overrides)
    return data


def make_challenge(
    owner: User, organisation: Organisation, status: str = Status.OPEN, **overrides: Any
) -> Challenge:
    """A challenge moved to `status` (draft, open or cancelled) through the services."""
    technologies = overrides.pop("technologies", ["industrial-robots", "simulation"])
    data = brief(**overrides)
    challenge = challenges.challenge_create(
        actor=owner,
        organisation=organisation,
        technologies=Technology.objects.filter(slug__in=technologies),
        **data,
    )
    if status in {Status.OPEN, Status.EVALUATING, Status.CANCELLED}:
        challenge = challenges.challenge_transition(
            actor=owner, challenge=challenge, to=Status.OPEN
        )
    if status == Status.CANCELLED:
        challenge = challenges.challenge_transition(
            actor=owner, challenge=challenge, to=Status.CANCELLED
        )
    if status == Status.EVALUATING:
        challenge = pass_deadline(challenge)
        challenge = challenges.challenge_transition(
            actor=owner, challenge=challenge, to=Status.EVALUATING
        )
    return challenge


def pass_deadline(challenge: Challenge) -> Challenge:
    """Time travel: the deadline passed (an update, as the clock would)."""
    Challenge.objects.filter(pk=challenge.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    return Challenge.objects.get(pk=challenge.pk)


def solver(org_name: str = "Solver BV") -> tuple[User, Organisation]:
    organisation = OrganisationFactory(name=org_name)
    user = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    return user, organisation


def make_proposal(
    user: User, challenge: Challenge, submit: bool = True, **overrides: Any
) -> Proposal:
    data: dict[str, Any] = {
        "kind": "person",
        "title": "Offline programming with our cell",
        "summary": "We bring a mobile welding cell for two weeks.",
        "approach": "Week one: programming from the 3D models. Week two: production test.",
        "answers": {c.key: "See our approach." for c in challenge.criteria.all()},
        "price_eur": 20_000,
    }
    data.update(overrides)
    proposal = proposals.proposal_create(user=user, challenge=challenge, **data)
    if submit:
        proposal = proposals.proposal_submit(user=user, proposal=proposal)
    return proposal


def make_judge(owner: User, challenge: Challenge, user: User | None = None) -> User:
    user = user or UserFactory()
    judge = judging.judge_invite(actor=owner, challenge=challenge, user=user)
    judging.judge_respond(judge=judge, accept=True)
    return user


def accept_nda(user: User, challenge: Challenge) -> Any:
    terms = NdaTerms.objects.current()
    assert terms is not None
    return ndas.nda_accept(user=user, challenge=challenge, terms_version=terms.version)


class PanelFactory(DjangoModelFactory):
    class Meta:
        model = "marketplace.Panel"

    name = factory.Sequence(lambda n: f"Panel {n}")
