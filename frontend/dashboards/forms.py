"""The programme dashboard's filter form (GET): period, sector, region, type, kind."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.insights.regions import regions_listed
from marketplace.insights.scope import ProgrammeScope
from marketplace.models.challenges import ChallengeType, Sector
from marketplace.models.organisations import OrganisationKind

ANY: list[tuple[str, Any]] = [("", _("All"))]


def _region_choices() -> list[tuple[str, str]]:
    provinces = regions_listed("province")
    arrondissements = regions_listed("arrondissement")
    choices: list[tuple[str, Any]] = list(ANY)
    for province in provinces:
        choices.append((province.code, province.name))
        choices += [
            (a.code, f"— {a.name}")
            for a in arrondissements
            if a.code.startswith(province.code) and a.code != province.code
        ]
    return choices


class ProgrammeFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    sector = forms.ChoiceField(label=_("Sector"), choices=ANY + Sector.choices, required=False)
    region = forms.ChoiceField(label=_("Region"), choices=ANY, required=False)
    type = forms.ChoiceField(
        label=_("Challenge type"), choices=ANY + ChallengeType.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Posted by"), choices=ANY + OrganisationKind.choices, required=False
    )
    grain = forms.ChoiceField(
        label=_("Regions shown as"),
        choices=[("province", _("Provinces")), ("arrondissement", _("Arrondissements"))],
        required=False,
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        default = ProgrammeScope.default()
        if data is not None:
            data = data.copy()
            data.setdefault("start", default.start.isoformat())
            data.setdefault("end", default.end.isoformat())
        super().__init__(data, initial={"start": default.start, "end": default.end}, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = _region_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.scope().period_is_valid:
            self.add_error(
                None, _("The period must end after it starts and span at most five years.")
            )
        return data

    def scope(self) -> ProgrammeScope:
        data = self.cleaned_data
        return ProgrammeScope(
            start=data["start"],
            end=data["end"],
            sector=data.get("sector") or "",
            region=data.get("region") or "",
            type=data.get("type") or "",
            kind=data.get("kind") or "",
        )

    def chosen_grain(self) -> str:
        return self.cleaned_data.get("grain") or "province"
