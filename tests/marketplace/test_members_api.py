"""/api/v1/organisations/{id}/members/: seen by members, managed by owners and administrators;
only owners grant or withdraw ownership and an organisation always keeps an owner."""

from __future__ import annotations

import pytest

from marketplace.models import Membership
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def members_url(org) -> str:
    return f"/api/v1/organisations/{org.pk}/members/"


def member_url(org, user) -> str:
    membership = Membership.objects.get(organisation=org, user=user)
    return f"{members_url(org)}{membership.pk}/"


def roles(org) -> dict[int, str]:
    return dict(Membership.objects.filter(organisation=org).values_list("user_id", "role"))


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin_member", "member"])
def test_members_see_who_is_in_the_organisation(
    api, request, organisation, owner, admin_member, member, who
):
    response = api(request.getfixturevalue(who)).get(members_url(organisation))
    assert response.status_code == 200
    listed = {m["email"]: m["role"] for m in response.json()["results"]}
    assert listed == {owner.email: "owner", admin_member.email: "admin", member.email: "member"}


def test_outsider_may_not_see_the_member_list(api, organisation, owner, outsider):
    response = api(outsider).get(members_url(organisation))
    assert response.status_code == 403
    assert owner.email not in response.content.decode()


def test_anonymous_visitor_may_not_see_the_member_list(api, organisation, owner):
    response = api(None).get(members_url(organisation))
    assert response.status_code in (401, 403)
    assert owner.email not in response.content.decode()


def test_members_of_unknown_organisation_is_404(api, outsider):
    assert api(outsider).get("/api/v1/organisations/999999/members/").status_code == 404


def test_membership_of_another_organisation_is_404(api, organisation, owner):
    elsewhere = MembershipFactory()
    url = f"{members_url(organisation)}{elsewhere.pk}/"
    assert api(owner).get(url).status_code == 404
    assert api(owner).patch(url, {"role": "admin"}).status_code == 404
    assert api(owner).delete(url).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.role == Role.MEMBER


def test_member_list_costs_the_same_queries_for_3_and_15_members(
    api, organisation, owner, assert_constant_queries
):
    client = api(owner)
    url = members_url(organisation) + "?page_size=100"
    assert_constant_queries(
        lambda: client.get(url),
        lambda n: MembershipFactory.create_batch(n, organisation=organisation),
    )


# --- changing roles --------------------------------------------------------------------------


def test_owner_promotes_a_member_to_admin(api, organisation, owner, member):
    response = api(owner).patch(member_url(organisation, member), {"role": "admin"})
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "admin"
    assert roles(organisation)[member.pk] == Role.ADMIN


def test_owner_makes_a_member_co_owner(api, organisation, owner, member):
    response = api(owner).patch(member_url(organisation, member), {"role": "owner"})
    assert response.status_code == 200
    assert roles(organisation)[member.pk] == Role.OWNER


def test_admin_promotes_and_demotes_between_member_and_admin(
    api, organisation, owner, admin_member, member
):
    assert (
        api(admin_member).patch(member_url(organisation, member), {"role": "admin"}).status_code
        == 200
    )
    assert roles(organisation)[member.pk] == Role.ADMIN
    assert (
        api(admin_member).patch(member_url(organisation, member), {"role": "member"}).status_code
        == 200
    )
    assert roles(organisation)[member.pk] == Role.MEMBER


