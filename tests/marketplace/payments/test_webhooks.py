"""The webhook endpoint: signatures on the raw body, timestamps both ways, duplicates, events
out of order, unknown types and unknown objects — answered correctly, changing nothing
wrongly."""

from __future__ import annotations

import json
import time

import pytest

from marketplace.payments.models import (
    AccountState,
    ConnectAccount,
    FundingState,
    Payment,
    PaymentState,
    PrizeFunding,
    WebhookEvent,
)
from tests.marketplace.payments.builders import (
    assert_money_invariants,
    challenge_with_places,
    start_funding,
)
from tests.marketplace.payments.conftest import WEBHOOK_URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_event(owner, organisation, fake):
    """A Checkout the sponsor paid at Stripe, whose webhook has not arrived yet."""
    challenge = challenge_with_places(owner, organisation, (1000,))
    payment = start_funding(owner, challenge)
    return fake.complete_checkout(payment.checkout_session_id)


def funded() -> bool:
    return PrizeFunding.objects.filter(state=FundingState.FUNDED).exists()


def test_a_signed_event_is_applied_once(deliver, paid_event):
    response = deliver(paid_event)
    assert response.status_code == 200
    assert response.json()["outcome"] == "applied"
    assert funded()
    assert WebhookEvent.objects.get().event_id == paid_event["id"]
    assert_money_invariants()


@pytest.mark.parametrize(
    "tamper",
    ["wrong_secret", "changed_body", "no_header", "garbage_header", "no_v1", "v0_only"],
)
def test_forged_signatures_are_refused(deliver, paid_event, tamper):
    payload = json.dumps(paid_event)
    kwargs: dict = {}
    if tamper == "wrong_secret":
        kwargs = {"secret": "whsec_someone_else"}
    elif tamper == "changed_body":
        from tests.marketplace.payments.fake_stripe import sign

        header = sign(payload, "whsec_test_kruispunt")
        forged = dict(paid_event, type="checkout.session.completed")
        forged["data"] = {"object": dict(paid_event["data"]["object"], amount_total=1)}
        kwargs = {"header": header, "body": json.dumps(forged)}
    elif tamper == "no_header":
        kwargs = {"header": ""}
    elif tamper == "garbage_header":
        kwargs = {"header": "t=abc,v1=zzz"}
    elif tamper == "no_v1":
        kwargs = {"header": f"t={int(time.time())}"}
    elif tamper == "v0_only":
        kwargs = {"header": f"t={int(time.time())},v0=" + "0" * 64}
    response = deliver(paid_event, **kwargs)
    assert response.status_code == 400
    assert not funded()
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize("offset", [-301, -3600, 301, 86400])
def test_stale_and_future_timestamps_are_refused(deliver, paid_event, offset):
    response = deliver(paid_event, timestamp=int(time.time()) + offset)
    assert response.status_code == 400
    assert not funded() and not WebhookEvent.objects.exists()


def test_timestamps_inside_the_tolerance_are_accepted(deliver, paid_event):
    assert deliver(paid_event, timestamp=int(time.time()) - 200).status_code == 200
    assert funded()


def test_a_signed_body_that_is_not_an_event_is_refused(deliver, paid_event):
    for body in ["not json", "[]", json.dumps({"id": "evt_1", "object": "event"}), '{"a": 1}']:
        response = deliver(paid_event, body=body)
        assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_only_post(client, fake):
    assert client.get(WEBHOOK_URL).status_code == 405


def test_duplicate_deliveries_have_one_effect(deliver, paid_event, fake):
    outcomes = [deliver(paid_event).json()["outcome"] for _ in range(3)]
    assert outcomes == ["applied", "duplicate", "duplicate"]
    assert WebhookEvent.objects.count() == 1
    assert Payment.objects.get().state == PaymentState.PAID
    assert_money_invariants()


def test_the_same_change_in_two_events_is_applied_once(deliver, paid_event, fake):
    """Stripe may send the same fact under two event ids (completed, then a resend)."""
    assert deliver(paid_event).json()["outcome"] == "applied"
    twin = dict(paid_event, id="evt_twin")
    assert deliver(twin).json()["outcome"] == "already_applied"
    funding = PrizeFunding.objects.get()
    assert funding.state == FundingState.FUNDED
    assert Payment.objects.filter(state=PaymentState.PAID).count() == 1


