"""Invitations: sent, listed and withdrawn by owners and administrators
(/api/v1/organisations/{id}/invitations/), accepted by the invited address
(/api/v1/invitations/accept/)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.models import Invitation, Membership
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ACCEPT = "/api/v1/invitations/accept/"


def invitations_url(org) -> str:
    return f"/api/v1/organisations/{org.pk}/invitations/"


def invite(org, email="nieuw@example.org", role=Role.MEMBER, **extra) -> Invitation:
    return Invitation.objects.create(organisation=org, email=email, role=role, **extra)


# --- sending ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin_member"])
def test_managers_invite_by_email_and_a_mail_goes_out(
    api, request, organisation, who, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(request.getfixturevalue(who)).post(
            invitations_url(organisation), {"email": "Nieuw@Example.org", "role": "admin"}
        )
    assert response.status_code == 201, response.content
    invitation = Invitation.objects.get()
    assert invitation.email == "nieuw@example.org"
    assert invitation.role == Role.ADMIN
    assert response.json()["is_open"] is True
    assert "token" not in response.json()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nieuw@example.org"]
    assert "Houtatelier Vermeulen" in mailoutbox[0].subject
    assert invitation.token in mailoutbox[0].body


def test_no_mail_when_the_invitation_is_refused(
    api, organisation, owner, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(owner).post(invitations_url(organisation), {"email": member.email})
    assert response.status_code == 400
    assert mailoutbox == []


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_members_and_outsiders_cannot_invite(api, request, organisation, owner, who):
    response = api(request.getfixturevalue(who)).post(
        invitations_url(organisation), {"email": "x@example.org"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_anonymous_visitor_cannot_invite(api, organisation, owner):
    response = api(None).post(invitations_url(organisation), {"email": "x@example.org"})
    assert response.status_code in (401, 403)
    assert not Invitation.objects.exists()


def test_inviting_into_an_unknown_organisation_is_404(api, outsider):
    response = api(outsider).post(
        "/api/v1/organisations/999999/invitations/", {"email": "x@example.org"}
    )
    assert response.status_code == 404


def test_admin_cannot_invite_an_owner(api, organisation, owner, admin_member):
    response = api(admin_member).post(
        invitations_url(organisation), {"email": "x@example.org", "role": "owner"}
    )
    assert response.status_code == 400
    assert "role" in response.json()
    assert not Invitation.objects.exists()


def test_owner_may_invite_an_owner(api, organisation, owner):
    response = api(owner).post(
        invitations_url(organisation), {"email": "x@example.org", "role": "owner"}
    )
    assert response.status_code == 201
    assert Invitation.objects.get().role == Role.OWNER


def test_second_open_invitation_to_the_same_address_is_refused(api, organisation, owner):
    invite(organisation, "x@example.org")
    response = api(owner).post(invitations_url(organisation), {"email": "X@example.org"})
    assert response.status_code == 400
    assert "email" in response.json()
    assert Invitation.objects.count() == 1


def test_an_expired_invitation_may_be_sent_again(api, organisation, owner):
    old = invite(organisation, "x@example.org", expires_at=timezone.now() - timedelta(days=1))
    response = api(owner).post(invitations_url(organisation), {"email": "x@example.org"})
    assert response.status_code == 201
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert Invitation.objects.pending().get().pk == response.json()["id"]


@pytest.mark.parametrize(
    "data, field",
    [
        ({}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"email": "x@example.org", "role": "boss"}, "role"),
        ({"email": "x@example.org", "token": "chosen-by-me"}, "token"),
        ({"email": "x@example.org", "accepted_by": 1}, "accepted_by"),
        ({"email": ["x@example.org"]}, "email"),
    ],
)
def test_bad_invitation_input_is_refused(api, organisation, owner, data, field):
    response = api(owner).post(invitations_url(organisation), data)
    assert response.status_code == 400
    assert field in response.json()
    assert not Invitation.objects.exists()


def test_a_list_body_is_refused(api, organisation, owner):
    response = api(owner).post(
        invitations_url(organisation), [{"email": "x@example.org"}], format="json"
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


# --- listing and withdrawing -----------------------------------------------------------------


def test_managers_list_the_invitations_of_their_organisation_only(
    api, organisation, owner, admin_member
):
    invite(organisation, "a@example.org")
    invite(OrganisationFactory(), "elsewhere@example.org")
    for user in (owner, admin_member):
        response = api(user).get(invitations_url(organisation))
        assert response.status_code == 200
        assert [i["email"] for i in response.json()["results"]] == ["a@example.org"]


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_members_and_outsiders_cannot_list_invitations(api, request, organisation, owner, who):
    invite(organisation, "secret@example.org")
    response = api(request.getfixturevalue(who)).get(invitations_url(organisation))
    assert response.status_code == 403
    assert "secret@example.org" not in response.content.decode()


def test_invitation_list_costs_the_same_queries_for_3_and_15(
    api, organisation, owner, assert_constant_queries
):
    client = api(owner)
    counter = iter(range(1000))
    assert_constant_queries(
        lambda: client.get(invitations_url(organisation) + "?page_size=100"),
        lambda n: [invite(organisation, f"p{next(counter)}@example.org") for _ in range(n)],
    )


def test_manager_withdraws_an_invitation_and_it_can_no_longer_be_accepted(api, organisation, owner):
    invitation = invite(organisation, "x@example.org")
    response = api(owner).delete(f"{invitations_url(organisation)}{invitation.pk}/")
    assert response.status_code == 204
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    invitee = UserFactory(email="x@example.org")
    accept = api(invitee).post(ACCEPT, {"token": invitation.token})
    assert accept.status_code == 400
    assert not Membership.objects.filter(user=invitee).exists()


def test_member_cannot_withdraw_an_invitation(api, organisation, owner, member):
    invitation = invite(organisation, "x@example.org")
    assert api(member).delete(f"{invitations_url(organisation)}{invitation.pk}/").status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_withdrawing_another_organisations_invitation_is_404(api, organisation, owner):
    foreign = invite(OrganisationFactory(), "x@example.org")
    assert api(owner).delete(f"{invitations_url(organisation)}{foreign.pk}/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


# --- accepting -------------------------------------------------------------------------------


def test_invited_person_accepts_and_becomes_a_member_with_the_invited_role(
    api, organisation, owner
):
    invitation = invite(organisation, "x@example.org", role=Role.ADMIN)
    invitee = UserFactory(email="x@example.org")
    response = api(invitee).post(ACCEPT, {"token": invitation.token})
    assert response.status_code == 201, response.content
    assert response.json()["role"] == "admin"
    assert Membership.objects.get(organisation=organisation, user=invitee).role == Role.ADMIN
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    assert invitation.accepted_at is not None


def test_invited_address_matches_case_insensitively(api, organisation, owner):
    invitation = invite(organisation, "X.Person@Example.org")
    invitee = UserFactory(email="x.person@example.org")
    assert api(invitee).post(ACCEPT, {"token": invitation.token}).status_code == 201


def test_someone_else_cannot_accept_my_invitation(api, organisation, owner, outsider):
    invitation = invite(organisation, "x@example.org", role=Role.OWNER)
    response = api(outsider).post(ACCEPT, {"token": invitation.token})
    assert response.status_code == 400
    assert "address" in str(response.json()).lower() or "adres" in str(response.json()).lower()
    assert not Membership.objects.filter(user=outsider).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_expired_invitation_cannot_be_accepted(api, organisation, owner):
    invitation = invite(
        organisation, "x@example.org", expires_at=timezone.now() - timedelta(minutes=1)
    )
    invitee = UserFactory(email="x@example.org")
    response = api(invitee).post(ACCEPT, {"token": invitation.token})
    assert response.status_code == 400
    assert not Membership.objects.filter(user=invitee).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_revoked_invitation_cannot_be_accepted(api, organisation, owner):
    invitation = invite(organisation, "x@example.org", revoked_at=timezone.now())
    invitee = UserFactory(email="x@example.org")
    assert api(invitee).post(ACCEPT, {"token": invitation.token}).status_code == 400
    assert not Membership.objects.filter(user=invitee).exists()


def test_an_invitation_is_accepted_only_once(api, organisation, owner):
    invitation = invite(organisation, "x@example.org", role=Role.MEMBER)
    invitee = UserFactory(email="x@example.org")
    assert api(invitee).post(ACCEPT, {"token": invitation.token}).status_code == 201
    Membership.objects.filter(user=invitee).delete()  # left the organisation afterwards
    assert api(invitee).post(ACCEPT, {"token": invitation.token}).status_code == 400
    assert not Membership.objects.filter(user=invitee).exists()


def test_existing_member_accepting_keeps_their_role(api, organisation, owner, member):
    invitation = invite(organisation, member.email, role=Role.OWNER)
    response = api(member).post(ACCEPT, {"token": invitation.token})
    assert response.status_code == 400
    assert Membership.objects.get(organisation=organisation, user=member).role == Role.MEMBER
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize(
    "data",
    [{}, {"token": ""}, {"token": "nope"}, {"token": "x" * 65}, {"token": 5, "role": "owner"}],
)
def test_bad_or_unknown_token_is_refused(api, organisation, owner, outsider, data):
    response = api(outsider).post(ACCEPT, data)
    assert response.status_code == 400
    assert not Membership.objects.filter(user=outsider).exists()


def test_anonymous_visitor_cannot_accept(api, organisation, owner):
    invitation = invite(organisation, "x@example.org")
    assert api(None).post(ACCEPT, {"token": invitation.token}).status_code in (401, 403)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_membership_from_another_organisation_is_unaffected(api, organisation, owner):
    invitation = invite(organisation, "x@example.org", role=Role.MEMBER)
    invitee = UserFactory(email="x@example.org")
    other = MembershipFactory(user=invitee, role=Role.OWNER)
    assert api(invitee).post(ACCEPT, {"token": invitation.token}).status_code == 201
    other.refresh_from_db()
    assert other.role == Role.OWNER
    assert Membership.objects.filter(user=invitee).count() == 2
