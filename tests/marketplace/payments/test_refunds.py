"""Refunds: cancellation before the award refunds the prizes (and the fee too when the
challenge never opened); places left unawarded are refunded once awarding is over; a refund
never goes out twice."""

from __future__ import annotations

import pytest
from django.core import mail

from marketplace.models.challenges import Status
from marketplace.payments import ledger, services
from marketplace.payments.models import (
    FundingState,
    PaymentState,
    PrizeFunding,
    Refund,
    RefundState,
)
from marketplace.services.challenges import challenge_transition
from tests.marketplace.challenges.factories import solver
from tests.marketplace.payments.builders import (
    assert_money_invariants,
    challenge_with_places,
    fund,
    grant,
    onboard,
    open_challenge,
    propose,
    start_funding,
    to_evaluating,
)

pytestmark = pytest.mark.django_db


def refunds_url(challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/refunds/"


def cancel(owner, challenge, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        challenge = challenge_transition(actor=owner, challenge=challenge, to=Status.CANCELLED)
        services.on_cancel(challenge)
    return challenge


def test_cancelling_an_open_challenge_refunds_the_prizes_and_keeps_the_fee(
    owner, organisation, fake, deliver, django_capture_on_commit_callbacks
):
    owner.preferred_language = "en"  # the refund notice is mailed in the recipient's language
    owner.save(update_fields=["preferred_language"])
    challenge = challenge_with_places(owner, organisation, (1000, 500))
    funding = fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    cancel(owner, challenge, django_capture_on_commit_callbacks)
    refund = Refund.objects.get()
    assert (refund.prize_cents, refund.fee_cents) == (150_000, 0)
    assert refund.state == RefundState.SUCCEEDED and refund.reason == "cancelled"
    (request,) = fake.posts("/v1/refunds")
    assert request["idempotency_key"] == f"funding:{funding.pk}:refund:1"
    funding.refresh_from_db()
    assert funding.state == FundingState.REFUNDED
    assert not ledger.challenge_is_funded(challenge)
    assert any("Refund" in m.subject for m in mail.outbox)
    # Stripe's refund.created confirms what we recorded.
    (event,) = fake.events_of("refund.created")
    assert deliver(event).json()["outcome"] == "already_applied"
    assert_money_invariants()


def test_cancelling_before_opening_refunds_everything(
    owner, organisation, fake, deliver, django_capture_on_commit_callbacks
):
    challenge = challenge_with_places(owner, organisation, (1000,))
    funding = fund(owner, challenge, fake, deliver)
    cancel(owner, challenge, django_capture_on_commit_callbacks)
    refund = Refund.objects.get()
    assert refund.amount_cents == funding.total_cents
    assert refund.fee_cents == funding.fee_cents + funding.vat_cents
    assert_money_invariants()


def test_cancelling_with_an_open_checkout_closes_it(
    owner, organisation, fake, django_capture_on_commit_callbacks
):
    challenge = challenge_with_places(owner, organisation, (1000,))
    payment = start_funding(owner, challenge)
    cancel(owner, challenge, django_capture_on_commit_callbacks)
    payment.refresh_from_db()
    assert payment.state == PaymentState.EXPIRED
    assert fake.objects[payment.checkout_session_id]["status"] == "expired"
    assert not Refund.objects.exists()


def test_payment_confirmed_after_cancellation_is_refunded(
    owner, organisation, fake, deliver, django_capture_on_commit_callbacks
):
    challenge = challenge_with_places(owner, organisation, (1000,))
    payment = start_funding(owner, challenge)
    event = fake.complete_checkout(payment.checkout_session_id)  # paid, webhook not yet here
    cancel(owner, challenge, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(event).status_code == 200
    assert Refund.objects.get().amount_cents == PrizeFunding.objects.get().total_cents
    assert_money_invariants()


def test_unawarded_places_are_refunded_once_awarding_is_over(
    api, owner, organisation, fake, deliver
):
    challenge = challenge_with_places(owner, organisation, (1000, 500, 250))
    fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    winner, _org = solver("Winner")
    proposal = propose(winner, challenge)
    challenge = to_evaluating(owner, challenge)
    award = grant(owner, challenge, 1, proposal)
    onboard(winner, fake, deliver)
    from marketplace.payments.payouts import award_pay

    award_pay(actor=owner, award=award)
    # While evaluating, places may still be awarded: no refund yet.
    response = api(owner).post(refunds_url(challenge), {"reason": "unawarded"}, format="json")
    assert response.status_code == 400
    from marketplace.models import Feedback  # noqa: F401  (feedback is the award rule's job)

    challenge.status = Status.AWARDED
    challenge.save(update_fields=["status"])
    response = api(owner).post(refunds_url(challenge), {"reason": "unawarded"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["amount"] == "750.00"
    again = api(owner).post(refunds_url(challenge), {"reason": "unawarded"}, format="json")
    assert again.status_code == 409
    assert Refund.objects.count() == 1 and len(fake.posts("/v1/refunds")) == 1
    assert_money_invariants()


def test_a_pending_refund_settles_by_webhook_and_a_failed_one_frees_the_money(
    api, owner, organisation, fake, deliver, django_capture_on_commit_callbacks
):
    fake.refund_status = "pending"
    challenge = challenge_with_places(owner, organisation, (1000,))
    fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    cancel(owner, challenge, django_capture_on_commit_callbacks)
    refund = Refund.objects.get()
    assert refund.state == RefundState.PENDING
    failed = fake.settle_refund(refund.stripe_refund_id, "failed")
    succeeded_late = fake._event(
        "refund.updated", dict(fake.objects[refund.stripe_refund_id], status="succeeded")
    )
    assert deliver(failed).json()["outcome"] == "applied"
    assert deliver(succeeded_late).json()["outcome"] == "unexpected_state"
    refund.refresh_from_db()
    assert refund.state == RefundState.FAILED
    from marketplace.payments.reconcile import problems

    assert any(p.ref == refund.idempotency_key for p in problems())
    # The money is refundable again.
    fake.refund_status = "succeeded"
    response = api(owner).post(refunds_url(challenge), {"reason": "cancelled"}, format="json")
    assert response.status_code == 201, response.content
    assert Refund.objects.filter(state=RefundState.SUCCEEDED).count() == 1
    assert_money_invariants()


@pytest.mark.parametrize(
    "payload", [{"reason": "because"}, {}, {"reason": "cancelled", "amount": 5}]
)
def test_bad_refund_requests(api, owner, organisation, fake, deliver, payload):
    challenge = challenge_with_places(owner, organisation, (1000,))
    fund(owner, challenge, fake, deliver)
    response = api(owner).post(refunds_url(challenge), payload, format="json")
    assert response.status_code == 400
    assert not Refund.objects.exists()


def test_refund_of_a_live_challenge_or_unfunded_one_is_refused(
    api, owner, organisation, fake, deliver
):
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = api(owner).post(refunds_url(challenge), {"reason": "cancelled"}, format="json")
    assert response.status_code == 400
    fund(owner, challenge, fake, deliver)
    response = api(owner).post(refunds_url(challenge), {"reason": "cancelled"}, format="json")
    assert response.status_code == 400  # not cancelled
    assert not Refund.objects.exists()


@pytest.mark.parametrize(
    ("who", "expected"), [("member", 403), ("outsider", 403), ("anonymous", 401)]
)
def test_who_may_refund(api, owner, member, outsider, organisation, fake, deliver, who, expected):
    """The challenge is public, so everyone may know it exists: 403, not 404."""
    challenge = challenge_with_places(owner, organisation, (1000,))
    fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    challenge_transition(actor=owner, challenge=challenge, to=Status.CANCELLED)
    user = {"member": member, "outsider": outsider, "anonymous": None}[who]
    response = api(user).post(refunds_url(challenge), {"reason": "cancelled"}, format="json")
    assert response.status_code == expected
    assert not Refund.objects.exists()