def test_expired_after_completed_is_harmless(deliver, paid_event, fake):
    assert deliver(paid_event).status_code == 200
    late = dict(paid_event, id="evt_late", type="checkout.session.expired")
    late["data"] = {"object": dict(paid_event["data"]["object"], status="expired")}
    response = deliver(late)
    assert response.status_code == 200 and response.json()["outcome"] == "unexpected_state"
    assert Payment.objects.get().state == PaymentState.PAID
    assert funded()


def test_an_older_account_update_after_a_newer_one_is_ignored(owner, deliver, fake):
    from marketplace.payments.services import connect_onboard

    connect_onboard(actor=owner, return_url="https://k.test/r", refresh_url="https://k.test/f")
    account = ConnectAccount.objects.get(user=owner)
    older = fake._event("account.updated", fake.objects[account.stripe_account_id])
    newer = fake.activate_account(account.stripe_account_id)
    assert deliver(newer).json()["outcome"] == "applied"
    assert deliver(older).json()["outcome"] == "stale"
    account.refresh_from_db()
    assert account.state == AccountState.ACTIVE and account.payouts_enabled


def test_unknown_event_types_are_acknowledged_and_ignored(deliver, paid_event):
    other = dict(paid_event, id="evt_other", type="customer.subscription.created")
    response = deliver(other)
    assert response.status_code == 200 and response.json()["outcome"] == "ignored"
    assert not funded()


@pytest.mark.parametrize(
    "type",
    [
        "checkout.session.completed",
        "checkout.session.expired",
        "account.updated",
        "transfer.created",
        "transfer.reversed",
        "refund.updated",
    ],
)
def test_events_for_unknown_objects_are_harmless(deliver, fake, owner, organisation, type):
    event = fake._event(
        type,
        {
            "id": "obj_nobody_knows",
            "object": "x",
            "amount": 5,
            "metadata": {"kruispunt_transfer": "999999", "kruispunt_refund": "999999"},
        },
    )
    response = deliver(event)
    assert response.status_code == 200
    assert response.json()["outcome"] == "unknown_object"
    assert not PrizeFunding.objects.exists() and not ConnectAccount.objects.exists()


def test_a_malformed_but_signed_event_does_not_answer_500(deliver, paid_event):
    broken = dict(paid_event, id="evt_broken")
    broken["data"] = {
        "object": dict(
            paid_event["data"]["object"], payment_intent=["x"], amount_total={"weird": True}
        )
    }
    response = deliver(broken)
    assert response.status_code == 200
    assert not funded()  # the amount does not match: money noted, nothing funded
    payment = Payment.objects.get()
    assert payment.surplus and "expected" in payment.problem


def test_async_payment_waits_for_its_success(deliver, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    payment = start_funding(owner, challenge)
    pending = fake.complete_checkout(payment.checkout_session_id, payment_status="unpaid")
    assert deliver(pending).json()["outcome"] == "awaiting_async_payment"
    assert not funded()
    session = dict(fake.objects[payment.checkout_session_id], payment_status="paid")
    succeeded = fake._event("checkout.session.async_payment_succeeded", session)
    assert deliver(succeeded).json()["outcome"] == "applied"
    assert funded()


def test_a_second_paid_checkout_is_flagged_not_double_counted(deliver, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    first = start_funding(owner, challenge)
    # The sponsor paid the first session while we had already expired it locally.
    Payment.objects.filter(pk=first.pk).update(state=PaymentState.EXPIRED)
    second = start_funding(owner, challenge)
    assert deliver(fake.complete_checkout(second.checkout_session_id)).status_code == 200
    late = fake.complete_checkout(first.checkout_session_id)
    assert deliver(late).json()["outcome"] == "surplus"
    first.refresh_from_db()
    assert first.state == PaymentState.PAID and first.surplus
    from marketplace.payments.reconcile import problems

    assert any(p.ref == first.idempotency_key for p in problems())
