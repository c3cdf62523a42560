"""Organisation list: search, filters, pagination, constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    bakery = OrganisationFactory(
        name="Bakkerij Peeters", nuts_id="BE21", staff_headcount=8, annual_turnover_eur=900_000
    )
    bakery.nace.add("10.71")
    foundry = OrganisationFactory(
        name="Gieterij Vandamme",
        nuts_id="BE25",
        staff_headcount=400,
        annual_turnover_eur=90_000_000,
    )
    foundry.nace.add("24.51")
    university = OrganisationFactory(name="Universiteit Gent", kind="university", nuts_id="BE23")
    return bakery, foundry, university


def _names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


@pytest.mark.parametrize("viewer", ["owner", "member", "outsider", None])
def test_everyone_sees_the_list(page, request, directory, viewer):
    user = request.getfixturevalue(viewer) if viewer else None
    response = page(user, "/organisaties/")
    assert response.status_code == 200
    assert "Bakkerij Peeters" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=gieterij", ["Gieterij Vandamme"]),
        ("kind=university", ["Universiteit Gent"]),
        ("sector=food", ["Bakkerij Peeters"]),
        ("sector=24", ["Gieterij Vandamme"]),
        ("region=BE2", ["Bakkerij Peeters", "Gieterij Vandamme", "Universiteit Gent"]),
        ("region=BE21", ["Bakkerij Peeters"]),
        ("size=large", ["Gieterij Vandamme"]),
        ("size=micro&region=BE21", ["Bakkerij Peeters"]),
    ],
)
def test_filters(page, directory, query, expected):
    response = page(None, f"/organisaties/?{query}")
    assert _names(response) == expected


@pytest.mark.parametrize(
    "query", ["kind=spaceship", "sector=zz", "region=XX9", "size=giant", "page=abc", "page=999"]
)
def test_bad_filters_are_ignored_not_errors(page, directory, query):
    response = page(None, f"/organisaties/?{query}")
    assert response.status_code == 200
    assert len(_names(response)) == 3


def test_pagination_keeps_the_filters(page):
    for n in range(25):
        OrganisationFactory(name=f"Meubelmaker {n:02d}", kind="company")
    response = page(None, "/organisaties/?kind=company")
    html = response.content.decode()
    assert len(_names(response)) == 20
    assert 'href="?kind=company&amp;page=2"' in html
    assert len(_names(page(None, "/organisaties/?kind=company&page=2"))) == 5


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/organisaties/", "/organisaties/?sector=metal&region=BE2"])
def test_constant_number_of_queries(client_for, outsider, url):
    client = client_for(outsider)

    def add(count: int) -> None:
        for _ in range(count):
            organisation = OrganisationFactory(nuts_id="BE21")
            organisation.nace.add("25.62", "28.99")

    add(10)
    ten = _queries(client, url)
    add(20)
    assert _queries(client, url) == ten
