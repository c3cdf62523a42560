"""Payment operations that change several rows and call Stripe: funding a prize, refunds,
Connect onboarding, and the hooks the challenge lifecycle calls. Payouts live in `payouts`;
the read-only money questions (is it funded, what may be refunded) in `ledger`.

Nothing here marks money as received: only the webhook handlers do that, after Stripe
confirms it.
"""

from __future__ import annotations

import contextlib
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.models import Challenge, Organisation, User
from marketplace.models.challenges import ChallengeType, Status
from marketplace.payments import notices, stripe_api
from marketplace.payments.ledger import refund_state, refundable
from marketplace.payments.models import (
    AccountState,
    AssignmentKind,
    ConnectAccount,
    FundingState,
    Payment,
    PaymentState,
    PrizeFunding,
    Refund,
    RefundReason,
    RefundState,
)
from marketplace.payments.pricing import FundingQuote, euros, funding_quote

FUNDABLE_STATES = {Status.DRAFT, Status.OPEN}
# Awarding is over: places without a live award can be refunded.
AWARDING_OVER = {Status.AWARDED, Status.IN_PROGRESS, Status.COMPLETED}
# Stripe lets a Checkout Session live 24 hours; we start a new one a little before.
CHECKOUT_REUSE = timedelta(hours=23)


class PaymentConflict(ValidationError):
    """The request contradicts the ledger's state (already funded, paid, refunded): a 409."""


# --- Funding -----------------------------------------------------------------------------------


def _checkout_params(
    funding: PrizeFunding, payment: Payment, actor: User, success_url: str, cancel_url: str
) -> dict[str, Any]:
    challenge = funding.challenge
    metadata = {
        "kruispunt_funding": str(funding.pk),
        "kruispunt_payment": str(payment.pk),
        "kruispunt_challenge": str(challenge.pk),
    }

    def line(name: str, cents: int) -> dict[str, Any]:
        return {
            "quantity": 1,
            "price_data": {
                "currency": funding.currency,
                "unit_amount": cents,
                "product_data": {"name": name[:250]},
            },
        }

    items = [
        line(_("Prize money: %(title)s") % {"title": challenge.title}, funding.prize_cents),
        line(_("Platform fee"), funding.fee_cents),
    ]
    if funding.vat_cents:
        items.append(line(_("VAT 21 % on the platform fee"), funding.vat_cents))
    note = (
        _("Reverse charge: VAT on the platform fee is due by the customer (%(number)s).")
        % {"number": funding.vat_number}
        if funding.vat_cents == 0
        else _("Belgian VAT 21 % applies to the platform fee only.")
    )
    language = getattr(actor, "preferred_language", "") or settings.LANGUAGE_CODE
    return {
        "mode": "payment",
        "line_items": items,
        "client_reference_id": f"funding-{funding.pk}",
        "customer_email": actor.email,
        "locale": language if language in {"nl", "en", "fr"} else "auto",
        "metadata": metadata,
        "payment_intent_data": {
            "metadata": metadata,
            "transfer_group": f"challenge-{challenge.pk}",
            "description": f"Kruispunt challenge {challenge.pk}",
        },
        "custom_text": {"submit": {"message": note[:1000]}},
        "success_url": success_url,
        "cancel_url": cancel_url,
    }


def _apply_quote(funding: PrizeFunding, quote: FundingQuote) -> bool:
    """Copy the quote onto an unpaid funding; True when something changed."""
    values = {
        "prize_cents": quote.prize_cents,
        "fee_cents": quote.fee_cents,
        "vat_rate_bp": quote.vat_rate_bp,
        "vat_cents": quote.vat_cents,
        "total_cents": quote.total_cents,
        "vat_treatment": quote.vat_treatment,
        "vat_number": quote.vat_number,
        "country": quote.country,
        "place_amounts": quote.place_amounts,
    }
    changed = any(getattr(funding, k) != v for k, v in values.items())
    for name, value in values.items():
        setattr(funding, name, value)
    return changed


