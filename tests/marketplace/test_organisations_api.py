"""/api/v1/organisations/: public profiles, created by anyone signed in, changed by owners and
administrators, deleted by owners."""

from __future__ import annotations

import pytest

from marketplace.models import Membership, Organisation
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory

URL = "/api/v1/organisations/"

pytestmark = pytest.mark.django_db


def detail(org) -> str:
    return f"{URL}{org.pk}/"


def snapshot(org: Organisation) -> dict:
    org = Organisation.objects.get(pk=org.pk)
    return {
        **{f.attname: getattr(org, f.attname) for f in Organisation._meta.concrete_fields},
        "nace": sorted(org.nace.values_list("code", flat=True)),
    }


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin_member", "member", "outsider", None])
def test_everyone_sees_the_public_profile(api, request, organisation, who):
    user = request.getfixturevalue(who) if who else None
    listed = api(user).get(URL)
    shown = api(user).get(detail(organisation))
    assert listed.status_code == 200
    assert [o["name"] for o in listed.json()["results"]] == ["Houtatelier Vermeulen"]
    assert shown.status_code == 200
    assert shown.json()["enterprise_number"] == "0417.497.106"


def test_my_role_tells_each_person_their_own_role(
    api, organisation, owner, admin_member, member, outsider
):
    roles = {
        "owner": api(owner).get(detail(organisation)).json()["my_role"],
        "admin": api(admin_member).get(detail(organisation)).json()["my_role"],
        "member": api(member).get(detail(organisation)).json()["my_role"],
        "outsider": api(outsider).get(detail(organisation)).json()["my_role"],
        "anonymous": api(None).get(detail(organisation)).json()["my_role"],
    }
    assert roles == {
        "owner": "owner",
        "admin": "admin",
        "member": "member",
        "outsider": None,
        "anonymous": None,
    }


@pytest.mark.parametrize("pk", ["999999", "abc"])
def test_unknown_organisation_is_404(api, outsider, pk):
    assert api(outsider).get(f"{URL}{pk}/").status_code == 404


def test_filters_by_kind_nace_and_region(api, db):
    metal = OrganisationFactory(name="Metaal NV", nuts_id="BE21")
    metal.nace.set(["28.99"])
    OrganisationFactory(name="KU Leuven", kind="university", nuts_id="BE24")

    def names(query: str) -> list[str]:
        return [o["name"] for o in api(None).get(f"{URL}?{query}").json()["results"]]

    assert names("kind=university") == ["KU Leuven"]
    assert names("nace=28") == ["Metaal NV"]
    assert names("nuts=BE2") == ["KU Leuven", "Metaal NV"]
    assert names("nuts=BE21") == ["Metaal NV"]
    assert names("search=metaal") == ["Metaal NV"]


def test_list_costs_the_same_queries_for_3_and_15_organisations(
    api, member, assert_constant_queries
):
    client = api(member)

    def add(n: int) -> None:
        for org in OrganisationFactory.create_batch(n, nuts_id="BE21"):
            org.nace.set(["28.99", "25.62"])
            MembershipFactory(organisation=org, user=member)

    assert_constant_queries(lambda: client.get(URL + "?page_size=100"), add)


# --- creating --------------------------------------------------------------------------------

VALID = {
    "name": "Drukkerij De Letter",
    "kind": "company",
    "enterprise_number": "BE 0203.201.340",
    "vat_number": "be0203201340",
    "country": "be",
    "nuts": "BE21",
    "nace": ["18.12"],
    "staff_headcount": 12,
    "annual_turnover_eur": 1_500_000,
    "languages": ["nl", "en"],
    "website": "https://deletter.example",
    "description": "Offset and digital printing.",
}


def test_signed_in_person_creates_an_organisation_and_becomes_its_owner(api, outsider):
    response = api(outsider).post(URL, VALID)
    assert response.status_code == 201, response.content
    body = response.json()
    org = Organisation.objects.get(pk=body["id"])
    assert org.name == "Drukkerij De Letter"
    assert org.enterprise_number == "0203.201.340"
    assert org.vat_number == "BE0203201340"
    assert org.country == "BE"
    assert list(org.nace.values_list("code", flat=True)) == ["18.12"]
    assert body["size_class"] == "small"
    assert body["is_sme"] is True
    assert body["my_role"] == "owner"
    assert Membership.objects.get(organisation=org).user == outsider
    assert Membership.objects.get(organisation=org).role == Role.OWNER


