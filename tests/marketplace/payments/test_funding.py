"""Funding a prize: the breakdown shown up front, Checkout with idempotency keys, "funded" only
after the webhook, the publish rule, bad input, and who may do it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone, translation

from marketplace.models.challenges import Status
from marketplace.payments import ledger
from marketplace.payments.models import FundingState, Payment, PaymentState, PrizeFunding
from marketplace.payments.pricing import funding_quote
from tests.marketplace.challenges.factories import solver
from tests.marketplace.payments.builders import (
    assert_money_invariants,
    challenge_with_places,
    fund,
    start_funding,
)

pytestmark = pytest.mark.django_db


def url(challenge) -> str:
    return f"/api/v1/challenges/{challenge.pk}/funding/"


def test_quote_shows_fee_and_belgian_vat(owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000, 500))
    quote = funding_quote(challenge)
    assert quote.prize_cents == 150_000
    assert quote.fee_cents == 7_500 + 2_500  # 5 % + EUR 25
    assert quote.vat_rate_bp == 2100
    assert quote.vat_cents == 2_100  # 21 % of the fee only
    assert quote.total_cents == 150_000 + 10_000 + 2_100
    assert quote.vat_treatment == "be_vat"


def test_quote_reverse_charge_for_eu_business_with_vat_number(owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    quote = funding_quote(challenge, vat_number="NL004495445B01")
    assert (quote.vat_treatment, quote.vat_cents, quote.country) == ("reverse_charge", 0, "NL")
    belgian = funding_quote(challenge, vat_number="BE0417497106")
    assert (belgian.vat_treatment, belgian.vat_rate_bp) == ("be_vat", 2100)


def test_get_shows_breakdown_and_maximum_holding_time(api, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = api(owner).get(url(challenge))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "not_started" and body["funded"] is False
    assert body["quote"]["total_amount"] == "1090.75"  # 1000 + (50 + 25) + 21 % of 75
    assert body["quote"]["vat_amount"] == "15.75"
    assert body["max_holding_days"] == 180


def test_hold_warning_when_deadline_and_evaluation_exceed_the_holding_time(
    api, owner, organisation, fake, settings
):
    settings.FUNDS_MAX_HOLD_DAYS = 20
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = api(owner).get(url(challenge), HTTP_ACCEPT_LANGUAGE="en")
    warning = response.json()["quote"]["holding_warning"]
    assert "20 days" in warning
    settings.FUNDS_MAX_HOLD_DAYS = 365
    assert api(owner).get(url(challenge)).json()["quote"]["holding_warning"] == ""


def test_start_opens_checkout_with_breakdown_and_idempotency_key(api, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000, 500))
    response = api(owner).post(
        url(challenge), {"prize_amount": "1500.00", "currency": "EUR"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["checkout_url"].startswith("https://checkout.stripe.test/")
    assert body["state"] == "awaiting_payment" and body["funded"] is False
    (request,) = fake.posts("/v1/checkout/sessions")
    payment = Payment.objects.get()
    assert request["idempotency_key"] == f"funding:{payment.funding_id}:checkout:1"
    assert request["stripe_version"] == "2026-10-28.endive"
    amounts = [int(i["price_data"]["unit_amount"]) for i in request["params"]["line_items"]]
    assert amounts == [150_000, 10_000, 2_100]
    # Asking again returns the same open Checkout, not a second one.
    again = api(owner).post(
        url(challenge), {"prize_amount": "1500.00", "currency": "eur"}, format="json"
    )
    assert again.json()["payment"] == payment.pk
    assert len(fake.posts("/v1/checkout/sessions")) == 1


def test_funded_only_after_the_webhook_and_receipt_is_mailed(
    owner, organisation, fake, deliver, client, django_capture_on_commit_callbacks
):
    owner.preferred_language = "en"  # the receipt is mailed in the recipient's language
    owner.save(update_fields=["preferred_language"])
    challenge = challenge_with_places(owner, organisation, (1000,))
    payment = start_funding(owner, challenge)
    assert not ledger.challenge_is_funded(challenge)
    assert ledger.funding_required_for_open(challenge) is not None
    # Coming back from Checkout marks nothing paid.
    client.force_login(owner)
    client.get(f"/betalingen/uitdaging/{challenge.pk}/financiering/bedankt/")
    assert not ledger.challenge_is_funded(challenge)
    event = fake.complete_checkout(payment.checkout_session_id)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(event).status_code == 200
    assert ledger.challenge_is_funded(challenge)
    assert ledger.funding_required_for_open(challenge) is None
    funding = PrizeFunding.objects.get()
    assert funding.hold_until - funding.funded_at == timedelta(days=180)
    payment.refresh_from_db()
    assert payment.state == PaymentState.PAID and payment.payment_intent_id.startswith("pi_")
    assert any("Receipt" in m.subject for m in mail.outbox)
    assert owner.email in {m.to[0] for m in mail.outbox}
    assert_money_invariants()


def test_funding_can_restart_after_checkout_expired(owner, organisation, fake, deliver):
    challenge = challenge_with_places(owner, organisation, (1000,))
    first = start_funding(owner, challenge)
    assert deliver(fake.expire_checkout(first.checkout_session_id)).status_code == 200
    first.refresh_from_db()
    assert first.state == PaymentState.EXPIRED
    second = start_funding(owner, challenge)
    assert second.pk != first.pk and second.idempotency_key.endswith(":checkout:2")
    assert second.checkout_session_id != first.checkout_session_id


def test_places_changed_before_payment_expire_the_old_checkout(owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    first = start_funding(owner, challenge)
    challenge.award_places.create(rank=2, title="Runner-up", amount_eur=300)
    second = start_funding(owner, challenge)
    first.refresh_from_db()
    assert first.state == PaymentState.EXPIRED
    assert fake.objects[first.checkout_session_id]["status"] == "expired"
    assert second.amount_cents == PrizeFunding.objects.get().total_cents


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"prize_amount": "-1000.00", "currency": "EUR"}, "prize_amount"),
        ({"prize_amount": "0", "currency": "EUR"}, "prize_amount"),
        ({"prize_amount": "1000.005", "currency": "EUR"}, "prize_amount"),
        ({"prize_amount": "99999999999", "currency": "EUR"}, "prize_amount"),
        ({"prize_amount": "1e400", "currency": "EUR"}, "prize_amount"),
        ({"prize_amount": "abc", "currency": "EUR"}, "prize_amount"),
        ({"prize_amount": "1000.00", "currency": "USD"}, "currency"),
        ({"prize_amount": "999.00", "currency": "EUR"}, "prize_amount"),
        ({"prize_amount": "1000.00", "currency": "EUR", "state": "funded"}, "state"),
        (
            {"prize_amount": "1000.00", "currency": "EUR", "vat_number": "BE0000000001"},
            "vat_number",
        ),
        ({"currency": "EUR"}, "prize_amount"),
    ],
)
def test_bad_amounts_are_refused_and_change_nothing(api, owner, organisation, fake, payload, field):
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = api(owner).post(url(challenge), payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not PrizeFunding.objects.exists() and not Payment.objects.exists()
    assert fake.posts("/v1/checkout/sessions") == []


def test_a_float_with_fractional_cents_is_refused(api, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = api(owner).post(
        url(challenge), {"prize_amount": 1000.001, "currency": "EUR"}, format="json"
    )
    assert response.status_code == 400
    assert not Payment.objects.exists()


def test_a_challenge_without_money_prize_has_nothing_to_fund(api, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, ())
    response = api(owner).post(
        url(challenge), {"prize_amount": "10.00", "currency": "EUR"}, format="json"
    )
    assert response.status_code == 400
    assert ledger.funding_required_for_open(challenge) is None


def test_amounts_cannot_change_after_funding(api, owner, organisation, fake, deliver):
    challenge = challenge_with_places(owner, organisation, (1000,))
    funding = fund(owner, challenge, fake, deliver)
    assert ledger.place_change_error(challenge) is not None
    response = api(owner).post(
        url(challenge), {"prize_amount": "2000.00", "currency": "EUR"}, format="json"
    )
    assert response.status_code == 400  # the places add up to 1000: the amount is refused
    response = api(owner).post(
        url(challenge), {"prize_amount": "1000.00", "currency": "EUR"}, format="json"
    )
    assert response.status_code == 409, response.content
    funding.refresh_from_db()
    assert funding.prize_cents == 100_000 and funding.state == FundingState.FUNDED
    assert Payment.objects.count() == 1
    # A place added behind the ledger's back does not get paid from this funding, and the
    # publish rule notices it.
    challenge.award_places.create(rank=2, title="Extra", amount_eur=50)
    with translation.override("en"):
        assert "changed" in ledger.funding_required_for_open(challenge)


def test_funding_an_open_challenge_is_refused_once_evaluating(api, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    # An unfunded money prize cannot open (see test_an_unfunded_prize_does_not_open); put the
    # challenge straight into evaluation to see that funding is then refused.
    challenge.status = Status.EVALUATING
    challenge.save(update_fields=["status"])
    response = api(owner).post(
        url(challenge), {"prize_amount": "1000.00", "currency": "EUR"}, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", 201), ("member", 403), ("winner", 404), ("outsider", 404), ("anonymous", 401)],
)
def test_who_may_fund(api, owner, member, outsider, organisation, fake, who, expected):
    challenge = challenge_with_places(owner, organisation, (1000,))
    people = {"owner": owner, "member": member, "winner": solver()[0], "outsider": outsider}
    response = api(people.get(who)).post(
        url(challenge), {"prize_amount": "1000.00", "currency": "EUR"}, format="json"
    )
    assert response.status_code == expected, response.content
    assert Payment.objects.exists() == (expected == 201)


def test_stripe_down_answers_503_and_the_retry_reuses_the_attempt(
    api, owner, organisation, fake, settings
):
    """The attempt is kept without a session (Stripe may have made one and only its answer
    was lost): the retry asks again under the same idempotency key."""
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    challenge = challenge_with_places(owner, organisation, (1000,))
    body = {"prize_amount": "1000.00", "currency": "EUR"}
    response = api(owner).post(url(challenge), body, format="json")
    assert response.status_code == 503
    (payment,) = Payment.objects.all()
    assert payment.state == PaymentState.OPEN and payment.checkout_session_id is None
    settings.STRIPE_API_BASE = fake.url
    assert api(owner).post(url(challenge), body, format="json").status_code == 201
    (payment,) = Payment.objects.all()
    assert payment.checkout_session_id
    assert [r["idempotency_key"] for r in fake.posts("/v1/checkout/sessions")] == [
        payment.idempotency_key
    ]


def test_decimal_amount_conversion_is_exact(owner, organisation, fake):
    from marketplace.payments.api import cents

    assert cents(Decimal("1234.56")) == 123456
    assert cents(Decimal("0.01")) == 1
    assert timezone.now()


def test_an_unfunded_prize_does_not_open(api, owner, organisation, fake):
    challenge = challenge_with_places(owner, organisation, (1000,))
    response = api(owner).post(
        f"/api/v1/challenges/{challenge.pk}/transitions/", {"to": "open"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "Fund the prize money" in str(response.json())
    challenge.refresh_from_db()
    assert challenge.status == Status.DRAFT
