"""Form pieces the page packages share: the search-as-you-type picker for large taxonomies
and its fields, region and sector choices, and how a service's ValidationError lands on a form.
Field labels come from the models (translated there); our own texts are lazy translations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from frontend.sectors import SECTORS
from marketplace.models import (
    EscoSkill,
    NaceCode,
    NutsRegion,
)
from marketplace.models.people import DAYS, PARTS

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
        return region_label(obj)


def field_label(model: Any, field: str) -> Any:
    """A model field's verbose name as a form label (translated on the model)."""
    return capfirst(model._meta.get_field(field).verbose_name)


def sector_choices() -> list[Any]:
    divisions = NaceCode.objects.filter(level="division").order_by("code")
    return [
        ("", _("All sectors")),
        (_("Sectors"), [(key, label) for key, label, _prefixes in SECTORS]),
        (_("NACE-BEL divisions"), [(d.code, f"{d.code} {d.title}") for d in divisions]),
    ]


def region_label(region: NutsRegion) -> str:
    """A region in a picker: its name in the reader's language, a province set off under its
    region (Brussels is a region and a province of the same name)."""
    return "– " * (region.level - 1) + region.name if region.level >= 2 else region.name


def region_choices() -> list[Any]:
    regions = NutsRegion.objects.filter(country="BE", level__lte=2).order_by("code")
    return [("", _("All regions"))] + [(r.code, region_label(r)) for r in regions]
