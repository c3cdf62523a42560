"""Person pages' forms: onboarding, the profile with its visibility settings, and erasing
the account."""

from __future__ import annotations

from typing import Any, cast
from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from frontend.fields import (
    AVAILABILITY_CHOICES,
    field_label,
    skills_field,
)
from marketplace.models import (
    Organisation,
    PersonProfile,
    User,
)
from marketplace.models.accounts import DEFAULT_TIME_ZONE
from marketplace.models.organisations import LANGUAGE_CHOICES, OrganisationKind
from marketplace.models.people import VISIBLE_FIELDS, PersonKind, Visibility


class PersonForm(forms.ModelForm):
    """Base for forms on a person's own profile: also edits the name on the account and keeps
    the time matching consent was given or withdrawn."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    class Meta:
        model = PersonProfile
        fields: list[str] = []

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["first_name"].initial = user.first_name
        self.fields["last_name"].initial = user.last_name
        if "matching_consent" in self.fields:
            self.fields["matching_consent"].help_text = _(
                "If you tick this, Kruispunt uses your profile (discipline, skills, languages, "
                "availability) to suggest you for challenges, student teams and partners. "
                "Nobody else sees this analysis. You can withdraw your consent at any time on "
                "your profile page; we then stop suggesting you straight away."
            )
        if "institution" in self.fields:
            institutions = Q(kind=OrganisationKind.UNIVERSITY)
            if self.instance.institution_id:
                institutions |= Q(pk=self.instance.institution_id)
            cast(
                forms.ModelChoiceField, self.fields["institution"]
            ).queryset = Organisation.objects.filter(institutions).order_by("name")

    def save(self, commit: bool = True) -> PersonProfile:
        profile: PersonProfile = super().save(commit=False)
        if "matching_consent" in self.changed_data or (
            profile.pk is None and profile.matching_consent
        ):
            profile.matching_consent_changed_at = timezone.now()
        self.user.first_name = self.cleaned_data["first_name"]
        self.user.last_name = self.cleaned_data["last_name"]
        self.user.save(update_fields=["first_name", "last_name"])
        profile.save()
        self.save_m2m()
        return profile


class StudentOnboardingForm(PersonForm):
    class Meta:
        model = PersonProfile
        fields = ["discipline", "institution", "programme", "headline", "matching_consent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["discipline"].required = True
        self.fields["discipline"].help_text = _("Your field of study (ISCED-F 2013).")

    def save(self, commit: bool = True) -> PersonProfile:
        self.instance.kind = PersonKind.STUDENT
        self.instance.career_stage = "student"
        return super().save(commit)


class ProfessionalOnboardingForm(PersonForm):
    kind = forms.ChoiceField(
        label=_("I am a"),
        choices=[c for c in PersonKind.choices if c[0] != PersonKind.STUDENT],
        widget=forms.RadioSelect,
        initial=PersonKind.PROFESSIONAL,
    )

    class Meta:
        model = PersonProfile
        fields = ["kind", "headline", "career_stage", "matching_consent"]
        help_texts = {
            "headline": _("One line about what you do, e.g. 'Maintenance technician, CNC'.")
        }


class ProfileForm(PersonForm):
    """The whole profile, with a visibility choice next to each field that has one."""

    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=field_label(PersonProfile, "languages"),
    )
    availability = forms.MultipleChoiceField(
        choices=AVAILABILITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=field_label(PersonProfile, "availability"),
    )
    skills = skills_field(label=field_label(PersonProfile, "skills"))
    time_zone = forms.ChoiceField(
        required=False,  # left out: the zone stays as it is
        label=_("Time zone"),
        help_text=_("Times on Kruispunt (chat, deadlines, notifications) are shown in this zone."),
    )

    class Meta:
        model = PersonProfile
        fields = [
            "kind",
            "headline",
            "bio",
            "discipline",
            "institution",
            "programme",
            "skills",
            "languages",
            "availability",
            "career_stage",
            "listed_publicly",
            "matching_consent",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = cast(forms.ChoiceField, self.fields["time_zone"])
        zone.choices = [(name, name.replace("_", " ")) for name in sorted(available_timezones())]
        zone.initial = self.user.time_zone or DEFAULT_TIME_ZONE
        self.fields["skills"].help_text = _("Type at least two letters and tick your skills.")
        self.fields["listed_publicly"].help_text = _(
            "Otherwise only signed-in users find your profile. Each field below still follows "
            "its own visibility."
        )
        visibility = self.instance.visibility or {}
        for name in VISIBLE_FIELDS:
            self.fields[f"visibility_{name}"] = forms.ChoiceField(
                label=format_lazy(_("Who sees “{}”"), self.fields[name].label),
                choices=Visibility.choices,
                initial=visibility.get(name, Visibility.PRIVATE),
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        """(field, its visibility field or None) in display order, for the template."""
        rows: list[tuple[forms.BoundField, forms.BoundField | None]] = [
            (self["first_name"], None),
            (self["last_name"], None),
            (self["time_zone"], None),
        ]
        for name in self.Meta.fields:
            visibility = self[f"visibility_{name}"] if name in VISIBLE_FIELDS else None
            rows.append((self[name], visibility))
        return rows

    def save(self, commit: bool = True) -> PersonProfile:
        self.instance.visibility = {
            name: self.cleaned_data[f"visibility_{name}"] for name in VISIBLE_FIELDS
        }
        if self.cleaned_data["time_zone"]:
            self.user.time_zone = self.cleaned_data["time_zone"]
            self.user.save(update_fields=["time_zone"])
        return super().save(commit)


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and profile are deleted for good."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That is not your password."), code="password")
        return password
