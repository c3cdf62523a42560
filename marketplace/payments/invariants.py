"""Money invariants, checked after every flow in the tests (and available to staff tools):

for every challenge, transfers + refunds + the fees kept <= the funds received, no award is
paid more than its funded place, and our ledger equals Stripe's.
"""

from __future__ import annotations

from typing import Any

from marketplace.payments.ledger import LIVE_TRANSFER_STATES, cents_sum, money_out
from marketplace.payments.models import Payment, PaymentState, PrizeFunding, Transfer
from marketplace.payments.reconcile import reconcile


def funding_errors(funding: PrizeFunding) -> list[str]:
    """What is wrong with one challenge's money, from the ledger alone."""
    errors = []
    received = cents_sum(
        Payment.objects.filter(funding=funding, state=PaymentState.PAID), "amount_cents"
    )
    transfers = Transfer.objects.filter(funding=funding, state__in=LIVE_TRANSFER_STATES)
    out = money_out(funding)
    sent, refunded = out.transferred, out.refunded
    refunded_prize, refunded_fee = out.refunded_prize, out.refunded_fee
    fees_kept = funding.fee_cents + funding.vat_cents - refunded_fee if received else 0
    cid = funding.challenge_id
    if sent + refunded + fees_kept > received:
        errors.append(
            f"challenge {cid}: transfers {sent} + refunds {refunded} + fees {fees_kept} > "
            f"received {received}"
        )
    if sent + refunded_prize > funding.prize_cents:
        errors.append(f"challenge {cid}: more prize money out than funded")
    if refunded_fee > funding.fee_cents + funding.vat_cents:
        errors.append(f"challenge {cid}: more fee refunded than charged")
    per_award: dict[int, int] = {}
    places: dict[int, int] = {}
    for transfer in transfers.select_related("award"):
        per_award[transfer.award_id] = per_award.get(transfer.award_id, 0) + transfer.amount_cents
        places[transfer.award_id] = transfer.award.place_id
    for award_id, cents in per_award.items():
        if cents > (funding.place_cents(places[award_id]) or 0):
            errors.append(f"challenge {cid}: award {award_id} paid {cents}, more than its place")
    return errors


def money_errors(challenges: Any = None) -> list[str]:
    """Every invariant violation, for the given challenges (default: all), including every
    difference between the ledger and Stripe."""
    fundings = PrizeFunding.objects.all()
    if challenges is not None:
        fundings = fundings.filter(challenge__in=challenges)
    errors = [e for funding in fundings for e in funding_errors(funding)]
    ids = None if challenges is None else {getattr(c, "pk", c) for c in challenges}
    errors += [str(d) for d in reconcile(ids)]
    return errors