def test_anonymous_visitor_cannot_create(api, db):
    response = api(None).post(URL, VALID)
    assert response.status_code in (401, 403)
    assert not Organisation.objects.exists()


def test_read_only_fields_sent_on_create_are_ignored(api, outsider):
    data = {
        **VALID,
        "size_class": "micro",
        "ref": "pic:1",
        "id": 4242,
        "created_at": "2000-01-01T00:00:00Z",
        "my_role": "member",
    }
    response = api(outsider).post(URL, data)
    assert response.status_code == 201, response.content
    org = Organisation.objects.get()
    assert org.size_class == "small"  # computed from 12 staff and €1.5m, not taken from input
    assert org.ref is None
    assert response.json()["id"] == org.pk
    assert org.created_at.year > 2000
    assert Membership.objects.get(organisation=org).role == Role.OWNER


BAD_CREATE = [
    pytest.param({"kind": "company"}, "name", id="missing-name"),
    pytest.param({"name": ""}, "name", id="empty-name"),
    pytest.param({"name": "x" * 201}, "name", id="name-too-long"),
    pytest.param(
        {"name": "X", "description": "x" * 10_001}, "description", id="description-too-long"
    ),
    pytest.param({"name": "X", "kind": "bakery"}, "kind", id="unknown-kind"),
    pytest.param(
        {"name": "X", "enterprise_number": "0417.497.107"},
        "enterprise_number",
        id="enterprise-checksum",
    ),
    pytest.param(
        {"name": "X", "enterprise_number": "12345"}, "enterprise_number", id="enterprise-format"
    ),
    pytest.param({"name": "X", "vat_number": "BE0417497107"}, "vat_number", id="vat-checksum"),
    pytest.param({"name": "X", "vat_number": "XX123"}, "vat_number", id="vat-format"),
    pytest.param({"name": "X", "nace": ["99.999"]}, "nace", id="unknown-nace"),
    pytest.param({"name": "X", "nace": "28.99"}, "nace", id="nace-not-a-list"),
    pytest.param({"name": "X", "nuts": "ZZ99"}, "nuts", id="unknown-nuts"),
    pytest.param(
        {"name": "X", "staff_headcount": "many"}, "staff_headcount", id="headcount-not-a-number"
    ),
    pytest.param({"name": "X", "staff_headcount": -1}, "staff_headcount", id="negative-headcount"),
    pytest.param({"name": "X", "languages": ["xx"]}, "languages", id="unknown-language"),
    pytest.param({"name": "X", "languages": "nl"}, "languages", id="languages-not-a-list"),
    pytest.param({"name": "X", "website": "not a url"}, "website", id="bad-website"),
    pytest.param({"name": "X", "country": "B1"}, "country", id="bad-country"),
    pytest.param({"name": ["X"]}, "name", id="name-not-a-string"),
    pytest.param({"name": "X\x00Y"}, "name", id="nul-character"),
    pytest.param({"name": "X", "is_staff": True}, "is_staff", id="unknown-field-is_staff"),
    pytest.param({"name": "X", "owner": 1}, "owner", id="unknown-field-owner"),
]


@pytest.mark.parametrize("data, field", BAD_CREATE)
def test_bad_input_on_create_is_refused_and_creates_nothing(api, outsider, data, field):
    response = api(outsider).post(URL, data)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert response.json()[field]  # a message, not an empty list
    assert not Organisation.objects.exists()
    assert not Membership.objects.exists()


