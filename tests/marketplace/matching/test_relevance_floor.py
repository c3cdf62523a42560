"""Honest strength: every suggestion says how strong it is, in words and as a frequency; one
too weak to be worth a look is not shown, and the page then says what would help instead."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from marketplace.matching import strength
from marketplace.matching.store import forget_fingerprint
from marketplace.models import Collaboration, Participation
from marketplace.models.organisations import Role
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_index")]


@pytest.mark.parametrize(
    "confidence, key, chance",
    [
        (0.42, "strong", "about 4 in 10"),
        (0.06, "good", "about 1 in 17"),
        (0.01, "possible", "about 1 in 100"),
        (0.001, "weak", "about 1 in 1000"),
    ],
)
def test_strength_in_words_says_the_frequency_the_confidence_stands_for(confidence, key, chance):
    with translation.override("en"):
        found = strength.strength_of(confidence)
    assert found.key == key
    assert chance in found.chance


def _busy_strangers(n=30):
    """Organisations with a long track record among themselves and nothing in common with
    the asker: suggested only for being active."""
    orgs = [OrganisationFactory(name=f"Busy {i}", ref=f"pic:b{i}") for i in range(n)]
    for year in range(2010, 2016):
        for i in range(0, n - 2, 3):
            project = Collaboration.objects.create(
                ref=f"p:{year}:{i}",
                title="Offshore wind foundations",
                start=datetime.date(year, 1, 1),
            )
            for org in orgs[i : i + 3]:
                Participation.objects.create(collaboration=project, organisation=org)
    return orgs


def test_a_newcomer_with_nothing_to_match_gets_next_steps_instead_of_guesses(api, client):
    _busy_strangers()
    newcomer = OrganisationFactory(name="Nieuwe Bakkerij", description="Bakkerij.")
    owner = MembershipFactory(organisation=newcomer, role=Role.OWNER).user
    forget_fingerprint()
    url = f"/api/v1/organisations/{newcomer.pk}/partner-suggestions/"
    answer = api(owner).get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    assert answer["results"] == []
    assert answer["held_back"] > 0
    steps = " ".join(answer["next_steps"])
    assert "the description has 1 word;" in steps
    assert "Add a capability" in steps
    client.force_login(owner)
    page = client.get(f"/en/organisaties/{newcomer.pk}/suggesties/").content.decode()
    assert "No suggestion is strong enough to show yet" in page
    assert "Add a capability" in page
    assert "Busy 1" not in page


def test_a_strong_suggestion_is_shown_with_its_strength(api):
    orgs = _busy_strangers()
    me = OrganisationFactory(name="Windwerf", ref="pic:me", description="Offshore wind")
    for year in (2014, 2015):
        project = Collaboration.objects.create(
            ref=f"p:me:{year}", title="Offshore wind foundations", start=datetime.date(year, 1, 1)
        )
        for org in (me, orgs[0]):
            Participation.objects.create(collaboration=project, organisation=org)
    owner = MembershipFactory(organisation=me, role=Role.OWNER).user
    forget_fingerprint()
    answer = api(owner).get(f"/api/v1/organisations/{me.pk}/partner-suggestions/").json()
    first = answer["results"][0]
    assert first["name"] == "Busy 0"
    assert first["confidence"] >= strength.MIN_CONFIDENCE
    assert first["strength"]["key"] in {"strong", "good", "possible"}
    assert first["strength"]["name"] == str(strength.strength_of(first["confidence"]).label)
    assert all(item["confidence"] >= strength.MIN_CONFIDENCE for item in answer["results"])


def test_strength_and_next_steps_speak_the_readers_language():
    with translation.override("nl"):
        assert "ongeveer 1 op 100" in strength.strength_of(0.01).chance
    with translation.override("fr"):
        assert "environ 1 suggestion aussi forte sur 100" in strength.strength_of(0.01).chance


def _shown(*confidences, held_back=0):
    from marketplace.matching.suggestions import ProductSuggestion, SuggestionList

    found = SuggestionList(
        ProductSuggestion(kind="challenge", ref=f"challenge:{i}", obj=None, score=c, confidence=c)
        for i, c in enumerate(confidences)
    )
    found.held_back = held_back
    return found


@pytest.mark.parametrize(
    "found, helps",
    [
        (_shown(), True),  # nothing shown
        (_shown(0.2, held_back=3), True),  # some left out
        (_shown(0.001, 0.002), True),  # only weak matches, kept for a named fact
        (_shown(0.2, 0.001), False),
        (_shown(0.01), False),  # a possible match
    ],
)
def test_the_next_steps_show_when_nothing_shown_is_more_than_a_weak_match(found, helps):
    from django.template.loader import render_to_string

    steps = ["Add a capability: what you offer, with the technologies you use."]
    with translation.override("en"):
        html = render_to_string(
            "frontend/suggestions/next_steps.html", {"found": found, "next_steps": steps}
        )
    assert found.needs_more is helps
    assert ("What would help:" in html) is helps
    assert ("Add a capability" in html) is helps
    # Only what is true is said: "left out" only when some were, "none" only when none shown.
    assert ("were left out" in html) is (helps and found.held_back > 0)
    assert ("No suggestion is strong enough" in html) is (helps and not found)
