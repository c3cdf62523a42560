"""The rubric editor: the posting organisation's managers set the weighted criteria (also the
impact-on-work criterion) until the first proposal is submitted. One formset; a form error
(a weight out of range, two criteria with the same key) saves nothing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from frontend.http import SignedInRequest
from marketplace import access
from marketplace.models import Challenge
from marketplace.models.challenges import Status
from marketplace.models.judging import CriterionKind
from marketplace.services.challenges import rubric_replace

MAX_CRITERIA = 12
EDITABLE = {Status.DRAFT, Status.OPEN}


class CriterionForm(forms.Form):
    key = forms.SlugField(
        label=gettext_lazy("Key"),
        max_length=40,
        help_text=gettext_lazy("Short code without spaces, e.g. feasibility."),
    )
    label = forms.CharField(label=gettext_lazy("Criterion"), max_length=120)
    prompt = forms.CharField(
        label=gettext_lazy("Description (the question for submitters)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=CriterionKind.choices, initial=CriterionKind.GENERAL
    )
    weight = forms.IntegerField(
        label=gettext_lazy("Weight"),
        min_value=1,
        max_value=100,
        help_text=gettext_lazy("1 to 100; relative to the other criteria."),
    )
    max_score = forms.IntegerField(
        label=gettext_lazy("Highest score"), min_value=1, max_value=100, initial=10
    )


class BaseRubricFormSet(forms.BaseFormSet):
    def kept_forms(self) -> list[forms.Form]:
        """The existing rows and the filled-in new ones, without those marked for removal."""
        initial = self.initial_form_count()
        return [
            form
            for i, form in enumerate(self.forms)
            # _should_delete_form is Django's own test (used by deleted_forms); the stubs omit it.
            if (i < initial or form.has_changed()) and not self._should_delete_form(form)  # type: ignore[attr-defined]
        ]

    def criteria(self) -> list[dict[str, Any]]:
        """The rubric as the service takes it, in order (valid formset only)."""
        return [
            {name: form.cleaned_data[name] for name in CriterionForm.base_fields}
            for form in self.kept_forms()
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        if not self.kept_forms():
            raise ValidationError(gettext_lazy("A rubric needs at least one criterion."))
        seen: dict[str, forms.Form] = {}
        for form in self.kept_forms():
            key = form.cleaned_data["key"]
            if key in seen:
                form.add_error("key", gettext_lazy("Another criterion already uses this key."))
                raise ValidationError(
                    gettext_lazy("Each criterion needs its own key: “%(key)s” appears twice.")
                    % {"key": key}
                )
            seen[key] = form


# formset_factory returns a subclass of the formset= class; its stub only says BaseFormSet.
RubricFormSet = cast(
    type[BaseRubricFormSet],
    forms.formset_factory(
        CriterionForm,
        formset=BaseRubricFormSet,
        extra=2,
        can_delete=True,
        max_num=MAX_CRITERIA,
        validate_max=True,
        absolute_max=MAX_CRITERIA + 4,
    ),
)


def _locked_reason(challenge: Challenge) -> str | None:
    """Why the rubric cannot change any more (the service decides again when saving)."""
    if challenge.status not in EDITABLE:
        return _("The rubric is fixed once judging starts.")
    if challenge.proposals.exclude(status="draft").exists():
        return _("The rubric is fixed once a proposal was submitted.")
    return None


def _initial(challenge: Challenge) -> list[dict[str, Any]]:
    return [
        {
            "key": c.key,
            "label": c.label,
            "prompt": c.prompt,
            "kind": c.kind,
            "weight": c.weight,
            "max_score": c.max_score,
        }
        for c in challenge.criteria.all()
    ]


@login_required
def challenge_rubric(request: SignedInRequest, pk: int) -> HttpResponse:
    challenge = access.challenge_for_manage(request.user, pk)
    locked = _locked_reason(challenge)
    initial = _initial(challenge)
    if request.method == "POST":
        if locked is not None:
            messages.error(request, locked)
            return redirect("challenge_rubric", challenge.pk)
        formset = RubricFormSet(request.POST, initial=initial, prefix="criteria")
        if formset.is_valid():
            try:
                rubric_replace(challenge=challenge, criteria=formset.criteria())
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(  # type: ignore[attr-defined]
                    exc.messages
                )
            else:
                messages.success(request, _("Rubric saved."))
                return redirect("challenge_rubric", challenge.pk)
    else:
        formset = RubricFormSet(initial=initial, prefix="criteria")
    criteria = list(challenge.criteria.all())
    return render(
        request,
        "challenges/rubric.html",
        {
            "challenge": challenge,
            "formset": formset,
            "locked": locked,
            "criteria": criteria,
            "total_weight": sum(c.weight for c in criteria),
            "has_impact": any(c.kind == CriterionKind.IMPACT_ON_WORK for c in criteria),
        },
        status=400 if formset.is_bound and not formset.is_valid() else 200,
    )
