"""The API describes itself: /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI)."""

from __future__ import annotations

import pytest
import yaml

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_lists_the_endpoints(api):
    response = api(None).get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Kruispunt API"
    paths = set(schema["paths"])
    for path in [
        "/api/v1/auth/token/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/organisations/{id}/export/",
        "/api/v1/organisations/{id}/transfer-ownership/",
        "/api/v1/organisations/{organisation_pk}/members/",
        "/api/v1/organisations/{organisation_pk}/members/{id}/",
        "/api/v1/organisations/{organisation_pk}/invitations/",
        "/api/v1/invitations/accept/",
        "/api/v1/people/",
        "/api/v1/people/me/",
        "/api/v1/people/me/export/",
        "/api/v1/capabilities/",
        "/api/v1/taxonomies/nace/",
        "/api/v1/taxonomies/technologies/",
    ]:
        assert path in paths, path


def test_schema_as_json(api):
    response = api(None).get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_schema_describes_token_authentication(api):
    schema = yaml.safe_load(api(None).get("/api/schema/").content)
    schemes = schema["components"]["securitySchemes"]
    assert any(
        s.get("type") == "apiKey" and s.get("name") == "Authorization" for s in schemes.values()
    )


def test_docs_page_renders(api):
    response = api(None).get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    assert "<title>Kruispunt API</title>" in html
    script = api(None).get("/api/docs/?script=")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()


def test_docs_page_keeps_to_the_site_csp(api):
    from tests.frontend.conftest import assert_csp_clean

    response = api(None).get("/api/docs/")
    assert "style-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert_csp_clean(html)  # no inline <style>, style attribute or inline script
    stylesheet = api(None).get("/static/frontend/api_docs.css")
    assert stylesheet.status_code == 200
    assert b"box-sizing" in b"".join(stylesheet.streaming_content)
