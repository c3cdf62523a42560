"""The Stripe webhook endpoint: the only place where money is marked as received, paid out
or refunded on Stripe's word.

The signature is checked on the raw body (timestamp within the tolerance, either way). The
event id is stored under a unique constraint in the same transaction as the handler's effect,
so a duplicate delivery — even a simultaneous one — does nothing. Handlers come from a table;
each locks its row and moves it only from the state it expects, so out-of-order events are
harmless. Unknown event types and events about objects we do not know are acknowledged and
ignored. A lock we cannot get within LOCK_TIMEOUT_MS answers 503: Stripe retries later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.models import Award
from marketplace.models.awards import PaymentState as AwardPaymentState
from marketplace.models.challenges import Status
from marketplace.models.proposals import ProposalKind
from marketplace.payments import notices, stripe_api
from marketplace.payments.ledger import refund_state
from marketplace.payments.models import (
    AccountState,
    ConnectAccount,
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
from marketplace.payments.payouts import award_payment_refresh
from marketplace.payments.services import apply_account_status

logger = logging.getLogger(__name__)
LOCK_TIMEOUT_MS = 3000
LOCK_NOT_AVAILABLE = "55P03"

Handler = Callable[[dict[str, Any], dict[str, Any]], str]


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> JsonResponse:
    try:
        event = stripe_api.webhook_event(request.body, request.headers.get("Stripe-Signature"))
    except stripe_api.BadSignature as exc:
        logger.warning("Stripe webhook refused: %s", exc)
        return JsonResponse({"error": "invalid signature"}, status=400)
    try:
        outcome = event_process(event)
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
        response = JsonResponse({"error": "busy, retry later"}, status=503)
        response["Retry-After"] = "10"
        return response
    return JsonResponse({"received": True, "outcome": outcome})


def event_process(event: dict[str, Any]) -> str:
    """Apply a verified event once. Returns what happened (stored on the event row)."""
    obj = event["data"]["object"]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS)}")
        try:
            with transaction.atomic():
                record = WebhookEvent.objects.create(
                    event_id=event["id"][:255],
                    type=event["type"][:100],
                    object_id=str(obj.get("id", ""))[:255],
                    stripe_created=_when(event.get("created")),
                )
        except IntegrityError:
            return "duplicate"
        handler = HANDLERS.get(event["type"])
        if handler is None:
            outcome = "ignored"
        else:
            try:
                with transaction.atomic():
                    outcome = handler(obj, event)
            except (KeyError, TypeError, ValueError):
                logger.exception("Stripe event %s could not be applied", event["id"])
                outcome = "malformed"
        record.outcome = outcome
        record.save(update_fields=["outcome"])
    return outcome


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _id(value: Any) -> str:
    """An id from a field that is a string or an expanded object."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _metadata_pk(obj: dict[str, Any], key: str) -> int | None:
    value = (obj.get("metadata") or {}).get(key)
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


# --- Checkout ----------------------------------------------------------------------------------


def _payment_for(obj: dict[str, Any]) -> Payment | None:
    """The payment of a Checkout Session, locked after its funding (the order funding_start
    takes them in)."""
    session_id = _id(obj.get("id"))
    found = Payment.objects.filter(checkout_session_id=session_id).first() if session_id else None
    if found is None:
        return None
    PrizeFunding.objects.select_for_update().filter(pk=found.funding_id).first()
    return (
        Payment.objects.select_for_update(of=("self",))
        .select_related("funding__challenge")
        .get(pk=found.pk)
    )


def checkout_completed(obj: dict[str, Any], event: dict[str, Any]) -> str:
    payment = _payment_for(obj)
    if payment is None:
        return "unknown_object"
    if obj.get("payment_status") != "paid":
        # Delayed methods (SEPA debit, bank transfer): async_payment_succeeded follows.
        payment.payment_intent_id = _id(obj.get("payment_intent")) or payment.payment_intent_id
        payment.save(update_fields=["payment_intent_id"])
        return "awaiting_async_payment"
    if payment.state == PaymentState.PAID:
        return "already_applied"
    if payment.state not in {PaymentState.OPEN, PaymentState.EXPIRED}:
        return "unexpected_state"
    funding = payment.funding
    payment.state = PaymentState.PAID
    payment.paid_at = timezone.now()
    payment.payment_intent_id = _id(obj.get("payment_intent"))
    amount, currency = obj.get("amount_total"), str(obj.get("currency") or "").lower()
    outcome = "applied"
    if amount != payment.amount_cents or currency != funding.currency:
        payment.surplus = True
        payment.problem = f"Stripe reports {amount} {currency}, expected {payment.amount_cents}"
        outcome = "amount_mismatch"
    elif funding.state != FundingState.AWAITING_PAYMENT or amount != funding.total_cents:
        payment.surplus = True
        payment.problem = "Paid while the funding was already paid or had changed: refund it."
        outcome = "surplus"
    else:
        funding.state = FundingState.FUNDED
        funding.funded_at = payment.paid_at
        funding.hold_until = payment.paid_at + timedelta(days=settings.FUNDS_MAX_HOLD_DAYS)
        funding.save(update_fields=["state", "funded_at", "hold_until", "updated_at"])
        notices.funding_receipt(funding, payment)
        if funding.challenge.status == Status.CANCELLED:
            from marketplace.payments.services import on_cancel

            on_cancel(funding.challenge)
    payment.save()
    return outcome


def checkout_failed(obj: dict[str, Any], event: dict[str, Any]) -> str:
    return _close_payment(obj, PaymentState.FAILED)


def checkout_expired(obj: dict[str, Any], event: dict[str, Any]) -> str:
    return _close_payment(obj, PaymentState.EXPIRED)


