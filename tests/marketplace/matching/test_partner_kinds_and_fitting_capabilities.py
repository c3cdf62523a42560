"""What a user sees around each suggestion: the kind of partner (supplier, customer, knowledge
partner…), a filter on it, the stage (TRL) a challenge asks for, and the solver's capability
that fits — through the API and on the pages, for owner, member and outsider."""

from __future__ import annotations

import pytest
from django.urls import reverse

from marketplace.matching.store import forget_fingerprint
from marketplace.models import Capability, NaceCode, Technology
from marketplace.models.organisations import Role
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonProfileFactory,
    UserFactory,
)
from tests.marketplace.challenges.factories import make_challenge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


def _org(name, *, kind="company", nace=(), description="", **extra):
    org = OrganisationFactory(name=name, kind=kind, description=description, **extra)
    org.nace.set(NaceCode.objects.filter(code__in=nace))
    return org


def _capability(owner, title, description, trl, technologies=(), **extra):
    capability = Capability.objects.create(
        title=title,
        description=description,
        language="en",
        trl_min=trl[0],
        trl_max=trl[1],
        **owner,
        **extra,
    )
    capability.technologies.set(Technology.objects.filter(slug__in=technologies))
    return capability


@pytest.fixture
def furniture_maker():
    """A furniture maker with a metal supplier, a customer, a university and a robot maker."""
    furniture = _org(
        "Meubelfabriek Lys", nace=["31.01"], description="Wij maken meubelen en kasten."
    )
    _org("Staalwerk Desmet", nace=["25.11"], description="Metal structures and parts.")
    _org("Hotelgroep Zee", nace=["55.10"], description="Hotels at the coast.")
    _org("Keukens Brabo", nace=["31.02"], description="Wij maken keukens en kasten op maat.")
    _org(
        "Universiteit Gent Houtlab",
        kind="university",
        description="Onderzoek naar hout, meubelen en kasten: research on wood and furniture.",
    )
    return furniture


def _relations(client, organisation, query=""):
    url = f"/api/v1/organisations/{organisation.pk}/partner-suggestions/{query}"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    return {r["name"]: (r["relation"], r["relation_label"]) for r in response.json()["results"]}


def test_partners_say_what_kind_of_partner_they_are(api, furniture_maker):
    owner = MembershipFactory(organisation=furniture_maker, role=Role.OWNER).user
    relations = _relations(api(owner), furniture_maker)
    assert relations["Staalwerk Desmet"] == ("supplier", "Supplier")
    assert relations["Universiteit Gent Houtlab"] == ("knowledge_partner", "Knowledge partner")
    assert all(relation for relation, _label in relations.values())


def test_a_maker_in_the_same_sector_is_a_peer_not_a_customer(api, furniture_maker):
    """The input–output table links furniture to furniture (makers buy from each other), but
    it cannot say which of the two is the customer: the page must not call a peer one."""
    owner = MembershipFactory(organisation=furniture_maker, role=Role.OWNER).user
    client = api(owner)
    url = f"/api/v1/organisations/{furniture_maker.pk}/partner-suggestions/"
    answer = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    peer = next(r for r in answer["results"] if r["name"] == "Keukens Brabo")
    link = next(r for r in peer["reasons"] if r["code"] == "value_chain")["evidence"]
    assert link["supplier_sector"] == link["customer_sector"] == "31-32"
    assert peer["relation"] not in {"supplier", "customer"}
    assert "Keukens Brabo" not in _relations(client, furniture_maker, "?relation=customer")
    assert "Keukens Brabo" not in _relations(client, furniture_maker, "?relation=supplier")


def test_partners_can_be_filtered_by_kind(api, furniture_maker):
    member = MembershipFactory(organisation=furniture_maker, role=Role.MEMBER).user
    client = api(member)
    suppliers = _relations(client, furniture_maker, "?relation=supplier")
    assert "Staalwerk Desmet" in suppliers
    assert {relation for relation, _label in suppliers.values()} == {"supplier"}
    knowledge = _relations(client, furniture_maker, "?relation=knowledge_partner")
    assert set(knowledge) == {"Universiteit Gent Houtlab"}


def test_an_unknown_partner_kind_is_a_clear_400(api, furniture_maker):
    owner = MembershipFactory(organisation=furniture_maker, role=Role.OWNER).user
    url = f"/api/v1/organisations/{furniture_maker.pk}/partner-suggestions/?relation=friends"
    response = api(owner).get(url)
    assert response.status_code == 400
    assert "relation" in response.json()


def test_an_outsider_learns_nothing_from_the_filter(api, furniture_maker, outsider):
    url = f"/api/v1/organisations/{furniture_maker.pk}/partner-suggestions/?relation=supplier"
    assert api(outsider).get(url).status_code == 403
    assert api(None).get(url).status_code in {401, 403}


