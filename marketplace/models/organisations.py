"""Organisations, their members and invitations."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.identifiers import normalise_enterprise_number, normalise_vat_number

# Languages an organisation works in or a person speaks, each named in itself (a reader finds
# their own language whatever the page's language): Belgium's three and English first, then
# the other official languages of the EU, then languages many people in Flanders speak at
# home or at work. Students' team surveys and the API accept the same codes (ISO 639-1).
LANGUAGE_CHOICES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("bg", "Български"),
    ("cs", "Čeština"),
    ("da", "Dansk"),
    ("el", "Ελληνικά"),
    ("es", "Español"),
    ("et", "Eesti"),
    ("fi", "Suomi"),
    ("ga", "Gaeilge"),
    ("hr", "Hrvatski"),
    ("hu", "Magyar"),
    ("it", "Italiano"),
    ("lt", "Lietuvių"),
    ("lv", "Latviešu"),
    ("mt", "Malti"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("sk", "Slovenčina"),
    ("sl", "Slovenščina"),
    ("sv", "Svenska"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("hi", "हिन्दी"),
    ("ps", "پښتو"),
    ("ru", "Русский"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("zh", "中文"),
]
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University or university college")
    RESEARCH_CENTRE = "research_centre", _("Research centre")
    KNOWLEDGE_CENTRE = "knowledge_centre", _("Sector knowledge centre")
    PUBLIC_BODY = "public_body", _("Public body")
    INTERMEDIARY = "intermediary", _("Intermediary")
    STUDENT_ASSOCIATION = "student_association", _("Student association")
    OTHER = "other", _("Other")


KNOWLEDGE_KINDS = {
    OrganisationKind.UNIVERSITY,
    OrganisationKind.RESEARCH_CENTRE,
    OrganisationKind.KNOWLEDGE_CENTRE,
}


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro enterprise")
    SMALL = "small", _("Small enterprise")
    MEDIUM = "medium", _("Medium-sized enterprise")
    LARGE = "large", _("Large enterprise")
    UNKNOWN = "", _("Unknown")


def sme_size_class(
    headcount: int | None, turnover_eur: int | None, balance_sheet_eur: int | None = None
) -> str:
    """Size class by the EU SME definition (Recommendation 2003/361/EC).

    Staff headcount decides the ceiling; then turnover *or* balance-sheet total must stay under
    the class's limit, otherwise the firm falls into the next class up.
    """
    if headcount is None:
        return SizeClass.UNKNOWN
    limits = [
        (SizeClass.MICRO, 10, 2_000_000, 2_000_000),
        (SizeClass.SMALL, 50, 10_000_000, 10_000_000),
        (SizeClass.MEDIUM, 250, 50_000_000, 43_000_000),
    ]
    for size, max_staff, max_turnover, max_balance in limits:
        if headcount >= max_staff:
            continue
        if turnover_eur is None and balance_sheet_eur is None:
            return size
        if (turnover_eur is not None and turnover_eur <= max_turnover) or (
            balance_sheet_eur is not None and balance_sheet_eur <= max_balance
        ):
            return size
    return SizeClass.LARGE


class Organisation(models.Model):
    ref = models.CharField(
        _("external reference"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifier in an imported source, e.g. pic:999993468."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=24, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=12, blank=True, help_text=_("Belgian, e.g. 0123.456.749")
    )
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, default="BE")
    nuts = models.ForeignKey(
        "marketplace.NutsRegion",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    nace = models.ManyToManyField(
        "marketplace.NaceCode", verbose_name=_("NACE-BEL codes"), blank=True
    )
    staff_headcount = models.PositiveIntegerField(_("staff headcount"), null=True, blank=True)
    annual_turnover_eur = models.PositiveBigIntegerField(
        _("annual turnover (EUR)"), null=True, blank=True
    )
    balance_sheet_eur = models.PositiveBigIntegerField(
        _("balance-sheet total (EUR)"), null=True, blank=True
    )
    # Stored so lists can filter SMEs; always recomputed from the figures in save().
    size_class = models.CharField(
        _("size class"), max_length=8, choices=SizeClass.choices, blank=True, editable=False
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    equipment = models.TextField(_("equipment and test facilities"), blank=True, max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["country"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.size_class = sme_size_class(
            self.staff_headcount, self.annual_turnover_eur, self.balance_sheet_eur
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("organisation_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.enterprise_number:
            try:
                self.enterprise_number = normalise_enterprise_number(self.enterprise_number)
            except ValidationError as exc:
                errors["enterprise_number"] = exc
        if self.vat_number:
            try:
                self.vat_number = normalise_vat_number(self.vat_number)
            except ValidationError as exc:
                errors["vat_number"] = exc
        if errors:
            raise ValidationError(errors)

    @property
    def is_sme(self) -> bool:
        return self.kind == OrganisationKind.COMPANY and self.size_class in {
            SizeClass.MICRO,
            SizeClass.SMALL,
            SizeClass.MEDIUM,
        }

    def role_of(self, user: Any) -> str | None:
        """The user's role in this organisation, or None for a non-member."""
        if not getattr(user, "is_authenticated", False):
            return None
        return next((row["role"] for row in Membership.role_in(self, user)), None)


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "created_at", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"

    @classmethod
    def role_in(cls, organisation: Any, user: Any) -> models.QuerySet[Any, dict[str, Any]]:
        """The user's role in ``organisation`` (an instance, a pk or an ``OuterRef``) as a
        query of at most one ``{"role": …}`` row: Organisation.role_of reads it, and access
        annotates a list of organisations with it."""
        return cls.objects.filter(organisation=organisation, user=user).values("role")[:1]


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry() -> Any:
    return timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired
