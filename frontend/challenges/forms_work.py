"""Forms for the work on a challenge: proposals, judging (invitations, the scoring form
generated from the weighted rubric, panels, assignment), feedback, awards and notification
preferences."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from marketplace.models import Award, AwardPlace, Organisation, Panel, Proposal, RubricCriterion
from marketplace.models.notifications import EmailFrequency, NotificationKind
from marketplace.models.proposals import ProposalKind


def _answer_field(criterion: RubricCriterion) -> forms.CharField:
    return forms.CharField(
        label=criterion.shown_prompt or criterion.shown_label,
        help_text=_("Judged as “%(label)s” (weight %(weight)d).")
        % {"label": criterion.shown_label, "weight": criterion.weight},
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ProposalContentForm(forms.Form):
    """Title, summary, approach, price and one answer per rubric criterion."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )
    approach = forms.CharField(
        label=_("Approach"),
        max_length=30000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    price_eur = forms.IntegerField(
        label=_("Price (EUR)"), min_value=0, max_value=100_000_000, required=False
    )

    def __init__(self, *args: Any, criteria: Iterable[RubricCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"answer_{criterion.key}"] = _answer_field(criterion)

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "approach": data["approach"],
            "price_eur": data["price_eur"],
            "answers": {
                c.key: data[f"answer_{c.key}"] for c in self.criteria if data.get(f"answer_{c.key}")
            },
        }

    @staticmethod
    def initial_for(proposal: Proposal) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": proposal.title,
            "summary": proposal.summary,
            "approach": proposal.approach,
            "price_eur": proposal.price_eur,
        }
        for key, value in (proposal.answers or {}).items():
            initial[f"answer_{key}"] = value
        return initial


class ProposalStartForm(ProposalContentForm):
    kind = forms.ChoiceField(
        label=_("Who submits?"),
        choices=ProposalKind.choices,
        initial=ProposalKind.PERSON,
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Only for a proposal on behalf of an organisation."),
    )
    team = forms.CharField(
        label=_("Team members' e-mail addresses"),
        required=False,
        max_length=1000,
        help_text=_("Only for a team proposal: separate the addresses with commas."),
    )
    field_order = ["kind", "organisation", "team", "title", "summary", "approach", "price_eur"]

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean_team(self) -> list[str]:
        raw = self.cleaned_data.get("team", "")
        emails = [e.strip().lower() for e in raw.replace(";", ",").split(",") if e.strip()]
        validator = forms.EmailField()
        for email in emails:
            validator.clean(email)
        if len(emails) > 12:
            raise forms.ValidationError(_("At most 12 team members."))
        return emails


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Add a file"))


class JudgeResponseForm(forms.Form):
    conflict_statement = forms.CharField(
        label=_("Conflicts of interest"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Interests in organisations that may submit (a job, shares, family, a recent "
            "contract). Leave empty when there are none."
        ),
    )
    declare = forms.BooleanField(
        label=_("I declare that I have listed every conflict of interest I know of."),
        required=True,
    )


class ScoringForm(forms.Form):
    """Generated from the challenge's weighted rubric: a score (0…highest) and a comment for
    the submitter per criterion, the judge's private note, and whether it is final."""

    private_note = forms.CharField(
        label=_("Private note (only you see it)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    final = forms.BooleanField(label=_("My evaluation is complete"), required=False)

    def __init__(self, *args: Any, criteria: Iterable[RubricCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields: dict[str, forms.Field] = {}
        for criterion in self.criteria:
            fields[f"score_{criterion.key}"] = forms.IntegerField(
                label=_("%(label)s: score from 0 to %(max)d (weight %(weight)d)")
                % {
                    "label": criterion.shown_label,
                    "max": criterion.max_score,
                    "weight": criterion.weight,
                },
                min_value=0,
                max_value=criterion.max_score,
                required=False,
            )
            fields[f"comment_{criterion.key}"] = forms.CharField(
                label=_("Comment on %(label)s") % {"label": criterion.shown_label},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields = {**fields, **self.fields}

    def scores(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "criterion": c.key,
                "value": data[f"score_{c.key}"],
                "comment": data.get(f"comment_{c.key}", ""),
            }
            for c in self.criteria
            if data.get(f"score_{c.key}") is not None
        ]


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("What is the conflict?"), max_length=500)


class JudgeInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the judge"))
    panel = forms.ModelChoiceField(label=_("Panel"), queryset=Panel.objects.none(), required=False)

    def __init__(self, *args: Any, panels: QuerySet[Panel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = panels  # type: ignore[attr-defined]


class PanelForm(forms.Form):
    name = forms.CharField(label=_("Panel name"), max_length=120)


class BulkAssignForm(forms.Form):
    per_proposal = forms.IntegerField(
        label=_("Judges per proposal"), min_value=1, max_value=20, initial=2
    )
    panel = forms.ModelChoiceField(
        label=_("Only judges of panel"), queryset=Panel.objects.none(), required=False
    )

    def __init__(self, *args: Any, panels: QuerySet[Panel], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = panels  # type: ignore[attr-defined]


class FeedbackForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the submitter"),
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was strong, what was missing, and why the proposal did (not) win."),
    )

    def __init__(self, *args: Any, criteria: Iterable[RubricCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.key}"] = forms.IntegerField(
                label=_("%(label)s (0–%(max)d)")
                % {"label": criterion.shown_label, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [c for c in self.criteria if data.get(f"score_{c.key}") is not None]
        if given and len(given) != len(self.criteria):
            raise forms.ValidationError(
                _("Give a score for every criterion, or none to use the judges' scores.")
            )
        return data

    def scores(self) -> dict[str, int] | None:
        values = {c.key: self.cleaned_data.get(f"score_{c.key}") for c in self.criteria}
        if all(v is None for v in values.values()):
            return None
        return {k: int(v) for k, v in values.items() if v is not None}


class AwardPlaceForm(forms.ModelForm):
    class Meta:
        model = AwardPlace
        fields = ["rank", "title", "description", "amount_eur"]


class AwardGrantForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Place"), queryset=AwardPlace.objects.none())
    proposal = forms.ModelChoiceField(label=_("Proposal"), queryset=Proposal.objects.none())

    def __init__(
        self,
        *args: Any,
        places: QuerySet[AwardPlace],
        proposals: QuerySet[Proposal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        self.fields["proposal"].queryset = proposals  # type: ignore[attr-defined]
        if not self.is_bound:
            # The first place nobody holds yet, and the only proposal when there is one: what
            # the owner grants next, instead of an empty choice.
            held = Award.objects.filter(place__in=places, revoked_at__isnull=True)
            open_place = places.exclude(pk__in=held.values("place_id")).order_by("rank").first()
            if open_place is not None:
                self.fields["place"].initial = open_place.pk
            first_two = list(proposals[:2])
            if len(first_two) == 1:
                self.fields["proposal"].initial = first_two[0].pk


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label=_("E-mail me"), choices=EmailFrequency.choices, widget=forms.RadioSelect
    )
    muted_kinds = forms.MultipleChoiceField(
        label=_("I do not want to hear about"),
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
