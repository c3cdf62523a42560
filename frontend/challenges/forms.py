"""Forms of the challenge pages: browse filters, the authoring wizard's steps, NDA, endorsement
and coaching. Field labels come from the models; our own texts are lazy translations."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from frontend.fields import region_label
from marketplace.models import Challenge, NutsRegion, Organisation, Technology
from marketplace.models.challenges import ChallengeType, IpRegime, Sector, Status
from marketplace.models.organisations import OrganisationKind
from marketplace.services.participation import COACH_KINDS

ORDERING_CHOICES = [
    ("relevance", _("Best match")),
    ("-published_at", _("Newest first")),
    ("deadline", _("Deadline soonest")),
    ("-budget", _("Highest budget or prize")),
    ("budget", _("Lowest budget or prize")),
]


class BrowseForm(forms.Form):
    """The browse and search page's filters. Invalid values are ignored (and shown)."""

    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. welding robot")}),
    )
    type = forms.MultipleChoiceField(
        label=_("Type"),
        choices=ChallengeType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.MultipleChoiceField(
        label=_("Sector"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    technology = forms.ChoiceField(label=_("Technology"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=[(s, label) for s, label in Status.choices if s != Status.DRAFT],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline_after = forms.DateField(
        label=_("Deadline from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline_before = forms.DateField(
        label=_("Deadline until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    has_prize = forms.BooleanField(label=_("With a budget or prize"), required=False)
    budget_min = forms.IntegerField(
        label=_("Budget or prize at least (EUR)"), min_value=0, required=False
    )
    ordering = forms.ChoiceField(label=_("Sort by"), choices=ORDERING_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["technology"].choices = [("", _("Any technology"))] + [  # type: ignore[attr-defined]
            (t.slug, t.label) for t in Technology.objects.order_by("slug")
        ]
        regions = NutsRegion.objects.filter(country="BE", level__in=[1, 2]).order_by("code")
        self.fields["region"].choices = [("", _("Anywhere"))] + [  # type: ignore[attr-defined]
            (r.code, region_label(r)) for r in regions
        ]

    def with_counts(self, facets: dict[str, dict[str, int]]) -> None:
        """Show the facet counts of the current result set beside each choice."""
        for name in ("type", "sector", "status", "technology", "region"):
            counts = facets.get(name, {})
            field = self.fields[name]
            field.choices = [  # type: ignore[attr-defined]
                (value, f"{label} ({counts.get(str(value), 0)})" if value else label)
                for value, label in field.choices  # type: ignore[attr-defined]
            ]


# --- the authoring wizard ----------------------------------------------------------------------

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ChallengeStartForm(forms.ModelForm):
    """Step 1 for a new brief: who posts it, the type, a working title."""

    organisation = forms.ModelChoiceField(
        label=_("Posted by"), queryset=Organisation.objects.none(), empty_label=None
    )
    type = forms.ChoiceField(
        label=_("What do you expect at the end?"),
        choices=ChallengeType.choices,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Challenge
        fields = ["organisation", "type", "title", "language"]
        help_texts = {"title": _("A working title; you can change it later.")}

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class StepForm(forms.ModelForm):
    """One wizard step on an existing draft: only the fields of that step. `prefilled` holds the
    values the wizard proposes for empty fields (the organisation's sector and region)."""

    def __init__(self, *args: Any, prefilled: dict[str, Any] | None = None, **kwargs: Any) -> None:
        self.prefilled = prefilled or {}
        kwargs["initial"] = {**(kwargs.get("initial") or {}), **self.prefilled}
        super().__init__(*args, **kwargs)

    def changes(self) -> dict[str, Any]:
        """The changed fields, as the service takes them (unchanged ones are left alone, so an
        open challenge is not refused for fields it may no longer change), and the pre-filled
        ones, which are not saved yet however unchanged they look."""
        names = [*self.changed_data, *(n for n in self.prefilled if n not in self.changed_data)]
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


class TypeStepForm(StepForm):
    type = forms.ChoiceField(
        label=_("What do you expect at the end?"),
        choices=ChallengeType.choices,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Challenge
        fields = ["type", "title", "language"]


class ProblemStepForm(StepForm):
    technologies = forms.ModelMultipleChoiceField(
        label=_("Technologies"),
        queryset=Technology.objects.order_by("slug"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    nuts = forms.ModelChoiceField(
        label=_("Region"),
        queryset=NutsRegion.objects.filter(country="BE", level__in=[1, 2, 3]).order_by("code"),
        required=False,
    )

    class Meta:
        model = Challenge
        fields = ["summary", "goal", "sector", "technologies", "nuts"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "goal": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("Public: everyone who may see the challenge reads this."),
            "goal": _("Which number should change, by how much, by when?"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Picking another sector swaps its starter kit into the side panel (htmx).
        self.fields["sector"].widget.attrs.update(
            {
                "hx-get": reverse("starter_kit_panel"),
                "hx-trigger": "change",
                "hx-target": "#starter-kit-panel",
                "hx-swap": "innerHTML",
            }
        )

    def starter_kit_sector(self) -> str:
        """The sector whose starter kit goes beside the form: the one chosen, pre-filled or
        saved."""
        return str(self["sector"].value() or "")


class ScopeStepForm(StepForm):
    wanted_partner_kinds = forms.MultipleChoiceField(
        label=_("Which partners are you looking for?"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Challenge
        fields = ["scope", "wanted_partner_kinds"]
        widgets = {"scope": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"scope": _("What must a solver hand over? What is out of scope?")}


class ConfidentialityStepForm(StepForm):
    ip_regime = forms.ChoiceField(
        label=_("Who owns the results?"), choices=IpRegime.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Challenge
        fields = ["visibility", "anonymous_seeker", "ip_regime", "confidential_detail"]
        widgets = {"confidential_detail": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "confidential_detail": _(
                "Drawings, figures, names of customers: shown only to people who accepted the "
                "NDA, to your colleagues and to the judges."
            ),
            "anonymous_seeker": _("Solvers see “Anonymous seeker” instead of your name."),
        }


class ImpactStepForm(StepForm):
    class Meta:
        model = Challenge
        fields = [
            "impact_work_organisation",
            "impact_skills",
            "impact_safety",
            "impact_privacy",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "impact_work_organisation",
                "impact_skills",
                "impact_safety",
                "impact_privacy",
            )
        }
        help_texts = {
            "impact_work_organisation": _("Who on the shop floor notices the change, and how?"),
            "impact_skills": _("Which skills are needed; who is trained, how?"),
            "impact_safety": _("What changes for ergonomics and safety?"),
            "impact_privacy": _("Is data about workers collected? What is kept, and why?"),
        }


class TermsStepForm(StepForm):
    class Meta:
        model = Challenge
        fields = ["budget_eur", "prize_description", "deadline", "feedback_deadline"]
        widgets = {"deadline": DATETIME_LOCAL, "feedback_deadline": DATE}
        help_texts = {
            "feedback_deadline": _(
                "Every submitter hears back by this date, with scores and a reason."
            ),
        }


STEPS: list[tuple[str, Any, Any]] = [
    ("type", _("Type"), TypeStepForm),
    ("problem", _("Problem and goal"), ProblemStepForm),
    ("scope", _("Scope and deliverables"), ScopeStepForm),
    ("confidentiality", _("Confidentiality, NDA and IP"), ConfidentialityStepForm),
    ("impact", _("Impact on work"), ImpactStepForm),
    ("terms", _("Budget, prizes and dates"), TermsStepForm),
]
STEP_KEYS = [key for key, _label, _form in STEPS]
# Which guide texts (ChallengeTypeGuide.steps keys) go beside each wizard step.
GUIDE_KEYS = {
    "type": ["type"],
    "problem": ["problem", "goal"],
    "scope": ["scope"],
    "confidentiality": ["confidentiality"],
    "impact": ["impact"],
    "terms": ["terms"],
}


# --- around the challenge ----------------------------------------------------------------------


class NdaAcceptForm(forms.Form):
    terms_version = forms.CharField(max_length=20, widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(
        label=_("I sign on behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself"),
    )
    agree = forms.BooleanField(label=_("I have read the terms above and accept them."))

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class NdaRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class EndorseForm(forms.Form):
    anonymous = forms.BooleanField(label=_("Endorse anonymously"), required=False)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=500, required=False)


class CoauthorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of your colleague"))


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(max_length=500, required=False)


class CoachingForm(forms.Form):
    intermediary = forms.ModelChoiceField(
        label=_("Intermediary"),
        queryset=Organisation.objects.filter(kind__in=list(COACH_KINDS)).order_by("name"),
        help_text=_("A VLAIO advisor, sector federation or knowledge centre on Kruispunt."),
    )
    message = forms.CharField(
        label=_("What would you like help with?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CoachingCloseForm(forms.Form):
    answer = forms.CharField(
        label=_("Your advice"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