def _close_payment(obj: dict[str, Any], state: str) -> str:
    payment = _payment_for(obj)
    if payment is None:
        return "unknown_object"
    if payment.state != PaymentState.OPEN:
        return "unexpected_state"
    payment.state = state
    payment.save(update_fields=["state"])
    return "applied"


# --- Connect accounts --------------------------------------------------------------------------


def account_updated(obj: dict[str, Any], event: dict[str, Any]) -> str:
    account = (
        ConnectAccount.objects.select_for_update()
        .filter(stripe_account_id=_id(obj.get("id")))
        .first()
    )
    if account is None:
        return "unknown_object"
    created = _when(event.get("created"))
    if created and account.last_event_at and created < account.last_event_at:
        return "stale"
    was_active = account.is_active
    apply_account_status(account, obj)
    account.last_event_at = created or account.last_event_at
    account.save()
    if account.state == AccountState.ACTIVE and not was_active:
        _pay_waiting_awards(account)
    return "applied"


def _pay_waiting_awards(account: ConnectAccount) -> None:
    from marketplace.payments.tasks import award_pay_task

    awards = Award.objects.filter(revoked_at__isnull=True, payment_state=AwardPaymentState.PENDING)
    if account.organisation_id:
        awards = awards.filter(
            proposal__kind=ProposalKind.ORGANISATION,
            proposal__organisation_id=account.organisation_id,
        )
    else:
        awards = awards.filter(
            Q(proposal__created_by_id=account.user_id)
            | Q(proposal__team_members__user_id=account.user_id)
        )
    for award_id in sorted(set(awards.values_list("pk", flat=True))):
        transaction.on_commit(partial(award_pay_task.enqueue, award_id=award_id))


# --- Transfers ---------------------------------------------------------------------------------


def _transfer_for(obj: dict[str, Any]) -> Transfer | None:
    """The transfer row (by Stripe id, else by our metadata), locked after its award."""
    stripe_id = _id(obj.get("id"))
    found = Transfer.objects.filter(stripe_transfer_id=stripe_id).first() if stripe_id else None
    if found is None:
        pk = _metadata_pk(obj, "kruispunt_transfer")
        found = Transfer.objects.filter(pk=pk).first() if pk else None
    if found is None:
        return None
    Award.objects.select_for_update().filter(pk=found.award_id).first()
    return Transfer.objects.select_for_update(of=("self",)).select_related("award").get(pk=found.pk)


def transfer_created(obj: dict[str, Any], event: dict[str, Any]) -> str:
    transfer = _transfer_for(obj)
    if transfer is None:
        return "unknown_object"
    stripe_id = _id(obj.get("id"))
    if transfer.stripe_transfer_id and transfer.stripe_transfer_id != stripe_id:
        transfer.error = f"Stripe reports a second transfer {stripe_id}"[:500]
        transfer.save(update_fields=["error"])
        return "conflict"
    if transfer.state == TransferState.PAID:
        return "already_applied"
    if transfer.state not in {TransferState.PENDING, TransferState.FAILED}:
        return "unexpected_state"
    if obj.get("amount") != transfer.amount_cents:
        transfer.error = f"Stripe reports amount {obj.get('amount')}"[:500]
        transfer.save(update_fields=["error"])
        return "amount_mismatch"
    # Our request's answer was lost, or we took an error for final: Stripe's word counts.
    transfer.stripe_transfer_id = stripe_id
    transfer.state = TransferState.PAID
    transfer.paid_at = timezone.now()
    transfer.error = ""
    transfer.save()
    award_payment_refresh(transfer.award)
    return "applied"


def transfer_reversed(obj: dict[str, Any], event: dict[str, Any]) -> str:
    transfer = _transfer_for(obj)
    if transfer is None:
        return "unknown_object"
    if transfer.state != TransferState.PAID:
        return "unexpected_state"
    if not obj.get("reversed"):
        return "partial_reversal"
    transfer.state = TransferState.REVERSED
    transfer.error = "Reversed at Stripe"
    transfer.save(update_fields=["state", "error"])
    award_payment_refresh(transfer.award)
    return "applied"


# --- Refunds -----------------------------------------------------------------------------------


def refund_changed(obj: dict[str, Any], event: dict[str, Any]) -> str:
    stripe_id = _id(obj.get("id"))
    found = Refund.objects.filter(stripe_refund_id=stripe_id).first() if stripe_id else None
    if found is None:
        pk = _metadata_pk(obj, "kruispunt_refund")
        found = Refund.objects.filter(pk=pk).first() if pk else None
    if found is None:
        return "unknown_object"
    refund = Refund.objects.select_for_update().get(pk=found.pk)
    if refund.stripe_refund_id and refund.stripe_refund_id != stripe_id:
        return "conflict"
    target = refund_state(obj.get("status"), refund.state)
    allowed = {
        RefundState.PENDING: {RefundState.SUCCEEDED, RefundState.FAILED},
        RefundState.SUCCEEDED: {RefundState.FAILED},
        RefundState.FAILED: set(),
    }
    if target == refund.state:
        return "already_applied"
    if target not in allowed[RefundState(refund.state)]:
        return "unexpected_state"
    refund.state = target
    refund.stripe_refund_id = stripe_id
    refund.settled_at = timezone.now()
    refund.save(update_fields=["state", "stripe_refund_id", "settled_at"])
    return "applied"


HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": checkout_completed,
    "checkout.session.async_payment_succeeded": checkout_completed,
    "checkout.session.async_payment_failed": checkout_failed,
    "checkout.session.expired": checkout_expired,
    "account.updated": account_updated,
    "transfer.created": transfer_created,
    "transfer.reversed": transfer_reversed,
    "refund.created": refund_changed,
    "refund.updated": refund_changed,
    "refund.failed": refund_changed,
}