def funding_start(
    *,
    actor: User,
    challenge: Challenge,
    prize_cents: int,
    currency: str,
    vat_number: str = "",
    success_url: str,
    cancel_url: str,
) -> Payment:
    """Open (or reopen) Stripe Checkout for the challenge's prize money. `prize_cents` is the
    amount the sponsor saw and confirms: it must equal the award places' total. Returns the
    Payment whose `checkout_url` the sponsor is sent to. The caller checked that `actor`
    manages the challenge."""
    if currency.lower() != "eur":
        raise ValidationError({"currency": _("Prize money is paid in euro (EUR).")})
    if challenge.status not in FUNDABLE_STATES:
        raise ValidationError(_("Prize money is funded before the challenge opens."))
    quote = funding_quote(challenge, vat_number=vat_number)
    if prize_cents != quote.prize_cents:
        raise ValidationError(
            {
                "prize_amount": _("The award places add up to EUR %(amount)s: confirm that amount.")
                % {"amount": euros(quote.prize_cents)}
            }
        )
    # The ledger row is committed before Stripe is asked, and Stripe's answer saved after: a
    # request whose answer is lost (timeout, Stripe down) leaves an open Payment without a
    # session, and the next start asks again with the same key and the same parameters, so
    # Stripe returns the session it may already have made instead of a second one.
    with transaction.atomic():
        Challenge.objects.select_for_update().filter(pk=challenge.pk).first()
        funding = PrizeFunding.objects.select_for_update().filter(challenge=challenge).first()
        if funding is not None and funding.state != FundingState.AWAITING_PAYMENT:
            raise PaymentConflict(
                _("The prize money is already funded; its amounts can no longer change.")
            )
        changed = False
        if funding is None:
            funding = PrizeFunding(challenge=challenge, sponsor=challenge.organisation)
            _apply_quote(funding, quote)
            funding.started_by = actor
            funding.save()
        elif _apply_quote(funding, quote):
            funding.save()
            changed = True
        payment = funding.payments.filter(state=PaymentState.OPEN).order_by("-attempt").first()
        if payment is not None and (payment.checkout_session_id or changed):
            fresh = timezone.now() - payment.created_at < CHECKOUT_REUSE
            if (
                payment.checkout_session_id
                and fresh
                and payment.amount_cents == funding.total_cents
            ):
                return payment
            _expire_checkout(payment)
            payment = None
        if payment is None:
            attempt = (funding.payments.aggregate(n=Max("attempt"))["n"] or 0) + 1
            payment = Payment.objects.create(
                funding=funding,
                attempt=attempt,
                idempotency_key=f"funding:{funding.pk}:checkout:{attempt}",
                amount_cents=funding.total_cents,
            )
            # Whoever starts an attempt is its customer, also when it is asked again.
            funding.started_by = actor
            funding.save(update_fields=["started_by", "updated_at"])
    customer = funding.started_by or actor
    session = stripe_api.checkout_session_create(
        _checkout_params(funding, payment, customer, success_url, cancel_url),
        idempotency_key=payment.idempotency_key,
    )
    with transaction.atomic():
        Payment.objects.filter(pk=payment.pk, checkout_session_id=None).update(
            checkout_session_id=session["id"], checkout_url=session.get("url") or ""
        )
        payment.refresh_from_db()
    return payment


def _expire_checkout(payment: Payment) -> None:
    """Close an open Checkout Session at Stripe before starting another. A session Stripe
    reports complete is being paid: the webhook will tell, so we refuse to start a second."""
    if payment.checkout_session_id:
        session = stripe_api.checkout_session_retrieve(payment.checkout_session_id)
        if session.get("status") == "complete":
            raise PaymentConflict(
                _("A payment for this prize is being confirmed by Stripe. Try again shortly.")
            )
        if session.get("status") == "open":
            stripe_api.checkout_session_expire(payment.checkout_session_id)
    payment.state = PaymentState.EXPIRED
    payment.save(update_fields=["state"])


# --- Refunds -----------------------------------------------------------------------------------


