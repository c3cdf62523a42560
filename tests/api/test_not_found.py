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


def test_a_page_past_the_last_is_not_found_as_the_schema_says(client):
    from drf_spectacular.generators import SchemaGenerator

    response = client.get("/api/v1/challenges/?page=999", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert paths["/api/v1/challenges/"]["get"]["responses"]["404"]["description"] == (
        "No such page of results."
    )
    # What the fuzzing found undocumented: a created deliverable is 201, and feedback on a
    # subject the caller may not react for is 404.
    deliverables = paths["/api/v1/rooms/{room_pk}/milestones/{milestone_pk}/deliverables/"]
    assert set(deliverables["post"]["responses"]) >= {"201"}
    assert "200" not in deliverables["post"]["responses"]
    feedback = paths["/api/v1/suggestion-feedback/"]["post"]["responses"]
    assert "404" in feedback and "content" in feedback["404"]


def test_the_schema_names_what_payments_and_joining_a_run_can_refuse():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    stripe_backed = [
        ("/api/v1/challenges/{id}/funding/", "post"),
        ("/api/v1/challenges/{id}/refunds/", "post"),
        ("/api/v1/awards/{id}/payment/", "post"),
        ("/api/v1/paid-assignments/{id}/accept/", "post"),
        ("/api/v1/connect/onboarding/", "post"),
    ]
    for path, method in stripe_backed:
        responses = paths[path][method]["responses"]
        for code in ("409", "502", "503"):
            assert "content" in responses[code], (path, code)
        assert "payments_not_configured" in responses["503"]["description"]
        assert "stripe_refused" in responses["502"]["description"]
    # Reading a payment's state never asks Stripe.
    assert "503" not in paths["/api/v1/challenges/{id}/funding/"]["get"]["responses"]
    join = paths["/api/v1/team-runs/join/"]["post"]["responses"]
    assert "invitation token" in join["404"]["description"]
    assert "content" in join["404"]
