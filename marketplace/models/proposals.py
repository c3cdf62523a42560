"""Proposals: answers to a challenge by an organisation, a person or a team, with versions and
attachments. Confidential to the submitter, the challenge owner and its judges."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProposalKind(models.TextChoices):
    ORGANISATION = "organisation", _("On behalf of an organisation")
    PERSON = "person", _("As a person")
    TEAM = "team", _("As a team")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def _receipt_code() -> str:
    return secrets.token_hex(8).upper()


class ProposalQuerySet(models.QuerySet["Proposal"]):
    def submitted(self) -> ProposalQuerySet:
        return self.filter(status=ProposalStatus.SUBMITTED)

    def authored_by(self, user: Any) -> ProposalQuerySet:
        """Proposals the user submits: their own, their team's, or (for managers) their
        organisation's."""
        from marketplace.models.organisations import Membership, Role

        if not getattr(user, "is_authenticated", False):
            return self.none()
        managed = Membership.objects.filter(user=user, role__in=[Role.OWNER, Role.ADMIN]).values(
            "organisation_id"
        )
        return self.filter(
            Q(created_by=user)
            | Q(team_members__user=user)
            | Q(kind=ProposalKind.ORGANISATION, organisation_id__in=managed)
        ).distinct()


class Proposal(models.Model):
    challenge = models.ForeignKey(
        "marketplace.Challenge", on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(
        _("submitted"), max_length=12, choices=ProposalKind.choices, default=ProposalKind.PERSON
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    organisation = models.ForeignKey(
        "marketplace.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=3_000, blank=True)
    approach = models.TextField(_("approach"), max_length=30_000, blank=True)
    answers = models.JSONField(
        _("answers to the judging criteria"),
        default=dict,
        blank=True,
        help_text=_("One answer per criterion key of the challenge's rubric."),
    )
    price_eur = models.PositiveIntegerField(_("price (EUR)"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT, editable=False
    )
    version = models.PositiveIntegerField(default=0, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    receipt_code = models.CharField(max_length=16, default=_receipt_code, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["challenge", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def submitter_name(self) -> str:
        if self.kind == ProposalKind.ORGANISATION and self.organisation_id:
            return self.organisation.name  # type: ignore[union-attr]
        return self.created_by.display_name if self.created_by else "—"

    def snapshot(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "summary": self.summary,
            "approach": self.approach,
            "answers": self.answers,
            "price_eur": self.price_eur,
        }


class ProposalTeamMember(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="one_team_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.proposal_id}"


class ProposalVersion(models.Model):
    """A frozen copy of the proposal at each submission (and each change after it)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal_id", "number"]
        verbose_name = _("proposal version")
        verbose_name_plural = _("proposal versions")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"


def _attachment_path(instance: ProposalAttachment, filename: str) -> str:
    return f"proposals/{instance.proposal_id}/{secrets.token_hex(8)}"


class ProposalAttachment(models.Model):
    """A file stored outside the web root, served only through an access-checked view."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name
