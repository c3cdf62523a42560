"""POST /api/v1/auth/token/ {email, password} → {token}, used as `Authorization: Token …`."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

URL = "/api/v1/auth/token/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """A client from its own address: the token endpoint is throttled per address, and the
    throttle counts live in the shared cache."""
    octets = uuid.uuid4().bytes
    return APIClient(REMOTE_ADDR=f"10.{octets[0]}.{octets[1]}.{octets[2]}")


@pytest.fixture
def user():
    return UserFactory(email="ann.peeters@example.org")


def test_email_and_password_give_a_token_that_signs_me_in(client, user):
    response = client.post(URL, {"email": "ann.peeters@example.org", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=user).key == token

    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/people/me/")
    assert me.status_code == 200
    assert me.json()["matching_consent"] is False  # my own profile, with my private fields


def test_the_same_token_comes_back_on_a_second_sign_in(client, user):
    first = client.post(URL, {"email": user.email, "password": PASSWORD}).json()["token"]
    second = client.post(URL, {"email": user.email, "password": PASSWORD}).json()["token"]
    assert first == second
    assert Token.objects.filter(user=user).count() == 1


def test_email_is_not_case_sensitive(client, user):
    response = client.post(URL, {"email": "Ann.Peeters@Example.ORG", "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"email": "ann.peeters@example.org", "password": "wrong"},
        {"email": "nobody@example.org", "password": PASSWORD},
        {"email": "ann.peeters@example.org", "password": PASSWORD.upper()},
    ],
)
def test_wrong_credentials_give_400_without_token(client, user, data):
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "token" not in response.json()
    assert response.json()["detail"]
    assert not Token.objects.exists()


def test_unknown_address_and_wrong_password_get_the_same_answer(client, user):
    wrong_password = client.post(URL, {"email": user.email, "password": "wrong"})
    unknown_email = client.post(URL, {"email": "nobody@example.org", "password": "wrong"})
    assert wrong_password.json() == unknown_email.json()


def test_deactivated_account_gets_no_token(client, user):
    user.is_active = False
    user.save()
    response = client.post(URL, {"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert not Token.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"password": PASSWORD}, "email"),
        ({"email": "ann.peeters@example.org"}, "password"),
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"email": ["ann.peeters@example.org"], "password": PASSWORD}, "email"),
        ({"email": "ann.peeters@example.org", "password": PASSWORD, "is_staff": True}, "is_staff"),
    ],
)
def test_malformed_request_is_refused(client, user, data, field):
    response = client.post(URL, data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Token.objects.exists()


def test_a_list_body_is_refused(client, user):
    response = client.post(URL, [{"email": user.email, "password": PASSWORD}], format="json")
    assert response.status_code == 400
    assert not Token.objects.exists()


def test_a_bad_token_is_refused(client, user):
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/people/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Invalid token."}


@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("en", "Authentication credentials were not provided."),
        ("nl", "Authenticatiegegevens zijn niet opgegeven."),
    ],
)
def test_no_credentials_is_401_and_says_how_to_sign_in(client, language, detail):
    """As the schema says: 401 is "not signed in", 403 "signed in, but not yours"."""
    response = client.get("/api/v1/people/me/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": detail}


def test_signed_in_but_not_allowed_stays_403(client, user):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = client.patch(f"/api/v1/organisations/{organisation.pk}/", {"name": "Mine"})
    assert response.status_code in (403, 404)
    assert response.status_code != 401


def test_a_token_wins_over_a_session_of_someone_else(client, user):
    """A script that signs in with a token acts as the token's user, whatever browser session
    its cookie jar still holds (and needs no CSRF token, as a token is not sent by a browser
    on its own)."""
    other = UserFactory(email="bert.claes@example.org")
    client.force_login(other)
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = client.get("/api/v1/people/me/")
    assert response.status_code == 200
    from marketplace.models import PersonProfile

    assert response.json()["id"] == PersonProfile.objects.get(user=user).pk


def test_the_token_of_a_deactivated_account_stops_working(client, user):
    token = Token.objects.create(user=user)
    user.is_active = False
    user.save()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/v1/people/me/").status_code in (401, 403)


def test_password_guessing_is_throttled(client, user):
    statuses = [
        client.post(URL, {"email": user.email, "password": f"guess{i}"}).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[-1] == 429
    # even the right password is refused while throttled
    assert client.post(URL, {"email": user.email, "password": PASSWORD}).status_code == 429
