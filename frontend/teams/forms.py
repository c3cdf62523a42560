"""Forms of the team-formation pages. They validate input; the views call one service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet, Subquery
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from frontend.fields import AVAILABILITY_CHOICES, skills_field
from marketplace.models import IscedField, Organisation
from marketplace.models.organisations import LANGUAGE_CHOICES
from marketplace.teams.access import partner_institutions
from marketplace.teams.models import (
    RATING_FIELDS,
    PeerEvaluation,
    RunChallenge,
    RunStudent,
    TeamRun,
)

MAX_PARTNER_CHOICES = 200  # boxes on the run form
DATE_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class RunForm(forms.ModelForm):
    class Meta:
        model = TeamRun
        fields = [
            "title",
            "course",
            "description",
            "organisation",
            "partner_organisations",
            "survey_open",
            "team_size_min",
            "team_size_max",
            "no_lone_group_member",
            "min_common_slots",
            "weight_skills",
            "weight_diversity",
            "weight_preference",
            "seed",
            "time_limit",
            "evaluation_opens_at",
            "evaluation_closes_at",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "partner_organisations": forms.CheckboxSelectMultiple,
            "evaluation_opens_at": DATE_INPUT,
            "evaluation_closes_at": DATE_INPUT,
        }

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        # Not a sliced queryset: the field validates the ticked ids by filtering it (a slice
        # cannot be filtered, which turned every ticked box into "not a valid value").
        shown = partner_institutions().order_by("name").values("pk")[:MAX_PARTNER_CHOICES]
        chosen = self.instance.partner_organisations.all() if self.instance.pk else []
        self.fields["partner_organisations"].queryset = (  # type: ignore[attr-defined]
            partner_institutions()
            .filter(Q(pk__in=Subquery(shown)) | Q(pk__in=[o.pk for o in chosen]))
            .order_by("name")
        )
        if self.instance.pk:
            self.fields["organisation"].disabled = True
        self.fields["time_limit"].label = _("How long to search for teams (seconds)")
        self.fields["time_limit"].help_text = _(
            "Empty: about 1 second per 60 students, at most 10 seconds. A longer search, "
            "such as 60 seconds, brings the weakest team closer to the best possible."
        )
        self.fields["seed"].label = _("Variant")
        self.fields["seed"].help_text = _(
            "The same answers and variant give the same teams, unless a very busy server "
            "cuts the search short. Another variant number gives other teams that meet the "
            "same rules."
        )
        self.fields["partner_organisations"].help_text = _(
            "Students of these institutions can join through the invitation link too; "
            "teams mix students across institutions."
        )


class ChallengeForm(forms.ModelForm):
    required_skills = skills_field(label=_("required skills"))

    class Meta:
        model = RunChallenge
        fields = ["title", "teams", "challenge", "required_skills", "required_disciplines"]
        widgets = {"required_disciplines": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args: Any, challenges: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = challenges  # type: ignore[attr-defined]
        self.fields["teams"].min_value = 1  # type: ignore[attr-defined]


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One or more addresses, separated by commas, spaces or new lines."),
    )

    def clean_emails(self) -> list[str]:
        raw = self.cleaned_data["emails"].replace(",", " ").replace(";", " ").split()
        validator = forms.EmailField()
        return [validator.clean(e) for e in raw]


class EducatorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the co-educator"))


class SurveyForm(forms.Form):
    discipline = forms.ModelChoiceField(
        queryset=IscedField.objects.order_by("code"), label=_("discipline")
    )
    skills = skills_field(label=_("skills"))
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("languages"),
    )
    availability = forms.MultipleChoiceField(
        choices=AVAILABILITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("weekly availability"),
    )
    avoid = forms.ModelMultipleChoiceField(
        queryset=RunStudent.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("people I would rather not work with (only the educator sees this)"),
    )
    group = forms.CharField(
        max_length=60,
        required=False,
        label=_("group (optional)"),
        help_text=_(
            "If you belong to a group that should not be alone in a team, name it; the "
            "educator decides whether this is used."
        ),
    )

    def __init__(self, *args: Any, entry: RunStudent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.challenges = list(RunChallenge.objects.filter(run=entry.run))
        choices = [("", "—")] + [(str(c.pk), c.title) for c in self.challenges]
        for n in range(len(self.challenges)):
            self.fields[f"rank_{n + 1}"] = forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                label=format_lazy(_("Choice {n}"), n=n + 1),
            )
        self.fields["avoid"].queryset = (  # type: ignore[attr-defined]
            RunStudent.objects.filter(run=entry.run).exclude(pk=entry.pk).select_related("user")
        )
        self.fields["avoid"].label_from_instance = lambda s: s.name  # type: ignore[attr-defined]

    @property
    def rank_fields(self) -> list[Any]:
        return [self[f"rank_{n + 1}"] for n in range(len(self.challenges))]

    def survey_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        prefs = [data[f"rank_{n + 1}"] for n in range(len(self.challenges))]
        return {
            "discipline": data["discipline"],
            "skills": list(data["skills"]),
            "languages": data["languages"],
            "availability": data["availability"],
            "challenge_prefs": [p for p in prefs if p is not None],
            "avoid": [s.pk for s in data["avoid"]],
            "group": data["group"],
        }


def survey_initial(entry: RunStudent) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "discipline": entry.discipline_id,
        "skills": list(entry.skills.all()),
        "languages": entry.languages,
        "availability": entry.availability,
        "avoid": list(entry.avoid.all()),
        "group": entry.group,
    }
    for n, pk in enumerate(entry.challenge_prefs):
        initial[f"rank_{n + 1}"] = pk
    return initial


class SwapForm(forms.Form):
    a = forms.ModelChoiceField(queryset=RunStudent.objects.none(), label=_("Student"))
    b = forms.ModelChoiceField(queryset=RunStudent.objects.none(), label=_("swaps with"))

    def __init__(self, *args: Any, run: TeamRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        placed = RunStudent.objects.filter(run=run, membership__isnull=False).select_related("user")
        for name in ("a", "b"):
            self.fields[name].queryset = placed  # type: ignore[attr-defined]
            self.fields[name].label_from_instance = lambda s: s.name  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    student = forms.ModelChoiceField(queryset=RunStudent.objects.none(), label=_("Student"))
    team = forms.ModelChoiceField(queryset=RunStudent.objects.none(), label=_("to team"))

    def __init__(self, *args: Any, run: TeamRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = RunStudent.objects.filter(  # type: ignore[attr-defined]
            run=run, submitted_at__isnull=False
        ).select_related("user")
        self.fields["student"].label_from_instance = lambda s: s.name  # type: ignore[attr-defined]
        self.fields["team"].queryset = run.teams.select_related("run_challenge")  # type: ignore[attr-defined]


class PublishForm(forms.Form):
    accept_warnings = forms.BooleanField(
        required=False, label=_("Publish even though some teams break a rule")
    )
    accept_unplaced = forms.BooleanField(
        required=False,
        label=_(
            "Publish even though some students are in no team: they are told why and that "
            "I will contact them"
        ),
    )


class PeerEvaluationForm(forms.ModelForm):
    class Meta:
        model = PeerEvaluation
        fields = [*RATING_FIELDS, "comment", "flag_conflict", "flag_free_riding"]
        widgets = {
            **{f: forms.RadioSelect(choices=RATING_CHOICES) for f in RATING_FIELDS},
            "comment": forms.Textarea(attrs={"rows": 3}),
        }
