"""The home page: in Dutch by default, explains Kruispunt and shows who is on it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CapabilityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_home_is_dutch_and_shows_organisations_by_sector(page):
    bakery = OrganisationFactory(name="Bakkerij De Gouden Aar")
    bakery.nace.add("10.71")
    printer = OrganisationFactory(name="Drukkerij Lannoo")
    printer.nace.add("18.12")
    CapabilityFactory(owner_organisation=printer, title="Kleurbeheer voor kleine oplages")

    response = page(None, "/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Plaats een uitdaging" in html
    assert "Voor studenten" in html
    assert "Bakkerij De Gouden Aar" in html
    assert "Drukkerij Lannoo" in html
    assert "Kleurbeheer voor kleine oplages" in html
    food = html.index("Voeding")
    assert food < html.index("Bakkerij De Gouden Aar")


def test_home_in_english_and_french(page, organisation):
    assert "Post a challenge" in page(None, "/en/").content.decode()
    assert "Publiez un défi" in page(None, "/fr/").content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_runs_a_constant_number_of_queries(client_for):
    client = client_for(None)
    for _ in range(10):
        organisation = OrganisationFactory()
        organisation.nace.add("25.62")
        CapabilityFactory(owner_organisation=organisation)
    few = _queries(client)
    for _ in range(20):
        organisation = OrganisationFactory()
        organisation.nace.add("14.13")
        CapabilityFactory(owner_organisation=organisation)
    assert _queries(client) == few


def test_home_asks_newcomers_to_set_up_and_sends_the_set_up_to_their_suggestions(
    page, owner, outsider
):
    newcomer = page(outsider, "/en/").content.decode()
    assert "Set up your profile" in newcomer and "See your suggestions" not in newcomer
    member = page(owner, "/").content.decode()
    assert '<a class="button" href="/mijn-uitdagingen/">Bekijk uw suggesties</a>' in member
    assert "Stel uw profiel in" not in member
    assert "Voir vos suggestions" in page(owner, "/fr/").content.decode()


def test_an_account_without_a_name_is_told_how_others_see_it_and_where_to_add_one(page):
    nameless = UserFactory(email="an.peeters@atelier.example", first_name="", last_name="")
    html = page(nameless, "/en/").content.decode()
    assert (
        "Others on Kruispunt see you as “an.peeters”, the first part of your e-mail address."
    ) in html
    assert '<a href="/en/mijn-profiel/">Add your name</a>' in html
    dutch = page(nameless, "/").content.decode()
    assert "Anderen op Kruispunt zien u als “an.peeters”" in dutch
    french = page(nameless, "/fr/").content.decode()
    assert (
        "Les autres utilisateurs de Kruispunt vous voient comme «\u00a0an.peeters\u00a0»" in french
    )
    # Once named, the notice is gone; visitors who are not signed in never see it.
    nameless.first_name = "An"
    nameless.save()
    assert "Add your name" not in page(nameless, "/en/").content.decode()
    assert "Add your name" not in page(None, "/en/").content.decode()
