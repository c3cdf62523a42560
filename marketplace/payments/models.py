"""The payments ledger. Amounts are whole cents of EUR in integers; nothing here is ever
described as escrow: funds wait on the platform's Stripe balance for a bounded time.

- `PrizeFunding`: what a sponsor pays for a challenge's prizes (prize + platform fee + VAT on
  the fee), with the amounts of the award places frozen when it was started.
- `Payment`: one Stripe Checkout attempt for a funding.
- `ConnectAccount`: the Stripe Connect (Express) account of an organisation or a person.
- `Transfer`: money sent to a winner's connected account for an award (one per member of a
  team prize), keyed `award:{id}:transfer:{member}`.
- `Refund`: money sent back to the sponsor.
- `WebhookEvent`: every Stripe event id we processed, stored with its effect.
- `TeamShare`: the split of a team prize the members agreed on.
- `PaidAssignment`: a fixed fee (micro-assignment or stipend) paid when the deliverable is
  accepted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CURRENCY = "eur"


class FundingState(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    FUNDED = "funded", _("Prize funded")
    REFUNDED = "refunded", _("Refunded")


class VatTreatment(models.TextChoices):
    BELGIAN_VAT = "be_vat", _("Belgian VAT 21 %")
    REVERSE_CHARGE = "reverse_charge", _("EU reverse charge")


class PrizeFunding(models.Model):
    challenge = models.OneToOneField(
        "marketplace.Challenge", on_delete=models.PROTECT, related_name="prize_funding"
    )
    sponsor = models.ForeignKey(
        "marketplace.Organisation", on_delete=models.PROTECT, related_name="prize_fundings"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    currency = models.CharField(max_length=3, default=CURRENCY, editable=False)
    prize_cents = models.PositiveBigIntegerField(_("prizes"))
    fee_cents = models.PositiveBigIntegerField(_("platform fee"))
    vat_rate_bp = models.PositiveIntegerField(_("VAT rate (basis points)"))
    vat_cents = models.PositiveBigIntegerField(_("VAT on the platform fee"))
    total_cents = models.PositiveBigIntegerField(_("total"))
    vat_treatment = models.CharField(max_length=16, choices=VatTreatment.choices)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2)
    # {"<award place id>": cents}: what each place pays, frozen when the funding started.
    place_amounts = models.JSONField(default=dict)
    state = models.CharField(
        max_length=20, choices=FundingState.choices, default=FundingState.AWAITING_PAYMENT
    )
    funded_at = models.DateTimeField(null=True, blank=True)
    hold_until = models.DateTimeField(_("funds held until at most"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("prize funding")
        verbose_name_plural = _("prize fundings")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    total_cents=models.F("prize_cents")
                    + models.F("fee_cents")
                    + models.F("vat_cents")
                ),
                name="funding_total_adds_up",
            ),
            models.CheckConstraint(condition=Q(prize_cents__gt=0), name="funding_prize_positive"),
        ]

    def __str__(self) -> str:
        return f"funding {self.pk} of challenge {self.challenge_id} ({self.state})"

    @property
    def is_funded(self) -> bool:
        return self.state == FundingState.FUNDED

    def place_cents(self, place_id: int) -> int | None:
        value = self.place_amounts.get(str(place_id))
        return int(value) if value is not None else None


class PaymentState(models.TextChoices):
    OPEN = "open", _("Checkout open")
    PAID = "paid", _("Paid")
    EXPIRED = "expired", _("Expired")
    FAILED = "failed", _("Failed")


class Payment(models.Model):
    """One Stripe Checkout Session for a funding. A new attempt starts only when the previous
    one expired, failed or no longer matches the funding's amounts."""

    funding = models.ForeignKey(PrizeFunding, on_delete=models.PROTECT, related_name="payments")
    attempt = models.PositiveSmallIntegerField()
    idempotency_key = models.CharField(max_length=80, unique=True)
    amount_cents = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default=CURRENCY, editable=False)
    state = models.CharField(max_length=10, choices=PaymentState.choices, default=PaymentState.OPEN)
    checkout_session_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    payment_intent_id = models.CharField(max_length=255, blank=True)
    # Set when money arrived that the funding did not need (a second session paid): staff
    # refunds it.
    surplus = models.BooleanField(default=False)
    problem = models.CharField(max_length=300, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["funding_id", "attempt"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["funding", "attempt"], name="one_payment_per_attempt")
        ]

    def __str__(self) -> str:
        return f"payment {self.idempotency_key} ({self.state})"


class AccountState(models.TextChoices):
    ONBOARDING = "onboarding", _("Onboarding")
    ACTIVE = "active", _("Ready for payouts")
    RESTRICTED = "restricted", _("Restricted")


