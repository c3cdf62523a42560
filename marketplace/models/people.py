"""Person profiles: students, workers, researchers and professionals."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PersonKind(models.TextChoices):
    STUDENT = "student", _("Student")
    WORKER = "worker", _("Worker")
    RESEARCHER = "researcher", _("Researcher")
    PROFESSIONAL = "professional", _("Professional")


class CareerStage(models.TextChoices):
    STUDENT = "student", _("In education")
    EARLY = "early", _("Early career")
    MID = "mid", _("Mid career")
    SENIOR = "senior", _("Senior")
    CAREER_CHANGER = "career_changer", _("Changing careers")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    REGISTERED = "registered", _("Signed-in users")
    PRIVATE = "private", _("Only me")


DAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
PARTS = [("am", _("morning")), ("pm", _("afternoon")), ("eve", _("evening"))]
AVAILABILITY_SLOTS = [f"{day}-{part}" for day, _d in DAYS for part, _p in PARTS]

# Fields whose visibility a person chooses; the name is always shown to signed-in users.
VISIBLE_FIELDS = [
    "headline",
    "bio",
    "discipline",
    "institution",
    "programme",
    "skills",
    "languages",
    "availability",
    "career_stage",
]
DEFAULT_VISIBILITY = {
    "headline": Visibility.PUBLIC,
    "bio": Visibility.REGISTERED,
    "discipline": Visibility.PUBLIC,
    "institution": Visibility.PUBLIC,
    "programme": Visibility.REGISTERED,
    "skills": Visibility.REGISTERED,
    "languages": Visibility.REGISTERED,
    "availability": Visibility.PRIVATE,
    "career_stage": Visibility.REGISTERED,
}


def default_visibility() -> dict[str, str]:
    return {key: str(value) for key, value in DEFAULT_VISIBILITY.items()}


class PersonProfileQuerySet(models.QuerySet["PersonProfile"]):
    def listed_for(self, user: Any) -> PersonProfileQuerySet:
        """Profiles a user may find in lists: signed-in users see every active person's
        profile (fields are then filtered per visibility); visitors see public profiles."""
        qs = self.filter(user__is_active=True)
        if getattr(user, "is_authenticated", False):
            return qs
        return qs.filter(listed_publicly=True)

    def matchable(self) -> PersonProfileQuerySet:
        """Profiles the matching engine may suggest: consent given and account active."""
        return self.filter(matching_consent=True, user__is_active=True)


class PersonProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    kind = models.CharField(
        _("I am a"), max_length=12, choices=PersonKind.choices, default=PersonKind.PROFESSIONAL
    )
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    bio = models.TextField(_("about me"), blank=True, max_length=5_000)
    discipline = models.ForeignKey(
        "marketplace.IscedField",
        verbose_name=_("discipline"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    institution = models.ForeignKey(
        "marketplace.Organisation",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="students",
    )
    programme = models.CharField(_("study programme"), max_length=200, blank=True)
    skills = models.ManyToManyField("marketplace.EscoSkill", verbose_name=_("skills"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    availability = models.JSONField(_("weekly availability"), default=list, blank=True)
    career_stage = models.CharField(
        _("career stage"), max_length=16, choices=CareerStage.choices, blank=True
    )
    visibility = models.JSONField(_("visibility"), default=default_visibility)
    listed_publicly = models.BooleanField(
        _("show my profile to visitors who are not signed in"), default=False
    )
    matching_consent = models.BooleanField(
        _("suggest me to challenges, teams and partners (profiling for matching)"), default=False
    )
    matching_consent_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "id"]
        verbose_name = _("person profile")
        verbose_name_plural = _("person profiles")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("person_detail", args=[self.pk])

    @property
    def shown_name(self) -> str:
        """How suggestions name the person: their name, else their headline (never their
        e-mail address)."""
        return self.user.get_full_name() or str(self.headline)

    def field_visible_to(self, field: str, viewer: Any) -> bool:
        """Whether `viewer` may see `field` of this profile, by the person's own choice."""
        if getattr(viewer, "is_authenticated", False) and viewer.pk == self.user_id:
            return True
        level = self.visibility.get(field, DEFAULT_VISIBILITY.get(field, Visibility.PRIVATE))
        if level == Visibility.PUBLIC:
            return True
        if level == Visibility.REGISTERED:
            return bool(getattr(viewer, "is_authenticated", False))
        return False
