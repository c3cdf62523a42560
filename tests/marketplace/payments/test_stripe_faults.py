"""Stripe unreachable or answering too late while a sponsor funds a prize, a winner is paid and
a cancelled prize is refunded.
The fake Stripe does the work and answers after the client gave up (the answer is lost), or
answers 503 without doing anything. Afterwards: the user is told what happened, the retry
uses the same idempotency key, Stripe holds one Checkout Session and one transfer, every
webhook (delivered twice) takes effect once, one live award per place, and the ledger equals
Stripe (money invariants)."""

from __future__ import annotations

from collections import Counter

import pytest

from marketplace.models import Award
from marketplace.models.awards import PaymentState as AwardPaymentState
from marketplace.models.challenges import Status
from marketplace.payments.models import (
    FundingState,
    Payment,
    PaymentState,
    PrizeFunding,
    Refund,
    RefundState,
    Transfer,
    TransferState,
    WebhookEvent,
)
from marketplace.services.challenges import challenge_transition
from tests.marketplace.challenges.factories import solver
from tests.marketplace.payments.builders import (
    assert_money_invariants,
    challenge_with_places,
    grant,
    onboard,
    open_challenge,
    propose,
    to_evaluating,
)

pytestmark = pytest.mark.django_db

SESSIONS = "/v1/checkout/sessions"
TRANSFERS = "/v1/transfers"
REFUNDS = "/v1/refunds"


@pytest.fixture
def impatient(settings):
    """Our client gives up after one second; the fake answers after 1.5 s."""
    settings.STRIPE_TIMEOUT_SECONDS = 1


def funding_url(challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/funding/"


def start(api, owner, challenge):
    return api(owner).post(
        funding_url(challenge),
        {"prize_amount": "1000.00", "currency": "EUR"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def deliver_twice(deliver, event) -> list[str]:
    return [deliver(event).json()["outcome"] for _ in range(2)]


def assert_every_webhook_once() -> None:
    counts = Counter(WebhookEvent.objects.values_list("event_id", flat=True))
    assert counts and set(counts.values()) == {1}


def test_a_lost_checkout_answer_is_asked_again_with_the_same_key_and_opens_one_session(
    api, owner, organisation, fake, deliver, impatient
):
    challenge = challenge_with_places(owner, organisation, (1000,))
    fake.fail_next(SESSIONS, "timeout", times=3, delay=1.5)  # the SDK's try and two retries
    response = start(api, owner, challenge)
    assert response.status_code == 503
    assert response.json()["detail"] == (
        "Stripe could not complete the request; try again in a moment."
    )
    # Stripe made the session; our ledger keeps the attempt open, without a session.
    assert len(fake.of_type("checkout.session")) == 1
    payment = Payment.objects.get()
    assert payment.state == PaymentState.OPEN and payment.checkout_session_id is None

    response = start(api, owner, challenge)
    assert response.status_code == 201, response.content
    assert response.json()["checkout_url"]
    (session,) = fake.of_type("checkout.session")
    keys = {r["idempotency_key"] for r in fake.posts(SESSIONS)}
    assert keys == {payment.idempotency_key}
    assert len(fake.posts(SESSIONS)) == 4
    payment.refresh_from_db()
    assert payment.checkout_session_id == session["id"]

    assert deliver_twice(deliver, fake.complete_checkout(session["id"])) == [
        "applied",
        "duplicate",
    ]
    funding = PrizeFunding.objects.get(challenge=challenge)
    assert funding.state == FundingState.FUNDED
    assert api(owner).get(funding_url(challenge)).json()["funded"] is True
    assert_every_webhook_once()
    assert_money_invariants()


def test_stripe_down_during_funding_tells_the_sponsor_and_the_retry_opens_one_session(
    api, owner, organisation, fake, deliver
):
    challenge = challenge_with_places(owner, organisation, (1000,))
    fake.fail_next(SESSIONS, "unavailable", times=3)
    response = start(api, owner, challenge)
    assert response.status_code == 503
    assert fake.of_type("checkout.session") == []
    page = api(owner).get(funding_url(challenge)).json()
    assert page["funded"] is False
    assert start(api, owner, challenge).status_code == 201
    assert len(fake.of_type("checkout.session")) == 1
    assert len({r["idempotency_key"] for r in fake.posts(SESSIONS)}) == 1
    assert_money_invariants()


def test_one_slow_answer_is_absorbed_by_the_sdk_retry_with_the_same_key(
    api, owner, organisation, fake, impatient
):
    challenge = challenge_with_places(owner, organisation, (1000,))
    fake.fail_next(SESSIONS, "timeout", times=1, delay=1.5)
    assert start(api, owner, challenge).status_code == 201
    posts = fake.posts(SESSIONS)
    assert len(posts) == 2 and posts[0]["idempotency_key"] == posts[1]["idempotency_key"]
    assert len(fake.of_type("checkout.session")) == 1
    assert_money_invariants()


@pytest.fixture
def awarded(api, owner, organisation, fake, deliver):
    """A funded, evaluating challenge (EUR 1000) whose winner has set up payouts."""
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = start(api, owner, challenge)
    assert response.status_code == 201
    session_id = Payment.objects.get(funding__challenge=challenge).checkout_session_id
    deliver(fake.complete_checkout(session_id))
    challenge = open_challenge(owner, challenge)
    winner, _org = solver("Winner BV")
    proposal = propose(winner, challenge)
    challenge = to_evaluating(owner, challenge)
    onboard(winner, fake, deliver)
    award = grant(owner, challenge, 1, proposal)
    return {"challenge": challenge, "award": award, "winner": winner}


def pay(api, owner, award):
    return api(owner).post(f"/api/v1/awards/{award.pk}/payment/", HTTP_ACCEPT_LANGUAGE="en")


def test_a_lost_transfer_answer_shows_pending_and_pays_once(
    api, owner, awarded, fake, deliver, impatient
):
    award = awarded["award"]
    fake.fail_next(TRANSFERS, "timeout", times=3, delay=1.5)
    response = pay(api, owner, award)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["payment_state"] == "pending"
    (shown,) = body["transfers"]
    assert shown["state"] == "pending"
    assert shown["error"] == (
        "Stripe did not confirm this transfer in time. It is asked again with the same key, "
        "so it is never paid twice."
    )
    assert len(fake.of_type("transfer")) == 1  # Stripe did pay; the answer was lost

    # Paying again replays the same key: still one transfer, now recorded as paid.
    body = pay(api, owner, award).json()
    assert body["payment_state"] == "paid"
    assert [t["state"] for t in body["transfers"]] == ["paid"]
    assert len(fake.of_type("transfer")) == 1
    assert {r["idempotency_key"] for r in fake.posts(TRANSFERS)} == {
        f"award:{award.pk}:transfer:user-{awarded['winner'].pk}"
    }
    (event,) = fake.events_of("transfer.created")
    assert deliver_twice(deliver, event) == ["already_applied", "duplicate"]
    assert Award.objects.filter(place=award.place, revoked_at__isnull=True).count() == 1
    assert_every_webhook_once()
    assert_money_invariants()


def test_a_lost_transfer_answer_is_completed_by_the_webhook_alone(
    api, owner, awarded, fake, deliver, impatient
):
    award = awarded["award"]
    fake.fail_next(TRANSFERS, "timeout", times=3, delay=1.5)
    assert pay(api, owner, award).json()["payment_state"] == "pending"
    (event,) = fake.events_of("transfer.created")
    assert deliver_twice(deliver, event) == ["applied", "duplicate"]
    award.refresh_from_db()
    assert award.payment_state == AwardPaymentState.PAID
    assert Transfer.objects.get().state == TransferState.PAID
    assert len(fake.of_type("transfer")) == 1
    assert_every_webhook_once()
    assert_money_invariants()


def test_stripe_down_during_payout_leaves_the_award_pending_until_the_retry(
    api, owner, awarded, fake, deliver
):
    award = awarded["award"]
    fake.fail_next(TRANSFERS, "unavailable", times=3)
    body = pay(api, owner, award).json()
    assert body["payment_state"] == "pending"
    assert body["transfers"][0]["state"] == "pending"
    assert fake.of_type("transfer") == []
    assert pay(api, owner, award).json()["payment_state"] == "paid"
    assert pay(api, owner, award).json()["payment_state"] == "paid"
    assert len(fake.of_type("transfer")) == 1
    assert len({r["idempotency_key"] for r in fake.posts(TRANSFERS)}) == 1
    assert_money_invariants()


def test_a_lost_refund_answer_is_asked_again_with_the_same_key_and_refunds_once(
    api, owner, organisation, fake, deliver, impatient
):
    challenge = challenge_with_places(owner, organisation, (1000,))
    assert start(api, owner, challenge).status_code == 201
    session_id = Payment.objects.get(funding__challenge=challenge).checkout_session_id
    deliver(fake.complete_checkout(session_id))
    challenge = open_challenge(owner, challenge)
    # The sponsor asks for the refund (the cancellation's own task is not run here).
    challenge = challenge_transition(actor=owner, challenge=challenge, to=Status.CANCELLED)
    url = f"/api/v1/challenges/{challenge.pk}/refunds/"
    fake.fail_next(REFUNDS, "timeout", times=3, delay=1.5)
    response = api(owner).post(url, {"reason": "cancelled"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    (pending,) = Refund.objects.all()
    assert pending.state == RefundState.PENDING and pending.stripe_refund_id is None
    assert len(fake.of_type("refund")) == 1  # Stripe refunded; the answer was lost
    response = api(owner).post(url, {"reason": "cancelled"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "succeeded"
    assert len(fake.of_type("refund")) == 1
    assert {r["idempotency_key"] for r in fake.posts(REFUNDS)} == {pending.idempotency_key}
    (event,) = fake.events_of("refund.created")
    assert deliver_twice(deliver, event) == ["already_applied", "duplicate"]
    assert PrizeFunding.objects.get(challenge=challenge).state == FundingState.REFUNDED
    assert_every_webhook_once()
    assert_money_invariants()
