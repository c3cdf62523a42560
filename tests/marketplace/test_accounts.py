"""Accounts through allauth: sign-up with e-mail verification, login, logout, password reset,
TOTP second factor and the failed-login rate limit."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail

from marketplace.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]


def _login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_sign_up_needs_email_verification_before_login(client):
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "An",
            "last_name": "Peeters",
            "email": "an@atelier.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/accounts/confirm-email/")
    user = User.objects.get(email="an@atelier.example")
    assert (user.first_name, user.last_name, user.display_name) == ("An", "Peeters", "An Peeters")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    client.logout()
    # Unverified: login is held at the verification step.
    response = _login(client, "an@atelier.example", PASSWORD)
    assert response["Location"].endswith("/accounts/confirm-email/")
    path = "/" + link.group(0).split("/", 3)[3]
    client.post(path)
    assert user.emailaddress_set.get().verified
    response = _login(client, "an@atelier.example", PASSWORD)
    assert response.status_code == 302
    assert client.get("/api/v1/people/me/").status_code == 200


@pytest.mark.parametrize(
    ("prefix", "required"),
    [
        ("", "Dit veld is vereist."),
        ("/en", "This field is required."),
        ("/fr", "Ce champ est obligatoire."),
    ],
)
def test_sign_up_without_a_first_name_is_refused_and_creates_nothing(client, prefix, required):
    response = client.post(
        f"{prefix}/accounts/signup/",
        {"email": "an@atelier.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["first_name"] == [required]
    assert required in response.content.decode()
    assert not User.objects.filter(email="an@atelier.example").exists()
    assert mail.outbox == []


def test_the_sign_up_form_asks_the_name_first_and_the_last_name_is_optional(client):
    html = client.get("/en/accounts/signup/").content.decode()
    order = [html.index(f'name="{name}"') for name in ("first_name", "last_name", "email")]
    assert order == sorted(order)
    assert 'autocomplete="given-name"' in html
    assert "Colleagues and partners see your name, not your e-mail address." in html
    response = client.post(
        "/en/accounts/signup/",
        {
            "first_name": " Ayu ",
            "email": "ayu@atelier.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="ayu@atelier.example")
    assert (user.first_name, user.last_name, user.display_name) == ("Ayu", "", "Ayu")


def test_login_and_logout(client):
    user = UserFactory()
    assert _login(client, user.email, PASSWORD).status_code == 302
    assert client.get("/api/v1/people/me/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/api/v1/people/me/").status_code == 401


def test_wrong_password_is_refused_with_a_message(client):
    user = UserFactory()
    response = _login(client, user.email, "not the password")
    assert response.status_code == 200
    assert client.get("/api/v1/people/me/").status_code == 401


def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        _login(client, user.email, "wrong")
    response = client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"})
    assert "Too many failed login attempts" in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = _login(client, user.email, PASSWORD)
    assert response.status_code != 302
    assert client.get("/api/v1/people/me/").status_code == 401


def test_password_reset_by_email(client):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body)
    assert link
    path = "/" + link.group(0).split("/", 3)[3]
    response = client.get(path)
    assert response.status_code == 302  # allauth moves the key into the session
    new = "a new and long passphrase"
    response = client.post(response["Location"], {"password1": new, "password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def _current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_totp_second_factor_is_required_once_enabled(client):
    user = UserFactory()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate/" in response["Location"]
    assert client.get("/api/v1/people/me/").status_code == 401
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert client.get("/api/v1/people/me/").status_code == 401
    response = client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert response.status_code == 302
    assert client.get("/api/v1/people/me/").status_code == 200