class ConnectAccount(models.Model):
    """A Stripe Connect (Express) account, owned by an organisation or by a person. Erasing
    the owner keeps the row (transfers point at it) without the link to them."""

    organisation = models.OneToOneField(
        "marketplace.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="connect_account",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="connect_account",
    )
    stripe_account_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    state = models.CharField(
        max_length=12, choices=AccountState.choices, default=AccountState.ONBOARDING
    )
    details_submitted = models.BooleanField(default=False)
    payouts_enabled = models.BooleanField(default=False)
    transfers_active = models.BooleanField(default=False)
    # The `created` time of the last account.updated event applied: older ones are stale.
    last_event_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Stripe Connect account")
        verbose_name_plural = _("Stripe Connect accounts")
        constraints = [
            # One owner; none once the owner was erased (the row stays as a payment record).
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(user__isnull=True),
                name="connect_account_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.stripe_account_id or f"connect account {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.state == AccountState.ACTIVE


class TransferState(models.TextChoices):
    PENDING = "pending", _("Being sent")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    REVERSED = "reversed", _("Reversed")


class Transfer(models.Model):
    award = models.ForeignKey("marketplace.Award", on_delete=models.PROTECT, related_name="+")
    funding = models.ForeignKey(PrizeFunding, on_delete=models.PROTECT, related_name="transfers")
    account = models.ForeignKey(ConnectAccount, on_delete=models.PROTECT, related_name="transfers")
    # "user-7" or "org-3": who receives it, stable across retries.
    member_key = models.CharField(max_length=40)
    amount_cents = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default=CURRENCY, editable=False)
    attempt = models.PositiveSmallIntegerField(default=1)
    idempotency_key = models.CharField(max_length=120, unique=True)
    stripe_transfer_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=TransferState.choices, default=TransferState.PENDING
    )
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["award_id", "id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "member_key"], name="one_transfer_per_award_member"
            ),
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="transfer_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.idempotency_key} ({self.state})"

    @staticmethod
    def key_for(award_id: int, member_key: str, attempt: int = 1) -> str:
        base = f"award:{award_id}:transfer:{member_key}"
        return base if attempt == 1 else f"{base}:retry-{attempt}"


class RefundState(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed")


class RefundReason(models.TextChoices):
    CANCELLED = "cancelled", _("Challenge cancelled")
    UNAWARDED = "unawarded", _("Places not awarded")
    SURPLUS = "surplus", _("Paid twice")


class Refund(models.Model):
    funding = models.ForeignKey(PrizeFunding, on_delete=models.PROTECT, related_name="refunds")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    sequence = models.PositiveSmallIntegerField()
    idempotency_key = models.CharField(max_length=80, unique=True)
    reason = models.CharField(max_length=12, choices=RefundReason.choices)
    # The part of the prize and the part of the fee (+ its VAT) that go back.
    prize_cents = models.PositiveBigIntegerField(default=0)
    fee_cents = models.PositiveBigIntegerField(default=0)
    amount_cents = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3, default=CURRENCY, editable=False)
    stripe_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=RefundState.choices, default=RefundState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["funding_id", "sequence"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.UniqueConstraint(fields=["funding", "sequence"], name="one_refund_per_sequence"),
            models.CheckConstraint(
                condition=Q(amount_cents=models.F("prize_cents") + models.F("fee_cents"))
                & Q(amount_cents__gt=0),
                name="refund_parts_add_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.idempotency_key} ({self.state})"


class WebhookEvent(models.Model):
    """A Stripe event we processed. Stored in the same transaction as its effect, so a
    duplicate delivery finds it and does nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=255, blank=True)
    stripe_created = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=40, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self) -> str:
        return f"{self.event_id} {self.type} → {self.outcome}"


class TeamShare(models.Model):
    """A member's share of a team prize, in basis points (10000 = everything). Changing any
    share clears every agreement; the prize is paid once every member agreed."""

    award = models.ForeignKey("marketplace.Award", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    share_bp = models.PositiveIntegerField()
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["award_id", "user_id"]
        verbose_name = _("team prize share")
        verbose_name_plural = _("team prize shares")
        constraints = [
            models.UniqueConstraint(fields=["award", "user"], name="one_share_per_member"),
            models.CheckConstraint(
                condition=Q(share_bp__gt=0) & Q(share_bp__lte=10000), name="share_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.share_bp / 100:.2f} % of award {self.award_id}"


class AssignmentKind(models.TextChoices):
    ASSIGNMENT = "assignment", _("Paid micro-assignment")
    STIPEND = "stipend", _("Stipend")


class AssignmentState(models.TextChoices):
    AWAITING_DELIVERABLE = "awaiting", _("Awaiting the deliverable")
    ACCEPTED = "accepted", _("Deliverable accepted")


class PaidAssignment(models.Model):
    """A fixed fee won with an award, paid only when the sponsor accepts the deliverable."""

    award = models.OneToOneField(
        "marketplace.Award", on_delete=models.CASCADE, related_name="paid_assignment"
    )
    kind = models.CharField(max_length=12, choices=AssignmentKind.choices)
    state = models.CharField(
        max_length=10,
        choices=AssignmentState.choices,
        default=AssignmentState.AWAITING_DELIVERABLE,
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note on the deliverable"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("paid assignment")
        verbose_name_plural = _("paid assignments")

    def __str__(self) -> str:
        return f"{self.kind} for award {self.award_id} ({self.state})"
