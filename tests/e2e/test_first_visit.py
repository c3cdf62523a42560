"""A first visit in the browser: the Dutch home page with the demo organisations, signing in
with the demo login, and switching the interface to English and French."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from marketplace.management.commands.demo import DEMO_PASSWORD
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(site):
    call_command("demo", verbosity=0)
    return site


def test_home_is_dutch_and_shows_demo_organisations(demo, page):
    page.goto(demo.url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Kruispunt" in page.title()
    assert "Waar bedrijven, studenten en kennis elkaar ontmoeten" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Organisaties").first.click()
    page.wait_for_load_state()
    page.fill("input[name=q]", "Leiehout")
    page.locator("form[role=search] button[type=submit]").click()
    page.wait_for_url("**q=Leiehout**")
    assert "Leiehout Meubelmakers" in page.locator("main").inner_text()
    assert page.console_errors == []


def test_sign_in_with_demo_login_and_switch_language(demo, page):
    sign_in(page, demo, "demo@kruispunt.example", DEMO_PASSWORD)
    page.select_option("select[name=language]", "en")
    page.wait_for_url("**/en/**")
    assert page.locator("html").get_attribute("lang") == "en"
    page.select_option("select[name=language]", "fr")
    page.wait_for_url("**/fr/**")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.console_errors == []


def test_a_new_account_that_opens_for_you_first_is_still_offered_onboarding(site, page):
    """Opening "Voor u" before setting anything up shows what would help, and changes
    nothing: back home, the page still offers to set up the profile."""
    from marketplace.models import PersonProfile
    from tests.factories import PASSWORD, UserFactory

    newcomer = UserFactory(email="nieuw@example.org")
    sign_in(page, site, newcomer.email, PASSWORD)
    page.get_by_role("link", name="Voor u").first.click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Wat zou helpen:" in main
    assert "Voeg een competentie toe" in main
    page.goto(site.url + "/")
    home = page.locator("main")
    assert home.get_by_role("link", name="Stel uw profiel in").count() >= 1
    assert home.get_by_role("link", name="Bekijk uw suggesties").count() == 0
    assert not PersonProfile.objects.filter(user=newcomer).exists()
    assert page.console_errors == []


def test_an_account_without_a_name_is_shown_how_others_see_it_and_adds_a_name(site, page):
    """An account made before sign-up asked for names: the home page says how others see it
    and links to the profile, where the name is added; then the notice is gone."""
    from tests.factories import PASSWORD, UserFactory

    nameless = UserFactory(email="an.peeters@example.org", first_name="", last_name="")
    sign_in(page, site, nameless.email, PASSWORD)
    page.goto(site.url + "/")
    notice = page.locator("main .name-missing")
    assert "Anderen op Kruispunt zien u als “an.peeters”" in notice.inner_text()
    notice.get_by_role("link", name="Vul uw naam in").click()
    page.wait_for_load_state()
    page.locator("input[name=first_name]").fill("An")
    page.locator("input[name=last_name]").fill("Peeters")
    page.get_by_role("button", name="Mijn profiel opslaan").click()
    page.wait_for_load_state()
    nameless.refresh_from_db()
    assert nameless.display_name == "An Peeters"
    page.goto(site.url + "/")
    assert page.locator("main .name-missing").count() == 0
    assert page.console_errors == []
