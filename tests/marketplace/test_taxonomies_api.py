"""/api/v1/taxonomies/*: the reference lists (NACE-BEL, ISCED-F, ESCO, NUTS, technologies),
readable by everyone, searchable, never writable through the API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.models import EscoSkill, NaceCode, NutsRegion, Technology

BASE = "/api/v1/taxonomies/"
LISTS = ["nace", "isced", "esco-skills", "nuts", "technologies"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", LISTS)
def test_every_taxonomy_is_readable_by_anonymous_visitors(api, name):
    response = api(None).get(f"{BASE}{name}/")
    assert response.status_code == 200
    assert response.json()["count"] > 5
    assert response.json()["results"]


@pytest.mark.parametrize("name", LISTS)
def test_listing_3_or_15_entries_costs_the_same_queries(api, django_assert_num_queries, name):
    client = api(None)
    client.get(f"{BASE}{name}/?page_size=3")
    with CaptureQueriesContext(connection) as few:
        small = client.get(f"{BASE}{name}/?page_size=3")
    with django_assert_num_queries(len(few.captured_queries)):
        large = client.get(f"{BASE}{name}/?page_size=15")
    assert len(small.json()["results"]) == 3
    assert len(large.json()["results"]) == 15


def test_a_nace_code_with_dots_can_be_fetched(api):
    response = api(None).get(f"{BASE}nace/28.99/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["code"] == "28.99"
    assert body["level"] == "class"
    assert body["parent"] == "28.9"
    assert body["section"] == "C"


def test_nace_children_and_search(api):
    children = api(None).get(f"{BASE}nace/?parent=28.9&page_size=100").json()["results"]
    assert {c["code"] for c in children} == set(
        NaceCode.objects.filter(parent_id="28.9").values_list("code", flat=True)
    )
    assert "28.99" in {c["code"] for c in children}
    by_code = api(None).get(f"{BASE}nace/?search=28.99").json()["results"]
    assert [c["code"] for c in by_code] == ["28.99", "28.990"]


def test_labels_come_in_dutch_by_default_with_every_translation_alongside(api):
    body = api(None).get(f"{BASE}nace/25.62/").json()
    assert body["title"] == "Verspanend bewerken van metalen"
    assert body["title_en"] == "Machining"
    assert body["title_fr"] == "Usinage"
    french = api(None).get(f"{BASE}nace/25.62/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["title"] == "Usinage"
    # A Belgian national subclass has its English and French titles too (Statbel's).
    flowers = api(None).get(f"{BASE}nace/01.191/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (flowers["title"], flowers["title_fr"]) == ("Growing of flowers", "Culture de fleurs")
    tech = api(None).get(f"{BASE}technologies/edge-computing/").json()
    stored = Technology.objects.get(slug="edge-computing")
    assert (tech["label"], tech["label_en"], tech["label_fr"]) == (
        stored.label_nl,
        stored.label_en,
        stored.label_fr,
    )


def test_nuts_regions_filter_by_country_and_level(api):
    provinces = api(None).get(f"{BASE}nuts/?country=BE&level=2&page_size=100").json()["results"]
    codes = {r["code"] for r in provinces}
    assert "BE21" in codes
    assert all(code.startswith("BE") and len(code) == 4 for code in codes)
    assert api(None).get(f"{BASE}nuts/BE21/").json()["label"] == "Prov. Antwerpen"


def test_esco_skill_search_and_detail(api):
    skill = EscoSkill.objects.order_by("uri").first()
    found = api(None).get(f"{BASE}esco-skills/", {"search": skill.label}).json()["results"]
    assert skill.uri in [s["uri"] for s in found]
    assert api(None).get(f"{BASE}esco-skills/{skill.pk}/").json()["uri"] == skill.uri


def test_isced_detail(api):
    body = api(None).get(f"{BASE}isced/0714/").json()
    assert body["title_en"] == "Electronics and automation"
    assert body["broad_code"] == "07"


@pytest.mark.parametrize(
    "name, pk",
    [("nace", "99.99"), ("nuts", "XX9"), ("technologies", "telepathy"), ("esco-skills", "0")],
)
def test_unknown_entry_is_404(api, name, pk):
    assert api(None).get(f"{BASE}{name}/{pk}/").status_code == 404


@pytest.mark.parametrize(
    "name, model, pk",
    [
        ("nace", NaceCode, "28.99"),
        ("nuts", NutsRegion, "BE21"),
        ("technologies", Technology, "edge-computing"),
    ],
)
def test_taxonomies_cannot_be_written(api, outsider, name, model, pk):
    count = model.objects.count()
    staff = outsider
    staff.is_staff = True
    staff.save()
    assert api(None).post(f"{BASE}{name}/", {"code": "ZZ"}).status_code in (401, 403)
    assert api(staff).post(f"{BASE}{name}/", {"code": "ZZ"}).status_code == 405
    assert api(staff).delete(f"{BASE}{name}/{pk}/").status_code == 405
    assert api(staff).patch(f"{BASE}{name}/{pk}/", {"label": "x"}).status_code == 405
    assert model.objects.count() == count
