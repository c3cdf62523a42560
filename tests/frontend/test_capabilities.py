"""Capabilities: list with filters, detail, create, edit and delete."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.models import Capability, PersonProfile
from tests.factories import CapabilityFactory, PersonProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def capability(organisation):
    capability = CapabilityFactory(
        owner_organisation=organisation,
        title="Robotisch schuren van meubelpanelen",
        trl_min=5,
        trl_max=8,
        nuts_id="BE25",
    )
    capability.technologies.add("industrial-iot-sensors")
    capability.sectors.add("31.09")
    return capability


# --- list -----------------------------------------------------------------------------------


@pytest.fixture
def catalogue(capability):
    other = CapabilityFactory(
        title="Digitale drukvoorbereiding", trl_min=7, trl_max=9, nuts_id="BE10"
    )
    other.sectors.add("18.13")
    return capability, other


def _titles(response) -> list[str]:
    return [c.title for c in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Digitale drukvoorbereiding", "Robotisch schuren van meubelpanelen"]),
        ("q=schuren", ["Robotisch schuren van meubelpanelen"]),
        ("technology=industrial-iot-sensors", ["Robotisch schuren van meubelpanelen"]),
        ("sector=graphic", ["Digitale drukvoorbereiding"]),
        ("sector=31", ["Robotisch schuren van meubelpanelen"]),
        ("region=BE2", ["Robotisch schuren van meubelpanelen"]),
        ("trl=6", ["Robotisch schuren van meubelpanelen"]),
        ("trl=9", ["Digitale drukvoorbereiding"]),
        # Only punctuation: nothing to search for, so everything is listed (it was a 500:
        # the list was ordered by a rank the search had not given it).
        ("q=!!!", ["Digitale drukvoorbereiding", "Robotisch schuren van meubelpanelen"]),
        (
            "trl=abc&technology=nope&sector=zz&region=XX",
            ["Digitale drukvoorbereiding", "Robotisch schuren van meubelpanelen"],
        ),
    ],
)
def test_list_filters(page, catalogue, query, expected):
    response = page(None, f"/capaciteiten/?{query}")
    assert response.status_code == 200
    assert sorted(_titles(response)) == expected


def test_capability_of_an_unlisted_person_is_hidden_from_visitors(page, outsider):
    person = PersonProfileFactory(listed_publicly=False)
    CapabilityFactory(owner_organisation=None, owner_person=person, title="Stille kennis")
    assert "Stille kennis" not in page(None, "/capaciteiten/").content.decode()
    assert "Stille kennis" in page(outsider, "/capaciteiten/").content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/capaciteiten/?region=BE").status_code == 200
    return len(queries)


def test_list_runs_a_constant_number_of_queries(client_for, outsider):
    client = client_for(outsider)

    def add(count: int) -> None:
        for n in range(count):
            if n % 2:
                capability = CapabilityFactory(nuts_id="BE21")
            else:
                person = PersonProfileFactory(listed_publicly=True)
                capability = CapabilityFactory(
                    owner_organisation=None, owner_person=person, nuts_id="BE21"
                )
            capability.technologies.add("industrial-iot-sensors", "digital-twin")

    add(10)
    ten = _queries(client)
    add(20)
    assert _queries(client) == ten


# --- detail ---------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["owner", "member", "outsider", None])
def test_detail_for_everyone(page, request, capability, viewer):
    user = request.getfixturevalue(viewer) if viewer else None
    response = page(user, f"/capaciteiten/{capability.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Robotisch schuren van meubelpanelen" in html
    assert (f"/capaciteiten/{capability.pk}/bewerken/" in html) is (viewer == "owner")


def test_unknown_capability_is_404(page):
    assert page(None, "/capaciteiten/999999/").status_code == 404


# --- create ---------------------------------------------------------------------------------

NEW = {
    "title": "Machine vision voor kwaliteitscontrole",
    "description": "Wij bouwen camerasystemen die fouten in textiel opsporen.",
    "language": "nl",
    "technologies": ["industrial-iot-sensors"],
    "sectors": ["13.20"],
    "trl_min": "4",
    "trl_max": "7",
    "nuts": "BE23",
}


def test_create_needs_sign_in(client_for):
    assert client_for(None).get("/capaciteiten/nieuw/").status_code == 302


def test_create_for_myself_makes_my_profile(client_for, outsider):
    response = client_for(outsider).post("/capaciteiten/nieuw/", {**NEW, "owner": "me"})
    capability = Capability.objects.get(title=NEW["title"])
    assert response.status_code == 302
    assert response["Location"] == f"/capaciteiten/{capability.pk}/"
    assert capability.owner_person.user == outsider
    assert list(capability.sectors.values_list("code", flat=True)) == ["13.20"]


def test_create_for_an_organisation_i_manage(client_for, page, admin_member, organisation):
    html = page(admin_member, "/capaciteiten/nieuw/").content.decode()
    assert f'<option value="{organisation.pk}">Houtatelier Vermeulen</option>' in html
    response = client_for(admin_member).post(
        "/capaciteiten/nieuw/", {**NEW, "owner": str(organisation.pk)}
    )
    assert response.status_code == 302
    assert Capability.objects.get(title=NEW["title"]).owner_organisation == organisation


@pytest.mark.parametrize("viewer", ["member", "outsider"])
def test_cannot_create_for_an_organisation_i_do_not_manage(
    client_for, request, organisation, viewer
):
    user = request.getfixturevalue(viewer)
    response = client_for(user).post("/capaciteiten/nieuw/", {**NEW, "owner": str(organisation.pk)})
    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    assert not Capability.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"trl_min": "8", "trl_max": "3"}, "trl_max"),
        ({"trl_min": "12"}, "trl_min"),
        ({"sectors": ["77.77"]}, "sectors"),
        ({"technologies": ["warp-drive"]}, "technologies"),
        ({"description": "x" * 10_001}, "description"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_creates_nothing(client_for, outsider, change, field):
    response = client_for(outsider).post("/capaciteiten/nieuw/", {**NEW, "owner": "me", **change})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Capability.objects.exists()
    assert not PersonProfile.objects.filter(user=outsider).exists()


# --- edit and delete ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("owner", 200), ("admin_member", 200), ("member", 403), ("outsider", 403), (None, 302)],
)
def test_who_may_edit(client_for, request, capability, viewer, status):
    user = request.getfixturevalue(viewer) if viewer else None
    assert client_for(user).get(f"/capaciteiten/{capability.pk}/bewerken/").status_code == status


def test_owner_edits(client_for, owner, capability):
    response = client_for(owner).post(
        f"/capaciteiten/{capability.pk}/bewerken/", {**NEW, "title": "Robotschuren"}
    )
    assert response.status_code == 302
    capability.refresh_from_db()
    assert capability.title == "Robotschuren"
    assert capability.owner_organisation_id is not None


def test_bad_edit_changes_nothing(client_for, owner, capability):
    response = client_for(owner).post(
        f"/capaciteiten/{capability.pk}/bewerken/",
        {**NEW, "title": "Nieuw", "trl_min": "9", "trl_max": "1"},
    )
    assert response.status_code == 400
    capability.refresh_from_db()
    assert capability.title == "Robotisch schuren van meubelpanelen"


def test_person_edits_own_capability_but_others_cannot(client_for, outsider):
    person = PersonProfileFactory(listed_publicly=True)
    capability = CapabilityFactory(owner_organisation=None, owner_person=person)
    assert (
        client_for(person.user).get(f"/capaciteiten/{capability.pk}/bewerken/").status_code == 200
    )
    assert client_for(outsider).get(f"/capaciteiten/{capability.pk}/bewerken/").status_code == 403


def test_owner_deletes(client_for, owner, capability):
    client = client_for(owner)
    assert client.get(f"/capaciteiten/{capability.pk}/verwijderen/").status_code == 200
    response = client.post(f"/capaciteiten/{capability.pk}/verwijderen/")
    assert response.status_code == 302
    assert not Capability.objects.filter(pk=capability.pk).exists()


@pytest.mark.parametrize(("viewer", "status"), [("member", 403), ("outsider", 403), (None, 302)])
def test_others_cannot_delete(client_for, request, capability, viewer, status):
    user = request.getfixturevalue(viewer) if viewer else None
    response = client_for(user).post(f"/capaciteiten/{capability.pk}/verwijderen/")
    assert response.status_code == status
    assert Capability.objects.filter(pk=capability.pk).exists()


def test_deleting_an_unknown_capability_is_404(client_for, outsider):
    assert client_for(outsider).post("/capaciteiten/999999/verwijderen/").status_code == 404
