"""``page_size`` on every paginated list: 1 to 100 results a page. A size outside that range
or not a number is refused with a 400 naming the parameter, in the caller's language, instead
of being silently replaced (a client asking for 500 must not believe it got all of them)."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from marketplace.models import Technology

pytestmark = pytest.mark.django_db

URL = "/api/v1/taxonomies/technologies/"


@pytest.mark.parametrize("size", ["abc", "0", "-3", "101", "2.5", "١٢"])
@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Ask for a whole number of results per page from 1 to 100."),
        ("nl", "Vraag een geheel aantal resultaten per pagina, van 1 tot 100."),
        ("fr", "Demandez un nombre entier de résultats par page, de 1 à 100."),
    ],
)
def test_a_page_size_outside_1_to_100_is_refused_in_the_callers_language(
    client, size, language, sentence
):
    response = client.get(f"{URL}?page_size={size}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json() == {"page_size": [sentence]}


def test_a_page_size_in_range_gives_that_many_and_none_gives_the_default(client):
    assert Technology.objects.count() > 30
    assert len(client.get(f"{URL}?page_size=1").json()["results"]) == 1
    assert len(client.get(f"{URL}?page_size=30").json()["results"]) == 30
    assert len(client.get(URL).json()["results"]) == 25
    assert len(client.get(f"{URL}?page_size=").json()["results"]) == 25


def test_the_challenge_browse_refuses_a_bad_page_size_too(client):
    response = client.get("/api/v1/challenges/?page_size=many", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


def test_the_schema_states_the_range_of_page_size():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    parameter = next(p for p in paths[URL]["get"]["parameters"] if p["name"] == "page_size")
    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}