def challenge_refund(*, actor: User | None, challenge: Challenge, reason: str) -> Refund:
    """Refund the sponsor: everything not paid out when the challenge is cancelled
    (`cancelled`), or the prizes of places left unawarded once awarding is over
    (`unawarded`). The caller checked that `actor` manages the challenge (None: the platform)."""
    if reason not in {RefundReason.CANCELLED, RefundReason.UNAWARDED}:
        raise ValidationError({"reason": _("Unknown refund reason.")})
    # As for Checkout: the Refund row is committed before Stripe is asked. A refund whose
    # answer was lost stays pending without a Stripe id and is asked again first, with its own
    # key and parameters, so Stripe never refunds twice and the ledger keeps what Stripe did.
    with transaction.atomic():
        funding = (
            PrizeFunding.objects.select_for_update(of=("self",))
            .select_related("challenge")
            .filter(challenge=challenge)
            .first()
        )
        if funding is None or funding.state == FundingState.AWAITING_PAYMENT:
            raise ValidationError(_("No prize money was paid for this challenge."))
        status = funding.challenge.status
        if reason == RefundReason.CANCELLED and status != Status.CANCELLED:
            raise ValidationError(_("Only a cancelled challenge is refunded in full."))
        if reason == RefundReason.UNAWARDED and status not in AWARDING_OVER:
            raise ValidationError(_("Unawarded places are refunded once awarding is over."))
        refund = (
            funding.refunds.filter(stripe_refund_id=None, state=RefundState.PENDING)
            .order_by("sequence")
            .first()
        )
        if refund is None:
            prize, fee = refundable(funding, reason)
            if prize + fee <= 0:
                raise PaymentConflict(_("There is nothing left to refund."))
            payment = funding.payments.filter(state=PaymentState.PAID, surplus=False).first()
            if payment is None or not payment.payment_intent_id:
                raise ValidationError(_("No payment to refund was found."))
            sequence = (funding.refunds.aggregate(n=Max("sequence"))["n"] or 0) + 1
            refund = Refund.objects.create(
                funding=funding,
                payment=payment,
                sequence=sequence,
                idempotency_key=f"funding:{funding.pk}:refund:{sequence}",
                reason=reason,
                prize_cents=prize,
                fee_cents=fee,
                amount_cents=prize + fee,
                requested_by=actor,
            )
    result = stripe_api.refund_create(
        {
            "payment_intent": refund.payment.payment_intent_id,
            "amount": refund.amount_cents,
            "reason": "requested_by_customer",
            "metadata": {
                "kruispunt_refund": str(refund.pk),
                "kruispunt_funding": str(funding.pk),
                "kruispunt_challenge": str(challenge.pk),
            },
        },
        idempotency_key=refund.idempotency_key,
    )
    with transaction.atomic():
        funding = PrizeFunding.objects.select_for_update().get(pk=funding.pk)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        recorded_now = not refund.stripe_refund_id  # else the webhook recorded it meanwhile
        if recorded_now:
            refund.stripe_refund_id = result["id"]
            refund.state = refund_state(result.get("status"), RefundState.PENDING)
            if refund.state == RefundState.SUCCEEDED:
                refund.settled_at = timezone.now()
            refund.save(update_fields=["stripe_refund_id", "state", "settled_at"])
        if refund.reason == RefundReason.CANCELLED and funding.state != FundingState.REFUNDED:
            funding.state = FundingState.REFUNDED
            funding.save(update_fields=["state", "updated_at"])
        if recorded_now:
            notices.refund_sent(refund)
    return refund


# --- Connect onboarding ------------------------------------------------------------------------


def _account_for(owner: Organisation | User) -> ConnectAccount:
    """The owner's account row, locked, created when missing (two first clicks at once find
    the same row)."""
    lookup = {"organisation": owner} if isinstance(owner, Organisation) else {"user": owner}
    account = ConnectAccount.objects.select_for_update().filter(**lookup).first()
    if account is None:
        try:
            with transaction.atomic():
                ConnectAccount.objects.create(**lookup)
        except IntegrityError:
            pass
        account = ConnectAccount.objects.select_for_update().get(**lookup)
    return account


