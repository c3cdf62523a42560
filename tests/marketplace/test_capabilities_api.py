"""/api/v1/capabilities/: organisations' capabilities are public and managed by their owners and
administrators; a person's capabilities follow the person's profile and only they change them."""

from __future__ import annotations

import pytest

from marketplace.models import Capability, EscoSkill
from tests.factories import (
    CapabilityFactory,
    OrganisationFactory,
    PersonProfileFactory,
    UserFactory,
)

URL = "/api/v1/capabilities/"

pytestmark = pytest.mark.django_db


def detail(capability) -> str:
    return f"{URL}{capability.pk}/"


def state(capability) -> dict:
    capability = Capability.objects.get(pk=capability.pk)
    return {
        **{f.attname: getattr(capability, f.attname) for f in Capability._meta.concrete_fields},
        "technologies": sorted(capability.technologies.values_list("slug", flat=True)),
        "sectors": sorted(capability.sectors.values_list("code", flat=True)),
    }


@pytest.fixture
def capability(organisation):
    return CapabilityFactory(
        owner_organisation=organisation, title="Machine vision", trl_min=4, trl_max=7
    )


@pytest.fixture
def hidden_person():
    """A person who is not listed for visitors."""
    return PersonProfileFactory(
        user=UserFactory(first_name="Bram", last_name="Maes"), listed_publicly=False
    )


@pytest.fixture
def person_capability(hidden_person):
    return CapabilityFactory(
        owner_organisation=None, owner_person=hidden_person, title="Data-analyse"
    )


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "member", "outsider", None])
def test_organisation_capabilities_are_public(api, request, capability, who):
    user = request.getfixturevalue(who) if who else None
    assert [c["title"] for c in api(user).get(URL).json()["results"]] == ["Machine vision"]
    body = api(user).get(detail(capability)).json()
    assert body["owner_name"] == "Houtatelier Vermeulen"
    assert (body["trl_min"], body["trl_max"]) == (4, 7)
    assert body["owner_person"] is None


def test_the_schema_says_an_organisations_capability_has_no_owner_person():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    assert schema["Capability"]["properties"]["owner_person"]["nullable"] is True


def test_a_persons_capability_follows_the_persons_profile(api, person_capability, outsider):
    assert api(None).get(detail(person_capability)).status_code == 404
    assert api(None).get(URL).json()["results"] == []
    body = api(outsider).get(detail(person_capability)).json()
    assert body["owner_name"] == "Bram Maes"


def test_a_deactivated_persons_capabilities_disappear(
    api, person_capability, hidden_person, outsider
):
    hidden_person.user.is_active = False
    hidden_person.user.save()
    assert api(outsider).get(detail(person_capability)).status_code == 404
    assert api(outsider).get(URL).json()["results"] == []


def test_owner_name_never_shows_an_email_address(api, outsider):
    profile = PersonProfileFactory(
        user=UserFactory(email="anoniem.persoon@example.org", first_name="", last_name="")
    )
    capability = CapabilityFactory(owner_organisation=None, owner_person=profile)
    text = api(outsider).get(detail(capability)).content.decode()
    assert "anoniem.persoon" not in text


def test_unknown_capability_is_404(api, outsider):
    assert api(outsider).get(f"{URL}999999/").status_code == 404
    assert api(outsider).get(f"{URL}abc/").status_code == 404


def test_filters(api, organisation):
    CapabilityFactory(
        owner_organisation=organisation, title="Robotlassen", trl_min=6, trl_max=9, nuts_id="BE21"
    )
    vision = CapabilityFactory(
        owner_organisation=organisation, title="Vision", trl_min=2, trl_max=5, nuts_id="BE24"
    )
    vision.technologies.set(["edge-computing"])
    vision.sectors.set(["28.99"])

    def titles(query: str) -> list[str]:
        response = api(None).get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return sorted(c["title"] for c in response.json()["results"])

    assert titles("trl=7") == ["Robotlassen"]
    assert titles("trl=3") == ["Vision"]
    assert titles("technology=edge-computing") == ["Vision"]
    assert titles("sector=28") == ["Vision"]
    assert titles("nuts=BE2") == ["Robotlassen", "Vision"]
    assert titles("nuts=BE21") == ["Robotlassen"]
    assert titles("search=robot") == ["Robotlassen"]


