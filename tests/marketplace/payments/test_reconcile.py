"""`reconcile_stripe` compares the ledger with the fake Stripe and reports every difference;
the invariant check catches a ledger that pays out more than it received."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from marketplace.payments import stripe_api
from marketplace.payments.invariants import money_errors
from marketplace.payments.models import Payment, PaymentState, Transfer
from marketplace.payments.payouts import award_pay
from tests.marketplace.challenges.factories import solver
from tests.marketplace.payments.builders import (
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


def run() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("reconcile_stripe", stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def paid_out(owner, organisation, fake, deliver):
    challenge = challenge_with_places(owner, organisation, (1000,))
    fund(owner, challenge, fake, deliver)
    challenge = open_challenge(owner, challenge)
    winner, _org = solver("Winner")
    proposal = propose(winner, challenge)
    challenge = to_evaluating(owner, challenge)
    award = grant(owner, challenge, 1, proposal)
    onboard(winner, fake, deliver)
    award_pay(actor=owner, award=award)
    return challenge


def test_a_clean_ledger_reports_nothing(paid_out):
    code, output = run()
    assert code == 0, output
    assert "matches Stripe" in output


def test_every_difference_is_reported(paid_out, fake, owner, organisation):
    transfer = Transfer.objects.get()
    Transfer.objects.filter(pk=transfer.pk).update(amount_cents=99_000)
    # A transfer made at Stripe outside our ledger.
    account = transfer.account.stripe_account_id
    stripe_api.transfer_create(
        {
            "amount": 100,
            "currency": "eur",
            "destination": account,
            "transfer_group": f"challenge-{paid_out.pk}",
        },
        idempotency_key="manual-dashboard-transfer",
    )
    # A checkout paid at Stripe whose webhook never arrived.
    other = challenge_with_places(owner, organisation, (200,))
    payment = start_funding(owner, other)
    fake.complete_checkout(payment.checkout_session_id)
    code, output = run()
    assert code == 1
    assert f"{transfer.idempotency_key} (challenge {paid_out.pk}): amount 99000" in output
    assert "not in the ledger" in output
    assert f"{payment.idempotency_key} (challenge {other.pk}): ledger says open" in output


def test_the_invariant_catches_more_out_than_in(paid_out):
    assert money_errors() == []
    Payment.objects.filter(state=PaymentState.PAID).update(amount_cents=50_000)
    errors = money_errors()
    assert any("received 50000" in e for e in errors)


def test_stripe_unreachable_is_a_command_error(paid_out, settings):
    from django.core.management.base import CommandError

    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    with pytest.raises(CommandError):
        call_command("reconcile_stripe", stdout=StringIO())


def test_the_sdk_sends_the_pinned_version_and_surfaces_idempotency_errors(fake):
    account = stripe_api.account_create({"type": "express"}, idempotency_key="k-1")
    assert stripe_api.account_create({"type": "express"}, idempotency_key="k-1") == account
    with pytest.raises(stripe_api.StripeFailure):
        stripe_api.account_create({"type": "express", "country": "NL"}, idempotency_key="k-1")
    assert {r["stripe_version"] for r in fake.requests} == {"2026-10-28.endive"}
    assert len(fake.of_type("account")) == 1
