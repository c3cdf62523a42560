"""A suggestion in the browser: a member signs in, opens their organisation's page, the
suggestion panel loads (htmx) with a past partner whose reason names the joint project, and the
project link leads to the past-project page listing both organisations; dismissing it asks why
and then hides it."""

from __future__ import annotations

import datetime
import re

import pytest

from marketplace.matching.models import SuggestionFeedback
from marketplace.models import Collaboration, Participation
from marketplace.models.organisations import Role
from tests.e2e.conftest import SCREENSHOTS, sign_in
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("matching_index_in_tmp"),
]

TITLE = "Lasrobot voor kleine series"


@pytest.fixture
def world(site):
    home = OrganisationFactory(name="Houtatelier Vermeulen", ref="pic:1")
    member = MembershipFactory(organisation=home, role=Role.MEMBER).user
    partner = OrganisationFactory(name="Lasinstituut Kortrijk", ref="pic:2")
    project = Collaboration.objects.create(
        ref="p:1",
        title=TITLE,
        summary="Robotlassen getest op echte stukken.",
        start=datetime.date(2021, 3, 1),
    )
    Participation.objects.create(collaboration=project, organisation=home, role="coordinator")
    Participation.objects.create(collaboration=project, organisation=partner)
    return site, home, member, partner, project


def _partner_suggestion(world, page):
    """The member's organisation page, with the partner's suggestion loaded in its panel."""
    server, home, member, partner, _project = world
    sign_in(page, server, member.email, PASSWORD)
    page.goto(f"{server.url}/en/organisaties/{home.pk}/")
    # The panel arrives after the page: wait for htmx to swap in the suggestion list.
    suggestion = page.locator(".suggestion-panel li.suggestion", has_text=partner.name)
    suggestion.wait_for(timeout=30_000)
    return suggestion


def test_a_suggestion_names_the_joint_project_and_links_its_page(world, page):
    _server, home, _member, partner, project = world
    suggestion = _partner_suggestion(world, page)
    reason = suggestion.locator('li[data-code="past_partner"]')
    assert reason.inner_text().startswith(
        f"Worked with you on 1 project, started in 2021: “{TITLE}”."
    )
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "suggestion-evidence-panel.png"), full_page=True)

    # The title in the sentence is the link (not repeated after it); the reason's link, not
    # the one in the page's own track record.
    assert reason.inner_text().count(TITLE) == 1
    reason.locator("a", has_text=TITLE).click()
    page.wait_for_url(re.compile(rf"/en/projecten/{project.pk}/$"))
    assert page.locator("h1").inner_text() == TITLE
    partners = page.locator("main ul.plain").first.inner_text()
    assert home.name in partners and partner.name in partners
    page.screenshot(path=str(SCREENSHOTS / "suggestion-evidence-project.png"), full_page=True)
    assert page.console_errors == []


def test_dismissing_a_suggestion_asks_why_then_hides_it(world, page):
    partner = world[3]
    suggestion = _partner_suggestion(world, page)

    # Without a reason the browser asks for one; nothing is recorded.
    suggestion.get_by_role("button", name="Dismiss").click()
    # Its name says what it is for; the empty choice shown in it asks the question.
    reason = suggestion.get_by_label("Reason for dismissing this suggestion")
    assert reason.evaluate("select => select.validity.valueMissing")
    assert reason.evaluate("select => select.selectedOptions[0].text") == "Why not?"
    assert not SuggestionFeedback.objects.exists()

    reason.select_option(label="Not relevant for us")
    with page.expect_navigation():
        suggestion.get_by_role("button", name="Dismiss").click()
    page.locator(".messages", has_text="Dismissed. We will not suggest it again.").wait_for()
    feedback = SuggestionFeedback.objects.get()
    assert (feedback.candidate, feedback.verdict, feedback.reason) == (
        "pic:2",
        "dismissed",
        "not_relevant",
    )
    # The panel is loaded again (its heading arrives with it), without the dismissed partner.
    panel = page.locator(".suggestion-panel")
    panel.get_by_role("heading", name="Suggested partners").wait_for(timeout=30_000)
    assert partner.name not in panel.inner_text()
    assert page.console_errors == []
