"""Accepting an invitation from the link in the e-mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import Invitation
from marketplace.models.organisations import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitee(db):
    return UserFactory(email="invitee@example.org")


@pytest.fixture
def invitation(organisation, owner):
    return Invitation.objects.create(
        organisation=organisation, email="invitee@example.org", role=Role.ADMIN, invited_by=owner
    )


def url(invitation) -> str:
    return f"/uitnodiging/{invitation.token}/"


def test_visitor_sees_what_the_link_invites_to(page, invitation):
    response = page(None, url(invitation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Houtatelier Vermeulen" in html
    assert f"/accounts/login/?next=/uitnodiging/{invitation.token}/" in html


def test_visitor_posting_is_sent_to_sign_in(client_for, invitation):
    response = client_for(None).post(url(invitation))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert invitation.organisation.memberships.count() == 1


def test_invitee_accepts(client_for, invitee, invitation):
    client = client_for(invitee)
    assert 'method="post"' in client.get(url(invitation)).content.decode()
    response = client.post(url(invitation))
    assert response.status_code == 302
    assert response["Location"] == f"/organisaties/{invitation.organisation.pk}/"
    assert invitation.organisation.role_of(invitee) == Role.ADMIN


def test_someone_else_cannot_accept(client_for, outsider, invitation):
    client = client_for(outsider)
    assert "invitee@example.org" in client.get(url(invitation)).content.decode()
    response = client.post(url(invitation))
    assert response.status_code == 400
    assert 'class="message message-error"' in response.content.decode()
    assert invitation.organisation.role_of(outsider) is None


def test_expired_invitation_says_so(client_for, invitee, invitation):
    invitation.expires_at = timezone.now() - timedelta(days=1)
    invitation.save()
    response = client_for(invitee).post(url(invitation))
    assert response.status_code == 400
    assert invitation.organisation.role_of(invitee) is None


def test_unknown_or_withdrawn_invitation_is_404(client_for, invitee, invitation):
    client = client_for(invitee)
    assert client.get("/uitnodiging/bestaat-niet/").status_code == 404
    invitation.revoked_at = timezone.now()
    invitation.save()
    assert client.get(url(invitation)).status_code == 404
    assert client.post(url(invitation)).status_code == 404
