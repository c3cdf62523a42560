"""Builders for the payments tests. They go through the services (and the fake Stripe plus the
webhook for anything Stripe confirms), so objects are in states the application produces."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marketplace.models import Award, AwardPlace, Challenge, Organisation, Proposal, User
from marketplace.models.challenges import Status
from marketplace.payments import services
from marketplace.payments.invariants import money_errors
from marketplace.payments.models import ConnectAccount, Payment, PrizeFunding
from marketplace.services import challenges as challenge_services
from marketplace.services.awards import award_grant
from tests.marketplace.challenges.factories import make_challenge, make_proposal, pass_deadline


def challenge_with_places(
    owner: User, organisation: Organisation, amounts: tuple[int, ...] = (1000, 500), **brief: Any
) -> Challenge:
    """A draft with one award place per amount (EUR)."""
    challenge = make_challenge(owner, organisation, Status.DRAFT, **brief)
    for rank, amount in enumerate(amounts, start=1):
        AwardPlace.objects.create(
            challenge=challenge, rank=rank, title=f"Place {rank}", amount_eur=amount
        )
    return challenge


def start_funding(owner: User, challenge: Challenge, vat_number: str = "") -> Payment:
    funding_prize = sum(p.amount_eur or 0 for p in challenge.award_places.all()) * 100
    return services.funding_start(
        actor=owner,
        challenge=challenge,
        prize_cents=funding_prize,
        currency="eur",
        vat_number=vat_number,
        success_url="https://kruispunt.test/ok",
        cancel_url="https://kruispunt.test/cancel",
    )


def fund(owner: User, challenge: Challenge, fake: Any, deliver: Callable[..., Any]) -> PrizeFunding:
    """Start Checkout, let the fake customer pay, deliver Stripe's webhook."""
    payment = start_funding(owner, challenge)
    assert payment.checkout_session_id
    event = fake.complete_checkout(payment.checkout_session_id)
    response = deliver(event)
    assert response.status_code == 200, response.content
    return PrizeFunding.objects.get(challenge=challenge)


def open_challenge(owner: User, challenge: Challenge) -> Challenge:
    return challenge_services.challenge_transition(actor=owner, challenge=challenge, to=Status.OPEN)


def to_evaluating(owner: User, challenge: Challenge) -> Challenge:
    challenge = pass_deadline(challenge)
    return challenge_services.challenge_transition(
        actor=owner, challenge=challenge, to=Status.EVALUATING
    )


def propose(user: User, challenge: Challenge, **overrides: Any) -> Proposal:
    return make_proposal(user, challenge, **overrides)


def grant(owner: User, challenge: Challenge, rank: int, proposal: Proposal) -> Award:
    place = challenge.award_places.get(rank=rank)
    award = award_grant(actor=owner, place=place, proposal=proposal)
    services.on_award(award)
    return award


def onboard(
    actor: User, fake: Any, deliver: Callable[..., Any], organisation: Organisation | None = None
) -> ConnectAccount:
    """Create the Express account, finish onboarding at the fake, deliver account.updated."""
    url = services.connect_onboard(
        actor=actor,
        organisation=organisation,
        return_url="https://k.test/r",
        refresh_url="https://k.test/f",
    )
    assert url.startswith("https://connect.stripe.test/")
    lookup = {"organisation": organisation} if organisation else {"user": actor}
    account = ConnectAccount.objects.get(**lookup)
    assert account.stripe_account_id
    response = deliver(fake.activate_account(account.stripe_account_id))
    assert response.status_code == 200, response.content
    account.refresh_from_db()
    return account


def assert_money_invariants() -> None:
    errors = money_errors()
    assert errors == [], "\n".join(errors)