def test_list_costs_the_same_queries_for_3_and_15(api, outsider, assert_constant_queries):
    client = api(outsider)
    skill = EscoSkill.objects.order_by("uri").first()

    def add(n: int) -> None:
        for i in range(n):
            if i % 2:
                CapabilityFactory(owner_organisation=None, owner_person=PersonProfileFactory())
                continue
            org_cap = CapabilityFactory(nuts_id="BE21")
            org_cap.technologies.set(["edge-computing", "ot-cybersecurity"])
            org_cap.sectors.set(["28.99"])
            org_cap.skills.set([skill])

    assert_constant_queries(lambda: client.get(URL + "?page_size=100"), add)


# --- creating --------------------------------------------------------------------------------

NEW = {
    "title": "Digitale tweeling van een productielijn",
    "description": "Simulatie van een lijn voor je investeert.",
    "language": "nl",
    "technologies": ["edge-computing"],
    "sectors": ["28.99"],
    "trl_min": 3,
    "trl_max": 6,
    "nuts": "BE21",
}


@pytest.mark.parametrize("who", ["owner", "admin_member"])
def test_managers_add_capabilities_for_their_organisation(api, request, organisation, who):
    response = api(request.getfixturevalue(who)).post(
        URL, {**NEW, "owner_organisation": organisation.pk}
    )
    assert response.status_code == 201, response.content
    capability = Capability.objects.get()
    assert capability.owner_organisation == organisation
    assert capability.owner_person is None
    assert list(capability.technologies.values_list("slug", flat=True)) == ["edge-computing"]


def test_without_an_organisation_the_capability_is_mine(api, outsider):
    response = api(outsider).post(URL, NEW)
    assert response.status_code == 201, response.content
    capability = Capability.objects.get()
    assert capability.owner_organisation is None
    assert capability.owner_person.user == outsider


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_members_and_outsiders_cannot_add_for_the_organisation(api, request, organisation, who):
    response = api(request.getfixturevalue(who)).post(
        URL, {**NEW, "owner_organisation": organisation.pk}
    )
    assert response.status_code in (400, 403)
    assert not Capability.objects.exists()


def test_anonymous_visitor_cannot_add(api, organisation):
    assert api(None).post(URL, NEW).status_code in (401, 403)
    assert not Capability.objects.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"description": "x"}, "title"),
        ({"title": "x"}, "description"),
        ({"title": "x" * 201, "description": "x"}, "title"),
        ({"title": "x", "description": "x" * 10_001}, "description"),
        ({"title": "x", "description": "x", "trl_min": 7, "trl_max": 3}, "trl_max"),
        ({"title": "x", "description": "x", "trl_min": 0}, "trl_min"),
        ({"title": "x", "description": "x", "trl_max": 10}, "trl_max"),
        ({"title": "x", "description": "x", "trl_min": "high"}, "trl_min"),
        ({"title": "x", "description": "x", "technologies": ["telepathy"]}, "technologies"),
        ({"title": "x", "description": "x", "sectors": ["99.99"]}, "sectors"),
        ({"title": "x", "description": "x", "skills": ["nope"]}, "skills"),
        ({"title": "x", "description": "x", "nuts": "XX1"}, "nuts"),
        ({"title": "x", "description": "x", "language": "de"}, "language"),
        (
            {"title": "x", "description": "x", "owner_organisation": 99_999_999},
            "owner_organisation",
        ),
        ({"title": "x", "description": "x", "is_staff": True}, "is_staff"),
        ({"title": "x", "description": "x", "owner_person": 1, "score": 1}, "score"),
    ],
)
def test_bad_capability_input_is_refused(api, outsider, data, field):
    response = api(outsider).post(URL, data)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Capability.objects.exists()


def test_a_list_body_is_refused(api, outsider):
    response = api(outsider).post(URL, [NEW], format="json")
    assert response.status_code == 400
    assert not Capability.objects.exists()


def test_owner_person_sent_on_create_is_ignored(api, outsider, hidden_person):
    response = api(outsider).post(URL, {**NEW, "owner_person": hidden_person.pk})
    assert response.status_code == 201
    assert Capability.objects.get().owner_person.user == outsider


# --- changing and deleting -------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "admin_member"])
def test_managers_change_their_organisations_capability(api, request, capability, who):
    response = api(request.getfixturevalue(who)).patch(
        detail(capability), {"trl_max": 9, "title": "Vision 2"}
    )
    assert response.status_code == 200, response.content
    capability.refresh_from_db()
    assert (capability.title, capability.trl_max) == ("Vision 2", 9)


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_members_and_outsiders_cannot_change_or_delete(api, request, capability, who):
    before = state(capability)
    client = api(request.getfixturevalue(who))
    assert client.patch(detail(capability), {"title": "Gekaapt"}).status_code == 403
    assert client.put(detail(capability), {**NEW}).status_code == 403
    assert client.delete(detail(capability)).status_code == 403
    assert state(capability) == before


