"""Award places and awards. Money is settled by the payments work; non-monetary awards (a pilot
order, a test day in a lab) work on their own. Exactly one live award per place."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AwardPlace(models.Model):
    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="award_places"
    )
    rank = models.PositiveSmallIntegerField(_("place"), default=1)
    title = models.CharField(_("title"), max_length=120)
    description = models.CharField(_("what the winner gets"), max_length=500, blank=True)
    amount_eur = models.PositiveIntegerField(_("amount (EUR)"), null=True, blank=True)

    class Meta:
        ordering = ["challenge_id", "rank", "id"]
        verbose_name = _("award place")
        verbose_name_plural = _("award places")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "rank"], name="one_place_per_rank")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.title}"

    @property
    def is_monetary(self) -> bool:
        return bool(self.amount_eur)


class PaymentState(models.TextChoices):
    NOT_APPLICABLE = "not_applicable", _("No payment")
    PENDING = "pending", _("Payment pending")
    PAID = "paid", _("Paid")
    REFUNDED = "refunded", _("Refunded")


class Award(models.Model):
    place = models.ForeignKey(AwardPlace, on_delete=models.CASCADE, related_name="awards")
    proposal = models.ForeignKey(
        "marketplace.Proposal", on_delete=models.CASCADE, related_name="awards"
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    awarded_at = models.DateTimeField(auto_now_add=True)
    payment_state = models.CharField(
        max_length=16, choices=PaymentState.choices, default=PaymentState.NOT_APPLICABLE
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["place__rank", "awarded_at", "id"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["place"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_award_per_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.place} → {self.proposal_id}"
