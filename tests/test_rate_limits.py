"""Abuse limits with their real values (config/settings.py RATE_LIMITS and allauth's
ACCOUNT_RATE_LIMITS): per address and per account, the client address read from
X-Forwarded-For only behind TRUSTED_PROXY_COUNT proxies, 429 with Retry-After and a message
in the reader's language."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from rest_framework.test import APIClient

from config import settings as project_settings
from marketplace.models.challenges import Status
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.marketplace.challenges.factories import make_challenge, make_proposal, solver

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def _real_limits(settings, _rate_limits_out_of_the_way):
    """The real values. Counts are not cleared (the cache is shared with the other test
    processes): every test counts under addresses, e-mails and accounts of its own."""
    settings.RATE_LIMITS = dict(project_settings.RATE_LIMITS)


def _address() -> str:
    octets = uuid.uuid4().bytes
    return f"10.{octets[0]}.{octets[1]}.{octets[2]}"


def _ask_token(email: str, address: str, **headers: str):
    client = APIClient(REMOTE_ADDR=address, **headers)
    return client.post(TOKEN, {"email": email, "password": "wrong"})


def _email() -> str:
    return f"{uuid.uuid4().hex[:12]}@example.org"


def test_the_token_endpoint_is_limited_per_address():
    address = _address()
    statuses = [_ask_token(_email(), address).status_code for n in range(11)]
    assert statuses == [400] * 10 + [429]
    refused = _ask_token(_email(), address, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"]
    dutch = _ask_token(_email(), address, HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch.json()["detail"] != refused.json()["detail"]
    # Another address is not affected.
    assert _ask_token(_email(), _address()).status_code == 400


def test_the_token_endpoint_is_limited_per_account_whatever_the_address():
    email = _email()
    statuses = [_ask_token(email, _address()).status_code for _ in range(11)]
    assert statuses == [400] * 10 + [429]
    refused = _ask_token(email.upper(), _address())
    assert refused.status_code == 429
    assert 60 < int(refused["Retry-After"]) <= 3600
    assert _ask_token(_email(), _address()).status_code == 400


def test_a_forwarded_for_header_is_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    address = _address()
    statuses = [
        _ask_token(_email(), address, HTTP_X_FORWARDED_FOR=_address()).status_code
        for n in range(11)
    ]
    assert statuses == [400] * 10 + [429]


def test_behind_one_trusted_proxy_the_client_is_the_address_it_forwarded(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = _address()
    # Eleven clients behind the same proxy: each has its own count.
    assert {
        _ask_token(_email(), proxy, HTTP_X_FORWARDED_FOR=_address()).status_code for n in range(11)
    } == {400}
    # One client, whatever it writes in front of the header itself, is counted once.
    client = _address()
    statuses = [
        _ask_token(_email(), proxy, HTTP_X_FORWARDED_FOR=f"{_address()}, {client}").status_code
        for n in range(11)
    ]
    assert statuses == [400] * 10 + [429]


def test_starting_proposals_is_limited_per_account():
    owner = MembershipFactory(organisation=OrganisationFactory()).user
    challenge = make_challenge(owner, owner.memberships.get().organisation, Status.OPEN)
    submitter, _org = solver()
    api = APIClient(REMOTE_ADDR=_address())
    api.force_authenticate(submitter)
    body = {"challenge": challenge.pk, "kind": "person", "title": ""}  # refused, still counted
    statuses = [api.post("/api/v1/proposals/", body).status_code for _ in range(31)]
    assert statuses == [400] * 30 + [429]
    assert int(api.post("/api/v1/proposals/", body)["Retry-After"]) > 60
    # Someone else from the same address still may.
    other = APIClient(REMOTE_ADDR=_address())
    other.force_authenticate(UserFactory())
    assert other.post("/api/v1/proposals/", body).status_code == 400


def test_an_upload_page_over_its_limit_shows_the_429_page_in_the_readers_language():
    owner = MembershipFactory(organisation=OrganisationFactory()).user
    challenge = make_challenge(owner, owner.memberships.get().organisation, Status.OPEN)
    submitter, _org = solver()
    proposal = make_proposal(submitter, challenge, submit=False)
    client = Client(REMOTE_ADDR=_address())
    client.force_login(submitter)
    url = f"/proposals/{proposal.pk}/attachments/"
    statuses = [client.post(url).status_code for _ in range(60)]  # no file: refused, counted
    assert set(statuses) == {302}
    dutch = client.post(url)
    assert dutch.status_code == 429
    assert int(dutch["Retry-After"]) > 60
    assert "Te veel verzoeken" in dutch.content.decode()
    english = client.post(f"/en{url}")
    assert english.status_code == 429
    assert "Too many requests" in english.content.decode()


def test_sign_up_is_limited_per_address_with_the_429_page():
    client = Client(REMOTE_ADDR=_address())
    statuses = [
        client.post("/en/accounts/signup/", {"email": _email()}).status_code for n in range(21)
    ]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    refused = client.post("/en/accounts/signup/", {"email": _email()})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"  # sign-up: 20 an hour
    assert "Too many requests" in refused.content.decode()


def test_room_invitations_are_limited_per_account_in_the_api_and_on_the_page():
    from collab.services.rooms import room_create

    owner = UserFactory()
    room = room_create(name="Retrofit", created_by=owner)
    api = APIClient(REMOTE_ADDR=_address())
    api.force_authenticate(owner)
    url = f"/api/v1/rooms/{room.pk}/invitations/"
    statuses = [api.post(url, {"email": "not an address"}).status_code for _ in range(31)]
    assert statuses == [400] * 30 + [429]  # refused invitations count too
    # The page shares the account's count: the next invitation there is refused as well.
    client = Client(REMOTE_ADDR=_address())
    client.force_login(owner)
    page = client.post(f"/en/projectruimtes/{room.pk}/uitnodigen/", {"email": "a@b.example"})
    assert page.status_code == 429
    assert "Too many requests" in page.content.decode()
    assert not room.invitations.exists()


def test_an_api_refusal_over_a_limit_is_said_wholly_in_the_readers_language():
    address = _address()
    for _ in range(10):
        _ask_token(_email(), address)
    dutch = _ask_token(_email(), address, HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch.status_code == 429
    # DRF's own: "Aanvraag was verstikt. Expected available in 58 seconds."
    assert dutch.json()["detail"] == (
        "Te veel verzoeken in korte tijd. Probeer het over een minuut opnieuw."
    )