def test_anonymous_visitor_cannot_change_or_delete(api, capability):
    before = state(capability)
    assert api(None).patch(detail(capability), {"title": "Gekaapt"}).status_code in (401, 403)
    assert api(None).delete(detail(capability)).status_code in (401, 403)
    assert state(capability) == before


def test_trl_range_is_checked_against_the_stored_value(api, capability, owner):
    before = state(capability)
    response = api(owner).patch(detail(capability), {"trl_min": 8})  # stored trl_max is 7
    assert response.status_code == 400
    assert "trl_max" in response.json()
    assert state(capability) == before


@pytest.mark.parametrize(
    "data, field",
    [
        ({"title": ""}, "title"),
        ({"description": "x" * 10_001}, "description"),
        ({"sectors": ["00.00"]}, "sectors"),
        ({"is_staff": True, "title": "ok"}, "is_staff"),
    ],
)
def test_bad_update_changes_nothing(api, capability, owner, data, field):
    capability.sectors.set(["16.23"])
    before = state(capability)
    response = api(owner).patch(detail(capability), data)
    assert response.status_code == 400
    assert field in response.json()
    assert state(capability) == before


def test_a_capability_cannot_move_to_another_organisation(api, capability, owner):
    mine_too = OrganisationFactory()
    mine_too.memberships.create(user=owner, role="owner")
    before = state(capability)
    response = api(owner).patch(detail(capability), {"owner_organisation": mine_too.pk})
    assert response.status_code == 400
    assert "owner_organisation" in response.json()
    assert state(capability) == before


def test_only_the_person_changes_their_own_capability(
    api, person_capability, hidden_person, outsider
):
    before = state(person_capability)
    assert api(outsider).patch(detail(person_capability), {"title": "Gekaapt"}).status_code == 403
    assert api(None).patch(detail(person_capability), {"title": "Gekaapt"}).status_code in (
        401,
        403,
    )
    assert state(person_capability) == before
    response = api(hidden_person.user).patch(
        detail(person_capability), {"title": "Data-analyse in Python"}
    )
    assert response.status_code == 200
    person_capability.refresh_from_db()
    assert person_capability.title == "Data-analyse in Python"


def test_a_person_cannot_attach_their_capability_to_an_organisation(
    api, person_capability, hidden_person, organisation, owner
):
    organisation.memberships.create(user=hidden_person.user, role="admin")
    before = state(person_capability)
    response = api(hidden_person.user).patch(
        detail(person_capability), {"owner_organisation": organisation.pk}
    )
    assert response.status_code == 400
    assert state(person_capability) == before


def test_owner_deletes_a_capability(api, capability, owner):
    assert api(owner).delete(detail(capability)).status_code == 204
    assert not Capability.objects.filter(pk=capability.pk).exists()


def test_changing_a_capability_outside_reach_is_404_not_403(
    api, person_capability, hidden_person, outsider
):
    # Once the person is deactivated their capability is gone for everyone: not even a 403
    # may tell that it exists.
    hidden_person.user.is_active = False
    hidden_person.user.save()
    before = state(person_capability)
    assert api(outsider).patch(detail(person_capability), {"title": "Gekaapt"}).status_code == 404
    assert api(outsider).delete(detail(person_capability)).status_code == 404
    assert state(person_capability) == before


def test_search_finds_compounds_and_other_forms_like_the_pages(api, organisation):
    """`?search=` is the pages' word search: "lasrobot" and "lassen robot" find
    "Robotlassen voor kleine series", a plural finds the singular, and every word must match;
    a match in the title comes before one in the description."""
    CapabilityFactory(owner_organisation=organisation, title="Robotlassen voor kleine series")
    CapabilityFactory(
        owner_organisation=organisation,
        title="Inspectie",
        description="Camera's controleren lasnaden na het robotlassen.",
    )
    CapabilityFactory(owner_organisation=organisation, title="Verpakkingslijn")

    def titles(query: str) -> list[str]:
        response = api(None).get(f"{URL}?search={query}")
        assert response.status_code == 200, response.content
        return [c["title"] for c in response.json()["results"]]

    assert set(titles("lasrobot")) == {"Robotlassen voor kleine series", "Inspectie"}
    assert titles("lassen robot") == ["Robotlassen voor kleine series", "Inspectie"]
    assert titles("verpakkingslijnen") == ["Verpakkingslijn"]
    assert titles("robotlassen verpakking") == []
    assert titles("x" * 500) == []
