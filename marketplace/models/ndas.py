"""NDA terms (versioned) and the immutable acceptance log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class NdaTermsQuerySet(models.QuerySet["NdaTerms"]):
    def current(self) -> NdaTerms | None:
        return self.filter(is_current=True).order_by("-published_at", "-id").first()


class NdaTerms(models.Model):
    version = models.CharField(_("version"), max_length=20, unique=True)
    text_nl = models.TextField()
    text_en = models.TextField()
    text_fr = models.TextField()
    is_current = models.BooleanField(_("offered for new acceptances"), default=True)
    published_at = models.DateTimeField(auto_now_add=True)

    objects = NdaTermsQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("NDA terms")
        verbose_name_plural = _("NDA terms")

    def __str__(self) -> str:
        return self.version

    @property
    def text(self) -> str:
        lang = (get_language() or "nl")[:2]
        return getattr(self, f"text_{lang}", "") or self.text_en


class NdaAcceptance(models.Model):
    """Who accepted which version of the NDA for which challenge, on behalf of which
    organisation, and when. Rows are never changed or deleted by the application; a revocation
    is a separate row. The signer's e-mail is kept as the legal record even if the account is
    erased later."""

    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="nda_acceptances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="nda_acceptances",
    )
    signer_email = models.EmailField()
    organisation = models.ForeignKey(
        "marketplace.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    terms = models.ForeignKey(NdaTerms, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["accepted_at", "id"]
        verbose_name = _("NDA acceptance")
        verbose_name_plural = _("NDA acceptances")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="one_nda_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.signer_email} · {self.terms_id} · {self.challenge_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(_("An NDA acceptance cannot be changed."))
        super().save(*args, **kwargs)

    @property
    def is_revoked(self) -> bool:
        return hasattr(self, "revocation")


class NdaRevocation(models.Model):
    """The challenge owner withdraws a person's access to the confidential detail."""

    acceptance = models.OneToOneField(
        NdaAcceptance, on_delete=models.CASCADE, related_name="revocation"
    )
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    revoked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["revoked_at", "id"]
        verbose_name = _("NDA revocation")
        verbose_name_plural = _("NDA revocations")

    def __str__(self) -> str:
        return f"revoked {self.acceptance_id}"
