"""Journey 1: an SME signs up (the verification link from the e-mail), creates its
organisation, writes a challenge with the wizard and the metal sector's starter kit,
publishes it, sees the suggested solvers and invites one."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from marketplace.models import Challenge, Organisation, Technology
from marketplace.models.challenges import Status
from tests.e2e.conftest import sign_in
from tests.e2e.worlds import TITLE
from tests.factories import CapabilityFactory, OrganisationFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("matching_index_in_tmp"),
]

EMAIL = "an.peeters@staalwerken-peeters.example"
PASSWORD = "Lasnaad-in-de-ochtend-42"


@pytest.fixture
def solver():
    """A welding institute whose capability fits the brief: the suggestion to invite."""
    institute = OrganisationFactory(
        name="Lasinstituut Kortrijk",
        kind="knowledge_centre",
        description="Robotic welding of small series in metal: cobots, offline programming.",
    )
    capability = CapabilityFactory(
        owner_organisation=institute,
        title="Robotlassen en cobots voor kleine series",
        description="We program welding robots and cobots for small series of metal parts, "
        "with offline programming so a series of five pieces pays off.",
        language="nl",
    )
    capability.technologies.set(Technology.objects.filter(slug__icontains="robot")[:2])
    return institute


def test_an_sme_signs_up_writes_publishes_and_invites(site, open_page, capture, solver):
    page = open_page("en")

    # Sign up; the verification link comes by e-mail.
    page.goto(site.at("/accounts/signup/", "en"))
    page.locator("input[name=first_name]").fill("An")
    page.locator("input[name=last_name]").fill("Peeters")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert link, message.body
    path = re.sub(r"^https?://[^/]+", "", link.group(0))
    page.goto(site.url + path)
    page.locator("main form button[type=submit]").click()

    # Confirmed; allauth asks to sign in once (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION is off).
    page.wait_for_url(re.compile(r"/en/accounts/login/"))
    sign_in(page, site, EMAIL, PASSWORD, "en")
    assert re.search(r"/en/welkom/", page.url), page.url
    capture(page, "j1-welcome")

    # Who are you? A company.
    page.get_by_role("link", name=re.compile("A company or an institution")).click()
    page.locator("input[name=name]").fill("Staalwerken Peeters")
    page.locator("select[name=kind]").select_option("company")
    page.locator("input[name=staff_headcount]").fill("35")
    page.locator("input[name=annual_turnover_eur]").fill("6000000")
    page.locator("textarea[name=description]").fill(
        "Metal constructions in small series: stairs, railings and machine frames."
    )
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    organisation = Organisation.objects.get(name="Staalwerken Peeters")
    status = page.get_by_role("status")
    assert "Staalwerken Peeters is on Kruispunt and you are its owner" in status.inner_text()

    # Next step offered: post a challenge.
    page.get_by_role("link", name="Post a challenge").click()
    page.wait_for_load_state()
    capture(page, "j1-wizard-start")
    page.locator("select[name=organisation]").select_option(str(organisation.pk))
    page.locator("input[name=type][value=prototype]").check()
    page.locator("input[name=title]").fill(TITLE)
    page.locator("main select[name=language]").select_option("nl")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/edit/problem/$"))
    challenge = Challenge.objects.get(title=TITLE)

    # Problem and goal: the metal sector's starter kit shows beside the form.
    page.locator("select[name=sector]").select_option("metal")
    page.locator("textarea[name=summary]").fill(
        "Wij lassen trappen en leuningen in series van vijf stuks. Handmatig lassen kost te "
        "veel tijd; een lasrobot programmeren loont nu niet voor zo weinig stuks."
    )
    page.locator("textarea[name=goal]").fill(
        "De lastijd per serie halveren tegen eind volgend jaar, zonder extra operatoren."
    )
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    kit = page.locator(".starter-kit")
    assert "Starter kit" in kit.inner_text()
    capture(page, "j1-wizard-problem-kit")
    # The kit's technologies are the vocabulary the brief uses.
    kit_technologies = kit.locator(".tag").all_inner_texts()
    assert kit_technologies
    page.get_by_label(kit_technologies[0], exact=True).check()
    page.get_by_role("button", name=re.compile("Save and continue")).click()

    # Scope.
    page.wait_for_url(re.compile(r"/edit/scope/$"))
    page.locator("textarea[name=scope]").fill(
        "Een werkend prototype van een lascel voor kleine series, met opleiding."
    )
    page.get_by_label("Knowledge centre").check()
    page.get_by_role("button", name=re.compile("Save and continue")).click()

    # Confidentiality: invited only, so the invitation counts.
    page.wait_for_url(re.compile(r"/edit/confidentiality/$"))
    page.locator("select[name=visibility]").select_option("invited")
    page.locator("input[name=ip_regime]").first.check()
    page.get_by_role("button", name=re.compile("Save and continue")).click()

    # Impact on work.
    page.wait_for_url(re.compile(r"/edit/impact/$"))
    page.locator("textarea[name=impact_work_organisation]").fill(
        "Twee lassers worden operator van de lascel."
    )
    page.locator("textarea[name=impact_skills]").fill("Opleiding robotprogrammatie.")
    page.locator("textarea[name=impact_safety]").fill("Minder lasrook aan de werkplek.")
    page.locator("textarea[name=impact_privacy]").fill("Geen gegevens over werknemers.")
    page.get_by_role("button", name=re.compile("Save and continue")).click()

    # Terms: a budget and the dates.
    page.wait_for_url(re.compile(r"/edit/terms/$"))
    deadline = timezone.localtime() + datetime.timedelta(days=45)
    page.locator("input[name=budget_eur]").fill("15000")
    page.locator("input[name=deadline]").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.locator("input[name=feedback_deadline]").fill(
        (deadline + datetime.timedelta(days=21)).strftime("%Y-%m-%d")
    )
    page.get_by_role("button", name=re.compile("Save and continue")).click()

    # Review and publish.
    page.wait_for_url(re.compile(r"/review/$"))
    assert "Starter kit" in page.locator("main").inner_text()
    capture(page, "j1-wizard-review")
    page.locator("main form[action$='/transition/'] button[type=submit]").first.click()
    page.wait_for_load_state()
    challenge.refresh_from_db()
    assert challenge.status == Status.OPEN, page.locator("main").inner_text()

    # The challenge page: suggested solvers arrive (htmx), the welding institute among them.
    page.goto(site.at(challenge.get_absolute_url(), "en"))
    suggestion = page.locator(".suggestion-panel li.suggestion", has_text=solver.name)
    suggestion.wait_for(timeout=30_000)
    assert suggestion.locator("ul.reasons li").count() >= 1
    # The history names who published it by the name given at sign-up.
    assert "Open · An Peeters" in page.locator("ul.log").inner_text()
    capture(page, "j1-challenge-solvers")

    # Invite the suggested institute from its suggestion; it then shows as invited.
    with page.expect_navigation():
        suggestion.get_by_role("button", name="Invite").click()
    page.locator(".messages", has_text=f"{solver.name} is invited.").wait_for()
    suggestion = page.locator(".suggestion-panel li.suggestion", has_text=solver.name)
    suggestion.locator(".invited").wait_for(timeout=30_000)
    # The invitation counted as "relevant": that button is not offered a second time.
    assert suggestion.get_by_role("button", name="Relevant").count() == 0
    capture(page, "j1-solver-invited")

    # The invitees page lists it.
    page.locator("main").get_by_role("link", name="Invitees").first.click()
    page.wait_for_load_state()
    invited = page.locator("main table").inner_text()
    assert solver.name in invited
    assert challenge.invitees.filter(organisation=solver).exists()
    capture(page, "j1-invitees")

    page.goto(site.at(organisation.get_absolute_url(), "en"))
    capture(page, "j1-organisation")

    # Later, from the home page: "See your suggestions" leads to "For you", which points to the
    # challenge's suggested solvers.
    page.goto(site.at("/", "en"))
    page.get_by_role("link", name="See your suggestions").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=f"Solvers suggested for “{TITLE}”").click()
    page.wait_for_load_state()
    page.locator("li.suggestion", has_text=solver.name).wait_for(timeout=30_000)
    capture(page, "j1-for-you-solvers")
