"""Every URL that answers htmx with a fragment is also a page: opened directly (a new tab, a
bookmark, no JavaScript) it has the site's title, header and language switch; asked by htmx it
is the bare fragment the page swaps in. And /favicon.ico is the site's icon, not a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from collab.services.rooms import room_create
from marketplace.models.challenges import Status
from tests.frontend.conftest import assert_csp_clean
from tests.marketplace.challenges.factories import make_challenge
from tests.marketplace.teams.run_builders import make_run

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _matching_index_in_tmp(matching_index_in_tmp):
    """Every test here gets a matching index of its own (tests/conftest.py)."""


@pytest.fixture
def fragment_urls(owner, organisation):
    """Each htmx URL with the text its fragment shows, as the owner may see them."""
    challenge = make_challenge(owner, organisation, Status.OPEN)
    room = room_create(name="Robot cell", created_by=owner)
    organisation.kind = "university"
    organisation.save(update_fields=["kind"])
    run = make_run(owner, organisation)
    suggestions = reverse("organisation_suggestions", args=[organisation.pk])
    return [
        (suggestions, "Suggested partners"),
        (suggestions + "?relation=supplier", "Suggested partners"),  # a partner-filter link
        (reverse("challenge_solvers", args=[challenge.pk]), "Suggested solvers"),
        (reverse("notification_badge"), "Notifications"),
        (reverse("room_section", args=[room.pk, "members"]), owner.display_name),
        (reverse("team_run_state", args=[run.pk]), 'id="run-state"'),
        (reverse("skill_search") + "?name=skills&q=x", "Type at least two letters."),
        (reverse("nace_search") + "?name=nace&q=x", "Type at least two letters."),
    ]


def test_fragment_urls_opened_directly_are_whole_pages(client_for, owner, fragment_urls):
    client = client_for(owner)
    for url, shown in fragment_urls:
        response = client.get("/en" + url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "<title>" in html and "· Kruispunt</title>" in html, url
        assert 'class="site-header"' in html, url
        assert 'id="language-select"' in html, url
        assert shown in html, url
        assert "HX-Request" in response["Vary"], url
        assert_csp_clean(html)


def test_fragment_urls_asked_by_htmx_stay_fragments(client_for, owner, fragment_urls):
    client = client_for(owner)
    for url, shown in fragment_urls:
        response = client.get("/en" + url, **HTMX)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "<title>" not in html and 'class="site-header"' not in html, url
        assert shown in html, url


def test_picker_results_opened_directly_are_a_list_in_the_page(client_for, owner):
    html = client_for(owner).get(reverse("skill_search") + "?name=skills&q=x").content.decode()
    assert '<ul class="fragment-list">' in html


def test_fragment_page_is_in_the_readers_language(client_for, owner, organisation):
    url = "/fr" + reverse("organisation_suggestions", args=[organisation.pk])
    html = client_for(owner).get(url).content.decode()
    assert '<html lang="fr">' in html
    assert "<h1>Suggestions</h1>" in html


def test_outsiders_still_get_no_fragment_and_no_page(client_for, outsider, fragment_urls):
    client = client_for(outsider)
    for url, _shown in fragment_urls[:3] + fragment_urls[4:6]:
        assert client.get(url).status_code in {403, 404}, url


def test_favicon_ico_is_the_site_icon(client_for):
    response = client_for(None).get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age" in response["Cache-Control"]


def test_a_suggestion_page_opened_directly_names_its_challenge_or_organisation(
    client_for, owner, organisation
):
    """Reached from "For you", the solvers' and partners' pages say whose suggestions they are
    and link back; the fragment htmx swaps into that page does not repeat it."""
    challenge = make_challenge(owner, organisation, Status.OPEN, title="Vullijncamera")
    client = client_for(owner)
    solvers = reverse("challenge_solvers", args=[challenge.pk])
    page = client.get("/en" + solvers).content.decode()
    assert (
        f'<p class="eyebrow"><a href="/en/challenges/{challenge.pk}/">Vullijncamera</a></p>\n'
        "<h1>Suggested solvers</h1>"
    ) in page
    assert page.count("Suggested solvers</h") == 1  # the fragment's own heading is not repeated
    assert 'class="eyebrow"' not in client.get("/en" + solvers, **HTMX).content.decode()
    partners = client.get(f"/en/organisaties/{organisation.pk}/suggesties/").content.decode()
    assert (
        f'<p class="eyebrow"><a href="/en/organisaties/{organisation.pk}/">'
        f"{organisation.name}</a></p>"
    ) in partners