def test_admin_cannot_grant_ownership(api, organisation, owner, admin_member, member):
    before = roles(organisation)
    response = api(admin_member).patch(
        member_url(organisation, member), {"role": "owner"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "owner" in str(response.json()["role"]).lower()
    assert roles(organisation) == before


def test_admin_cannot_make_themselves_owner(api, organisation, owner, admin_member):
    before = roles(organisation)
    response = api(admin_member).patch(member_url(organisation, admin_member), {"role": "owner"})
    assert response.status_code == 400
    assert roles(organisation) == before


def test_admin_cannot_demote_an_owner(api, organisation, owner, admin_member):
    before = roles(organisation)
    response = api(admin_member).patch(member_url(organisation, owner), {"role": "member"})
    assert response.status_code == 400
    assert roles(organisation) == before


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_members_and_outsiders_cannot_change_roles(api, request, organisation, owner, member, who):
    before = roles(organisation)
    response = api(request.getfixturevalue(who)).patch(
        member_url(organisation, member), {"role": "admin"}
    )
    assert response.status_code == 403
    assert roles(organisation) == before


def test_anonymous_visitor_cannot_change_roles(api, organisation, owner, member):
    before = roles(organisation)
    response = api(None).patch(member_url(organisation, member), {"role": "owner"})
    assert response.status_code in (401, 403)
    assert roles(organisation) == before


def test_the_last_owner_cannot_step_down(api, organisation, owner, member):
    before = roles(organisation)
    response = api(owner).patch(
        member_url(organisation, owner), {"role": "admin"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "owner" in str(response.json()["role"]).lower()
    assert roles(organisation) == before


def test_one_of_two_owners_may_step_down(api, organisation, owner, member):
    Membership.objects.filter(user=member).update(role=Role.OWNER)
    response = api(owner).patch(member_url(organisation, owner), {"role": "member"})
    assert response.status_code == 200
    assert roles(organisation) == {owner.pk: Role.MEMBER, member.pk: Role.OWNER}


@pytest.mark.parametrize(
    "data, field",
    [
        ({"role": "superuser"}, "role"),
        ({"role": ""}, "role"),
        ({"role": None}, "role"),
        ({"role": "admin", "user": 1, "is_staff": True}, "is_staff"),
        ({"organisation": 99}, "organisation"),
    ],
)
def test_bad_role_change_is_refused(api, organisation, owner, member, data, field):
    before = roles(organisation)
    response = api(owner).patch(member_url(organisation, member), data)
    assert response.status_code == 400
    assert field in response.json()
    assert roles(organisation) == before


def test_read_only_user_field_cannot_move_a_membership(api, organisation, owner, member, outsider):
    response = api(owner).patch(
        member_url(organisation, member), {"role": "admin", "user": outsider.pk}
    )
    assert response.status_code == 200
    assert roles(organisation)[member.pk] == Role.ADMIN
    assert not Membership.objects.filter(user=outsider).exists()


# --- removing --------------------------------------------------------------------------------


def test_owner_removes_a_member(api, organisation, owner, member):
    assert api(owner).delete(member_url(organisation, member)).status_code == 204
    assert member.pk not in roles(organisation)


def test_admin_removes_a_member(api, organisation, owner, admin_member, member):
    assert api(admin_member).delete(member_url(organisation, member)).status_code == 204
    assert member.pk not in roles(organisation)


def test_admin_cannot_remove_an_owner(api, organisation, owner, admin_member):
    before = roles(organisation)
    response = api(admin_member).delete(member_url(organisation, owner))
    assert response.status_code == 400
    assert roles(organisation) == before


def test_member_leaves_the_organisation(api, organisation, owner, member):
    assert api(member).delete(member_url(organisation, member)).status_code == 204
    assert member.pk not in roles(organisation)


def test_member_cannot_remove_someone_else(api, organisation, owner, admin_member, member):
    before = roles(organisation)
    assert api(member).delete(member_url(organisation, admin_member)).status_code == 403
    assert roles(organisation) == before


def test_outsider_cannot_remove_anyone(api, organisation, owner, member, outsider):
    before = roles(organisation)
    assert api(outsider).delete(member_url(organisation, member)).status_code == 403
    assert api(None).delete(member_url(organisation, member)).status_code in (401, 403)
    assert roles(organisation) == before


def test_the_last_owner_cannot_leave(api, organisation, owner, member):
    before = roles(organisation)
    response = api(owner).delete(member_url(organisation, owner), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "owner" in response.content.decode().lower()
    assert roles(organisation) == before


def test_an_owner_may_leave_when_another_owner_remains(api, organisation, owner, member):
    Membership.objects.filter(user=member).update(role=Role.OWNER)
    assert api(owner).delete(member_url(organisation, owner)).status_code == 204
    assert roles(organisation) == {member.pk: Role.OWNER}


def test_membership_of_a_user_elsewhere_does_not_count_as_owner_here(api, organisation, owner):
    # The same person owning another organisation must not let them leave this one ownerless.
    MembershipFactory(organisation=OrganisationFactory(), user=owner, role=Role.OWNER)
    response = api(owner).delete(member_url(organisation, owner))
    assert response.status_code == 400
    assert roles(organisation) == {owner.pk: Role.OWNER}
