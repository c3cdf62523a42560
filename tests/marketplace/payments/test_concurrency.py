"""Concurrency on PostgreSQL, with real transactions and threads: 50 simultaneous award and
payment requests for one place make one award and one transfer set; two simultaneous
deliveries of one webhook make one effect; a webhook that cannot get its lock in time answers
503 and changes nothing, so Stripe's retry applies it."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, connections, transaction

from marketplace.models import Award, AwardPlace
from marketplace.payments import webhooks
from marketplace.payments.models import Payment, PaymentState, PrizeFunding, Transfer, WebhookEvent
from marketplace.payments.payouts import award_pay
from marketplace.services.awards import award_grant
from tests.marketplace.challenges.factories import solver
from tests.marketplace.payments.builders import (
    assert_money_invariants,
    challenge_with_places,
    fund,
    onboard,
    open_challenge,
    propose,
    start_funding,
    to_evaluating,
)

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run work(i) in `count` threads released together; each has its own connection."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def target(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    return results


def test_fifty_simultaneous_award_and_pay_requests_pay_once(owner, organisation, fake, deliver):
    challenge = challenge_with_places(owner, organisation, (1000,))
    fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    winner, _org = solver("Winner")
    proposal = propose(winner, challenge)
    to_evaluating(owner, challenge)
    onboard(winner, fake, deliver)
    place = AwardPlace.objects.get(challenge=challenge)

    def grant_and_pay(i: int) -> str:
        with contextlib.suppress(ValidationError):  # someone else granted it first
            award_grant(actor=owner, place=place, proposal=proposal)
        award = Award.objects.get(place=place, revoked_at__isnull=True)
        transfers = award_pay(actor=owner, award=award)
        return ",".join(sorted(t.state for t in transfers))

    results = run_at_once(50, grant_and_pay)
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    assert Counter(results) == {"paid": 50}
    assert Award.objects.filter(place=place).count() == 1
    assert Transfer.objects.count() == 1
    assert len(fake.of_type("transfer")) == 1
    assert_money_invariants()


def test_fifty_simultaneous_team_payments_make_one_transfer_set(owner, organisation, fake, deliver):
    """The API path, with a team prize split three ways."""
    from rest_framework.test import APIClient

    from marketplace.models import Proposal, ProposalTeamMember
    from marketplace.payments.payouts import team_share_agree, team_shares_set
    from tests.factories import UserFactory

    challenge = challenge_with_places(owner, organisation, (999,))
    fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    challenge = to_evaluating(owner, challenge)
    members = [UserFactory() for _ in range(3)]
    proposal = Proposal.objects.create(
        challenge=challenge, kind="team", created_by=members[0], title="T", status="submitted"
    )
    for user in members[1:]:
        ProposalTeamMember.objects.create(proposal=proposal, user=user)
    award = award_grant(actor=owner, place=challenge.award_places.get(), proposal=proposal)
    team_shares_set(
        actor=members[0],
        award=award,
        shares={members[0].pk: 3334, members[1].pk: 3333, members[2].pk: 3333},
    )
    for user in members:
        team_share_agree(actor=user, award=award)
        onboard(user, fake, deliver)

    def pay(i: int) -> int:
        client = APIClient()
        client.force_authenticate(owner)
        return client.post(f"/api/v1/awards/{award.pk}/payment/").status_code

    results = run_at_once(50, pay)
    assert Counter(results) == {200: 50}
    amounts = sorted(Transfer.objects.values_list("amount_cents", flat=True))
    assert amounts == [33_297, 33_297, 33_306] and sum(amounts) == 99_900
    assert len(fake.of_type("transfer")) == 3
    assert_money_invariants()


def test_two_simultaneous_deliveries_of_one_webhook_have_one_effect(
    owner, organisation, fake, deliver
):
    challenge = challenge_with_places(owner, organisation, (1000,))
    payment = start_funding(owner, challenge)
    event = fake.complete_checkout(payment.checkout_session_id)
    results = run_at_once(2, lambda i: deliver(event))
    statuses = sorted(r.status_code for r in results)
    outcomes = sorted(r.json().get("outcome", "retry") for r in results)
    # One applies it; the other sees the duplicate, or (if it waited too long for the first)
    # answers 503 so that Stripe retries — and that retry is a duplicate.
    assert outcomes in (["applied", "duplicate"], ["applied", "retry"]), outcomes
    assert statuses in ([200, 200], [200, 503])
    assert deliver(event).json()["outcome"] == "duplicate"
    assert WebhookEvent.objects.count() == 1
    assert Payment.objects.get().state == PaymentState.PAID
    assert_money_invariants()


def test_a_lock_timeout_answers_503_and_stripe_s_retry_applies_it(
    owner, organisation, fake, deliver, monkeypatch
):
    monkeypatch.setattr(webhooks, "LOCK_TIMEOUT_MS", 200)
    challenge = challenge_with_places(owner, organisation, (1000,))
    payment = start_funding(owner, challenge)
    event = fake.complete_checkout(payment.checkout_session_id)
    holding, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        try:
            with transaction.atomic():
                PrizeFunding.objects.select_for_update().get(pk=payment.funding_id)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert holding.wait(timeout=10)
    try:
        response = deliver(event)
    finally:
        release.set()
        holder.join()
    assert response.status_code == 503
    assert response["Retry-After"]
    assert not WebhookEvent.objects.exists()
    assert Payment.objects.get().state == PaymentState.OPEN
    retry = deliver(event)
    assert retry.status_code == 200 and retry.json()["outcome"] == "applied"
    assert_money_invariants()
