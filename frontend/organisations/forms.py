"""Organisation pages' forms: the profile, the directory filter and membership (invite, role,
ownership)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.fields import (
    SEARCH_MAX_LENGTH,
    RegionChoiceField,
    belgian_regions,
    field_label,
    nace_field,
    region_choices,
    sector_choices,
)
from marketplace.identifiers import normalise_enterprise_number
from marketplace.models import (
    NutsRegion,
    Organisation,
    User,
)
from marketplace.models.organisations import LANGUAGE_CHOICES, OrganisationKind, Role, SizeClass


class OrganisationForm(forms.ModelForm):
    nace = nace_field(label=field_label(Organisation, "nace"))
    nuts = RegionChoiceField(
        queryset=NutsRegion.objects.none(), required=False, label=field_label(Organisation, "nuts")
    )
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=field_label(Organisation, "languages"),
    )
    website = forms.URLField(
        required=False,
        max_length=200,
        assume_scheme="https",
        label=field_label(Organisation, "website"),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "enterprise_number",
            "nace",
            "nuts",
            "staff_headcount",
            "annual_turnover_eur",
            "balance_sheet_eur",
            "languages",
            "website",
            "description",
            "equipment",
        ]
        help_texts = {
            "enterprise_number": _(
                "Ten digits from the Crossroads Bank for Enterprises, e.g. 0417.497.106. "
                "We check the check digits."
            ),
            "staff_headcount": _(
                "With turnover or balance-sheet total this gives your size class (EU SME "
                "definition)."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "equipment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["nuts"]).queryset = belgian_regions(
            self.instance.nuts_id
        )
        self.fields["nace"].help_text = _(
            "Type a code (10.71) or a word (bakery) and tick the codes that describe your "
            "activities."
        )

    def clean_enterprise_number(self) -> str:
        value = self.cleaned_data["enterprise_number"].strip()
        return normalise_enterprise_number(value) if value else ""

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as keyword arguments for services.organisation_create."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=SEARCH_MAX_LENGTH)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OrganisationKind.choices],
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    size = forms.ChoiceField(
        label=_("Size"),
        required=False,
        choices=[("", _("All sizes"))] + [c for c in SizeClass.choices if c[0]],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sector"]).choices = sector_choices()
        cast(forms.ChoiceField, self.fields["region"]).choices = region_choices()


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class OwnershipTransferForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("New owner"),
        queryset=User.objects.none(),
        help_text=_("They become an owner; you stay on as an administrator."),
    )

    def __init__(self, *args: Any, organisation: Organisation, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["member"]).queryset = (
            User.objects.filter(memberships__organisation=organisation)
            .exclude(pk=actor.pk)
            .order_by("last_name", "first_name", "email")
        )
