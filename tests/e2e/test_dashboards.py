"""The dashboards in the browser: the programme dashboard (an intermediary's advisor, in
Dutch and English, and printed as a one-page PDF), a challenge's funnel (its owner) and a run
at a glance (its educator). Each must draw its charts — SVG marks with a size, not only the
tables — without a console error (the strict CSP would report blocked inline code)."""

from __future__ import annotations

from pathlib import Path

import pytest

from marketplace.models import IscedField, NutsRegion
from tests.conftest import load_reference_data
from tests.factories import PASSWORD
from tests.frontend.dashboards.world import build_programme
from tests.marketplace.challenges.factories import accept_nda, make_proposal, solver
from tests.marketplace.teams.run_builders import small_run

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(autouse=True)
def _no_figure_cache(settings):
    settings.INSIGHTS_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """The flush after the previous browser test of this module may have emptied the
    reference tables (disciplines, regions, NDA terms) before the shared reload ran."""
    if not IscedField.objects.exists() or not NutsRegion.objects.exists():
        load_reference_data()


def sign_in(page, server, user) -> None:
    page.goto(server.url + "/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def drawn_marks(page, chart: str) -> int:
    """Marks of the chart with a visible size on screen."""
    marks = page.locator(f"{chart} rect.mark")
    sized = 0
    for i in range(marks.count()):
        box = marks.nth(i).bounding_box()
        if box and box["width"] > 0.5 and box["height"] > 0.5:
            sized += 1
    return sized


def test_programme_dashboard(live_server, page):
    people = build_programme()["people"]
    sign_in(page, live_server, people["advisor"])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/en/dashboards/programme/")
    assert page.locator("h1").inner_text() == "Programme dashboard"
    assert page.locator("svg.chart").count() >= 5
    assert drawn_marks(page, 'svg[data-figure="regions"]') >= 1
    assert drawn_marks(page, 'svg[data-figure="activity"]') >= 2
    # West Flanders (three firms) is too few to show, as text in the chart.
    regions = page.locator('svg[data-figure="regions"]').inner_html()
    assert "too few to show" in regions
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard-programme-en.png"), full_page=True)

    page.goto(live_server.url + "/dashboards/programme/?sector=metal")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert drawn_marks(page, 'svg[data-figure="regions"]') >= 1
    page.screenshot(path=str(SCREENSHOTS / "dashboard-programme-nl.png"), full_page=True)

    # Printed, it is a one-page report without the controls.
    page.emulate_media(media="print")
    assert not page.locator(".dashboard-filter").is_visible()
    assert page.locator("svg.chart").first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-programme-print.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    (SCREENSHOTS / "dashboard-programme.pdf").write_bytes(pdf)
    assert (
        pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>") + pdf.count(b"/Type /Page/") == 1
    )
    assert page.console_errors == []


def test_challenge_funnel(live_server, page):
    world = build_programme()
    _organisation, owner, challenge = world["firms"][0]
    submitter, submitter_org = solver()
    accept_nda(submitter, challenge)
    make_proposal(submitter, challenge, kind="organisation", organisation=submitter_org)
    sign_in(page, live_server, owner)
    page.goto(f"{live_server.url}/en/challenges/{challenge.pk}/insight/")
    assert drawn_marks(page, 'svg[data-figure="funnel"]') >= 2  # NDA and proposals
    page.screenshot(path=str(SCREENSHOTS / "dashboard-challenge-funnel.png"), full_page=True)
    page.goto(f"{live_server.url}/en/challenges/{challenge.pk}/")
    assert drawn_marks(page, '.manage-panel svg[data-figure="funnel"]') >= 2
    assert page.console_errors == []


def test_run_at_a_glance(live_server, page):
    built = small_run()
    sign_in(page, live_server, built["educator"])
    page.goto(f"{live_server.url}/fr/teamvorming/{built['run'].pk}/inzicht/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert drawn_marks(page, 'svg[data-figure="composition"]') >= 3  # segments of two teams
    assert drawn_marks(page, 'svg[data-figure="disciplines"]') >= 4
    page.screenshot(path=str(SCREENSHOTS / "dashboard-run-overview.png"), full_page=True)
    assert page.console_errors == []
