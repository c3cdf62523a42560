"""Suggestions as users get them through the API: each signal on small hand-made cases,
reasons in the reader's language, consent, dismissal and access for member and outsider."""

from __future__ import annotations

import datetime

import pytest

from marketplace.matching.store import forget_fingerprint
from marketplace.models import Capability, Collaboration, NaceCode, Participation, Technology
from marketplace.models.organisations import Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonProfileFactory,
    UserFactory,
)
from tests.marketplace.challenges.factories import make_challenge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


def _org(name, *, ref=None, kind="company", nace=(), description="", country="BE"):
    org = OrganisationFactory(
        name=name, ref=ref, kind=kind, description=description, country=country
    )
    org.nace.set(NaceCode.objects.filter(code__in=nace))
    return org


def _project(ref, *orgs, year=2020, title="Joint project"):
    project = Collaboration.objects.create(
        ref=ref, title=title, summary=title, start=datetime.date(year, 3, 1)
    )
    for position, org in enumerate(orgs):
        Participation.objects.create(
            collaboration=project,
            organisation=org,
            role="coordinator" if position == 0 else "participant",
        )
    return project


def _members_client(api, organisation):
    user = MembershipFactory(organisation=organisation, role=Role.OWNER).user
    return user, api(user)


def _names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["results"]]


def test_partner_of_a_partner_ranks_above_a_stranger(api):
    me = _org("Meubelmakerij Vanhout", ref="pic:1")
    partner = _org("Houtlab", ref="pic:2")
    friend_of_partner = _org("Coatings Plus", ref="pic:3")
    _org("Stranger Logistics", ref="pic:4")
    _project("p:1", me, partner)
    _project("p:2", partner, friend_of_partner)
    _project("p:3", partner, friend_of_partner, year=2021)
    _user, client = _members_client(api, me)
    response = client.get(f"/api/v1/organisations/{me.pk}/partner-suggestions/")
    names = _names(response)
    assert "Meubelmakerij Vanhout" not in names
    assert "Coatings Plus" in names
    # The stranger may be suggested at all (same country), but never above the partner's partner.
    if "Stranger Logistics" in names:
        assert names.index("Coatings Plus") < names.index("Stranger Logistics")
    results = response.json()["results"]
    coatings = next(r for r in results if r["name"] == "Coatings Plus")
    assert any(reason["code"] == "partner_of_partner" for reason in coatings["reasons"]), coatings


def test_furniture_maker_is_shown_metal_suppliers_through_the_input_output_table(api):
    furniture = _org("Leiehout Meubelmakers", nace=["31.01"], description="Wij maken meubelen.")
    metal = _org("Staalwerk Desmet", nace=["25.11"], description="Metal structures and parts.")
    _org("Reisbureau Zon", nace=["79.11"], description="Travel agency for holidays.")
    _user, client = _members_client(api, furniture)
    results = client.get(
        f"/api/v1/organisations/{furniture.pk}/partner-suggestions/", HTTP_ACCEPT_LANGUAGE="en"
    ).json()["results"]
    names = [r["name"] for r in results]
    assert names[0] == "Staalwerk Desmet"
    reasons = {r["code"]: r["text"] for r in results[0]["reasons"]}
    assert "value_chain" in reasons
    assert "supplier" in reasons["value_chain"].lower()
    assert metal.pk == results[0]["id"]


def test_dutch_challenge_finds_english_capability_through_a_shared_technology(api):
    owner_org = _org("Bakkerij De Korenaar", nace=["10.71"])
    owner = MembershipFactory(organisation=owner_org, role=Role.OWNER).user
    vision = _org("Vision Systems Lab", kind="research_centre")
    capability = Capability.objects.create(
        owner_organisation=vision,
        title="Machine vision for quality inspection",
        description="We build camera-based machine vision systems that detect defects.",
        language="en",
    )
    capability.technologies.set(Technology.objects.filter(slug="machine-vision"))
    _org("Drukkerij Vandamme", description="Offset printing of brochures.")
    challenge = make_challenge(
        owner,
        owner_org,
        language="nl",
        title="Afwijkende broden automatisch herkennen",
        summary="Wij willen met een camera en beeldverwerking misvormde broden van de band halen.",
        goal="Minder dan 1 % afval.",
        scope="Een proefopstelling aan één productielijn.",
        sector="food",
        technologies=["machine-vision"],
    )
    forget_fingerprint()
    response = api(owner).get(
        f"/api/v1/challenges/{challenge.pk}/solver-suggestions/", HTTP_ACCEPT_LANGUAGE="nl"
    )
    results = response.json()["results"]
    assert results[0]["name"] == "Vision Systems Lab"
    texts = " ".join(r["text"] for r in results[0]["reasons"])
    assert "Beeldverwerking" in texts or "beeldverwerking" in texts.lower() or "Deelt" in texts


def test_reasons_are_translated(api):
    me = _org("Atelier Noord", ref="pic:10")
    partner = _org("Textiellab", ref="pic:11")
    _project("p:10", me, partner, year=2022)
    _user, client = _members_client(api, me)
    url = f"/api/v1/organisations/{me.pk}/partner-suggestions/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]["reasons"]
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").json()["results"][0]["reasons"]
    assert [r["code"] for r in english] == [r["code"] for r in dutch]
    assert english[0]["text"] != dutch[0]["text"]


