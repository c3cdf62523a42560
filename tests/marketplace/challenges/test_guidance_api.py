"""Public guidance: challenge types, sector starter kits, IP regimes (with the patent-novelty
warning), funding instruments, NDA terms and the good-practice library."""

import pytest

pytestmark = pytest.mark.django_db


def test_challenge_types_have_templates_in_three_languages(api):
    types = api(None).get("/api/v1/challenge-types/").json()
    assert {t["type"] for t in types} == {
        "idea",
        "proof_of_concept",
        "prototype",
        "partner_search",
        "course_project",
        "micro_assignment",
    }
    steps = types[0]["steps"]
    assert {"nl", "en", "fr"} <= set(steps[0]["help"])


def test_starter_kits_for_the_five_sectors(api):
    kits = api(None).get("/api/v1/starter-kits/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert {k["sector"] for k in kits} == {"clothing", "food", "furniture", "metal", "graphic"}
    metal = api(None).get("/api/v1/starter-kits/metal/").json()
    assert metal["example_problems"] and metal["value_chain_partners"] and metal["technologies"]


def test_ip_regimes_warn_about_patent_novelty(api):
    regimes = api(None).get("/api/v1/ip-regimes/").json()
    assert len(regimes) == 4
    for regime in regimes:
        assert regime["warning"]
    en = api(None).get("/api/v1/ip-regimes/non_confidential/", HTTP_ACCEPT_LANGUAGE="en")
    assert "can no longer be patented" in en.json()["warning"]
    nl = api(None).get("/api/v1/ip-regimes/non_confidential/", HTTP_ACCEPT_LANGUAGE="nl")
    assert "niet meer geoctrooieerd" in nl.json()["warning"]


def test_nda_terms_are_public(api):
    terms = api(None).get("/api/v1/nda-terms/current/").json()
    assert terms["version"] == "v1" and terms["text_fr"] and terms["text_nl"]


def test_funding_instruments_are_listed(api):
    slugs = {r["slug"] for r in api(None).get("/api/v1/funding-instruments/").json()}
    assert {
        "kmo-portefeuille",
        "vlaio-innovatieproject",
        "coock-plus",
        "edih-test-before-invest",
    } <= slugs


def test_good_practice_library_is_searchable(api):
    all_cases = api(None).get("/api/v1/good-practices/").json()
    assert all_cases["count"] == 12
    metal = api(None).get("/api/v1/good-practices/", {"sector": "metal"}).json()["results"]
    assert metal and all(c["sector"] == "metal" for c in metal)
    found = api(None).get("/api/v1/good-practices/", {"q": "cobot"}).json()["results"]
    assert found
    vision = api(None).get("/api/v1/good-practices/", {"technology": "machine-vision"}).json()
    assert vision["count"] >= 2
    assert api(None).get("/api/v1/good-practices/", {"sector": "space"}).status_code == 400


def test_challenge_links_to_cases_of_firms_like_it(api, outsider, challenge):
    cases = (
        api(outsider).get(f"/api/v1/challenges/{challenge.pk}/good-practices/").json()["results"]
    )
    assert cases and all(
        c["sector"] == "metal" or set(c["technologies"]) & {"industrial-robots", "simulation"}
        for c in cases
    )
