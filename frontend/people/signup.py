"""What the sign-up form asks besides e-mail and password: the person's name.

allauth builds its sign-up form on this class (``ACCOUNT_SIGNUP_FORM_CLASS``). Without a name,
colleagues, partners and challenge histories could only show the local part of an e-mail
address ("an.peeters").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class SignupNameForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        help_text=_("Colleagues and partners see your name, not your e-mail address."),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,  # not everyone has one
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request: HttpRequest, user: Any) -> None:
        """allauth requires this hook; its adapter's ``save_user`` already stored the fields
        named first_name and last_name with the new account, so there is nothing left to do."""
