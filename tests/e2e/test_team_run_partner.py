"""In the browser: an educator creates a team-formation run with a partner institution
ticked (the form used to answer "'29' is geen geldige waarde.")."""

from __future__ import annotations

import pytest

from marketplace.teams.models import TeamRun
from tests.factories import PASSWORD, OrganisationFactory
from tests.marketplace.teams.run_builders import educator_of, university

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_create_a_run_with_a_partner_institution(site, page):
    own = university()
    partner = OrganisationFactory(kind="university", name="Universiteit Gent")
    OrganisationFactory(kind="company", name="Staalbouw NV")  # no partner candidate
    educator = educator_of(own)
    page.goto(site.url + "/accounts/login/")
    page.fill("input[name=login]", educator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(site.url + "/teamvorming/nieuw/")
    main = page.locator("main")
    assert "Staalbouw NV" not in main.inner_text()
    page.fill("input[name=title]", "Slimme fabriek over de campussen")
    page.fill("input[name=course]", "Industrie 4.0-lab")
    page.select_option("select[name=organisation]", str(own.pk))
    page.get_by_label("Universiteit Gent").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "geen geldige waarde" not in text
    run = TeamRun.objects.get(title="Slimme fabriek over de campussen")
    assert page.url.rstrip("/").endswith(f"/teamvorming/{run.pk}")
    assert list(run.partner_organisations.all()) == [partner]
    assert page.console_errors == []
