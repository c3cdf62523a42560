"""Read-only money questions: is a challenge's prize funded, may it open, may its award places
still change, what left a funding and what may still be refunded.

Nothing here writes or talks to Stripe; the operations that do are in `services` (funding,
refunds, Connect onboarding) and `payouts`. Domain code that must respect a money rule (the
challenge lifecycle, award places, deleting an organisation) asks this module, so that the
models never reach up into the payments layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from marketplace.models import Award, Challenge, Organisation
from marketplace.payments.models import (
    FundingState,
    PrizeFunding,
    Refund,
    RefundReason,
    RefundState,
    Transfer,
    TransferState,
)
from marketplace.payments.pricing import euros, place_amounts

# --- Funding state, for the challenge pages and the publish rule ------------------------------


def challenge_is_funded(challenge: Challenge) -> bool:
    """True once Stripe confirmed (by webhook) that the sponsor paid the prize money."""
    return PrizeFunding.objects.filter(challenge=challenge, state=FundingState.FUNDED).exists()


def funding_required_for_open(challenge: Challenge) -> str | None:
    """Why a challenge with a money prize cannot open yet (None when it can): its prize money
    must be funded, for exactly the award places it has now."""
    amounts = place_amounts(challenge)
    if not amounts:
        return None
    funding = PrizeFunding.objects.filter(challenge=challenge).first()
    if funding is None or funding.state != FundingState.FUNDED:
        return _(
            "Fund the prize money (EUR %(amount)s) first: the challenge opens once Stripe has "
            "confirmed the payment."
        ) % {"amount": euros(sum(amounts.values()))}
    if funding.place_amounts != amounts:
        return _("The award places changed after the prize money was funded.")
    return None


def place_change_error(challenge: Challenge) -> str | None:
    """Why award places (and their amounts) can no longer be added or changed: once the prize
    money is paid, the places are what the sponsor paid for."""
    if (
        PrizeFunding.objects.filter(challenge=challenge)
        .exclude(state=FundingState.AWAITING_PAYMENT)
        .exists()
    ):
        return _("The prize money is funded: award places and amounts can no longer change.")
    return None


def organisation_deletion_error(organisation: Organisation) -> str | None:
    """Why an organisation cannot be deleted (None when it can): its challenges' payment
    records must be kept as the law requires."""
    if PrizeFunding.objects.filter(challenge__organisation=organisation).exists():
        return _("This organisation's challenges have payment records that must be kept.")
    return None


# --- Money out and refunds ----------------------------------------------------------------

LIVE_TRANSFER_STATES = [TransferState.PENDING, TransferState.PAID]
LIVE_REFUND_STATES = [RefundState.PENDING, RefundState.SUCCEEDED]


def cents_sum(queryset: Any, field: str) -> int:
    return int(queryset.aggregate(total=Sum(field))["total"] or 0)


@dataclass(frozen=True)
class MoneyOut:
    """What left a challenge's funding, or is leaving it: live transfers and refunds."""

    transferred: int  # prize money paid, or being paid, to winners
    refunded: int  # refunds to the sponsor, all parts
    refunded_prize: int
    refunded_fee: int  # platform fee and its VAT given back

    @property
    def prize_committed(self) -> int:
        """Prize money no longer available for awards or refunds."""
        return self.transferred + self.refunded_prize


def money_out(funding: PrizeFunding) -> MoneyOut:
    refunds = Refund.objects.filter(funding=funding, state__in=LIVE_REFUND_STATES).aggregate(
        amount=Sum("amount_cents"), prize=Sum("prize_cents"), fee=Sum("fee_cents")
    )
    transferred = cents_sum(
        Transfer.objects.filter(funding=funding, state__in=LIVE_TRANSFER_STATES), "amount_cents"
    )
    return MoneyOut(
        transferred=transferred,
        refunded=int(refunds["amount"] or 0),
        refunded_prize=int(refunds["prize"] or 0),
        refunded_fee=int(refunds["fee"] or 0),
    )


def refundable(funding: PrizeFunding, reason: str) -> tuple[int, int]:
    """(prize part, fee part) that may go back to the sponsor now, by the refund terms in
    `pricing`: transfers made or under way and earlier refunds are never refunded twice."""
    challenge = funding.challenge
    out = money_out(funding)
    refunded_prize, refunded_fee = out.refunded_prize, out.refunded_fee
    available_prize = funding.prize_cents - out.prize_committed
    if reason == RefundReason.CANCELLED:
        prize = available_prize
        fee = 0
        if challenge.published_at is None:
            fee = funding.fee_cents + funding.vat_cents - refunded_fee
    else:
        awarded = set(
            Award.objects.filter(place__challenge=challenge, revoked_at__isnull=True).values_list(
                "place_id", flat=True
            )
        )
        unawarded = sum(
            cents for pk, cents in funding.place_amounts.items() if int(pk) not in awarded
        )
        prize = min(available_prize, unawarded - refunded_prize)
        fee = 0
    return max(prize, 0), max(fee, 0)


def refund_state(stripe_status: Any, default: str) -> str:
    return {
        "succeeded": RefundState.SUCCEEDED,
        "pending": RefundState.PENDING,
        "requires_action": RefundState.PENDING,
        "failed": RefundState.FAILED,
        "canceled": RefundState.FAILED,
    }.get(str(stripe_status), default)