def test_withdrawn_consent_removes_a_person_from_suggestions_at_once(api):
    owner_org = _org("Confectie Delva", nace=["14.13"])
    owner = MembershipFactory(organisation=owner_org, role=Role.OWNER).user
    student = PersonProfileFactory(
        user=UserFactory(first_name="Lotte", last_name="Peeters"),
        headline="Student textile engineering: smart textiles and sensors",
        bio="I design smart textiles with woven sensors.",
        matching_consent=True,
    )
    challenge = make_challenge(
        owner,
        owner_org,
        title="Smart textiles with sensors for workwear",
        summary="We want workwear with woven sensors that warn for heat stress.",
        sector="clothing",
        technologies=["smart-textiles"],
    )
    forget_fingerprint()
    url = f"/api/v1/challenges/{challenge.pk}/solver-suggestions/"
    assert "Lotte Peeters" in _names(api(owner).get(url))
    student_client = api(student.user)
    response = student_client.patch("/api/v1/people/me/", {"matching_consent": False})
    assert response.status_code == 200
    # The index may still hold the person; the answer must not.
    assert "Lotte Peeters" not in _names(api(owner).get(url))


def test_dismissed_suggestion_stays_dismissed(api):
    me = _org("Metaal Vermeire", ref="pic:20")
    partner = _org("Lasinstituut", ref="pic:21")
    _project("p:20", me, partner)
    _user, client = _members_client(api, me)
    url = f"/api/v1/organisations/{me.pk}/partner-suggestions/"
    first = client.get(url).json()
    candidate = next(r for r in first["results"] if r["name"] == "Lasinstituut")
    response = client.post(
        "/api/v1/suggestion-feedback/",
        {
            "subject": first["subject"],
            "candidate": candidate["candidate"],
            "verdict": "dismissed",
            "reason": "already_known",
        },
    )
    assert response.status_code == 201
    assert "Lasinstituut" not in _names(client.get(url))
    assert "Lasinstituut" not in _names(client.get(url + "?limit=50"))


def test_a_suggestion_marked_relevant_says_so_to_every_member(api):
    me = _org("Metaal Vermeire", ref="pic:30")
    partner = _org("Lasinstituut", ref="pic:31")
    _project("p:30", me, partner)
    _user, client = _members_client(api, me)
    _colleague, colleague = _members_client(api, me)
    url = f"/api/v1/organisations/{me.pk}/partner-suggestions/"
    first = client.get(url).json()
    candidate = next(r for r in first["results"] if r["name"] == "Lasinstituut")
    assert candidate["accepted"] is False
    response = client.post(
        "/api/v1/suggestion-feedback/",
        {
            "subject": first["subject"],
            "candidate": candidate["candidate"],
            "verdict": "accepted",
            "reason": "relevant",
        },
    )
    assert response.status_code == 201
    for who in (client, colleague):
        again = who.get(url).json()
        shown = next(r for r in again["results"] if r["name"] == "Lasinstituut")
        assert shown["accepted"] is True


def test_only_members_see_an_organisations_suggestions(api, organisation, owner, member, outsider):
    url = f"/api/v1/organisations/{organisation.pk}/partner-suggestions/"
    assert api(owner).get(url).status_code == 200
    assert api(member).get(url).status_code == 200
    assert api(outsider).get(url).status_code == 403
    assert api(None).get(url).status_code in {401, 403}
    assert api(owner).get("/api/v1/organisations/999999/partner-suggestions/").status_code == 404


def test_outsider_cannot_give_feedback_for_someone_elses_organisation(api, organisation, outsider):
    response = api(outsider).post(
        "/api/v1/suggestion-feedback/",
        {
            "subject": f"org:{organisation.pk}",
            "candidate": "org:1",
            "verdict": "dismissed",
            "reason": "other",
        },
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "params, field",
    [("?limit=0", "limit"), ("?limit=51", "limit"), ("?limit=abc", "limit")],
)
def test_bad_limit_is_a_clear_400(api, organisation, owner, params, field):
    url = f"/api/v1/organisations/{organisation.pk}/partner-suggestions/{params}"
    response = api(owner).get(url)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    ("params", "language", "said"),
    [
        ("?limit=0", "nl", {"limit": ["Geef een geheel getal van 1 tot 50."]}),
        ("?limit=abc", "fr", {"limit": ["Indiquez un nombre entier de 1 à 50."]}),
        ("?limit=99", "en", {"limit": ["Give a whole number from 1 to 50."]}),
        ("?relation=rival", "nl", {"relation": ["Kies een van deze: supplier, customer, "]}),
    ],
)
def test_a_bad_parameter_is_explained_in_the_callers_language(
    api, organisation, owner, params, language, said
):
    url = f"/api/v1/organisations/{organisation.pk}/partner-suggestions/{params}"
    response = api(owner).get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    ((field, expected),) = said.items()
    assert response.json()[field][0].startswith(expected[0])


def test_bad_feedback_is_refused_and_stores_nothing(api, organisation, owner):
    from marketplace.matching.models import SuggestionFeedback

    response = api(owner).post(
        "/api/v1/suggestion-feedback/",
        {"subject": f"org:{organisation.pk}", "candidate": "x", "verdict": "maybe", "reason": "x"},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"verdict", "reason"}
    assert not SuggestionFeedback.objects.exists()
