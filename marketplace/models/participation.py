"""Who takes part in a challenge besides its organisation: invitees of an invited-only
challenge, worker co-authors and endorsements, and an intermediary coaching the brief."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ChallengeInvitee(models.Model):
    """Access to an invited-only challenge, for one person or a whole organisation."""

    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="invitees"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "marketplace.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("challenge invitee")
        verbose_name_plural = _("challenge invitees")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, organisation__isnull=True)
                | Q(user__isnull=True, organisation__isnull=False),
                name="invitee_is_person_or_organisation",
            ),
            models.UniqueConstraint(fields=["challenge", "user"], name="one_invite_per_user"),
            models.UniqueConstraint(
                fields=["challenge", "organisation"], name="one_invite_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.organisation} → {self.challenge_id}"


class ChallengeCoauthor(models.Model):
    """A member of the posting organisation (typically a shop-floor worker) who co-writes the
    brief."""

    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="coauthors"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="one_coauthorship")
        ]

    def __str__(self) -> str:
        return f"{self.user} ✎ {self.challenge_id}"


class ChallengeEndorsement(models.Model):
    """A worker of the posting organisation supports the challenge; the name is hidden from
    everyone but the worker when `anonymous`."""

    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="endorsements"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    anonymous = models.BooleanField(_("endorse anonymously"), default=False)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="one_endorsement_per_user")
        ]

    def __str__(self) -> str:
        return f"+1 {self.challenge_id}"


class BriefCoachingRequest(models.Model):
    """The owner asks an intermediary to coach the brief; the intermediary's members may then
    read the whole draft until the request is closed."""

    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="coaching_requests"
    )
    intermediary = models.ForeignKey(
        "marketplace.Organisation", on_delete=models.CASCADE, related_name="coaching_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("what would you like help with?"), max_length=2_000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(_("advice"), max_length=2_000, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("brief coaching request")
        verbose_name_plural = _("brief coaching requests")
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "intermediary"],
                condition=Q(closed_at__isnull=True),
                name="one_open_coaching_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.intermediary} coaches {self.challenge_id}"
