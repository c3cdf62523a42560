"""A path under /api/ that names nothing (a word where an id goes, an unknown collection)
answers like the API's own 404s: JSON with ``detail`` in the caller's language, not the
site's HTML page; pages keep their page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/v1/organisations/abc/", "/api/v1/no-such-thing/", "/api/v9/challenges/"]
)
@pytest.mark.parametrize(("language", "detail"), [("en", "Not found."), ("nl", "Niet gevonden.")])
def test_an_api_path_that_names_nothing_answers_json(client, path, language, detail):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": detail}


def test_a_missing_page_keeps_the_sites_page(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "<html" in response.content.decode()
