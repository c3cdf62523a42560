"""GDPR: /people/me/export/ (my data, nobody else's), DELETE /people/me/ (erasure, refused
while I am an organisation's only owner) and /organisations/{id}/export/ (owners only)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token

from marketplace.models import Capability, Invitation, Membership, Organisation, PersonProfile, User
from marketplace.models.organisations import Role
from marketplace.services import privacy
from tests.factories import (
    CapabilityFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ME = "/api/v1/people/me/"
MY_EXPORT = "/api/v1/people/me/export/"


def org_export_url(org) -> str:
    return f"/api/v1/organisations/{org.pk}/export/"


# --- my data export --------------------------------------------------------------------------


def test_my_export_contains_my_data_and_nobody_elses(api, organisation, owner, member):
    mine = PersonProfileFactory(user=member, headline="Lasser", bio="Twintig jaar MIG/MAG.")
    CapabilityFactory(owner_organisation=None, owner_person=mine, title="Lassen op maat")
    someone = PersonProfileFactory(user=UserFactory(email="someone.else@example.org"), bio="Geheim")
    CapabilityFactory(owner_organisation=None, owner_person=someone, title="Niet van mij")

    response = api(member).get(MY_EXPORT)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = response.json()
    assert data["account"]["email"] == member.email
    assert data["account"]["email_addresses"] == [
        {"email": member.email, "verified": True, "primary": True}
    ]
    assert data["profile"]["headline"] == "Lasser"
    assert data["profile"]["bio"] == "Twintig jaar MIG/MAG."
    assert data["profile"]["matching_consent"] is True
    assert [c["title"] for c in data["capabilities"]] == ["Lassen op maat"]
    assert data["memberships"] == [
        {
            "organisation": "Houtatelier Vermeulen",
            "organisation_id": organisation.pk,
            "role": "member",
            "since": Membership.objects.get(user=member).created_at.isoformat(),
        }
    ]
    text = json.dumps(data)
    for foreign in (owner.email, "someone.else@example.org", "Geheim", "Niet van mij"):
        assert foreign not in text


def test_export_without_a_profile_still_has_my_account(api, outsider):
    data = api(outsider).get(MY_EXPORT).json()
    assert data["account"]["email"] == outsider.email
    assert data["profile"] is None
    assert data["memberships"] == []


def test_anonymous_visitor_has_no_export(api, db):
    assert api(None).get(MY_EXPORT).status_code in (401, 403)


# --- erasing my account ----------------------------------------------------------------------


def test_i_erase_my_account_and_everything_personal_goes(api, organisation, owner, member):
    profile = PersonProfileFactory(user=member)
    CapabilityFactory(owner_organisation=None, owner_person=profile)
    Token.objects.create(user=member)
    invited_by_me = Invitation.objects.create(
        organisation=organisation, email="n@example.org", invited_by=member
    )

    response = api(member).delete(ME)

    assert response.status_code == 204
    assert not User.objects.filter(pk=member.pk).exists()
    assert not Membership.objects.filter(user_id=member.pk).exists()
    assert not PersonProfile.objects.filter(pk=profile.pk).exists()
    assert not Capability.objects.filter(owner_person_id=profile.pk).exists()
    assert not Token.objects.filter(user_id=member.pk).exists()
    # the organisation and its other people stay
    assert Membership.objects.filter(
        organisation=organisation, user=owner, role=Role.OWNER
    ).exists()
    invited_by_me.refresh_from_db()
    assert invited_by_me.invited_by is None


def test_the_only_owner_cannot_erase_their_account(api, organisation, owner, member):
    response = api(owner).delete(ME)
    assert response.status_code == 400
    assert "Houtatelier Vermeulen" in response.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()
    assert Membership.objects.get(user=owner).role == Role.OWNER


def test_an_owner_with_a_co_owner_may_erase_their_account(api, organisation, owner, member):
    Membership.objects.filter(user=member).update(role=Role.OWNER)
    assert api(owner).delete(ME).status_code == 204
    assert not User.objects.filter(pk=owner.pk).exists()
    assert list(
        Membership.objects.filter(organisation=organisation).values_list("user_id", "role")
    ) == [(member.pk, Role.OWNER)]


def test_anonymous_visitor_cannot_erase_anything(api, organisation, owner):
    assert api(None).delete(ME).status_code in (401, 403)
    assert User.objects.filter(pk=owner.pk).exists()


def test_after_erasure_the_token_no_longer_works(api, outsider):
    token = Token.objects.create(user=outsider)
    assert api(outsider).delete(ME).status_code == 204
    client = api(None)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(ME).status_code in (401, 403)


@pytest.mark.django_db(transaction=True)
def test_two_co_owners_erasing_at_once_leave_the_organisation_an_owner(api, monkeypatch):
    organisation = OrganisationFactory()
    first = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    second = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    original = privacy.sole_owner_organisations

    def slow(user):
        found = original(user)
        time.sleep(0.3)  # both requests now believe the other stays owner
        return found

    monkeypatch.setattr(privacy, "sole_owner_organisations", slow)
    barrier = threading.Barrier(2)
    results: list = []

    def erase(user):
        try:
            barrier.wait()
            results.append(api(user).delete(ME).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=erase, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == [204, 400]
    assert Membership.objects.filter(organisation=organisation, role=Role.OWNER).count() == 1


# --- organisation export ---------------------------------------------------------------------


def test_owner_exports_the_organisations_data(api, organisation, owner, admin_member, member):
    organisation.nace.set(["16.23"])
    Invitation.objects.create(
        organisation=organisation, email="pending@example.org", invited_by=owner
    )
    CapabilityFactory(owner_organisation=organisation, title="CNC-frezen")
    other = OrganisationFactory(name="Andere BV")
    MembershipFactory(organisation=other, user=UserFactory(email="andere@example.org"))
    CapabilityFactory(owner_organisation=other, title="Niet van ons")

    response = api(owner).get(org_export_url(organisation))

    assert response.status_code == 200
    data = response.json()
    assert data["organisation"]["name"] == "Houtatelier Vermeulen"
    assert data["organisation"]["enterprise_number"] == "0417.497.106"
    assert data["organisation"]["nace"] == ["16.23"]
    assert {m["email"]: m["role"] for m in data["members"]} == {
        owner.email: "owner",
        admin_member.email: "admin",
        member.email: "member",
    }
    assert [i["email"] for i in data["invitations"]] == ["pending@example.org"]
    assert [c["title"] for c in data["capabilities"]] == ["CNC-frezen"]
    text = json.dumps(data)
    assert "andere@example.org" not in text and "Niet van ons" not in text


@pytest.mark.parametrize("who", ["admin_member", "member", "outsider"])
def test_only_owners_export_the_organisation(api, request, organisation, owner, who):
    response = api(request.getfixturevalue(who)).get(org_export_url(organisation))
    assert response.status_code == 403
    assert owner.email not in response.content.decode()


def test_anonymous_visitor_cannot_export_an_organisation(api, organisation, owner):
    response = api(None).get(org_export_url(organisation))
    assert response.status_code in (401, 403)
    assert owner.email not in response.content.decode()


def test_export_of_unknown_organisation_is_404(api, owner):
    assert api(owner).get("/api/v1/organisations/999999/export/").status_code == 404


def test_organisations_survive_when_a_member_erases_their_account(api, organisation, owner, member):
    api(member).delete(ME)
    assert Organisation.objects.filter(pk=organisation.pk).exists()
