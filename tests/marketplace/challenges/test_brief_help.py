"""Authoring help: …/quality/ (score with concrete hints), similar challenges while authoring
(challenges/similar/) and for a challenge (…/similar/), funding hints."""

import pytest

from marketplace.models.challenges import Status
from tests.factories import OrganisationFactory
from tests.marketplace.challenges.factories import make_challenge

pytestmark = pytest.mark.django_db


def test_a_good_brief_scores_high(api, owner, challenge):
    report = api(owner).get(f"/api/v1/challenges/{challenge.pk}/quality/").json()
    assert report["score"] >= 80, report
    assert report["below_threshold"] is False


def test_a_thin_brief_gets_concrete_hints(api, owner, organisation):
    draft = make_challenge(
        owner,
        organisation,
        Status.DRAFT,
        goal="Better",
        scope="",
        summary="x",
        budget_eur=None,
        impact_safety="",
        impact_skills="",
        impact_privacy="",
        impact_work_organisation="",
        ip_regime="non_confidential",
    )
    report = api(owner).get(f"/api/v1/challenges/{draft.pk}/quality/").json()
    assert report["below_threshold"] is True
    assert report["advice"]
    codes = {h["code"] for h in report["hints"]}
    assert {
        "goal_measurable",
        "scope_deliverables",
        "budget_realistic",
        "impact_on_work",
        "confidential_separated",
        "summary",
    } <= codes


def test_copying_confidential_text_into_the_summary_is_flagged(api, owner, organisation):
    draft = make_challenge(
        owner,
        organisation,
        Status.DRAFT,
        confidential_detail="our customer Acme buys four hundred frames each month",
        summary="We weld for our customer Acme buys four hundred frames each month.",
    )
    hints = api(owner).get(f"/api/v1/challenges/{draft.pk}/quality/").json()["hints"]
    assert "confidential_separated" in {h["code"] for h in hints}


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_quality_is_for_the_authors(api, people, challenge, who):
    assert api(people[who]).get(f"/api/v1/challenges/{challenge.pk}/quality/").status_code == 403


def test_similar_challenges_across_languages(api, owner, organisation, outsider):
    make_challenge(
        owner,
        organisation,
        language="nl",
        title="Lasrobot voor kleine reeksen",
        summary="We zoeken een lasrobot die offline geprogrammeerd wordt.",
        technologies=["industrial-robots"],
    )
    make_challenge(
        owner,
        organisation,
        title="Bakery energy",
        sector="food",
        summary="Ovens use too much gas.",
        technologies=["energy-monitoring"],
    )
    hidden = make_challenge(owner, organisation, title="Secret welding robot", visibility="invited")
    response = api(outsider).post(
        "/api/v1/challenges/similar/",
        {
            "title": "Welding robot for small batches",
            "summary": "Offline programming of a robot.",
            "language": "en",
            "sector": "metal",
            "technologies": ["industrial-robots"],
        },
    )
    assert response.status_code == 200, response.content
    titles = [r["title"] for r in response.json()["results"]]
    assert "Lasrobot voor kleine reeksen" in titles
    assert "Bakery energy" not in titles
    assert hidden.title not in titles
    assert api(outsider).post("/api/v1/challenges/similar/", {"nope": 1}).status_code == 400


def test_similar_for_a_challenge_excludes_itself(api, outsider, challenge, owner, organisation):
    twin = make_challenge(owner, organisation, title="Robot welding of small batches")
    titles = [
        r["title"]
        for r in api(outsider).get(f"/api/v1/challenges/{challenge.pk}/similar/").json()["results"]
    ]
    assert titles == [twin.title]


def test_funding_hints_are_information_not_a_decision(api, outsider, challenge):
    hints = api(outsider).get(f"/api/v1/challenges/{challenge.pk}/funding-hints/").json()["results"]
    slugs = {h["slug"] for h in hints}
    assert "vlaio-innovatieproject" in slugs
    assert "edih-test-before-invest" in slugs
    assert all("not an eligibility decision" in h["disclaimer"] for h in hints)
    assert all(h["why"] for h in hints)


def test_sme_funding_hints_for_an_organisation(api, outsider):
    sme = OrganisationFactory(staff_headcount=12, annual_turnover_eur=1_000_000, nuts_id="BE211")
    large = OrganisationFactory(
        staff_headcount=900, annual_turnover_eur=200_000_000, nuts_id="BE211"
    )
    small = {
        h["slug"]
        for h in api(outsider)
        .get(f"/api/v1/organisations/{sme.pk}/funding-hints/")
        .json()["results"]
    }
    big = {
        h["slug"]
        for h in api(outsider)
        .get(f"/api/v1/organisations/{large.pk}/funding-hints/")
        .json()["results"]
    }
    assert "kmo-portefeuille" in small
    assert "kmo-portefeuille" not in big


def test_anonymous_seekers_funding_hints_stay_hidden(api, outsider, challenge):
    challenge.anonymous_seeker = True
    challenge.save()
    assert api(outsider).get(f"/api/v1/challenges/{challenge.pk}/funding-hints/").json() == {
        "results": []
    }
