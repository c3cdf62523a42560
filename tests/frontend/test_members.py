"""The members page: who sees it and every management action (all POSTs through services)."""

from __future__ import annotations

import pytest

from marketplace.models import Invitation, Membership
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def members_url(organisation) -> str:
    return f"/organisaties/{organisation.pk}/leden/"


def membership_of(user, organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


# --- the page -------------------------------------------------------------------------------


def test_owner_sees_management_tools(page, owner, member, organisation):
    Invitation.objects.create(organisation=organisation, email="nieuw@example.org")
    html = page(owner, members_url(organisation)).content.decode()
    assert member.email in html
    assert "nieuw@example.org" in html
    assert f'action="/organisaties/{organisation.pk}/leden/uitnodigen/"' in html
    assert f'action="/organisaties/{organisation.pk}/eigendom-overdragen/"' in html


def test_admin_manages_but_cannot_transfer_ownership(page, admin_member, organisation):
    html = page(admin_member, members_url(organisation)).content.decode()
    assert "/leden/uitnodigen/" in html
    assert "/eigendom-overdragen/" not in html


def test_member_sees_the_list_only(page, owner, member, organisation):
    response = page(member, members_url(organisation))
    html = response.content.decode()
    assert response.status_code == 200
    assert owner.display_name in html
    assert owner.email not in html
    assert "/leden/uitnodigen/" not in html
    assert "/rol/" not in html


def test_outsider_gets_403_and_visitor_signs_in(client_for, outsider, organisation):
    assert client_for(outsider).get(members_url(organisation)).status_code == 403
    response = client_for(None).get(members_url(organisation))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_unknown_organisation_is_404(client_for, outsider):
    assert client_for(outsider).get("/organisaties/999999/leden/").status_code == 404


# --- invitations ----------------------------------------------------------------------------


def test_owner_invites_by_email(client_for, owner, organisation):
    response = client_for(owner).post(
        f"{members_url(organisation)}uitnodigen/", {"email": "An@Example.org", "role": "admin"}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(organisation=organisation)
    assert (invitation.email, invitation.role) == ("an@example.org", Role.ADMIN)


def test_admin_may_not_invite_an_owner(client_for, admin_member, organisation):
    response = client_for(admin_member).post(
        f"{members_url(organisation)}uitnodigen/", {"email": "baas@example.org", "role": "owner"}
    )
    assert response.status_code == 400
    assert "role" in response.context["invite_form"].errors
    assert not Invitation.objects.exists()


def test_inviting_a_member_again_shows_an_error(client_for, owner, member, organisation):
    response = client_for(owner).post(
        f"{members_url(organisation)}uitnodigen/", {"email": member.email, "role": "member"}
    )
    assert response.status_code == 400
    assert "email" in response.context["invite_form"].errors
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("data", [{"email": "geen-adres", "role": "member"}, {"email": "a@b.be"}])
def test_bad_invitation_input(client_for, owner, organisation, data):
    response = client_for(owner).post(f"{members_url(organisation)}uitnodigen/", data)
    assert response.status_code == 400
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("viewer", ["member", "outsider"])
def test_member_and_outsider_may_not_invite(client_for, request, organisation, viewer):
    client = client_for(request.getfixturevalue(viewer))
    response = client.post(
        f"{members_url(organisation)}uitnodigen/", {"email": "x@example.org", "role": "member"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_invite_is_post_only(client_for, owner, organisation):
    assert client_for(owner).get(f"{members_url(organisation)}uitnodigen/").status_code == 405


def test_admin_revokes_an_invitation(client_for, admin_member, organisation):
    invitation = Invitation.objects.create(organisation=organisation, email="x@example.org")
    response = client_for(admin_member).post(
        f"/organisaties/{organisation.pk}/uitnodigingen/{invitation.pk}/intrekken/"
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_member_may_not_revoke(client_for, member, organisation):
    invitation = Invitation.objects.create(organisation=organisation, email="x@example.org")
    response = client_for(member).post(
        f"/organisaties/{organisation.pk}/uitnodigingen/{invitation.pk}/intrekken/"
    )
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


# --- roles, removal, ownership --------------------------------------------------------------


def test_owner_changes_a_role(client_for, owner, member, organisation):
    membership = membership_of(member, organisation)
    response = client_for(owner).post(
        f"{members_url(organisation)}{membership.pk}/rol/", {"role": "admin"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_admin_may_not_demote_the_owner_and_sees_why(client_for, owner, admin_member, organisation):
    client = client_for(admin_member)
    membership = membership_of(owner, organisation)
    response = client.post(
        f"{members_url(organisation)}{membership.pk}/rol/", {"role": "member"}, follow=True
    )
    membership.refresh_from_db()
    assert membership.role == Role.OWNER
    assert 'class="message message-error"' in response.content.decode()


def test_last_owner_cannot_step_down(client_for, owner, organisation):
    membership = membership_of(owner, organisation)
    response = client_for(owner).post(
        f"{members_url(organisation)}{membership.pk}/rol/", {"role": "admin"}, follow=True
    )
    membership.refresh_from_db()
    assert membership.role == Role.OWNER
    assert 'class="message message-error"' in response.content.decode()


def test_unknown_role_changes_nothing(client_for, owner, member, organisation):
    membership = membership_of(member, organisation)
    client_for(owner).post(f"{members_url(organisation)}{membership.pk}/rol/", {"role": "king"})
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_member_may_not_change_roles(client_for, member, organisation):
    membership = membership_of(member, organisation)
    response = client_for(member).post(
        f"{members_url(organisation)}{membership.pk}/rol/", {"role": "owner"}
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_membership_of_another_organisation_is_404(client_for, owner, organisation):
    elsewhere = MembershipFactory()
    response = client_for(owner).post(f"{members_url(organisation)}{elsewhere.pk}/verwijderen/")
    assert response.status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_admin_removes_a_member(client_for, owner, admin_member, member, organisation):
    membership = membership_of(member, organisation)
    response = client_for(admin_member).post(
        f"{members_url(organisation)}{membership.pk}/verwijderen/"
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_member_may_not_remove_others(client_for, owner, admin_member, member, organisation):
    membership = membership_of(admin_member, organisation)
    response = client_for(member).post(f"{members_url(organisation)}{membership.pk}/verwijderen/")
    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_member_may_leave(client_for, owner, member, organisation):
    membership = membership_of(member, organisation)
    response = client_for(member).post(f"{members_url(organisation)}{membership.pk}/verwijderen/")
    assert response.status_code == 302
    assert response["Location"] == f"/organisaties/{organisation.pk}/"
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_owner_transfers_ownership(client_for, owner, member, organisation):
    response = client_for(owner).post(
        f"/organisaties/{organisation.pk}/eigendom-overdragen/", {"member": member.pk}
    )
    assert response.status_code == 302
    assert organisation.role_of(member) == Role.OWNER
    assert organisation.role_of(owner) == Role.ADMIN


def test_ownership_cannot_go_to_an_outsider(client_for, owner, outsider, organisation):
    response = client_for(owner).post(
        f"/organisaties/{organisation.pk}/eigendom-overdragen/", {"member": outsider.pk}
    )
    assert response.status_code == 400
    assert "member" in response.context["transfer_form"].errors
    assert organisation.role_of(owner) == Role.OWNER


def test_admin_may_not_transfer_ownership(client_for, owner, admin_member, organisation):
    response = client_for(admin_member).post(
        f"/organisaties/{organisation.pk}/eigendom-overdragen/", {"member": admin_member.pk}
    )
    assert response.status_code == 403
    assert organisation.role_of(admin_member) == Role.ADMIN


# --- export ---------------------------------------------------------------------------------


def test_owner_downloads_the_organisation_data(client_for, owner, member, organisation):
    response = client_for(owner).get(f"/organisaties/{organisation.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = response.json()
    assert data["organisation"]["name"] == "Houtatelier Vermeulen"
    assert member.email in {m["email"] for m in data["members"]}


@pytest.mark.parametrize(
    ("viewer", "status"), [("admin_member", 403), ("member", 403), ("outsider", 403), (None, 302)]
)
def test_only_owners_export(client_for, request, organisation, viewer, status):
    user = request.getfixturevalue(viewer) if viewer else None
    response = client_for(user).get(f"/organisaties/{organisation.pk}/export/")
    assert response.status_code == status
