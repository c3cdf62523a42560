"""Page forms. Field labels come from the models (translated there); our own texts are lazy
translations. Forms validate input; views call one model method or service with the result."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from frontend.sectors import SECTORS
from marketplace import access
from marketplace.identifiers import normalise_enterprise_number
from marketplace.models import (
    Capability,
    EscoSkill,
    NaceCode,
    NutsRegion,
    Organisation,
    PersonProfile,
    Technology,
    User,
)
from marketplace.models.organisations import LANGUAGE_CHOICES, OrganisationKind, Role, SizeClass
from marketplace.models.people import DAYS, PARTS, VISIBLE_FIELDS, PersonKind, Visibility

TRL_CHOICES = [(level, str(level)) for level in range(1, 10)]
AVAILABILITY_CHOICES = [
    (f"{day}-{part}", format_lazy("{} {}", day_label, part_label))
    for day, day_label in DAYS
    for part, part_label in PARTS
]
SEARCH_MAX_LENGTH = 100


def add_service_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names when the form has
    that field, otherwise above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class PickerWidget(forms.Widget):
    """Search-as-you-type multi-select for large taxonomies (ESCO skills, NACE codes).

    Only the chosen items are rendered, as ticked checkboxes; more are found through an htmx
    search endpoint that returns checkboxes with the same name. It never renders the whole
    taxonomy (14,000 skills), so a page with a picker stays small and runs one query for it.
    """

    template_name = "frontend/includes/picker.html"
    allow_multiple_selected = True

    def __init__(self, search_url_name: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.search_url_name = search_url_name
        self.choices: Any = None  # set by ModelMultipleChoiceField

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        getter = getattr(data, "getlist", None)
        return getter(name) if getter else data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # an empty selection is a choice too

    def format_value(self, value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list | tuple | QuerySet):
            value = [value]
        return [str(getattr(item, "pk", item)) for item in value]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        values = context["widget"]["value"]
        chosen: list[Any] = []
        if values and self.choices is not None:
            try:
                chosen = list(self.choices.queryset.filter(pk__in=values))
            except (ValueError, TypeError, ValidationError):
                chosen = []
        context["widget"].update(chosen=chosen, search_url_name=self.search_url_name)
        return context


def nace_field(label: Any = "", required: bool = False) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=NaceCode.objects.all(),
        required=required,
        label=label,
        widget=PickerWidget("nace_search"),
        error_messages={"invalid_choice": _("Unknown NACE-BEL code %(value)s.")},
    )


def skills_field(label: Any = "") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=EscoSkill.objects.all(),
        required=False,
        label=label,
        widget=PickerWidget("skill_search"),
        error_messages={
            "invalid_choice": _("Unknown skill %(value)s."),
            "invalid_pk_value": _("Unknown skill %(pk)s."),
        },
    )


def belgian_regions(including: str | None = None) -> QuerySet[NutsRegion]:
    regions = Q(country="BE")
    if including:
        regions |= Q(pk=including)
    return NutsRegion.objects.filter(regions).order_by("code")


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.name}"


def _label(model: Any, field: str) -> Any:
    return capfirst(model._meta.get_field(field).verbose_name)


# --- Organisations ------------------------------------------------------------------------------


class OrganisationForm(forms.ModelForm):
    nace = nace_field(label=_label(Organisation, "nace"))
    nuts = RegionChoiceField(
        queryset=NutsRegion.objects.none(), required=False, label=_label(Organisation, "nuts")
    )
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_label(Organisation, "languages"),
    )
    website = forms.URLField(
        required=False, max_length=200, assume_scheme="https", label=_label(Organisation, "website")
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


def sector_choices() -> list[Any]:
    divisions = NaceCode.objects.filter(level="division").order_by("code")
    return [
        ("", _("All sectors")),
        (_("Sectors"), [(key, label) for key, label, _prefixes in SECTORS]),
        (_("NACE-BEL divisions"), [(d.code, f"{d.code} {d.title}") for d in divisions]),
    ]


def region_choices() -> list[Any]:
    regions = NutsRegion.objects.filter(country="BE", level__lte=2).order_by("code")
    return [("", _("All regions"))] + [(r.code, f"{r.code} {r.name}") for r in regions]


# --- Members ------------------------------------------------------------------------------------


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


# --- People -------------------------------------------------------------------------------------


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
        label=_label(PersonProfile, "languages"),
    )
    availability = forms.MultipleChoiceField(
        choices=AVAILABILITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_label(PersonProfile, "availability"),
    )
    skills = skills_field(label=_label(PersonProfile, "skills"))

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
        ]
        for name in self.Meta.fields:
            visibility = self[f"visibility_{name}"] if name in VISIBLE_FIELDS else None
            rows.append((self[name], visibility))
        return rows

    def save(self, commit: bool = True) -> PersonProfile:
        self.instance.visibility = {
            name: self.cleaned_data[f"visibility_{name}"] for name in VISIBLE_FIELDS
        }
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


# --- Capabilities -------------------------------------------------------------------------------

OWNER_SELF = "me"


class CapabilityForm(forms.ModelForm):
    owner = forms.ChoiceField(label=_("Offered by"))
    technologies = forms.ModelMultipleChoiceField(
        queryset=Technology.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_label(Capability, "technologies"),
    )
    skills = skills_field(label=_label(Capability, "skills"))
    sectors = nace_field(label=_label(Capability, "sectors"))
    trl_min = forms.TypedChoiceField(
        choices=TRL_CHOICES, coerce=int, initial=1, label=_label(Capability, "trl_min")
    )
    trl_max = forms.TypedChoiceField(
        choices=TRL_CHOICES, coerce=int, initial=9, label=_label(Capability, "trl_max")
    )
    nuts = RegionChoiceField(
        queryset=NutsRegion.objects.none(), required=False, label=_label(Capability, "nuts")
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