def apply_account_status(account: ConnectAccount, stripe_account: dict[str, Any]) -> None:
    """Copy Stripe's view of a connected account onto our row (not saved)."""
    capabilities = stripe_account.get("capabilities") or {}
    account.details_submitted = bool(stripe_account.get("details_submitted"))
    account.payouts_enabled = bool(stripe_account.get("payouts_enabled"))
    account.transfers_active = capabilities.get("transfers") == "active"
    disabled = (stripe_account.get("requirements") or {}).get("disabled_reason")
    if account.transfers_active and account.details_submitted:
        account.state = AccountState.ACTIVE
    elif disabled and account.details_submitted:
        account.state = AccountState.RESTRICTED
    else:
        account.state = AccountState.ONBOARDING


def connect_onboard(
    *, actor: User, organisation: Organisation | None = None, return_url: str, refresh_url: str
) -> str:
    """Create the Stripe Express account of `organisation` (the caller checked that `actor`
    manages it) or of `actor` as a person, and return a fresh onboarding link."""
    owner: Organisation | User = organisation if organisation is not None else actor
    with transaction.atomic():
        account = _account_for(owner)
        if not account.stripe_account_id:
            is_org = organisation is not None
            created = stripe_api.account_create(
                {
                    "type": "express",
                    "country": (organisation.country if organisation else "") or "BE",
                    "email": actor.email,
                    "business_type": "company" if is_org else "individual",
                    "capabilities": {"transfers": {"requested": True}},
                    "metadata": {
                        "kruispunt_account": str(account.pk),
                        "kruispunt_owner": (
                            f"org-{organisation.pk}" if organisation else f"user-{actor.pk}"
                        ),
                    },
                },
                idempotency_key=f"connect-account:{account.pk}",
            )
            account.stripe_account_id = created["id"]
            apply_account_status(account, created)
            account.save()
        # A link is single-use; a double click within the minute gets the same one.
        link = stripe_api.account_link_create(
            {
                "account": account.stripe_account_id,
                "type": "account_onboarding",
                "return_url": return_url,
                "refresh_url": refresh_url,
            },
            idempotency_key=f"connect-account:{account.pk}:link:{int(time.time()) // 60}",
        )
    return str(link["url"])


# --- Hooks for the challenge lifecycle ---------------------------------------------------------


def on_award(award: Any) -> None:
    """Call when an award is granted (inside the granting transaction is fine). A money prize
    is paid after commit; a micro-assignment's fee or a course project's stipend waits for the
    sponsor to accept the deliverable."""
    from marketplace.payments.models import PaidAssignment
    from marketplace.payments.tasks import award_pay_task

    place = award.place
    if not place.amount_eur:
        return
    challenge_type = place.challenge.type
    if challenge_type in {ChallengeType.MICRO_ASSIGNMENT, ChallengeType.COURSE_PROJECT}:
        kind = (
            AssignmentKind.STIPEND
            if challenge_type == ChallengeType.COURSE_PROJECT
            else AssignmentKind.ASSIGNMENT
        )
        PaidAssignment.objects.get_or_create(award=award, defaults={"kind": kind})
        return
    award_id = award.pk
    transaction.on_commit(lambda: award_pay_task.enqueue(award_id=award_id))


def on_cancel(challenge: Challenge) -> None:
    """Call when a challenge is cancelled (inside the transition's transaction is fine):
    after commit, an open Checkout is closed and paid prize money not yet paid out is
    refunded by the terms."""
    from marketplace.payments.tasks import cancel_refund_task

    challenge_id = challenge.pk
    transaction.on_commit(lambda: cancel_refund_task.enqueue(challenge_id=challenge_id))


def cancel_settle(*, challenge: Challenge) -> Refund | None:
    """What `on_cancel` runs after commit: close open checkouts, refund what the terms allow."""
    with transaction.atomic():
        funding = PrizeFunding.objects.select_for_update().filter(challenge=challenge).first()
        if funding is None:
            return None
        if funding.state == FundingState.AWAITING_PAYMENT:
            for payment in funding.payments.select_for_update().filter(state=PaymentState.OPEN):
                # Paid meanwhile: the webhook funds it, and refunds it as the challenge is
                # cancelled.
                with contextlib.suppress(PaymentConflict):
                    _expire_checkout(payment)
            return None
    try:
        return challenge_refund(actor=None, challenge=challenge, reason=RefundReason.CANCELLED)
    except PaymentConflict:
        return None
