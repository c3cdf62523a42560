"""The sign-up journey in the reader's language: the verification e-mail carries the
product's name (not django.contrib.sites' "example.com") and addresses the reader as "u" in
Dutch; password rules are explained in the language of the sign-up page."""

from __future__ import annotations

import pytest
from django.contrib.sites.models import Site
from django.core import mail

from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


def _sign_up(client, prefix: str, password: str = PASSWORD):
    return client.post(
        f"{prefix}/accounts/signup/",
        {
            "first_name": "An",
            "email": "an@atelier.example",
            "password1": password,
            "password2": password,
        },
    )


def test_the_site_is_named_after_the_product():
    site = Site.objects.get_current()
    assert site.name == "Kruispunt"
    assert site.domain != "example.com"


@pytest.mark.parametrize("prefix", ["", "/en", "/fr"])
def test_the_verification_mail_is_branded_kruispunt(client, prefix):
    assert _sign_up(client, prefix).status_code == 302
    message = mail.outbox[0]
    assert message.subject.startswith("[Kruispunt] ")
    assert "example.com" not in message.subject + message.body
    assert "Kruispunt" in message.body


def test_the_dutch_verification_mail_says_u_not_je(client):
    _sign_up(client, "")
    text = (mail.outbox[0].subject + " " + mail.outbox[0].body).lower()
    words = set(text.replace(",", " ").replace(".", " ").split())
    assert not words & {"je", "jij", "jouw", "jou"}, text
    assert "u" in words or "uw" in words


@pytest.mark.parametrize(
    ("prefix", "expected", "foreign"),
    [
        ("", "Dit wachtwoord is te kort", "This password is too short"),
        ("/fr", "Ce mot de passe est trop court", "This password is too short"),
        ("/en", "This password is too short", "Dit wachtwoord"),
    ],
)
def test_password_rules_are_explained_in_the_page_language(client, prefix, expected, foreign):
    response = _sign_up(client, prefix, password="kort1")
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert foreign not in html
