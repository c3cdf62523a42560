"""Journey 2: a solver finds an open challenge by search, accepts the NDA, reads the
confidential detail and submits a proposal with an attachment."""

from __future__ import annotations

import re

import pytest

from marketplace.models import NdaAcceptance, Proposal
from tests.e2e.conftest import sign_in
from tests.e2e.worlds import TITLE, attachment, open_challenge
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def test_a_solver_finds_accepts_the_nda_and_submits(site, open_page, capture, tmp_path):
    world = open_challenge()
    page = open_page("en")
    sign_in(page, site, world.solver.email, PASSWORD, "en")

    # Search.
    page.goto(site.at("/challenges/", "en"))
    search = page.get_by_role("search")
    search.locator("input[name=q]").fill("robotlassen")
    search.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q=robotlassen"))
    capture(page, "j2-search-results")
    page.locator("main").get_by_role("link", name=TITLE).first.click()
    page.wait_for_load_state()
    main = page.locator("main")
    assert "Tekeningen van onze drie typische stukken" not in main.inner_text()
    capture(page, "j2-challenge-before-nda")

    # The NDA.
    main.get_by_role("link", name="Read and accept the NDA").click()
    page.wait_for_load_state()
    capture(page, "j2-nda")
    page.get_by_label("I have read the terms above and accept them.").check()
    page.locator("main form").get_by_role("button", name="Accept the NDA").click()
    page.wait_for_load_state()
    assert NdaAcceptance.objects.filter(user=world.solver, challenge=world.challenge).exists()
    # Back on the challenge, with a confirmation and the confidential detail.
    assert page.get_by_role("status").count() == 1
    assert "Tekeningen van onze drie typische stukken" in page.locator("main").inner_text()

    # The proposal: on behalf of the company.
    page.goto(site.at(world.challenge.get_absolute_url(), "en"))
    page.locator("main").get_by_role("link", name="Submit a proposal").first.click()
    page.wait_for_load_state()
    capture(page, "j2-proposal-form")
    page.locator("input[name=kind][value=organisation]").check()
    page.locator("select[name=organisation]").select_option(str(world.solver_organisation.pk))
    page.locator("input[name=title]").fill("Lascel met offline programmatie")
    page.locator("textarea[name=summary]").fill(
        "Wij programmeren de lasrobot offline vanuit uw 3D-modellen; een reeks van vijf "
        "stuks wordt rendabel."
    )
    page.locator("textarea[name=approach]").fill(
        "Week 1: programmatie vanuit de modellen. Week 2: proefproductie in uw atelier."
    )
    page.locator("input[name=price_eur]").fill("14500")
    for answer in page.locator("textarea[name^=answer_]").all():
        answer.fill("Zie onze aanpak: een proefreeks in uw eigen atelier.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/proposals/\d+/$"))
    proposal = Proposal.objects.get(challenge=world.challenge)
    assert page.url == site.at(f"/proposals/{proposal.pk}/", "en")

    # The attachment, then submit.
    page.locator("input[type=file][name=file]").set_input_files(str(attachment(tmp_path)))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state()
    files = page.locator("main").get_by_role("link", name="lascel-offerte.pdf")
    assert files.count() == 1
    assert proposal.attachments.count() == 1
    page.locator("main").get_by_role("button", name="Submit", exact=True).click()
    page.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    capture(page, "j2-proposal-submitted")
