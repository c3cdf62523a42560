"""Capability pages' forms: what an organisation or a person offers, and the directory
filter."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.fields import (
    SEARCH_MAX_LENGTH,
    TRL_CHOICES,
    RegionChoiceField,
    belgian_regions,
    field_label,
    nace_field,
    region_choices,
    sector_choices,
    skills_field,
)
from marketplace import access
from marketplace.models import (
    Capability,
    NutsRegion,
    PersonProfile,
    Technology,
    User,
)

OWNER_SELF = "me"


class CapabilityForm(forms.ModelForm):
    owner = forms.ChoiceField(label=_("Offered by"))
    technologies = forms.ModelMultipleChoiceField(
        queryset=Technology.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=field_label(Capability, "technologies"),
    )
    skills = skills_field(label=field_label(Capability, "skills"))
    sectors = nace_field(label=field_label(Capability, "sectors"))
    trl_min = forms.TypedChoiceField(
        choices=TRL_CHOICES, coerce=int, initial=1, label=field_label(Capability, "trl_min")
    )
    trl_max = forms.TypedChoiceField(
        choices=TRL_CHOICES, coerce=int, initial=9, label=field_label(Capability, "trl_max")
    )
    nuts = RegionChoiceField(
        queryset=NutsRegion.objects.none(), required=False, label=field_label(Capability, "nuts")
    )

    class Meta:
        model = Capability
        fields = [
            "title",
            "description",
            "language",
            "technologies",
            "skills",
            "sectors",
            "trl_min",
            "trl_max",
            "nuts",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "trl_min": _("Technology readiness: 1 is a basic idea, 9 a proven product."),
        }

    def __init__(
        self,
        *args: Any,
        user: User,
        person: PersonProfile | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.person = person
        cast(forms.ModelChoiceField, self.fields["nuts"]).queryset = belgian_regions(
            self.instance.nuts_id
        )
        if self.instance.pk:
            del self.fields["owner"]  # who offers a capability does not change
        else:
            self.organisations = {
                str(org.pk): org for org in access.managed_organisations(user).order_by("name")
            }
            cast(forms.ChoiceField, self.fields["owner"]).choices = [(OWNER_SELF, _("Myself"))] + [
                (pk, org.name) for pk, org in self.organisations.items()
            ]
            self.order_fields(["owner"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        owner = cleaned.get("owner")
        if owner == OWNER_SELF:
            self.instance.owner_person = self.person
            self.instance.owner_organisation = None
        elif owner:
            self.instance.owner_organisation = self.organisations[owner]
            self.instance.owner_person = None
        return cleaned


class CapabilityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH)
    technology = forms.ChoiceField(label=_("Technology"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    trl = forms.TypedChoiceField(
        label=_("Readiness (TRL)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any TRL")), *TRL_CHOICES],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        technologies = sorted(Technology.objects.all(), key=lambda t: t.label.lower())
        cast(forms.ChoiceField, self.fields["technology"]).choices = [
            ("", _("All technologies"))
        ] + [(t.slug, t.label) for t in technologies]
        cast(forms.ChoiceField, self.fields["sector"]).choices = sector_choices()
        cast(forms.ChoiceField, self.fields["region"]).choices = region_choices()
