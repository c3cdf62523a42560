"""E-mail receipts and notifications for payments, sent by the background worker after the
transaction that caused them commits. Each text is built in the recipient's language and says
only what that recipient may know."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from marketplace.models import User
from marketplace.models.organisations import Role
from marketplace.payments.models import RefundReason, VatTreatment
from marketplace.payments.pricing import euros
from marketplace.tasks import email_send


def _send(users: Iterable[User], subject: Any, body: Any, params: dict[str, Any]) -> None:
    """`subject` and `body` are lazy translations, rendered in each recipient's language."""
    for user in {u.pk: u for u in users if u is not None and u.is_active and u.email}.values():
        with override(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE):
            text_subject = str(subject) % params
            text_body = str(body) % params
        transaction.on_commit(
            partial(email_send.enqueue, to=user.email, subject=text_subject, body=text_body)
        )


def page_url(name: str, *args: Any) -> str:
    """Absolute URL of a page (frontend names; the site root if the page is not routed)."""
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def managers(organisation: Any) -> list[User]:
    return [
        m.user
        for m in organisation.memberships.filter(role__in=[Role.OWNER, Role.ADMIN]).select_related(
            "user"
        )
    ]


def funding_receipt(funding: Any, payment: Any) -> None:
    challenge = funding.challenge
    _send(
        managers(funding.sponsor) + ([funding.started_by] if funding.started_by else []),
        _("Receipt: prize money for “%(title)s” received"),
        _(
            "We received your payment for the challenge “%(title)s”.\n\n"
            "Prizes: EUR %(prize)s\nPlatform fee: EUR %(fee)s\nVAT on the fee: EUR %(vat)s "
            "(%(vat_note)s)\nTotal paid: EUR %(total)s\nStripe reference: %(reference)s\n\n"
            "The prize money is held on the platform's Stripe balance until it is paid to the "
            "winners or refunded, at most until %(hold_until)s.\n"
        ),
        {
            "title": challenge.title,
            "prize": euros(funding.prize_cents),
            "fee": euros(funding.fee_cents),
            "vat": euros(funding.vat_cents),
            "vat_note": VatTreatment(funding.vat_treatment).label,
            "total": euros(payment.amount_cents),
            "reference": payment.payment_intent_id or payment.checkout_session_id or "",
            "hold_until": funding.hold_until.date().isoformat() if funding.hold_until else "",
        },
    )


def payout_sent(transfer: Any, recipients: list[User]) -> None:
    _send(
        recipients,
        _("Your prize of EUR %(amount)s is on its way"),
        _(
            "We sent EUR %(amount)s to your Stripe account for your award in “%(title)s”. "
            "Stripe pays it out to your bank account on its usual schedule.\n"
            "Reference: %(reference)s\n"
        ),
        {
            "amount": euros(transfer.amount_cents),
            "title": transfer.funding.challenge.title,
            "reference": transfer.stripe_transfer_id or "",
        },
    )


def onboarding_needed(award: Any, recipients: list[User]) -> None:
    _send(
        recipients,
        _("Set up payouts to receive your prize for “%(title)s”"),
        _(
            "Congratulations on your award in “%(title)s”. To receive the prize money, set up "
            "payouts with Stripe on %(url)s. We pay as soon as your account is ready.\n"
        ),
        {"title": award.place.challenge.title, "url": page_url("payments_payouts")},
    )


def refund_sent(refund: Any) -> None:
    funding = refund.funding
    _send(
        managers(funding.sponsor) + ([funding.started_by] if funding.started_by else []),
        _("Refund of EUR %(amount)s for “%(title)s”"),
        _(
            "We refunded EUR %(amount)s (%(reason)s) of your payment for “%(title)s” to the "
            "card or account you paid with. Stripe reference: %(reference)s\n"
        ),
        {
            "amount": euros(refund.amount_cents),
            "title": funding.challenge.title,
            "reason": RefundReason(refund.reason).label,
            "reference": refund.stripe_refund_id or "",
        },
    )
