"""Discovery pages' forms: the verdict on a suggestion, with its reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from marketplace.matching.models import FeedbackReason, Verdict


class FeedbackForm(forms.Form):
    subject = forms.CharField(max_length=120, widget=forms.HiddenInput)
    candidate = forms.CharField(max_length=120, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=Verdict.choices, widget=forms.HiddenInput)
    reason = forms.ChoiceField(label=gettext_lazy("Why?"), choices=FeedbackReason.choices)
    next = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)