def test_partner_kinds_on_the_organisation_page_in_dutch_and_french(client, furniture_maker):
    owner = MembershipFactory(organisation=furniture_maker, role=Role.OWNER).user
    client.force_login(owner)
    panel = f"/organisaties/{furniture_maker.pk}/suggesties/"
    dutch = client.get(panel, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Leverancier" in dutch
    assert "Kennispartner" in dutch
    only = client.get(panel + "?relation=supplier").content.decode()
    assert "Staalwerk Desmet" in only
    assert "Universiteit Gent Houtlab" not in only
    assert 'aria-current="true">Leverancier' in only
    # An unknown filter shows every kind rather than an error page.
    every = client.get(panel + "?relation=%3Cscript%3E")
    assert every.status_code == 200
    assert "Universiteit Gent Houtlab" in every.content.decode()
    french = client.get("/fr" + panel).content.decode()
    assert "Fournisseur" in french


def test_partner_panel_is_for_members_only(client, furniture_maker, outsider):
    client.force_login(outsider)
    response = client.get(f"/organisaties/{furniture_maker.pk}/suggesties/?relation=supplier")
    assert response.status_code in {403, 404}
    assert b"Staalwerk" not in response.content


@pytest.fixture
def prototype_challenge():
    """A food SME's prototype challenge (TRL 5–7) and two vision labs at different stages."""
    bakery = _org("Bakkerij De Korenaar", nace=["10.71"], staff_headcount=12)
    owner = MembershipFactory(organisation=bakery, role=Role.OWNER).user
    text = "Camera-based machine vision that detects defects on production lines."
    early = _org("Vision Research Lab", kind="research_centre", description=text)
    _capability(
        {"owner_organisation": early},
        "Fundamental research in defect detection",
        text,
        (1, 3),
        ["machine-vision"],
    )
    late = _org("Vision Integrators", kind="company", description=text)
    _capability(
        {"owner_organisation": late},
        "Office cleaning",
        "We clean offices at night.",
        (9, 9),
    )
    fitting = _capability(
        {"owner_organisation": late},
        "Machine vision lines for food",
        "We install camera inspection on food production lines, piloted in bakeries.",
        (5, 8),
        ["machine-vision"],
    )
    challenge = make_challenge(
        owner,
        bakery,
        type="prototype",
        language="nl",
        title="Misvormde broden automatisch herkennen",
        summary="Een prototype met een camera die misvormde broden van de productielijn haalt.",
        sector="food",
        technologies=["machine-vision"],
    )
    forget_fingerprint()
    return challenge, owner, fitting


def test_solvers_at_the_stage_a_prototype_needs_rank_first(api, prototype_challenge):
    challenge, owner, fitting = prototype_challenge
    assert challenge.trl_range() == (5, 7)
    response = api(owner).get(
        f"/api/v1/challenges/{challenge.pk}/solver-suggestions/", HTTP_ACCEPT_LANGUAGE="nl"
    )
    results = response.json()["results"]
    names = [r["name"] for r in results]
    assert names.index("Vision Integrators") < names.index("Vision Research Lab")
    first = results[0]
    texts = {r["code"]: r["text"] for r in first["reasons"]}
    assert texts["readiness_fit"] == "Werkt in de fase die nodig is: TRL 5–7."
    assert first["capability"] == {
        "id": fitting.pk,
        "title": "Machine vision lines for food",
        "trl_min": 5,
        "trl_max": 8,
        "url": fitting.get_absolute_url(),
    }
    assert first["relation"] == ""


def test_the_solver_panel_names_the_fitting_capability(client, prototype_challenge):
    challenge, owner, _fitting = prototype_challenge
    client.force_login(owner)
    page = client.get(reverse("challenge_solvers", args=[challenge.pk])).content.decode()
    assert "Passende expertise:" in page
    assert "Machine vision lines for food" in page
    assert "Office cleaning" not in page


def test_a_persons_capability_is_shown_only_while_they_consent(api, prototype_challenge):
    challenge, owner, _fitting = prototype_challenge
    student = PersonProfileFactory(
        user=UserFactory(first_name="Ines", last_name="Claes"),
        headline="Machine vision student",
        bio="Camera-based machine vision that detects defects on production lines.",
        matching_consent=True,
    )
    theirs = _capability(
        {"owner_person": student},
        "Vision prototype for bakeries",
        "Machine vision that detects defects in bread on production lines.",
        (5, 7),
        ["machine-vision"],
    )
    forget_fingerprint()
    url = f"/api/v1/challenges/{challenge.pk}/solver-suggestions/?limit=20"
    found = {r["name"]: r for r in api(owner).get(url).json()["results"]}
    assert found["Ines Claes"]["kind"] == "person"
    assert found["Ines Claes"]["capability"]["id"] == theirs.pk
    student.matching_consent = False
    student.save()
    found = {r["name"]: r for r in api(owner).get(url).json()["results"]}
    assert "Ines Claes" not in found
    assert all((r["capability"] or {}).get("id") != theirs.pk for r in found.values())


def test_challenges_for_an_organisation_prefer_its_stage(api):
    lab = _org("Proeftuin Robotica", kind="research_centre", description="Robots for food.")
    _capability(
        {"owner_organisation": lab}, "Early robot concepts", "Robot concepts for food.", (1, 3)
    )
    member = MembershipFactory(organisation=lab, role=Role.MEMBER).user
    seeker = _org("Slagerij Peeters", nace=["10.13"])
    owner = MembershipFactory(organisation=seeker, role=Role.OWNER).user
    common = {"summary": "Robots that cut and pack meat in our food workshop.", "sector": "food"}
    make_challenge(owner, seeker, type="prototype", title="Robot for meat packing", **common)
    make_challenge(owner, seeker, type="idea", title="Robot for meat cutting", **common)
    forget_fingerprint()
    response = api(member).get(
        f"/api/v1/organisations/{lab.pk}/challenge-suggestions/", HTTP_ACCEPT_LANGUAGE="en"
    )
    results = response.json()["results"]
    assert [r["name"] for r in results][:2] == ["Robot for meat cutting", "Robot for meat packing"]
    # A suggested challenge says why it suits you ("why you"), not what the challenge did.
    texts = {r["code"]: r["text"] for r in results[0]["reasons"]}
    assert texts["readiness_fit"] == "Asks for the stage you work at: TRL 1–3."
