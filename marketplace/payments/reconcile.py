"""Compare our ledger with Stripe and list every difference, plus the problems staff must act
on (failed transfers and refunds, money paid twice, funds held past the maximum holding time).
Used by `manage.py reconcile_stripe`, the staff page and the tests' invariant check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from marketplace.models.challenges import Status
from marketplace.payments import stripe_api
from marketplace.payments.ledger import (
    LIVE_REFUND_STATES,
    LIVE_TRANSFER_STATES,
    cents_sum,
    refund_state,
)
from marketplace.payments.models import (
    ConnectAccount,
    FundingState,
    Payment,
    PaymentState,
    PrizeFunding,
    Refund,
    RefundState,
    Transfer,
    TransferState,
)


@dataclass(frozen=True)
class Difference:
    kind: str
    ref: str
    detail: str
    challenge_id: int | None = None

    def __str__(self) -> str:
        where = f" (challenge {self.challenge_id})" if self.challenge_id else ""
        return f"[{self.kind}] {self.ref}{where}: {self.detail}"


def _metadata(obj: dict[str, Any], key: str) -> str:
    return str((obj.get("metadata") or {}).get(key) or "")


def _wanted(challenge_ids: set[int] | None, value: Any) -> bool:
    if challenge_ids is None:
        return True
    try:
        return int(value) in challenge_ids
    except (TypeError, ValueError):
        return False


def _payments(challenge_ids: set[int] | None) -> Iterable[Difference]:
    rows = Payment.objects.select_related("funding").exclude(checkout_session_id=None)
    if challenge_ids is not None:
        rows = rows.filter(funding__challenge_id__in=challenge_ids)
    for payment in rows:
        cid = payment.funding.challenge_id
        ref = payment.idempotency_key
        assert payment.checkout_session_id is not None
        try:
            session = stripe_api.checkout_session_retrieve(payment.checkout_session_id)
        except stripe_api.StripeFailure as exc:
            yield Difference("payment", ref, f"not found at Stripe: {exc}", cid)
            continue
        paid = session.get("status") == "complete" and session.get("payment_status") == "paid"
        if paid != (payment.state == PaymentState.PAID):
            yield Difference(
                "payment",
                ref,
                f"ledger says {payment.state}, Stripe says "
                f"{session.get('status')}/{session.get('payment_status')}",
                cid,
            )
        if paid and session.get("amount_total") != payment.amount_cents:
            yield Difference(
                "payment",
                ref,
                f"amount {payment.amount_cents} in the ledger, {session.get('amount_total')} "
                "at Stripe",
                cid,
            )
        if payment.state == PaymentState.OPEN and session.get("status") == "expired":
            yield Difference("payment", ref, "open in the ledger, expired at Stripe", cid)


def _transfers(challenge_ids: set[int] | None) -> Iterable[Difference]:
    rows = Transfer.objects.select_related("funding", "account")
    if challenge_ids is not None:
        rows = rows.filter(funding__challenge_id__in=challenge_ids)
    for transfer in rows:
        cid = transfer.funding.challenge_id
        ref = transfer.idempotency_key
        if not transfer.stripe_transfer_id:
            if transfer.state == TransferState.PENDING:
                yield Difference("transfer", ref, "pending, not yet created at Stripe", cid)
            continue
        try:
            remote = stripe_api.transfer_retrieve(transfer.stripe_transfer_id)
        except stripe_api.StripeFailure as exc:
            yield Difference("transfer", ref, f"not found at Stripe: {exc}", cid)
            continue
        if remote.get("amount") != transfer.amount_cents:
            yield Difference(
                "transfer",
                ref,
                f"amount {transfer.amount_cents} in the ledger, {remote.get('amount')} at Stripe",
                cid,
            )
        if remote.get("destination") != transfer.account.stripe_account_id:
            yield Difference("transfer", ref, "sent to another account at Stripe", cid)
        reversed_remote = bool(remote.get("reversed"))
        if reversed_remote != (transfer.state == TransferState.REVERSED):
            yield Difference(
                "transfer",
                ref,
                f"ledger says {transfer.state}, Stripe reversed={reversed_remote}",
                cid,
            )
        if transfer.state == TransferState.FAILED:
            yield Difference("transfer", ref, "failed in the ledger, exists at Stripe", cid)


def _refunds(challenge_ids: set[int] | None) -> Iterable[Difference]:
    rows = Refund.objects.select_related("funding")
    if challenge_ids is not None:
        rows = rows.filter(funding__challenge_id__in=challenge_ids)
    for refund in rows:
        cid = refund.funding.challenge_id
        ref = refund.idempotency_key
        if not refund.stripe_refund_id:
            yield Difference("refund", ref, "not created at Stripe", cid)
            continue
        try:
            remote = stripe_api.refund_retrieve(refund.stripe_refund_id)
        except stripe_api.StripeFailure as exc:
            yield Difference("refund", ref, f"not found at Stripe: {exc}", cid)
            continue
        if remote.get("amount") != refund.amount_cents:
            yield Difference(
                "refund",
                ref,
                f"amount {refund.amount_cents} in the ledger, {remote.get('amount')} at Stripe",
                cid,
            )
        if refund_state(remote.get("status"), "?") != refund.state:
            yield Difference(
                "refund",
                ref,
                f"ledger says {refund.state}, Stripe says {remote.get('status')}",
                cid,
            )


def _unknown_at_stripe(challenge_ids: set[int] | None) -> Iterable[Difference]:
    """Objects at Stripe our ledger does not record."""
    known = set(
        Transfer.objects.exclude(stripe_transfer_id=None).values_list(
            "stripe_transfer_id", flat=True
        )
    )
    for remote in stripe_api.transfers_all():
        group = str(remote.get("transfer_group") or "").removeprefix("challenge-")
        if remote.get("id") not in known and _wanted(challenge_ids, group):
            yield Difference(
                "transfer",
                str(remote.get("id")),
                f"at Stripe ({remote.get('amount')} to {remote.get('destination')}), not in the "
                "ledger",
                int(group) if group.isdigit() else None,
            )
    known = set(
        Refund.objects.exclude(stripe_refund_id=None).values_list("stripe_refund_id", flat=True)
    )
    for remote in stripe_api.refunds_all():
        cid = _metadata(remote, "kruispunt_challenge")
        if remote.get("id") not in known and _wanted(challenge_ids, cid):
            yield Difference(
                "refund",
                str(remote.get("id")),
                f"at Stripe ({remote.get('amount')}), not in the ledger",
                int(cid) if cid.isdigit() else None,
            )
    known = set(
        Payment.objects.exclude(checkout_session_id=None).values_list(
            "checkout_session_id", flat=True
        )
    )
    for remote in stripe_api.checkout_sessions_all():
        cid = _metadata(remote, "kruispunt_challenge")
        if remote.get("id") not in known and _wanted(challenge_ids, cid):
            yield Difference(
                "payment",
                str(remote.get("id")),
                f"Checkout Session at Stripe ({remote.get('status')}), not in the ledger",
                int(cid) if cid.isdigit() else None,
            )


def _accounts() -> Iterable[Difference]:
    for account in ConnectAccount.objects.exclude(stripe_account_id=None):
        assert account.stripe_account_id is not None
        try:
            remote = stripe_api.account_retrieve(account.stripe_account_id)
        except stripe_api.StripeFailure as exc:
            yield Difference("account", account.stripe_account_id, f"not found at Stripe: {exc}")
            continue
        if bool(remote.get("payouts_enabled")) != account.payouts_enabled:
            yield Difference(
                "account",
                account.stripe_account_id,
                f"payouts enabled: ledger {account.payouts_enabled}, Stripe "
                f"{bool(remote.get('payouts_enabled'))}",
            )


def held_cents() -> int:
    """Money the ledger says is still on the platform balance: received, minus what was paid
    out and refunded (fees included: they stay on the balance too)."""
    received = cents_sum(Payment.objects.filter(state=PaymentState.PAID), "amount_cents")
    sent = cents_sum(Transfer.objects.filter(state__in=LIVE_TRANSFER_STATES), "amount_cents")
    refunded = cents_sum(Refund.objects.filter(state__in=LIVE_REFUND_STATES), "amount_cents")
    return received - sent - refunded


def _balance() -> Iterable[Difference]:
    try:
        balance = stripe_api.balance_retrieve()
    except stripe_api.StripeFailure as exc:
        yield Difference("balance", "platform", f"could not read the balance: {exc}")
        return
    stripe_cents = sum(
        int(row.get("amount") or 0)
        for key in ("available", "pending")
        for row in balance.get(key) or []
        if row.get("currency") == "eur"
    )
    ledger = held_cents()
    if stripe_cents < ledger:
        yield Difference(
            "balance",
            "platform",
            f"Stripe balance {stripe_cents} is less than the {ledger} the ledger holds",
        )


def problems(challenge_ids: set[int] | None = None) -> list[Difference]:
    """What staff must act on, from the ledger alone."""
    found: list[Difference] = []
    now = timezone.now()
    fundings = PrizeFunding.objects.select_related("challenge")
    transfers = Transfer.objects.filter(state__in=[TransferState.FAILED, TransferState.REVERSED])
    refunds = Refund.objects.filter(state=RefundState.FAILED)
    payments = Payment.objects.filter(Q(surplus=True) | ~Q(problem=""))
    if challenge_ids is not None:
        fundings = fundings.filter(challenge_id__in=challenge_ids)
        transfers = transfers.filter(funding__challenge_id__in=challenge_ids)
        refunds = refunds.filter(funding__challenge_id__in=challenge_ids)
        payments = payments.filter(funding__challenge_id__in=challenge_ids)
    for funding in fundings:
        if funding.state == FundingState.FUNDED and funding.hold_until and funding.hold_until < now:
            found.append(
                Difference(
                    "holding",
                    f"funding:{funding.pk}",
                    "held longer than the maximum holding time: pay out or refund",
                    funding.challenge_id,
                )
            )
        if funding.state == FundingState.FUNDED and funding.challenge.status == Status.CANCELLED:
            found.append(
                Difference(
                    "refund",
                    f"funding:{funding.pk}",
                    "challenge cancelled, money not refunded",
                    funding.challenge_id,
                )
            )
    for transfer in transfers.select_related("funding"):
        found.append(
            Difference(
                "transfer",
                transfer.idempotency_key,
                f"{transfer.state}: {transfer.error}",
                transfer.funding.challenge_id,
            )
        )
    for refund in refunds.select_related("funding"):
        found.append(
            Difference(
                "refund", refund.idempotency_key, "failed at Stripe", refund.funding.challenge_id
            )
        )
    for payment in payments.select_related("funding"):
        found.append(
            Difference(
                "payment",
                payment.idempotency_key,
                payment.problem or "paid twice: refund it",
                payment.funding.challenge_id,
            )
        )
    return found


def reconcile(challenge_ids: set[int] | None = None, *, accounts: bool = True) -> list[Difference]:
    """Every difference between the ledger and Stripe (for some challenges, or all)."""
    differences = [
        *_payments(challenge_ids),
        *_transfers(challenge_ids),
        *_refunds(challenge_ids),
        *_unknown_at_stripe(challenge_ids),
    ]
    if accounts and challenge_ids is None:
        differences += [*_accounts(), *_balance()]
    return differences