def test_unknown_field_error_names_the_field(api, outsider):
    response = api(outsider).post(URL, {"name": "X", "is_staff": True}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"is_staff": ["Unknown field."]}
    dutch = api(outsider).post(URL, {"name": "X", "is_staff": True}, HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch.json() == {"is_staff": ["Onbekend veld."]}
    outsider.refresh_from_db()
    assert outsider.is_staff is False


def test_a_list_body_is_refused(api, outsider):
    response = api(outsider).post(URL, [VALID], format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not Organisation.objects.exists()


def test_malformed_json_is_refused(api, outsider):
    response = api(outsider).generic("POST", URL, '{"name": ', content_type="application/json")
    assert response.status_code == 400
    assert not Organisation.objects.exists()


# --- changing --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin_member"])
def test_owner_and_admin_change_the_profile(api, request, organisation, who):
    user = request.getfixturevalue(who)
    response = api(user).patch(
        detail(organisation), {"description": "Maatwerk in eik.", "nace": ["31.09"]}
    )
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert organisation.description == "Maatwerk in eik."
    assert list(organisation.nace.values_list("code", flat=True)) == ["31.09"]
    assert response.json()["description"] == "Maatwerk in eik."


@pytest.mark.parametrize("who, status", [("member", 403), ("outsider", 403), (None, 403)])
@pytest.mark.parametrize("method", ["patch", "put"])
def test_others_cannot_change_the_profile(api, request, organisation, owner, who, status, method):
    user = request.getfixturevalue(who) if who else None
    before = snapshot(organisation)
    response = getattr(api(user), method)(detail(organisation), {"name": "Gekaapt"})
    assert response.status_code in ((401, 403) if user is None else (status,))
    assert snapshot(organisation) == before


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": "x" * 201}, "name"),
        ({"description": "x" * 10_001}, "description"),
        ({"enterprise_number": "0417.497.107"}, "enterprise_number"),
        ({"vat_number": "BE0417497107"}, "vat_number"),
        ({"nace": ["00.00"]}, "nace"),
        ({"nuts": "BE99"}, "nuts"),
        ({"annual_turnover_eur": "lots"}, "annual_turnover_eur"),
        ({"is_staff": True, "name": "Ander"}, "is_staff"),
        ({"name": None}, "name"),
    ],
)
def test_bad_input_on_update_changes_nothing(api, organisation, owner, data, field):
    organisation.nace.set(["16.23"])
    before = snapshot(organisation)
    response = api(owner).patch(detail(organisation), data)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert snapshot(organisation) == before


def test_size_class_sent_on_update_is_ignored_and_recomputed_from_figures(api, organisation, owner):
    response = api(owner).patch(
        detail(organisation),
        {"size_class": "micro", "staff_headcount": 300, "annual_turnover_eur": 80_000_000},
    )
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert organisation.size_class == "large"
    assert response.json()["size_class"] == "large"
    assert response.json()["is_sme"] is False


def test_put_with_list_body_changes_nothing(api, organisation, owner):
    before = snapshot(organisation)
    response = api(owner).put(detail(organisation), [{"name": "Lijst"}], format="json")
    assert response.status_code == 400
    assert snapshot(organisation) == before


def test_staff_may_change_any_organisation(api, organisation, outsider):
    outsider.is_staff = True
    outsider.save()
    response = api(outsider).patch(
        detail(organisation), {"description": "Nagekeken door het team."}
    )
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.description == "Nagekeken door het team."


def test_deactivated_owner_cannot_change(api, organisation, owner):
    owner.is_active = False
    owner.save()
    response = api(owner).patch(detail(organisation), {"name": "Nog van mij"})
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Houtatelier Vermeulen"


# --- deleting --------------------------------------------------------------------------------


def test_owner_deletes_the_organisation(api, organisation, owner, member):
    response = api(owner).delete(detail(organisation))
    assert response.status_code == 204
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert not Membership.objects.filter(organisation_id=organisation.pk).exists()


@pytest.mark.parametrize("who", ["admin_member", "member", "outsider", None])
def test_only_owners_delete(api, request, organisation, owner, who):
    user = request.getfixturevalue(who) if who else None
    members_before = Membership.objects.filter(organisation=organisation).count()
    response = api(user).delete(detail(organisation))
    assert response.status_code in ((401, 403) if user is None else (403,))
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert Membership.objects.filter(organisation=organisation).count() == members_before


def test_deleting_an_unknown_organisation_is_404(api, owner):
    assert api(owner).delete(f"{URL}999999/").status_code == 404
